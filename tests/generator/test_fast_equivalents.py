"""The validator's faster spellings of slow operations give the slow ones' answers.

Each was rewritten for speed at 5,000 codes (issue 14): paths compared as text instead of
pathlib's part-by-part tests, a substring pre-test instead of a regular expression, one
walk instead of a generator of paths. These tests compare each with the original.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path, PurePosixPath

import pytest

from generator.errors import Problem
from generator.load import Document, _printable, load_text
from generator.schema import _UNCOMMON, _common
from generator.text import _MAYBE, _may_have_problems, text_problems
from generator.validate import (
    _below,
    _in_text,
    _parent_name,
    _prose_problems,
    _stem,
    _strings,
)

_PATHS = ["/", "/a", "/a/b", "/ab", "/a/b/c", "/a/..", "a", "a/b", "ab/c", "a/./b",
          ".", "..", "../a"]


@pytest.mark.parametrize(("path", "folder"), list(itertools.product(_PATHS, _PATHS)))
def test_below_is_pathlibs_relative_to(path: str, folder: str) -> None:
    inner, outer = Path(path), Path(folder)
    expected = inner.relative_to(outer).as_posix() if inner.is_relative_to(outer) else None
    assert _below(str(inner), str(outer)) == expected


_PIECES = ["a", " ", "\n", "\n \n", "\n\t\n", "\n\n", "[", "]", "<", "{", "}", "TODO",
           "TOD", "ODO", "x\u00e9", "\t", "(", "`"]


def test_the_substring_pretest_is_the_regular_expression() -> None:
    chooser = random.Random(14)
    texts = ["".join(chooser.choices(_PIECES, k=chooser.randint(0, 8)))
             for _ in range(20000)]
    for text in ["", *_PIECES, *texts]:
        assert _may_have_problems(text) == (_MAYBE.search(text) is not None), repr(text)


def _old_prose(doc: Document) -> list[Problem]:
    """What ``_prose_problems`` found before it was one walk."""
    return [_in_text(doc, path, text, offset, message) for path, text in _strings(doc.data, [])
            for offset, message in text_problems(text)]


_PROSE = """\
code: X1
summary: See <b>this</b> and {{ x }}.
aliases: ["<b>"]
causes:
- cause: a
  note: A [link](http://example.com) and TODO.
  extra_steps: [plain, "<i>", ok]
faq:
- q: fine
  a: "two\\n\\nparagraphs"
sources:
- quote: "![img](https://example.com/x.png)"
  url: "<not prose>"
"""


def test_one_walk_finds_what_the_generator_of_paths_found() -> None:
    doc, problems = load_text(_PROSE, "codes/x/x1.yaml")
    assert doc is not None and not problems
    found = _prose_problems(doc)
    assert found == _old_prose(doc) and len(found) > 5


_NAMES = ["a", "b.yaml", ".yaml", "a.", "a.b.yaml", "..", ".", "", "x..yaml", "codes", ". "]


def test_stem_and_parent_name_are_pathlibs() -> None:
    for count in range(1, 4):
        for names in itertools.product(_NAMES, repeat=count):
            for lead in ("", "/"):
                rel = lead + "/".join(names)
                if rel:
                    path = PurePosixPath(rel)
                    assert (_stem(rel), _parent_name(rel)) == (path.stem, path.parent.name), rel


def test_common_is_the_search_for_uncommon_characters() -> None:
    chooser = random.Random(14)
    chars = [chr(code) for code in range(0x10000)] + ["\U0001f642", "\U000e0001", "\U0010ffff"]
    texts = chars + ["".join(chooser.choices(chars[:0x3000], k=chooser.randint(0, 6)))
                     for _ in range(20000)]
    for text in texts:
        assert _common(text) == (_UNCOMMON.search(text) is None), repr(text)


def test_printable_ascii_is_isprintable_less_line_feeds() -> None:
    for code in range(0x10000):
        text = f"a: b{chr(code)}c\n"
        assert _printable(text) == text.replace("\n", "").isprintable(), hex(code)
