"""The header search (Pagefind, overrides/assets/kb/search.mjs): Material's look and keys.

Every test runs under the site's Content-Security-Policy with requests to other origins
refused (the reader fixtures fail a test on either), so these also prove that Pagefind's
script, worker and WebAssembly run under the policy and load nothing from elsewhere.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.reader.conftest import OpenReader, at, follow_instantly

QUERIES = {
    "M7702-1003": "/netflix/m7702-1003/",
    "m7702 1003": "/netflix/m7702-1003/",
    "NSES-404": "/netflix/nses-404/",
    "nses404": "/netflix/nses-404/",
    "M7702": "/netflix/m7702-1003/",  # an alias
    "o7702-1003": "/netflix/m7702-1003/",  # an alias, lowercase
    "widevine": "/causes/drm-component/",
}

RESULT = ".md-search-result__item > a.md-search-result__link"

_SETTLED = """(query) => {
  const list = document.querySelector("[data-kb-search-list]");
  const first = list.querySelector(".md-search-result__item > a.md-search-result__link");
  return list.dataset.kbSearchFor === query && first !== null ? first.pathname : null;
}"""


def open_search(page: Page) -> None:
    """Open search the way a reader does from the keyboard: Material's "/" shortcut."""
    page.locator("body").press("/")
    expect(page.locator("[data-kb-search-query]")).to_be_focused()
    expect(page.locator("#__search")).to_be_checked()


def first_result(page: Page, query: str) -> str:
    """Type ``query`` key by key into the search box; return the first result's path."""
    field = page.locator("[data-kb-search-query]")
    field.fill("")
    field.press_sequentially(query)
    path = page.wait_for_function(_SETTLED, arg=query.strip()).json_value()
    assert isinstance(path, str)
    return path


def test_the_exact_code_is_the_first_result(page: Page) -> None:
    page.goto("/")
    open_search(page)
    found = {query: first_result(page, query) for query in QUERIES}
    assert found == QUERIES, "first result per query"
    page.locator(RESULT).first.click()
    page.wait_for_url(at("/causes/drm-component/"))
    expect(page.locator("#__search")).not_to_be_checked()


def test_the_magnifier_opens_search_on_a_phone(open_reader: OpenReader) -> None:
    page = open_reader(viewport={"width": 390, "height": 800}, is_mobile=True,
                       has_touch=True).new_page()
    page.goto("/")
    page.locator("header label.md-header__button[for='__search']").click()
    expect(page.locator("[data-kb-search-query]")).to_be_focused()
    assert first_result(page, "NSES-404") == "/netflix/nses-404/"
    expect(page.locator(RESULT).first).to_be_visible()


def test_results_look_like_materials(page: Page) -> None:
    """Material's classes, so its stylesheet applies: icon, title, excerpt with marks."""
    page.goto("/about/")
    open_search(page)
    first_result(page, "vpn")
    item = page.locator(".md-search-result__item").first
    icon = item.locator("article.md-search-result__article .md-search-result__icon")
    expect(icon).to_have_count(1)
    expect(item.locator("h1")).to_have_text(re.compile("VPN"))
    expect(page.locator(".md-search-result mark").first).to_be_visible()
    assert page.locator(".md-search").evaluate("e => getComputedStyle(e).position") != "static"


def test_enter_opens_the_best_result_at_once(page: Page) -> None:
    """Enter right after typing waits for the search rather than doing nothing."""
    page.goto("/about/")
    open_search(page)
    field = page.locator("[data-kb-search-query]")
    field.fill("nses-404")
    field.press("Enter")
    page.wait_for_url(at("/netflix/nses-404/"))
    expect(page.locator(".md-content h1")).to_contain_text("NSES-404")


def test_arrows_move_between_query_and_results_and_escape_closes(page: Page) -> None:
    page.goto("/about/")
    open_search(page)
    first_result(page, "drm")
    field = page.locator("[data-kb-search-query]")
    field.press("ArrowDown")
    expect(page.locator(RESULT).first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(field).to_be_focused()
    page.keyboard.press("ArrowUp")  # wraps round to the last result
    expect(page.locator(".md-search-result__link").last).to_be_focused()
    page.keyboard.press("x")  # typing on a result goes on in the query
    expect(field).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(field).not_to_be_focused()


def test_the_service_filter_narrows_to_that_services_codes(page: Page) -> None:
    page.goto("/")
    open_search(page)
    service = page.locator("[data-kb-search-service]")
    expect(page.locator("[data-kb-search-filter]")).to_be_visible()
    names = [name for name in service.locator("option").all_inner_texts() if "(" in name]
    assert names, "the index offers each service with its number of pages"
    first_result(page, "browser")
    unfiltered = page.locator(".md-search-result__meta").inner_text()
    netflix = next(name for name in names if name.startswith("Netflix"))
    service.select_option(label=netflix)
    expect(page.locator(".md-search-result__meta")).not_to_have_text(unfiltered)
    expect(page.locator(RESULT).first).to_be_visible()
    paths = page.locator(RESULT).evaluate_all("links => links.map(a => a.pathname)")
    assert paths and all(path.startswith("/netflix/") for path in paths), paths


def test_nothing_loads_until_the_reader_opens_search(page: Page) -> None:
    """Reading a page fetches nothing of the index; opening search fetches Pagefind."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/netflix/nses-404/", wait_until="networkidle")
    assert not [url for url in requested if "/pagefind/" in url]
    open_search(page)
    assert first_result(page, "M7702-1003") == "/netflix/m7702-1003/"
    fetched = [url for url in requested if "/pagefind/" in url]
    assert any(url.endswith("/pagefind/pagefind.js") for url in fetched), fetched
    assert any(".pf_fragment" in url for url in fetched), fetched
    assert not [url for url in requested if "search_index.json" in url], "Material's index"


def test_a_query_in_the_address_opens_search(page: Page) -> None:
    page.goto("/causes/?q=nses404")
    expect(page.locator("#__search")).to_be_checked()
    expect(page.locator("[data-kb-search-query]")).to_have_value("nses404")
    expect(page.locator(RESULT).first).to_have_attribute("href", re.compile("/netflix/nses-404/"))
    page.keyboard.press("Escape")
    page.wait_for_function("() => !new URL(location.href).searchParams.has('q')")


def test_search_works_after_instant_navigation(page: Page) -> None:
    page.goto("/netflix/nses-404/")
    follow_instantly(page, page.locator(".md-path").get_by_role("link", name="Home"), "/")
    page.locator("[data-kb-search-query]").click()  # the box in the header, on a wide screen
    expect(page.locator("#__search")).to_be_checked()
    assert first_result(page, "NSES-404") == "/netflix/nses-404/"
