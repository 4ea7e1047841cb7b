"""Property: whatever an edit does to a real content file, ``validate_dir`` accepts the
result or raises ``ContentError`` whose every problem is located and says what was
expected. Nothing else may escape: no KeyError, no RecursionError, no traceback.

Each example copies one real file, mutated, next to the files it refers to (a code's
causes, or a code that uses the cause) into a fresh folder, so cross references are
exercised while each validation stays small.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.rules import CHECKS
from generator.errors import ContentError
from generator.validate import validate_dir
from tests.conftest import REPO

CONTENT = REPO / "content"
FILES = sorted([*CONTENT.glob("codes/*/*.yaml"), *CONTENT.glob("causes/*.yaml"),
                *CONTENT.glob("services/*.yaml")])

MARKUP = st.sampled_from([
    "<script>alert(1)</script>", "<b>", "{{ config }}", "{% x %}", "![img](https://x.y)",
    "[a](javascript:alert(1))", "[ref][1]", "\n[1]: https://x.y\n", "`", "*", "\n\n", "---",
    "\n---\n", "- ", ": ", " #", "&a ", "*a", "!!python/object:os.system ", "<<: ", "{", "[",
    "]", "}", "\t", "'", '"', "|", ">", "? ", "%YAML 1.1\n", "\x00", "\ufeff", "\u2028",
    "\r", "TODO", "2024-13-45", "0x_", "yes", "null", "~", "9" * 5000, "[" * 500,
])
TEXT = st.one_of(MARKUP, st.text(max_size=40), st.text(alphabet="[]{}:-#&*!|>'\"\n ",
                                                        max_size=20))
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), st.text(max_size=20),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=2),
)
Mutation = Callable[[bytes, st.DataObject], bytes]


def _paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value in parsed YAML, the root excluded."""
    children = (data.items() if isinstance(data, dict)
                else enumerate(data) if isinstance(data, list) else ())
    for key, value in children:
        yield (*path, key)
        yield from _paths(value, (*path, key))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _structured(change: Callable[[Any, st.DataObject], None]) -> Mutation:
    """Lift a change of the parsed data to a mutation of the file's bytes."""
    def mutate(raw: bytes, draw: st.DataObject) -> bytes:
        data = yaml.safe_load(raw)
        if not isinstance(data, dict) or not data:
            return raw
        change(data, draw)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    return mutate


def _delete_key(data: Any, draw: st.DataObject) -> None:
    path = draw.draw(st.sampled_from(list(_paths(data))))
    del _parent(data, path)[path[-1]]


def _change_type(data: Any, draw: st.DataObject) -> None:
    path = draw.draw(st.sampled_from(list(_paths(data))))
    _parent(data, path)[path[-1]] = draw.draw(VALUES)


def _insert_markup(data: Any, draw: st.DataObject) -> None:
    strings = [p for p in _paths(data) if isinstance(_parent(data, p)[p[-1]], str)]
    path = draw.draw(st.sampled_from(strings))
    text = _parent(data, path)[path[-1]]
    at = draw.draw(st.integers(0, len(text)))
    _parent(data, path)[path[-1]] = text[:at] + draw.draw(TEXT) + text[at:]


def _swap(data: Any, draw: st.DataObject) -> None:
    paths = list(_paths(data))
    one, two = draw.draw(st.sampled_from(paths)), draw.draw(st.sampled_from(paths))
    if one[: len(two)] == two or two[: len(one)] == one:
        return  # one holds the other
    a, b = _parent(data, one), _parent(data, two)
    a[one[-1]], b[two[-1]] = b[two[-1]], a[one[-1]]


def _duplicate_line(raw: bytes, draw: st.DataObject) -> bytes:
    lines = raw.splitlines(keepends=True)
    at = draw.draw(st.integers(0, len(lines) - 1))
    to = draw.draw(st.integers(0, len(lines)))
    return b"".join([*lines[:to], lines[at], *lines[to:]])


