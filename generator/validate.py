"""Validate all content at once and build the model, or report every problem together."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import jsonschema_rs

from generator.errors import ContentError, Problem, did_you_mean
from generator.i18n import language_tags, translation_parts
from generator.load import Document, load_file, locate, node_at
from generator.model import (
    EVIDENCE,
    KIND_GRADE,
    Aspect,
    Cause,
    CauseRef,
    Code,
    Content,
    Faq,
    Fix,
    Pattern,
    Service,
    Source,
)
from generator.pages import page_problems
from generator.schema import SCHEMA_DIR, check_shape, dates_as_text
from generator.text import text_problems

# Fields holding identifiers or addresses rather than prose; every other string is prose
# and must pass the text rules (a source's quote too: it is shown on the page).
_NOT_PROSE = {"code", "aliases", "service", "where", "evidence", "grade", "likelihood",
              "cause", "id", "platforms", "checks", "url", "kind", "checked",
              "pattern", "example", "letter", "lookup_names", "help_url", "former_ids"}

KINDS = (("service", "services"), ("code", "codes"), ("cause", "causes"))
"""Each kind of content file and its folder; codes sit one folder deeper, per service."""

Model = TypeVar("Model")

RESERVED = frozenset({"codes", "causes", "checker", "about", "assets", "search", "es",
                      "services", "404", "index"})
"""Top-level paths of the site that a service id (its ``/<id>/``) must not take."""


@dataclass(frozen=True)
class Validation:
    """The outcome of validating a content directory."""

    content: Content
    warnings: tuple[str, ...]
    """Things worth a look that do not stop the build (a checker check no cause uses)."""


@dataclass(frozen=True)
class Checked:
    """One file on its own: its document (if it parsed) and its problems."""

    doc: Document | None
    problems: tuple[Problem, ...]
    shape_ok: bool
    """Whether it has the shape its schema declares (cross-file checks read only those)."""


@dataclass
class FileCache:
    """Each file's own checks, kept while the file is unchanged (the dev server's rebuilds).

    A file counts as unchanged while its size, modification time (to the nanosecond),
    inode and device are, and the schemas are too; checks across files always run again.
    """

    entries: dict[tuple[str, str], tuple[tuple[int, ...], Checked]] = field(
        default_factory=dict)
    schemas: tuple[int, ...] = ()
    models: dict[int, tuple[Document, object, Any]] = field(default_factory=dict)
    """Per document (by id, the document kept alive with it), the model made from it."""
    _made: dict[int, tuple[Document, object, Any]] = field(default_factory=dict)

    def check(self, path: Path, kind: str, run: Callable[[], Checked]) -> Checked:
        """Return the file's checks, from the cache or by running ``run``."""
        try:
            info = path.stat()
            stamp: tuple[int, ...] = (info.st_size, info.st_mtime_ns, info.st_ino,
                                      info.st_dev)
        except OSError:
            return run()  # it reports why
        key = (str(path), kind)
        hit = self.entries.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        checked = run()
        self.entries[key] = (stamp, checked)
        return checked

    def start(self, schema_dir: Path) -> None:
        """Begin a validation: forget everything if a schema changed."""
        schemas = tuple(info.st_mtime_ns for info in
                        (p.stat() for p in sorted(schema_dir.glob("*.json"))))
        if schemas != self.schemas:
            self.entries.clear()
            self.schemas = schemas
        self.models, self._made = {}, self.models

    def model(self, doc: Document, depends: object, make: Callable[[], Model]) -> Model:
        """The model object made from ``doc``: the very one made last time while the file
        is unchanged (the same cached document) and ``depends`` is equal.

        Keeping the same objects lets the page renderer know them unchanged at once,
        without comparing their contents (``generator.render.RenderMemo``).
        """
        made = self._made.get(id(doc))
        if made is not None and made[0] is doc and made[1] == depends:
            model: Model = made[2]
        else:
            model = make()
        self.models[id(doc)] = (doc, depends, model)
        return model


