"""The compiled validator decides only what jsonschema would decide the same way.

``check_shape`` lets jsonschema-rs pass a file and asks jsonschema to explain the rest
(generator/schema.py). The messages stay exactly jsonschema's as long as the compiled
validator never passes a document that jsonschema rejects: these tests mutate real content
files (any value replaced by anything YAML can hold, keys added or removed), write them back
as YAML, load them as the build does, and compare the two paths.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import Document, load_file
from generator.schema import (
    SCHEMA_DIR,
    _anchored,
    _plain,
    _validator,
    check_shape,
    load_schema,
    passes,
)
from generator.translate import is_translation
from tests.conftest import REPO

CONTENT = REPO / "content"
KINDS = sorted(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json"))


def _kind(path: Path) -> str | None:
    """The schema a content file follows: content/<kind>s/... (codes/x.yaml -> code)."""
    folder = path.relative_to(CONTENT).parts[0]
    kind = folder.removesuffix("s")
    return kind if kind in KINDS else None


# Translations (x.es.yaml) follow their English file, not a schema: generator/translate.py.
FILES = sorted((p, k) for p in CONTENT.rglob("*.yaml")
               if (k := _kind(p)) is not None and not is_translation(p.name))

# What a YAML file can hold, with the values where the two validators could part: dates,
# text only Python counts as white space or printable, lone surrogates, huge and
# non-finite numbers, keys that are not text, a trailing line break ("$" in Python's
# patterns matches before it).
TRICKY_TEXT = st.sampled_from([
    "", " ", "a\n", "drm-component\n", "M7702-1003\n", "https://a.b/\x1c", "https://a.b/\x1f",
    "https://a.b/\u00a0", "https://a.b/\ufeff", "https://a.b/\u2028", "https://a.b/\x85",
    "a\x00b", "\ud800", "\U0001f600" * 3, "x" * 61, "x" * 501, "\uff41\uff42\uff43",
    "\u0661\u0662\u0663", "ß",
    "https://example.com/x", "drm-component", "browser", "primary", "likely",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**62, max_value=2**70),
    st.floats(), st.dates(), TRICKY_TEXT,
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(TRICKY_TEXT, st.integers(), st.none(), st.text(max_size=6)),
                        inner, max_size=3),
    ),
    max_leaves=6,
)


# Characters inserted into a valid value, where a pattern or a length may judge them
# differently in Python and in Rust.
INSERTS = ["\x1c", "\x1f", "\x00", "\x7f", "\n", "\r", "\t", "\x0b", "\x85", "\u00a0", "\u2028",
           "\ufeff", "\u200b", "\ud800", "\U0001f600", "-", "--", ".", ":", " ", "A", "é", "\u0661",
           "_", "<", '"', "\\"]
TRICKY_CHARS = st.sampled_from(INSERTS)


def _jsonschema(kind: str) -> Any:
    """The validator that explains failures (jsonschema, with the project's patterns)."""
    return _validator(kind, SCHEMA_DIR)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in ``data``, the root included."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _replace(data[head], rest, value)}
    return [_replace(item, rest, value) if i == head else item for i, item in enumerate(data)]


def _drop(data: Any, path: tuple[Any, ...]) -> Any:
    if len(path) == 1:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k != path[0]}
        return [item for i, item in enumerate(data) if i != path[0]]
    head = path[0]
    if isinstance(data, dict):
        return {**data, head: _drop(data[head], path[1:])}
    return [_drop(item, path[1:]) if i == head else item for i, item in enumerate(data)]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    """A real content file's data with one to three edits; returns (kind, data)."""
    path, kind = draw(st.sampled_from(FILES))
    data: Any = yaml.safe_load(path.read_text("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        texts = [p for p in paths if isinstance(_at(data, p), str)]
        where = draw(st.sampled_from(texts or paths) if draw(st.booleans()) else
                     st.sampled_from(paths))
        match draw(st.sampled_from(["perturb", "perturb", "replace", "drop", "add"])):
            case "perturb" if isinstance(text := _at(data, where), str):
                at = draw(st.integers(0, len(text)))
                data = _replace(data, where, text[:at] + draw(TRICKY_CHARS) + text[at:])
            case "drop" if where:
                data = _drop(data, where)
            case "add" if isinstance(target := _at(data, where), dict):
                known = sorted(map(str, target)) or ["id"]
                key = draw(st.one_of(st.sampled_from(known), TRICKY_TEXT, st.integers()))
                data = _replace(data, where, {**target, key: draw(VALUES)})
            case _:
                data = _replace(data, where, draw(VALUES))
    return kind, data


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _load(data: Any) -> Document | None:
    """Write ``data`` as YAML and read it back the way the build reads content."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=False, width=1000)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.yaml"
        path.write_text(text, "utf-8")
        doc, _ = load_file(path, "file.yaml")
    return doc


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_compiled_and_jsonschema_report_the_same(case: tuple[str, Any]) -> None:
    kind, data = case
    doc = _load(data)
    if doc is None:  # the loader refused it (e.g. a key that is not text): not our concern
        return
    fast = check_shape(doc, kind)
    slow = check_shape(doc, kind, compiled=False)
    assert [p.message for p in fast] == [p.message for p in slow]
    if passes(doc, kind):
        assert list(_jsonschema(kind).iter_errors(doc.data)) == []


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(KINDS), VALUES)
def test_whatever_the_compiled_validator_passes_jsonschema_passes(kind: str,
                                                                  data: Any) -> None:
    """Raw values, not through YAML: dates, surrogates, odd keys straight to the validators."""
    doc = Document("file.yaml", yaml.compose("x: 1"), data)
    if passes(doc, kind):
        assert list(_jsonschema(kind).iter_errors(data)) == []


def _positions(kind: str) -> list[tuple[Any, tuple[Any, ...]]]:
    """One (data, path) per place a text value takes in ``kind``'s files (indices as 0)."""
    seen: dict[tuple[Any, ...], tuple[Any, tuple[Any, ...]]] = {}
    for path, file_kind in FILES:
        if file_kind != kind:
            continue
        data = yaml.safe_load(path.read_text("utf-8"))
        for where in _paths(data):
            if isinstance(_at(data, where), str):
                shape = tuple(0 if isinstance(step, int) else step for step in where)
                seen.setdefault(shape, (data, where))
    return list(seen.values())


@pytest.mark.parametrize("kind", KINDS)
def test_no_character_anywhere_makes_the_compiled_validator_laxer(kind: str) -> None:
    """Every text field of the shipped files, each character above at its start, middle
    and end: the compiled validator passes only what jsonschema passes."""
    laxer = []
    for data, where in _positions(kind):
        text = _at(data, where)
        for char in INSERTS:
            for at in {0, len(text) // 2, len(text)}:
                changed = _replace(data, where, text[:at] + char + text[at:])
                doc = Document("file.yaml", yaml.compose("x: 1"), changed)
                if passes(doc, kind) and list(_jsonschema(kind).iter_errors(changed)):
                    laxer.append((where, at, char))
    assert laxer == []


def _patterns(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        own = {schema["pattern"]} if isinstance(schema.get("pattern"), str) else set()
        return own.union(*(_patterns(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_patterns(value) for value in schema))
    return set()


PATTERNS = sorted(set().union(*(_patterns(load_schema(kind)) for kind in KINDS)))
EXAMPLES = ["drm-component", "M7702-1003", "https://example.com/a", "netflix", "a", "2024-01-01",
            "M"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_character_the_compiled_patterns_accept_python_accepts(pattern: str) -> None:
    """Each schema pattern, each code point of the Basic Multilingual Plane (and a few
    beyond) inserted into a matching example: a string the compiled validator lets through
    (and ``_plain`` does not send to jsonschema) matches in Python too, as jsonschema runs
    the pattern here (``_anchored``)."""
    validator = jsonschema_rs.Draft7Validator({"type": "string", "pattern": pattern})
    compiled = _anchored(pattern)
    examples = [e for e in EXAMPLES if compiled.search(e)]
    assert examples, f"no example matches {pattern}"
    laxer = []
    for point in [*range(0x10000), 0x1F600, 0xE0001, 0x10FFFF]:
        char = chr(point)
        for example in examples:
            for at in (0, len(example) // 2, len(example)):
                text = example[:at] + char + example[at:]
                if _plain(text) and validator.is_valid(text) and not compiled.search(text):
                    laxer.append(f"U+{point:04X} at {at} in {example!r}")
    assert laxer == []


@pytest.mark.parametrize(("path", "kind"), FILES, ids=[str(p.relative_to(CONTENT))
                                                      for p, _ in FILES])
def test_every_shipped_file_takes_the_fast_path(path: Path, kind: str) -> None:
    """Valid content never needs jsonschema, or the speed-up would not be there."""
    doc, problems = load_file(path, str(path))
    assert doc is not None and problems == []
    assert passes(doc, kind)


@pytest.mark.parametrize("value", [
    datetime.date(2024, 1, 1), {1: "x"}, {None: "x"}, 2**63, float("nan"), float("inf"),
    "a\x1cb", "\ud800", b"bytes", {"a": ["b", {"c": datetime.date(2024, 1, 1)}]},
])
def test_what_only_jsonschema_reads_the_same_goes_to_jsonschema(value: Any) -> None:
    assert not _plain(value)


@pytest.mark.parametrize("value", [
    {"a": ["b", 1, 2.5, True, None]}, "multi\nline\ttext\r", "ünïcödé \u2028 \u00a0", 2**63 - 1,
])
def test_plain_json_takes_the_fast_path(value: Any) -> None:
    assert _plain(value)
