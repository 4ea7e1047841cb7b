"""The checker end to end in every engine: Chromium, Firefox ESR and WebKitGTK.

The same tests in each, through ``tests/e2e/engines.py``: a report of the contract's shape
whose links land on real sections, no uncaught error and no Content-Security-Policy
violation in the page, a warm second run in the same worker, and every failure the
reader can meet shown as the checker's own sentence within seconds (a missing wheel, a
policy without ``'wasm-unsafe-eval'``, a missing or damaged Pyodide file). The server
injects the faults (``faults``), so no engine needs request interception.
"""

from __future__ import annotations

import re
import time
import urllib.request
from typing import Any

import pytest

from checker.rules import CHECKS
from tests.e2e.conftest import Fault
from tests.e2e.engines import Engine, EnginePage, opened
from tests.e2e.support import CODE_PAGE

RUN = "[data-kb-checker-run]"
STATUS = "[data-kb-checker-status]"
STATUSES = {"ok", "warn", "fail", "unknown"}

TIMINGS: dict[str, dict[str, float]] = {}
"""Engine -> what the runs took (seconds), printed at the end of the session."""


def wait_for(page: EnginePage, expression: str, timeout_s: float) -> Any:
    """Poll ``expression`` until it is truthy; return it (fail after ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = page.js(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout_s} s: {expression}")
        time.sleep(0.1)


def open_code_page(page: EnginePage, base_url: str) -> None:
    """Load the code page and wait until its checker button is ready."""
    page.goto(base_url + CODE_PAGE)
    wait_for(page, f"document.querySelector('{RUN}')?.hidden === false", 10)


def run(page: EnginePage, timeout_s: float = 90) -> tuple[str, str, float]:
    """Press the button; return the final state, the status line and the seconds taken."""
    started = time.monotonic()
    page.js(f"document.querySelector('{RUN}').click()")
    state, text = wait_for(
        page,
        f"(() => {{ const s = document.querySelector('{STATUS}');"
        " return ['done', 'error'].includes(s.dataset.state)"
        " && [s.dataset.state, s.textContent]; })()",
        timeout_s,
    )
    return state, text, time.monotonic() - started


def watched(page: EnginePage) -> list[str]:
    """What tests/e2e/watch.js recorded: errors, rejections, CSP violations."""
    value: list[str] = page.js("window.__kbWatch")
    return value


def all_text(report: dict[str, Any]) -> str:
    """Every title and detail of the report, joined."""
    return " ".join(f"{f['title']} {f['detail']}" for f in report["findings"])


def assert_links_land(report: dict[str, Any], base_url: str) -> None:
    """Every link of the report opens a page of the site that has the linked section."""
    pages: dict[str, str] = {}
    for found in report["findings"]:
        for link in found["links"]:
            assert set(link) >= {"code", "cause", "url"}, link
            path, _, anchor = link["url"].partition("#")
            assert path.startswith("/") and anchor, link
            if path not in pages:
                with urllib.request.urlopen(base_url + path) as response:
                    pages[path] = response.read().decode("utf-8")
            assert f'id="{anchor}"' in pages[path], f"{link['url']} has no section #{anchor}"


def test_report_in_every_engine(engine: Engine, base_url: str) -> None:
    with opened(engine) as page:
        open_code_page(page, base_url)
        state, text, cold = run(page)
        assert (state, text[:4]) == ("done", "Done"), text
        report = page.js("window.kbChecker.lastReport")
        assert report["version"] == 1
        assert [f["check"] for f in report["findings"]] == list(CHECKS)
        assert {f["status"] for f in report["findings"]} <= STATUSES
        assert_links_land(report, base_url)
        # What the reader sees matches the report.
        rendered = page.js(
            "[...document.querySelectorAll('[data-kb-checker-report] li[data-check]')]"
            ".map((li) => [li.dataset.check, li.dataset.status])"
        )
        assert dict(rendered) == {f["check"]: f["status"] for f in report["findings"]}
        # Nothing of the page left this origin (the worker's requests are its own: the
        # guarded Chromium tests cover those).
        resources = page.js("performance.getEntriesByType('resource').map((e) => e.name)")
        assert [url for url in resources if not url.startswith(base_url)] == []

        state, text, warm = run(page)
        assert state == "done", text
        stats = page.js("window.kbChecker.stats")
        assert (stats["workers"], stats["runs"]) == (1, 2)
        assert stats["last"]["bootMs"] < 100, "the second run must not start Python again"
        assert watched(page) == []
        TIMINGS[engine.name] = {"cold run": cold, "warm run": warm}

    browser = report["facts"]["browser"]["user_agent"]
    if engine.name == "webkit":
        # WebKitGTK on Linux is not Safari: no Apple advice, and no EME to fail over.
        assert not re.search(r"macOS|iOS|iPhone|iPad", all_text(report)), all_text(report)
        assert "Safari" in browser
    if engine.name == "firefox":
        drm = [f for f in report["findings"] if f["check"] in ("eme", "widevine")]
        assert all(f["status"] == "fail" for f in drm), drm
        assert all("Play DRM-controlled content" in f["detail"] for f in drm), drm


def test_missing_wheel_is_reported(engine: Engine, base_url: str,
                                   faults: dict[str, Fault]) -> None:
    faults[r"/kb_checker-[^/]*\.whl$"] = "404"
    with opened(engine) as page:
        open_code_page(page, base_url)
        state, text, _ = run(page, timeout_s=30)
        assert state == "error", text
        assert "could not be installed" in text, text
        assert "Traceback" not in text


BROKEN = {
    "blocked WebAssembly": (r"/worker\.mjs$", "strict-csp", "security policy blocks WebAssembly"),
    "missing wasm": (r"/pyodide\.asm\.wasm$", "404", "pyodide.asm.wasm"),
    "damaged wasm": (r"/pyodide\.asm\.wasm$", "corrupt", "pyodide.asm.wasm"),
    "missing stdlib": (r"/python_stdlib\.zip$", "404", "standard library"),
    "damaged stdlib": (r"/python_stdlib\.zip$", "corrupt", "standard library"),
    "missing runtime": (r"/pyodide\.asm\.mjs$", "404", "pyodide.asm.mjs"),
    "lockfile is a web page": (r"/kb-lock-[^/]*\.json$", "html", "package list"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_start_is_named_within_seconds(engine: Engine, base_url: str,
                                              faults: dict[str, Fault], case: str) -> None:
    pattern, fault, named = BROKEN[case]
    faults[pattern] = fault
    with opened(engine) as page:
        open_code_page(page, base_url)
        state, text, took = run(page, timeout_s=30)
        assert state == "error", text
        assert text.startswith("The check could not run:"), text
        assert named in text, text
        assert not re.search(r"Traceback|Unexpected token|exit\(1\)", text), text
        assert took < 10, f"{took:.1f} s"
        TIMINGS.setdefault(engine.name, {})[case] = took
