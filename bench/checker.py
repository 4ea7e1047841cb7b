"""The in-page checker in headless Chromium: cold and warm runs, and bare Pyodide start-up.

Each round uses fresh browser contexts (an empty HTTP cache):

- bare: a tiny page served next to the site starts a module worker that imports the
  site's own ``assets/pyodide/<version>/pyodide.mjs`` and awaits ``loadPyodide`` with
  nothing else, the way ``checker/web/worker.mjs`` starts Pyodide; timed on the main
  thread from creating the worker to its "ready" message;
- cold: open the code page, press ``[data-kb-checker-run]``, time until the rendered
  report (``[data-kb-checker-report] [data-check]``) arrives; the page must not have
  fetched any ``.wasm`` (or anything of Pyodide) before the press;
- warm: press the button again on the same page (Pyodide is up), time the next report.

The longest main-thread long task between a press and its report is kept per run.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page

from bench.browser import PROBE, recorded

CODE_PAGE = "/netflix/m7702-1003/"
RUN = "[data-kb-checker-run]"
STATUS = "[data-kb-checker-status]"
BARE_DIR = "__bench"
TIMEOUT_MS = 180_000
POLL_MS = 50
PHASE_MARKS = ("Loading Python", "Installing the checker", "Checking the browser")
"""Progress messages of checker/web/worker.mjs that start the phases after the first."""
PHASES = ("prepare", "pyodide", "install", "check")

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module" src="bare.mjs"></script></head><body>bare Pyodide</body></html>
"""

BARE_PAGE = """// Time a module worker's loadPyodide, as seen from the main thread.
window.benchBare = (indexURL) => new Promise((resolve, reject) => {
  const started = performance.now();
  const worker = new Worker(new URL("worker.mjs", import.meta.url), { type: "module" });
  worker.onmessage = ({ data }) => {
    worker.terminate();
    if (data.ok) resolve({ ms: performance.now() - started, inWorkerMs: data.ms });
    else reject(new Error(data.message));
  };
  worker.onerror = (event) => reject(new Error(event.message || "worker failed"));
  worker.postMessage({ indexURL });
});
"""

BARE_WORKER = """// loadPyodide alone, in a module worker.
self.onmessage = async ({ data }) => {
  const started = performance.now();
  try {
    const { loadPyodide } = await import(`${data.indexURL}pyodide.mjs`);
    await loadPyodide({ indexURL: data.indexURL });
    postMessage({ ok: true, ms: performance.now() - started });
  } catch (error) {
    postMessage({ ok: false, message: String(error?.message ?? error) });
  }
};
"""


def write_bare_page(site_dir: Path) -> str:
    """Write the bare-Pyodide page into the served folder; return Pyodide's index path."""
    build = json.loads((site_dir / "assets" / "kb" / "build.json").read_text("utf-8"))
    folder = site_dir / BARE_DIR
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(BARE_HTML, "utf-8")
    (folder / "bare.mjs").write_text(BARE_PAGE, "utf-8")
    (folder / "worker.mjs").write_text(BARE_WORKER, "utf-8")
    return f"/assets/pyodide/{build['pyodide']['version']}/"


def bare_run(browser: Browser, base_url: str, index_path: str) -> float:
    """Return seconds for ``loadPyodide`` in a module worker, cold (fresh context)."""
    context = browser.new_context(base_url=base_url)
    try:
        page = context.new_page()
        page.goto(f"/{BARE_DIR}/", wait_until="load")
        page.wait_for_function("typeof window.benchBare === 'function'")  # no CSP here
        result: dict[str, float] = page.evaluate("(url) => window.benchBare(url)",
                                                 base_url + index_path)
        return result["ms"] / 1000
    finally:
        context.close()


def checker_run(browser: Browser, base_url: str) -> dict[str, Any]:
    """Open the code page in a fresh context; press the button twice; return the timings."""
    context = browser.new_context(base_url=base_url)
    context.add_init_script(PROBE)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(CODE_PAGE, wait_until="networkidle")
        before = [url.split("?")[0] for url in requests]
        cold = _press(page, 0)
        warm = _press(page, 1)
        loading = [t["duration"] for t in recorded(page)["longtasks"]
                   if t["start"] < recorded(page)["clicks"][0]]
        return {
            "cold_s": cold["seconds"], "warm_s": warm["seconds"], "cold_phases": cold["phases"],
            "longest_task_ms": max(cold["longest_task_ms"], warm["longest_task_ms"]),
            "cold_longest_task_ms": cold["longest_task_ms"],
            "warm_longest_task_ms": warm["longest_task_ms"],
            "long_tasks": cold["long_tasks"] + warm["long_tasks"],
            "load_longest_task_ms": max(loading, default=0.0),
            "observer_works": _observer_works(page),
            "wasm_before_button": sum(url.endswith(".wasm") for url in before),
            "pyodide_before_button": sum("/assets/pyodide/" in url for url in before),
            "wasm_after_button": sum(url.split("?")[0].endswith(".wasm") for url in requests),
            "status": page.locator(STATUS).inner_text(),
        }
    finally:
        context.close()