def _delete_line(raw: bytes, draw: st.DataObject) -> bytes:
    lines = raw.splitlines(keepends=True)
    del lines[draw.draw(st.integers(0, len(lines) - 1))]
    return b"".join(lines)


def _reindent_line(raw: bytes, draw: st.DataObject) -> bytes:
    lines = raw.splitlines(keepends=True)
    at = draw.draw(st.integers(0, len(lines) - 1))
    indent = draw.draw(st.sampled_from([b"", b" ", b"   ", b"\t", b"      "]))
    lines[at] = indent + lines[at].lstrip(b" ")
    return b"".join(lines)


def _truncate(raw: bytes, draw: st.DataObject) -> bytes:
    return raw[: draw.draw(st.integers(0, len(raw)))]


def _insert_text(raw: bytes, draw: st.DataObject) -> bytes:
    at = draw.draw(st.integers(0, len(raw)))
    text = draw.draw(st.one_of(TEXT.map(lambda t: t.encode("utf-8")), st.binary(max_size=6)))
    return raw[:at] + text + raw[at:]


MUTATIONS: list[Mutation] = [
    _structured(_delete_key), _structured(_change_type), _structured(_insert_markup),
    _structured(_swap), _duplicate_line, _delete_line, _reindent_line, _truncate,
    _insert_text,
]


@cache
def _causes_of(code: Path) -> tuple[Path, ...]:
    """The cause files a real code names (none if the code is broken right now)."""
    data = yaml.safe_load(code.read_bytes())
    refs = [ref.get("cause") for ref in data.get("causes", []) if isinstance(ref, dict)]
    return tuple(CONTENT / "causes" / f"{ref}.yaml" for ref in refs if isinstance(ref, str))


def _service_of(code: Path) -> Path:
    return CONTENT / "services" / f"{code.parent.name}.yaml"


@cache
def _companions(path: Path) -> tuple[Path, ...]:
    """The real files ``path`` needs to be valid: a code's causes and service; for a cause,
    the code with the fewest causes among those that use it, its causes and service; for a
    service, nothing (a service without codes is valid)."""
    if path.parent.parent.name == "codes":
        return (*_causes_of(path), _service_of(path))
    if path.parent.name == "services":
        return ()
    users = [code for code in sorted(CONTENT.glob("codes/*/*.yaml"))
             if path in _causes_of(code)]
    user = min(users, key=lambda code: len(_causes_of(code)), default=None)
    return (user, *_causes_of(user), _service_of(user)) if user else ()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the examples' content copies (each example makes and removes one)."""
    return tmp_path_factory.mktemp("fuzz")


@given(draw=st.data())
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_any_edit_is_accepted_or_reported_with_a_location(scratch: Path,
                                                         draw: st.DataObject) -> None:
    path = draw.draw(st.sampled_from(FILES))
    mutate = draw.draw(st.sampled_from(MUTATIONS))
    mutated = mutate(path.read_bytes(), draw)
    work = Path(tempfile.mkdtemp(dir=scratch))
    try:
        for folder in ("codes", "causes", "services"):
            (work / folder).mkdir()
        for companion in _companions(path):
            if companion.is_file() and companion != path:
                copy = work / companion.relative_to(CONTENT)
                copy.parent.mkdir(exist_ok=True)
                shutil.copy(companion, copy)
        target = work / path.relative_to(CONTENT)
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(mutated)
        _check(work)
    finally:
        shutil.rmtree(work)


def _check(work: Path) -> None:
    """Validate ``work``; any problem must point into a file and say what was expected."""
    try:
        validate_dir(work, CHECKS, root=work)
    except ContentError as err:
        assert err.problems
        for problem in err.problems:
            file = work / problem.path
            assert file.is_file() or problem.path in ("codes", "causes", "services"), problem
            lines = len(file.read_bytes().splitlines()) if file.is_file() else 0
            assert 1 <= problem.line <= lines + 1, problem
            assert problem.col >= 1, problem
            assert "expected" in problem.message, problem

