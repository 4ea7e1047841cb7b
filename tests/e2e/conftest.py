"""End-to-end fixtures: the real site, served on localhost, and one Chromium per session.

The site is the repository's own (``mkdocs build`` of mkdocs.yml, checker included),
built once per test run for the port it is then served on by a small threaded HTTP
server; the browser is Debian's ``/usr/bin/chromium`` (no
Playwright browser download). Each test gets a fresh context whose every request to
another origin is aborted and recorded: a test fails if anything tried to leave.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, REPO
from tests.e2e.support import Traffic

WORKER_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'"
)
"""The policy scripts are served with (the pages' meta tag has the same script rules)."""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types Pyodide needs, and no request log on stderr."""

    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",  # WebAssembly.instantiateStreaming insists on it
        ".mjs": "text/javascript",
        ".whl": "application/octet-stream",
    }

    def end_headers(self) -> None:
        """Send the site's script policy with scripts too.

        Pages carry their CSP in a meta tag, which does not reach a worker: a worker obeys
        the policy sent with its own script. Sending it here puts Pyodide under the same
        rules a strict host would (no eval, WebAssembly only by 'wasm-unsafe-eval').
        """
        if self.path.split("?")[0].endswith((".mjs", ".js")):
            self.send_header("Content-Security-Policy", WORKER_CSP)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: pytest shows failures, not every GET."""


# Package scope, not session: Playwright's sync API keeps an asyncio loop running in the
# main thread while it is started, which breaks asyncio.run() in any later test.
@pytest.fixture(scope="package")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build the repository's site for a localhost port and serve it there; yield the root URL.

    The port is bound before the build because Material's instant navigation only works
    when the page's origin matches ``site_url`` (it checks links against sitemap.xml).
    """
    site_dir = tmp_path_factory.mktemp("e2e-site")
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_SITE_URL": f"{url}/", "KB_CHECKER": "true"}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict",
               "--config-file", str(REPO / "mkdocs.yml"), "--site-dir", str(site_dir)]
    built = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert built.returncode == 0, f"mkdocs build failed:\n{built.stdout}\n{built.stderr}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="package")
def playwright_session() -> Iterator[Playwright]:
    """Playwright's driver, started once."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    """One headless Debian Chromium for all the browser tests."""
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def traffic() -> Traffic:
    """The current test's request log (filled by the ``context`` fixture)."""
    return Traffic()


@pytest.fixture
def context(browser: Browser, base_url: str, traffic: Traffic) -> Iterator[BrowserContext]:
    """A fresh browser context that may only talk to the test server.

    Routing also covers the module worker's requests (Pyodide, the wheel, speed.bin), so
    ``traffic`` sees everything the checker fetches.
    """
    context = browser.new_context(base_url=base_url)

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith((base_url + "/", "data:", "blob:")):
            route.continue_()
        else:
            traffic.outside.append(url)
            route.abort()

    context.route("**/*", guard)
    context.on("request", lambda request: traffic.requests.append(request.url))
    yield context
    context.close()
    assert traffic.outside == [], f"requests left the origin: {traffic.outside}"


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page in the guarded context; an uncaught page error fails the test."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"uncaught errors in the page: {errors}"
