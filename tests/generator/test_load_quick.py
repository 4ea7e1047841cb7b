"""The loader's fast and quick paths read a file exactly as the full, explaining load does.

``load_text`` first reads a file with yaml-rs (YAML 1.2) when its text and data stay in
the subset where 1.2 and PyYAML's 1.1 agree, then in one pass over libyaml's events,
building its data directly; at anything that might be a problem it hands the file to
``load_explained`` (the anchor and depth scan, the node tree, silent slips, conversion).
So the messages are the full load's by construction, as long as neither path accepts a
file the full load would refuse or read differently. These tests compare them on every
content and fixture file, on every slip the contributor tests know, on one text for each
known difference between the two YAMLs, and on real files with YAML-significant text
inserted anywhere.
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


def _utf8(path: Path) -> str:
    """A file's text as the loader gets it; the test is skipped for a file not in UTF-8."""
    try:
        return path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before either load")


def _real_texts() -> list[str]:
    """Every YAML file of the real content."""
    return [p.read_text("utf-8") for p in (REPO / "content").rglob("*.yaml")]


def _agree(text: str) -> bool:
    """Assert both loads agree on ``text``; return whether the quick path read it."""
    quick, found = load_text(text, "file.yaml")
    full, explained = load_explained(text, "file.yaml")
    assert found == explained
    _same(quick, full)
    return quick is not None and quick.composed is None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_file_loads_alike_both_ways(path: Path) -> None:
    _agree(_utf8(path))


def test_the_real_content_takes_the_quick_path() -> None:
    # Otherwise the quick path would be dead code and the validator slow again.
    texts = _real_texts()
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


# The fast path (yaml-rs, YAML 1.2) must read every file it accepts as the full load does
# (PyYAML, YAML 1.1), and accept nothing the full load refuses.

def _fast_agrees(text: str) -> bool:
    """Assert yaml-rs's reading, if ``_fast`` accepts ``text``, is the full load's; return
    whether it accepted it."""
    fast = load._fast(text)
    full, problems = load_explained(text, "file.yaml")
    if fast is load._SLOW:
        return False
    assert problems == []
    assert full is not None
    assert repr(fast) == repr(full.data)  # repr: 1, True, 1.0 and '1' differ, dates too
    return True


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_file_the_fast_path_reads_it_reads_alike(path: Path) -> None:
    _fast_agrees(_utf8(path))


def test_most_real_content_takes_the_fast_path() -> None:
    # Otherwise the fast path would be dead code (real files quote codes like '83', which
    # it reads; a few have '- ' inside text or '&' where a value may start, which it leaves).
    texts = _real_texts()
    taken = [_fast_agrees(text) for text in texts]
    assert sum(taken) >= 0.9 * len(texts)


