"""`make serve` never stalls: a broken content file shows in the browser, the fix reloads.

A real `mkdocs serve` (as `make serve` runs it) on a copy of the fixture content, and
Debian's Chromium through Playwright: break a file while a page is open, and within 3 s
the page shows an overlay with the problem (file:line:col, expected, found, fix) while the
server keeps answering every page; the last good page stays reachable under it; saving
the fix reloads the open page into the fixed one. No request may hang.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request

from tests.conftest import FIXTURE_CONTENT, REPO
from tests.site.test_serve import _free_port, _wait_for

SUMMARY = "summary: The test network is too slow."
BROKEN = "summary: `slow` networks stall the test player."
FIXED = "summary: The test network is slow, fixed while serving."


class Served:
    """A running `mkdocs serve` on its own content copy."""

    def __init__(self, content: Path, url: str, process: subprocess.Popen[str]) -> None:
        self.content, self.url, self.process = content, url, process

    def code_file(self) -> Path:
        (path,) = (self.content / "codes").rglob("z2000.yaml")
        return path

    def replace(self, old: str, new: str) -> None:
        path = self.code_file()
        text = path.read_text("utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), "utf-8")


def _serve(tmp_path: Path, *, broken: bool = False) -> Iterator[Served]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "KB_CONTENT_DIR": str(content), "KB_CHECKER": "false",
           "NO_MKDOCS_2_WARNING": "1", "KB_SITE_URL": f"{url}/"}
    served = Served(content, url, None)  # type: ignore[arg-type]
    if broken:
        served.replace(SUMMARY, BROKEN)
    # The same command as `make serve`, on another port.
    served.process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "--dev-addr",
         f"127.0.0.1:{port}", "--config-file", str(REPO / "mkdocs.yml")],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(f"{url}/", "</html>", 90), "the server did not start"
        yield served
    finally:
        served.process.terminate()
        served.process.wait(timeout=10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from _serve(tmp_path)


def _get(url: str) -> tuple[float, str]:
    """Fetch ``url``; return the seconds it took and the page (an error page counts too)."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8")
    return time.monotonic() - start, body


def _overlay_within(page: Page, seconds: float) -> float:
    """Seconds until the problems overlay is visible on ``page`` (fails after ``seconds``)."""
    start = time.monotonic()
    page.locator("[data-kb-dev-problems]").wait_for(state="visible", timeout=seconds * 1000)
    return time.monotonic() - start


def test_break_shows_overlay_then_fix_reloads_the_page(served: Served,
                                                       chromium: Browser) -> None:
    pending: dict[Request, float] = {}
    page = chromium.new_page()  # the session's Debian Chromium (tests/reader/conftest.py)
    try:
        page.on("request", lambda request: pending.setdefault(request, time.monotonic()))
        page.on("requestfinished", lambda request: pending.pop(request, None))
        page.on("requestfailed", lambda request: pending.pop(request, None))
        page.goto(f"{served.url}/netflix/z2000/")
        assert "The test network is too slow." in page.content()
        assert page.locator("[data-kb-dev-problems]").count() == 0

        served.replace(SUMMARY, BROKEN)
        took = _overlay_within(page, 3)
        overlay = page.locator("[data-kb-dev-problems]")
        text = overlay.inner_text()
        assert f"{served.code_file().as_posix()}:4:10" in text, text
        assert "expected text, found a value that starts with `" in text
        assert 'put the whole value in double quotes, like this: summary: "`slow` ' \
               'networks stall the test player."' in text

        # Every page answers at once, with the problem on it.
        for path in ("/", "/netflix/x1000-1/", "/causes/", "/checker/", "/no-such-page/"):
            seconds, body = _get(served.url + path)
            assert seconds < 2, (path, seconds)
            assert "data-kb-dev-problems" in body, path

        # The last good page is one click away, and is the page as it was.
        overlay.locator("[data-kb-dev-last-good]").click()
        page.wait_for_url("**/netflix/z2000/?kb-last-good")
        assert not page.locator("[data-kb-dev-problems]").is_visible()
        assert page.locator("#kb-dev-problems-bar").is_visible()
        assert "The test network is too slow." in page.locator("article").inner_text()

        # Saving the fix reloads the open page into the fixed one.
        served.replace(BROKEN, FIXED)
        page.wait_for_function(
            "document.body.innerText.includes('fixed while serving')", timeout=30_000)
        assert page.locator("[data-kb-dev-problems]").count() == 0
        print(f"overlay after {took:.2f} s")  # shown with -s: the 3 s budget's margin
    finally:
        page.close()
    # The live-reload poll is a long poll by design (answered when the site changes, or
    # after a minute); every other request finished.
    assert [r.url for r in pending if "/livereload/" not in r.url] == []


def test_server_started_on_broken_content_answers_and_recovers(tmp_path: Path) -> None:
    for served in _serve(tmp_path, broken=True):
        seconds, body = _get(f"{served.url}/")
        assert seconds < 2
        assert "1 problem in the content" in body
        assert "expected text, found a value that starts with `" in body
        served.replace(BROKEN, FIXED)
        assert _wait_for(f"{served.url}/netflix/z2000/", "fixed while serving", 30)
        _, body = _get(f"{served.url}/netflix/z2000/")
        assert "data-kb-dev-problems" not in body


def test_overlay_escapes_what_the_content_says() -> None:
    from generator.devserver import DevState, with_overlay
    from generator.errors import Problem

    state = DevState([Problem("codes/<x>.yaml", 2, 3, "expected <b>, found '&'; type \"x\"")])
    page = with_overlay(b"<html><body><p>page</p></body></html>", state)
    assert page.startswith(b"<html><body><p>page</p><style>")
    assert page.endswith(b"</script></body></html>")
    assert b"<code>codes/&lt;x&gt;.yaml:2:3</code><br>expected &lt;b&gt;, found &#x27;&amp;" \
           b"&#x27;<br><span class=\"kb-dev-fix\">type &quot;x&quot;</span>" in page
    assert with_overlay(b"<body></body>", DevState()) == b"<body></body>"