def validate_dir(content_dir: Path, known_checks: Collection[str], *,
                 root: Path | None = None, schema_dir: Path = SCHEMA_DIR,
                 pages_dir: Path | None = None, cache: FileCache | None = None) -> Validation:
    """Load and validate ``content_dir``; raise ``ContentError`` with every problem found.

    ``root`` is what paths in messages are relative to (the repository, by default the
    content directory's parent). The hand-written pages' front matter is checked too, in
    ``pages_dir`` (MkDocs' docs_dir; by default the content directory's ``pages/``).
    ``cache`` keeps each file's own checks between calls (the dev server passes one).
    """
    content_dir = content_dir.resolve()
    root = (root or content_dir.parent).resolve()
    pages_dir = pages_dir or content_dir / "pages"
    if cache is not None:
        cache.start(schema_dir)
    problems = page_problems(pages_dir, root, schema_dir)
    loaded: dict[str, list[Document]] = {kind: [] for kind, _ in KINDS}
    valid: dict[str, list[Document]] = {kind: [] for kind, _ in KINDS}
    complete = True  # False once a code file could not be parsed: its causes are unknown
    listed: dict[str, bool] = {}  # False for a folder missing or unreadable
    languages = language_tags(content_dir)
    for kind, folder in KINDS:
        files, refused, listed[kind] = (_code_files if kind == "code" else _content_files)(
            content_dir, folder, root, languages)
        problems += refused
        complete = complete and not (refused and kind == "code")
        for path, rel in files:
            def run(path: Path = path, rel: str = rel, kind: str = kind) -> Checked:
                return _check_file(path, rel, kind, schema_dir)

            checked = cache.check(path, kind, run) if cache else run()
            problems += checked.problems
            if checked.doc is None:
                complete = complete and kind != "code"
                continue
            loaded[kind].append(checked.doc)
            if checked.shape_ok:
                valid[kind].append(checked.doc)
    problems += _cross_problems(loaded, valid, known_checks, complete,
                                causes_listed=listed["cause"])
    problems += _reserved_problems(valid, _page_names(pages_dir))
    if problems:
        raise ContentError(problems)
    def made(doc: Document, depends: object, make: Callable[[], Model]) -> Model:
        return cache.model(doc, depends, make) if cache else make()

    services = {s.id: s for s in (made(doc, None, partial(_service, doc))
                                  for doc in valid["service"])}
    causes = {c.id: c for c in (made(doc, None, partial(_cause, doc))
                                for doc in valid["cause"])}
    codes = tuple(sorted((made(doc, services[doc.data["service"]],
                               partial(_code, doc, services)) for doc in valid["code"]),
                         key=lambda c: (c.service, c.slug)))
    used = {check for cause in causes.values() for check in cause.checks}
    warnings = tuple(f"checker check '{check}' is not listed by any cause, so its findings "
                     "link nowhere; add it to the `checks` of the cause it detects"
                     for check in sorted(set(known_checks) - used))
    return Validation(Content(codes, dict(sorted(causes.items())),
                              dict(sorted(services.items()))), warnings)


def _code_files(content_dir: Path, folder: str, root: Path, languages: Collection[str]
                ) -> tuple[list[tuple[Path, str]], list[Problem], bool]:
    """List code files, one folder per service (``codes/<service>/<code>.yaml``).

    A file straight in ``codes/`` (the layout before services) is still checked, so its
    contributor sees every problem at once, and is told where it belongs.
    """
    files, problems, listed = _content_files(content_dir, folder, root, languages)
    for _, rel in files:
        problems.append(Problem(rel, 1, 1, f"expected code files in a folder per service "
                                f"({folder}/<service>/<code>.yaml), found this one in "
                                f"{folder}/; move it to {folder}/<its service>/"
                                f"{Path(rel).name}"))
    entries = _listing(content_dir / folder) if listed else []
    for sub in entries if isinstance(entries, list) else []:
        try:
            service_folder = sub.is_dir() and not sub.is_symlink()
        except OSError:
            continue  # reported by the listing of codes/ above
        if service_folder and not sub.name.startswith("."):
            found, refused, sub_listed = _content_files(content_dir, f"{folder}/{sub.name}",
                                                        root, languages)
            files += found
            problems += refused
            listed = listed and sub_listed
    return files, problems, listed


def _check_file(path: Path, rel: str, kind: str, schema_dir: Path) -> Checked:
    """Everything about one file that needs no other file: YAML, schema, prose rules."""
    doc, found = load_file(path, rel)
    if doc is None:
        return Checked(None, tuple(found), False)
    doc = dates_as_text(doc, kind, schema_dir)
    shape = check_shape(doc, kind, schema_dir)
    return Checked(doc, (*found, *shape, *_prose_problems(doc)), not shape)


