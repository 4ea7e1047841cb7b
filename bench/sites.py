"""The two builds compared: the real site (kb plugin) and bare MkDocs + Material (baseline).

The site build is the repository's ``mkdocs.yml`` pointed at other content through
``KB_CONTENT_DIR``, with ``KB_CHECKER`` choosing whether the checker's assets are written.
The baseline is MkDocs with the same theme, features, Markdown extensions, nav, search
plugin and validation, building the very files the plugin generated in the site build
(the pages' Markdown and the alias redirect stubs, dumped by ``bench.hooks --dump``) plus
the hand-written pages, from a plain ``docs_dir``, with code and cause pages
``not_in_nav`` and no kb plugin.

Both go through ``bench.hooks`` (the runner that times the plugin from inside), so they
pay the same process start-up.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.procs import run

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "mkdocs.yml"


@dataclass(frozen=True)
class Build:
    """One measured build."""

    seconds: float
    """Wall time of the build process (less the bench's own dump, if any)."""
    cpu_seconds: float
    peak_rss_mb: float
    times: dict[str, Any]
    """What ``bench.hooks`` recorded: seconds per hook and generator function."""


@dataclass(frozen=True)
class Output:
    """What a build wrote."""

    bytes: int
    files: int
    code_page_bytes: float
    """Mean size of the code pages' ``index.html`` (redirect stubs not included)."""
    search_index_bytes: int
    """The search index on disk: ``pagefind/`` (of which a search fetches a few files), or
    Material's ``search/search_index.json`` (fetched whole) in the baseline."""


def build_env(content_dir: Path | None, *, checker: bool) -> dict[str, str]:
    """Return the environment of a build: content, checker switch, no MkDocs 2 banner."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_CHECKER": str(checker).lower()}
    if content_dir is not None:
        env["KB_CONTENT_DIR"] = str(content_dir)
    return env


def build(config: Path, site_dir: Path, *, env: dict[str, str], logs: Path,
          dump: Path | None = None) -> Build:
    """Build ``config`` into a fresh ``site_dir`` through the timing runner.

    ``dump``: also write the plugin's generated files there (see ``bench.hooks``); the
    time that takes is taken off the figures.
    """
    site_dir = site_dir.resolve()
    shutil.rmtree(site_dir, ignore_errors=True)
    logs.mkdir(parents=True, exist_ok=True)
    times_file = logs / f"{site_dir.name}.times.json"
    extra = ["--dump", str(dump.resolve())] if dump is not None else []
    command = [sys.executable, "-m", "bench.hooks", str(times_file), *extra, "build",
               "--quiet", "--strict", "--config-file", str(config), "--site-dir",
               str(site_dir)]
    result = run(command, cwd=REPO, env=env, log=logs / f"{site_dir.name}.log")
    if result.status != 0:
        raise RuntimeError(f"build of {config} failed ({result.status}):\n{result.output}")
    times = json.loads(times_file.read_text("utf-8"))
    own = times["seconds"].get("dump", 0.0)
    return Build(result.seconds - own, result.cpu_seconds - own, result.peak_rss_mb, times)


def prepare_baseline(generated: Path, folder: Path) -> Path:
    """Write the baseline's docs and mkdocs.yml into ``folder``; return the config file.

    ``generated`` holds the files the plugin generated (``bench.hooks --dump``).
    """
    folder = folder.resolve()
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    config = _repo_config()
    shutil.copytree(REPO / config["docs_dir"], docs)
    shutil.copytree(generated, docs, dirs_exist_ok=True)
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(_baseline_config(config, docs), sort_keys=False),
                           "utf-8")
    return config_file


def measure(site_dir: Path, codes: tuple[str, ...]) -> Output:
    """Return the size of everything in ``site_dir`` and the mean code page size."""
    total = files = 0
    for path in site_dir.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            files += 1
    from bench.synth import SERVICE

    pages = [(site_dir / SERVICE / code.lower() / "index.html").stat().st_size
             for code in codes]
    index = [site_dir / "search" / "search_index.json", *(site_dir / "pagefind").rglob("*")]
    return Output(total, files, sum(pages) / len(pages) if pages else 0.0,
                  sum(path.stat().st_size for path in index if path.is_file()))


def _repo_config() -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load

    with CONFIG.open("rb") as source:
        config: dict[str, Any] = yaml_load(source)
    return config


def _baseline_config(config: dict[str, Any], docs: Path) -> dict[str, Any]:
    """The repository's config minus the kb plugin, over a plain docs dir."""
    config = dict(config)
    config["docs_dir"] = str(docs)
    config["plugins"] = ["search"]
    config["hooks"] = [str(REPO / "bench" / "baseline_hooks.py")]  # the overrides' ``_``
    config.pop("watch", None)
    config["not_in_nav"] = "/codes/*.md\n/causes/*.md\n/*/*.md\n"
    theme = dict(config["theme"])
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(REPO / theme["custom_dir"])
    config["theme"] = theme
    # The plugin pins Material's storage scope; do the same so the pages match.
    config["extra"] = {**config.get("extra", {}), "scope": "/"}
    return config
