"""What a review of the pages found (issue 12, item 7), each checked in a browser."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.reader.conftest import ANDROID_CHROME, OpenReader
from tests.reader.test_short_path import code_pages

PHONE = {"viewport": {"width": 390, "height": 844}, "user_agent": ANDROID_CHROME,
         "is_mobile": True, "has_touch": True}

_OPEN_ALL = """() => {
  for (const block of document.querySelectorAll("article details")) block.open = true;
}"""

_CUT_TABS = """() => [...document.querySelectorAll("article .tabbed-labels")]
  .filter((strip) => strip.getClientRects().length > 0)
  .flatMap((strip) => {
    const box = strip.getBoundingClientRect();
    const cut = strip.scrollWidth > strip.clientWidth + 1 ? ["(strip scrolls)"] : [];
    for (const label of strip.querySelectorAll(":scope > label")) {
      const r = label.getBoundingClientRect();
      const outside = r.left < box.left - 1 || r.right > box.right + 1;
      if (outside || label.scrollWidth > label.clientWidth + 1) {
        cut.push(label.textContent.trim());
      }
    }
    return cut;
  })"""


def test_a_code_never_breaks_across_lines_in_a_heading(open_reader: OpenReader,
                                                       site_dir: Path) -> None:
    page = open_reader(**PHONE).new_page()
    broken = {}
    for path in code_pages(site_dir):
        page.goto(path)
        code = page.locator("h1 .kb-code")
        expect(code).to_have_count(1)
        lines = code.evaluate("span => span.getClientRects().length")
        if lines != 1:
            broken[path] = lines
    assert not broken, f"a code in the heading spans several lines: {broken}"


def test_tab_strips_show_every_label_whole_on_a_phone(open_reader: OpenReader,
                                                      site_dir: Path) -> None:
    page = open_reader(**PHONE).new_page()
    paths = [*code_pages(site_dir), "/causes/software-updates/", "/causes/drm-component/"]
    cut = {}
    for path in paths:
        page.goto(path)
        page.evaluate(_OPEN_ALL)
        if labels := page.evaluate(_CUT_TABS):
            cut[path] = labels
    assert not cut, f"tab labels cut or scrolled out of sight: {cut}"


def test_the_codes_index_shows_the_pages_labels(page: Page) -> None:
    page.goto("/codes/")
    cells = [cell.strip() for cell in page.locator("article td").all_inner_texts()]
    assert "Confirmed" in cells and "Likely" in cells
    internal = {"primary", "secondary", "community", "unverified", "browser", "device",
                "network", "account", "service", "page"}
    assert not internal & set(cells), f"internal values shown: {internal & set(cells)}"


def test_search_results_show_at_most_two_tags(page: Page) -> None:
    """Material's search showed every spelling of a code as a tag (seven for M7702-1003);
    the site's own search (search.mjs) shows none, and must not show more than two."""
    page.goto("/")
    field = page.locator(".md-search__input")
    field.click()
    field.press_sequentially("M7702")
    page.locator(".md-search-result__item").first.wait_for()
    counts = page.locator(".md-search-result__item").evaluate_all(
        "items => items.map((item) => [...item.querySelectorAll('.md-tag')]"
        ".filter((tag) => tag.getClientRects().length > 0).length)")
    assert counts and max(counts) <= 2, counts
