"""``checker.probe`` against a fake host, on plain CPython (no browser needed).

The browser tests show the probe works in Pyodide; these pin down the host-call contract
(op names, arguments, reply envelopes) and the promises the probe makes whatever the
browser answers: a dict ``Facts.from_dict`` accepts, no exception, no hang.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from checker import httpdate, main, plans, probe
from checker.facts import (
    BlockerFacts,
    BrowserFacts,
    DisplayFacts,
    Facts,
    KeySystemFacts,
    NetworkFacts,
    StorageFacts,
)

Reply = Callable[[dict[str, Any]], Any]

HEADLESS_ENV = {
    "navigator.userAgent": ("string", "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0"),
    "navigator.userAgentData.brands": ("object", [{"brand": "Chromium", "version": "156"}]),
    "navigator.userAgentData.platform": ("string", "Linux"),
    "navigator.userAgentData.mobile": ("boolean", False),
    "navigator.maxTouchPoints": ("number", 0),
    "navigator.webdriver": ("boolean", True),
    "isSecureContext": ("boolean", True),
    "WebAssembly": ("object", {}),
    "screen.width": ("number", 1920),
    "screen.height": ("number", 1080),
    "devicePixelRatio": ("number", 2),
    "navigator.onLine": ("boolean", True),
    "navigator.connection.effectiveType": ("string", "4g"),
    "navigator.connection.downlink": ("number", 10),
    "navigator.connection.rtt": ("number", 50),
    "navigator.connection.saveData": ("boolean", False),
    "navigator.cookieEnabled": ("boolean", True),
    "navigator.requestMediaKeySystemAccess": ("function", None),
    "MediaKeys": ("function", None),
    "MediaKeySystemAccess.prototype.getConfiguration": ("function", None),
    "MediaKeys.prototype.getStatusForPolicy": ("function", None),
    "MediaSource": ("function", None),
    "ManagedMediaSource": ("undefined", None),
    "navigator.mediaCapabilities.decodingInfo": ("function", None),
}


def _access(args: dict[str, Any]) -> Any:
    if args["keySystem"] != "org.w3.clearkey":
        raise HostRejects("NotSupportedError", "Unsupported keySystem")
    return {"handle": 1, "configuration": args["configs"][0]}


OPS: dict[str, Reply] = {
    "read": lambda args: {p: {"type": t, "value": v} for p, (t, v) in HEADLESS_ENV.items()},
    "intl": lambda args: {"timeZone": "Europe/Berlin", "locale": "en-GB"},
    "progress": lambda args: None,
    "eme.access": _access,
    "eme.createMediaKeys": lambda args: {"handle": 2},
    "eme.policy": lambda args: "usable",
    "eme.release": lambda args: None,
    "mse.isTypeSupported": lambda args: {t: "ec-3" not in t for t in args["types"]},
    "mediaCapabilities.decodingInfo": lambda args: {
        "supported": True, "smooth": True, "powerEfficient": False},
    "matchMedia": lambda args: dict.fromkeys(args["queries"], False),
    "download": lambda args: {"status": 200, "bytes": 2_097_152, "ms": 400.0,
                              "date": "Sat, 22 Nov 2025 10:00:00 GMT",
                              "receivedAt": 1_763_805_610_500, "aborted": False},
    "cookie.roundtrip": lambda args: {"ok": True},
    "localStorage.roundtrip": lambda args: {"ok": True},
    "indexedDB.open": lambda args: {"ok": True},
    "storage.estimate": lambda args: {"quota": 10_000_000_000, "usage": 1234},
    "bait": lambda args: {"blocked": False},
}


class HostRejects(Exception):
    """Raised by a fake op to answer with an ``ok: false`` envelope."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name, self.message = name, message


class FakeHost:
    """A host call backed by Python functions; records every op it was asked."""

    HANG = object()

    def __init__(self, **overrides: Reply | object) -> None:
        self.ops: dict[str, Any] = {**OPS, **{k.replace("__", "."): v for k, v in
                                              overrides.items()}}
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def __call__(self, op: str, args_json: str) -> str:
        args = json.loads(args_json)
        self.calls.append((op, args))
        handler = self.ops.get(op)
        if handler is self.HANG:
            await asyncio.Event().wait()  # a JS promise that never settles
        if handler is None:
            return json.dumps({"ok": False, "name": "NotSupportedError", "message": op})
        try:
            return json.dumps({"ok": True, "value": handler(args)})
        except HostRejects as error:
            return json.dumps({"ok": False, "name": error.name, "message": error.message})


