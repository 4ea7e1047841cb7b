"""``python -m bench``: measure, then write results.json, build.png and BENCHMARKS.md.

Phases: (1) the checker and the page weight on the real site built with its checker
assets; (2) the site and baseline builds for each N of the plan; (3) validation, the
compiled validator against jsonschema alone, for each N. Results are written after each
phase, so a failure late in the run keeps what was measured. ``--only`` runs some phases
and keeps the other figures of the last results.json.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import builds, report, sites, targets

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_PLAN = "100:3,1000:1,5000:1"
PHASES = report.PHASES
"""``search`` is the reader's side at each N: a first search and a code lookup, in Chromium,
on the site the build phase built (or on its own build when run without it). ``reload``
is the contributor's: edit-to-reload under ``make serve``, at each N up to 1,000."""


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks the arguments ask for; return the exit status."""
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    phases = _phases(args)
    results: dict[str, Any] = {
        "build": [], "checker": None, "page_weight_bytes": None, "validate_s": {},
        "validation": {}, "search_first_query_bytes": {}, "lookup_bytes": {},
        "search": {}, "reload_s": {}, "reload": {},
    }
    if set(phases) != set(PHASES):  # a partial run updates the last full one
        results |= report.read_results(args.out)
    results |= {"date": datetime.date.today().isoformat(), "plan": args.plan,
                "phases": sorted(phases),
                "machine": {**results.get("machine", {}), **_machine()}}
    plan = [(int(n), int(r)) for n, r in (item.split(":") for item in args.plan.split(","))]

    def save() -> None:
        results["targets"] = targets.evaluate(results)
        results["bench_seconds"] = round(time.perf_counter() - started, 1)
        results["machine"]["load_after"] = os.getloadavg()[0]
        report.write_results(results, args.out)

    load = results["machine"]["load_before"]
    if load > 1.5:
        _say(f"Load average {load:.1f}: other work is running, so wall times will be inflated "
             "(CPU times stay comparable).")
    if "checker" in phases:
        _say("Checker and page weight, on the real site with its checker assets")
        _checker_phase(results, work, rounds=args.rounds)
        save()
    on_site = _reader_figures(results) if "search" in phases else None
    if "build" in phases:
        results["build"] = builds.measure_sizes(plan, work, say=_say, keep=args.keep,
                                                on_site=on_site)
        save()
    elif on_site is not None:
        _own_sites([n for n, _ in plan], work, on_site, keep=args.keep)
        save()
    if "reload" in phases:
        _reload_phase(results, [n for n, _ in plan if n <= RELOAD_MAX], work, keep=args.keep)
        save()
    if "validate" in phases:
        _validate_phase(results, [n for n, _ in plan], work, keep=args.keep)
        save()
    if results["build"]:
        from bench.plot import draw

        draw(results["build"], args.plot,
             title=f"Build time against codes ({results['machine']['cpus']} cores)")
    save()
    if args.markdown is not None:
        report.update_markdown(results, args.markdown,
                               os.path.relpath(args.plot, args.markdown.parent))
    print(report.table(results))
    if not args.keep:
        shutil.rmtree(work / "checker-site", ignore_errors=True)
    return 0


def _checker_phase(results: dict[str, Any], work: Path, *, rounds: int) -> None:
    """Build the real site with the checker, serve it, measure in Chromium."""
    from playwright.sync_api import sync_playwright

    from bench import checker, weight
    from bench.browser import launch
    from bench.serve import serving

    site_dir = work / "checker-site"
    try:
        built = sites.build(sites.CONFIG, site_dir, env=sites.build_env(None, checker=True),
                            logs=work / "logs")
        assets = {name: _folder_bytes(site_dir / "assets" / name) for name in ("pyodide", "kb")}
        results["checker_assets"] = {
            "build_seconds": round(built.seconds, 2),
            "post_build_seconds": round(built.times["seconds"].get("hook.on_post_build", 0), 3),
            "pyodide_bytes": assets["pyodide"], "kb_bytes": assets["kb"],
        }
        index_path = checker.write_bare_page(site_dir)
        results["machine"]["pyodide"] = index_path.rstrip("/").rsplit("/", 1)[-1]
        with serving(site_dir) as base_url, sync_playwright() as playwright:
            browser = launch(playwright)
            results["machine"]["chromium"] = browser.version
            try:
                page = weight.measure(browser, base_url, checker.CODE_PAGE)
                results["page_weight"] = page
                results["page_weight_bytes"] = page["bytes"]
                _say(f"  page weight {page['bytes']:,} bytes ({page['requests']} requests)")
                results["checker"] = checker.measure(browser, base_url, index_path,
                                                     rounds=rounds, say=_say)
            finally:
                browser.close()
    except Exception as error:  # record what failed; the build figures still come
        _say(f"  checker not measured: {error}")
        results["checker"] = {"error": str(error).splitlines()[0][:300]}


def _reader_figures(results: dict[str, Any]) -> builds.SiteHook:
    """Measure a first search (a code, a word) and a lookup on each N's built site."""

    def measure(made: Any, site_dir: Path) -> None:
        from playwright.sync_api import sync_playwright

        from bench import search
        from bench.browser import launch
        from bench.serve import serving

        n = str(len(made.codes))
        code = made.codes[len(made.codes) // 2]
        with serving(site_dir) as base_url, sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                figures = {"code": search.first_search(browser, base_url, code),
                           "word": search.first_search(browser, base_url, SEARCH_WORD),
                           "lookup": search.lookup(browser, base_url, code)}
            finally:
                browser.close()
        results["search"][n] = figures
        results["search_first_query_bytes"][n] = {
            "code": figures["code"]["bytes"], "word": figures["word"]["bytes"]}
        results["lookup_bytes"][n] = figures["lookup"]["bytes"]
        _say(f"  first search: {code} {figures['code']['bytes']:,} B, '{SEARCH_WORD}' "
             f"{figures['word']['bytes']:,} B; lookup {figures['lookup']['bytes']:,} B")

    return measure


SEARCH_WORD = "browser"
"""A word of the synthetic vocabulary that many pages' introductions have."""


def _own_sites(sizes: list[int], work: Path, on_site: builds.SiteHook, *, keep: bool) -> None:
    """Build each N's site once (no baseline, no timing) for the reader's figures."""
    from bench import synth
    from checker.rules import CHECKS

    for codes in sizes:
        folder = work / f"search-n{codes}"
        made = synth.generate(folder / "content", codes, known_checks=list(CHECKS))
        _say(f"N={codes}: building the site for the search figures")
        sites.build(sites.CONFIG, folder / "site", env=sites.build_env(made.content_dir,
                                                                      checker=False),
                    logs=folder / "logs")
        on_site(made, folder / "site")
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


RELOAD_MAX = 1000
"""Edit-to-reload is measured up to this N (a contributor's preview, not a deployment)."""


def _reload_phase(results: dict[str, Any], sizes: list[int], work: Path, *,
                  keep: bool) -> None:
    """Seconds from saving a code's (then a cause's) YAML to the open page showing it."""
    from playwright.sync_api import sync_playwright

    from bench import reload, synth
    from bench.browser import launch
    from checker.rules import CHECKS
    for codes in sizes:
        folder = work / f"reload-n{codes}"
        made = synth.generate(folder / "content", codes, known_checks=list(CHECKS))
        code = made.codes[len(made.codes) // 2]
        code_file = made.content_dir / "codes" / synth.SERVICE / f"{code.lower()}.yaml"
        code_url = f"/{synth.SERVICE}/{code.lower()}/"
        cause_id = _first_cause(code_file)
        _say(f"N={codes}: make serve, then edits of {code_file.name} and causes/{cause_id}.yaml")
        with reload.serving(made.content_dir, folder / "serve.log") as base_url, \
                sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                figures = {
                    "code": reload.edit_to_reload(browser, base_url, code_url, code_file,
                                                  "summary"),
                    "cause": reload.edit_to_reload(
                        browser, base_url, code_url,
                        made.content_dir / "causes" / f"{cause_id}.yaml", "title"),
                }
            finally:
                browser.close()
        results["reload"][str(codes)] = figures
        results["reload_s"][str(codes)] = figures["code"]["median_s"]
        _say(f"  code edit {figures['code']['median_s']:.2f} s {figures['code']['runs_s']} "
             f"(server CPU {figures['code']['server_cpu_s']} s), cause edit "
             f"{figures['cause']['median_s']:.2f} s {figures['cause']['runs_s']} "
             f"(server CPU {figures['cause']['server_cpu_s']} s)")
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _first_cause(code_file: Path) -> str:
    """A cause the code's page shows in full: its most likely one."""
    import yaml

    from generator.model import LIKELIHOOD

    causes = yaml.safe_load(code_file.read_text("utf-8"))["causes"]
    ranked = sorted(causes, key=lambda ref: LIKELIHOOD.index(ref["likelihood"]))
    return str(ranked[0]["cause"])


def _validate_phase(results: dict[str, Any], sizes: list[int], work: Path, *,
                    keep: bool) -> None:
    """Validation seconds per N: compiled validator first, against jsonschema alone."""
    from bench import synth, validation
    from checker.rules import CHECKS

    for codes in sizes:
        folder = work / f"validate-n{codes}"
        shutil.rmtree(folder, ignore_errors=True)
        made = synth.generate(folder / "content", codes, known_checks=list(CHECKS))
        figures = validation.measure(made.content_dir)
        results["validation"][str(codes)] = figures
        # The whole validate_dir (loading, schema, prose, cross references): what `make
        # check` and every build wait for; the schema check alone is in "validation".
        results["validate_s"][str(codes)] = figures["validate_dir_s"]
        _say(f"N={codes}: schema check {figures['schema_s']:.2f} s, jsonschema alone "
             f"{figures['schema_jsonschema_s']:.2f} s ({figures['schema_ratio']:.3f}x); "
             f"validate_dir {figures['validate_dir_s']:.2f} s against "
             f"{figures['validate_dir_jsonschema_s']:.2f} s; loading {figures['load_s']:.2f} s")
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _phases(args: argparse.Namespace) -> list[str]:
    """The phases to run: --only, less --skip-build and --skip-checker."""
    chosen = [p.strip() for p in args.only.split(",")] if args.only else list(PHASES)
    unknown = [p for p in chosen if p not in PHASES]
    if unknown:
        raise SystemExit(f"--only: unknown phase(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(PHASES)}")
    skipped = {name for name, skip in (("build", args.skip_build),
                                       ("checker", args.skip_checker)) if skip}
    return [p for p in chosen if p not in skipped]


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = next((line.split(":", 1)[1].strip() for line in
                      cpuinfo.read_text().splitlines() if line.startswith("model name")), "")
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "cpus": os.cpu_count(), "cpu_model": model or platform.processor(),
        "memory_gb": round(pages / 2**30, 1), "python": platform.python_version(),
        "mkdocs": version("mkdocs"), "material": version("mkdocs-material"),
        "load_before": os.getloadavg()[0], "nice": os.getpriority(os.PRIO_PROCESS, 0),
    }


def _say(text: str) -> None:
    print(text, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--plan", default=DEFAULT_PLAN,
                        help="codes:repeats for each build size (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="checker rounds, each bare + cold + warm (default: %(default)s)")
    parser.add_argument("--only", default="",
                        help=f"comma-separated phases to run, of {', '.join(PHASES)} (default: "
                        "all); the other figures are kept from the last results.json")
    parser.add_argument("--skip-build", action="store_true", help="no build figures")
    parser.add_argument("--skip-checker", action="store_true", help="no browser figures")
    parser.add_argument("--work", type=Path, default=BENCH / "work",
                        help="scratch folder, git-ignored (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json")
    parser.add_argument("--plot", type=Path, default=BENCH / "build.png")
    parser.add_argument("--markdown", type=Path, default=REPO / "BENCHMARKS.md",
                        help="file whose figures section to update")
    parser.add_argument("--no-markdown", dest="markdown", action="store_const", const=None)
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    return parser


if __name__ == "__main__":
    sys.exit(main())
