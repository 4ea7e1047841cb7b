"""The reader's platform pre-selected in the per-device tabs (overrides/assets/kb/site.mjs)."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.reader.conftest import ANDROID_CHROME, FIREFOX_WINDOWS, OpenReader, follow_instantly

CODE = "/netflix/m7702-1003/"
TABS_KEY = "/.__tabs"
"""Where Material's linked tabs keep the reader's choices (scope '/', key '__tabs')."""

_SELECTED = """() => [...document.querySelectorAll(".tabbed-set")].map((set) => {
  const input = [...set.querySelectorAll(":scope > input")].find((i) => i.checked);
  const label = set.querySelector(`label[for="${input.id}"]`);
  const labels = [...set.querySelectorAll(".tabbed-labels > label")];
  return {
    selected: label.textContent.trim(),
    labels: labels.map((l) => l.textContent.trim()),
    underline: set.style.getPropertyValue("--md-indicator-x"),
    labelX: `${label.offsetLeft}px`,
  };
})"""


def tab_sets(page: Page) -> list[dict[str, object]]:
    """Each tab set of the page: its labels, the selected one and where the underline is."""
    result: list[dict[str, object]] = page.evaluate(_SELECTED)
    return result


def wait_for_tabs(page: Page) -> None:
    """Wait until Material has mounted the tabs (it sets the underline's width and position,
    not always in the same frame). There must be tabs: after an instant navigation the URL
    changes before the new content is in, and an empty list would pass at once."""
    page.wait_for_function(
        "() => (sets => sets.length > 0 && sets.every((s) =>"
        " s.style.getPropertyValue('--md-indicator-width')"
        " && s.style.getPropertyValue('--md-indicator-x')))"
        "([...document.querySelectorAll('.tabbed-set')])")


def stored_choice(page: Page) -> object:
    return json.loads(page.evaluate(f"localStorage.getItem({TABS_KEY!r}) ?? 'null'"))


def test_firefox_on_windows_sees_firefox_then_windows(open_reader: OpenReader) -> None:
    page = open_reader(user_agent=FIREFOX_WINDOWS).new_page()
    page.goto(CODE)
    wait_for_tabs(page)
    sets = tab_sets(page)
    first = sets[0]
    assert first["labels"] == ["Chrome", "Edge", "Firefox", "Safari", "Opera"]
    assert first["selected"] == "Firefox"
    for tabs in sets:
        labels = tabs["labels"]
        assert isinstance(labels, list)
        expected = next((name for name in ("Firefox", "Windows") if name in labels), labels[0])
        assert tabs["selected"] == expected, tabs
        assert tabs["underline"] == tabs["labelX"], f"underline not under {tabs['selected']}"
    expect(page.locator(".tabbed-set").first.locator(".tabbed-block").nth(2)).to_be_visible()
    expect(page.locator(".tabbed-set").first.locator(".tabbed-block").first).to_be_hidden()
    assert stored_choice(page) is None, "a pre-selection is not the reader's choice"


def test_a_stored_choice_wins(open_reader: OpenReader) -> None:
    reader = open_reader(user_agent=FIREFOX_WINDOWS)
    reader.context.add_init_script(f"localStorage.setItem({TABS_KEY!r}, '[\"Chrome\"]')")
    page = reader.new_page()
    page.goto(CODE)
    wait_for_tabs(page)
    for tabs in tab_sets(page):
        labels = tabs["labels"]
        assert isinstance(labels, list)
        # Where the reader's choice is a tab, it is selected; elsewhere their platform.
        expected = next(name for name in ("Chrome", "Firefox", "Windows", *labels)
                        if name in labels)
        assert tabs["selected"] == expected, tabs
    assert stored_choice(page) == ["Chrome"]


def test_choosing_a_tab_is_remembered_across_pages(open_reader: OpenReader) -> None:
    page = open_reader(user_agent=FIREFOX_WINDOWS).new_page()
    page.goto(CODE)
    wait_for_tabs(page)
    page.locator(".tabbed-set").first.locator("label", has_text="Safari").click()
    page.wait_for_function(f"localStorage.getItem({TABS_KEY!r}) !== null")
    assert stored_choice(page) == ["Safari"]
    page.goto("/netflix/nses-404/")
    wait_for_tabs(page)
    for tabs in tab_sets(page):
        labels = tabs["labels"]
        assert isinstance(labels, list)
        if "Safari" in labels:
            assert tabs["selected"] == "Safari", tabs


def test_a_phone_sees_its_device_first(open_reader: OpenReader) -> None:
    page = open_reader(user_agent=ANDROID_CHROME, is_mobile=True, has_touch=True,
                       viewport={"width": 412, "height": 915}).new_page()
    page.goto(CODE)
    wait_for_tabs(page)
    sets = tab_sets(page)
    with_android = [s for s in sets if "Android" in s["labels"]]  # type: ignore[operator]
    assert with_android and all(s["selected"] == "Android" for s in with_android)
    assert sets[0]["selected"] == "Chrome"  # a set without Android: the browser


def test_pre_selection_after_instant_navigation(open_reader: OpenReader) -> None:
    page = open_reader(user_agent=FIREFOX_WINDOWS).new_page()
    page.goto("/codes/")
    follow_instantly(page, page.get_by_role("link", name="NSES-404", exact=True),
                     "/netflix/nses-404/")
    wait_for_tabs(page)
    for tabs in tab_sets(page):
        labels = tabs["labels"]
        assert isinstance(labels, list)
        expected = next((name for name in ("Firefox", "Windows") if name in labels), labels[0])
        assert tabs["selected"] == expected, tabs
        assert tabs["underline"] == tabs["labelX"]


WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko)")
ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
CHROME = "Chrome/131.0.0.0 Safari/537.36"

PLATFORMS: list[tuple[dict[str, object], list[str]]] = [
    ({"userAgent": f"{WIN} {CHROME}"}, ["Chrome", "Windows"]),
    ({"userAgent": f"{WIN} {CHROME} Edg/131.0.2903.70"}, ["Edge", "Windows"]),
    ({"userAgent": f"{WIN} {CHROME}",  # the reduced UA; the brands tell Edge apart
      "userAgentData": {"brands": [{"brand": "Microsoft Edge"}], "platform": "Windows"}},
     ["Edge", "Windows"]),
    ({"userAgent": f"{MAC} {CHROME} OPR/115.0.0.0"}, ["Opera", "Mac"]),
    ({"userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"},
     ["Firefox", "Linux"]),
    ({"userAgent": f"{MAC} Version/18.1 Safari/605.1.15"}, ["Safari", "Mac"]),
    ({"userAgent": f"{MAC} Version/18.1 Safari/605.1.15", "maxTouchPoints": 5},
     ["iPhone and iPad", "Safari"]),  # iPadOS asks for desktop pages
    ({"userAgent": f"{IPHONE} Version/18.1 Mobile/15E148 Safari/604.1"},
     ["iPhone and iPad", "Safari"]),
    ({"userAgent": f"{IPHONE} CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1"},
     ["iPhone and iPad", "Chrome"]),
    ({"userAgent": f"{ANDROID} {CHROME}"}, ["Android", "Chrome"]),
    ({"userAgent": "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"},
     ["Android", "Firefox"]),
    ({"userAgent": f"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 {CHROME}"},
     ["Chrome", "ChromeOS"]),
    ({"userAgent": "curl/8.5.0"}, []),
]  # fmt: skip


def test_platform_labels_for_common_browsers(page: Page) -> None:
    page.goto("/about/")
    found = page.evaluate(
        """async (cases) => {
          // The module the page loaded (import() of the same URL does not run it again).
          const script = document.querySelector("script[src$='assets/kb/site.mjs']");
          const site = await import(script.src);
          return cases.map(([nav]) => site.platformLabels(nav));
        }""",
        PLATFORMS,
    )
    assert found == [labels for _, labels in PLATFORMS]


def test_a_choice_reaches_tabs_in_collapsed_blocks(open_reader: OpenReader) -> None:
    """Material switches linked tabs by their innerText, which is empty while a block is
    collapsed: site.mjs shows the reader's choice in a block's tabs when it opens."""
    page = open_reader(user_agent=FIREFOX_WINDOWS).new_page()
    page.goto(CODE)
    wait_for_tabs(page)
    path = page.locator("#what-to-do ~ .tabbed-set").first
    path.locator("label", has_text="Safari").click()
    page.wait_for_function(f"localStorage.getItem({TABS_KEY!r}) !== null")
    block = page.locator("details.kb-fixes").first
    block.locator("summary").click()
    tabs = block.locator(".tabbed-set").first
    selected = tabs.evaluate(
        "set => set.querySelector(`label[for='${[...set.querySelectorAll(':scope > input')]"
        ".find((i) => i.checked).id}']`).textContent.trim()")
    assert selected == "Safari"
    expect(tabs.locator(".tabbed-block").nth(3)).to_be_visible()
