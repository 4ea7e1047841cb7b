"""Read YAML files into plain data while keeping every value's line and column.

PyYAML is forgiving where a contributor's mistake should be caught: it keeps the last of
two duplicate keys silently and expands anchors and aliases without limit (the "billion
laughs" bomb). This loader refuses both, plus tabs used for indentation, files that are
not UTF-8, empty files, oversized files, control characters, several documents in one
file, nesting deeper than any content needs, and scalars that look like dates or numbers but
are not valid ones, and reports each as a located ``Problem``: nothing in a file can make
it raise.

Those checks read a file several times (events, node tree, conversion, slips), and most
files have no problem at all. So ``load_text`` first tries two quick paths: a compiled
YAML 1.2 parser (yaml-rs) on files in the plain subset of YAML where it reads as PyYAML
does (``_fast``), then one pass over libyaml's events (``_quick``); either gives the file
to the full load (``load_explained``) at the first thing that might be a problem: the
messages are always the full load's, and tests/generator/test_load_quick.py checks that
every path reads every accepted file alike.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
import yaml_rs
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem
from generator.slips import explain_syntax_error, silent_slips

MAX_BYTES = 64 * 1024
"""The largest content file accepted; a help page's YAML is a few kilobytes."""

MAX_DEPTH = 16
"""The deepest nesting accepted; content needs five levels. Deeper input would exhaust the
recursion of PyYAML's composer long before the size limit is reached."""

_TOO_DEEP = (f"expected at most {MAX_DEPTH} levels of nesting, found more; a content file "
             "needs five at most, check the brackets")

_LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""What YAML counts as a line break, so that line numbers match PyYAML's marks."""

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""What the YAML reader refuses when typed raw, as it can arrive through a double-quoted
escape (``"\\0"``, ``"\\e[31m"``, ``"\\x9b"``): tab and line feed are text, the rest never is."""

_SCALAR_KINDS = {"tag:yaml.org,2002:timestamp": "date", "tag:yaml.org,2002:int": "number",
                 "tag:yaml.org,2002:float": "number"}

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
    composed: Node | None
    """The node tree, when the loader composed one; None: composed from ``source`` when
    ``node`` is first asked for (most files never need it: only problems are located)."""
    data: Any
    source: str = dataclasses.field(default="", repr=False)
    """The YAML text, kept to compose the tree on demand."""

    @cached_property
    def node(self) -> Node:
        """The node tree that locates every value (line and column marks)."""
        if self.composed is not None:
            return self.composed
        # Safe to compose: the quick path read this text and found no anchor, no alias and
        # no nesting deeper than MAX_DEPTH.
        node = yaml.compose(self.source, Loader=_Loader)
        assert node is not None, "the quick path read a mapping from this text"
        return node


class _Refused(Exception):
    """A construct the loader will not accept, at a node."""

    def __init__(self, node: Node | yaml.Event, message: str) -> None:
        super().__init__(message)
        mark = node.start_mark
        self.line, self.col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.message = message


# libyaml's parser is some twenty times faster than PyYAML's pure-Python one.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_SLOW: Any = object()
"""What ``_quick`` returns for a text it leaves to the full, explaining load."""

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SPACE = re.compile(r"\s")


class _Unusual(Exception):
    """Something the quick path does not decide itself: the full load will say what."""


def _quick(text: str) -> Any:
    """Read a file that loads cleanly in one pass over the parser's events, or ``_SLOW``.

    The full load reads a text twice (the anchor and depth scan, then the node tree), then
    converts the tree and looks for silent slips in it: most of the validator's time. Most
    files are clean, so this reads the events once, builds the data directly and returns
    ``_SLOW`` at the first thing that might be a problem (an anchor, an alias, deep
    nesting, a tag, a duplicate key, a key that is not text, a scalar YAML cannot convert,
    a control character, a possible slip, a parser error). What it returns is what the
    full load returns for a file without problems; the node tree is composed only when
    something is to be located (``Document.node``).
    """
    loader = None
    try:
        loader = _Loader(text)  # PyYAML's own reader refuses control characters here
        return _events_to_data(loader, text)
    except (_Unusual, yaml.YAMLError, ValueError, OverflowError):
        return _SLOW
    finally:
        if loader is not None:
            loader.dispose()


def _events_to_data(loader: Any, text: str) -> Any:
    """Build plain data from the loader's events, raising ``_Unusual`` on anything else."""
    constructor = yaml.constructor.SafeConstructor()
    resolvers = loader.yaml_implicit_resolvers
    lines: list[str] | None = None
    documents = 0
    root: Any = _SLOW
    # Each open collection: [the dict or list, the key waiting for its value (maps), the
    # collection holding this one is a list].
    stack: list[list[Any]] = []
    while True:
        event = loader.get_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            value = _scalar(event, loader, resolvers, constructor)
            plain = not event.style  # None, or '' from libyaml
            if plain and event.end_mark.line > event.start_mark.line:
                lines = lines if lines is not None else _LINE_BREAKS.split(text)
                if _dash_inside(lines, event.start_mark.line, event.end_mark.line):
                    raise _Unusual  # maybe a list item read as text: silent_slips says
            if (plain and stack and stack[-1][2] and stack[-1][1] is _SLOW
                    and isinstance(stack[-1][0], dict) and isinstance(value, str)
                    and _SPACE.search(value)):
                raise _Unusual  # maybe '- Select Settings: Privacy': silent_slips says
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                raise _Unusual
            in_list = bool(stack) and isinstance(stack[-1][0], list)
            stack.append([{} if kind is yaml.MappingStartEvent else [], _SLOW, in_list])
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = stack.pop()[0]
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual
            continue
        elif kind is yaml.StreamEndEvent:
            if not isinstance(root, dict):
                raise _Unusual  # empty, or not a mapping: the full load says what it is
            return root
        elif kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
            continue
        else:  # an alias
            raise _Unusual
        if not stack:
            root = value
            continue
        top = stack[-1]
        if isinstance(top[0], list):
            top[0].append(value)
        elif top[1] is _SLOW:
            if type(value) is not str or value in top[0]:
                raise _Unusual  # not a field name, or one given twice
            top[1] = value
        else:
            top[0][top[1]] = value
            top[1] = _SLOW


