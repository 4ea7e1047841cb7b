"""The in-page checker in a real browser: Pyodide in a module worker, the bridge, the UI.

Headless Chromium has no Widevine, so the unmodified run must report Widevine as
``fail`` and point to the drm-component section of the M7702-1003 page. Other browsers
are imitated with init scripts that replace window APIs before the page's scripts run.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.e2e.support import CODE_PAGE, Traffic

RUN = "[data-kb-checker-run]"
STATUS = "[data-kb-checker-status]"
DRM_LINK = "/netflix/m7702-1003/#drm-component"


def run_checker(page: Page, timeout_ms: float = 40_000) -> str:
    """Press the button, wait for the run to end, return the status line.

    Waits use locators: the site's CSP forbids eval, which ``wait_for_function`` needs.
    """
    page.click(RUN)
    ended = f'{STATUS}[data-state="done"], {STATUS}[data-state="error"]'
    page.locator(ended).wait_for(timeout=timeout_ms)
    return page.locator(STATUS).inner_text()


def finding(page: Page, check: str) -> Any:
    """Return the rendered finding of ``check``."""
    return page.locator(f'[data-kb-checker-report] li[data-check="{check}"]')


def report_finding(report: dict[str, Any], check: str) -> dict[str, Any]:
    """Return the finding of ``check`` from a report object."""
    return next(f for f in report["findings"] if f["check"] == check)


def test_checker_runs_on_demand_and_marks_the_section(
    page: Page, context: BrowserContext, traffic: Traffic, base_url: str
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(CODE_PAGE, wait_until="networkidle")
    expect(page.locator(RUN)).to_be_visible()
    # Reading the page must cost nothing: Pyodide loads only when the reader asks.
    assert traffic.count(".wasm") == 0
    assert not [url for url in traffic.requests if "/assets/pyodide/" in url]

    status = run_checker(page)
    assert status.startswith("Done"), status

    widevine = finding(page, "widevine")
    expect(widevine).to_have_attribute("data-status", "fail")
    expect(widevine.locator(f'a[href="{DRM_LINK}"]')).to_have_count(1)
    heading = page.locator("#drm-component")
    expect(heading).to_have_class("kb-flagged")
    expect(heading.locator('.kb-badge[data-status="fail"]')).to_be_visible()

    # The API gives the same report the page shows (facts such as the speed may differ).
    report = page.evaluate("window.kbChecker.run()")
    assert report["version"] == 1
    rendered = {
        item.get_attribute("data-check"): item.get_attribute("data-status")
        for item in page.locator("[data-kb-checker-report] li[data-check]").all()
    }
    assert rendered == {f["check"]: f["status"] for f in report["findings"]}
    links = report_finding(report, "widevine")["links"]
    assert {"code": "M7702-1003", "cause": "drm-component", "url": DRM_LINK} in [
        {key: link[key] for key in ("code", "cause", "url")} for link in links
    ]
    assert report["facts"]["browser"]["webdriver"] is True
    assert report["facts"]["eme"]["key_systems"]["org.w3.clearkey"]["supported"] is True
    assert report["facts"]["network"]["measured_mbps"] > 0
    assert traffic.count(".wasm") == 1
    # The wheel came once, through the site's lockfile (Pyodide's loader, by name).
    assert traffic.count(".whl") == 1
    assert len([url for url in traffic.requests if "/kb-lock-" in url]) == 1

    page.click("text=Copy report")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Widevine is not available" in copied and len(copied) <= 1500
    page.click("text=Copy full report (JSON)")
    full = page.evaluate("navigator.clipboard.readText()")
    assert '"check": "widevine"' in full


def test_instant_navigation_reuses_the_worker(page: Page, traffic: Traffic) -> None:
    page.goto(CODE_PAGE)
    assert run_checker(page).startswith("Done")
    page.evaluate("window.__sameDocument = true")

    # Two clicks through Material's instant navigation: the code index, then a code page.
    page.locator('.md-tabs a[href$="codes/"], .md-nav a[href$="codes/"]').first.click()
    page.wait_for_url("**/codes/")
    expect(page.locator("[data-kb-checker]")).to_have_count(0)  # the index has replaced it
    links = page.locator("article a[href]").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), new URL(a.href).pathname])"
    )
    target = next(raw for raw, path in links
                  if re.fullmatch(r"/netflix/(?!m7702-1003/)[^/]+/", path))
    page.locator(f'article a[href="{target}"]').first.click()
    page.wait_for_url(lambda url: not url.endswith("/codes/"))
    expect(page.locator(RUN)).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True, "that was a full page load"
    assert traffic.count(".wasm") == 1, "nothing of Pyodide may load before the second click"

    assert run_checker(page).startswith("Done")
    assert page.locator("[data-kb-checker-report] li[data-check]").count() > 0
    stats = page.evaluate("window.kbChecker.stats")
    assert (stats["workers"], stats["runs"]) == (1, 2)
    assert stats["last"]["bootMs"] < 100, "the second run must not load Pyodide again"
    assert traffic.count(".wasm") == 1


def test_missing_wheel_is_reported_in_the_page(page: Page, context: BrowserContext) -> None:
    context.route("**/kb_checker-*.whl", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(CODE_PAGE)
    status = run_checker(page)
    assert status.startswith("The check could not run"), status
    assert "could not be installed" in status
    expect(page.locator(STATUS)).to_have_attribute("data-state", "error")


def test_wheel_that_fails_its_sha256_is_refused(page: Page, context: BrowserContext) -> None:
    # A wheel that would install and work, but is not the one the lockfile's sha256 names:
    # Pyodide's loader must refuse it (it only passes if the integrity check is on).
    def tampered(route: Route) -> None:
        if route.request.method != "GET":  # the worker's early look at the headers
            route.continue_()
            return
        response = route.fetch()
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(response.body())) as real, \
                zipfile.ZipFile(buffer, "w") as other:
            for entry in real.infolist():
                other.writestr(entry, real.read(entry))
            other.writestr("checker/extra.py", "# not in the build\n")
        route.fulfill(response=response, body=buffer.getvalue())

    context.route("**/kb_checker-*.whl", tampered)
    page.goto(CODE_PAGE)
    status = run_checker(page)
    assert status.startswith("The check could not run"), status
    assert "could not be installed" in status
    assert page.evaluate("window.kbChecker.stats.workers") == 1


def test_intent_fetches_only_the_small_files(page: Page, traffic: Traffic) -> None:
    page.goto(CODE_PAGE, wait_until="networkidle")
    before = len(traffic.requests)
    page.hover(RUN)
    page.focus(RUN)
    small = {"build.json", "manifest.json", "bridge.mjs"}
    for _ in range(100):  # the three requests start one after another: wait for all
        fetched = [url.split("?")[0].rsplit("/", 1)[-1] for url in traffic.requests[before:]]
        if small <= set(fetched):
            break
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    assert small <= set(fetched), fetched
    assert not [url for url in traffic.requests if "/assets/pyodide/" in url]
    assert "worker.mjs" not in fetched
    assert page.evaluate("window.kbChecker.stats.workers") == 0
    assert run_checker(page).startswith("Done")
    assert traffic.count(".wasm") == 1
    assert traffic.count("build.json") == 1, "the click reuses what the hover fetched"


def test_policy_that_forbids_webassembly_is_reported(page: Page, context: BrowserContext) -> None:
    # Without 'wasm-unsafe-eval' Emscripten only logs and Pyodide never settles: the worker
    # must notice by itself instead of spinning forever.
    def strict(route: Route) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": "script-src 'self'"}
        route.fulfill(response=response, headers=headers)

    context.route("**/assets/kb/worker.mjs", strict)
    page.goto(CODE_PAGE)
    status = run_checker(page, timeout_ms=15_000)
    assert "security policy blocks WebAssembly" in status, status


def test_browser_without_webassembly_gets_an_explanation(page: Page, traffic: Traffic) -> None:
    page.add_init_script("delete globalThis.WebAssembly;")
    page.goto(CODE_PAGE, wait_until="networkidle")
    expect(page.locator(RUN)).to_be_hidden()
    expect(page.locator(STATUS)).to_contain_text("no WebAssembly")
    assert traffic.count(".wasm") == 0


WIDEVINE_GRANTED = """
(() => {
  const real = Navigator.prototype.requestMediaKeySystemAccess;
  Navigator.prototype.requestMediaKeySystemAccess = function (keySystem, configs) {
    if (keySystem !== "com.widevine.alpha") return real.call(this, keySystem, configs);
    const asked = configs[0];
    // A desktop Chrome: software levels only, HDCP 1.4 but not 2.2.
    const granted = {...asked, videoCapabilities: asked.videoCapabilities.filter(
      (c) => (c.robustness || "").startsWith("SW_"))};
    const keys = {getStatusForPolicy: async ({minHdcpVersion}) =>
      parseFloat(minHdcpVersion) <= 1.4 ? "usable" : "output-restricted"};
    return Promise.resolve({keySystem, getConfiguration: () => granted,
                            createMediaKeys: async () => keys});
  };
})();
"""
EME_ABSENT = "delete Navigator.prototype.requestMediaKeySystemAccess;"
OFFLINE = 'Object.defineProperty(Navigator.prototype, "onLine", {get: () => false});'
COOKIES_BLOCKED = """
Object.defineProperty(Document.prototype, "cookie", {get: () => "", set: () => {}});
Object.defineProperty(Navigator.prototype, "cookieEnabled", {get: () => false});
"""
NEVER_SETTLES = (
    "Navigator.prototype.requestMediaKeySystemAccess = () => new Promise(() => {});"
)


@pytest.mark.parametrize(
    ("scripts", "expected"),
    [
        pytest.param([WIDEVINE_GRANTED], {"widevine": "ok", "drm-robustness": "warn",
                                          "hdcp": "warn"}, id="widevine-granted"),
        # Independent of one another, so one page (one Pyodide start) checks both.
        pytest.param([EME_ABSENT, COOKIES_BLOCKED],
                     {"eme": "fail", "widevine": "fail", "cookies": "fail"},
                     id="eme-absent+cookies-blocked"),
    ],
)
def test_stubbed_browsers(page: Page, scripts: list[str], expected: dict[str, str]) -> None:
    for script in scripts:
        page.add_init_script(script)
    page.goto(CODE_PAGE)
    assert run_checker(page).startswith("Done")
    for check, status in expected.items():
        expect(finding(page, check)).to_have_attribute("data-status", status)


def test_offline_after_python_started_is_a_finding(page: Page) -> None:
    # Offline before the first check, nothing can load (test_offline_first_check_...);
    # once Python is here, the check runs and says the browser is offline.
    page.goto(CODE_PAGE)
    assert run_checker(page).startswith("Done")
    page.evaluate(OFFLINE)
    assert run_checker(page).startswith("Done")
    expect(finding(page, "online")).to_have_attribute("data-status", "fail")


def test_drm_request_that_never_settles_times_out(page: Page) -> None:
    page.add_init_script(NEVER_SETTLES)
    page.goto(CODE_PAGE)
    assert run_checker(page, timeout_ms=30_000).startswith("Done")
    # Every key system waits at most 5 s, all at once: the probe ends soon after.
    check_ms = page.evaluate("window.kbChecker.stats.last.checkMs")
    assert 4_900 < check_ms < 8_000
    expect(finding(page, "widevine")).to_have_attribute("data-status", "unknown")
    report = page.evaluate("window.kbChecker.lastReport")  # run() would wait 5 s again
    assert "eme:com.widevine.alpha" in report["facts"]["timed_out"]
    assert report["facts"]["eme"]["key_systems"]["com.widevine.alpha"]["timed_out"] is True


HIDING_BLOCKER = """
document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style"); // a cosmetic filter, as uBlock injects
  style.textContent = ".adsbox { display: none !important; }";
  document.head.append(style);
});
"""
REMOVING_BLOCKER = """
new MutationObserver((mutations) => {
  for (const node of mutations.flatMap((m) => [...m.addedNodes])) {
    if (node.classList?.contains("adsbox")) setTimeout(() => node.remove(), 50);
  }
}).observe(document, { childList: true, subtree: true });
"""


def test_bait_is_placed_at_the_click_and_removed_after(page: Page) -> None:
    page.goto(CODE_PAGE, wait_until="networkidle")
    expect(page.locator(".kb-checker-bait")).to_have_count(0)
    page.click(RUN)
    # In the page while Pyodide starts, so that its wait has passed when the probe asks.
    page.locator(".kb-checker-bait").wait_for(state="attached", timeout=5_000)
    expect(page.locator(STATUS)).to_have_attribute("data-state", "busy")
    page.locator(f'{STATUS}[data-state="done"]').wait_for(timeout=40_000)
    expect(page.locator(".kb-checker-bait")).to_have_count(0)
    expect(finding(page, "ad-blocker")).to_have_attribute("data-status", "ok")


@pytest.mark.parametrize("blocker", [HIDING_BLOCKER, REMOVING_BLOCKER], ids=["hides", "removes"])
def test_ad_blocker_is_seen(page: Page, blocker: str) -> None:
    # A blocker that removes the early bait leaves nothing to judge: a fresh bait is placed
    # and given the whole wait, and its removal is what shows the blocker.
    page.add_init_script(blocker)
    page.goto(CODE_PAGE)
    assert run_checker(page).startswith("Done")
    expect(finding(page, "ad-blocker")).to_have_attribute("data-status", "warn")
    report = page.evaluate("window.kbChecker.lastReport")
    assert report["facts"]["blockers"]["bait_blocked"] is True
    expect(page.locator(".kb-checker-bait")).to_have_count(0)


def test_early_bait_that_went_missing_is_not_taken_for_a_blocker(page: Page) -> None:
    # Something other than a blocker (say, a page swap) removes the bait planted at the
    # click, once: the probe then gets a fresh bait, and no blocker is reported.
    page.add_init_script("""
      const watch = new MutationObserver((mutations) => {
        const bait = mutations.flatMap((m) => [...m.addedNodes])
          .find((node) => node.classList?.contains("kb-checker-bait"));
        if (bait) { watch.disconnect(); setTimeout(() => bait.remove(), 50); }
      });
      watch.observe(document, { childList: true, subtree: true });
    """)
    page.goto(CODE_PAGE)
    assert run_checker(page).startswith("Done")
    expect(finding(page, "ad-blocker")).to_have_attribute("data-status", "ok")


def test_full_report_on_the_checker_page(page: Page, traffic: Traffic) -> None:
    """/checker/ has no code of its own: a problem links to every code page it explains."""
    page.goto("/checker/", wait_until="networkidle")
    status = run_checker(page)
    assert status.startswith("Done"), status
    links = finding(page, "widevine").locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    # Codes of every service share the cause; the finding links a few code pages and the
    # cause page that lists them all.
    assert sum(1 for h in hrefs if h and h.endswith("/#drm-component")) >= 2, hrefs
    assert "/causes/drm-component/" in hrefs, hrefs
    report = page.evaluate("window.kbChecker.lastReport")
    assert {f["check"] for f in report["findings"]} >= {"widevine", "eme", "cookies", "online"}
    assert not traffic.outside


def test_verdict_names_widevine_and_links_its_section(page: Page) -> None:
    page.goto(CODE_PAGE)
    assert run_checker(page).startswith("Done")
    verdict = page.locator("[data-kb-checker-report] .kb-verdict")
    expect(verdict).to_have_attribute("data-status", "fail")
    expect(verdict).to_contain_text("Widevine")
    expect(verdict.locator('a.kb-verdict__action[href="#drm-component"]')).to_have_count(1)
    report = page.evaluate("window.kbChecker.lastReport")
    assert report["verdict"]["code"] == "M7702-1003"
    assert report["verdict"]["causes"][0] == "drm-component"


def test_a_laptop_without_widevine_explains_nothing_on_nses_404(
    browser: Browser, base_url: str
) -> None:
    # Issue 12's scenario: an ordinary 1366x768 laptop, no Widevine, on a "page not found"
    # code. Nothing of it bears on the code's causes: no section is marked.
    context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 768},
                                  screen={"width": 1366, "height": 768}, device_scale_factor=1)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        page = context.new_page()
        page.goto("/netflix/nses-404/")
        assert run_checker(page).startswith("Done")
        expect(finding(page, "display")).to_have_attribute("data-status", "warn")
        expect(finding(page, "widevine")).to_have_attribute("data-status", "fail")
        expect(page.locator(".kb-flagged")).to_have_count(0)
        expect(page.locator(".kb-badge")).to_have_count(0)
        verdict = page.locator("[data-kb-checker-report] .kb-verdict")
        expect(verdict).to_have_attribute("data-status", "ok")
        expect(verdict).to_contain_text("Nothing in this browser explains NSES-404")
        page.click("text=Copy report")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert len(copied) <= 1500, len(copied)
        assert "Nothing in this browser explains NSES-404" in copied
        assert copied.rstrip().endswith("/netflix/nses-404/")
        page.click("text=Copy full report (JSON)")
        full = json.loads(page.evaluate("navigator.clipboard.readText()"))
        assert full["verdict"]["status"] == "ok" and full["version"] == 1
    finally:
        context.close()


@pytest.mark.parametrize("path", [CODE_PAGE, "/es" + CODE_PAGE], ids=["en", "es"])
def test_the_size_a_first_check_states_is_what_it_fetches(page: Page, traffic: Traffic,
                                                          site_root: Path, path: str) -> None:
    """The bytes the offline message rounds to MB are those of every file a first check
    then fetches: the worker's imports, the page language's manifest and words included."""
    page.goto(path, wait_until="networkidle")
    stated = page.evaluate("window.kbChecker.firstCheckBytes()")
    before = len(traffic.requests)
    run_checker(page)
    expect(page.locator(STATUS)).to_have_attribute("data-state", "done")
    # Chromium asks for the page's icon again meanwhile: the browser's request, not the check's.
    fetched = [urlsplit(url).path for url in traffic.requests[before:]
               if not url.endswith("/favicon.png")]
    assert len(fetched) == len(set(fetched)), fetched  # each file once
    assert "/assets/kb/i18n.mjs" in fetched  # the worker's own import of the page's module
    sizes = {name: (site_root / name.lstrip("/")).stat().st_size for name in fetched}
    assert stated == sum(sizes.values()), sizes


def test_offline_first_check_says_what_it_needs(page: Page, context: BrowserContext,
                                                traffic: Traffic) -> None:
    page.goto(CODE_PAGE, wait_until="networkidle")
    context.set_offline(True)
    status = run_checker(page, timeout_ms=10_000)
    match = re.fullmatch(r"You are offline: the first check needs to download about (\d+) MB\.",
                         status)
    assert match, status
    # The size the page states is what the build measured of the files a first check gets.
    assert 12 <= int(match.group(1)) <= 20
    expect(page.locator(RUN)).to_have_text("Check this browser")  # no check ran
    assert page.evaluate("window.kbChecker.stats.workers") == 0
    assert traffic.count(".wasm") == 0
