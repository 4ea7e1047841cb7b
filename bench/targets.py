"""Which targets hold, from the measured figures.

Build targets are judged on wall seconds, as stated, and again on CPU seconds (user +
system of the build process), which other work on a shared machine does not inflate.
"""

from __future__ import annotations

from typing import Any

LINEAR_LIMIT = 5.5
"""Time at 5,000 codes within 5.5x the time at 1,000."""
PAGE_BYTES_DRIFT = 0.10
"""Bytes per code page within 10% from 100 to 5,000 codes."""
GENERATOR_SHARE = 0.15
"""The generator's own share of the build under 15%."""
BASELINE_LIMIT = 1.5
"""The whole build within 1.5x bare MkDocs + Material."""
COLD_OVER_BARE = 1.3
WARM_SECONDS = 0.5
LONG_TASK_MS = 200.0
PAGE_WEIGHT_BYTES = 400 * 1024
VALIDATE_RATIO = 0.1
"""Validation at 5,000 codes within a tenth of jsonschema alone (same run): the schema
check, and the whole ``validate_dir`` (loading, schema, prose, cross references)."""
RELOAD_SECONDS = 3.0
"""Edit-to-reload of a code's YAML at 1,000 codes under ``make serve``."""
SEARCH_BYTES = 300 * 1024
"""A first search at 5,000 codes fetches at most 300 KB..."""
SEARCH_GROWTH = 2.0
"""...and at most twice what it fetches at 1,000 codes."""
LOOKUP_BYTES = 100 * 1024
"""One code lookup at 5,000 codes fetches at most 100 KB."""


def evaluate(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return one entry per target: its value, its limit and whether it holds."""
    build: list[dict[str, Any]] = results.get("build") or []
    checker: dict[str, Any] | None = results.get("checker")
    weight: dict[str, Any] | None = results.get("page_weight")
    targets: dict[str, dict[str, Any]] = {}
    by_n = {row["codes"]: row for row in build}
    if 1000 in by_n and 5000 in by_n:
        low, high = by_n[1000], by_n[5000]
        targets["build_linear"] = _target(
            "build time at 5,000 codes / at 1,000", high["seconds"] / low["seconds"],
            LINEAR_LIMIT, cpu=high["cpu_seconds"] / low["cpu_seconds"], unit="x")
    if len(by_n) > 1:
        first = by_n[min(by_n)]["bytes_per_code_page"]
        drift = max(abs(row["bytes_per_code_page"] / first - 1) for row in build)
        targets["page_bytes_stable"] = _target(
            f"largest change of bytes per code page from {min(by_n):,} codes", drift,
            PAGE_BYTES_DRIFT, kind="within", unit="%")
    if build:
        worst = max(build, key=lambda row: row["generator_share"])
        worst_cpu = max(row["generator_cpu_share"] for row in build)
        targets["generator_share"] = _target(
            f"generator's share of the build (worst N: {worst['codes']:,})",
            worst["generator_share"], GENERATOR_SHARE, strict=True, cpu=worst_cpu, unit="%")
        worst = max(build, key=lambda row: row["site_over_baseline"])
        worst_cpu = max(row["site_over_baseline_cpu"] for row in build)
        targets["site_vs_baseline"] = _target(
            f"site build / bare MkDocs build (worst N: {worst['codes']:,})",
            worst["site_over_baseline"], BASELINE_LIMIT, cpu=worst_cpu, unit="x")
    if checker and "cold_s" in checker:
        targets["checker_cold"] = _target("checker cold / bare Pyodide start",
                                          checker["cold_s"] / checker["pyodide_bare_s"],
                                          COLD_OVER_BARE, unit="x")
        targets["checker_warm"] = _target("checker warm run", checker["warm_s"],
                                          WARM_SECONDS, strict=True, unit="s")
        targets["no_wasm_before_button"] = _target(
            ".wasm files fetched before the button", checker["wasm_before_button"], 0)
        targets["longest_task"] = _target("longest main-thread task while checking",
                                          checker["longest_task_ms"], LONG_TASK_MS,
                                          strict=True, unit="ms")
    if weight and "bytes" in weight:
        targets["page_weight"] = _target("code page bytes before the button", weight["bytes"],
                                         PAGE_WEIGHT_BYTES, strict=True, unit="bytes")
        targets["page_no_wasm"] = _target("WebAssembly responses before the button",
                                          weight["wasm_requests"], 0)
    targets |= _scale_targets(results)
    return targets


def _scale_targets(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Targets of the figures each measured at several N (issue 14)."""
    targets: dict[str, dict[str, Any]] = {}
    validation = (results.get("validation") or {}).get("5000")
    if validation:
        targets["validate_ratio"] = _target(
            "schema validation of 5,000 codes / jsonschema alone", validation["schema_ratio"],
            VALIDATE_RATIO, unit="x")
        targets["validate_dir_ratio"] = _target(
            "whole validation (validate_dir) of 5,000 codes / with jsonschema alone",
            validation["validate_dir_ratio"], VALIDATE_RATIO, unit="x")
    reload = (results.get("reload") or {}).get("1000")
    if reload:
        targets["reload"] = _target(
            "edit-to-reload of a code at 1,000 codes (make serve, Chromium)",
            reload["code"]["median_s"], RELOAD_SECONDS, unit="s",
            cpu=reload["code"].get("server_cpu_s"))
    search = results.get("search_first_query_bytes") or {}
    if "5000" in search:
        worst = max(search["5000"], key=lambda kind: search["5000"][kind])
        targets["search_bytes"] = _target(
            f"first search at 5,000 codes (worst: a {worst})", search["5000"][worst],
            SEARCH_BYTES, unit="bytes")
        if "1000" in search:
            growth = max(search["5000"][k] / search["1000"][k] for k in search["5000"])
            targets["search_flat"] = _target("first search at 5,000 codes / at 1,000 (worst)",
                                             growth, SEARCH_GROWTH, unit="x")
    lookup = results.get("lookup_bytes") or {}
    if "5000" in lookup:
        targets["lookup_bytes"] = _target("one code lookup at 5,000 codes", lookup["5000"],
                                          LOOKUP_BYTES, unit="bytes")
    return targets


def _target(what: str, value: float, limit: float, *, strict: bool = False,
            kind: str = "at most", cpu: float | None = None,
            unit: str = "") -> dict[str, Any]:
    """One target; ``unit`` says how to show it: x, %, s, ms, bytes or '' (a count)."""

    def holds(x: float) -> bool:
        return x < limit if strict else x <= limit

    entry: dict[str, Any] = {"what": what, "value": round(value, 4),
                             "limit": limit, "rule": "under" if strict else kind,
                             "unit": unit, "holds": holds(value)}
    if cpu is not None:
        entry |= {"value_cpu": round(cpu, 4), "holds_cpu": holds(cpu)}
    return entry