def _scalar(event: Any, loader: Any, resolvers: dict[Any, Any],
            constructor: yaml.constructor.SafeConstructor) -> Any:
    """A scalar's value as the full load converts it, or ``_Unusual``."""
    value: str = event.value
    tag = _STR
    # The resolver is asked only where it has a rule for the first character (dates,
    # numbers, yes/no, null...): most values are words, which are text.
    if event.implicit[0] and (value[:1] in resolvers or None in resolvers):
        tag = loader.resolve(ScalarNode, value, event.implicit)
    if tag == _STR:
        if _CONTROL.search(value):
            raise _Unusual
        return value
    if tag == _MERGE or tag not in _PLAIN_TAGS:
        raise _Unusual
    return constructor.construct_object(ScalarNode(tag, value, event.start_mark,
                                                   event.end_mark, event.style))


def _dash_inside(lines: list[str], first: int, last: int) -> bool:
    """Whether a line after ``first`` (0-based) up to ``last`` starts with '-' after its
    indentation: the lines where ``silent_slips`` looks for list items read as text."""
    return any(line.lstrip(" ").startswith("-") for line in lines[first + 1:last + 1])


_MARKER = re.compile(r"\n(?:---|\.\.\.|%)")
"""A document marker or a directive at a line's start: a second document is a list to
yaml-rs, and directives change how the rest is read."""

_ESCAPE = re.compile(r'"[^"]*\\')
"""An escape in double quotes, which can write any character (from the opening quote,
the first backslash comes before any other quote)."""

_SIMPLE_FLOW = re.compile(r"[\[{][\w ,.-]*[\]}] *(?:#[^\n]*)?(?:\n|\Z)")
"""Brackets that hold one line of plain words, '[a, b-c]': YAML 1.1 and 1.2 differ on
':' and '#' inside brackets, and on text after them."""

