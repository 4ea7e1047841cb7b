"""axe-core over every page type, in the light and the dark scheme, and keyboard-only use.

axe-core comes from node_modules (npm devDependency, no download) and is added to each
page as a same-origin script served by the test server (see conftest.AXE_PATH).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.reader.conftest import AXE_FILE, AXE_PATH

PAGES = {
    "home": "/",
    "codes index": "/codes/",
    "service index": "/netflix/",
    "code page with tabs": "/netflix/m7702-1003/",
    "code page, one likely cause": "/netflix/nses-404/",
    "Spanish code page with its English notice": "/es/disney-plus/83/",
    "cause page": "/causes/drm-component/",
    "causes index": "/causes/",
    "checker page": "/checker/",
    "about": "/about/",
    "404": "/no/such/page/",
}

BLOCKING = ("serious", "critical")

_RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""

_NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page; return its serious and critical violations."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_PATH)
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE)
    return [v for v in violations if v["impact"] in BLOCKING]


def toggle_scheme(page: Page) -> str:
    """Switch Material's palette (light <-> dark) with its header toggle; return the scheme."""
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("[data-md-component=palette] label:visible").click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", before or "")
    return page.locator("body").get_attribute("data-md-color-scheme") or ""


def check_both_schemes(page: Page, name: str, found: dict[str, list[dict[str, Any]]]) -> None:
    """Record the page's blocking violations in its scheme, then in the other scheme."""
    page.add_style_tag(content=_NO_TRANSITIONS)  # colours settle at once for color-contrast
    for _ in range(2):
        scheme = page.locator("body").get_attribute("data-md-color-scheme")
        if violations := axe_violations(page):
            found[f"{name} ({scheme})"] = violations
        toggle_scheme(page)


def check_report(page: Page, name: str) -> None:
    """Assert axe finds nothing serious in the checker's report, in both colour schemes,
    its first folded part ("What works") open: axe skips closed details."""
    details = page.locator("[data-kb-checker-report] details")
    if details.count():
        details.first.locator("summary").click()
    found: dict[str, list[dict[str, Any]]] = {}
    check_both_schemes(page, name, found)
    assert not found, describe(found)


def describe(found: dict[str, list[dict[str, Any]]]) -> str:
    """One line per violation: where, rule, impact, what to do, the first elements."""
    return "\n".join(
        f"{where}: {v['id']} ({v['impact']}): {v['help']}: {', '.join(v['nodes'])}"
        for where, violations in found.items() for v in violations
    )


def test_axe_core_is_installed() -> None:
    assert AXE_FILE.is_file(), "run `npm ci` (axe-core is a devDependency in package.json)"


def test_no_serious_violation_on_any_page_type(page: Page) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    for name, path in PAGES.items():
        page.goto(path)
        check_both_schemes(page, name, found)
    assert not found, describe(found)


@pytest.mark.parametrize("path", ["/netflix/m7702-1003/", "/netflix/nses-404/"])
def test_no_serious_violation_with_every_block_open(page: Page, path: str) -> None:
    """The same code pages with their collapsed blocks open (axe skips closed ones): the
    less likely causes, each cause's fixes with their tabs, questions, prevention."""
    page.goto(path)
    summaries = page.locator("article details:not([open]) > summary")
    assert summaries.count() > 3
    while summaries.count():
        summaries.first.click()
    found: dict[str, list[dict[str, Any]]] = {}
    check_both_schemes(page, f"{path} with every block open", found)
    assert not found, describe(found)


@pytest.mark.parametrize("typed", ["m770", "widevine"])  # near codes; pages found by words
def test_no_serious_violation_in_lookup_results(page: Page, typed: str) -> None:
    page.goto("/")
    field = page.get_by_role("textbox", name="Error code")
    field.fill(typed)
    field.press("Enter")
    expect(page.locator("[data-kb-lookup-result] a").first).to_be_visible()
    found: dict[str, list[dict[str, Any]]] = {}
    check_both_schemes(page, f"home with results for {typed!r}", found)
    assert not found, describe(found)


def test_no_serious_violation_after_the_checker_ran(page: Page) -> None:
    page.goto("/netflix/m7702-1003/")
    page.get_by_role("button", name="Check this browser").click()
    page.locator("[data-kb-checker-report] [data-check]").first.wait_for(timeout=120_000)
    check_report(page, "code page with a checker report")


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_keyboard_reaches_and_starts_the_checker(page: Page, key: str) -> None:
    page.goto("/netflix/m7702-1003/")
    button = page.locator("[data-kb-checker-run]")
    expect(button).to_be_visible()
    status = page.locator("[data-kb-checker-status]")
    expect(status).to_have_text("")
    presses = 0
    while not button.evaluate("button => button === document.activeElement"):
        assert presses < 100, "100 presses of Tab never reached 'Check this browser'"
        page.keyboard.press("Tab")
        presses += 1
    assert button.evaluate("button => button.matches(':focus-visible')"), "focus not shown"
    assert presses < 60, f"the button is {presses} stops down the page"
    page.keyboard.press(key)
    expect(status).not_to_have_text("")  # the polite live region says what happens
    expect(page.locator("[data-kb-checker]")).to_have_attribute("aria-busy", "true")