def _content_files(content_dir: Path, folder: str, root: Path, languages: Collection[str]
                   ) -> tuple[list[tuple[Path, str]], list[Problem], bool]:
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
    names = {path.name for path in entries}
    real_folder = _real(directory)
    for path in entries:
        rel = _rel(path, root)
        try:
            # A translation (x.es.yaml) is checked with its language (generator/translate.py);
            # a dotted English name (nqm.407.yaml) is not one.
            skip = path.suffix not in (".yaml", ".yml") or path.name.startswith(".") or (
                path.is_dir() and not path.is_symlink())
            parts = None if skip else translation_parts(path.name, languages,
                                                        names.__contains__)
            outside = not skip and not parts and (not _inside(path, content_dir, real_folder)
                                                  or not path.is_file())
        except OSError as err:  # listed, but not searchable: its files cannot be examined
            problems.append(Problem(rel, 1, 1, f"expected a readable file, found an error "
                                    f"({err.strerror or err}); check the permissions of "
                                    "the file and its folder"))
            continue
        if skip:
            continue
        if parts:
            # Reported with every other problem, not after them by the translation check.
            named = named_like_translation(path, rel, parts[1], parts[0])
            if named is not None:
                problems.append(named)
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


_OWN_ID = {"services": "id", "codes": "code", "causes": "id"}
"""The field naming an English file of each folder; a translation never has it."""


def named_like_translation(path: Path, rel: str, lang: str,
                           english_rel: str) -> Problem | None:
    """Say so when a file named like a translation is an English file (``code: FOO.ES``).

    Its name cannot tell: ``foo.es.yaml`` is both the Spanish translation of ``foo.yaml``
    and the file of a code ``FOO.ES``. A translation has ``source:`` and never the field
    that names a file (its code or id always come from the English file), so a file with
    that field and no ``source:`` is reported, located at that field, rather than checked
    as a translation it is not.
    """
    folder = next((parent.name for parent in path.parents if parent.name in _OWN_ID), None)
    doc, _ = load_file(path, rel)
    if folder is None or doc is None or not isinstance(doc.data, dict):
        return None
    field = _OWN_ID[folder]
    value = doc.data.get(field)
    if not isinstance(value, str) or "source" in doc.data:
        return None  # a translation, perhaps with a stray field, which _shape reports
    what = "code" if field == "code" else folder.removesuffix("s")
    instead = (f"list '{value}' under `aliases` of the code it belongs to" if field == "code"
               else f"choose an id that does not end in '.{lang}'")
    return Problem(rel, *locate(doc.node, [field]),
                   f"expected a translation, as the file name says ('{Path(rel).name}' names "
                   f"the '{lang}' translation of {Path(english_rel).name}), found a {what} "
                   f"file (`{field}: {value}`); a {what} whose name ends in '.{lang}' cannot "
                   f"have a file of its own: {instead}")


def _listing(directory: Path) -> list[Path] | str:
    """Return the folder's entries, sorted; '' when it is missing; why, when unreadable.

    ``Path.glob`` would swallow a permission error and list nothing, and an unreadable
    folder of codes would then be reported as every cause being unused.
    """
    try:
        # By name: the entries share their folder, so that is the order of their paths,
        # without comparing each pair part by part.
        return sorted(directory.iterdir(), key=lambda entry: entry.name)
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


def _inside(path: Path, folder: Path, real_parent: str | None = None) -> bool:
    """Whether ``path``, links followed, is in ``folder`` (False for a loop of links).

    ``real_parent``: the parent folder with its links followed (``_real``), when known.
    An entry that is not a link is then that folder's real path and its name, without
    following every part of the path again (six system calls a file).
    """
    try:
        if real_parent is not None and not path.is_symlink():
            real = f"{real_parent.rstrip(os.sep)}{os.sep}{path.name}"
        else:
            real = str(path.resolve())
        return _below(real, str(folder)) is not None
    except (OSError, RuntimeError):
        return False


def _real(folder: Path) -> str | None:
    """``folder`` with its links followed, as ``Path.resolve`` would; None if that fails
    (each entry is then resolved on its own, which says why)."""
    try:
        return str(folder.resolve())
    except (OSError, RuntimeError):
        return None


