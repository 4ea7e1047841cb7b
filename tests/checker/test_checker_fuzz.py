"""Whatever the probe sends, ``run`` answers: one finding per check, a valid status, JSON.

Three strategies, from wild to tame: any JSON value; the facts' shape with any JSON in
every field; and well-typed facts, where no rule may fall back to "did not expect".
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import CHECKS, judge, report_to_text
from checker import facts as facts_module

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,  # keep .hypothesis/ out of the working tree
    suppress_health_check=[HealthCheck.too_slow],
)

MANIFEST = {
    "version": 1,
    "checks": {
        check: [{"code": "X-1", "cause": "c", "url": f"/codes/x-1/#{check}"}] for check in CHECKS
    },
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)

KEY_SYSTEMS = st.sampled_from(
    ["com.widevine.alpha", "com.microsoft.playready.recommendation",
     "com.microsoft.playready.recommendation.3000", "com.apple.fps", "org.w3.clearkey"]
) | st.text(max_size=12)  # fmt: skip
CODECS = st.sampled_from(["avc", "hevc", "vp9", "av1", "aac", "eac3"]) | st.text(max_size=6)


def _fields(kind: type) -> list[str]:
    return [f.name for f in dataclasses.fields(kind)]


def _group(kind: type, values: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of ``kind``'s fields, each drawn from ``values(field_name)``."""
    return st.fixed_dictionaries({}, optional={name: values(name) for name in _fields(kind)})


def _shaped(values: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Facts-shaped dicts whose leaves come from ``values(field_name)``."""
    eme = st.fixed_dictionaries(
        {},
        optional={
            "available": values("available"),
            "key_systems": st.dictionaries(
                KEY_SYSTEMS, _group(facts_module.KeySystemFacts, values), max_size=5
            ),
        },
    )
    groups = {
        "browser": _group(facts_module.BrowserFacts, values),
        "eme": eme,
        "codecs": st.dictionaries(CODECS, _group(facts_module.CodecFacts, values), max_size=6),
        "display": _group(facts_module.DisplayFacts, values),
        "network": _group(facts_module.NetworkFacts, values),
        "storage": _group(facts_module.StorageFacts, values),
        "blockers": _group(facts_module.BlockerFacts, values),
        "timed_out": st.lists(st.text(max_size=10), max_size=3),
    }
    return st.fixed_dictionaries({}, optional=groups)


def _any_json(_name: str) -> st.SearchStrategy[Any]:
    return json_values


USER_AGENTS = st.sampled_from(
    ["", "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
     "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
     "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Version/18.1 Safari/605.1.15",
     "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0.0.0 Safari/537.36"]
) | st.text(max_size=20)  # fmt: skip
BRANDS = st.lists(
    st.sampled_from(["Google Chrome", "Microsoft Edge", "Opera", "Chromium", "Not_A Brand"])
)
LEVELS = st.sampled_from(["SW_SECURE_CRYPTO", "SW_SECURE_DECODE", "HW_SECURE_ALL", "3000", ""])
HDCP = st.dictionaries(
    st.sampled_from(["1.0", "1.4", "2.2", "2.3", "x"]),
    st.sampled_from(["usable", "output-restricted", "status-pending", "internal-error"]),
)
DECODING = st.dictionaries(
    st.sampled_from(["1080p", "2160p"]),
    st.fixed_dictionaries(
        {}, optional={k: st.booleans() for k in ("supported", "smooth", "power_efficient")}
    ),
)
maybe_bool = st.none() | st.booleans()
number = st.none() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=True)
TYPED: dict[str, st.SearchStrategy[Any]] = {
    "user_agent": USER_AGENTS,
    "brands": BRANDS,
    "platform": st.none() | st.sampled_from(["Windows", "macOS", "Linux", "Android", "x"]),
    "max_touch_points": st.none() | st.integers(0, 10),
    "time_zone": st.none() | st.text(max_size=10),
    "error": st.none() | st.text(max_size=20),
    "timed_out": st.booleans(),
    "robustness": st.lists(LEVELS, max_size=4),
    "encryption_schemes": st.lists(st.sampled_from(["cenc", "cbcs"]), max_size=2),
    "hdcp": st.none() | HDCP,
    "content_type": st.text(max_size=10),
    "decoding": DECODING,
    "effective_type": st.none() | st.sampled_from(["4g", "3g", "slow-2g"]),
    "download_error": st.none() | st.text(max_size=20),
}


def _typed(name: str) -> st.SearchStrategy[Any]:
    """Values of the type the facts field ``name`` declares."""
    if name in TYPED:
        return TYPED[name]
    if name.endswith(("_mbps", "_ms", "_s", "_bytes", "ratio", "width", "height")):
        return number
    return maybe_bool


def _check(data: Any, manifest: Any, code: str | None) -> dict[str, Any]:
    """Judge ``data`` once; check the JSON and the text of the one typed report."""
    typed = judge(data, manifest, code)
    report = typed.to_json()
    assert set(report) == {"version", "verdict", "facts", "findings"}
    assert [f["check"] for f in report["findings"]] == list(CHECKS)
    assert {f["status"] for f in report["findings"]} <= {"ok", "warn", "fail", "unknown"}
    for finding in report["findings"]:
        assert finding["links"] == [] or finding["status"] != "ok"
    json.dumps(report)
    assert len(report_to_text(typed)) <= 1500
    return report


@SETTINGS
@given(json_values, st.none() | st.text(max_size=12))
def test_any_json_value_never_crashes(data: Any, code: str | None) -> None:
    _check(data, MANIFEST, code)


@SETTINGS
@given(_shaped(_any_json), json_values)
def test_facts_shaped_input_with_any_values_never_crashes(data: Any, manifest: Any) -> None:
    _check(data, manifest, "X-1")


@SETTINGS
@given(_shaped(_typed))
def test_well_typed_facts_are_judged_without_fallback(data: dict[str, Any]) -> None:
    report = _check(data, MANIFEST, None)
    assert not [f for f in report["findings"] if "did not expect" in f["detail"]]
