"""The YAML slips a first-time contributor makes, told in plain words with the fix.

A parser's own words ("found character that cannot start any token", "mapping values are
not allowed here") name its grammar, not the mistake, and change between parser versions.
So these functions read the source text around where the parser stopped and say what the
contributor did and what to type instead; the parser's marks only say where to look.
Some slips do not stop the parser at all (a list item indented too far becomes more text
of the item above): ``silent_slips`` finds those in the composed tree.

Every function returns ``(line, col, message)`` with a 1-based line and column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Located = tuple[int, int, str]

_LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")

_KEY = re.compile(r"(?P<key>[^\s\"'`*&!|>%@#\[\]{},:-][^:#]*?|-[^\s:#][^:#]*?):(?: +|$)")
"""A plain field name and its colon at the start of what is left of a line."""

_RESERVED = {"`": "YAML reserves that character", "@": "YAML reserves that character",
             "*": "YAML reads * as the start of an alias",
             "&": "YAML reads & as the start of an anchor",
             "|": "YAML reads | as the start of a block of text",
             ">": "YAML reads > as the start of a block of text",
             "%": "YAML reserves that character",
             "[": "YAML reads [ as the start of a list", "{": "YAML reads { as the start of "
             "a set of fields"}
"""What YAML makes of a value's first character where plain text cannot start."""

_GENERIC = ("expected valid YAML, found something YAML cannot read here; check indentation, "
            "colons and quotes on this line or the one before (a value that holds ': ' or "
            "starts with a symbol goes in double quotes)")

_CLOSING = {"[": "]", "{": "}"}


@dataclass(frozen=True)
class _Line:
    """One source line taken apart as YAML's block structure sees it."""

    indent: int
    """0-based column of the first character that is not a space."""
    dash: int | None
    """0-based column of the last '- ' item marker before the content, if any."""
    key: str | None
    key_col: int
    """0-based column where the key (or, without one, the value) starts."""
    value: str
    """What follows the key's ': ' (or the markers), comment removed."""
    value_col: int

    @property
    def blank(self) -> bool:
        return self.key is None and self.dash is None and not self.value


def _split(line: str) -> _Line:
    """Take a line apart into indentation, item marker, key and value."""
    indent = len(line) - len(line.lstrip(" "))
    col, dash = indent, None
    while line.startswith("- ", col) or line[col:] == "-":
        dash = col
        col += 1
        while col < len(line) and line[col] == " ":
            col += 1
    key, key_col = None, col
    match = _KEY.match(line, col)
    if match:
        key = match["key"]
        col = match.end()
    value = line[col:]
    if value.startswith("#"):
        value = ""
    elif " #" in value and value[:1] not in "\"'":
        value = value[: value.index(" #")]
    return _Line(indent, dash, key, key_col, value.rstrip(), col)


def _quoted(key: str | None, dash: bool, value: str) -> str:
    """The line as it should be typed: the value in double quotes."""
    shown = value if len(value) <= 120 else value[:117].rstrip() + "..."
    text = json.dumps(shown, ensure_ascii=False)
    prefix = "- " if dash else ""
    return f"{prefix}{key}: {text}" if key else f"{prefix}{text}"


def _lines(text: str) -> list[str]:
    return _LINE_BREAKS.split(text)


def explain_syntax_error(text: str, problem: tuple[int, int] | None,
                         context: tuple[int, int] | None, *,
                         second_document: bool = False) -> Located:
    """Say what stopped the parser, from the text at the 0-based marks it gave.

    ``problem`` is where the parser noticed something was wrong, ``context`` where the
    construct it was reading began (an opening quote or bracket, a mapping).
    """
    lines = _lines(text)
    opened = _unclosed(lines, problem, context)
    if opened is not None:
        return opened
    where = problem or context
    if where is None:
        return 1, 1, _GENERIC
    number = where[0]
    if number >= len(lines):  # the end of the file, after its last line break
        return number + 1, where[1] + 1, _GENERIC
    line = lines[number]
    if second_document or line.startswith(("---", "...")):
        return (number + 1, 1, "expected one YAML document per file, found a second one "
                "('---'); remove the '---' line and keep one set of fields")
    for check in (_starts_with_symbol, _colon_in_value, _misindented):
        found = check(lines, number)
        if found is not None:
            return found
    return number + 1, where[1] + 1, _GENERIC