def _rel(path: Path, root: Path) -> str:
    """Return ``path`` as messages print it: relative to ``root`` when inside it."""
    below = _below(str(path), str(root))
    return path.as_posix() if below is None else below


def _below(path: str, folder: str) -> str | None:
    """``path`` relative to ``folder`` ('.' for the folder itself), None when outside it.

    ``Path.is_relative_to`` and ``relative_to`` as text: both are normalised paths (no
    '.', no doubled or final separator), so a prefix up to a separator is the same test,
    and pathlib's way, rebuilding the parents of each path, was a fifth of validating
    5,000 files.
    """
    if path == folder:
        return "."
    if folder == "." and not path.startswith(os.sep):
        return path.replace(os.sep, "/")  # every relative path is below '.'
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    if not path.startswith(prefix):
        return None
    return path[len(prefix):].replace(os.sep, "/")


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
    """The text rules' problems in every prose value of ``doc``, in the file's order."""
    found: list[Problem] = []
    if isinstance(doc.data, dict | list):
        _prose_walk(doc, doc.data, [], found)
    elif isinstance(doc.data, str):  # not a mapping: the schema says so, the rules too
        found += [_in_text(doc, [], doc.data, offset, message)
                  for offset, message in text_problems(doc.data)]
    return found


def _prose_walk(doc: Document, data: Any, path: list[str | int],
                found: list[Problem]) -> None:
    """``_strings`` and ``text_problems`` in one walk that copies a value's path only
    when the value has a problem: building every path took more time than the rules.
    Text is checked where it is met, without a call of its own for each string."""
    children: Iterator[tuple[str | int, Any]] = (
        ((key, value) for key, value in data.items() if key not in _NOT_PROSE)
        if isinstance(data, dict) else enumerate(data))
    for step, value in children:
        if isinstance(value, str):
            for offset, message in text_problems(value):
                found.append(_in_text(doc, [*path, step], value, offset, message))
        elif isinstance(value, dict | list):
            path.append(step)
            _prose_walk(doc, value, path, found)
            path.pop()


def _in_text(doc: Document, path: list[str | int], text: str, offset: int,
             message: str) -> Problem:
    """Locate a problem at ``offset`` inside the text value at ``path``."""
    line, col = locate(doc.node, path)
    # Point into single-line values; a folded value's offset would not map to a column.
    if "\n" not in text[:offset]:
        col += offset + (1 if _quoted(doc, path) else 0)
    return Problem(doc.path, line, col, message)


def _named_services(doc: Document, services: list[tuple[str, str]]) -> list[Problem]:
    """A cause is shared by every service's codes, so its text names none of them.

    A service counts as named by its display name as a word (case as written, so that
    a service's name and the same word in lowercase differ) or by a web address of its id
    ('<id>.com' and the like for a service whose id is <id>).
    """
    problems = []
    for service_id, name in services:
        pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)|"
                             rf"(?i:\b{re.escape(service_id)}\.[a-z]{{2,}}\b)")
        for path, text in _strings(doc.data, []):
            for match in pattern.finditer(text):
                problems.append(_in_text(
                    doc, path, text, match.start(),
                    f"expected a cause that names no service (causes are shared by every "
                    f"service's codes), found '{match.group(0)}'; write 'the service', and "
                    f"put what only {name} needs under `fixes` in content/services/"
                    f"{service_id}.yaml"))
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
    """Check references between files: names, services, causes, codes and aliases, check
    ids, and that each code's evidence grade is earned by its sources.

    Without a readable causes folder, every cause a code names would be unknown: that one
    folder problem is reported instead of a problem per reference.
    """
    problems: list[Problem] = []
    cause_ids = set(_lenient(loaded["cause"], "id"))
    service_ids = set(_lenient(loaded["service"], "id"))
    fix_ids: dict[str, set[str]] = {}
    services = [(doc.data["id"], doc.data["name"]) for doc in valid["service"]]
    former: dict[str, Document] = {}
    for doc in valid["cause"]:
        problems += _name_matches(doc, "id", doc.data["id"])
        problems += _named_services(doc, services)
        problems += _former_ids(doc, cause_ids, former)
        problems += _unknown(doc, "checks", doc.data.get("checks", []), known_checks,
                             "check id", "see checker/rules.py for the list")
        problems += _repeated(doc, [f["id"] for f in doc.data["fixes"]], "fixes", "id", "fix id")
        fix_ids[doc.data["id"]] = {f["id"] for f in doc.data["fixes"]}
    patterns: dict[str, list[Callable[[str], bool]]] = {}
    for doc in valid["service"]:
        problems += _service_problems(doc, cause_ids, fix_ids)
        patterns[doc.data["id"]] = _compiled(doc)
    for doc in valid["code"]:
        problems += _name_matches(doc, "code", doc.data["code"].lower())
        problems += _service_matches(doc, service_ids, patterns)
        refs = [ref["cause"] for ref in doc.data["causes"]]
        if causes_listed:
            problems += _unknown(doc, "causes", refs, cause_ids, "cause id",
                                 "add content/causes/<id>.yaml or fix the name",
                                 field="cause")
        problems += _repeated(doc, refs, "causes", "cause", "cause")
        problems += _evidence_problems(doc)
    problems += _code_collisions(valid["code"])
    named = set(_lenient(loaded["code"], "causes", "cause"))
    named |= set(_lenient(loaded["service"], "fixes", "cause"))
    if complete and named <= cause_ids:  # an unknown name may be a typo for the unused one
        for doc in valid["cause"]:
            if doc.data["id"] not in named:
                problems.append(Problem(doc.path, *locate(doc.node, ["id"]),
                                        f"expected every cause to be used by a code, found "
                                        f"'{doc.data['id']}' unused; list it under a code's "
                                        "`causes` or delete the file"))
    return problems