_DEEP_INDENT = re.compile(r"\n {48}")
_LISTS_IN_A_LINE = re.compile(r"- +-(?: |\n|\Z)")
"""Deep nesting, which crashes yaml-rs (a segmentation fault at some thousands of levels,
where PyYAML's limit is a message): a line indented 48 columns or more, or lists nested
on one line ('- - x'). Without them, and without brackets in brackets, indentation bounds
the depth: a level more takes a column more. (Two expressions: one with alternatives
tries each at every character, ten times slower.)"""

_REFUSED_STARTS = "&!|>?"
"""What may not start a value on the fast path: an anchor or a tag (which yaml-rs would
follow or drop silently), a block of text, an explicit key. An alias needs an anchor, so
yaml-rs refuses every one it meets; '@', '`' and '%' stop both parsers."""


def _plain_text(text: str) -> bool:
    """Whether ``text`` stays inside the subset of YAML that yaml-rs reads as PyYAML does.

    It looks at the text, not its grammar, so it refuses more than it must ('a & b' at the
    start of a line of folded text, for one): a refusal costs only time, an acceptance
    that reads differently would be a wrong value.
    """
    if not _printable(text):
        return False
    if (text.startswith(("---", "...", "%")) or _MARKER.search(text) or _ESCAPE.search(text)
            or _DEEP_INDENT.search(text) or _LISTS_IN_A_LINE.search(text)):
        return False
    for char in f"{_REFUSED_STARTS}[{{":
        at = text.find(char)
        while at >= 0:
            if _starts_value(text, at) and (char in _REFUSED_STARTS
                                            or not _SIMPLE_FLOW.match(text, at)):
                return False
            at = text.find(char, at + 1)
    return True


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"


def _printable(text: str) -> bool:
    """Whether every character but the line feed is printable: none that PyYAML's reader
    refuses or reads as a line break (YAML 1.2 does not), no byte-order mark inside, no
    tab, no white space but the space (Rust may trim Unicode's white space where YAML
    trims only spaces).

    Most files are ASCII, where deleting the printable bytes is three times faster than
    ``str.isprintable`` on a copy without line feeds (and says the same).
    """
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.replace("\n", "").isprintable()


def _starts_value(text: str, at: int) -> bool:
    """Whether a value may start at ``at``: a line's first character, or the first after
    '- ', ': ' or '? '. Inside brackets too, but only simple ones are accepted, which
    hold none of the characters asked about."""
    before = at - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    if before < 0 or text[before] == "\n":
        return True
    return text[before] in ":-?" and before < at - 1


_YAML11 = re.compile("|".join(sorted({
    f"(?x:{regexp.pattern})" if regexp.flags & re.VERBOSE else f"(?:{regexp.pattern})"
    for resolvers in _Loader.yaml_implicit_resolvers.values() for _, regexp in resolvers})))
"""Text that PyYAML would read as something else (yes, 012, 1:20, ~, '<<', a date) when
not quoted: every implicit rule of its loader, in one expression."""

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
"""The one form of ``_YAML11`` that content uses: a day, which PyYAML reads as a date."""

_SLIP = re.compile(r"\s-(?:\s|\Z)")
"""A '- ' line folded into the text above it, as ``silent_slips`` reports."""

_NUMBER_START = "0123456789+-.~<=!&*"
"""How text starts that ``_YAML11`` may match at any length (an empty text, too: '' is
in every string)."""

_WORD_START = "yYnNtTfFoO"
"""How the words start that ``_YAML11`` matches: yes, no, true, false, on, off, null, in
their three cases, five letters at most."""


_ODD_START = _NUMBER_START + _WORD_START


def _odd_text(value: str) -> bool:
    """Whether PyYAML might read ``value`` as something else than text if unquoted, or it
    may hold a silent slip (a '- ' line folded into it).

    Tests of the first character and of substrings spare most of half a million texts at
    5,000 codes the regular expressions (which take a microsecond each). The only white
    space in values is the space and the line break: ``_plain_text`` refuses any other,
    and escapes.
    """
    first = value[:1]
    if ((first in _NUMBER_START or (first in _WORD_START and len(value) <= 5))
            and _YAML11.match(value) is not None):
        return True
    return (" -" in value or "\n-" in value) and _SLIP.search(value) is not None


@functools.lru_cache(maxsize=4096)
def _plain_key(key: str) -> bool:
    """Whether a key read by yaml-rs is a field name PyYAML reads alike (the same few
    names in every file, hence the cache)."""
    return " " not in key and "\n" not in key and not _odd_text(key)


