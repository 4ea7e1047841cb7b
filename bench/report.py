"""The outputs: ``bench/results.json``, the printed table, and BENCHMARKS.md's figures.

BENCHMARKS.md is hand-written except between ``<!-- bench:begin -->`` and
``<!-- bench:end -->``, which every run replaces with the latest figures.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

PHASES = ("checker", "build", "validate", "search", "reload")
"""Every phase of ``python -m bench`` (as bench/__main__.py runs them)."""


def write_results(results: dict[str, Any], path: Path) -> None:
    """Write ``results`` as indented JSON."""
    path.write_text(json.dumps(results, indent=2) + "\n", "utf-8")


def read_results(path: Path) -> dict[str, Any]:
    """Return the figures of an earlier run (nothing if there was none)."""
    if not path.is_file():
        return {}
    earlier: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return earlier


def table(results: dict[str, Any]) -> str:
    """Return the plain-text summary printed at the end of a run."""
    lines = [f"{'codes':>6} {'site s':>8} {'base s':>8} {'site/base':>9} {'gen s':>7} "
             f"{'gen %':>6} {'cpu s':>7} {'base cpu':>8} {'site MB':>8} {'B/page':>7} "
             f"{'RSS MB':>7}"]
    for row in results.get("build", []):
        lines.append(
            f"{row['codes']:>6,} {row['seconds']:>8.1f} {row['baseline_seconds']:>8.1f} "
            f"{row['site_over_baseline']:>8.2f}x {row['generator_seconds']:>7.1f} "
            f"{row['generator_share'] * 100:>5.1f}% {row['cpu_seconds']:>7.1f} "
            f"{row['baseline_cpu_seconds']:>8.1f} {row['site_bytes'] / 1e6:>8.1f} "
            f"{row['bytes_per_code_page']:>7,} {row['peak_rss_mb']:>7.0f}")
    checker = results.get("checker") or {}
    if "cold_s" in checker:
        lines.append(f"checker: cold {checker['cold_s']:.2f} s, warm {checker['warm_s']:.3f} s, "
                     f"bare Pyodide {checker['pyodide_bare_s']:.2f} s, longest task "
                     f"{checker['longest_task_ms']:.0f} ms")
    elif "error" in checker:
        lines.append(f"checker: not measured ({checker['error']})")
    if results.get("page_weight_bytes") is not None:
        lines.append(f"page weight before the button: {results['page_weight_bytes']:,} bytes")
    for name, target in results.get("targets", {}).items():
        unit = target.get("unit", "")
        verdict = "holds" if target["holds"] else "FAILS"
        cpu = (f" (CPU {_value(target['value_cpu'], unit)}: "
               f"{'holds' if target['holds_cpu'] else 'FAILS'})" if "value_cpu" in target else "")
        lines.append(f"target {name}: {_value(target['value'], unit)}, {target['rule']} "
                     f"{_value(target['limit'], unit)}: {verdict}{cpu}")
    lines.append(f"bench wall time: {results.get('bench_seconds', 0):.0f} s")
    return "\n".join(lines)


def update_markdown(results: dict[str, Any], path: Path, plot: str) -> None:
    """Replace the figures section of ``path`` (create the file if it is missing)."""
    section = f"{BEGIN}\n{figures_markdown(results, plot)}\n{END}"
    text = path.read_text("utf-8") if path.is_file() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    path.write_text(pattern.sub(lambda _: section, text, count=1), "utf-8")


def figures_markdown(results: dict[str, Any], plot: str) -> str:
    """Return the generated Markdown: machine, build table, ratios, checker, targets."""
    machine = results["machine"]
    out = [
        f"Measured {results['date']} by `make bench` (`python -m bench`) in "
        f"{results['bench_seconds'] / 60:.1f} min on {machine['cpus']} cores "
        f"({machine['cpu_model']}), {machine['memory_gb']:.0f} GB RAM, Python "
        f"{machine['python']}, MkDocs {machine['mkdocs']}, Material {machine['material']}, "
        f"Chromium {machine.get('chromium', '?')}, Pyodide {machine.get('pyodide', '?')}. "
        f"Load average {machine['load_before']:.1f} before, {machine['load_after']:.1f} after "
        "(other work on the machine slows wall time, not CPU time)"
        + (f"; run at nice {machine['nice']}." if machine.get("nice") else "."),
        "",
    ]
    phases = results.get("phases")
    if phases and set(phases) != set(PHASES):
        out += [f"That run (`--only {','.join(phases)}`) measured {', '.join(phases)}; the "
                "other figures are kept from earlier runs (`bench/results.json`).", ""]
    build = results.get("build", [])
    if build:
        out += [
            "### Build",
            "",
            "| codes | causes | site s (CPU s) | baseline s (CPU s) | site / baseline "
            "| generator s (share) | site MB | search index MB | bytes / code page "
            "| peak RSS MB |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in build:
            out.append(
                f"| {row['codes']:,} | {row['causes']} | {row['seconds']:.1f} "
                f"({row['cpu_seconds']:.1f}) | {row['baseline_seconds']:.1f} "
                f"({row['baseline_cpu_seconds']:.1f}) | {row['site_over_baseline']:.2f}x "
                f"({row['site_over_baseline_cpu']:.2f}x CPU) | {row['generator_seconds']:.1f} "
                f"({row['generator_share'] * 100:.0f}%) | {row['site_bytes'] / 1e6:.1f} | "
                f"{row['search_index_bytes'] / 1e6:.1f} | {row['bytes_per_code_page']:,} | "
                f"{row['peak_rss_mb']:.0f} |")
        out += ["", *_ratios(build), "", f"![Build seconds against N]({plot})", ""]
        worst = max(build, key=lambda row: row["codes"])
        cpu = worst["generator_breakdown_cpu_seconds"]
        parts = sorted(((name, value) for name, value in cpu.items()
                        if name.startswith("fn.") and value >= 0.05), key=lambda kv: -kv[1])
        if parts:
            out += [f"Generator CPU time at {worst['codes']:,} codes, by function (inside "
                    "the hooks): " + ", ".join(f"`{name[3:]}` {value:.1f} s"
                                               for name, value in parts) + ".", ""]
    checker = results.get("checker") or {}
    if "cold_s" in checker:
        runs = checker["runs"]
        out += [
            "### Checker (headless Chromium, localhost, "
            f"{len(runs['cold_s'])} runs, medians)",
            "",
            "| cold s | warm s | bare Pyodide s | cold / bare | longest task while checking |",
            "| ---: | ---: | ---: | ---: | ---: |",
            f"| {checker['cold_s']:.2f} | {checker['warm_s']:.3f} | "
            f"{checker['pyodide_bare_s']:.2f} | {checker['cold_over_bare']:.2f}x | "
            + (f"{checker['longest_task_ms']:.0f} ms |" if checker["long_tasks"]
               else "none of 50 ms or more |"),
            "",
            f"Runs: cold {_list(runs['cold_s'])} s; warm {_list(runs['warm_s'])} s; bare "
            f"{_list(runs['pyodide_bare_s'])} s. {_phases(checker)}"
            "`.wasm` fetched before the button: "
            f"{checker['wasm_before_button']}. Long tasks (>= 50 ms) while checking: "
            f"{checker['long_tasks']} (observer verified: "
            f"{'yes' if checker['longtask_observer_verified'] else 'NO'}); longest during "
            f"page load, before the button: {checker['page_load_longest_task_ms']:.0f} ms.",
            "",
        ]
    elif "error" in checker:
        out += ["### Checker", "", f"Not measured: {checker['error']}", ""]
    weight = results.get("page_weight") or {}
    if "bytes" in weight:
        out += [
            f"### Page weight of `{weight['page']}` before the button (uncompressed)",
            "",
            "| " + " | ".join(weight["by_type"]) + " | total |",
            "|" + " ---: |" * (len(weight["by_type"]) + 1),
            "| " + " | ".join(f"{v / 1024:.0f} KiB" for v in weight["by_type"].values())
            + f" | **{weight['bytes'] / 1024:.0f} KiB** ({weight['bytes']:,} B) |",
            "",
            "Largest: " + ", ".join(f"`{r['url']}` {r['bytes'] / 1024:.0f} KiB"
                                    for r in weight["largest"][:5]) + ".",
            "",
        ]
    out += scale_markdown(results)
    targets = results.get("targets", {})
    if targets:
        out += ["### Targets", "", "| target | measured | limit | holds |",
                "| --- | ---: | ---: | --- |"]
        for target in targets.values():
            unit = target.get("unit", "")
            cpu = (f" (CPU {_value(target['value_cpu'], unit)}: "
                   f"{'yes' if target['holds_cpu'] else 'no'})" if "value_cpu" in target else "")
            out.append(f"| {target['what']} | {_value(target['value'], unit)} | "
                       f"{target['rule']} {_value(target['limit'], unit)} | "
                       f"{'yes' if target['holds'] else '**no**'}{cpu} |")
    return "\n".join(out).rstrip("\n")


def scale_markdown(results: dict[str, Any]) -> list[str]:
    """The figures that follow a reader or a contributor as the site grows, per N."""
    out: list[str] = []
    validation = results.get("validation") or {}
    if validation:
        out += [
            "### Validation (CPU seconds, medians of 3 rounds in one process)",
            "",
            "| codes | files | schema check | jsonschema alone | ratio | whole `validate_dir` "
            "| jsonschema alone | ratio | of which loading YAML | sent to jsonschema |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for n, row in sorted(validation.items(), key=lambda kv: int(kv[0])):
            out.append(
                f"| {int(n):,} | {row['files']:,} | {row['schema_s']:.3f} s | "
                f"{row['schema_jsonschema_s']:.2f} s | {row['schema_ratio']:.3f}x | "
                f"{row['validate_dir_s']:.2f} s | {row['validate_dir_jsonschema_s']:.2f} s | "
                f"{row['validate_dir_ratio']:.2f}x | {row['load_s']:.2f} s | "
                f"{row['jsonschema_fallbacks']} |")
        out += ["", "`validate_s` in results.json is the whole `validate_dir` (what `make "
                "check` and every build wait for); the schema check alone is in `validation`.",
                ""]
    reload = results.get("reload") or {}
    if reload:
        out += [
            "### Edit-to-reload under `make serve` (seconds from the save to the open page "
            "showing it, medians of 3)",
            "",
            "| codes | code edit | server CPU | runs | cause edit | server CPU | runs |",
            "| ---: | ---: | ---: | --- | ---: | ---: | --- |",
        ]
        for n, row in sorted(reload.items(), key=lambda kv: int(kv[0])):
            code, cause = row["code"], row["cause"]
            out.append(
                f"| {int(n):,} | {code['median_s']:.2f} s | {_cpu(code)} | "
                f"{_list(code['runs_s'])} | {cause['median_s']:.2f} s | {_cpu(cause)} | "
                f"{_list(cause['runs_s'])} |")
        out += ["", "Server CPU: user + system seconds of `make serve`'s processes over the "
                "same window (the rebuild, the watcher, the reload), which other work on the "
                "machine does not inflate.", ""]
    search = results.get("search") or {}
    if search:
        out += [
            "### A reader's first search and one lookup (bytes fetched, uncompressed)",
            "",
            "| codes | search for a code | requests | search for a word | requests "
            "| lookup of a code | index on disk |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        disk = {str(row["codes"]): row.get("search_index_bytes") for row in
                results.get("build", [])}
        for n, row in sorted(search.items(), key=lambda kv: int(kv[0])):
            on_disk = disk.get(n)
            out.append(
                f"| {int(n):,} | {row['code']['bytes']:,} B | {row['code']['requests']} | "
                f"{row['word']['bytes']:,} B | {row['word']['requests']} | "
                f"{row['lookup']['bytes']:,} B | "
                + (f"{on_disk / 1e6:.1f} MB |" if on_disk else "? |"))
        last = search[max(search, key=int)]
        out += ["", f"At {int(max(search, key=int)):,} codes the search for "
                f"`{last['code']['query']}` fetched: "
                + ", ".join(f"`{r['url'].split('?')[0]}` {r['bytes']:,} B"
                            for r in last["code"]["largest"][:5])
                + f"; the search for `{last['word']['query']}` showed "
                f"{last['word']['results_shown']} results of \"{last['word']['count_text']}\".",
                ""]
    return out


def _cpu(row: dict[str, Any]) -> str:
    cpu = row.get("server_cpu_s")
    return "?" if cpu is None else f"{cpu:.2f} s"


def _ratios(build: list[dict[str, Any]]) -> list[str]:
    by_n = {row["codes"]: row for row in build}
    lines = []
    ns = sorted(by_n)
    for low, high in itertools.pairwise(ns):
        a, b = by_n[low], by_n[high]
        lines.append(
            f"- {high:,}/{low:,} codes ({high / low:g}x the content): site "
            f"{b['seconds'] / a['seconds']:.2f}x (CPU {b['cpu_seconds'] / a['cpu_seconds']:.2f}x)"
            f", baseline {b['baseline_seconds'] / a['baseline_seconds']:.2f}x (CPU "
            f"{b['baseline_cpu_seconds'] / a['baseline_cpu_seconds']:.2f}x); bytes per code page "
            f"{b['bytes_per_code_page'] / a['bytes_per_code_page']:.3f}x.")
    for row in build:
        lines.append(f"- {row['codes']:,} codes: site/baseline = {row['site_over_baseline']:.2f}x "
                     f"(CPU {row['site_over_baseline_cpu']:.2f}x); generator share "
                     f"{row['generator_share'] * 100:.1f}% (CPU "
                     f"{row['generator_cpu_share'] * 100:.1f}%).")
    return lines


def _phases(checker: dict[str, Any]) -> str:
    split = checker.get("cold_phases_s") or {}
    if not split:
        return ""
    return ("A cold run's phases (medians, from the checker's progress messages): "
            + ", ".join(f"{name} {value:.2f} s" for name, value in split.items())
            + f"; cold / its own Pyodide phase = {checker['cold_over_own_pyodide']:.2f}x "
            "(the same run, so the machine's noise cancels). ")


def _value(value: float, unit: str) -> str:
    """Show a target's value in its unit."""
    if unit == "x":
        return f"{value:.2f}x" if value >= 1 else f"{value:.3f}x"
    if unit == "%":
        return f"{value * 100:.1f}%"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "bytes":
        return f"{value:,.0f} B ({value / 1024:.0f} KiB)"
    return f"{value:g}"


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)