def _former_ids(doc: Document, cause_ids: set[str],
                 former: dict[str, Document]) -> list[Problem]:
    """An old id of a renamed cause keeps its address: it must not be in use again."""
    problems = []
    for index, old in enumerate(doc.data.get("former_ids", [])):
        where = locate(doc.node, ["former_ids", index])
        if old in cause_ids:
            problems.append(Problem(doc.path, *where, f"expected an id no cause has now, found "
                                    f"'{old}', the id of causes/{old}.yaml; remove it here"))
        elif old in former:
            problems.append(Problem(doc.path, *where, f"expected each former id once, found "
                                    f"'{old}' also in {former[old].path}; keep it in one"))
        else:
            former[old] = doc
    return problems


FOLDER_PAGE = "index"
"""The name of a folder's own page (``/<service>/``, ``/codes/``, ``/causes/`` are each an
``index.md``): a code, an alias or a cause with this name would take that page's place."""

_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")
"""How a relative address that a browser reads as absolute begins (``http:evil.com``)."""


def _page_names(pages_dir: Path) -> set[str]:
    """The top-level names the hand-written pages take in the site (``about``, ``guides``)."""
    try:
        return {path.stem if path.suffix == ".md" else path.name
                for path in pages_dir.iterdir() if path.suffix == ".md" or path.is_dir()}
    except OSError:
        return set()  # missing or unreadable: page_problems says so


def _reserved_problems(valid: dict[str, list[Document]], page_names: set[str]) -> list[Problem]:
    """Names that would make a page's address another page's, or not a page's at all.

    A code or alias named ``index`` would replace its service's list of codes; a cause
    (or a cause's former id) named ``index``, the list of causes; a service named like a
    hand-written page, that
    page. A code such as ``http:evil.com`` would make a relative link to its page an
    absolute one, to another site.
    """
    problems = []
    for doc in valid["service"]:
        name = doc.data["id"]
        if name in page_names and name not in RESERVED:
            problems.append(Problem(doc.path, *locate(doc.node, ["id"]),
                                    f"expected a service id the site does not use for its own "
                                    f"pages, found '{name}', the address of the hand-written "
                                    f"page '{name}'; choose another id"))
    for doc in valid["cause"]:
        ids: list[tuple[list[str | int], str]] = [(["id"], doc.data["id"])]
        ids += [(["former_ids", i], old) for i, old in enumerate(doc.data.get("former_ids", []))]
        for where, name in ids:
            if name == FOLDER_PAGE:
                problems.append(Problem(doc.path, *locate(doc.node, where),
                                        f"expected a cause id the site does not use for its "
                                        f"own pages, found '{FOLDER_PAGE}', the address of the "
                                        "list of causes; choose another id"))
    for doc in valid["code"]:
        names: list[tuple[list[str | int], str]] = [(["code"], doc.data["code"])]
        names += [(["aliases", i], alias) for i, alias in enumerate(doc.data.get("aliases", []))]
        for where, name in names:
            reason = reserved_code(name, doc.data["service"], alias=where != ["code"])
            if reason:
                problems.append(Problem(doc.path, *locate(doc.node, where),
                                        f"{reason}; check the code"))
    return problems


