"""Three browser engines behind one small interface, for the tests that run in all of them.

- Chromium: Debian's ``chromium`` through Playwright (as every other browser test).
- Firefox: Debian's ``firefox-esr``, driven over its built-in WebDriver BiDi (a websocket
  the browser opens itself with ``--remote-debugging-port``; no geckodriver). The client
  below speaks the few commands the tests need. Playwright's own BiDi Firefox support
  targets Firefox Nightly and asks ESR for commands it does not have yet.
- WebKit: Debian's WebKitGTK (``webkit2gtk-driver``: ``WebKitWebDriver`` and MiniBrowser),
  through Selenium's ``webdriver.WebKitGTK``, in an ``Xvfb`` display of its own.

Every engine is installed by ``make browser`` from Debian's packages; nothing is
downloaded by a driver. Each test opens a fresh page (``Engine.new_page``) in the one
browser its engine keeps for the whole run. ``EnginePage.js`` evaluates an expression in
the page (awaited when it is a promise) and returns its JSON value: the drivers' own
evaluation is not subject to the site's Content-Security-Policy, which forbids eval.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

ENGINES = ("chromium", "firefox", "webkit")

FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER_GLOB = "lib/*/webkit2gtk-4.*/MiniBrowser"
"""Below /usr: the multiarch folder of Debian's WebKitGTK, which has no command on PATH."""


def _minibrowser() -> str | None:
    """Return the path of WebKitGTK's MiniBrowser, if installed."""
    found = sorted(Path("/usr").glob(MINIBROWSER_GLOB))
    return str(found[0]) if found else None

_FIREFOX_PREFS = {
    # A closed network: no update, telemetry, safe-browsing or plugin (Widevine) downloads.
    "app.update.disabledForTesting": True,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "media.gmp-manager.url": "",
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "extensions.update.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    # DRM switched off, as readers report Debian's Firefox ESR ("EME has been preffed
    # off"): the checker must then name Firefox's "Play DRM-controlled content" setting.
    "media.eme.enabled": False,
}


class EngineError(RuntimeError):
    """A driver could not do what it was asked (the message says what the engine said)."""


class EnginePage(Protocol):
    """One page (tab) of an engine."""

    def goto(self, url: str) -> None:
        """Load ``url`` and wait for the load event."""

    def js(self, expression: str) -> Any:
        """Return the JSON value of ``expression`` evaluated in the page (awaited)."""

    def close(self) -> None:
        """Close the page."""


class Engine(Protocol):
    """One running browser."""

    @property
    def name(self) -> str:
        """``chromium``, ``firefox`` or ``webkit``."""

    @property
    def version(self) -> str:
        """The browser's name and version, as it reports them."""

    def new_page(self) -> EnginePage:
        """Open a fresh page (its own cookies and storage where the engine allows)."""

    def close(self) -> None:
        """Stop the browser."""


def _wrapped(expression: str) -> str:
    """Return a function body that awaits ``expression`` and returns it as JSON text."""
    return f"(async () => JSON.stringify(await ({expression}) ?? null))()"


def versions() -> dict[str, str]:
    """Return each engine's installed version, read without starting it ("" if missing)."""

    def output(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=30,
                                  check=False).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""

    chromium = output(["chromium", "--version"]).split(" built on")[0]
    firefox = output([FIREFOX, "--version"])
    webkit = output(["dpkg-query", "-W", "-f", "${Version}", "libwebkit2gtk-4.1-0"])
    return {
        "chromium": chromium,
        "firefox": firefox,
        "webkit": f"WebKitGTK {webkit}" if webkit else "",
    }


def missing(name: str) -> str | None:
    """Return why engine ``name`` cannot start here, or None when it can."""
    needs = {
        "chromium": ["chromium"],
        "firefox": [FIREFOX],
        "webkit": [WEBKIT_DRIVER, "Xvfb"],
    }[name]
    absent = [tool for tool in needs if shutil.which(tool) is None]
    if name == "webkit" and _minibrowser() is None:
        absent.append("MiniBrowser")
    return f"{', '.join(absent)} not installed (run `make browser`)" if absent else None


# Chromium: Playwright


@dataclass
class _PlaywrightPage:
    page: Any

    def goto(self, url: str) -> None:
        self.page.goto(url)

    def js(self, expression: str) -> Any:
        return json.loads(self.page.evaluate(_wrapped(expression)))

    def close(self) -> None:
        self.page.context.close()


@dataclass
class PlaywrightEngine:
    """Chromium, through the Playwright browser the other browser tests use."""

    browser: Any
    name: str = "chromium"

    @property
    def version(self) -> str:
        """Chromium's version, as the running browser reports it."""
        return f"Chromium {self.browser.version}"

    def new_page(self) -> EnginePage:
        """A page in a fresh context."""
        return _PlaywrightPage(self.browser.new_context().new_page())

    def close(self) -> None:
        """Nothing: the browser belongs to the ``browser`` fixture."""


# Firefox: WebDriver BiDi


