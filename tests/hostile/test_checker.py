"""A checker that cannot be stalled or made to show a traceback (issue 16, kind 5).

The checker judged what a browser reports as it came: a 5,000-digit version went to
``int``, a 60,000-character user agent through every regular expression, and a boot
failure waited for the three-minute timeout. These cases run the whole Python side
(probe, rules, report) against a browser whose every answer is hostile, without a
browser. The in-browser cases share one browser per engine and live with the other
end-to-end tests: ``tests/e2e/test_engines.py`` (each broken asset named within
seconds, in every engine) and ``tests/e2e/test_checker.py`` (a DRM request that never
settles). Rules fed pathological facts directly: ``tests/checker/test_engine_truths.py``.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from checker import main
from tests.checker.test_probe_host import HEADLESS_ENV, FakeHost, HostRejects, run

MANIFEST = json.dumps({"version": 1, "codes": {}, "causes": {}, "checks": {}})

HOSTILE_STRINGS = {
    "5,000-digit version": "Mozilla/5.0 (X11; Linux x86_64) Chrome/" + "9" * 5_000,
    "30,000 parentheses": "Mozilla/5.0 " + "(" * 30_000 + " Firefox/1" + ")" * 30_000,
    "60,000 characters": "Mozilla/5.0 " + "Safari/605.1.15 " * 4_000,
    "terminal escapes": "Mozilla/5.0 \x1b[2J\x1b]0;owned\x07 Chrome/120 \u202e",
}


def hostile_host(text: str) -> FakeHost:
    """A browser that answers every question with ``text`` where it can."""
    env: dict[str, tuple[str, Any]] = dict(HEADLESS_ENV)
    env["navigator.userAgent"] = ("string", text)
    env["navigator.userAgentData.brands"] = ("object", [{"brand": text, "version": text}] * 500)
    env["navigator.userAgentData.platform"] = ("string", text)
    env["navigator.connection.effectiveType"] = ("string", text)

    def refuse(args: dict[str, Any]) -> Any:
        raise HostRejects(text[:100_000], text)

    return FakeHost(
        read=lambda args: {p: {"type": t, "value": v} for p, (t, v) in env.items()},
        intl=lambda args: {"timeZone": text, "locale": text},
        eme__access=refuse,
        download=lambda args: {"status": 200, "bytes": 1e308, "ms": text,
                               "date": text, "receivedAt": -1e308, "aborted": False},
    )


@pytest.mark.parametrize("case", list(HOSTILE_STRINGS))
def test_a_hostile_browser_gets_a_plain_report_at_once(case: str) -> None:
    started = time.perf_counter()
    result = json.loads(run(main.run_check(hostile_host(HOSTILE_STRINGS[case]), MANIFEST,
                                           "M7702-1003", "https://example.org")))
    took = time.perf_counter() - started
    assert took < 3, f"{took:.1f} s"
    shown = json.dumps(result["report"]["findings"]) + json.dumps(result["report"]["verdict"])
    assert "Traceback" not in result["text"] and "Traceback" not in shown
    assert "did not expect" not in result["text"]
    assert len(result["report"]["findings"]) >= 10  # every check judged, none dropped
    assert len(result["text"]) <= 3_000
    assert "\x1b" not in result["text"] and "\x1b" not in shown  # copied to a clipboard
