"""The verdict comes first and answers for the page's code; findings mark only what bears on it.

Scenarios of issue 12: on NSES-404 (a page-not-found code whose causes include the device
and the connection) an ordinary 1366x768 laptop without Widevine explains nothing; on
M7702-1003 the missing Widevine is the answer, with its section.
"""

from __future__ import annotations

import copy
from typing import Any

from checker import judge, report_to_text
from tests.checker.conftest import load_json


def manifest() -> dict[str, Any]:
    """The fixture manifest plus NSES-404, whose causes are all low but the page's own."""
    data = copy.deepcopy(load_json("manifest"))
    data["codes"]["NSES-404"] = {"title": "NSES-404", "url": "/codes/nses-404/"}
    data["causes"]["device-compatibility"] = {"title": "Device or browser not up to the job",
                                              "url": "/causes/device-compatibility/"}
    for check in ("display", "hdcp", "drm-robustness", "codec-hevc"):
        data["checks"].setdefault(check, []).append(
            {"code": "NSES-404", "cause": "device-compatibility",
             "url": "/codes/nses-404/#device-compatibility", "likelihood": "low"})
    for check in ("online", "bandwidth"):
        data["checks"][check].append(
            {"code": "NSES-404", "cause": "network-connectivity",
             "url": "/codes/nses-404/#network-connectivity", "likelihood": "low"})
    for entry in data["checks"]["widevine"]:
        entry["likelihood"] = "high"
    for entry in data["checks"]["automation"]:
        entry["likelihood"] = "medium"
    return data


def laptop_without_widevine() -> dict[str, Any]:
    """Headless Chromium (no Widevine) on a 1366x768 screen, online."""
    data = load_json("headless_chromium")
    data["display"] = {"width": 1366, "height": 768, "pixel_ratio": 1.0}
    return data


def test_nothing_in_this_browser_explains_a_page_not_found_code() -> None:
    report = judge(laptop_without_widevine(), manifest(), "NSES-404")
    verdict = report.verdict
    assert (verdict.status.value, verdict.code, verdict.causes) == ("ok", "NSES-404", ())
    assert verdict.title == "Nothing in this browser explains NSES-404"
    marked = [(f.check, link.url) for f in report.findings for link in f.links
              if link.code == "NSES-404"]
    assert marked == [], marked
    display = next(f for f in report.findings if f.check == "display")
    assert display.status.value == "warn"  # still reported, only not blamed for the code


def test_missing_widevine_is_the_answer_for_m7702_1003() -> None:
    report = judge(laptop_without_widevine(), manifest(), "M7702-1003")
    verdict = report.verdict
    assert verdict.status.value == "fail"
    assert "Widevine" in verdict.title
    assert verdict.causes[0] == "drm-component"
    text = report_to_text(report, "https://help.example")
    assert len(text) <= 1500 and "Widevine" in text.splitlines()[2]


def test_likeliest_cause_wins_over_the_order_of_checks() -> None:
    # automation (medium, unsupported-browser) comes before widevine in CHECKS, but
    # drm-component is M7701-1003's likelier cause.
    verdict = judge(laptop_without_widevine(), manifest(), "M7701-1003").verdict
    assert verdict.causes[0] == "drm-component" and "Widevine" in verdict.title


def test_plain_chromium_without_widevine_is_one_problem() -> None:
    data = laptop_without_widevine()
    data["browser"]["webdriver"] = False
    data["browser"]["user_agent"] = data["browser"]["user_agent"].replace("HeadlessChrome",
                                                                          "Chrome")
    report = judge(data, manifest(), None)
    problems = [f.check for f in report.findings if f.status.value == "fail"]
    # (This fixture's Chromium also lacks H.264 and AAC: other problems, other fixes.)
    assert "widevine" in problems and "automation" not in problems, problems


def test_off_a_code_page_the_verdict_is_the_worst_finding() -> None:
    verdict = judge(laptop_without_widevine(), manifest(), None).verdict
    assert verdict.status.value == "fail" and verdict.code is None


def two_services_sharing_1003() -> dict[str, Any]:
    """A manifest where service "alpha" has code 1003 caused by a missing DRM component,
    and service "beta" shows the same code 1003 for a connection problem only."""
    return {
        "version": 1,
        "codes": {
            "alpha/1003": {"code": "1003", "service": "alpha", "url": "/alpha/1003/"},
            "beta/1003": {"code": "1003", "service": "beta", "url": "/beta/1003/"},
        },
        "causes": {"drm-component": {"title": "DRM component", "url": "/causes/drm/"},
                   "network-connectivity": {"title": "Connection", "url": "/causes/net/"}},
        "checks": {
            "widevine": [{"code": "1003", "service": "alpha", "cause": "drm-component",
                          "url": "/alpha/1003/#drm-component", "likelihood": "high"}],
            "online": [{"code": "1003", "service": "beta", "cause": "network-connectivity",
                        "url": "/beta/1003/#network-connectivity", "likelihood": "high"}],
        },
    }


def test_a_code_shared_by_two_services_is_answered_for_the_page_s_service() -> None:
    # Without Widevine, service alpha's 1003 is explained; beta's 1003 is not, although
    # the codes are spelled the same.
    alpha = judge(laptop_without_widevine(), two_services_sharing_1003(), "1003",
                  current_service="alpha")
    beta = judge(laptop_without_widevine(), two_services_sharing_1003(), "1003",
                 current_service="beta")
    assert alpha.verdict.status.value == "fail" and alpha.verdict.causes == ("drm-component",)
    assert beta.verdict.status.value == "ok", beta.verdict
    assert beta.verdict.title == "Nothing in this browser explains 1003"
    assert (alpha.page_url, beta.page_url) == ("/alpha/1003/", "/beta/1003/")
    widevine = next(f for f in beta.findings if f.check == "widevine")
    assert [link.to_json()["service"] for link in widevine.links] == ["alpha"]