def _press(page: Page, index: int) -> dict[str, Any]:
    """Press the button (the ``index``-th press); wait for its report; time it.

    The site's CSP forbids evaluating strings, which ``wait_for_function`` does, so this
    polls the probe's record through ``evaluate`` (DevTools, outside the CSP) instead.
    The times come from the page's clock, so the polling interval does not enter them.
    """
    page.click(RUN, timeout=TIMEOUT_MS)
    waited = 0
    while True:
        data = recorded(page)
        state = page.get_attribute(STATUS, "data-state")
        if len(data["reports"]) > index and state != "busy":
            break
        if state == "error" or waited > TIMEOUT_MS:
            raise RuntimeError(f"the checker failed: {page.locator(STATUS).inner_text()}")
        page.wait_for_timeout(POLL_MS)
        waited += POLL_MS
    clicked, reported = data["clicks"][index], data["reports"][index]
    tasks = [t for t in data["longtasks"] if clicked <= t["start"] <= reported]
    return {
        "seconds": (reported - clicked) / 1000,
        "longest_task_ms": max((t["duration"] for t in tasks), default=0.0),
        "long_tasks": len(tasks),
        "phases": _phases(data["status"], clicked, reported),
    }


def _phases(status: list[dict[str, Any]], clicked: float,
            reported: float) -> dict[str, float] | None:
    """Split a run at the checker's progress messages; None if one is missing.

    ``prepare``: button to the worker starting Pyodide (config, bridge, worker start);
    ``pyodide``: importing pyodide.mjs and ``loadPyodide`` in the worker; ``install``:
    the checker wheel; ``check``: the probe, the rules and rendering the report.
    """
    marks = [clicked]
    for prefix in PHASE_MARKS:
        time = next((entry["t"] for entry in status
                     if clicked <= entry["t"] <= reported and entry["text"].startswith(prefix)),
                    None)
        if time is None:
            return None
        marks.append(time)
    marks.append(reported)
    return {name: round((end - start) / 1000, 3)
            for name, start, end in zip(PHASES, marks, marks[1:], strict=False)}


def _observer_works(page: Page) -> bool:
    """Check that the probe sees long tasks at all: queue a 120 ms task, look for it."""
    before = len(recorded(page)["longtasks"])
    page.evaluate("() => setTimeout(() => { const t = performance.now(); "
                  "while (performance.now() - t < 120) {} }, 0)")
    page.wait_for_timeout(400)
    return any(t["duration"] >= 100 for t in recorded(page)["longtasks"][before:])


def measure(browser: Browser, base_url: str, index_path: str, *, rounds: int,
            say: Callable[[str], None] = print) -> dict[str, Any]:
    """Alternate bare and checker runs ``rounds`` times; return medians and every run."""
    bare: list[float] = []
    runs: list[dict[str, Any]] = []
    for number in range(1, rounds + 1):
        bare.append(bare_run(browser, base_url, index_path))
        runs.append(checker_run(browser, base_url))
        last = runs[-1]["cold_phases"] or {}
        shown = ", ".join(f"{name} {value:.2f}" for name, value in last.items())
        say(f"  round {number}: bare Pyodide {bare[-1]:.2f} s, checker cold "
            f"{runs[-1]['cold_s']:.2f} s ({shown}), warm {runs[-1]['warm_s']:.3f} s, "
            f"longest task {runs[-1]['longest_task_ms']:.0f} ms")
    med = statistics.median
    phases = [r["cold_phases"] for r in runs if r["cold_phases"]]
    split = {name: round(med(p[name] for p in phases), 3) for name in PHASES} if phases else {}
    own = (round(med(r["cold_s"] / r["cold_phases"]["pyodide"] for r in runs
                     if r["cold_phases"]), 3) if phases else None)
    return {
        "cold_s": round(med(r["cold_s"] for r in runs), 3),
        "warm_s": round(med(r["warm_s"] for r in runs), 3),
        "pyodide_bare_s": round(med(bare), 3),
        "longest_task_ms": round(max(r["longest_task_ms"] for r in runs), 1),
        "cold_over_bare": round(med(r["cold_s"] for r in runs) / med(bare), 3),
        "cold_phases_s": split,
        "cold_over_own_pyodide": own,
        "wasm_before_button": max(r["wasm_before_button"] for r in runs),
        "pyodide_before_button": max(r["pyodide_before_button"] for r in runs),
        "long_tasks": sum(r["long_tasks"] for r in runs),
        "longtask_observer_verified": all(r["observer_works"] for r in runs),
        "page_load_longest_task_ms": round(max(r["load_longest_task_ms"] for r in runs), 1),
        "runs": {
            "cold_s": [round(r["cold_s"], 3) for r in runs],
            "warm_s": [round(r["warm_s"], 3) for r in runs],
            "pyodide_bare_s": [round(s, 3) for s in bare],
            "longest_task_ms": [round(r["longest_task_ms"], 1) for r in runs],
            "cold_pyodide_phase_s": [r["cold_phases"]["pyodide"] if r["cold_phases"] else None
                                     for r in runs],
        },
        "last_status": runs[-1]["status"] if runs else "",
    }
