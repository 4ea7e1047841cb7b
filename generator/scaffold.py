"""Write a commented skeleton for a new code or cause (``python -m generator new``).

Every field of a skeleton carries, as a comment, what goes there: the description from the
JSON Schema (so the two cannot drift), the allowed values for a choice, and a hint where
the schema says nothing. Every value a contributor must supply is the placeholder
``TODO``, which ``check`` rejects wherever it stands (as text, as a choice, as an id or an
address), so a skeleton fails with one located message per blank until it is filled in
and can never reach the site half-written.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, Problem, UsageError
from generator.i18n import language_tags, translation_parts
from generator.load import load_file, locate
from generator.schema import load_schema

_HINTS = {
    "faq": "Questions readers ask about this code, each with a short answer.",
    "prevention": "How to keep the error from coming back, one tip per item.",
    "sources.title": "What the source is, e.g. 'Help Center article on NW-2-5'.",
    "causes.cause": "A cause id: a file name in content/causes/ without .yaml.",
    "causes.likelihood": "How likely this cause is for this code.",
    "faq.q": "The question, as a reader would ask it.",
    "faq.a": "The answer, short and concrete.",
    "title": "The cause as a short heading, e.g. 'DRM component (Widevine CDM)'.",
    "aspects.title": "The sub-point in a few words.",
    "aspects.text": "The sub-point in one or two sentences.",
    "fixes.id": "A slug naming this fix, unique in this file, e.g. 'update-browser'.",
    "fixes.title": "What the fix does, as an instruction, e.g. 'Update your browser'.",
    "fixes.platforms": "Where the steps apply; each platform becomes a tab.",
    "fixes.steps": "Numbered steps, one action each; the last one is trying again.",
}
"""What goes in fields the schema does not describe (the schema's own text wins)."""

_CODE = """\
# yaml-language-server: $schema=../../schema/code.schema.json
# New {name} error code {shown}. Replace every TODO and delete the optional lines you do
# not need; `make check` lists every TODO left. How to write each part: CONTRIBUTING.md.

#: code
code: {code}
#: aliases | Optional: leave the list empty if there are none.
aliases: []
#: service
service: {service}
#: summary
summary: TODO
#: on_screen | Optional: delete the line if no source quotes the message.
on_screen: TODO
#: where
where: TODO
#: platforms | Optional: leave the list empty if the code appears on any device.
platforms: []
#: evidence | CONTRIBUTING.md says what each grade needs.
evidence: TODO
#: evidence_note
evidence_note: TODO
#: sources | Every claim on the page needs one. {no_sources}
sources:
  #: sources.url
  - url: TODO
    #: sources.publisher
    publisher: TODO
    #: sources.kind
    kind: TODO
    #: sources.title
    title: TODO
    #: sources.quote
    quote: TODO
    #: sources.checked
    checked: TODO
#: first_steps
first_steps:
  - TODO
#: causes | Known causes: {causes}.
causes:
  #: causes.cause
  - cause: TODO
    #: causes.likelihood
    likelihood: TODO
    #: causes.note
    note: TODO
#: faq
faq:
  #: faq.q
  - q: TODO
    #: faq.a
    a: TODO
#: prevention
prevention:
  - TODO
"""

_CAUSE = """\
# yaml-language-server: $schema=../schema/cause.schema.json
# New cause {id}. Replace every TODO, list the cause under the `causes` of at least one
# code (an unused cause is an error), then run `make check`. Guide: CONTRIBUTING.md.

#: id
id: {id}
#: title
title: TODO
#: summary
summary: TODO
#: aspects
aspects:
  #: aspects.title
  - title: TODO
    #: aspects.text
    text: TODO
#: fixes
fixes:
  #: fixes.id
  - id: TODO
    #: fixes.title
    title: TODO
    #: fixes.platforms
    platforms: [TODO]
    #: fixes.steps
    steps:
      - TODO
      - Try to play the title again.
#: checks | Optional: leave the list empty if none applies. Known checks: {checks}.
checks: []
"""

_WRITTEN = "nothing was written"
_NO_SOURCES = "With none yet, write `sources: []` and evidence unverified."


def new_code(content_dir: Path, code: str, service: str | None = None) -> Path:
    """Write ``codes/<service>/<code lowercased>.yaml``; refuse a bad or taken code.

    ``service`` may be left out when the content has a single service. Raises
    ``UsageError`` for a code that is not one or a service that is unknown or missing,
    ``ContentError`` pointing at the file, code or alias of that service that already has
    the name (compared ignoring case).
    """
    schema = _schema(content_dir, "code")
    if not _fits(code, schema["definitions"]["code"]):
        raise UsageError(f"expected a code of letters and digits joined by '-', '.' or ':' "
                         f"(e.g. M7702-1003), found '{code}'; {_WRITTEN}")
    service_id, name = _service(content_dir, service)
    _refuse_reserved(content_dir, code, service_id)
    folder = _folder(content_dir / "codes", service_id)
    target = folder / f"{code.lower()}.yaml"
    _refuse_existing(content_dir, target)
    _refuse_taken_code(content_dir, folder, code)
    causes = sorted(path.stem for path in (content_dir / "causes").glob("*.yaml"))
    text = _CODE.format(code=_scalar(code), shown=code, service=service_id, name=name,
                        no_sources=_NO_SOURCES,
                        causes=", ".join(causes) or "none yet")
    return _write(target, _comment(text, schema))


def _refuse_reserved(content_dir: Path, code: str, service: str) -> None:
    """Refuse a code whose page or file name the site or a translation already takes.

    ``check`` would refuse the skeleton anyway (``INDEX``, ``http:evil``), but only after
    the contributor filled it in; a name ending like a language (``X.ES``) would be read
    as a translation of another file.
    """
    from generator.validate import reserved_code

    reason = reserved_code(code, service)
    if reason:
        raise UsageError(f"{reason}; {_WRITTEN}")
    name = f"{code.lower()}.yaml"
    parts = translation_parts(name, language_tags(content_dir), lambda other: (
        content_dir / "codes" / service / other).is_file())
    if parts:
        raise UsageError(f"expected a code whose file name does not end like a translation's, "
                         f"found '{code}', whose file {name} would name the '{parts[1]}' "
                         f"translation of {parts[0]}; add '{code}' to the `aliases` of the "
                         f"code it belongs to; {_WRITTEN}")


def _service(content_dir: Path, wanted: str | None) -> tuple[str, str]:
    """Return the id and name of the service a new code is for; refuse an unknown one."""
    names: dict[str, str] = {}
    for path in sorted((content_dir / "services").glob("*.yaml")):
        doc, _ = load_file(path, path.name)
        if doc is not None and isinstance(doc.data, dict):
            name = doc.data.get("name")
            names[path.stem] = name if isinstance(name, str) else path.stem
    known = ", ".join(names) or "none yet"
    if wanted is None:
        if len(names) == 1:
            return next(iter(names.items()))
        raise UsageError(f"expected --service naming the service that shows the code (one "
                         f"of: {known}), found none; {_WRITTEN}")
    if wanted not in names:
        raise UsageError(f"expected a known service (one of: {known}), found '{wanted}'; add "
                         f"content/services/{wanted}.yaml first, or fix the name; {_WRITTEN}")
    return wanted, names[wanted]


def new_cause(content_dir: Path, cause_id: str) -> Path:
    """Write ``causes/<id>.yaml``; refuse an id that is not a slug or is taken."""
    schema = _schema(content_dir, "cause")
    if not _fits(cause_id, schema["definitions"]["slug"]):
        raise UsageError(f"expected a slug of lowercase letters, digits and single hyphens "
                         f"(e.g. drm-component), found '{cause_id}'; {_WRITTEN}")
    from checker.rules import CHECKS
    from generator.validate import FOLDER_PAGE

    if cause_id == FOLDER_PAGE:
        raise UsageError(f"expected a cause id the site does not use for its own pages, found "
                         f"'{cause_id}', the address of the list of causes; {_WRITTEN}")
    target = _folder(content_dir, "causes") / f"{cause_id}.yaml"
    _refuse_existing(content_dir, target)
    text = _CAUSE.format(id=_scalar(cause_id), checks=", ".join(sorted(CHECKS)) or "none")
    return _write(target, _comment(text, schema))


def _schema(content_dir: Path, kind: str) -> dict[str, Any]:
    """Return the content folder's schema for ``kind``; refuse a folder without one."""
    if not (content_dir / "schema" / f"{kind}.schema.json").is_file():
        raise UsageError(f"expected a content folder with schema/{kind}.schema.json in it, "
                         f"found '{content_dir}'; run from the repository or pass --content")
    return load_schema(kind, content_dir.resolve() / "schema")


def _fits(name: str, rule: dict[str, Any]) -> bool:
    """Whether ``name`` matches a schema string rule's pattern and length."""
    return bool(re.fullmatch(rule["pattern"], name)) and len(name) <= rule["maxLength"]


def _folder(content_dir: Path, name: str) -> Path:
    """Return the content subfolder, made if missing."""
    folder = content_dir / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _refuse_existing(content_dir: Path, target: Path) -> None:
    """Refuse a name that a file already has, as .yaml or .yml."""
    for path in (target, target.with_suffix(".yml")):
        if path.exists() or path.is_symlink():
            raise ContentError([Problem(_rel(content_dir, path), 1, 1,
                                        "expected a new name, found this file already; "
                                        "edit it instead")], outcome=_WRITTEN)


def _refuse_taken_code(content_dir: Path, folder: Path, code: str) -> None:
    """Refuse a code that is already a code or an alias, ignoring case."""
    problems = []
    for path in sorted(folder.glob("*.y*ml")):
        doc, _ = load_file(path, _rel(content_dir, path))
        if doc is None or not isinstance(doc.data, dict):
            continue  # `check` reports it; the file name was compared already
        names: list[tuple[list[str | int], Any]] = [(["code"], doc.data.get("code"))]
        aliases = doc.data.get("aliases")
        if isinstance(aliases, list):
            names += [(["aliases", i], alias) for i, alias in enumerate(aliases)]
        for where, name in names:
            if isinstance(name, str) and name.lower() == code.lower():
                what = "the code" if where == ["code"] else "an alias"
                problems.append(Problem(doc.path, *locate(doc.node, where),
                                        f"expected a code no page uses yet, found '{name}' "
                                        f"here as {what} (ignoring case); add what you know "
                                        "to this file instead"))
    if problems:
        raise ContentError(problems, outcome=_WRITTEN)


def _comment(template: str, schema: dict[str, Any]) -> str:
    """Replace each ``#: field | extra`` line with that field's description as comments."""
    out = []
    for line in template.splitlines():
        indent, marker, rest = line.partition("#: ")
        if marker and not indent.strip():
            field, _, extra = rest.partition(" | ")
            words = " ".join(filter(None, (_describe(schema, field), extra)))
            out += textwrap.wrap(words, width=92, initial_indent=f"{indent}# ",
                                 subsequent_indent=f"{indent}# ", break_on_hyphens=False)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _describe(schema: dict[str, Any], field: str) -> str:
    """Return what goes in ``field`` (a dotted path): description, hint, allowed values."""
    node: dict[str, Any] = {"properties": schema["properties"]}
    for step in field.split("."):
        node = node.get("items", node)["properties"][step]
    ref = node.get("$ref", "").rsplit("/", 1)[-1]
    described = node.get("description") or schema.get("definitions", {}).get(
        ref, {}).get("description")
    text = described or _HINTS.get(field, "")
    choices = node.get("enum") or node.get("items", {}).get("enum")
    if choices:
        text += f" One of: {', '.join(choices)}."
    return text.strip()


def _scalar(name: str) -> str:
    """Write ``name`` so that YAML reads it back as text: quoted when it would otherwise
    be a number, a time or a yes/no (``404``, ``1.5``, ``12:30``, ``no``)."""
    return name if yaml.safe_load(f"x: {name}")["x"] == name else f'"{name}"'


def _write(target: Path, text: str) -> Path:
    """Create ``target`` with ``text``; never replace a file that appeared meanwhile."""
    with target.open("x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return target


def _rel(content_dir: Path, path: Path) -> str:
    """Return ``path`` (inside ``content_dir``) as messages print it: from the working
    folder when inside it, else from the content folder's parent (the repository)."""
    full = content_dir.resolve() / path.relative_to(content_dir)
    for root in (Path.cwd().resolve(), content_dir.resolve().parent):
        if full.is_relative_to(root):
            return full.relative_to(root).as_posix()
    return full.as_posix()
