"""The small browser parser: family, version, OS and the no-DRM flags."""

from __future__ import annotations

from typing import Any

import pytest

from checker.browser import Browser, parse_browser
from checker.facts import BrowserFacts

WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
CHROME = "Chrome/131.0.0.0 Safari/537.36"


def parse(user_agent: str, brands: tuple[str, ...] = (), **more: Any) -> Browser:
    """Parse facts made of a user agent, brands and any other ``BrowserFacts`` fields."""
    return parse_browser(BrowserFacts(user_agent=user_agent, brands=brands, **more))


@pytest.mark.parametrize(
    ("user_agent", "brands", "family", "version", "os"),
    [
        (f"{WIN} {CHROME}", ("Google Chrome", "Chromium"), "chrome", 131, "windows"),
        (f"{WIN} {CHROME}", (), "chrome", 131, "windows"),
        (f"{WIN} {CHROME} Edg/131.0.2903.70", (), "edge", 131, "windows"),
        (f"{WIN} {CHROME} OPR/115.0.0.0", (), "opera", 115, "windows"),
        ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
         "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", (), "samsung", 26,
         "android"),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", (),
         "firefox", 133, "linux"),
        (f"{MAC} Version/18.1 Safari/605.1.15", (), "safari", 18, "mac"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", (), "safari", 18, "ios"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", (), "chrome",
         131, "ios"),
        ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
         + CHROME, (), "chrome", 131, "chromeos"),
        ("curl/8.5.0", (), "other", None, "unknown"),
        ("", (), "unknown", None, "unknown"),
    ],
)  # fmt: skip
def test_family_version_and_os(
    user_agent: str, brands: tuple[str, ...], family: str, version: int | None, os: str
) -> None:
    browser = parse(user_agent, brands)
    assert (browser.family, browser.version, browser.os) == (family, version, os)


def test_brands_beat_the_user_agent() -> None:
    browser = parse(f"{WIN} {CHROME}", ("Microsoft Edge", "Chromium", "Not_A Brand"))
    assert browser.family == "edge"
    assert not browser.unbranded


def test_platform_beats_the_user_agent() -> None:
    assert parse(f"{WIN} {CHROME}", platform="macOS").os == "mac"


def test_ipad_is_a_mac_user_agent_with_touch() -> None:
    ipad = parse(f"{MAC} Version/18.1 Safari/605.1.15", max_touch_points=5)
    mac = parse(f"{MAC} Version/18.1 Safari/605.1.15", max_touch_points=0)
    assert (ipad.os, ipad.ipad, ipad.mobile, ipad.label) == (
        "ios",
        True,
        True,
        "Safari 18 on iPadOS",
    )
    assert (mac.os, mac.ipad, mac.mobile) == ("mac", False, False)
    assert ipad.uses_fairplay and mac.uses_fairplay


def test_every_ios_browser_uses_fairplay() -> None:
    firefox_ios = parse(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15"
    )
    assert (firefox_ios.family, firefox_ios.uses_fairplay) == ("firefox", True)


@pytest.mark.parametrize(
    ("user_agent", "brands", "webdriver", "automated", "unbranded"),
    [
        (f"{WIN} HeadlessChrome/131.0.6778.33 Safari/537.36", (), False, True, False),
        (f"{WIN} {CHROME}", ("Google Chrome", "Chromium"), True, True, False),
        (f"{WIN} {CHROME}", ("Chromium", "Not_A Brand"), False, False, True),
        (f"{WIN} {CHROME}", ("Brave", "Chromium", "Not_A Brand"), False, False, False),
        (f"{WIN} {CHROME} OPR/115.0.0.0", ("Opera", "Chromium"), None, False, False),
    ],
)  # fmt: skip
def test_builds_without_drm(
    user_agent: str,
    brands: tuple[str, ...],
    webdriver: bool | None,
    automated: bool,
    unbranded: bool,
) -> None:
    browser = parse(user_agent, brands, webdriver=webdriver)
    assert (browser.automated, browser.unbranded) == (automated, unbranded)
    assert browser.no_drm_build == (automated or unbranded)


def test_headless_and_unbranded_read_as_chromium() -> None:
    assert parse(f"{WIN} HeadlessChrome/131.0.0.0 Safari/537.36").family == "chromium"
    assert parse(f"{WIN} {CHROME}", ("Chromium",)).label == "Chromium 131 on Windows"


def test_odd_values_from_the_probe_do_not_break_parsing() -> None:
    odd: Any = {"user_agent": 42, "brands": "Chromium", "max_touch_points": "5", "webdriver": 1}
    browser = parse_browser(BrowserFacts(**odd))
    assert (browser.family, browser.unbranded, browser.ipad, browser.webdriver) == (
        "unknown",
        False,
        False,
        None,
    )
