"""Material's search (lunr, default separator, codes in page tags) ranks the exact code first."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.reader.conftest import at

QUERIES = {
    "M7702-1003": "/codes/m7702-1003/",
    "m7702 1003": "/codes/m7702-1003/",
    "NSES-404": "/codes/nses-404/",
    "nses404": "/codes/nses-404/",
    "M7702": "/codes/m7702-1003/",
    "o7702-1003": "/codes/m7702-1003/",
}


_SETTLED = """(terms) => {
  const first = document.querySelector(".md-search-result__item > a.md-search-result__link");
  if (!first) return null;
  const url = new URL(first.href);
  const highlighted = (url.searchParams.get("h") ?? "").split(" ").filter(Boolean).sort();
  return JSON.stringify(highlighted) === JSON.stringify(terms) ? url.pathname : null;
}"""


def first_result(page: Page, query: str) -> str:
    """Type ``query`` into Material's search box key by key; return the first result's path.

    Results update as the reader types; the first result counts once Material highlights
    every term of the whole query (its ``?h=`` parameter), not a prefix typed on the way.
    """
    field = page.locator(".md-search__input")
    field.click()
    field.press("Control+a")
    field.press("Backspace")  # Material updates on keyup: this clears the old results
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    field.press_sequentially(query)
    terms = sorted({term for term in re.split(r"[\s\-]+", query.lower()) if term})
    path = page.wait_for_function(_SETTLED, arg=terms).json_value()
    assert isinstance(path, str)
    return path


def test_the_exact_code_is_the_first_result(page: Page) -> None:
    page.goto("/")
    found = {query: first_result(page, query) for query in QUERIES}
    assert found == QUERIES, "first result per query"
    page.locator(".md-search-result__item > a.md-search-result__link").first.click()
    page.wait_for_url(at("/codes/m7702-1003/"))
    expect(page.locator(".md-content h1")).to_contain_text("M7702-1003")


def test_the_index_loads_only_when_the_reader_opens_search(page: Page) -> None:
    """Reading a page does not download the search index; opening search does."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/codes/nses-404/", wait_until="networkidle")
    assert not [url for url in requested if "search_index.json" in url]
    assert first_result(page, "M7702-1003") == "/codes/m7702-1003/"
    assert [url for url in requested if "search_index.json" in url]
