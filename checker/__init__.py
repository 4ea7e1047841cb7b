"""The in-page browser checker: what this browser can do for streaming, in plain words.

Layout (only ``probe`` touches the browser; everything else is pure Python that imports
and is tested on plain CPython):

- ``checker.facts``: frozen dataclasses of what the probe read (the probe/rules contract).
- ``checker.browser``: browser family, version and OS from the brands and user agent.
- ``checker.rules``: ``evaluate(facts)``, one finding per check id in ``CHECKS``.
- ``checker.report``: ``build_report`` adds links from the site's manifest;
  ``run(facts_dict, manifest, current_code)`` is the entry point the page calls;
  ``report_to_text`` renders a report for a support ticket.
- ``checker.probe``: reads the browser through Pyodide's ``js`` module; written
  separately and deliberately not imported here, so that ``import checker`` works
  outside a browser.
"""

from checker.facts import Facts
from checker.report import build_report, report_to_text, run
from checker.rules import CHECKS, Finding, Status, evaluate

__version__ = "0.1.0"

__all__ = [
    "CHECKS",
    "Facts",
    "Finding",
    "Status",
    "build_report",
    "evaluate",
    "report_to_text",
    "run",
]
