"""No sentence of ours copies a seed article or a source's quote.

The site's text must be written in its own words. Two kinds of text could leak in: the
seed articles the project started from (they sit beside the repository, in
``../shared/seeds/*.txt``), and the sources each code quotes. A quote is welcome where it
is marked as one (a source's ``quote``, a code's ``on_screen``); anywhere else a run of
``RUN`` words shared with a seed or a quote is a copied sentence, and this test names it
with its file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.load import load_file
from tests.conftest import REPO

RUN = 12
"""Words in a row that make a copy. Short quoted phrases, names of settings and a
message's first words stay well below it; a copied sentence does not."""

VERBATIM = frozenset({"quote", "on_screen"})
"""Fields that hold someone else's words on purpose, marked as quotes on the page."""

CONTENT = REPO / "content"
SEEDS = REPO.parent / "shared" / "seeds"
"""In CI and in every checkout, ``shared/`` sits beside the repository."""

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_FANCY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class Text:
    """One piece of text and where it is: a YAML scalar or a line of a Markdown page."""

    path: str
    line: int
    col: int
    field: str
    """The YAML field holding it (its last key), or '' for a Markdown line."""
    text: str


def words(text: str) -> list[str]:
    """Return the words of ``text`` as compared: lowercase, punctuation and markup gone."""
    return _WORD.findall(text.translate(_FANCY).lower())


def runs(text: str, size: int = RUN) -> Iterator[tuple[str, ...]]:
    """Yield every run of ``size`` consecutive words of ``text``."""
    found = words(text)
    for start in range(len(found) - size + 1):
        yield tuple(found[start:start + size])


def _scalars(node: Node, field: str, path: str) -> Iterator[Text]:
    """Yield every string scalar under ``node`` with the field that holds it."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _scalars(value, str(key.value), path)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _scalars(item, field, path)
    elif isinstance(node, ScalarNode) and isinstance(node.value, str):
        mark = node.start_mark
        yield Text(path, mark.line + 1, mark.column + 1, field, node.value)


def yaml_texts(content: Path) -> Iterator[Text]:
    """Yield every string of every YAML file under ``content``, schemas aside."""
    for file in sorted(content.rglob("*.yaml")):
        rel = file.relative_to(content.parent).as_posix()
        doc, problems = load_file(file, rel)
        assert doc is not None, "\n".join(map(str, problems))
        yield from _scalars(doc.node, "", rel)


def page_texts(content: Path) -> Iterator[Text]:
    """Yield every non-empty line of the hand-written Markdown pages."""
    for file in sorted(content.rglob("*.md")):
        rel = file.relative_to(content.parent).as_posix()
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield Text(rel, number, 1, "", line)


def index(named: Iterable[tuple[str, str]]) -> dict[tuple[str, ...], str]:
    """Map each run of words of each (origin, text) to the first origin that has it."""
    found: dict[tuple[str, ...], str] = {}
    for origin, text in named:
        for run in runs(text):
            found.setdefault(run, origin)
    return found


def copies(texts: Iterable[Text], known: dict[tuple[str, ...], str]) -> list[str]:
    """Report each text outside a quote field that shares a run of words with ``known``."""
    problems = []
    for item in texts:
        if item.field in VERBATIM:
            continue
        hit = next((run for run in runs(item.text) if run in known), None)
        if hit is not None:
            problems.append(f"{item.path}:{item.line}:{item.col}: expected our own words, "
                            f"found {RUN} words in a row from {known[hit]}: "
                            f"\"{' '.join(hit)}\"; say it in other words, or move the "
                            "source's words into a `quote`")
    return problems


def quotes(texts: Iterable[Text]) -> Iterator[tuple[str, str]]:
    """Yield each marked quote with where it is."""
    for item in texts:
        if item.field in VERBATIM:
            yield f"the {item.field} at {item.path}:{item.line}", item.text


def test_no_text_copies_a_source_quote() -> None:
    """Only quote fields carry a source's words at length."""
    texts = [*yaml_texts(CONTENT), *page_texts(CONTENT)]
    assert copies(texts, index(quotes(texts))) == []


def test_no_text_copies_a_seed_article() -> None:
    """Nothing in content/ reuses a sentence of the articles the project started from."""
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"no seed articles at {SEEDS} (shared/ sits beside the repository in CI)")
    known = index((f"the seed article {s.name}", s.read_text(encoding="utf-8"))
                  for s in seeds)
    assert copies([*yaml_texts(CONTENT), *page_texts(CONTENT)], known) == []


def _text(text: str, field: str = "summary") -> Text:
    return Text("content/codes/x.yaml", 3, 10, field, text)


SENTENCE = "Netflix cannot find the page you opened so go to the home page and search again"


def test_a_run_of_twelve_words_is_a_copy() -> None:
    """Twelve words in a row, whatever the case and punctuation, are found and located."""
    known = index([("the seed article a.txt", f"Intro. {SENTENCE}. Outro.")])
    found = copies([_text(f"So: {SENTENCE.upper()}!")], known)
    assert len(found) == 1
    assert found[0].startswith("content/codes/x.yaml:3:10: expected our own words, found 12")
    assert "the seed article a.txt" in found[0]


def test_eleven_words_and_quote_fields_are_not_copies() -> None:
    """A shorter shared phrase is fine, and a quote field may hold the whole sentence."""
    known = index([("a quote", SENTENCE)])
    eleven = " ".join(SENTENCE.split()[:11])
    assert copies([_text(eleven), _text(SENTENCE, "quote"), _text(SENTENCE, "on_screen")],
                  known) == []


def test_typographic_apostrophes_do_not_hide_a_copy() -> None:
    """Curly and straight apostrophes count as the same word."""
    source = "We can\u2019t connect your account to the service right now so please try later"
    known = index([("a quote", source)])
    assert copies([_text(source.replace("\u2019", "'"))], known) != []
