"""Findings that fit the engine, and judging that pathological browser strings cannot stall.

WebKitGTK on Linux says "Safari" in its user agent but is not Apple's browser; Firefox
with DRM switched off rejects every key system with "EME has been preffed off"; a browser
may send a 60,000-character user agent or a 5,000-digit version. Facts as the three
engines of ``make test`` report them (Debian's WebKitGTK 2.50 and Firefox ESR 153).
"""

from __future__ import annotations

import re
import time
from typing import Any

from checker import Facts, evaluate, run
from checker.browser import parse_browser

WEBKITGTK_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/60.5 Safari/605.1.15")
FIREFOX_ESR_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0"
PREFFED_OFF = "NotSupportedError: EME has been preffed off"
APPLE_WORDS = re.compile(r"macOS|iOS|iPhone|iPad")


def webkitgtk() -> dict[str, Any]:
    """What Debian's WebKitGTK reports: no EME at all, no navigator.storage."""
    return {
        "browser": {"user_agent": WEBKITGTK_UA, "webdriver": False, "secure_context": True,
                    "max_touch_points": 0},
        "eme": {"available": False, "key_systems": {}},
        "storage": {"cookie_enabled": True, "cookie_write": True, "quota_bytes": None},
    }


def firefox_drm_off() -> dict[str, Any]:
    """Firefox ESR with "Play DRM-controlled content" off: ClearKey works, the rest refuse."""
    refused = {"supported": False, "error": PREFFED_OFF}
    return {
        "browser": {"user_agent": FIREFOX_ESR_UA, "webdriver": False, "secure_context": True},
        "eme": {"available": True, "key_systems": {
            "com.widevine.alpha": refused,
            "com.microsoft.playready.recommendation": refused,
            "com.apple.fps": refused,
            "org.w3.clearkey": {"supported": True},
        }},
    }


def findings(data: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    """Return check -> (status, title, detail)."""
    return {f.check: (f.status.value, f.title, f.detail) for f in evaluate(Facts.from_dict(data))}


def test_webkitgtk_on_linux_is_not_safari() -> None:
    browser = parse_browser(Facts.from_dict(webkitgtk()).browser)
    assert (browser.family, browser.os, browser.uses_fairplay) == ("webkitgtk", "linux", False)
    assert browser.label.startswith("WebKitGTK")
    judged = findings(webkitgtk())
    text = " ".join(f"{title} {detail}" for _, title, detail in judged.values())
    assert not APPLE_WORDS.search(text), text
    assert judged["eme"][0] == "fail" and "GNOME Web" in judged["eme"][2]
    assert judged["widevine"][0] == "fail" and "Firefox or Chrome" in judged["widevine"][2]
    assert judged["fairplay"][0] == "ok"
    assert judged["storage-quota"][0] == "unknown"


def test_safari_on_a_mac_keeps_its_apple_advice() -> None:
    mac = webkitgtk()
    mac["browser"]["user_agent"] = WEBKITGTK_UA.replace("X11; Linux x86_64",
                                                        "Macintosh; Intel Mac OS X 10_15_7")
    assert parse_browser(Facts.from_dict(mac).browser).family == "safari"
    assert "macOS" in findings(mac)["fairplay"][2]


def test_firefox_with_drm_switched_off_names_the_setting() -> None:
    judged = findings(firefox_drm_off())
    for check in ("eme", "widevine"):
        status, _, detail = judged[check]
        assert status == "fail"
        assert '"Play DRM-controlled content"' in detail
    # Automated or not, the refusal says why: the setting is the fix.
    automated = firefox_drm_off()
    automated["browser"]["webdriver"] = True
    assert '"Play DRM-controlled content"' in findings(automated)["widevine"][2]


def test_pathological_browser_strings_are_judged_at_once() -> None:
    huge = {
        "browser": {
            "user_agent": "Mozilla/5.0 " + "(" * 30_000 + " Firefox/" + "9" * 5_000,
            "brands": ["Chromium" * 1_000] * 5_000,
            "platform": "x" * 60_000,
        },
        "eme": {"available": True, "key_systems": {
            "com.widevine.alpha": {"supported": False, "error": "e" * 100_000},
        }},
    }
    started = time.perf_counter()
    report = run(huge, {"checks": {}}, "M7702-1003")
    assert time.perf_counter() - started < 1.0
    assert {f["check"] for f in report["findings"]} >= {"widevine", "eme", "automation"}
    assert all("did not expect" not in f["detail"] for f in report["findings"])


def test_a_five_thousand_digit_version_is_no_number() -> None:
    facts = Facts.from_dict({"browser": {"user_agent": "Mozilla/5.0 Firefox/" + "1" * 5_000}})
    browser = parse_browser(facts.browser)
    assert browser.family == "firefox"
    assert browser.version is not None and browser.version < 10**6
