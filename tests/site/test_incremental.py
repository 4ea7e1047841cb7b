"""`make serve` rebuilds only what an edit changed, and never leaves a page stale.

The dev server's rebuilds are MkDocs' dirty builds, told by the plugin which generated
files changed (generator/incremental.py), with each file's checks and each page's
Markdown kept from the build before (FileCache, RenderMemo). Here the serve loop runs in
this process (one plugin instance across builds, as `mkdocs serve` keeps it) on synthetic
content with shared causes. After each edit the served folder must equal, file for file
and byte for byte, a full build of the edited content, and every page that does not show
what was edited must not have been written again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bench.synth import SERVICE, Synthetic, code_name, generate
from checker.rules import CHECKS
from tests.conftest import REPO

NOT_COMPARED = {"sitemap.xml.gz"}  # gzip stamps the time it was written
"""Files that differ between two identical builds (Pagefind's index is built after the
dev server's rebuild, in the background, and compared apart)."""


class Served:
    """The dev server's builds, in this process, into one site folder."""

    def __init__(self, content: Path, site: Path) -> None:
        self.content, self.site = content, site

    def build(self, *, dirty: bool = True, site: Path | None = None) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site or self.site),
                             strict=False)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)


def _plugins() -> dict[str, object]:
    from mkdocs.config.defaults import MkDocsConfig

    cache: dict[str, object] = MkDocsConfig.plugins.plugin_cache  # type: ignore[attr-defined]
    return cache


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Served,
                                                                              Synthetic]]:
    """Synthetic content (20 codes, 15 shared causes) and a first dev-server build."""
    made = generate(tmp_path / "content", 20, known_checks=list(CHECKS))
    for name, value in {"KB_CONTENT_DIR": str(made.content_dir), "KB_CHECKER": "false",
                        "NO_MKDOCS_2_WARNING": "1"}.items():
        monkeypatch.setenv(name, value)
    _plugins().clear()  # a fresh plugin, kept across this test's builds like serve keeps it
    plugin = _start_serving()
    served = Served(made.content_dir, tmp_path / "site")
    served.build()
    yield served, made
    if plugin.background_index is not None:
        assert plugin.background_index.wait(60)
    _plugins().clear()


def _start_serving() -> object:
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"), strict=False)
    config.plugins.on_startup(command="serve", dirty=True)
    plugin = config.plugins["kb"]
    assert plugin.serving and plugin.dirty
    return plugin


def _full_build(served: Served, into: Path) -> None:
    """A clean build of the same content by a fresh plugin (no memory of earlier builds)."""
    kept = dict(_plugins())
    _plugins().clear()
    try:
        _start_serving()
        served.build(dirty=False, site=into)
    finally:
        _plugins().clear()
        _plugins().update(kept)


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*")
            if path.is_file() and path.name not in NOT_COMPARED
            and not path.relative_to(site).as_posix().startswith(("pagefind/", "."))}


def _mtimes(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns
            for path in site.rglob("*.html")}


def _rebuild_and_compare(served: Served, tmp_path: Path, shows: str) -> set[str]:
    """Rebuild; assert the site equals a full build; return the pages written again.

    Every page written again must show ``shows`` (what was edited) or list the codes; no
    page that shows it may have been left as it was.
    """
    before = _mtimes(served.site)
    served.build()
    full = tmp_path / f"full-{len(list(tmp_path.glob('full-*')))}"
    _full_build(served, full)
    ours, theirs = _files(served.site), _files(full)
    assert sorted(set(ours) - set(theirs)) == [], "stale files the edit should have removed"
    assert sorted(set(theirs) - set(ours)) == [], "files the rebuild did not write"
    differ = sorted(name for name in ours if ours[name] != theirs[name])
    assert differ == [], "pages the rebuild left stale"
    after = _mtimes(served.site)
    written = {name for name in after if before.get(name) != after[name]}
    showing = {name for name, data in theirs.items()
               if name.endswith(".html") and shows.encode() in data}
    assert showing <= written
    return written


def test_editing_a_shared_cause_rewrites_every_page_that_shows_it(
        served: tuple[Served, Synthetic], tmp_path: Path) -> None:
    site, made = served
    cause_file = made.content_dir / "causes" / f"{made.causes[0]}.yaml"
    users = [c for c in made.codes if made.causes[0] in _causes_of(made, c)]
    assert len(users) >= 2, "a shared cause"
    _replace_field(cause_file, "title", "Edited shared cause title")
    written = _rebuild_and_compare(site, tmp_path, "Edited shared cause title")
    for code in users:
        assert any(code.lower() in name for name in written), code
    assert len(written) < len(_mtimes(site.site)) / 2, "only the pages that changed"


def test_editing_a_code_deleting_one_and_adding_one(served: tuple[Served, Synthetic],
                                                   tmp_path: Path) -> None:
    site, made = served
    code_dir = made.content_dir / "codes" / SERVICE
    first = code_dir / f"{made.codes[0].lower()}.yaml"
    _replace_field(first, "summary", "Edited code summary")
    written = _rebuild_and_compare(site, tmp_path, "Edited code summary")
    assert len(written) < len(_mtimes(site.site)) / 2, "only the pages that changed"
    assert "404.html" not in written, "the same pages: the 404 page's navigation stands"

    gone = code_dir / f"{made.codes[1].lower()}.yaml"
    copy = yaml.safe_load(gone.read_text("utf-8"))
    gone.unlink()
    _rebuild_and_compare(site, tmp_path, made.codes[1])  # its page and aliases removed

    new = code_name(5000)  # a code no synthetic file has, shaped like the service's codes
    copy["code"] = new
    copy.pop("aliases", None)
    (code_dir / f"{new.lower()}.yaml").write_text(yaml.safe_dump(copy, sort_keys=False),
                                                  "utf-8")
    _rebuild_and_compare(site, tmp_path, new)


def test_a_template_edit_rebuilds_everything(served: tuple[Served, Synthetic],
                                             tmp_path: Path) -> None:
    """What every page is made of (mkdocs.yml, the theme's overrides) rebuilds all."""
    site, _ = served
    partial = REPO / "overrides" / "partials" / "search.html"
    stat = partial.stat()
    try:
        os.utime(partial, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        before = _mtimes(site.site)
        site.build()
        after = _mtimes(site.site)
        assert all(before[name] != after[name] for name in before)
    finally:
        os.utime(partial, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _causes_of(made: Synthetic, code: str) -> list[str]:
    path = made.content_dir / "codes" / SERVICE / f"{code.lower()}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    return [ref["cause"] for ref in data["causes"]]


def _replace_field(path: Path, field: str, value: str) -> None:
    """Give a file's one-line or folded ``field`` a new value (as a contributor would)."""
    data = yaml.safe_load(path.read_text("utf-8"))
    data[field] = value
    text = path.read_text("utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, width=1000), "utf-8")
    assert re.search(rf"^{field}: {value}$", path.read_text("utf-8"), re.M)
