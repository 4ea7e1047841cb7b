"""What a reader sees for real browsers: status per check and the words in the titles."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checker import CHECKS, Facts, Finding, Status, evaluate
from checker.rules import _RULES

Load = Callable[[str], dict[str, Any]]
Edit = Callable[[dict[str, Any], tuple[str, ...], Any], dict[str, Any]]

FIXTURE_NAMES = sorted(
    p.stem for p in (Path(__file__).parent / "fixtures").glob("*.json") if p.stem != "manifest"
)

WIDEVINE = ("eme", "key_systems", "com.widevine.alpha")


def judge(data: dict[str, Any]) -> dict[str, Finding]:
    """Return the findings for facts ``data``, by check id."""
    return {finding.check: finding for finding in evaluate(Facts.from_dict(data))}


def test_checks_are_exactly_the_published_ids() -> None:
    assert list(CHECKS) == [
        "secure-context", "automation", "eme", "widevine", "playready", "fairplay",
        "clearkey", "drm-robustness", "hdcp", "codec-avc", "codec-hevc", "codec-vp9",
        "codec-av1", "codec-aac", "codec-eac3", "display", "online", "bandwidth", "clock",
        "cookies", "local-storage", "indexed-db", "storage-quota", "ad-blocker",
    ]  # fmt: skip
    assert set(_RULES) == set(CHECKS)
    assert all(description.strip() for description in CHECKS.values())


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_one_finding_per_check_in_order(name: str, facts_json: Load) -> None:
    findings = evaluate(Facts.from_dict(facts_json(name)))
    assert [f.check for f in findings] == list(CHECKS)
    for finding in findings:
        assert isinstance(finding.status, Status)
        assert finding.title and finding.detail
        assert finding.title[0].isupper() and not finding.title.endswith(".")
        # The fallback for a rule that raised: realistic facts must never need it.
        assert "did not expect" not in finding.detail


# fixture -> check -> (status, words the title must contain)
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    "edge_windows_4k": {
        "playready": ("ok", "hardware"),
        "drm-robustness": ("ok", "Hardware"),
        "hdcp": ("ok", "HDCP 2.2"),
        "codec-hevc": ("ok", "HEVC"),
        "display": ("ok", "4K"),
    },
    "firefox_linux_drm_off": {
        "widevine": ("fail", "Widevine is not available"),
        "clearkey": ("warn", "basic encrypted-video test failed"),
        "hdcp": ("unknown", "HDCP"),
        "drm-robustness": ("unknown", "protection level"),
        "playready": ("ok", "not needed"),
        "ad-blocker": ("warn", "blocker is active"),
    },
    "firefox_windows_hevc": {
        "codec-hevc": ("ok", "treated as unavailable"),
        "widevine": ("ok", "Widevine is available"),
        "hdcp": ("warn", "only HDCP 1.4"),
        "drm-robustness": ("warn", "720p-1080p"),
    },
    "safari_macos": {
        "widevine": ("ok", "not used"),
        "fairplay": ("ok", "FairPlay is available"),
        "hdcp": ("unknown", "HDCP could not be checked"),
        "drm-robustness": ("unknown", "Safari"),
        "clearkey": ("ok", "not offered"),
        "codec-av1": ("ok", "optional"),
    },
    "ipad_safari": {
        "widevine": ("ok", "not used"),
        "fairplay": ("ok", "FairPlay is available"),
        "hdcp": ("unknown", "HDCP"),
        "display": ("ok", "Full HD"),
    },
    "headless_chromium": {
        "automation": ("fail", "automation software"),
        "widevine": ("fail", "Widevine is not available"),
        "clearkey": ("ok", "works"),
        "eme": ("ok", "supported"),
        "codec-avc": ("fail", "H.264"),
        "codec-aac": ("fail", "AAC"),
        "hdcp": ("unknown", "HDCP"),
    },
    "chrome_android": {
        "widevine": ("ok", "Widevine is available"),
        "drm-robustness": ("ok", "Hardware"),
        "display": ("ok", "Full HD"),
        "bandwidth": ("ok", "1080p"),
        "fairplay": ("ok", "not needed"),
    },
    "chrome_offline": {
        "online": ("fail", "offline"),
        "bandwidth": ("unknown", "Could not measure"),
        "clock": ("unknown", "clock"),
        "widevine": ("ok", "Widevine is available"),
    },
    "cookies_blocked": {
        "cookies": ("fail", "Cookies are blocked"),
        "local-storage": ("fail", "blocked"),
        "indexed-db": ("fail", "blocked"),
        "storage-quota": ("unknown", "storage space"),
    },
    "widevine_timeout": {
        "widevine": ("unknown", "did not answer in time"),
        "drm-robustness": ("unknown", "protection level"),
        "hdcp": ("unknown", "HDCP"),
        "eme": ("ok", "supported"),
    },
}


@pytest.mark.parametrize(
    ("name", "check", "status", "words"),
    [(n, c, s, w) for n, checks in EXPECTED.items() for c, (s, w) in checks.items()],
)
def test_fixture_findings(name: str, check: str, status: str, words: str, facts_json: Load) -> None:
    finding = judge(facts_json(name))[check]
    assert (finding.status, words in finding.title) == (status, True), finding


def test_healthy_chrome_on_windows_has_only_the_software_drm_warning(facts_json: Load) -> None:
    found = judge(facts_json("chrome_windows"))
    not_ok = {check: f.status for check, f in found.items() if f.status != Status.OK}
    assert not_ok == {"drm-robustness": Status.WARN}
    assert "720p-1080p" in found["drm-robustness"].title
    assert "4K" in found["bandwidth"].title


def test_empty_facts_are_all_unknown(facts_json: Load) -> None:
    assert {f.status for f in evaluate(Facts.from_dict(facts_json("empty")))} == {Status.UNKNOWN}


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_playready_never_fails(name: str, facts_json: Load) -> None:
    assert judge(facts_json(name))["playready"].status != Status.FAIL


def test_timed_out_probe_says_five_seconds(facts_json: Load) -> None:
    assert "5 seconds" in judge(facts_json("widevine_timeout"))["widevine"].detail


def test_firefox_without_widevine_points_to_the_drm_setting(facts_json: Load) -> None:
    detail = judge(facts_json("firefox_linux_drm_off"))["widevine"].detail
    assert "Play DRM-controlled content" in detail
    assert "downloading" in detail


def test_headless_widevine_failure_says_the_build_cannot_play_drm(facts_json: Load) -> None:
    found = judge(facts_json("headless_chromium"))
    assert "cannot play DRM video at all" in found["widevine"].detail
    assert "M7121-1331" in found["automation"].detail


@pytest.mark.parametrize(
    ("user_agent", "brands", "words"),
    [
        ("Mozilla/5.0 (Windows NT 10.0) Chrome/131.0.0.0 Safari/537.36", ["Google Chrome"],
         "chrome://components"),
        ("Mozilla/5.0 (Windows NT 10.0) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
         ["Opera", "Chromium"], "opera://components"),
        ("Mozilla/5.0 (Linux; Android 14) Chrome/131.0.0.0 Mobile Safari/537.36",
         ["Google Chrome"], "Update the browser"),
    ],
)  # fmt: skip
def test_missing_widevine_fix_fits_the_browser(
    user_agent: str, brands: list[str], words: str, facts_json: Load, edit: Edit
) -> None:
    data = edit(facts_json("chrome_windows"), WIDEVINE, {"supported": False})
    data["browser"].update(user_agent=user_agent, brands=brands, platform=None)
    finding = judge(data)["widevine"]
    assert finding.status == Status.FAIL
    assert words in finding.detail


def test_unbranded_chromium_with_widevine_is_only_a_warning(facts_json: Load, edit: Edit) -> None:
    data = edit(facts_json("chrome_windows"), ("browser", "brands"), ["Chromium", "Not_A Brand"])
    assert judge(data)["automation"].status == Status.WARN
    data = edit(data, WIDEVINE, {"supported": False, "error": "NotSupportedError"})
    found = judge(data)
    # One cause, one finding: the missing Widevine is the problem, told once with its fix.
    assert (found["automation"].status, found["widevine"].status) == (Status.OK, Status.FAIL)
    assert "plain Chromium" in found["widevine"].detail
    assert "not run by automation" in found["automation"].title


def test_missing_eme_fails_and_follows_the_browser(facts_json: Load, edit: Edit) -> None:
    chrome = judge(edit(facts_json("chrome_windows"), ("eme", "available"), False))
    assert chrome["eme"].status == chrome["widevine"].status == Status.FAIL
    safari = judge(edit(facts_json("safari_macos"), ("eme", "available"), False))
    assert safari["widevine"].status == Status.OK
    assert safari["fairplay"].status == Status.FAIL


def test_insecure_page_fails_secure_context_and_cannot_test_key_systems(
    facts_json: Load, edit: Edit
) -> None:
    data = edit(facts_json("chrome_windows"), ("browser", "secure_context"), False)
    data = edit(data, ("eme", "available"), False)
    found = judge(data)
    assert found["secure-context"].status == Status.FAIL
    assert found["eme"].status == Status.FAIL and "https://" in found["eme"].detail
    assert found["widevine"].status == found["clearkey"].status == Status.UNKNOWN


def test_edge_without_playready_warns_about_4k(facts_json: Load, edit: Edit) -> None:
    data = facts_json("edge_windows_4k")
    data["eme"]["key_systems"] = {
        k: v for k, v in data["eme"]["key_systems"].items() if "playready" not in k
    }
    data = edit(data, ("eme", "key_systems", "com.microsoft.playready.recommendation"),
                {"supported": False})  # fmt: skip
    found = judge(data)
    assert found["playready"].status == Status.WARN
    assert "4K" in found["playready"].detail


def test_hevc_missing_warns_only_where_it_carries_4k(facts_json: Load, edit: Edit) -> None:
    no_hevc = ("codecs", "hevc")
    edge = judge(edit(facts_json("edge_windows_4k"), no_hevc, {"mse": False}))["codec-hevc"]
    chrome = judge(edit(facts_json("chrome_windows"), no_hevc, {"mse": False}))["codec-hevc"]
    assert (edge.status, chrome.status) == (Status.WARN, Status.OK)
    assert "4K" in edge.title and "optional" in chrome.title


def test_4k_decoding_that_is_not_smooth_is_mentioned(facts_json: Load, edit: Edit) -> None:
    decoding = {"2160p": {"supported": True, "smooth": False, "power_efficient": False}}
    data = edit(facts_json("chrome_windows"), ("codecs", "vp9", "decoding"), decoding)
    assert "not play smoothly" in judge(data)["codec-vp9"].detail


@pytest.mark.parametrize(
    ("mbps", "status", "words"),
    [(0.8, "fail", "too slow"), (2.99, "fail", "too slow"), (3.0, "warn", "720p"),
     (4.99, "warn", "720p"), (5.0, "ok", "1080p"), (14.9, "ok", "1080p"), (15.0, "ok", "4K")],
)  # fmt: skip
def test_bandwidth_thresholds(
    mbps: float, status: str, words: str, facts_json: Load, edit: Edit
) -> None:
    finding = judge(edit(facts_json("chrome_windows"), ("network", "measured_mbps"), mbps))
    assert finding["bandwidth"].status == status
    assert words in finding["bandwidth"].title


def test_failed_speed_test_says_why(facts_json: Load) -> None:
    assert "Failed to fetch" in judge(facts_json("chrome_offline"))["bandwidth"].detail


@pytest.mark.parametrize(
    ("skew", "status", "words"),
    [(0.0, "ok", "right"), (-59, "ok", "right"), (61, "warn", "ahead"), (-300, "warn", "behind"),
     (301, "fail", "5 minutes ahead"), (-7200, "fail", "2 hours behind")],
)  # fmt: skip
def test_clock_skew(skew: float, status: str, words: str, facts_json: Load, edit: Edit) -> None:
    finding = judge(edit(facts_json("chrome_windows"), ("network", "clock_skew_s"), skew))
    assert (finding["clock"].status, words in finding["clock"].title) == (status, True)


def test_cookies_said_on_but_not_writable_fail(facts_json: Load, edit: Edit) -> None:
    finding = judge(edit(facts_json("chrome_windows"), ("storage", "cookie_write"), False))
    assert finding["cookies"].status == Status.FAIL
    assert "although" in finding["cookies"].title


@pytest.mark.parametrize(
    ("quota", "usage", "status"),
    [(40 * 2**20, 0, "warn"), (10 * 2**30, 9.5 * 2**30, "warn"), (10 * 2**30, 2**30, "ok")],
)
def test_storage_quota(quota: int, usage: float, status: str, facts_json: Load, edit: Edit) -> None:
    data = edit(facts_json("chrome_windows"), ("storage", "quota_bytes"), quota)
    data = edit(data, ("storage", "usage_bytes"), usage)
    assert judge(data)["storage-quota"].status == status


def test_ad_blocker_warns_and_names_the_code(facts_json: Load) -> None:
    finding = judge(facts_json("firefox_linux_drm_off"))["ad-blocker"]
    assert finding.status == Status.WARN and "M7121-1331" in finding.detail


def test_online_true_does_not_overclaim(facts_json: Load) -> None:
    finding = judge(facts_json("chrome_windows"))["online"]
    assert finding.status == Status.OK and "does not prove" in finding.detail


def test_small_desktop_screen_warns_but_phone_does_not(facts_json: Load, edit: Edit) -> None:
    screen = {"width": 1366, "height": 768, "pixel_ratio": 1}
    desktop = judge(edit(facts_json("chrome_windows"), ("display",), screen))["display"]
    phone = judge(edit(facts_json("chrome_android"), ("display",), screen))["display"]
    assert (desktop.status, phone.status) == (Status.WARN, Status.OK)


def test_hdcp_from_clearkey_alone_proves_nothing(facts_json: Load, edit: Edit) -> None:
    data = edit(facts_json("chrome_windows"), ("eme", "key_systems", "com.widevine.alpha", "hdcp"),
                None)  # fmt: skip
    assert judge(data)["hdcp"].status == Status.UNKNOWN


def test_rule_that_raises_becomes_unknown(facts_json: Load, edit: Edit) -> None:
    data = edit(facts_json("chrome_windows"), ("codecs", "vp9", "decoding"), {"2160p": [1]})
    found = judge(data)
    assert found["codec-vp9"].status == Status.UNKNOWN
    assert found["codec-avc"].status == Status.OK


def test_pure_modules_never_import_the_browser() -> None:
    root = Path(__file__).parents[2]
    code = (
        "import sys, checker, checker.browser, checker.report\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('js', 'pyodide') or m == 'checker.probe'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
