"""Build figures for each N: the site and the baseline, timed, sized and broken down."""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import sites, synth

SiteHook = Callable[[synth.Synthetic, Path], None]
"""Called with each N's content and its first site build, before the site is removed."""


def measure_sizes(plan: Sequence[tuple[int, int]], work: Path, *,
                  say: Callable[[str], None] = print, keep: bool = False,
                  on_site: SiteHook | None = None) -> list[dict[str, Any]]:
    """Measure each ``(codes, repeats)`` of ``plan``; return one figure dict per N.

    Site and baseline builds alternate, so slow drift (other load on the machine)
    touches both alike. Times are medians over the repeats; sizes come from the first.
    Work folders are removed after each N unless ``keep``.
    """
    from checker.rules import CHECKS

    figures = []
    for codes, repeats in plan:
        folder = work / f"n{codes}"
        shutil.rmtree(folder, ignore_errors=True)
        made = synth.generate(folder / "content", codes, known_checks=list(CHECKS))
        say(f"N={codes}: {len(made.causes)} causes, {made.aliases} aliases, "
            f"{made.bytes / 1e6:.1f} MB of YAML; {repeats} build(s) of each")
        site_env = sites.build_env(made.content_dir, checker=False)
        site_runs: list[sites.Build] = []
        base_runs: list[sites.Build] = []
        outputs: dict[str, sites.Output] = {}
        baseline_config: Path | None = None
        for repeat in range(repeats):
            first = repeat == 0
            run = sites.build(sites.CONFIG, folder / "site", env=site_env, logs=folder / "logs",
                              dump=folder / "generated" if first else None)
            site_runs.append(run)
            if first:
                outputs["site"] = sites.measure(folder / "site", made.codes)
                if on_site is not None:
                    on_site(made, folder / "site")
                baseline_config = sites.prepare_baseline(folder / "generated",
                                                         folder / "baseline")
            shutil.rmtree(folder / "site", ignore_errors=True)
            assert baseline_config is not None
            base = sites.build(baseline_config, folder / "baseline-site",
                               env=sites.build_env(None, checker=False), logs=folder / "logs")
            base_runs.append(base)
            if first:
                outputs["baseline"] = sites.measure(folder / "baseline-site", made.codes)
            shutil.rmtree(folder / "baseline-site", ignore_errors=True)
            say(f"  site {run.seconds:6.1f} s (cpu {run.cpu_seconds:6.1f} s, generator "
                f"{run.times['hooks_total']:5.1f} s)   baseline {base.seconds:6.1f} s "
                f"(cpu {base.cpu_seconds:6.1f} s)")
        figures.append(_figure(made, site_runs, base_runs, outputs))
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return figures


def _figure(made: synth.Synthetic, site: list[sites.Build], base: list[sites.Build],
            outputs: dict[str, sites.Output]) -> dict[str, Any]:
    med = statistics.median
    seconds, baseline = med(r.seconds for r in site), med(r.seconds for r in base)
    cpu, baseline_cpu = med(r.cpu_seconds for r in site), med(r.cpu_seconds for r in base)
    generator = med(r.times["hooks_total"] for r in site)
    generator_cpu = med(r.times["hooks_cpu_total"] for r in site)
    names = sorted({name for r in site for name in r.times["seconds"] if name != "dump"})
    return {
        "codes": len(made.codes),
        "seconds": round(seconds, 3),
        "baseline_seconds": round(baseline, 3),
        "generator_seconds": round(generator, 3),
        "site_bytes": outputs["site"].bytes,
        "bytes_per_code_page": round(outputs["site"].code_page_bytes),
        "peak_rss_mb": round(max(r.peak_rss_mb for r in site), 1),
        "causes": len(made.causes),
        "aliases": made.aliases,
        "content_bytes": made.bytes,
        "site_files": outputs["site"].files,
        "search_index_bytes": outputs["site"].search_index_bytes,
        "cpu_seconds": round(cpu, 3),
        "baseline_cpu_seconds": round(baseline_cpu, 3),
        "generator_cpu_seconds": round(generator_cpu, 3),
        "generator_share": round(generator / seconds, 4),
        "generator_cpu_share": round(generator_cpu / cpu, 4),
        "site_over_baseline": round(seconds / baseline, 3),
        "site_over_baseline_cpu": round(cpu / baseline_cpu, 3),
        "baseline_site_bytes": outputs["baseline"].bytes,
        "baseline_bytes_per_code_page": round(outputs["baseline"].code_page_bytes),
        "baseline_peak_rss_mb": round(max(r.peak_rss_mb for r in base), 1),
        "generator_breakdown_seconds": {
            name: round(med(r.times["seconds"].get(name, 0.0) for r in site), 4)
            for name in names
        },
        "generator_breakdown_cpu_seconds": {
            name: round(med(r.times["cpu_seconds"].get(name, 0.0) for r in site), 4)
            for name in names
        },
        "runs": {
            "seconds": [round(r.seconds, 3) for r in site],
            "baseline_seconds": [round(r.seconds, 3) for r in base],
            "cpu_seconds": [round(r.cpu_seconds, 3) for r in site],
            "baseline_cpu_seconds": [round(r.cpu_seconds, 3) for r in base],
        },
    }
