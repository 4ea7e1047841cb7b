"""Validate all content at once and build the model, or report every problem together."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ContentError, Problem, did_you_mean
from generator.load import Document, load_file, locate, node_at
from generator.model import Aspect, Cause, CauseRef, Code, Content, Faq, Fix, Source
from generator.pages import page_problems
from generator.schema import SCHEMA_DIR, check_shape
from generator.text import text_problems

# Fields holding identifiers or addresses rather than prose; every other string is prose
# and must pass the text rules.
_NOT_PROSE = {"code", "aliases", "service", "where", "evidence", "grade", "likelihood",
              "cause", "id", "platforms", "checks", "url"}


@dataclass(frozen=True)
class Validation:
    """The outcome of validating a content directory."""

    content: Content
    warnings: tuple[str, ...]
    """Things worth a look that do not stop the build (a checker check no cause uses)."""


def validate_dir(content_dir: Path, known_checks: Collection[str], *,
                 root: Path | None = None, schema_dir: Path = SCHEMA_DIR,
                 pages_dir: Path | None = None) -> Validation:
    """Load and validate ``content_dir``; raise ``ContentError`` with every problem found.

    ``root`` is what paths in messages are relative to (the repository, by default the
    content directory's parent). The hand-written pages' front matter is checked too, in
    ``pages_dir`` (MkDocs' docs_dir; by default the content directory's ``pages/``).
    """
    content_dir = content_dir.resolve()
    root = (root or content_dir.parent).resolve()
    pages_dir = pages_dir or content_dir / "pages"
    problems = page_problems(pages_dir, root, schema_dir)
    loaded: dict[str, list[Document]] = {"code": [], "cause": []}
    valid: dict[str, list[Document]] = {"code": [], "cause": []}
    complete = True  # False once a code file could not be parsed: its causes are unknown
    listed: dict[str, bool] = {}  # False for a folder missing or unreadable
    for kind, folder in (("code", "codes"), ("cause", "causes")):
        files, refused, listed[kind] = _content_files(content_dir, folder, root)
        problems += refused
        complete = complete and not (refused and kind == "code")
        for path, rel in files:
            doc, found = load_file(path, rel)
            problems += found
            if doc is None:
                complete = complete and kind != "code"
                continue
            loaded[kind].append(doc)
            shape = check_shape(doc, kind, schema_dir)
            problems += shape + _prose_problems(doc)
            if not shape:
                valid[kind].append(doc)
    problems += _cross_problems(loaded, valid, known_checks, complete,
                                causes_listed=listed["cause"])
    if problems:
        raise ContentError(problems)
    causes = {c.id: c for c in map(_cause, valid["cause"])}
    codes = tuple(sorted(map(_code, valid["code"]), key=lambda c: c.slug))
    used = {check for cause in causes.values() for check in cause.checks}
    warnings = tuple(f"checker check '{check}' is not listed by any cause, so its findings "
                     "link nowhere; add it to the `checks` of the cause it detects"
                     for check in sorted(set(known_checks) - used))
    return Validation(Content(codes, dict(sorted(causes.items()))), warnings)


def _content_files(content_dir: Path, folder: str,
                   root: Path) -> tuple[list[tuple[Path, str]], list[Problem], bool]:
    """List one folder's YAML files with their printed paths, the files refused, and
    whether the folder could be listed at all.

    Refused: a file (or link) that leads outside the content folder, a file that cannot
    be examined, and a second file for the same name (``x.yaml`` next to ``x.yml``),
    which would otherwise win silently.
    """
    directory = content_dir / folder
    entries = _listing(directory)
    if isinstance(entries, str):
        message = (f"expected a folder of YAML files here, found none; create '{folder}/' "
                   "in the content folder") if entries == "" else entries
        return [], [Problem(_rel(directory, root), 1, 1, message)], False
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in entries:
        rel = _rel(path, root)
        try:
            skip = path.suffix not in (".yaml", ".yml") or path.name.startswith(".") or (
                path.is_dir() and not path.is_symlink())
            outside = not skip and (not _inside(path, content_dir) or not path.is_file())
        except OSError as err:  # listed, but not searchable: its files cannot be examined
            problems.append(Problem(rel, 1, 1, f"expected a readable file, found an error "
                                    f"({err.strerror or err}); check the permissions of "
                                    "the file and its folder"))
            continue
        if skip:
            continue
        if outside:
            problems.append(Problem(rel, 1, 1, f"expected a file inside the content folder, "
                                    f"found {_what(path)}; put the file itself here"))
        elif path.stem in seen:
            problems.append(Problem(rel, 1, 1, f"expected one file per name, found "
                                    f"'{path.name}' next to '{seen[path.stem]}'; keep one "
                                    "(named .yaml) and delete the other"))
        else:
            seen[path.stem] = path.name
            files.append((path, rel))
    return files, problems, True


def _listing(directory: Path) -> list[Path] | str:
    """Return the folder's entries, sorted; '' when it is missing; why, when unreadable.

    ``Path.glob`` would swallow a permission error and list nothing, and an unreadable
    folder of codes would then be reported as every cause being unused.
    """
    try:
        return sorted(directory.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return ""
    except OSError as err:
        return (f"expected a readable folder, found an error ({err.strerror or err}); check "
                "the folder's permissions (it needs read and search rights, chmod u+rx)")


def _what(path: Path) -> str:
    """Describe what stands at ``path`` instead of a content file."""
    if path.is_symlink():
        return f"a link to '{path.readlink()}'"
    if path.is_file():  # reached through a linked folder
        return f"a link to '{path.resolve()}'"
    return "something that is not a file"


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links followed, is in ``folder`` (False for a loop of links)."""
    try:
        return path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):
        return False


