"""Tell which browser and operating system the facts came from.

A deliberately small parser: it knows the handful of browsers whose DRM and codec
behaviour the rules depend on, and nothing more. ``userAgentData.brands`` (Chromium 90+)
is trusted first, because forks and automated builds cannot hide there as easily as in
the user-agent string; the user-agent string fills in the rest (Firefox and Safari have
no brands). Pure: no ``js``, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeGuard

from checker.facts import BrowserFacts

MAX_USER_AGENT = 512
"""Real user-agent strings stay under 300 characters; anything longer is cut before any
pattern runs, so a pathological string costs nothing to read."""

MAX_BRANDS = 16
"""``userAgentData.brands`` holds three or four entries; more are ignored."""

# Order matters: Edge, Opera and Samsung Internet also say "Chrome/", and every
# Chromium-based browser also says "Safari/", so the specific tokens are tried first.
# Versions are read as at most six digits: a 5,000-digit "version" is not a number to
# convert (Python refuses int() of more than 4,300 digits).
_UA_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("edge", re.compile(r"\bEdg(?:e|A|iOS)?/(\d{1,6})")),
    ("opera", re.compile(r"\b(?:OPR|OPT)/(\d{1,6})")),
    ("samsung", re.compile(r"\bSamsungBrowser/(\d{1,6})")),
    ("firefox", re.compile(r"\b(?:Firefox|FxiOS)/(\d{1,6})")),
    ("chromium", re.compile(r"\bHeadlessChrome/(\d{1,6})")),
    ("chrome", re.compile(r"\b(?:Chrome|CriOS)/(\d{1,6})")),
    ("safari", re.compile(r"\bVersion/(\d{1,6})[\d.]{0,20} (?:Mobile/\w{1,20} )?Safari/")),
)

_BRAND_FAMILIES = {
    "Microsoft Edge": "edge",
    "Opera": "opera",
    "Opera GX": "opera",
    "Samsung Internet": "samsung",
    "Google Chrome": "chrome",
}
"""Brands that name a vendor build, which ships the Widevine module."""

_OTHER_VENDOR_BRANDS = frozenset({"Brave", "YaBrowser", "Yandex", "Vivaldi"})
"""Vendor builds the rules have no special text for, but which are not bare Chromium."""

_UA_SYSTEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # iPhone UAs say "like Mac OS X" and Android UAs say "Linux": test those first.
    ("ios", re.compile(r"iPhone|iPad|iPod")),
    ("android", re.compile(r"Android")),
    ("windows", re.compile(r"Windows")),
    ("chromeos", re.compile(r"CrOS")),
    ("mac", re.compile(r"Macintosh|Mac OS X")),
    ("linux", re.compile(r"Linux|X11")),
)

_PLATFORMS = {
    "windows": "windows",
    "macos": "mac",
    "linux": "linux",
    "chrome os": "chromeos",
    "chromeos": "chromeos",
    "android": "android",
    "ios": "ios",
}
"""``userAgentData.platform`` values, lower-cased, to our OS ids."""

_FAMILY_NAMES = {
    "chrome": "Chrome",
    "edge": "Edge",
    "opera": "Opera",
    "samsung": "Samsung Internet",
    "firefox": "Firefox",
    "safari": "Safari",
    "chromium": "Chromium",
    "webkitgtk": "WebKitGTK (GNOME Web)",
    "other": "An unrecognised browser",
    "unknown": "An unknown browser",
}

_OS_NAMES = {
    "windows": "Windows",
    "mac": "macOS",
    "linux": "Linux",
    "chromeos": "ChromeOS",
    "android": "Android",
    "ios": "iOS",
    "unknown": "an unknown system",
}


@dataclass(frozen=True)
class Browser:
    """What the rules need to know about the browser, parsed from ``BrowserFacts``."""

    family: str = "unknown"
    """``chrome``, ``edge``, ``opera``, ``samsung``, ``firefox``, ``safari``, ``chromium``
    (unbranded or headless), ``webkitgtk`` (WebKit on Linux: GNOME Web/Epiphany, WPE,
    which say "Safari" but are not Apple's and have no DRM), ``other`` (unrecognised) or
    ``unknown`` (nothing to go on)."""
    version: int | None = None
    """Major version, when the user-agent string gives it."""
    os: str = "unknown"
    """``windows``, ``mac``, ``linux``, ``chromeos``, ``android``, ``ios`` or ``unknown``."""
    mobile: bool = False
    """A phone or tablet (``userAgentData.mobile``, a mobile UA or an iPad)."""
    ipad: bool = False
    """An iPad that sends a Mac user-agent string (iPadOS 13+ does by default)."""
    headless: bool = False
    """``HeadlessChrome`` in the user-agent string or brands."""
    webdriver: bool | None = None
    """``navigator.webdriver``, as reported."""
    unbranded: bool = False
    """Brands name Chromium but no vendor: a bare Chromium build, which has no Widevine."""

    @property
    def known(self) -> bool:
        """Whether there was anything to identify the browser by."""
        return self.family != "unknown"

    @property
    def automated(self) -> bool:
        """Driven by test tooling (WebDriver, Playwright, Puppeteer) or headless."""
        return self.webdriver is True or self.headless

    @property
    def no_drm_build(self) -> bool:
        """A build that ships without Widevine: automated, headless or bare Chromium."""
        return self.automated or self.unbranded

    @property
    def uses_fairplay(self) -> bool:
        """Safari, and every iOS browser (all are WebKit there), use FairPlay, not Widevine."""
        return self.family == "safari" or self.os == "ios"

    @property
    def label(self) -> str:
        """A short human name, such as ``Chrome 131 on Windows``."""
        name = _FAMILY_NAMES.get(self.family, self.family)
        if self.version is not None:
            name = f"{name} {self.version}"
        system = "iPadOS" if self.ipad else _OS_NAMES.get(self.os, self.os)
        return f"{name} on {system}"


def parse_browser(facts: BrowserFacts) -> Browser:
    """Return the browser family, version and OS that ``facts`` describe."""
    ua = facts.user_agent[:MAX_USER_AGENT] if isinstance(facts.user_agent, str) else ""
    brands = tuple(brand[:64] for brand in _strings(facts.brands)[:MAX_BRANDS])
    family, version = _ua_family(ua)
    brand_family = next((_BRAND_FAMILIES[b] for b in brands if b in _BRAND_FAMILIES), None)
    vendor = brand_family is not None or any(b in _OTHER_VENDOR_BRANDS for b in brands)
    unbranded = "Chromium" in brands and not vendor
    headless = "HeadlessChrome" in ua or "HeadlessChrome" in brands
    if brand_family is not None:
        family = brand_family
    elif unbranded or headless:
        family = "chromium"
    touch = facts.max_touch_points
    os = _os(ua, facts.platform)
    ipad = os == "mac" and _is_number(touch) and touch > 1
    if ipad:
        os = "ios"
    if family == "safari" and os == "linux":
        # WebKitGTK and WPE copy Safari's user-agent string on Linux; Safari is Apple-only.
        family = "webkitgtk"
    return Browser(
        family=family,
        version=version,
        os=os,
        mobile=ipad or _mobile(ua, facts.mobile, os),
        ipad=ipad,
        headless=headless,
        webdriver=facts.webdriver if isinstance(facts.webdriver, bool) else None,
        unbranded=unbranded,
    )


def _ua_family(ua: str) -> tuple[str, int | None]:
    """Return the family and major version named by the user-agent string."""
    for family, pattern in _UA_FAMILIES:
        match = pattern.search(ua)
        if match:
            return family, int(match.group(1))
    return ("other" if ua.strip() else "unknown"), None


def _os(ua: str, platform: object) -> str:
    """Return the OS id, trusting ``userAgentData.platform`` over the UA string."""
    if isinstance(platform, str) and platform[:32].strip().lower() in _PLATFORMS:
        return _PLATFORMS[platform[:32].strip().lower()]
    for system, pattern in _UA_SYSTEMS:
        if pattern.search(ua):
            return system
    return "unknown"


def _mobile(ua: str, reported: object, os: str) -> bool:
    """Return whether this is a phone or tablet."""
    if isinstance(reported, bool):
        return reported
    # Android tablets leave "Mobile" out of the UA, but still run the Android browsers.
    return "Mobi" in ua or os in ("android", "ios")


def _strings(values: Any) -> tuple[str, ...]:
    """Return the strings in a list or tuple (the probe may hand over anything)."""
    if not isinstance(values, (list, tuple)):
        return ()
    return tuple(value for value in values if isinstance(value, str))


def _is_number(value: object) -> TypeGuard[int | float]:
    """Return whether ``value`` is an int or float (``bool`` excluded)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)