# One text for each way YAML 1.2 or yaml-rs reads otherwise than PyYAML, or refuses less;
# each must be left to the slower paths (True: the fast path may read it, and does alike).
DIFFERENCES = {
    "yes": ("a: yes\n", False), "Yes": ("a: Yes\n", False), "on": ("a: on\n", False),
    "Off": ("a: Off\n", False), "NO": ("a: NO\n", False), "y stays text": ("a: y\n", True),
    "null": ("a: null\n", False), "tilde": ("a: ~\n", False), "empty": ("a:\n", False),
    "octal 012": ("a: 012\n", False), "0o17": ("a: 0o17\n", False),
    "1e5": ("a: 1e5\n", False), "sexagesimal": ("a: 1:20\n", False),
    "sexagesimal float": ("a: 190:20:30.15\n", False), "0b1": ("a: 0b101\n", False),
    "1_000": ("a: 1_000\n", False), "0x1F": ("a: 0x1F\n", False), "+12": ("a: +12\n", False),
    ".inf": ("a: .inf\n", False), "1.": ("a: 1.\n", False),
    "quoted number": ("code: '83'\n", True), "double-quoted number": ('code: "012"\n', True),
    "quoted yes": ("a: 'yes'\n", False), "quoted 1:20": ("a: '1:20'\n", False),
    "date": ("checked: 2026-11-26\n", True), "quoted date": ("checked: '2026-11-26'\n", False),
    "double-quoted date": ('checked: "2026-11-26"\n', False),
    "date and quoted date": ("a: 2026-11-26\nb: '2026-11-26'\n", False),
    "not a day": ("checked: 2026-02-30\n", False), "datetime": ("a: 2026-11-26 10:00:00\n", False),
    "short date": ("a: 2026-1-5\n", True), "merge": ("<<: {a: b}\n", False),
    "merge as text": ("a: <<\n", False), "value key": ("a: =\n", False),
    "anchor and alias": ("a: &x b\nc: *x\n", False), "alias": ("a: *x\n", False),
    "tag": ("a: !!str 1\n", False), "local tag": ("a: !x b\n", False),
    "anchor on a line of its own": ("a:\n  &x b\n", False),
    "duplicate key": ("a: b\na: c\n", False), "second document": ("a: b\n---\nc: d\n", False),
    "document start": ("---\na: b\n", False), "document end": ("a: b\n...\n", False),
    "directive": ("%YAML 1.1\n---\na: b\n", False), "bom inside": ("a: b\ufeff\n", False),
    "tab": ("a:\tb\n", False), "carriage return": ("a: b\r\nc: d\r\n", False),
    "next line": ("a: b\x85c\n", False), "line separator": ("a: b\u2028c\n", False),
    "no-break space": ("a: b\u00a0\n", False), "ideographic space": ("a: b\u3000\n", False),
    "control": ("a: b\x07\n", False), "escape": ('a: "\\e[31m"\n', False),
    "escaped line break": ('a: "x\\\n  y"\n', False),
    "key with space in a list": ("steps:\n- Select Settings: Privacy\n", False),
    "key with space": ("my key: b\n", False), "number key": ("1: b\n", False),
    "yes key": ("yes: b\n", False), "null key": ("? null\n: b\n", False),
    "folded list item": ("a: text\n  - item\n", False),
    "folded dash alone": ("a: text\n  -\n  more\n", False),
    "dash in text": ("a: text - more\n", False), "hyphen": ("a: well-known\n", True),
    "folded list item after a number": ("a: 3007\n  - b\n", False),
    "block text": ("a: |\n  x\n", False), "folded block": ("a: >-\n  x\n  y\n", False),
    "explicit key": ("? a\n: b\n", False), "simple brackets": ("a: [x, y-z]\n", True),
    "colon in brackets": ("a: [a:b, c]\n", False), "comment in brackets": ("a: [a #b]\n", False),
    "braces": ("a: {b: c}\n", False), "nested brackets": ("a: [[b]]\n", False),
    "quotes in brackets": ("a: ['b', \"c\"]\n", False),
    "brackets on two lines": ("a: [b,\n  c]\n", False),
    "text after brackets": ("a: [b] c\n", False),
    "link in text": ("a: see [x](https://e.x)\n", True),
    "deep lists": ("a:\n" + "- " * 40 + "x\n", False),
    "deep indentation": ("a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 50)) + "  x\n",
                         False),
    "not a mapping": ("- a\n", False), "text only": ("a\n", False), "nothing": ("", False),
    "reserved @": ("a: @x\n", False), "reserved backtick": ("a: `x`\n", False),
    "percent": ("a: %x\n", False), "bold at a value's start": ("a: **b**\n", False),
    "bold in text": ("a: x **b** y\n", True), "bold on a folded line": ("a: x\n  **b** y\n", True),
    "comment": ("a: b # c\nd: e#f\n", True), "folded text": ("a: b\n  c\n\n  d\n", True),
    "quoted folded text": ("a: 'b\n  c\n\n  d'\n", True), "quote in quote": ("a: 'it''s'\n", True),
    "unicode": ("a: caf\u00e9 \u4e2d\u6587 \U0001f642\n", True),
}


@pytest.mark.parametrize("name", DIFFERENCES)
def test_each_difference_between_the_yamls_is_left_to_pyyaml(name: str) -> None:
    text, taken = DIFFERENCES[name]
    assert _fast_agrees(text) == taken
    _agree(text)


FAST_TOKENS = [*TOKENS, "'2026-11-26'", '"83"', "83", "012", "0o17", "1e5", "1:20", "- - ",
               "&", "*", "**", "`", "|", ">", "\u00a0", "\u3000", "[a, b]", "[a: b]", "{", "?",
               "\n  - ", " - ", "<<", "'yes'", "Yes", "ON", "'", "\\", "\\n"]


@st.composite
def fast_edited(draw: st.DrawFn) -> str:
    """A real content file with a few tokens inserted where the fast path may read them."""
    text = draw(st.sampled_from(FILES)).read_text("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(FAST_TOKENS)) + text[at:]
    return text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fast_edited())
def test_edited_files_the_fast_path_reads_it_reads_alike(text: str) -> None:
    _fast_agrees(text)