def _rel(path: Path, root: Path) -> str:
    """Return ``path`` as messages print it: relative to ``root`` when inside it."""
    return (path.relative_to(root) if path.is_relative_to(root) else path).as_posix()


def _strings(data: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _NOT_PROSE:
                yield from _strings(value, [*path, key])
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, [*path, index])
    elif isinstance(data, str):
        yield path, data


def _prose_problems(doc: Document) -> list[Problem]:
    problems = []
    for path, text in _strings(doc.data, []):
        for offset, message in text_problems(text):
            line, col = locate(doc.node, path)
            # Point into single-line values; a folded value's offset would not map to a column.
            if "\n" not in text[:offset]:
                col += offset + (1 if _quoted(doc, path) else 0)
            problems.append(Problem(doc.path, line, col, message))
    return problems


def _quoted(doc: Document, path: list[str | int]) -> bool:
    return getattr(node_at(doc.node, path), "style", None) in ("'", '"')


def _lenient(docs: list[Document], *path: str) -> Iterator[str]:
    """Yield the strings at ``path`` in documents whose shape may be wrong (for cross
    references, so that one broken file does not cascade into false problems elsewhere)."""
    for doc in docs:
        values: list[Any] = [doc.data]
        for step in path:
            values = [item for value in values for item in (
                value if isinstance(value, list) else [value])]
            values = [v.get(step) for v in values if isinstance(v, dict)]
        for value in values:
            if isinstance(value, str):
                yield value


def _cross_problems(loaded: dict[str, list[Document]], valid: dict[str, list[Document]],
                    known_checks: Collection[str], complete: bool, *,
                    causes_listed: bool = True) -> list[Problem]:
    """Check references between files: names, causes, codes and aliases, check ids.

    Without a readable causes folder, every cause a code names would be unknown: that one
    folder problem is reported instead of a problem per reference.
    """
    problems: list[Problem] = []
    cause_ids = set(_lenient(loaded["cause"], "id"))
    for doc in valid["cause"]:
        problems += _name_matches(doc, "id", doc.data["id"])
        problems += _unknown(doc, "checks", doc.data.get("checks", []), known_checks,
                             "check id", "see checker/rules.py for the list")
        problems += _repeated(doc, [f["id"] for f in doc.data["fixes"]], "fixes", "id", "fix id")
    for doc in valid["code"]:
        problems += _name_matches(doc, "code", doc.data["code"].lower())
        refs = [ref["cause"] for ref in doc.data["causes"]]
        if causes_listed:
            problems += _unknown(doc, "causes", refs, cause_ids, "cause id",
                                 "add content/causes/<id>.yaml or fix the name",
                                 field="cause")
        problems += _repeated(doc, refs, "causes", "cause", "cause")
    problems += _code_collisions(valid["code"])
    named = set(_lenient(loaded["code"], "causes", "cause"))
    if complete and named <= cause_ids:  # an unknown name may be a typo for the unused one
        for doc in valid["cause"]:
            if doc.data["id"] not in named:
                problems.append(Problem(doc.path, *locate(doc.node, ["id"]),
                                        f"expected every cause to be used by a code, found "
                                        f"'{doc.data['id']}' unused; list it under a code's "
                                        "`causes` or delete the file"))
    return problems


