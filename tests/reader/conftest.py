"""Reader-feature fixtures: the real site on localhost, one Chromium, guarded contexts.

The site is the repository's own, built once per session by ``site_dir`` (tests/conftest.py)
and served by a small threaded HTTP server that, like a static host, answers unknown paths
with the site's ``404.html``. Every context aborts and records requests to other origins,
and records Content-Security-Policy violations (a ``securitypolicyviolation`` listener
added by an init script, and console messages); a test fails if either happened, or if a
page threw an uncaught error.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Route,
    expect,
    sync_playwright,
)

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, REPO

AXE_PATH = "/__test__/axe.min.js"
"""Where the test server serves axe-core from node_modules (never part of the site).

``page.add_script_tag(path=...)`` inlines the file, which the site's CSP rightly blocks
(``script-src 'self'`` plus hashes); a same-origin URL is what the policy allows."""
AXE_FILE = REPO / "node_modules" / "axe-core" / "axe.min.js"

FIREFOX_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
                   "Firefox/133.0")
ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/131.0.0.0 Mobile Safari/537.36")

def at(path: str) -> re.Pattern[str]:
    """A URL pattern for the site path ``path``, whatever query or hash follows.

    Material's ``navigation.tracking`` can carry the previous page's section hash over
    an instant navigation (``/netflix/nses-404/#netflix``), so tests match the path only.
    """
    return re.compile(rf"^https?://[^/]+{re.escape(path)}([?#].*)?$")


def follow_instantly(page: Page, link: Locator, path: str) -> None:
    """Follow ``link`` to ``path`` by Material's instant navigation; return once it settled.

    Material takes a click over only once it has read sitemap.xml, an XMLHttpRequest the
    page's load does not wait for: a click before that is a full page load. And 125 ms
    after the address changes it closes the drawer and search, so that a reader who came
    from a search result sees the page: search opened before then closes under the test.
    So every sitemap request the page made has finished before the click, and the drawer,
    marked open before it, has been closed again after it.
    """
    sitemaps = [request for request in page.requests()
                if urlsplit(request.url).path == "/sitemap.xml"]
    assert sitemaps, "expected Material to read sitemap.xml"
    for request in sitemaps:
        response = request.response()
        assert response is not None and response.ok, request.url
        response.body()  # there once the whole response is (finished() may never return
        # for a request that finished before it was asked)
    page.evaluate("window.kbSamePage = true")
    drawer = page.locator("#__drawer")
    drawer.evaluate("toggle => { toggle.checked = true; }")  # no change event: nothing opens
    link.click()
    page.wait_for_url(at(path))
    expect(drawer).not_to_be_checked()
    assert page.evaluate("window.kbSamePage") is True, "expected Material's instant navigation"


_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__kbCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def _local_sitemap(text: str, origin: str) -> str:
    """Point the sitemap's URLs at ``origin``.

    Material's instant navigation only intercepts links listed in sitemap.xml, matched
    with the page's protocol and host name but the sitemap's port (site_url's, 8000):
    served on another port, every click would be a full page load.
    """
    return re.sub(r"<loc>https?://[^/<]+/", f"<loc>{origin}/", text)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types the site needs; unknown paths get 404.html."""

    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".whl": "application/octet-stream",
    }

    def translate_path(self, path: str) -> str:
        """Serve axe-core at AXE_PATH; everything else from the site."""
        if path.split("?")[0] == AXE_PATH:
            return str(AXE_FILE)
        return super().translate_path(path)

    def do_GET(self) -> None:
        """Serve the sitemap as if the site were deployed here (see ``_local_sitemap``)."""
        if self.path.split("?")[0] != "/sitemap.xml":
            super().do_GET()
            return
        origin = f"http://{self.headers.get('Host', '127.0.0.1')}"
        body = _local_sitemap((Path(self.directory) / "sitemap.xml").read_text("utf-8"), origin)
        self._reply(200, "application/xml", body.encode())

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """Answer 404 with the site's own page, as static hosts do."""
        page = Path(self.directory) / "404.html"
        if code != 404 or self.command != "GET" or not page.is_file():
            super().send_error(code, message, explain)
            return
        self._reply(404, "text/html; charset=utf-8", page.read_bytes())

    def _reply(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: pytest shows failures, not every GET."""


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Serve the built site on an ephemeral localhost port; yield its root URL (no slash)."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session (no Playwright download)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Reader:
    """A guarded browser context and what went wrong in it."""

    context: BrowserContext
    outside: list[str] = field(default_factory=list)
    """Requests to another origin (aborted)."""
    csp: list[str] = field(default_factory=list)
    """Content-Security-Policy violations, from the event listener and the console."""
    errors: list[str] = field(default_factory=list)
    """Uncaught page errors."""

    def new_page(self) -> Page:
        """Open a page whose errors and CSP console messages are recorded."""
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp.append(message.text)

    def assert_clean(self) -> None:
        """Fail on requests that left the origin, CSP violations and page errors."""
        assert self.outside == [], f"requests left the origin: {self.outside}"
        assert self.csp == [], f"Content-Security-Policy violations: {self.csp}"
        assert self.errors == [], f"page errors: {self.errors}"


OpenReader = Callable[..., Reader]


def _open(browser: Browser, site_url: str, **options: Any) -> Reader:
    """Open a guarded context on ``site_url``; ``options`` go to ``Browser.new_context``."""
    context = browser.new_context(base_url=site_url, **options)
    reader = Reader(context)

    def leave(route: Route) -> None:
        reader.outside.append(route.request.url)
        route.abort()

    # Only requests that leave the origin are intercepted (the pattern is matched by the
    # Playwright driver, not in Python).
    context.route(re.compile(rf"^(?!{re.escape(site_url)}/|data:|blob:)"), leave)
    context.expose_function("__kbCspViolation", lambda text: reader.csp.append(text))
    context.add_init_script(_CSP_LISTENER)
    return reader


@pytest.fixture
def open_reader(chromium: Browser, site_url: str) -> Iterator[OpenReader]:
    """Open fresh guarded contexts: ``open_reader(user_agent=..., color_scheme=...)``.

    Keyword arguments go to ``Browser.new_context``. Every context is closed, and checked
    with ``Reader.assert_clean``, when the test ends.
    """
    readers: list[Reader] = []

    def open_(**options: Any) -> Reader:
        readers.append(_open(chromium, site_url, **options))
        return readers[-1]

    yield open_
    for reader in readers:
        reader.context.close()
    for reader in readers:
        reader.assert_clean()


@pytest.fixture(scope="module")
def warm_reader(chromium: Browser, site_url: str) -> Iterator[Reader]:
    """One guarded context per test module, so that its HTTP cache keeps pages quick."""
    reader = _open(chromium, site_url)
    yield reader
    reader.context.close()


@pytest.fixture
def page(warm_reader: Reader) -> Iterator[Page]:
    """A new page in the module's context (desktop, light scheme), checked after the test.

    Tests that need their own storage, user agent or scheme use ``open_reader``.
    """
    page = warm_reader.new_page()
    yield page
    page.close()
    try:
        warm_reader.assert_clean()
    finally:
        warm_reader.outside.clear()
        warm_reader.csp.clear()
        warm_reader.errors.clear()