def _unclosed(lines: list[str], problem: tuple[int, int] | None,
              context: tuple[int, int] | None) -> Located | None:
    """An opening quote or bracket the parser read on from without finding its end."""
    if context is None or problem is None or problem <= context:
        return None
    line, col = context
    char = lines[line][col] if line < len(lines) and col < len(lines[line]) else ""
    if char in "\"'":
        inside = '\\"' if char == '"' else "''"
        return (line + 1, col + 1, f"expected a closing {char} for the quote that opens "
                f"here, found none; end the value with {char} (to write {char} inside it, "
                f"type {inside})")
    if char in _CLOSING:
        close = _CLOSING[char]
        return (line + 1, col + 1, f"expected a closing {close} for the {char} that opens "
                f"here, found none; add the {close}, or if the {char} is part of the text, "
                "put the whole value in double quotes")
    return None


def _starts_with_symbol(lines: list[str], number: int) -> Located | None:
    """A value that begins with `, @, * or a bracket that text follows."""
    part = _split(lines[number])
    first = part.value[:1]
    if first and first in "\"'":
        return _text_after_quote(number, part)
    if not first or first not in _RESERVED:
        return None
    if first in _CLOSING and not _text_after_bracket(part.value):
        return None  # a list or set of fields in brackets, broken some other way
    if first in "|>" and re.fullmatch(r"[|>][-+0-9]*", part.value):
        return None  # a block of text, which is fine here
    shown = "**" if part.value.startswith("**") else first
    fix = _quoted(part.key, part.dash is not None, part.value)
    return (number + 1, part.value_col + 1, f"expected text, found a value that starts with "
            f"{shown} ({_RESERVED[first]}); a value that starts with {shown} must be quoted: "
            f"put the whole value in double quotes, like this: {fix}")


def _text_after_quote(number: int, part: _Line) -> Located | None:
    """A quoted start with more text after its closing quote: '"Play" fails twice'."""
    quote, value = part.value[0], part.value
    index = 1
    while index < len(value) and value[index] != quote:
        index += 2 if quote == '"' and value[index] == "\\" else 1
    if index >= len(value) - 1 or not value[index + 1:].strip():
        return None
    fix = _quoted(part.key, part.dash is not None, value)
    return (number + 1, part.value_col + 1, f"expected the value to end at its closing "
            f"{quote}, found more text after it; a value that only starts with a quote must "
            f"be quoted as a whole: put it all in double quotes, like this: {fix}")


def _text_after_bracket(value: str) -> bool:
    """Whether the bracket ``value`` starts with closes on this line, with words after it."""
    close = value.find(_CLOSING[value[0]])
    return close > 0 and bool(value[close + 1:].strip(" ,"))


def _colon_in_value(lines: list[str], number: int) -> Located | None:
    """': ' inside a value, which YAML reads as the start of another field."""
    part = _split(lines[number])
    value, col = part.value, part.value_col
    if part.key is not None and re.search(r"\s", part.key):
        # The line is a continuation of the text above, and its ': ' made it look like a
        # field whose name has spaces, which no field has.
        at = lines[number].index(":", part.key_col)
        return (number + 1, at + 1, "expected text, found ': ' inside a value, which YAML "
                "reads as the start of a field; a value that contains ': ' must be quoted: "
                "put the whole value in double quotes")
    if value[:1] in "\"'[{" or not re.search(r":( |$)", value):
        return None
    at = col + re.search(r":( |$)", value).start()  # type: ignore[union-attr]
    return (number + 1, at + 1, "expected text, found ': ' inside a value, which YAML reads "
            "as the start of a field; a value that contains ': ' must be quoted: put the "
            "whole value in double quotes, like this: "
            f"{_quoted(part.key, part.dash is not None, value)}")


def _block_start(lines: list[str], number: int) -> int:
    """The first line of the top-level field that ``number`` belongs to."""
    for back in range(number - 1, -1, -1):
        part = _split(lines[back])
        if part.indent == 0 and part.key is not None and part.dash is None:
            return back
    return 0


