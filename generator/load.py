"""Read YAML files into plain data while keeping every value's line and column.

PyYAML is forgiving where a contributor's mistake should be caught: it keeps the last of
two duplicate keys silently and expands anchors and aliases without limit (the "billion
laughs" bomb). This loader refuses both, plus tabs used for indentation, files that are
not UTF-8, empty files and oversized files, and reports each as a located ``Problem``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem

MAX_BYTES = 64 * 1024
"""The largest content file accepted; a help page's YAML is a few kilobytes."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass(frozen=True)
class Document:
    """One parsed YAML file: its data and the node tree that locates every value."""

    path: str
    """Repository-relative path, as messages print it."""
    node: Node
    data: Any


class _Refused(Exception):
    """A construct the loader will not accept, at a node."""

    def __init__(self, node: Node | yaml.Event, message: str) -> None:
        super().__init__(message)
        mark = node.start_mark
        self.line, self.col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.message = message


class _NoAnchorLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses anchors and aliases before expanding anything."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event, "expected plain values, found an alias ('*name'); "
                           "write the value out in full (aliases are not allowed)")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event, f"expected plain values, found an anchor ('&{anchor}'); "
                           "remove it and write values out in full")
        return super().compose_node(parent, index)


def load_file(path: Path, rel: str) -> tuple[Document | None, list[Problem]]:
    """Parse one file; return the document, or None with the problems that stopped it."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return None, [Problem(rel, 1, 1, f"expected a file under {MAX_BYTES // 1024} KiB, "
                              f"found {len(raw) // 1024} KiB; split it or shorten the text")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [Problem(rel, line, col, f"expected UTF-8 text, found byte "
                              f"0x{raw[err.start]:02x}; save the file as UTF-8")]
    text = text.removeprefix("\ufeff")
    tabs = _indent_tabs(text, rel)
    if tabs:
        return None, tabs
    try:
        node = yaml.compose(text, Loader=_NoAnchorLoader)
    except _Refused as err:
        return None, [Problem(rel, err.line, err.col, err.message)]
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(rel, err)]
    if node is None:
        return None, [Problem(rel, 1, 1, "expected a mapping of fields, found an empty file; "
                              "start from `python -m generator new <CODE>`")]
    problems: list[Problem] = []
    data = _to_python(node, rel, problems)
    return (None if problems else Document(rel, node, data)), problems


def _indent_tabs(text: str, rel: str) -> list[Problem]:
    """Report every tab used in a line's indentation (YAML forbids them)."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(rel, number, indent.index("\t") + 1,
                                    "expected spaces for indentation, found a tab; "
                                    "indent with two spaces"))
    return problems


def _syntax_problem(rel: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return Problem(rel, 1, 1, f"expected valid YAML, found {err}")
    line, col = mark.line + 1, mark.column + 1
    what = " ".join(part for part in (err.context, err.problem) if part)
    return Problem(rel, line, col, f"expected valid YAML, found a syntax error ({what}); "
                   "check indentation, colons and quotes on this line or the one before")


def _to_python(node: Node, rel: str, problems: list[Problem]) -> Any:
    """Convert a node tree to plain data, reporting duplicate keys and unusual tags."""
    where = (rel, node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(*where, f"expected a plain value, found the tag '{node.tag}'; "
                                "remove the '!' tag"))
        return None
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, rel, problems)
            if not isinstance(key, str):
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Problem(rel, line, col, f"expected a field name, found {key!r}"))
                continue
            if key in result:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Problem(rel, line, col, f"expected each field once, found "
                                        f"'{key}' again; merge the two or delete one"))
            result[key] = _to_python(value_node, rel, problems)
        return result
    if isinstance(node, SequenceNode):
        return [_to_python(item, rel, problems) for item in node.value]
    assert isinstance(node, ScalarNode)
    # Dates stay dates (not strings) so that the schema can say "expected a string".
    return yaml.SafeLoader("").construct_object(node)


def node_at(node: Node, path: list[str | int], *, key: bool = False) -> Node:
    """Return the node at ``path`` (its key node if ``key``), or the deepest that exists.

    Stopping at the deepest existing node makes a missing field point at its parent.
    """
    current = node
    for index, step in enumerate(path):
        last = index == len(path) - 1
        if isinstance(current, MappingNode):
            pair = next((kv for kv in current.value if kv[0].value == step), None)
            if pair is None:
                break
            current = pair[0] if (last and key) else pair[1]
        elif isinstance(current, SequenceNode) and isinstance(step, int):
            if step >= len(current.value):
                break
            current = current.value[step]
        else:
            break
    return current


def locate(node: Node, path: list[str | int], *, key: bool = False) -> tuple[int, int]:
    """Return the 1-based line and column of the value (or key) at ``path``."""
    mark = node_at(node, path, key=key).start_mark
    return mark.line + 1, mark.column + 1
