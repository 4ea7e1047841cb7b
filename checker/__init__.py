"""The in-page browser checker: what this browser can do for streaming, in plain words.

Layout (only ``probe`` touches the browser; everything else is pure Python that imports
and is tested on plain CPython):

- ``checker.main``: ``run_check``, what the Web Worker calls: probe -> rules -> report.
- ``checker.facts``: frozen dataclasses of what the probe read (the probe/rules contract),
  with the key-system ids and the probe's timeout.
- ``checker.probe``: gathers the typed ``Facts`` through the host door
  (``checker.host``), following the plans in ``checker.plans`` (``checker.httpdate``
  reads the server's clock).
- ``checker.browser``: browser family, version and OS from the brands and user agent.
- ``checker.rules``: ``evaluate(facts)``, one finding per check id in ``CHECKS``.
- ``checker.report``: ``build_report`` makes the typed ``Report`` with links from the
  site's manifest; ``Report.to_json`` is the page's contract, ``report_to_text`` the text
  for a support ticket; ``judge``/``run`` take facts as JSON data (fixtures, tests).

The probe never imports ``js``: everything runs on plain CPython, where the tests drive
it with a fake host.
"""

from checker.facts import Facts
from checker.report import Report, build_report, judge, report_to_text, run
from checker.rules import CHECKS, Finding, Status, evaluate

__version__ = "0.1.0"

__all__ = [
    "CHECKS",
    "Facts",
    "Finding",
    "Report",
    "Status",
    "build_report",
    "evaluate",
    "judge",
    "report_to_text",
    "run",
]