def reserved_code(name: str, service: str, *, alias: bool = False) -> str | None:
    """Say why ``name`` cannot be a code (or alias) of ``service``; None if it can.

    ``index`` is the file of the service's list of codes. Only a code names a page MkDocs
    links to: it writes a link between two pages of one folder as ``accounts:4/``, which
    a browser reads as a scheme. An alias is a redirect stub that nothing links to
    relatively (``accounts:4`` is a real alias). ``generator new`` asks the same.
    """
    if name.lower() == FOLDER_PAGE:
        return (f"expected a code the site does not use for its own pages, found '{name}', "
                f"the address of the list of {service}'s codes")
    scheme = None if alias else _SCHEME.match(name.lower())
    if scheme:
        return (f"expected a code a browser cannot read as a web address, found '{name}', "
                f"which starts with a scheme ('{scheme.group()}') as 'https:' does")
    return None


def _service_problems(doc: Document, cause_ids: set[str],
                      fix_ids: dict[str, set[str]]) -> list[Problem]:
    """A service file: named after its id, an id the site's own paths leave free, patterns
    that compile, and fixes that extend a known cause without reusing its fix ids."""
    data = doc.data
    problems = _name_matches(doc, "id", data["id"])
    if data["id"] in RESERVED:
        problems.append(Problem(doc.path, *locate(doc.node, ["id"]),
                                f"expected a service id the site does not use for its own "
                                f"pages, found '{data['id']}' (taken: {_join(RESERVED)}); "
                                "choose another id"))
    for index, item in enumerate(data["code_patterns"]):
        try:
            re.compile(item["pattern"])
        except re.error as err:
            problems.append(Problem(doc.path, *locate(doc.node, ["code_patterns", index,
                                                                 "pattern"]),
                                    f"expected a regular expression, found one Python "
                                    f"cannot read ({err.msg}); check brackets and escapes"))
            continue
        matches = code_matcher(item["pattern"])
        if matches is None:
            problems.append(Problem(doc.path, *locate(doc.node, ["code_patterns", index,
                                                                 "pattern"]),
                                    "expected a plain regular expression, found a look-around "
                                    "('(?=', '(?!'), a back-reference ('\\1') or a form only "
                                    "Python reads ('(?P<', '\\Z'); describe the code's shape "
                                    "with classes, groups and counts only"))
            continue
        if not matches(item["example"]):
            problems.append(Problem(doc.path, *locate(doc.node, ["code_patterns", index,
                                                                 "example"]),
                                    f"expected an example that matches the pattern, found "
                                    f"'{item['example']}'; fix the pattern or the example"))
    fixes = data.get("fixes", [])
    problems += _unknown(doc, "fixes", [f["cause"] for f in fixes], cause_ids, "cause id",
                         "a service fix extends a file in content/causes/", field="cause")
    for index, fix in enumerate(fixes):
        if fix["id"] in fix_ids.get(fix["cause"], set()):
            problems.append(Problem(doc.path, *locate(doc.node, ["fixes", index, "id"]),
                                    f"expected a fix id the cause '{fix['cause']}' does not "
                                    f"use, found '{fix['id']}'; rename this fix"))
    problems += _repeated(doc, [f["id"] for f in fixes], "fixes", "id", "fix id")
    return problems


def code_matcher(pattern: str) -> Callable[[str], bool] | None:
    """Return a test of whether a whole code has a service's shape, or None if the pattern
    needs a backtracking engine.

    Python's engine backtracks: '^([A-Z0-9]+)+$' takes it hours on a 32-character code
    that ends in '-1', so a contributor's pattern would stall every check and build. The
    compiled validator's plain engine (Rust's regex crate, through jsonschema-rs) matches
    in time linear in the code, and refuses look-arounds and back-references outright.
    """
    schema = {"type": "string", "pattern": f"^(?:{pattern})$"}
    try:
        validator = jsonschema_rs.Draft7Validator(schema,
                                                  pattern_options=jsonschema_rs.RegexOptions())
    except (jsonschema_rs.ValidationError, ValueError):
        return None
    return validator.is_valid