def _fast(text: str) -> Any:
    """Read ``text`` with yaml-rs, or return ``_SLOW``.

    yaml-rs reads YAML 1.2 some six times faster than libyaml's events reach Python, but
    1.2 is not 1.1: 'yes' stays text, 012 is twelve, a quoted date is a date, aliases and
    tags are followed, a second document makes a list. So the text must pass
    ``_plain_text`` and the data ``_plain_collection``: nothing but mappings, lists and text
    that PyYAML, too, reads as text (or as a date), and no silent slip.
    """
    if not _plain_text(text):
        return _SLOW
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a panic in Rust is one (pyo3's PanicException)
        return _SLOW  # a duplicate key, too, which yaml-rs refuses by default
    if not isinstance(data, dict):
        return _SLOW
    try:
        _plain_collection(data, 1, text)
    except _Unusual:
        return _SLOW
    return data


def _plain_collection(data: dict[Any, Any] | list[Any], depth: int, text: str) -> None:
    """Check a mapping or list of ``_fast``'s data, reading its days as dates (in place).

    The tests of ``_odd_text`` that spare most texts the call are repeated in the loop:
    a call for each of half a million texts was most of the time."""
    if depth >= MAX_DEPTH:
        raise _Unusual
    mapping = isinstance(data, dict)
    pairs: Iterable[tuple[Any, Any]] = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in pairs:
        if mapping and (type(key) is not str or not _plain_key(key)):
            raise _Unusual  # not a field name, or maybe '- Select Settings: Privacy'
        if type(value) is str:
            if (value[:1] in _ODD_START or " -" in value or "\n-" in value) and _odd_text(value):
                data[key] = _quoted_or_date(value, text)
        elif type(value) is dict or type(value) is list:
            _plain_collection(value, depth + 1, text)
        else:
            raise _Unusual  # a number, yes/no, nothing: YAML 1.1 and 1.2 read them apart


def _quoted_or_date(value: str, text: str) -> str | datetime.date:
    """What PyYAML reads where yaml-rs read ``value``, text that YAML 1.1 reads as
    something else when unquoted; ``_Unusual`` when that cannot be told.

    Text that yaml-rs reads as a number (or yes/no, nothing) when unquoted was quoted, as
    PyYAML reads it too: code: '83'. Otherwise, it may be a day (``_date``).
    """
    if _YAML11.match(value) is None:
        raise _Unusual  # a silent slip: the full load says where
    if _DATE.match(value) is not None:
        return _date(value, text)  # yaml-rs keeps days as text when asked to: no telling
    try:
        unquoted = yaml_rs.loads(f"v: {value}", parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError):
        raise _Unusual from None
    if isinstance(unquoted, dict) and type(unquoted.get("v")) is not str:
        return value
    return _date(value, text)


def _date(value: str, text: str) -> datetime.date:
    """The date PyYAML reads from ``value`` when it is not quoted in ``text``; ``_Unusual``
    for every other text that YAML 1.1 reads as something else than text when unquoted.

    A quoted day is text to PyYAML. Quotes around it can only be right before it: text in
    quotes that spans lines gains a space where they join, and escapes are refused.
    """
    day = _DATE.match(value)
    if day is None or f"'{value}" in text or f'"{value}' in text:
        raise _Unusual
    try:
        return datetime.date(*(int(part) for part in day.groups()))
    except ValueError:
        raise _Unusual from None  # 2026-13-45: the full load says it is no date


def _refuse_anchors_and_depth(text: str) -> None:
    """Scan the event stream for anchors, aliases and deep nesting before composing.

    Composing would not expand an alias bomb, but converting the nodes would; refusing
    anchors at the event level stops it before anything is built.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event, "expected plain values, found an alias ('*name'); "
                           "write the value out in full (aliases are not allowed)")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event, f"expected plain values, found an anchor ('&{anchor}'); "
                           "remove it and write values out in full")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event, _TOO_DEEP)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _deep_flow(text: str) -> tuple[int, int] | None:
    """Return where brackets first nest deeper than ``MAX_DEPTH``, reading the text ourselves.

    Consulted only when the parser failed, so a rough scan is enough: it skips quoted
    strings and comments and counts ``[``/``{`` as levels below the document's mapping.
    """
    depth, quote = 0, ""
    for number, line in enumerate(_LINE_BREAKS.split(text), start=1):
        for col, char in enumerate(line, start=1):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"" and (col == 1 or line[col - 2] in " [{,:"):
                quote = char
            elif char == "#" and (col == 1 or line[col - 2] in " \t"):
                break
            elif char in "[{":
                depth += 1
                if depth >= MAX_DEPTH:
                    return number, col
            elif char in "]}":
                depth = max(depth - 1, 0)
    return None


def load_file(path: Path, rel: str) -> tuple[Document | None, list[Problem]]:
    """Parse one file; return the document, or None with the problems that stopped it."""
    raw = read_bounded(path)
    if isinstance(raw, str):
        return None, [Problem(rel, 1, 1, raw)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [Problem(rel, line, col, f"expected UTF-8 text, found byte "
                              f"0x{raw[err.start]:02x}; save the file as UTF-8")]
    return load_text(text.removeprefix("\ufeff"), rel)


def load_text(text: str, rel: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text read from ``rel``; return the document, or None with the problems.

    Line numbers are the text's own: to report a YAML block inside a larger file (a page's
    front matter), pad the text with the line breaks before it.
    """
    if "\t" not in text:  # a tab may be in the indentation: the full load says where
        quick = _fast(text)
        if quick is _SLOW:
            quick = _quick(text)
        if quick is not _SLOW:
            return Document(rel, None, quick, text), []
    return load_explained(text, rel)


def load_explained(text: str, rel: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text with every check, saying each problem found (``load_text`` without
    its quick path, which must agree with it on every file it reads itself)."""
    tabs = _indent_tabs(text, rel)
    if tabs:
        return None, tabs
    node, problem = _compose(text, rel)
    if problem is not None:
        return None, [problem]
    if node is None or (node.tag == "tag:yaml.org,2002:null" and not node.value):
        return None, [Problem(rel, 1, 1, "expected a mapping of fields, found an empty file; "
                              "start from `make new CODE=<CODE>`")]
    problems = [Problem(rel, *slip) for slip in silent_slips(node, text)]
    data = _to_python(node, rel, problems, yaml.constructor.SafeConstructor())
    return (None if problems else Document(rel, node, data)), problems


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes | str:
    """Return the file's bytes, or why they were not read (as a message).

    The size is checked on the open file before reading (a 40 GB file, sparse or not, is
    refused at once rather than read into memory), and the read stops one byte past the
    limit in case the file grows meanwhile. Opening without blocking, then checking what
    was opened, keeps a named pipe or a device from stalling the validator.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                return ("expected a file, found something that is not one (a pipe, a "
                        "device or a socket); put a YAML file here")
            size = info.st_size
            raw = file.read(limit + 1) if size <= limit else b""
            size = max(size, len(raw))
    except OSError as err:
        return (f"expected a readable file, found an error ({err.strerror or err}); check "
                "the file's permissions")
    if size > limit:
        return (f"expected a file under {limit // 1024} KiB, found {_size(size)}; split "
                "it or shorten the text")
    return raw


def _size(count: int) -> str:
    """Say a byte count in the largest binary unit that keeps it at least 1."""
    for unit in ("KiB", "MiB", "GiB"):
        count //= 1024
        if count < 1024:
            return f"{count} {unit}"
    return f"{count // 1024} TiB"


def _compose(text: str, rel: str) -> tuple[Node | None, Problem | None]:
    """Compose the node tree, or return the one problem that stopped the parser."""
    try:
        _refuse_anchors_and_depth(text)
        return yaml.compose(text, Loader=_Loader), None
    except _Refused as err:
        return None, Problem(rel, err.line, err.col, err.message)
    except yaml.MarkedYAMLError as err:
        # A parser may give up on deep brackets with a limit and words of its own (libyaml
        # does from 0.2.5, on the scanner's look-ahead, before an event reaches us): when our
        # own limit was passed first, that is the problem to report, in our words.
        deep = _deep_flow(text)
        mark = err.problem_mark or err.context_mark
        if deep is not None and (mark is None or deep <= (mark.line + 1, mark.column + 1)):
            return None, Problem(rel, *deep, _TOO_DEEP)
        return None, _syntax_problem(rel, text, err)
    except yaml.reader.ReaderError as err:
        line, col = _line_col(text, err.position)
        char = err.character if isinstance(err.character, int) else ord(err.character)
        return None, Problem(rel, line, col, f"expected printable text, found the control "
                             f"character U+{char:04X}; delete it (most editors do not show it)")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of ``offset`` in ``text``."""
    lines = _LINE_BREAKS.split(text[:offset])
    return len(lines), len(lines[-1]) + 1


def _indent_tabs(text: str, rel: str) -> list[Problem]:
    """Report every tab used in a line's indentation (YAML forbids them)."""
    problems = []
    for number, line in enumerate(_LINE_BREAKS.split(text), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(rel, number, indent.index("\t") + 1,
                                    "expected spaces for indentation, found a tab; "
                                    "indent with two spaces"))
    return problems


def _syntax_problem(rel: str, text: str, err: yaml.MarkedYAMLError) -> Problem:
    """Say, in the validator's words, what stopped the parser (see ``generator.slips``).

    Only the parser's marks are used, never its words, so the message is the same
    whichever PyYAML (or libyaml) version read the file.
    """
    def at(mark: yaml.Mark | None) -> tuple[int, int] | None:
        return None if mark is None else (mark.line, mark.column)

    second = err.context == "expected a single document in the stream"
    return Problem(rel, *explain_syntax_error(text, at(err.problem_mark), at(err.context_mark),
                                              second_document=second))


def _to_python(node: Node, rel: str, problems: list[Problem],
               constructor: yaml.constructor.SafeConstructor) -> Any:
    """Convert a node tree to plain data, reporting duplicate keys and unusual tags."""
    where = (rel, node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag == "tag:yaml.org,2002:merge":
        problems.append(Problem(*where, "expected a field name, found the merge key '<<'; "
                                "write the fields out in full"))
        return None
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(*where, f"expected a plain value, found the tag '{node.tag}'; "
                                "remove the '!' tag"))
        return None
    if isinstance(node, MappingNode):
        return _mapping(node, rel, problems, constructor)
    if isinstance(node, SequenceNode):
        return [_to_python(item, rel, problems, constructor) for item in node.value]
    assert isinstance(node, ScalarNode)
    try:
        # Dates stay dates (not strings) so that the schema can say "expected a string".
        value = constructor.construct_object(node)
    except (ValueError, OverflowError, yaml.YAMLError):
        kind = _SCALAR_KINDS.get(node.tag, "value")
        problems.append(Problem(*where, f"expected a valid {kind}, found '{node.value[:40]}', "
                                f"which YAML reads as a {kind} but is not one; put it in "
                                "quotes if it is text"))
        return None
    control = _CONTROL.search(value) if isinstance(value, str) else None
    if control is not None:
        problems.append(Problem(*where, f"expected printable text, found the control "
                                f"character U+{ord(control.group()):04X} written as an "
                                "escape in quotes (such as '\\e', '\\0' or '\\x1b'); "
                                "remove the escape"))
        return None
    return value


def _mapping(node: MappingNode, rel: str, problems: list[Problem],
             constructor: yaml.constructor.SafeConstructor) -> dict[str, Any]:
    """Convert a mapping, reporting keys that are not names and keys given twice."""
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        reported = len(problems)
        key = _to_python(key_node, rel, problems, constructor)
        if len(problems) > reported:
            continue  # a merge key, a tag, a control character: said once is enough
        line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key, str):
            shown = "nothing" if key is None else f"{key!r}"[:40]
            problems.append(Problem(rel, line, col, f"expected a field name, found {shown}; "
                                    "use a field from the schema, in quotes if it looks like "
                                    "a number or yes/no"))
            continue
        if key in result:
            problems.append(Problem(rel, line, col, f"expected each field once, found "
                                    f"'{key}' again; merge the two or delete one"))
        result[key] = _to_python(value_node, rel, problems, constructor)
    return result


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
