"""The loader's quick path reads a file exactly as the full, explaining load does.

``load_text`` first reads a file in one pass over the parser's events and builds its data
directly; at anything that might be a problem it hands the file to ``load_explained``
(the anchor and depth scan, the node tree, silent slips, conversion). So the messages are
the full load's by construction, as long as the quick path never accepts a file the full
load would refuse or read differently. These tests compare the two on every content and
fixture file, on every slip the contributor tests know, and on real files with
YAML-significant text inserted anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, SequenceNode

from generator import load
from generator.load import Document, load_explained, load_text
from tests.conftest import REPO

FILES = sorted([*(REPO / "content").rglob("*.yaml"), *(REPO / "tests").rglob("*.yaml")])

# What a contributor might type, or a UTF-8 file might hold, that YAML gives a meaning to
# (a lone surrogate only as an escape: a file with one raw is not UTF-8).
TOKENS = [
    "- ", "-", ": ", ":", " #", "#", "&a ", "*a", "!!str ", "!!int ", "!x ", "<<: ", "[", "]",
    "{", "}", ", ", "'", '"', "\n", "\n  ", "\n    ", "\n- ", "\n  - ", "\n---\n", "\n...\n",
    "? ", "|\n", ">-\n", "yes", "No", "~", "null", "2026-11-26", "2026-13-45", "12:30",
    "0x1G", "1e999", "0o8", ".inf", "=", "\\0", "\\x1b", "\t", "\x85", "\u2028", "\x00",
    "%", "@", "`", "\ufeff", "\"\\ud800\"", "a: b", "x:\n  - y", "Select Settings: Privacy",
]


def _tree(node: Node) -> Iterator[tuple[str, object, int, int, int, int, object]]:
    """Every node's kind, tag, marks and style, depth first: what messages are built from."""
    value = node.value if not isinstance(node, MappingNode | SequenceNode) else None
    yield (type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column,
           node.end_mark.line, node.end_mark.column, (getattr(node, "style", None), value))
    children = ([part for pair in node.value for part in pair] if isinstance(node, MappingNode)
                else node.value if isinstance(node, SequenceNode) else [])
    for child in children:
        yield from _tree(child)


def _same(doc: Document | None, other: Document | None) -> None:
    assert (doc is None) == (other is None)
    if doc is not None and other is not None:
        assert repr(doc.data) == repr(other.data)  # repr: 1, True and 1.0 differ
        assert list(_tree(doc.node)) == list(_tree(other.node))


def _agree(text: str) -> bool:
    """Assert both loads agree on ``text``; return whether the quick path read it."""
    quick, found = load_text(text, "file.yaml")
    full, explained = load_explained(text, "file.yaml")
    assert found == explained
    _same(quick, full)
    return quick is not None and quick.composed is None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_file_loads_alike_both_ways(path: Path) -> None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before either load")
    _agree(text)


def test_the_real_content_takes_the_quick_path() -> None:
    # Otherwise the quick path would be dead code and the validator slow again.
    texts = [p.read_text("utf-8") for p in (REPO / "content").rglob("*.yaml")]
    assert len(texts) > 20
    assert [load._quick(text) is load._SLOW for text in texts] == [False] * len(texts)


def test_every_slip_loads_alike_both_ways() -> None:
    from tests.contrib.test_yaml_slips import SLIPS

    (path,) = (REPO / "tests" / "fixtures" / "content" / "codes").rglob("x1000-1.yaml")
    text = path.read_text("utf-8")
    for old, new, _ in SLIPS.values():
        assert old in text
        assert not _agree(text.replace(old, new, 1))  # each slip goes to the full load


def test_a_file_with_a_problem_is_left_to_the_full_load() -> None:
    for text in ("a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: !x 1\n", "<<: {a: 1}\n", "1: a\n",
                 "- a\n", "", "a: b\n---\nc: d\n", "a: \"\\e\"\n", "a: 2026-13-45\n",
                 "steps:\n- Select Settings: Privacy\n", "a: text\n  - item\n",
                 "a: " + "[" * 20 + "]" * 20 + "\n"):
        assert load._quick(text) is load._SLOW, text
        assert not _agree(text)


@st.composite
def edited(draw: st.DrawFn) -> str:
    """A real content file with a few tokens inserted at random places."""
    text = draw(st.sampled_from(FILES[:40])).read_text("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_edited_files_load_alike_both_ways(text: str) -> None:
    _agree(text)