def _compiled(doc: Document) -> list[Callable[[str], bool]]:
    """Return a service's code patterns that compile (the others are reported)."""
    compiled = []
    for item in doc.data["code_patterns"]:
        try:
            re.compile(item["pattern"])
        except re.error:
            continue
        matches = code_matcher(item["pattern"])
        if matches is not None:
            compiled.append(matches)
    return compiled


def _service_matches(doc: Document, service_ids: set[str],
                     patterns: dict[str, list[Callable[[str], bool]]]) -> list[Problem]:
    """A code names a known service, sits in its folder, and is shaped like its codes."""
    service = doc.data["service"]
    if service not in service_ids:
        return [Problem(doc.path, *locate(doc.node, ["service"]),
                        f"expected a known service, found '{service}'."
                        f"{did_you_mean(service, service_ids) or ''} (add "
                        f"content/services/{service}.yaml or fix the name; known: "
                        f"{_join(service_ids) or 'none yet'})")]
    problems = []
    folder = _parent_name(doc.path)
    if folder != service:
        problems.append(Problem(doc.path, *locate(doc.node, ["service"]),
                                f"expected the file in codes/{service}/ after its service, "
                                f"found it in {folder}/; move it, or fix the service"))
    shapes = patterns.get(service)
    if shapes:  # none when every pattern is broken: those are reported already
        code_path: list[str | int] = ["code"]
        names: list[tuple[list[str | int], str]] = [(code_path, doc.data["code"])]
        names += [(["aliases", i], alias)
                  for i, alias in enumerate(doc.data.get("aliases", []))]
        for where, name in names:
            if not any(matches(name) for matches in shapes):
                problems.append(Problem(doc.path, *locate(doc.node, where),
                                        f"expected a code shaped like {service}'s codes "
                                        f"(see code_patterns in content/services/"
                                        f"{service}.yaml), found '{name}'; check the code, "
                                        "or add its shape there"))
    return problems


def _normal(text: str) -> str:
    """Compare quoted words as a reader would: spacing and typographic quotes aside."""
    for fancy, plain in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'),
                         ("\u201d", '"'), ("\u2026", "...")):
        text = text.replace(fancy, plain)
    return " ".join(text.split())


def _evidence_problems(doc: Document) -> list[Problem]:
    """The grade is checked, not trusted: it needs a source of a kind that can carry it;
    the on-screen message must be in a source's quote; a check date is a real past day."""
    data, problems = doc.data, []
    sources = data["sources"]
    grade = data["evidence"]
    best = min((EVIDENCE.index(KIND_GRADE[s["kind"]]) for s in sources),
               default=EVIDENCE.index("unverified"))
    if EVIDENCE.index(grade) < best:
        kinds = sorted(k for k, g in KIND_GRADE.items()
                       if EVIDENCE.index(g) <= EVIDENCE.index(grade))
        have = EVIDENCE[best]
        problems.append(Problem(doc.path, *locate(doc.node, ["evidence"]),
                                f"expected a source of kind {' or '.join(kinds)} for "
                                f"evidence '{grade}', found "
                                f"{'only weaker kinds' if sources else 'none'}; add such a "
                                f"source, or lower the grade to '{have}'"))
    if "on_screen" in data:
        message = _normal(data["on_screen"])
        if not any(message in _normal(s["quote"]) for s in sources):
            problems.append(Problem(doc.path, *locate(doc.node, ["on_screen"]),
                                    "expected the on-screen message in the quote of one of "
                                    "the sources, found it in none; quote the source that "
                                    "shows the message word for word, or delete on_screen"))
    today = datetime.date.today()
    for index, source in enumerate(sources):
        try:
            day = datetime.date.fromisoformat(source["checked"])
        except ValueError:
            problems.append(Problem(doc.path, *locate(doc.node, ["sources", index, "checked"]),
                                    f"expected a real date (YYYY-MM-DD), found "
                                    f"'{source['checked']}'; check the month and day"))
            continue
        if day > today:
            problems.append(Problem(doc.path, *locate(doc.node, ["sources", index, "checked"]),
                                    f"expected the day the source was last opened, found "
                                    f"{day}, which is in the future; write the date you read it"))
    return problems


def _join(items: Collection[str]) -> str:
    return ", ".join(f"'{item}'" for item in sorted(items))


