"""What a reader's first search fetches, and what one code lookup fetches.

The site is served uncompressed from a separate process (``bench.serve``). For each query
a fresh browser context (empty cache) opens a page and waits for the network to go quiet;
from then on every response is counted: the reader presses "/" (search opens), types the
query key by key and the first results are shown (the list says which query it holds and
has its first batch). Bytes are response bodies (``request.sizes()``), so what the server
would compress is counted uncompressed; Pagefind's index files are compressed already.

The lookup is the home page's error-code form: a fresh context types a code and presses
Enter; every response until the code's page is requested is counted (the lookup's data).
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Request, Response

START_PAGE = "/about/"
"""A small page, so that what is counted is the search, not the page."""

_SHOWN = """(query) => {
  const list = document.querySelector("[data-kb-search-list]");
  const meta = document.querySelector("[data-kb-search-meta]");
  if (!list || list.dataset.kbSearchFor !== query) return false;
  const total = Number((meta.textContent.match(/[\\d,.]+/) || ["0"])[0].replace(/[,.]/g, ""));
  const items = list.querySelectorAll(".md-search-result__item").length;
  return items > 0 && items >= Math.min(total, 10);
}"""


def first_search(browser: Browser, base_url: str, query: str) -> dict[str, Any]:
    """Return the bytes and requests a first search for ``query`` fetches."""
    context = browser.new_context(base_url=base_url)
    responses: list[Response] = []
    try:
        page = context.new_page()
        page.goto(START_PAGE, wait_until="networkidle")
        context.on("response", lambda response: responses.append(response))
        page.locator("body").press("/")
        page.locator("[data-kb-search-query]").press_sequentially(query, delay=20)
        page.wait_for_function(_SHOWN, arg=query.strip(), timeout=60_000)
        page.wait_for_load_state("networkidle")
        shown = page.locator(".md-search-result__item").count()
        first = page.locator(".md-search-result__item a").first.get_attribute("href")
        meta = page.locator("[data-kb-search-meta]").inner_text()
        fetched = _tally(responses, base_url)  # body sizes: only while the context is open
    finally:
        context.close()
    return {"query": query, **fetched, "results_shown": shown, "first_result": first,
            "count_text": meta}


def lookup(browser: Browser, base_url: str, code: str) -> dict[str, Any]:
    """Return the bytes the home page's lookup fetches to send a reader to ``code``.

    Counted: what is fetched from the press of Enter until the code's page is requested
    (that page itself, and what it loads, is not the lookup's cost).
    """
    context = browser.new_context(base_url=base_url)
    responses: list[Response] = []
    left: list[str] = []

    def leaving(request: Request) -> bool:
        if request.resource_type == "document" and request.frame == page.main_frame:
            left.append(request.url)
            return True
        return False

    try:
        page = context.new_page()
        page.goto("/", wait_until="networkidle")
        context.on("response", lambda response: None if left else responses.append(response))
        field = page.get_by_role("textbox", name="Error code")
        field.fill(code)
        with page.expect_request(leaving, timeout=60_000):
            field.press("Enter")
        fetched = _tally([r for r in responses if r.request.resource_type != "document"],
                         base_url)
    finally:
        context.close()
    return {"code": code, **fetched, "landed": left[0].removeprefix(base_url)}


def _tally(responses: list[Response], base_url: str) -> dict[str, Any]:
    """Sum the response bodies; list the largest and any from another origin."""
    rows: list[tuple[str, int]] = []
    for response in responses:
        try:
            size = int(response.request.sizes()["responseBodySize"])
        except Exception:  # a response the page abandoned (navigation): no body read
            size = 0
        rows.append((response.url.removeprefix(base_url), size))
    rows.sort(key=lambda row: -row[1])
    return {"bytes": sum(size for _, size in rows), "requests": len(rows),
            "largest": [{"url": url, "bytes": size} for url, size in rows[:6]],
            "outside": [url for url, _ in rows if url.startswith("http")]}
