"""Check parsed YAML against the JSON Schemas in ``content/schema`` with located messages.

The schemas are declared once, as draft-07 JSON Schema, and serve both the editor (through
the ``yaml-language-server`` modeline at the top of every file) and this validator, so the
two cannot drift. jsonschema's own messages are rewritten here as "expected ..., found ...,
how to fix", pointed at the offending key or value.

Most files pass, and jsonschema takes milliseconds a file. A compiled validator
(jsonschema-rs, some seventy times faster) therefore decides first, and jsonschema runs only
on the files it does not pass, to explain them: the messages are jsonschema's, as before.
That is sound only if the compiled validator never passes what jsonschema would reject, so
it sees only plain JSON data (`_plain`) and anything it cannot read goes to jsonschema;
tests/generator/test_schema_fast.py checks the agreement on generated documents.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError

from generator.errors import Problem, did_you_mean
from generator.load import Document, locate
from generator.text import URL_PATTERN, url_problem

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "content" / "schema"


@cache
def load_schema(kind: str, schema_dir: Path = SCHEMA_DIR) -> dict[str, Any]:
    """Return the JSON Schema for ``kind`` (``code`` or ``cause``)."""
    schema: dict[str, Any] = json.loads((schema_dir / f"{kind}.schema.json").read_text("utf-8"))
    return schema


@cache
def _anchored(pattern: str) -> re.Pattern[str]:
    """Compile a schema pattern so that a final ``$`` means the end of the text.

    In Python (as jsonschema runs patterns) ``$`` also matches before a final line break,
    so ``"drm-component\\n"`` would pass ``^[a-z0-9-]+$`` and carry its line break into a
    file name, a URL or a link. Editors run the same pattern in JavaScript, where ``$``
    already means the end.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any,
             schema: dict[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _anchored(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# types-jsonschema leaves extend() untyped.
_Draft7 = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft7Validator, {"pattern": _pattern})


@cache
def _validator(kind: str, schema_dir: Path) -> Any:
    """One validator per schema: building it resolves references, too slow per file."""
    return _Draft7(load_schema(kind, schema_dir))


@cache
def _compiled(kind: str, schema_dir: Path) -> Callable[[Any], bool]:
    """The compiled validator's yes/no for one schema (formats unchecked, as jsonschema's)."""
    validator = jsonschema_rs.Draft7Validator(load_schema(kind, schema_dir),
                                              validate_formats=False)
    return validator.is_valid


# Control characters other than tab and line breaks, and lone surrogates (from escapes
# like "\ud800"). Python's regular expressions count U+001C..U+001F and U+0085 as white
# space (\s) and the ECMA-262 patterns of the compiled validator do not, so a pattern like
# [^\s] would accept them there only.
_UNCOMMON = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_MAX_INT = 2**63


def _plain(value: Any) -> bool:
    """Whether ``value`` is JSON that both validators read alike.

    Not plain: dates, keys that are not text, numbers that are not finite or do not fit
    64 bits, text with uncommon control characters or lone surrogates.
    """
    if isinstance(value, dict):
        return _plain_pairs(value)
    if isinstance(value, list):
        return _plain_items(value)
    return _plain_scalar(value)


def _plain_pairs(mapping: dict[Any, Any]) -> bool:
    """``_plain`` of a mapping: text keys, plain values (``_plain_items``)."""
    return (all(isinstance(key, str) and _common(key) for key in mapping)
            and _plain_items(mapping.values()))


def _plain_items(items: Iterable[Any]) -> bool:
    """``_plain`` of a list's items or a mapping's values, text tested in the loop: most
    values are text, and a call for each was most of the walk's time."""
    for item in items:
        if isinstance(item, str):
            if not _common(item):
                return False
        elif not _plain(item):
            return False
    return True


def _common(text: str) -> bool:
    """Whether ``text`` has no ``_UNCOMMON`` character. Those are all control characters
    or surrogates, which ``str.isprintable`` refuses: its answer, faster than a search,
    settles most text (line breaks and no-break spaces leave the search to decide)."""
    return text.isprintable() or _UNCOMMON.search(text) is None


def _plain_scalar(value: Any) -> bool:
    """``_plain`` of a value that is not a collection."""
    if isinstance(value, str):
        return _common(value)
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return -_MAX_INT <= value < _MAX_INT
    if isinstance(value, float):
        return math.isfinite(value)
    return False


def dates_as_text(doc: Document, kind: str, schema_dir: Path = SCHEMA_DIR) -> Document:
    """Return ``doc`` with each value its schema declares a date (``"format": "date"``)
    written as ISO text when YAML read it as a date.

    YAML reads an unquoted 2026-11-26 as a date, JSON (and so the schema, the editor and
    the compiled validator) has text only. Anywhere else a date stays a date, so that a
    date typed where text belongs is still reported as one.
    """
    tree = _date_tree(kind, schema_dir)
    if tree is _EVERYWHERE:
        schema = load_schema(kind, schema_dir)
        data = _dated(doc.data, schema, schema)
    else:
        data = doc.data if tree is None else _dated_at(doc.data, tree)
    # replace() keeps the source text, so the node tree is still composed only on demand.
    return doc if data is doc.data else dataclasses.replace(doc, data=data)


def _dated(value: Any, node: dict[str, Any], schema: dict[str, Any]) -> Any:
    """Return ``value`` with its schema-declared dates as text (the same object if none)."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        node = schema.get("definitions", {}).get(ref.rsplit("/", 1)[1], {})
    if node.get("format") == "date" and isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict) and isinstance(node.get("properties"), dict):
        changed = {key: _dated(item, node["properties"].get(key, {}), schema)
                   for key, item in value.items()}
        same = all(changed[key] is item for key, item in value.items())
        return value if same else changed
    if isinstance(value, list) and isinstance(node.get("items"), dict):
        items = [_dated(item, node["items"], schema) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


@dataclass(frozen=True)
class _Dates:
    """The part of a schema where it declares dates: all that ``dates_as_text`` walks.

    Walking the whole document against the whole schema took as long as the compiled
    validator's check of it, three times per file (``check_shape`` and ``passes`` ask
    again); a code file has dates in one place (its sources' ``checked``)."""

    date: bool
    """The value here is declared a date."""
    properties: dict[str, _Dates]
    """The fields below that hold dates somewhere."""
    items: _Dates | None
    """The dates of each item, for a list."""


_EVERYWHERE: Any = object()
"""A recursive schema: no finite tree says where its dates are, so walk it all."""


class _Recursive(Exception):
    """A ``$ref`` reached again below itself."""


@cache
def _date_tree(kind: str, schema_dir: Path) -> Any:
    """Where ``kind``'s schema declares dates (None: nowhere; ``_EVERYWHERE``: recursive)."""
    schema = load_schema(kind, schema_dir)
    try:
        return _dates_below(schema, schema, ())
    except _Recursive:
        return _EVERYWHERE


def _dates_below(node: dict[str, Any], schema: dict[str, Any],
                 refs: tuple[str, ...]) -> _Dates | None:
    """The dates at and below ``node``, following references as ``_dated`` does."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        name = ref.rsplit("/", 1)[1]
        if name in refs:
            raise _Recursive
        refs = (*refs, name)
        node = schema.get("definitions", {}).get(name, {})
    properties = node.get("properties")
    below = {key: found for key, sub in properties.items()
             if (found := _dates_below(sub, schema, refs)) is not None
             } if isinstance(properties, dict) else {}
    items = node.get("items")
    each = _dates_below(items, schema, refs) if isinstance(items, dict) else None
    date = node.get("format") == "date"
    return _Dates(date, below, each) if date or below or each else None


def _dated_at(value: Any, tree: _Dates) -> Any:
    """``_dated`` along the tree of dates only (the same object where nothing changed)."""
    if tree.date and isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        changed: dict[Any, Any] | None = None
        for key, below in tree.properties.items():
            if key in value and (new := _dated_at(value[key], below)) is not value[key]:
                changed = changed if changed is not None else dict(value)
                changed[key] = new
        return value if changed is None else changed
    if isinstance(value, list) and tree.items is not None:
        items = [_dated_at(item, tree.items) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def passes(doc: Document, kind: str, schema_dir: Path = SCHEMA_DIR) -> bool:
    """Whether ``doc`` certainly passes its schema, by the compiled validator alone."""
    data = dates_as_text(doc, kind, schema_dir).data
    return _plain(data) and _compiled(kind, schema_dir)(data)


def check_shape(doc: Document, kind: str, schema_dir: Path = SCHEMA_DIR, *,
                compiled: bool = True) -> list[Problem]:
    """Return one located problem per schema violation in ``doc``.

    ``compiled``: let the compiled validator pass a file first (False: jsonschema only,
    what the benchmark compares against).
    """
    doc = dates_as_text(doc, kind, schema_dir)
    if compiled and passes(doc, kind, schema_dir):
        return []
    schema = load_schema(kind, schema_dir)
    validator = _validator(kind, schema_dir)
    errors = list(validator.iter_errors(doc.data))
    # A value of the wrong type also fails its enum or pattern: say only the type.
    typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    problems = []
    for error in errors:
        if error.validator != "type" and tuple(error.absolute_path) in typed:
            continue
        problems.extend(_problems(doc, error, schema))
    return problems


def _problems(doc: Document, error: ValidationError, schema: dict[str, Any]) -> list[Problem]:
    path = list(error.absolute_path)
    field = _field_name(path)
    rule_schema: dict[str, Any] = dict(error.schema) if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        allowed = sorted(rule_schema.get("properties", {}))
        # Fields an older version of the model had: say what replaced them, not "unknown".
        retired: dict[str, str] = rule_schema.get("x-retired", {})
        instance: Any = error.instance
        extras = [key for key in instance if key not in allowed]
        return [
            Problem(doc.path, *locate(doc.node, [*path, key], key=True),
                    f"expected no field '{key}' (no longer used), found it; {retired[key]}"
                    if key in retired else
                    f"expected one of the fields {_join(allowed)}, found unknown field "
                    f"'{key}'.{did_you_mean(key, allowed) or ' Remove it.'}")
            for key in extras
        ]
    line, col = locate(doc.node, path)
    if error.validator == "required":
        missing = str(error.message).split("'")[1]
        where = f" in {field}" if path else ""
        hint = _description(schema, rule_schema, missing)
        return [Problem(doc.path, line, col,
                        f"expected the field '{missing}'{where}, found it missing; add it{hint}")]
    return [Problem(doc.path, line, col, f"{field}: {_expected(error)}")]


def _expected(error: ValidationError) -> str:
    """Phrase one keyword's failure as 'expected X, found Y; how to fix'."""
    found = _describe(error.instance)
    rule: Any = error.validator_value
    instance: Any = error.instance
    match error.validator:
        case "type":
            return f"expected {_a(rule)}, found {found}; {_type_hint(rule)}"
        case "enum":
            return (f"expected one of {_join(rule)}, found {found}."
                    f"{did_you_mean(str(instance), rule)}")
        case "pattern" if rule == URL_PATTERN:  # a parser's reasons say more than a pattern
            return url_problem(instance) or f"expected {_pattern_words(rule)}, found {found}"
        case "pattern":
            return f"expected {_pattern_words(rule)}, found {found}"
        case "minItems":
            return f"expected at least {rule} item(s), found {len(instance)}; add some"
        case "maxItems":
            return f"expected at most {rule} items, found {len(instance)}; keep the best"
        case "minLength":
            return f"expected text, found {found}; write something or remove the field"
        case "maxLength":
            return (f"expected at most {rule} characters, found {len(instance)}; "
                    "shorten it")
        case "not":
            return f"expected a date like 2026-11-26, found {found}"
        case "uniqueItems":
            return f"expected each item once, found duplicates in {found}; remove the repeat"
    return f"expected {error.validator} {rule!r}, found {found}"


def _type_hint(rule: str | list[str]) -> str:
    """Say how to write a value of the expected type."""
    rules = rule if isinstance(rule, list) else [rule]
    if "string" in rules:
        return 'quote text, e.g. "..."'
    if "array" in rules:
        return "write one '- item' per line, or [item, item]"
    return "write one 'field: value' per line"


def _pattern_words(pattern: str) -> str:
    """Name the few patterns the schemas use in words a contributor understands."""
    return {
        "^[a-z0-9]+(-[a-z0-9]+)*$": "a slug of lowercase letters, digits and single hyphens "
        "(e.g. 'drm-component')",
        "^https?://[^\\s<>\"]+$": "an http:// or https:// address without spaces",
        URL_PATTERN: "an https:// address (a source a reader can open safely; most sites "
        "answer on https:// too)",
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date like 2026-11-26",
        "^[a-z0-9]+$": "lowercase letters and digits only (e.g. 'tv')",
        "^[A-Za-z0-9]+([-.:][A-Za-z0-9]+)*$": "a code of letters and digits joined by '-', "
        "'.' or ':' (e.g. 'M7702-1003')",
    }.get(pattern, f"text matching {pattern}")


def _description(schema: dict[str, Any], parent: dict[str, Any], name: str) -> str:
    prop = parent.get("properties", {}).get(name, {})
    text = prop.get("description")
    if text is None and "$ref" in prop:
        text = schema["definitions"][prop["$ref"].rsplit("/", 1)[1]].get("description")
    return f" ({text})" if text else ""


def _field_name(path: list[str | int]) -> str:
    name = ""
    for step in path:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else step)
    return f"'{name}'" if name else "the file"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, datetime.date):
        return f"a date ({value})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return "a mapping"


def _a(rule: str | list[str]) -> str:
    names = {"string": "text", "array": "a list", "object": "a mapping of fields",
             "integer": "a whole number", "number": "a number", "boolean": "true or false"}
    rules = rule if isinstance(rule, list) else [rule]
    return " or ".join(names.get(r, r) for r in rules)


def _join(items: list[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)
