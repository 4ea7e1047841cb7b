"""End-to-end fixtures: the real site on localhost, and one browser per engine.

The site is the repository's own (``mkdocs build`` of mkdocs.yml, checker included),
built once per test run for the port it is then served on by a small threaded HTTP
server, which can break files on request (``faults``) and puts tests/e2e/watch.js first
in every page. The Playwright tests use Debian's ``/usr/bin/chromium`` (no Playwright
browser download); each gets a fresh context whose every request to another origin is
aborted and recorded: a test fails if anything tried to leave. ``engine`` gives the
tests of test_engines.py Chromium, Firefox ESR and WebKitGTK in turn (tests/e2e/engines.py).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Request,
    Route,
    sync_playwright,
)

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, REPO
from tests.e2e.engines import ENGINES, Engine, launch, missing
from tests.e2e.support import Traffic

WORKER_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'"
)
"""The policy scripts are served with (the pages' meta tag has the same script rules)."""
STRICT_CSP = WORKER_CSP.replace(" 'wasm-unsafe-eval'", "")
"""The same policy without WebAssembly: what a host with a stricter policy sends."""


WATCH_PATH = "/__test__/watch.js"
"""Where the test server serves tests/e2e/watch.js, which every page loads first."""
WATCH_TAG = f'<script src="{WATCH_PATH}"></script>'.encode()

Fault = str
"""What the server does to one file: ``"404"``, ``"corrupt"`` (same size, wrong bytes),
``"html"`` (a 200 web page instead, as a misconfigured host sends) or ``"strict-csp"``
(served under a policy without ``'wasm-unsafe-eval'``)."""


class FaultyServer(http.server.ThreadingHTTPServer):
    """The test site's server; ``faults`` maps a path pattern (``re.search``) to a ``Fault``."""

    daemon_threads = True

    def __init__(self, directory: str) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(_Handler, directory=directory))
        self.faults: dict[str, Fault] = {}
        self.directory = Path(directory)

    @property
    def url(self) -> str:
        """The root URL, without a slash."""
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types Pyodide needs, faults on request, no request log."""

    server: FaultyServer
    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",  # WebAssembly.instantiateStreaming insists on it
        ".mjs": "text/javascript",
        ".whl": "application/octet-stream",
    }

    def _fault(self) -> Fault | None:
        path = self.path.split("?")[0]
        return next((f for key, f in self.server.faults.items() if re.search(key, path)), None)

    def do_HEAD(self) -> None:
        """Answer a HEAD as the GET would be answered: a missing file is missing."""
        if self._fault() == "404":
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
        else:
            super().do_HEAD()

    def do_GET(self) -> None:
        """Serve the watch script, faults, pages with the watch script, or the file."""
        path, fault = self.path.split("?")[0], self._fault()
        if path == WATCH_PATH:
            self._reply(200, "text/javascript", (Path(__file__).parent / "watch.js").read_bytes())
        elif fault == "404":
            self._reply(404, "text/html", b"<h1>Not found</h1>")
        elif fault == "html":
            self._reply(200, "text/html", b"<!doctype html><h1>Welcome</h1>")
        elif fault == "corrupt":
            file = Path(self.translate_path(path))
            self._reply(200, self.guess_type(str(file)), bytes(file.stat().st_size))
        elif path.endswith("/") and (Path(self.translate_path(path)) / "index.html").is_file():
            html = (Path(self.translate_path(path)) / "index.html").read_bytes()
            watched = html.replace(b"<head>", b"<head>" + WATCH_TAG, 1)
            self._reply(200, "text/html; charset=utf-8", watched)
        else:
            super().do_GET()

    def _reply(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        """Send no-store, and the site's script policy with scripts.

        no-store: the engines share one browser each, and a cached good file must not
        hide a fault the next test serves under the same URL.

        Pages carry their CSP in a meta tag, which does not reach a worker: a worker obeys
        the policy sent with its own script. Sending it here puts Pyodide under the same
        rules a strict host would (no eval, WebAssembly only by 'wasm-unsafe-eval').
        """
        self.send_header("Cache-Control", "no-store")
        if self.path.split("?")[0].endswith((".mjs", ".js")):
            strict = self._fault() == "strict-csp"
            self.send_header("Content-Security-Policy", STRICT_CSP if strict else WORKER_CSP)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: pytest shows failures, not every GET."""


# Package scope, not session: Playwright's sync API keeps an asyncio loop running in the
# main thread while it is started, which breaks asyncio.run() in any later test.
@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultyServer]:
    """Build the repository's site for a localhost port and serve it there.

    The port is bound before the build because Material's instant navigation only works
    when the page's origin matches ``site_url`` (it checks links against sitemap.xml).
    """
    site_dir = tmp_path_factory.mktemp("e2e-site")
    server = FaultyServer(str(site_dir))
    url = server.url
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_SITE_URL": f"{url}/", "KB_CHECKER": "true"}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict",
               "--config-file", str(REPO / "mkdocs.yml"), "--site-dir", str(site_dir)]
    built = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert built.returncode == 0, f"mkdocs build failed:\n{built.stdout}\n{built.stderr}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="package")
def base_url(server: FaultyServer) -> str:
    """The served site's root URL (no slash)."""
    return server.url


@pytest.fixture(scope="package")
def site_root(server: FaultyServer) -> Path:
    """The folder of the served site (the built files, as they are on disk)."""
    return server.directory


@pytest.fixture
def faults(server: FaultyServer) -> Iterator[dict[str, Fault]]:
    """The server's faults for this test (path pattern -> fault); cleared afterwards."""
    yield server.faults
    server.faults.clear()


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
    def record(request: Request) -> None:
        # What the page downloads: GETs (the worker also asks for the wheel's headers).
        if request.method == "GET":
            traffic.requests.append(request.url)

    context.on("request", record)
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


@pytest.fixture(scope="package", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """One browser per engine for the whole package: Chromium, Firefox ESR, WebKitGTK."""
    why = missing(request.param)
    if why is not None:
        pytest.skip(f"{request.param}: {why}")
    chromium = request.getfixturevalue("browser") if request.param == "chromium" else None
    started = launch(request.param, chromium)
    yield started
    started.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how long the checker took in each engine (cold, warm, failures)."""
    from tests.e2e.test_engines import TIMINGS

    for name, timings in TIMINGS.items():
        runs = ", ".join(f"{what} {seconds:.1f} s" for what, seconds in timings.items())
        terminalreporter.write_line(f"checker in {name}: {runs}")
