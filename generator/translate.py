"""Translations of content files, and the content of each language built from them.

A translation sits beside its English file with the language before ``.yaml``
(``content/causes/vpn-proxy.es.yaml``, ``content/codes/<service>/<code>.es.yaml``,
``content/services/<service>.es.yaml``). It holds only the English file's prose, in the
same shape (lists by position), plus ``source:``, the hash of the English prose it was
made from (``source_hash``). Ids, likelihoods, checks, platforms and sources always come
from the English file.

- A field the English file lacks, or that is not prose, is an error, located.
- A translation whose ``source`` no longer matches the English is stale: a warning,
  located at ``source:``, and the page shows the English text with a one-line notice,
  as it does when there is no translation.
- A code's ``on_screen`` is the service's own message: a translation may give the
  service's message in its language only with ``on_screen_source``, the source that
  shows it; otherwise the page shows the English message and says so.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.i18n import N_
from generator.errors import ContentError, Problem
from generator.i18n import DEFAULT, Language, is_language_code, language_tags, translation_parts
from generator.load import Document, load_file, locate, node_at, read_bounded
from generator.model import Cause, Content, Source
from generator.text import text_problems
from generator.validate import (
    _NOT_PROSE,
    _cause,
    _code,
    _rel,
    _service,
    named_like_translation,
)

FOLDERS = ("services", "codes", "causes")


_NOT_TRANSLATED = {"sources", "name", "publisher"}
"""Top-level fields that stay as the English file has them, though they are text."""

_SCREEN_SOURCE = ("url", "publisher", "kind", "title", "quote", "checked")


def is_translation(name: str, languages: Collection[str] | None = None,
                   has_sibling: Callable[[str], bool] = lambda _: False) -> bool:
    """Whether a file name is a translation's (``x.es.yaml``), not an English file's
    (``nqm.407.yaml``); the rule is ``generator.i18n.translation_parts``. Without
    ``languages``, any last dotted part shaped like a language code counts as one."""
    return translation_parts(name, languages, has_sibling) is not None


Path_ = tuple[str | int, ...]


def translatable(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Yield ``(path, text)`` for each prose string of an English file's data."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _NOT_PROSE or (not path and key in _NOT_TRANSLATED):
                continue
            yield from translatable(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from translatable(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def source_hash(data: Any) -> str:
    """Return the hash of an English file's prose (what a translation is made from)."""
    prose = [[list(path), text] for path, text in translatable(data)]
    digest = hashlib.sha256(json.dumps(prose, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Translations:
    """Every language's content, and what its pages show in English."""

    content: dict[str, Content]
    """Per language code (English included), the content in that language."""
    english: dict[str, frozenset[str]]
    """Per language code, the English files whose text its pages show in English
    (no translation, or a stale one)."""
    screens: dict[str, frozenset[str]]
    """Per language code, the code files whose on-screen message is in that language."""
    warnings: tuple[str, ...]


def translate(content: Content, content_dir: Path, languages: dict[str, Language],
              root: Path | None = None) -> Translations:
    """Read every translation and build each language's content; raise on any error."""
    root = (root or content_dir.parent).resolve()
    problems: list[Problem] = []
    warnings: list[str] = []
    result: dict[str, Content] = {DEFAULT: content}
    english: dict[str, frozenset[str]] = {DEFAULT: frozenset()}
    screens: dict[str, frozenset[str]] = {DEFAULT: frozenset()}
    found = _translation_files(content_dir, root, language_tags(content_dir))
    for rel, (lang, english_rel) in sorted(found.items()):
        named = named_like_translation(root / rel, rel, lang, english_rel)
        if named is not None:
            problems.append(named)
            del found[rel]
        elif lang == DEFAULT:
            problems.append(Problem(rel, 1, 1, f"expected a translation into another language "
                                    f"than English, found '.{lang}.yaml'; put English text in "
                                    f"{Path(english_rel).name} and delete this file"))
        elif lang not in languages:
            problems.append(Problem(rel, 1, 1, f"expected a language of content/i18n/, found "
                                    f"'{lang}'; add content/i18n/{lang}.yaml or rename the "
                                    "file"))
    english_files = {c.path for c in content.codes} | {c.path for c in content.causes.values()} | {
        s.path for s in content.services.values()}
    for lang, language in languages.items():
        if lang == DEFAULT:
            continue
        done: dict[str, dict[str, Any]] = {}  # English path -> merged data
        own_screen: set[str] = set()
        for rel, (file_lang, english_rel) in sorted(found.items()):
            if file_lang != lang:
                continue
            if english_rel not in english_files:
                problems.append(Problem(rel, 1, 1, f"expected a translation of an English "
                                        f"file, found no {english_rel}; rename it after "
                                        "the file it translates"))
                continue
            merged, screen, stale, found_problems = _read(root / rel, rel,
                                                          root / english_rel)
            problems += found_problems
            if stale:
                warnings.append(stale)
            elif merged is not None:
                done[english_rel] = merged
                if screen:
                    own_screen.add(english_rel)
        result[lang] = _content_in(content, done, language, root)
        english[lang] = frozenset(path for path in english_files if path not in done)
        screens[lang] = frozenset(own_screen)
    if problems:
        raise ContentError(problems)
    return Translations(result, english, screens, tuple(warnings))


def _translation_files(content_dir: Path, root: Path,
                       languages: Collection[str]) -> dict[str, tuple[str, str]]:
    """Return each translation file (path from ``root``) with its language and English file."""
    found: dict[str, tuple[str, str]] = {}
    for folder in FOLDERS:
        base = content_dir / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.yaml")):
            parts = translation_parts(path.name, languages, _beside(path))
            if parts and not path.is_symlink():
                english = path.with_name(parts[0])
                found[_rel(path.resolve(), root)] = (parts[1], _rel(english.resolve(), root))
    return found


def _beside(path: Path) -> Callable[[str], bool]:
    """Whether a file of a given name sits in ``path``'s folder."""
    return lambda name: path.with_name(name).is_file()


def _read(path: Path, rel: str, english_path: Path
          ) -> tuple[dict[str, Any] | None, bool, str, list[Problem]]:
    """Check one translation against its English file; return the merged data.

    Returns ``(merged, own_screen, stale_warning, problems)``; ``merged`` is None when the
    translation cannot be used (problems, or stale).
    """
    doc, problems = load_file(path, rel)
    english_rel = english_path.name
    english, _ = load_file(english_path, english_rel)
    if doc is None or english is None:
        return None, False, "", problems
    data = doc.data
    if not isinstance(data, dict):
        return None, False, "", [Problem(rel, 1, 1, "expected a mapping of translated fields "
                                         "with `source:`; copy the English file's prose")]
    expected = source_hash(english.data)
    problems += _shape(doc, english.data)
    if "source" not in data:
        problems.append(Problem(rel, 1, 1, f"expected `{source_line(expected)}` (the hash of "
                                "the English text translated); add it"))
    screen = _screen(doc, problems)
    if problems:
        return None, False, "", problems
    # The hash as typed: an all-digit hash written without quotes loads as a number.
    typed = node_at(doc.node, ["source"]).value
    found = typed if isinstance(typed, str) else "(not a hash)"
    if found != expected:
        line, col = locate(doc.node, ["source"])
        return None, False, (f"{rel}:{line}:{col}: translation is stale: the English file "
                             f"changed since it was made (source {found}, now "
                             f"{expected}); the page shows the English until you update the "
                             f"translation and set `{source_line(expected)}`"), []
    merged = _overlay(english.data, {k: v for k, v in data.items()
                                     if k not in ("source", "on_screen_source")})
    if screen is not None:
        merged["sources"] = [*merged.get("sources", []), screen]
    return merged, screen is not None, "", []


def _shape(doc: Document, english: Any) -> list[Problem]:
    """Report every translated field the English lacks or that is not prose, located."""
    problems: list[Problem] = []

    def walk(value: Any, source: Any, path: list[str | int]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                here = [*path, key]
                if not path and key in ("source", "on_screen_source"):
                    continue
                if not isinstance(source, dict) or key not in source:
                    problems.append(Problem(doc.path, *locate(doc.node, here, key=True),
                                            f"expected only fields of the English file, found "
                                            f"'{key}', which it lacks; remove it"))
                elif key in _NOT_PROSE or (not path and key in _NOT_TRANSLATED):
                    problems.append(Problem(doc.path, *locate(doc.node, here, key=True),
                                            f"expected only text to translate, found '{key}', "
                                            "which always comes from the English file; "
                                            "remove it"))
                else:
                    walk(item, source[key], here)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(source, list) or index >= len(source):
                    most = len(source) if isinstance(source, list) else 0
                    problems.append(Problem(doc.path, *locate(doc.node, [*path, index]),
                                            f"expected at most {most} items, as in the "
                                            "English file, found more; remove this one"))
                else:
                    walk(item, source[index], [*path, index])
        elif isinstance(value, str):
            if not isinstance(source, str):
                problems.append(Problem(doc.path, *locate(doc.node, path),
                                        "expected the same shape as the English file, found "
                                        "text where it has a list or fields"))
            for offset, message in text_problems(value):
                line, col = locate(doc.node, path)
                problems.append(Problem(doc.path, line, col + offset if "\n" not in value
                                        else col, message))
        elif value is not None:
            problems.append(Problem(doc.path, *locate(doc.node, path),
                                    f"expected translated text, found {value!r:.40}; put it "
                                    "in quotes"))

    walk(doc.data, english, [])
    return problems


def _screen(doc: Document, problems: list[Problem]) -> dict[str, Any] | None:
    """Return the source of a translated ``on_screen``, checked, or None."""
    data = doc.data
    source = data.get("on_screen_source")
    if "on_screen" not in data:
        if source is not None:
            problems.append(Problem(doc.path, *locate(doc.node, ["on_screen_source"], key=True),
                                    "expected `on_screen_source` only with `on_screen`; "
                                    "remove it or add the message"))
        return None
    if not isinstance(source, dict) or any(not isinstance(source.get(k), (str, datetime.date))
                                           for k in _SCREEN_SOURCE):
        problems.append(Problem(doc.path, *locate(doc.node, ["on_screen"], key=True),
                                "expected `on_screen_source` with url, publisher, kind, title, "
                                "quote and checked: the service's message in this language "
                                "needs a source that shows it; without one, remove `on_screen` "
                                "(the page shows the English message and says so)"))
        return None
    quote, message = str(source["quote"]), str(data["on_screen"])
    if " ".join(message.split()).casefold() not in " ".join(quote.split()).casefold():
        problems.append(Problem(doc.path, *locate(doc.node, ["on_screen"]),
                                "expected the message inside its source's quote, found it "
                                "missing; quote the source's words verbatim"))
    if not str(source["url"]).startswith("https://"):
        problems.append(Problem(doc.path, *locate(doc.node, ["on_screen_source", "url"]),
                                "expected an https:// address for the source"))
    checked = source["checked"]
    return {**source, "checked": checked.isoformat() if isinstance(checked, datetime.date)
            else checked}


def _overlay(english: Any, translated: Any) -> Any:
    """Return the English data with each translated string put in its place."""
    if isinstance(english, dict) and isinstance(translated, dict):
        return {key: _overlay(value, translated[key]) if key in translated else value
                for key, value in english.items()}
    if isinstance(english, list) and isinstance(translated, list):
        return [_overlay(value, translated[i]) if i < len(translated) else value
                for i, value in enumerate(english)]
    return translated if isinstance(translated, str) else english


def _content_in(content: Content, merged: dict[str, dict[str, Any]], language: Language,
                root: Path) -> Content:
    """Build a language's content: translated files where current, English elsewhere."""
    def doc(path: str) -> Document:
        return Document(path, None, merged[path])

    services = {sid: _service(doc(s.path)) if s.path in merged else s
                for sid, s in content.services.items()}
    causes: dict[str, Cause] = {cid: _cause(doc(c.path)) if c.path in merged else c
                                for cid, c in content.causes.items()}
    codes = []
    for code in content.codes:
        built = _code(_dated(doc(code.path)), services) if code.path in merged else code
        title = language.gettext(N_("{service} error {code}"),
                                 service=services[code.service].name, code=code.code)
        codes.append(dataclasses.replace(built, title=title))
    return Content(tuple(codes), causes, services)


def _dated(doc: Document) -> Document:
    """Dates in sources as ISO text, as the English file's validation left them."""
    for source in doc.data.get("sources", []):
        if isinstance(source.get("checked"), datetime.date):
            source["checked"] = source["checked"].isoformat()
    return doc


def source_line(digest: str) -> str:
    """Return the ``source:`` line for a hash, quoted: some hashes are all digits."""
    return f"source: '{digest}'"


def skeleton(english: Path, lang: str) -> tuple[Path, bool]:
    """Write ``<english>.<lang>.yaml`` with the English prose to translate and its hash.

    If the translation exists, only its ``source:`` line is set to the current hash (after
    updating the text); returns the path and whether the file was new.
    """
    import yaml

    from generator.errors import UsageError

    content_dir = next((folder.parent for folder in english.resolve().parents
                        if folder.name in FOLDERS), None)
    languages = language_tags(content_dir) if content_dir else frozenset()
    if (english.suffix != ".yaml" or not english.is_file()
            or translation_parts(english.name, languages, _beside(english)) is not None):
        raise UsageError(f"expected an English content file (x.yaml), found '{english}'")
    if not is_language_code(lang) or lang == DEFAULT:
        raise UsageError(f"expected a language code such as 'es' or 'pt-BR' (a file name in "
                         f"content/i18n/ other than en.yaml), found '{lang}'")
    doc, problems = load_file(english, english.as_posix())
    if doc is None:
        raise ContentError(problems)
    target = english.with_name(f"{english.stem}.{lang}.yaml")
    digest = source_hash(doc.data)
    clash = named_like_translation(target, target.as_posix(), lang, english.name)
    if clash is not None:
        raise ContentError([clash])
    if target.exists():
        text = _bounded_text(target)
        text, count = re.subn(r"(?m)^source:.*$", source_line(digest), text)
        target.write_text(text if count else f"{source_line(digest)}\n{text}", "utf-8")
        return target, False
    prose = _prose_tree(doc.data)
    body = yaml.safe_dump(prose, allow_unicode=True, sort_keys=False, width=90)
    target.write_text(f"# {lang} translation of {english.name}: translate every text; keep "
                      f"the shape.\n{source_line(digest)}\n{body}", "utf-8")
    return target, True


def _bounded_text(path: Path) -> str:
    """Return an existing translation's text, read only if it is a small UTF-8 file.

    Not ``read_text``: a 40 GB file (sparse: it takes no disk) would be read into memory.
    """
    raw = read_bounded(path)
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass  # load_file says where and what to do
    _, problems = load_file(path, path.as_posix())
    raise ContentError(problems or [Problem(path.as_posix(), 1, 1, str(raw))],
                       outcome="nothing was written")


def _prose_tree(data: Any, top: bool = True) -> Any:
    """Return the English data cut down to its translatable prose, in the same shape."""
    if isinstance(data, dict):
        kept = {k: _prose_tree(v, False) for k, v in data.items()
                if k not in _NOT_PROSE and not (top and k in _NOT_TRANSLATED)}
        return {k: v for k, v in kept.items() if v not in (None, {}, [])}
    if isinstance(data, list):
        items = [_prose_tree(v, False) for v in data]
        return items if any(i not in (None, {}, []) for i in items) else []
    return data if isinstance(data, str) else None


__all__ = ["Source", "Translations", "is_translation", "source_hash", "translate"]
