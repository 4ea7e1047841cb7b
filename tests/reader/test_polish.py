"""What a review of the pages found (issue 12, item 7), each checked in a browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.reader.conftest import ANDROID_CHROME, OpenReader, Reader, _open
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


@dataclass
class PhoneVisit:
    """What one page showed on a phone: the heading's code and, every block open, its tabs."""

    codes_in_heading: int
    """How many code spans the heading holds (one on a code page)."""
    heading_lines: int
    """On how many lines the code in the heading is laid out."""
    cut_tabs: list[str]
    """Tab labels cut or scrolled out of sight."""
    one_tab_sets: list[str]
    """Sets of tabs with a single tab (their text's start)."""


TABBED_CAUSES = ["/causes/software-updates/", "/causes/drm-component/"]
"""Cause pages with many tabs, for the cut labels."""
SINGLE_FIX_CAUSES = ["/causes/network-connectivity/", "/causes/unsupported-browser/"]
"""Cause pages with a fix for one platform, for the one-tab sets."""


@pytest.fixture(scope="module")
def phone_visits(chromium: Browser, site_url: str,
                 site_dir: Path) -> Iterator[tuple[Reader, dict[str, PhoneVisit]]]:
    """Every code page, and the cause pages above, loaded once on a phone.

    The three layout tests below read the same pages; each used to load every code page on
    its own (some 20 s each in `make test`). The guard is the same as ``open_reader``'s:
    the tests fail on a request that left the origin, a policy violation, a page error.
    """
    reader = _open(chromium, site_url, **PHONE)
    page = reader.new_page()
    visits = {}
    for path in [*code_pages(site_dir), *TABBED_CAUSES, *SINGLE_FIX_CAUSES]:
        page.goto(path)
        code = page.locator("h1 .kb-code")
        count = code.count()
        lines = code.first.evaluate("span => span.getClientRects().length") if count else 0
        page.evaluate(_OPEN_ALL)
        visits[path] = PhoneVisit(count, lines, page.evaluate(_CUT_TABS),
                                  page.evaluate(_ONE_TAB_SETS))
    yield reader, visits
    reader.context.close()


def test_a_code_never_breaks_across_lines_in_a_heading(
        phone_visits: tuple[Reader, dict[str, PhoneVisit]], site_dir: Path) -> None:
    reader, visits = phone_visits
    codes = {path: visits[path] for path in code_pages(site_dir)}
    assert {p: v.codes_in_heading for p, v in codes.items() if v.codes_in_heading != 1} == {}
    broken = {path: visit.heading_lines for path, visit in codes.items()
              if visit.heading_lines != 1}
    assert not broken, f"a code in the heading spans several lines: {broken}"
    reader.assert_clean()


def test_tab_strips_show_every_label_whole_on_a_phone(
        phone_visits: tuple[Reader, dict[str, PhoneVisit]], site_dir: Path) -> None:
    reader, visits = phone_visits
    cut = {path: visits[path].cut_tabs for path in [*code_pages(site_dir), *TABBED_CAUSES]
           if visits[path].cut_tabs}
    assert not cut, f"tab labels cut or scrolled out of sight: {cut}"
    reader.assert_clean()


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


_ONE_TAB_SETS = """() => [...document.querySelectorAll("article .tabbed-set")]
  .filter((set) => set.querySelectorAll(":scope > .tabbed-labels > label").length < 2)
  .map((set) => set.textContent.trim().slice(0, 60))"""


def test_a_fix_for_one_platform_is_plain_steps_not_a_one_tab_set(
        phone_visits: tuple[Reader, dict[str, PhoneVisit]], open_reader: OpenReader,
        site_dir: Path) -> None:
    """A set of one tab reads as a control with nothing to choose (generator/templates/
    _fixes.md.j2 writes such a fix as steps under its platform's name)."""
    reader, visits = phone_visits
    found = {path: visits[path].one_tab_sets
             for path in [*code_pages(site_dir), *SINGLE_FIX_CAUSES]
             if visits[path].one_tab_sets}
    assert not found, f"sets with a single tab: {found}"
    reader.assert_clean()
    page = open_reader(**PHONE).new_page()
    page.goto("/causes/network-connectivity/")
    expect(page.locator("article")).to_contain_text("(Router only)")


PLATFORM_LABELS = ("Windows", "Mac", "Linux", "ChromeOS", "Chrome", "Edge", "Firefox",
                   "Safari", "Opera", "Android", "iPhone", "Router")
"""Tab labels that pymdownx.tabbed writes side by side; run together they read
"ChromeEdgeFirefox" in a search excerpt."""
_RUN_TOGETHER = re.compile(
    "|".join(f"{a}{b}" for a in PLATFORM_LABELS for b in PLATFORM_LABELS)
    + r"|[a-z]{2}[.!?:;,][A-Z][a-z]")  # a sentence's end glued to the next block's start


@pytest.mark.parametrize("query", ["widevine", "chrome edge", "router", "vpn", "cookies"])
def test_search_excerpts_have_no_words_run_together(page: Page, query: str) -> None:
    """The header search's excerpts (search.mjs), read from the pages' text."""
    page.goto("/")
    page.locator("body").press("/")
    field = page.locator("[data-kb-search-query]")
    field.press_sequentially(query)
    page.wait_for_function("""(query) => {
      const list = document.querySelector("[data-kb-search-list]");
      return list.dataset.kbSearchFor === query && list.querySelector(".md-search-result__item");
    }""", arg=query)
    excerpts = page.locator(".md-search-result__item p").all_inner_texts()
    assert excerpts, query
    glued = [text for text in excerpts if _RUN_TOGETHER.search(text)]
    assert not glued, glued


def test_lookup_excerpts_have_no_words_run_together(page: Page) -> None:
    """The home lookup's fallback lists pages with Pagefind's excerpts too (fulltext.mjs)."""
    page.goto("/")
    expect(page.locator("form[data-kb-lookup][data-kb-bound]")).to_have_count(1)
    field = page.get_by_role("textbox", name="Error code")
    field.fill("netflix not working")
    field.press("Enter")
    excerpts = page.locator("[data-kb-lookup-pages] .kb-lookup__excerpt")
    expect(excerpts.first).to_be_visible()
    glued = [text for text in excerpts.all_inner_texts() if _RUN_TOGETHER.search(text)]
    assert not glued, glued
