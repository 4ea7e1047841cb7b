"""The report contract: exact keys, links only where something is wrong, current code first."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from checker import CHECKS, Facts, evaluate, judge, report_to_text, run
from checker.report import build_report, parse_manifest

Load = Callable[[str], dict[str, Any]]


def by_check(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the report's findings by check id."""
    return {finding["check"]: finding for finding in report["findings"]}


def test_report_has_exactly_the_contract_keys(facts_json: Load, manifest: dict[str, Any]) -> None:
    report = run(facts_json("headless_chromium"), manifest, None)
    assert set(report) == {"version", "verdict", "facts", "findings"}
    assert report["version"] == 1
    assert set(report["verdict"]) == {"status", "title", "detail", "code", "causes"}
    assert isinstance(report["facts"], dict)
    assert [f["check"] for f in report["findings"]] == list(CHECKS)
    for finding in report["findings"]:
        assert set(finding) == {"check", "status", "title", "detail", "links"}
        assert type(finding["status"]) is str
        assert finding["status"] in {"ok", "warn", "fail", "unknown"}
        for link in finding["links"]:
            assert set(link) == {"code", "service", "cause", "url", "title", "cause_url"}
    assert json.loads(json.dumps(report)) == json.loads(json.dumps(report, sort_keys=True))


def test_facts_round_trip_into_the_report(facts_json: Load, manifest: dict[str, Any]) -> None:
    data = facts_json("edge_windows_4k")
    report = run(data, manifest, None)
    assert report["facts"] == Facts.from_dict(data).to_dict()
    assert report["facts"]["browser"]["user_agent"] == data["browser"]["user_agent"]


def test_ok_findings_get_no_links(facts_json: Load, manifest: dict[str, Any]) -> None:
    found = by_check(run(facts_json("chrome_windows"), manifest, "M7702-1003"))
    assert found["widevine"]["status"] == "ok"
    assert found["widevine"]["links"] == []
    assert all(f["links"] == [] for f in found.values() if f["status"] == "ok")


def test_links_follow_manifest_order(facts_json: Load, manifest: dict[str, Any]) -> None:
    found = by_check(run(facts_json("headless_chromium"), manifest, None))
    links = found["widevine"]["links"]
    assert [{k: link[k] for k in ("code", "cause", "url")} for link in links] == (
        manifest["checks"]["widevine"])
    # Each link carries its label and the cause's page: the page needs no manifest.
    cause = manifest["causes"]["drm-component"]
    assert (links[0]["title"], links[0]["cause_url"]) == (cause["title"], cause["url"])
    assert [link["code"] for link in found["automation"]["links"]] == ["M7121-1331", "M7701-1003"]


def test_current_code_links_come_first(facts_json: Load, manifest: dict[str, Any]) -> None:
    for code in ("M7702-1003", "m7702-1003"):
        found = by_check(run(facts_json("headless_chromium"), manifest, code))
        assert [link["code"] for link in found["widevine"]["links"]] == [
            "M7702-1003", "M7701-1003"
        ]  # fmt: skip
    found = by_check(run(facts_json("headless_chromium"), manifest, "M7701-1003"))
    assert [link["code"] for link in found["automation"]["links"]] == ["M7701-1003", "M7121-1331"]


def test_unknown_findings_get_links_too(facts_json: Load, manifest: dict[str, Any]) -> None:
    found = by_check(run(facts_json("widevine_timeout"), manifest, None))
    assert found["widevine"]["status"] == "unknown"
    assert len(found["widevine"]["links"]) == 2


def test_build_report_matches_run(facts_json: Load, manifest: dict[str, Any]) -> None:
    data = facts_json("firefox_linux_drm_off")
    facts = Facts.from_dict(data)
    report = build_report(facts, evaluate(facts), parse_manifest(manifest), "M7701-1003")
    assert report.to_json() == run(data, manifest, "M7701-1003")


def test_report_does_not_share_manifest_objects(facts_json: Load, manifest: dict[str, Any]) -> None:
    report = run(facts_json("headless_chromium"), manifest, None)
    by_check(report)["widevine"]["links"][0]["url"] = "/changed/"
    assert manifest["checks"]["widevine"][0]["url"] != "/changed/"


def test_malformed_manifests_give_no_links(facts_json: Load) -> None:
    bad_link = {"code": "M7702-1003", "url": "/codes/m7702-1003/"}
    manifest: dict[str, Any]
    for manifest in ({}, {"checks": []}, {"checks": {"widevine": "x"}},
                     {"checks": {"widevine": [bad_link, 3]}}):  # fmt: skip
        found = by_check(run(facts_json("headless_chromium"), manifest, None))
        assert found["widevine"]["links"] == []


def test_report_as_text(facts_json: Load, manifest: dict[str, Any]) -> None:
    report = judge(facts_json("headless_chromium"), manifest, "M7702-1003")
    text = report_to_text(report, base_url="https://help.example/")
    lines = text.splitlines()
    assert len(text) <= 1500
    assert lines[:2] == ["Browser check report", "Browser: Chromium 131 on Linux"]
    assert lines[2].startswith("Found it: Widevine is not available")
    problems = [f for f in report.findings if f.status.value == "fail"]
    assert len([line for line in lines if line.startswith("[FAIL] ")]) == len(problems)
    assert lines[-1] == "Page: https://help.example/codes/m7702-1003/"
    # Only what the page shows: no user agent, no key-system dump.
    assert report.facts.browser.user_agent not in text


def test_text_of_an_empty_report(facts_json: Load) -> None:
    text = report_to_text(judge(facts_json("empty"), {}, None))
    assert "Browser: An unknown browser on an unknown system" in text
    assert "Nothing found that stops streaming" in text


def test_text_stays_short_whatever_the_browser_says() -> None:
    huge = {"browser": {"user_agent": "x" * 60_000},
            "eme": {"available": False}, "network": {"online": False}}
    assert len(report_to_text(judge(huge, {}, "M7702-1003"))) <= 1500
