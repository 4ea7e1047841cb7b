"""The header search (Pagefind) in every engine: Chromium, Firefox ESR and WebKitGTK.

Pagefind compiles WebAssembly and may start a worker; the site's policy allows that
('wasm-unsafe-eval', worker-src 'self') and nothing else. In each engine the reader's
query finds the code's page, with no uncaught error and no policy violation
(tests/e2e/watch.js records both). The keyboard and look are tested in Chromium
(tests/reader/test_search.py); here the query is set as typing sets it.
"""

from __future__ import annotations

from tests.e2e.engines import Engine, opened
from tests.e2e.test_engines import wait_for, watched

TYPE = """(() => {
  const query = document.querySelector("[data-kb-search-query]");
  query.focus();
  query.value = %s;
  query.dispatchEvent(new Event("input", { bubbles: true }));
  return true;
})()"""

FIRST = """(() => {
  const list = document.querySelector("[data-kb-search-list]");
  const first = list.querySelector(".md-search-result__item > a.md-search-result__link");
  return list.dataset.kbSearchFor === %s && first !== null && first.pathname;
})()"""


def test_search_finds_a_code_in_every_engine(engine: Engine, base_url: str) -> None:
    with opened(engine) as page:
        page.goto(base_url + "/about/")
        wait_for(page, "document.querySelector('[data-kb-search][data-kb-bound]') !== null", 10)
        for query, expected in (("NSES-404", "/netflix/nses-404/"),
                                ("widevine", "/causes/drm-component/")):
            page.js(TYPE % repr(query).replace("'", '"'))
            found = wait_for(page, FIRST % repr(query).replace("'", '"'), 30)
            assert found == expected, (engine.name, query, found)
        resources = page.js("performance.getEntriesByType('resource').map((e) => e.name)")
        assert any("/pagefind/" in url for url in resources), "Pagefind was used"
        assert all(url.startswith(base_url) for url in resources), "nothing from elsewhere"
        assert watched(page) == [], f"errors or policy violations in {engine.name}"