def _name_matches(doc: Document, field: str, stem: str) -> list[Problem]:
    actual = Path(doc.path).stem
    if actual == stem:
        return []
    return [Problem(doc.path, *locate(doc.node, [field]),
                    f"expected the file to be named '{stem}.yaml' after its {field}, found "
                    f"'{Path(doc.path).name}'; rename the file or fix the {field}")]


def _unknown(doc: Document, key: str, values: list[str], known: Collection[str], what: str,
             fix: str, field: str | None = None) -> list[Problem]:
    problems = []
    for index, value in enumerate(values):
        if value not in known:
            path: list[str | int] = [key, index, field] if field else [key, index]
            problems.append(Problem(doc.path, *locate(doc.node, path),
                                    f"expected a known {what}, found '{value}'."
                                    f"{did_you_mean(value, known) or ''} ({fix})"))
    return problems


def _repeated(doc: Document, values: list[str], key: str, field: str,
              what: str) -> list[Problem]:
    problems, seen = [], set()
    for index, value in enumerate(values):
        if value in seen:
            problems.append(Problem(doc.path, *locate(doc.node, [key, index, field]),
                                    f"expected each {what} once, found '{value}' again; "
                                    "remove the repeat"))
        seen.add(value)
    return problems


def _code_collisions(codes: list[Document]) -> list[Problem]:
    """Codes and aliases share one URL space, compared case-insensitively.

    A file named after its code keeps the name; a misnamed copy is the one reported.
    """
    problems = []
    owner: dict[str, tuple[Document, str]] = {}
    codes = sorted(codes, key=lambda doc: Path(doc.path).stem != doc.data["code"].lower())
    names = [(doc, [("code",)], doc.data["code"]) for doc in codes] + [
        (doc, [("aliases", i)], alias)
        for doc in codes for i, alias in enumerate(doc.data.get("aliases", []))
    ]
    for doc, (path,), name in names:
        key = name.lower()
        if key in owner:
            first_doc, first = owner[key]
            problems.append(Problem(doc.path, *locate(doc.node, list(path)),
                                    f"expected each code and alias once (ignoring case), "
                                    f"found '{name}', already '{first}' in {first_doc.path}; "
                                    "remove one of them"))
        else:
            owner[key] = (doc, name)
    return problems


def _cause(doc: Document) -> Cause:
    data = doc.data
    return Cause(
        id=data["id"], title=data["title"], summary=data["summary"],
        aspects=tuple(Aspect(a["title"], a["text"]) for a in data["aspects"]),
        fixes=tuple(Fix(f["id"], f["title"], tuple(f["platforms"]), tuple(f["steps"]))
                    for f in data["fixes"]),
        checks=tuple(data.get("checks", ())), path=doc.path,
    )


def _code(doc: Document) -> Code:
    data = doc.data
    return Code(
        code=data["code"], aliases=tuple(data.get("aliases", ())), service=data["service"],
        title=data["title"], summary=data["summary"], on_screen=data.get("on_screen", ""),
        where=data["where"], evidence=data["evidence"], evidence_note=data["evidence_note"],
        sources=tuple(Source(s["title"], s.get("url", ""), s["grade"], s.get("note", ""))
                      for s in data["sources"]),
        first_steps=tuple(data["first_steps"]),
        causes=tuple(CauseRef(c["cause"], c["likelihood"], c["note"]) for c in data["causes"]),
        faq=tuple(Faq(f["q"], f["a"]) for f in data["faq"]),
        prevention=tuple(data["prevention"]), path=doc.path,
    )