def _misindented(lines: list[str], number: int) -> Located | None:
    """A list item or a field indented unlike its siblings above."""
    part = _split(lines[number])
    above = [_split(lines[back]) for back in range(_block_start(lines, number), number)]
    if part.dash is not None and part.dash == part.indent:
        columns = [p.dash for p in above if p.dash is not None]
        nearest = _closest(columns, part.dash)
        if nearest is None:
            return None
        return (number + 1, part.dash + 1, f"expected this list item's '-' at column "
                f"{nearest + 1}, under the item above, found it at column {part.dash + 1}; "
                "indent every '- ' of a list the same")
    if part.key is None or part.dash is not None:
        return None
    keys = [(p.key_col, p.key) for p in above if p.key is not None]
    nearest = _closest([col for col, _ in keys], part.indent)
    if nearest is None:
        return None
    sibling = next(key for col, key in reversed(keys) if col == nearest)
    return (number + 1, part.indent + 1, f"expected '{part.key}:' at column {nearest + 1}, "
            f"under '{sibling}:' above, found it at column {part.indent + 1}; line up the "
            "fields of a list item under its first one")


def _closest(columns: list[int], found: int) -> int | None:
    """The column nearest ``found``, latest first on a tie; None if one equals it."""
    if not columns or found in columns:
        return None
    return min(reversed(columns), key=lambda col: abs(col - found))


def silent_slips(node: Node, text: str) -> list[Located]:
    """Slips the parser accepts with another meaning than the contributor's."""
    lines = _lines(text)
    found: list[Located] = []
    for parent, child in _edges(node):
        if isinstance(child, ScalarNode) and not child.style:  # plain: None, or '' (libyaml)
            found += _absorbed_items(lines, parent, child)
        if isinstance(parent, SequenceNode) and isinstance(child, MappingNode):
            found += _colon_item(lines, child)
    return found


def _edges(node: Node) -> Iterator[tuple[Node, Node]]:
    """Every (parent, child) pair below ``node``, depth first."""
    children: list[Node] = []
    if isinstance(node, MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, SequenceNode):
        children = list(node.value)
    for child in children:
        yield node, child
        yield from _edges(child)


def _absorbed_items(lines: list[str], parent: Node, scalar: ScalarNode) -> list[Located]:
    """'- ' lines inside plain text: list items indented so that YAML reads them as text."""
    start, end = scalar.start_mark, scalar.end_mark
    found: list[Located] = []
    for number in range(start.line + 1, min(end.line, len(lines) - 1) + 1):
        part = _split(lines[number])
        if part.dash is None or part.dash != part.indent:
            continue
        first = lines[start.line]
        if isinstance(parent, SequenceNode):
            item = first.rfind("-", 0, start.column)
            message = (f"expected a new list item, found '- ' at column {part.dash + 1}, "
                       "which YAML reads as more text of the item above (its '-' is at "
                       f"column {item + 1}); indent this '- ' exactly like the one above")
        else:
            key = _split(first).key or "the field"
            message = (f"expected a list under '{key}:', found text on its line, so YAML "
                       "reads the '- ' lines below as more of that text; leave "
                       f"'{key}:' alone on its line and put each item on its own '- ' line")
        found.append((number + 1, part.dash + 1, message))
        break  # one message per value: the rest follow from the same slip
    return found


def _colon_item(lines: list[str], item: MappingNode) -> list[Located]:
    """A list item like '- Select Settings: Privacy', which YAML reads as a field."""
    if len(item.value) != 1:
        return []
    key, value = item.value[0]
    if not (isinstance(key, ScalarNode) and not key.style and re.search(r"\s", key.value)
            and isinstance(value, ScalarNode) and not value.style
            and key.start_mark.line == value.start_mark.line):
        return []
    line = lines[key.start_mark.line]
    at = line.index(":", key.end_mark.column)
    whole = line[key.start_mark.column:].rstrip()
    return [(key.start_mark.line + 1, at + 1, "expected text, found ': ' inside a list "
             "item, which YAML reads as a field; a value that contains ': ' must be quoted: "
             f"put the whole value in double quotes, like this: {_quoted(None, True, whole)}")]
