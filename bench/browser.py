"""Headless Debian Chromium for the measurements, and what each page records for them.

``PROBE`` is an init script (it runs before the page's own scripts, in every fresh
context) that records, in ``window.__bench``: every main-thread long task (a
``PerformanceObserver`` for 'longtask', buffered), the time of each press of the
checker's button (a capturing click listener), and the time each rendered report
arrived (``[data-check]`` elements added inside ``[data-kb-checker-report]``). Times are
``performance.now()`` in the page, so Playwright's own latency is not in them. It also
logs, with their times, the progress messages the page receives from the checker's
worker (a listener on every ``Worker`` the page creates): they split a run into phases.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, Playwright

# One Chromium setup for tests and measurements (Debian's binary, quiet network flags).
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

PROBE = """
(() => {
  const bench = (window.__bench = { longtasks: [], clicks: [], reports: [], status: [] });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.longtasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch (error) {
    bench.longtaskError = String(error);
  }
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("[data-kb-checker-run]")) {
      bench.clicks.push(performance.now());
    }
  }, true);
  // Progress messages from the checker's worker, as the page receives them.
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ({ data }) => {
        if (data?.type === "progress") {
          bench.status.push({ t: performance.now(), text: String(data.text) });
        }
      });
    }
  };
  const isReport = (node) => node.nodeType === 1 &&
    (node.matches("[data-check]") || node.querySelector("[data-check]") !== null) &&
    node.closest("[data-kb-checker-report]") !== null;
  new MutationObserver((mutations) => {
    if (mutations.some((m) => [...m.addedNodes].some(isReport))) {
      bench.reports.push(performance.now());
    }
  }).observe(document, { subtree: true, childList: true });
})();
"""


def launch(playwright: Playwright) -> Browser:
    """Start headless Chromium from Debian's package (never a Playwright download)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def recorded(page: Page) -> dict[str, Any]:
    """Return what ``PROBE`` recorded in ``page`` so far."""
    data: dict[str, Any] = page.evaluate("window.__bench")
    return data