def _stem(rel: str) -> str:
    """``PurePosixPath(rel).stem`` of a printed path, without building a path: the file
    name less its last suffix ('a.b.yaml' -> 'a.b'; '.yaml' and 'a.' stay whole)."""
    parts = _parts(rel)
    name = parts[-1] if parts else ""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _parent_name(rel: str) -> str:
    """``PurePosixPath(rel).parent.name`` of a printed path, without building a path."""
    parts = _parts(rel)
    return parts[-2] if len(parts) >= 2 else ""


def _parts(rel: str) -> list[str]:
    """A printed path's names, as pathlib reads them (no empty or '.' part)."""
    return [part for part in rel.split("/") if part and part != "."]


def _name_matches(doc: Document, field: str, stem: str) -> list[Problem]:
    actual = _stem(doc.path)
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
    """A service's codes and aliases share its URL space, compared case-insensitively.

    Two services may both have a code ("83" on each); the lookup
    address /codes/<code>/ then asks which service. A file named after its code keeps the
    name; a misnamed copy is the one reported.
    """
    problems = []
    owner: dict[tuple[str, str], tuple[Document, str]] = {}
    codes = sorted(codes, key=lambda doc: _stem(doc.path) != doc.data["code"].lower())
    names = [(doc, [("code",)], doc.data["code"]) for doc in codes] + [
        (doc, [("aliases", i)], alias)
        for doc in codes for i, alias in enumerate(doc.data.get("aliases", []))
    ]
    for doc, (path,), name in names:
        key = (doc.data["service"], name.lower())
        if key in owner:
            first_doc, first = owner[key]
            problems.append(Problem(doc.path, *locate(doc.node, list(path)),
                                    f"expected each code and alias once per service "
                                    f"(ignoring case), found '{name}', already '{first}' in "
                                    f"{first_doc.path}; remove one of them"))
        else:
            owner[key] = (doc, name)
    return problems


def _service(doc: Document) -> Service:
    data = doc.data
    names = [data["id"], *data.get("lookup_names", ())]
    spoken = re.sub(r"[^a-z0-9]", "", data["name"].lower())
    names += [spoken] if spoken else []
    return Service(
        id=data["id"], name=data["name"], lookup_names=tuple(dict.fromkeys(
            re.sub(r"[^a-z0-9]", "", name) for name in names)),
        help_url=data["help_url"],
        patterns=tuple(Pattern(p["pattern"], p["example"], p.get("note", ""))
                       for p in data["code_patterns"]),
        families=tuple((f["letter"], f["meaning"]) for f in data.get("letter_families", ())),
        words=dict(data["words"]),
        fixes=tuple((f["cause"], Fix(f["id"], f["title"], tuple(f["platforms"]),
                                     tuple(f["steps"])))
                    for f in data.get("fixes", ())),
        path=doc.path,
    )


def _cause(doc: Document) -> Cause:
    data = doc.data
    return Cause(
        id=data["id"], title=data["title"], summary=data["summary"],
        aspects=tuple(Aspect(a["title"], a["text"]) for a in data["aspects"]),
        fixes=tuple(Fix(f["id"], f["title"], tuple(f["platforms"]), tuple(f["steps"]))
                    for f in data["fixes"]),
        checks=tuple(data.get("checks", ())), path=doc.path,
        former_ids=tuple(data.get("former_ids", ())),
    )


def _code(doc: Document, services: dict[str, Service]) -> Code:
    data = doc.data
    service = services[data["service"]]
    return Code(
        code=data["code"], aliases=tuple(data.get("aliases", ())), service=service.id,
        title=f"{service.name} error {data['code']}", summary=data["summary"],
        on_screen=data.get("on_screen", ""),
        where=data["where"], evidence=data["evidence"], evidence_note=data["evidence_note"],
        sources=tuple(Source(s["url"], s["publisher"], s["kind"], s["title"], s["quote"],
                             datetime.date.fromisoformat(s["checked"]))
                      for s in data["sources"]),
        first_steps=tuple(data["first_steps"]),
        causes=tuple(CauseRef(c["cause"], c["likelihood"], c["note"],
                              tuple(c.get("extra_steps", ()))) for c in data["causes"]),
        faq=tuple(Faq(f["q"], f["a"]) for f in data["faq"]),
        prevention=tuple(data["prevention"]), path=doc.path,
        platforms=tuple(data.get("platforms", ())),
    )
