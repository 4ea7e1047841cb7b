"""The dev server's memories between rebuilds: each file's checks, each page's Markdown,
and what each generated file was made of (tests/site/test_incremental.py runs them in
real rebuilds)."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

from checker.rules import CHECKS
from generator.graph import build_graph
from generator.incremental import Outputs, digest, environment_key
from generator.render import RenderMemo, environment, render_site
from generator.validate import FileCache, validate_dir
from tests.conftest import FIXTURE_CONTENT


def test_outputs_plan_what_changed_and_everything_when_the_environment_did() -> None:
    outputs = Outputs()
    assert outputs.plan({"a.md": "1", "b.md": "2"}, "env") == ({"a.md", "b.md"}, True)
    outputs.done()
    assert outputs.plan({"a.md": "1", "b.md": "3", "c.md": "4"}, "env") == ({"b.md", "c.md"},
                                                                            False)
    assert outputs.gone() == set()
    outputs.done()
    assert outputs.plan({"a.md": "1"}, "env") == (set(), False)
    assert outputs.gone() == {"b.md", "c.md"}
    # A build that failed after planning recorded nothing: the next compares with the last
    # build that finished.
    assert outputs.plan({"a.md": "1", "b.md": "3", "c.md": "4"}, "env") == (set(), False)
    assert outputs.plan({"a.md": "1"}, "other") == ({"a.md"}, True)


def test_digest_and_environment_key(tmp_path: Path) -> None:
    assert digest("a", None) != digest("a", "None") != digest("a")
    (tmp_path / "t.html").write_text("x")
    key = environment_key([tmp_path])
    assert environment_key([tmp_path]) == key
    (tmp_path / "t.html").write_text("xy")
    assert environment_key([tmp_path]) != key


def test_file_cache_checks_a_file_again_only_when_it_changed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    cache = FileCache()
    first = validate_dir(content, CHECKS, cache=cache)
    entries = dict(cache.entries)
    again = validate_dir(content, CHECKS, cache=cache)
    assert again == first
    assert all(cache.entries[key][1] is entries[key][1] for key in entries), "all reused"
    (code,) = (content / "codes").rglob("z2000.yaml")
    code.write_text(code.read_text("utf-8").replace("The test network is too slow.",
                                                    "Edited."), "utf-8")
    edited = validate_dir(content, CHECKS, cache=cache)
    assert "Edited." in {c.summary for c in edited.content.codes}
    changed = [key for key in entries if cache.entries[key][1] is not entries[key][1]]
    assert changed == [(str(code), "code")]


def test_file_cache_forgets_everything_when_a_schema_changes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    schemas = tmp_path / "schema"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content" / "schema", schemas)
    cache = FileCache()
    validate_dir(content, CHECKS, cache=cache, schema_dir=schemas)
    kept = dict(cache.entries)
    one = next(schemas.glob("*.json"))
    info = one.stat()
    os.utime(one, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    validate_dir(content, CHECKS, cache=cache, schema_dir=schemas)
    assert all(cache.entries[key][1] is not kept[key][1] for key in kept)


def test_render_memo_renders_again_only_the_pages_an_edit_touches() -> None:
    content = validate_dir(FIXTURE_CONTENT, CHECKS).content
    memo, env = RenderMemo(), environment()
    pages = render_site(build_graph(content), env, memo)
    assert memo.hits == 0
    again = render_site(build_graph(content), env, memo)
    assert [p.markdown for p in again] == [p.markdown for p in pages]
    assert memo.hits == len(pages)
    # A cause's new title: its page, the codes that show it and the list of causes change.
    cause_id = next(iter(content.causes))
    cause = dataclasses.replace(content.causes[cause_id], title="A new title")
    edited = dataclasses.replace(content, causes={**content.causes, cause_id: cause})
    fresh = {p.src_uri: p.markdown for p in render_site(build_graph(edited), environment())}
    memoised = {p.src_uri: p.markdown for p in render_site(build_graph(edited), env, memo)}
    assert memoised == fresh
    showing = [uri for uri, markdown in fresh.items() if "A new title" in markdown]
    assert memo.hits == len(pages) - len(showing)