def run[T](coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` on a fresh loop in another thread.

    Playwright's sync API (the browser tests next door) may hold a running loop in this
    thread, where ``asyncio.run`` refuses to start.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def gather(host: FakeHost, timeout_s: float = 0.3) -> dict[str, Any]:
    """Probe ``host``; return the typed facts as the report's JSON shows them."""
    facts = run(probe.gather(host, timeout_s=timeout_s))
    assert isinstance(facts, Facts)
    data: dict[str, Any] = json.loads(json.dumps(facts.to_dict()))
    return data


def assert_known_keys(data: dict[str, Any], kind: type) -> None:
    """Every key the probe emits is a field of the facts dataclass it becomes."""
    fields = {f.name: f for f in dataclasses.fields(kind)}
    assert set(data) <= set(fields), set(data) - set(fields)


def test_headless_chromium_facts_fit_the_contract() -> None:
    facts = gather(FakeHost())
    assert_known_keys(facts, Facts)
    groups = {"browser": BrowserFacts, "display": DisplayFacts, "network": NetworkFacts,
              "storage": StorageFacts, "blockers": BlockerFacts}
    for group, kind in groups.items():
        assert_known_keys(facts[group], kind)
    for entry in facts["eme"]["key_systems"].values():
        assert_known_keys(entry, KeySystemFacts)
    parsed = Facts.from_dict(facts)
    assert parsed.browser.brands == ("Chromium",)
    assert parsed.browser.webdriver is True
    assert parsed.eme.available is True
    widevine = parsed.eme.key_systems["com.widevine.alpha"]
    assert widevine.supported is False and "NotSupportedError" in (widevine.error or "")
    clearkey = parsed.eme.key_systems["org.w3.clearkey"]
    assert clearkey.supported is True and clearkey.hdcp is None  # the control gets no HDCP
    assert parsed.codecs["eac3"].mse is False
    assert parsed.codecs["hevc"].decoding["2160p"] == {
        "supported": True, "smooth": True, "power_efficient": False}
    assert parsed.display.width == 1920 and parsed.display.pixel_ratio == 2.0
    assert parsed.network.measured_mbps == pytest.approx(41.9, abs=0.1)
    assert parsed.network.clock_skew_s == pytest.approx(10.0)
    assert parsed.storage.cookie_write is True and parsed.storage.quota_bytes == 10_000_000_000
    assert parsed.timed_out == ()


def test_every_key_system_is_asked_with_codecs_and_robustness() -> None:
    host = FakeHost()
    gather(host)
    asked = {args["keySystem"]: args["configs"] for op, args in host.calls if op == "eme.access"}
    assert set(asked) == {
        "com.widevine.alpha", "com.microsoft.playready.recommendation",
        "com.microsoft.playready.recommendation.3000", "com.apple.fps", "org.w3.clearkey"}
    for configs in asked.values():
        for config in configs:
            assert all("codecs=" in cap["contentType"] for cap in config["videoCapabilities"])
    levels = {cap.get("robustness") for cap in asked["com.widevine.alpha"][0]["videoCapabilities"]}
    assert levels == set(plans.WIDEVINE_ROBUSTNESS)


def test_granted_levels_and_hdcp_are_read_from_the_answer() -> None:
    def access(args: dict[str, Any]) -> Any:
        config = args["configs"][0]
        software = [
            c for c in config["videoCapabilities"]
            if c.get("robustness", "").startswith("SW_") and c["encryptionScheme"] == "cenc"
        ]
        return {"handle": 7, "configuration": {**config, "videoCapabilities": software}}

    def policy(args: dict[str, Any]) -> str:
        return "usable" if float(args["minHdcpVersion"]) <= 1.4 else "output-restricted"

    facts = Facts.from_dict(gather(FakeHost(eme__access=access, eme__policy=policy)))
    widevine = facts.eme.key_systems["com.widevine.alpha"]
    assert widevine.supported is True
    assert widevine.robustness == ("SW_SECURE_CRYPTO", "SW_SECURE_DECODE")
    assert widevine.encryption_schemes == ("cenc",)
    assert widevine.hdcp is not None
    assert widevine.hdcp["1.4"] == "usable" and widevine.hdcp["2.2"] == "output-restricted"


def test_a_request_that_never_settles_times_out_instead_of_hanging() -> None:
    started = time.monotonic()
    facts = gather(FakeHost(eme__access=FakeHost.HANG, bait=FakeHost.HANG), timeout_s=0.3)
    assert time.monotonic() - started < 1.5, "timeouts must run concurrently"
    widevine = facts["eme"]["key_systems"]["com.widevine.alpha"]
    assert (widevine["supported"], widevine["timed_out"]) == (None, True)
    assert "eme:com.widevine.alpha" in facts["timed_out"]
    assert "blockers:bait" in facts["timed_out"]
    assert facts["blockers"]["bait_blocked"] is None
    assert facts["codecs"]["avc"]["mse"] is True  # the others were not held up


def test_createmediakeys_failure_is_not_support() -> None:
    def fail(args: dict[str, Any]) -> Any:
        raise HostRejects("NotSupportedError", "CDM failed to start")

    facts = gather(FakeHost(eme__createMediaKeys=fail))
    clearkey = facts["eme"]["key_systems"]["org.w3.clearkey"]
    assert clearkey["supported"] is False
    assert clearkey["error"] == "createMediaKeys: NotSupportedError: CDM failed to start"


def test_missing_apis_give_false_or_none_never_an_exception() -> None:
    env = {p: {"type": "undefined", "value": None} for p in HEADLESS_ENV}
    facts = gather(FakeHost(read=lambda args: env, download=FakeHost.HANG))
    assert facts["eme"] == {"available": False, "key_systems": {}}
    assert facts["browser"]["webassembly"] is False
    assert facts["network"]["online"] is None
    assert facts["network"]["measured_mbps"] is None
    assert "network:download" in facts["timed_out"]
    Facts.from_dict(facts)


def test_garbage_answers_are_survived() -> None:
    class Garbage(FakeHost):
        async def __call__(self, op: str, args_json: str) -> str:
            return {"read": "not json", "intl": "[1, 2]"}.get(op, json.dumps({"ok": True,
                                                                          "value": 42}))

    facts = gather(Garbage())
    parsed = Facts.from_dict(facts)
    assert parsed.eme.available is None
    assert parsed.browser.user_agent == ""
    assert parsed.storage.cookie_write is None


@pytest.mark.parametrize(
    ("reply", "mbps", "error", "timed_out"),
    [
        ({"status": 200, "bytes": 1_000_000, "ms": 1000, "aborted": True}, 8.0, None, False),
        ({"status": 200, "bytes": 1000, "ms": 4000, "aborted": True}, None, "too little", False),
        ({"status": None, "bytes": 0, "aborted": True}, None, "no answer within 4 s", True),
        ({"status": 404, "bytes": 100, "ms": 1}, None, "HTTP status 404", False),
    ],
)
def test_download_outcomes(reply: dict[str, Any], mbps: float | None, error: str | None,
                           timed_out: bool) -> None:
    facts = gather(FakeHost(download=lambda args: reply))
    network = facts["network"]
    assert network["measured_mbps"] == mbps
    assert (network["download_error"] is None) if error is None else (
        error in network["download_error"])
    assert ("network:download" in facts["timed_out"]) is timed_out


def test_the_bait_goes_out_first_and_waits_alongside_the_others() -> None:
    # Its wait (for cosmetic filters) is most of the check's time: it must not come last.
    host = FakeHost()
    gather(host)
    ops = [op for op, _ in host.calls if op != "progress"]
    assert ops[0] == "bait", ops[:4]
    assert ops[1:3] == ["read", "intl"]


@pytest.mark.parametrize(
    ("date", "skew"),
    [
        ("Sat, 22 Nov 2025 10:00:00 GMT", 10.0),  # IMF-fixdate, what servers send
        ("Saturday, 22-Nov-25 10:00:00 GMT", 10.0),  # RFC 850
        ("Sat Nov 22 10:00:00 2025", 10.0),  # asctime
        ("Sat Nov  2 10:00:00 2025", 20 * 86400 + 10.0),
        ("Sat, 22 Nov 2025 10:00:00 +0000", 10.0),
        ("22 Nov 2025 10:00:00 UTC", 10.0),
        ("Sat, 22 Nov 2025 10:00:00 PST", None),  # HTTP dates are GMT: anything else is odd
        ("Sat, 31 Feb 2025 10:00:00 GMT", None),
        ("Sat, 22 Nov 2025 10:00 GMT", None),
        ("Sat, 22 Nov 2025 1O:00:00 GMT", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_clock_skew_reads_the_http_date_forms(date: str, skew: float | None) -> None:
    received = 1_763_805_610_500  # 2025-11-22 10:00:10.5 UTC, in ms
    assert httpdate.clock_skew(date, received) == (None if skew is None else pytest.approx(skew))


def test_http_date_agrees_with_the_email_parser() -> None:
    from email.utils import parsedate_to_datetime

    for date in ("Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                 "Sun Nov  6 08:49:37 1994", "Thu, 01 Jan 2099 23:59:59 GMT",
                 "Mon, 29 Feb 2044 00:00:00 GMT"):
        assert httpdate.http_date(date) == parsedate_to_datetime(date).timestamp(), date


def test_run_check_returns_report_and_text() -> None:
    manifest = {"version": 1, "codes": {"M7702-1003": {"url": "/codes/m7702-1003/"}},
                "causes": {}, "checks": {
        "widevine": [{"code": "M7702-1003", "cause": "drm-component",
                      "url": "/codes/m7702-1003/#drm-component"}]}}
    result = json.loads(run(main.run_check(FakeHost(), json.dumps(manifest), "M7702-1003",
                                            "https://example.org")))
    widevine = next(f for f in result["report"]["findings"] if f["check"] == "widevine")
    assert widevine["status"] == "fail"
    assert widevine["links"][0]["url"] == "/codes/m7702-1003/#drm-component"
    assert result["report"]["verdict"]["causes"] == ["drm-component"]
    assert "Page: https://example.org/codes/m7702-1003/" in result["text"]