class BidiClient:
    """A minimal WebDriver BiDi client: send a command, wait for its answer."""

    def __init__(self, url: str) -> None:
        import websocket  # websocket-client; Firefox refuses handshakes with an Origin

        self._socket = websocket.create_connection(url, suppress_origin=True, timeout=120)
        self._next = 0

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command; return its result or raise ``EngineError``."""
        self._next += 1
        self._socket.send(json.dumps({"id": self._next, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") != self._next:
                continue  # an event: the tests subscribe to none
            if message.get("type") == "error":
                raise EngineError(f"{method}: {message.get('error')}: {message.get('message')}")
            result: dict[str, Any] = message["result"]
            return result

    def close(self) -> None:
        """Close the websocket."""
        self._socket.close()


@dataclass
class _BidiPage:
    client: BidiClient
    context: str
    user_context: str

    def goto(self, url: str) -> None:
        self.client.send("browsingContext.navigate", context=self.context, url=url,
                         wait="complete")

    def js(self, expression: str) -> Any:
        result = self.client.send(
            "script.evaluate", expression=_wrapped(expression),
            target={"context": self.context}, awaitPromise=True, resultOwnership="none",
        )
        if result.get("type") == "exception":
            details = result.get("exceptionDetails", {})
            raise EngineError(f"{details.get('text')}")
        return json.loads(result["result"]["value"])

    def close(self) -> None:
        self.client.send("browsingContext.close", context=self.context)
        self.client.send("browser.removeUserContext", userContext=self.user_context)


class FirefoxEngine:
    """Firefox ESR, headless, with a throw-away profile, driven over WebDriver BiDi."""

    name = "firefox"

    def __init__(self) -> None:
        self._profile = tempfile.mkdtemp(prefix="kb-firefox-")
        prefs = "".join(f'user_pref("{k}", {json.dumps(v)});\n' for k, v in _FIREFOX_PREFS.items())
        Path(self._profile, "user.js").write_text(prefs, "utf-8")
        self._process = subprocess.Popen(
            [FIREFOX, "--headless", "--no-remote", "--profile", self._profile,
             "--remote-debugging-port", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        url = _read_until(self._process, r"WebDriver BiDi listening on (ws://\S+)", 60)
        self.client = BidiClient(f"{url}/session")
        capabilities = self.client.send("session.new", capabilities={})["capabilities"]
        self.version = f"Firefox {capabilities.get('browserVersion', '?')}"

    def new_page(self) -> EnginePage:
        """A tab in a fresh user context (its own cookies, storage and cache)."""
        user_context = self.client.send("browser.createUserContext")["userContext"]
        context = self.client.send("browsingContext.create", type="tab",
                                   userContext=user_context)["context"]
        return _BidiPage(self.client, context, user_context)

    def close(self) -> None:
        """End the session and the browser; remove the profile."""
        with contextlib.suppress(Exception):
            self.client.send("session.end")
            self.client.close()
        _stop(self._process)
        shutil.rmtree(self._profile, ignore_errors=True)


def _read_until(process: subprocess.Popen[str], pattern: str, timeout_s: float) -> str:
    """Return the first group of ``pattern`` in the process's stderr; keep draining it."""
    lines: queue.Queue[str] = queue.Queue()

    def drain() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + timeout_s
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        match = re.search(pattern, line)
        if match:
            return match.group(1)
    _stop(process)
    raise EngineError(f"the browser did not start: {''.join(seen[-10:])}")


def _stop(process: subprocess.Popen[Any]) -> None:
    """Terminate ``process`` (kill it if it lingers)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# WebKitGTK: Selenium and WebKitWebDriver under Xvfb


@dataclass
class _SeleniumPage:
    driver: Any

    def goto(self, url: str) -> None:
        self.driver.get(url)

    def js(self, expression: str) -> Any:
        script = (
            "const done = arguments[arguments.length - 1];"
            f"{_wrapped(expression)}.then(done, (e) => done(JSON.stringify("
            "{__engineError: String(e && e.message || e)})));"
        )
        value = json.loads(self.driver.execute_async_script(script))
        if isinstance(value, dict) and "__engineError" in value:
            raise EngineError(value["__engineError"])
        return value

    def close(self) -> None:
        self.driver.get("about:blank")  # one window per session: stop the page's worker


class WebKitEngine:
    """WebKitGTK's MiniBrowser in a private Xvfb display, through WebKitWebDriver."""

    name = "webkit"

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        read, write = os.pipe()
        self._xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as display:
            number = display.readline().strip()
        if not number:
            _stop(self._xvfb)
            raise EngineError("Xvfb did not start")
        options = Options()
        options.binary_location = _minibrowser() or "MiniBrowser"
        options.add_argument("--automation")
        service = Service(executable_path=WEBKIT_DRIVER,
                          env={**os.environ, "DISPLAY": f":{number}"})
        try:
            self.driver = webdriver.WebKitGTK(options=options, service=service)
        except Exception:
            _stop(self._xvfb)
            raise
        self.driver.set_script_timeout(120)
        self.version = f"WebKitGTK {self.driver.capabilities.get('browserVersion', '?')}"

    def new_page(self) -> EnginePage:
        """The session's one window, on a blank page."""
        self.driver.get("about:blank")
        return _SeleniumPage(self.driver)

    def close(self) -> None:
        """End the session, the browser and the display."""
        with contextlib.suppress(Exception):
            self.driver.quit()
        _stop(self._xvfb)


def launch(name: str, chromium: Any = None) -> Engine:
    """Start engine ``name`` (``chromium`` wraps the given Playwright browser)."""
    if name == "chromium":
        return PlaywrightEngine(chromium)
    if name == "firefox":
        return FirefoxEngine()
    return WebKitEngine()


@contextlib.contextmanager
def opened(engine: Engine) -> Iterator[EnginePage]:
    """A fresh page of ``engine``, closed afterwards."""
    page = engine.new_page()
    try:
        yield page
    finally:
        with contextlib.suppress(Exception):
            page.close()
