"""The site's languages: one catalogue of reader-facing words per language.

``content/i18n/<lang>.yaml`` is a language: its name for the language selector, which of
Material's own word lists to use (search box, buttons), and ``messages``, a mapping from
the English text as written in the code, templates and scripts to its translation. English
(``en.yaml``) is the source and has no messages; every other language falls back to it,
text by text. Adding a language is adding a file here (and its pages' translations).

The English texts are found where they are used: ``T("...")`` and ``N_("...")`` in the
checker's Python, ``_("...")`` in templates, ``t(words, "...")`` and ``N_("...")`` in the
scripts. ``source_texts`` lists them, so that a test can list every text a language
lacks and every message that no longer has an English source.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2 import nodes

from checker.i18n import Messages, Text
from generator.errors import ContentError, Problem
from generator.load import load_file, locate, node_at
from generator.text import text_problems

DEFAULT = "en"
"""The source language: its pages are at the site's root, and every text falls back to it."""

_FIELDS = {"language", "messages"}
_LANGUAGE_FIELDS = {"name", "material"}
_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str
    """BCP 47 tag (``es``), the file's name and the URL prefix of its pages (``/es/``)."""
    name: str
    """The language's name in itself, for the language selector (``Español``)."""
    material: str
    """Which of Material's own word lists this language's pages use (``en`` if none)."""
    messages: dict[str, str] = field(default_factory=dict)
    """English text -> translation; empty for English."""
    path: str = ""

    @property
    def prefix(self) -> str:
        """The site-relative path prefix of this language's pages: ``""`` or ``"es/"``."""
        return "" if self.code == DEFAULT else f"{self.code}/"

    def gettext(self, source: str, /, **params: Any) -> str:
        """Return ``source`` in this language (English where it has no translation)."""
        return Text(source, params).render(self.messages)


ENGLISH = Language(DEFAULT, "English", "en")


def load_languages(content_dir: Path, root: Path | None = None) -> dict[str, Language]:
    """Read every ``content/i18n/*.yaml``; English first, then by code.

    Raises ``ContentError`` with every problem found. Without the folder the site is
    English only.
    """
    folder = content_dir / "i18n"
    root = (root or content_dir.parent).resolve()
    languages = {DEFAULT: ENGLISH}
    problems: list[Problem] = []
    try:
        # Not glob: it lists an unreadable folder as empty, and the site would quietly
        # lose its languages (and call every translation one of an unknown language).
        paths = sorted(path for path in folder.iterdir() if path.suffix == ".yaml")
    except (FileNotFoundError, NotADirectoryError):
        paths = []
    except OSError as err:
        paths = []
        problems.append(Problem(_rel(folder.absolute(), root), 1, 1, f"expected a readable "
                                f"folder, found an error ({err.strerror or err}); check the "
                                "folder's permissions (it needs read and search rights, "
                                "chmod u+rx)"))
    for path in paths:
        rel = _rel(path.resolve(), root)
        doc, found = load_file(path, rel)
        problems += found
        if doc is None:
            continue
        language, found = _language(path.stem, doc.data, doc.node, rel)
        problems += found
        if language is not None:
            languages[language.code] = language
    if problems:
        raise ContentError(problems)
    return {code: languages[code] for code in sorted(languages, key=lambda c: (c != DEFAULT, c))}


def _rel(path: Path, root: Path) -> str:
    return (path.relative_to(root) if path.is_relative_to(root) else path).as_posix()


def _language(code: str, data: Any, node: Any, rel: str) -> tuple[Language | None, list[Problem]]:
    """Build one language from its file's data, or say what is wrong, located."""
    problems: list[Problem] = []

    def at(path: list[str | int], message: str, key: bool = False) -> None:
        problems.append(Problem(rel, *locate(node, path, key=key), message))

    def text_at(path: list[str | int], text: str, source: str = "") -> None:
        # The same rules as content's prose: these words reach the same pages.
        line, col = locate(node, path)
        quoted = getattr(node_at(node, path), "style", None) in ("'", '"')
        for offset, message in catalogue_problems(text, source):
            # Point into a one-line value; a folded value's offset maps to no column.
            here = col + offset + quoted if "\n" not in text[:offset] else col
            problems.append(Problem(rel, line, here, message))

    if not _CODE.match(code):
        at([], f"expected a file named after a language code such as 'es.yaml' or "
               f"'pt-BR.yaml', found '{code}.yaml'; rename the file")
        return None, problems
    if not isinstance(data, dict):
        at([], "expected a mapping with `language` and `messages`, found something else; "
               "copy content/i18n/es.yaml and translate its messages")
        return None, problems
    for key in data:
        if key not in _FIELDS:
            at([key], f"expected `language` or `messages`, found '{key}'; remove it", key=True)
    about = data.get("language")
    if not isinstance(about, dict):
        at(["language"], "expected `language:` with `name` and `material`; add them")
        about = {}
    for key in about:
        if key not in _LANGUAGE_FIELDS:
            at(["language", key], f"expected `name` or `material`, found '{key}'; remove it",
               key=True)
    name, material = about.get("name"), about.get("material", "en")
    if not isinstance(name, str) or not name.strip():
        at(["language", "name"], "expected the language's name in itself (`name: Español`); "
                                 "add it")
    else:
        text_at(["language", "name"], name)
    if not isinstance(material, str) or not _CODE.match(material):
        at(["language", "material"], "expected one of Material's language codes "
                                     "(`material: es`), or leave it out for English words")
    messages = data.get("messages") or {}
    if not isinstance(messages, dict):
        at(["messages"], "expected `messages:` as a mapping of English text to translation")
        messages = {}
    if code == DEFAULT and messages:
        at(["messages"], "expected no `messages` in the English file: English is written "
                         "where it is used; remove them")
    for source, translated in messages.items():
        if not isinstance(translated, str) or not translated.strip():
            at(["messages", source], f"expected a translation of '{source[:40]}', found "
                                     "nothing; translate it or remove the line")
            continue
        if not _parses(translated):
            at(["messages", source], "expected {name} placeholders with matching braces, "
                                     "found a stray brace; copy the placeholders from the English")
            continue
        extra = placeholders(translated) - placeholders(source)
        if extra:
            at(["messages", source], f"expected only the placeholders of the English text "
                                     f"({_names(placeholders(source))}), found "
                                     f"{_names(extra)}; copy them from the English")
        text_at(["messages", source], translated, source)
    if problems:
        return None, problems
    assert isinstance(name, str) and isinstance(material, str)
    return Language(code, name.strip(), material,
                    {k: v for k, v in messages.items() if isinstance(v, str)}, rel), []


_PLACEHOLDER_LINK = re.compile(r"\{(?P<name>\w+)\}\)")
"""A link whose address is a placeholder (``[all codes]({url})``), filled in by the site."""

_CATALOGUE_ONLY = (
    # Content's prose is escaped where it lands, so it may hold '<!--' as words; the
    # catalogue's words go into templates as written (Markdown, and the theme's HTML).
    (re.compile(r"<\s*!"), "an HTML comment or declaration", "write it as words"),
    # Only {name} is a placeholder; '{: onclick=...}' would be an attribute list.
    (re.compile(r"\{(?!\w+\})"), "a brace that is not a {name} placeholder",
     "copy the placeholders from the English, and write other braces as words"),
)


def catalogue_problems(text: str, source: str = "") -> list[tuple[int, str]]:
    """Return ``(offset, message)`` for what a catalogue text may not hold.

    Raw HTML, template delimiters and the like are refused as in content files, and so is
    what only the catalogue's words could smuggle in (an HTML comment, a brace that is not
    a placeholder); a link may lead to a placeholder of the English text (``({url})``),
    which only the site fills in.
    """
    allowed = placeholders(source)
    # The English may hold markup of its own (the footer's licence link): a translation
    # may repeat each of its tags as written, and nothing else.
    english_tags = {offset for offset, tag in _tags(text) if tag in source}
    found = [(offset, message) for offset, message in text_problems(text)
             if offset not in english_tags
             and not ((link := _PLACEHOLDER_LINK.match(text, offset))
                      and link["name"] in allowed)]
    taken = {offset for offset, _ in found}
    for pattern, what, fix in _CATALOGUE_ONLY:
        for match in pattern.finditer(text):
            if match.start() not in taken:
                found.append((match.start(), f"expected plain text, found {what} "
                              f"('{text[match.start():match.start() + 12]}'); {fix}"))
    return sorted(found)


def _tags(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, tag)`` for each whole HTML tag in ``text`` (``<a href="...">``)."""
    for match in re.finditer(r"<[^<>]*>", text):
        yield match.start(), match.group()


def _names(found: Iterable[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(found)) or "none"


def _parses(text: str) -> bool:
    try:
        list(string.Formatter().parse(text))
    except ValueError:
        return False
    return True


def placeholders(text: str) -> set[str]:
    """Return the ``{name}`` placeholders of a text (empty for a text that does not parse)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return set()


def is_language_code(name: str) -> bool:
    """Whether ``name`` has the shape of a language code (``es``, ``pt-BR``)."""
    return _CODE.match(name) is not None


_TAGGED = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\.yaml$")
"""A name that may be a translation's: the part after the last dot before ``.yaml`` has a
language code's shape (``nqm.407.es.yaml``: ``nqm.407`` in ``es``)."""


def language_tags(content_dir: Path) -> frozenset[str]:
    """The language codes that ``content/i18n/`` names (its files' names), English included.

    Read from the names alone, so that a content file's name means the same whether or not
    a catalogue has a problem (``load_languages`` reports those). None when it is unreadable.
    """
    try:
        names = [path.name for path in (content_dir / "i18n").iterdir()]
    except OSError:
        return frozenset()
    return frozenset(name.removesuffix(".yaml") for name in names
                     if name.endswith(".yaml") and _CODE.match(name.removesuffix(".yaml")))


def translation_parts(name: str, languages: Collection[str] | None,
                      has_sibling: Callable[[str], bool]) -> tuple[str, str] | None:
    """Return ``(english file name, language)`` if ``name`` is a translation's, else None.

    ``<stem>.<lang>.yaml`` is a translation when ``<lang>`` is a language of
    ``content/i18n/`` or when ``<stem>.yaml`` sits beside it (a translation into a language
    not added yet, which the translation check reports). Otherwise the dot is part of an
    English file's own name: codes such as ``NQM.407`` or ``ABC.DEF`` hold dots. The last
    dotted part is the language, so ``nqm.407.es.yaml`` translates ``nqm.407.yaml``.
    ``has_sibling`` says whether a file of that name sits in the same folder; ``languages``
    None counts every name shaped like a language code as one (judging by the name alone).
    """
    match = _TAGGED.match(name)
    if match is None:
        return None
    english = f"{match['stem']}.yaml"
    if languages is None or match["lang"] in languages or has_sibling(english):
        return english, match["lang"]
    return None


def page_language(src_uri: str, languages: dict[str, Language]) -> str:
    """Return the language of a page by its path: ``es/about.md`` is Spanish."""
    first = src_uri.split("/", 1)[0]
    return first if first != DEFAULT and first in languages else DEFAULT


def twin(src_uri: str, language: Language, other: Language) -> str:
    """Return the URL path (from the site's root) of a page's twin in ``other``.

    ``es/<service>/<code>.md`` in English is ``<service>/<code>/``; the home page's
    Spanish twin is ``es/``.
    """
    path = src_uri.removeprefix(language.prefix)
    if path.endswith(".md"):
        path = path[: -len(".md")]
        if path == "404":
            return f"{other.prefix}404.html"  # the theme's page, not a folder
        path = "" if path in ("index", "") else path.removesuffix("/index") + "/"
    return other.prefix + path


def x_default(src_uri: str, language: Language, languages: dict[str, Language],
              site: str) -> str | None:
    """Return the address a page's ``<head>`` names ``hreflang="x-default"``: its twin in
    the default language, the page for a reader whose language the site does not have
    (the sitemap names the same, see ``sitemap_alternates``).

    ``None`` when the site has one language: a page alone has no alternates.
    """
    default = languages.get(DEFAULT)
    if default is None or len(languages) < 2:
        return None
    return site + twin(src_uri, language, default)


_SITEMAP_LOC = re.compile(r"(?P<indent>[ \t]*)<loc>(?P<url>[^<]*)</loc>")
_XHTML = 'xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def sitemap_alternates(xml: str, site_url: str, languages: dict[str, Language]) -> str:
    """Add each URL's twins in every language to MkDocs' sitemap.xml, as
    ``<xhtml:link rel="alternate" hreflang>`` (search engines read hreflang there too).

    A URL under a language's prefix (``es/...``) is that language's page; its twin in
    another language has the same path under that language's prefix. A twin is linked
    only when the sitemap lists it, so no link leads to a page that does not exist.
    Every listed page links all its twins, itself included: both directions hold; the
    default language's page is also ``x-default``, for readers of any other language.
    """
    site = site_url.rstrip("/") + "/"
    urls = {match.group("url") for match in _SITEMAP_LOC.finditer(xml)}

    def twins(url: str) -> list[tuple[str, str]]:
        if not url.startswith(site):
            return []
        path = url[len(site):]
        own = next((lang for lang in languages.values()
                    if lang.prefix and path.startswith(lang.prefix)), None)
        path = path[len(own.prefix):] if own else path
        found = [(lang.code, site + lang.prefix + path) for lang in languages.values()
                 if site + lang.prefix + path in urls]
        if len(found) < 2 or site + path not in urls:
            return []  # a page alone has no alternates
        # x-default: the page for a reader whose language the site does not have.
        return [*found, ("x-default", site + path)]

    def add(match: re.Match[str]) -> str:
        indent = match.group("indent")
        links = "".join(f'\n{indent}<xhtml:link rel="alternate" hreflang="{code}" '
                        f'href="{href}"/>' for code, href in twins(match.group("url")))
        return match.group(0) + links

    xml = _SITEMAP_LOC.sub(add, xml)
    if _XHTML not in xml:
        xml = xml.replace('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
                          f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" {_XHTML}',
                          1)
    return xml


def catalogue(language: Language) -> Messages:
    """Return what the scripts need of a language: its messages (English: none)."""
    return dict(sorted(language.messages.items()))


# The English texts, found where they are used.

_PY_MARKERS = {"T", "N_", "_"}
_JS_TEXT = re.compile(r"""\b(?:t\(\s*\w+\s*,|N_\()\s*"""  # t(words, "..." or N_("...
                      r"""(?P<q>["'`])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)""", re.DOTALL)


def python_texts(source: str) -> Iterator[str]:
    """Yield the English texts marked in Python source (``T``, ``N_``, ``_`` calls)."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in _PY_MARKERS and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.args[0].value


def template_texts(source: str, env: jinja2.Environment | None = None) -> Iterator[str]:
    """Yield the English texts of a Jinja template's ``_("...")`` calls."""
    env = env or jinja2.Environment()
    for call in env.parse(source).find_all(nodes.Call):
        if (isinstance(call.node, nodes.Name) and call.node.name == "_" and call.args
                and isinstance(call.args[0], nodes.Const) and isinstance(call.args[0].value, str)):
            yield call.args[0].value


def script_texts(source: str) -> Iterator[str]:
    """Yield the English texts of a script's ``t(words, "...")`` and ``N_("...")`` calls."""
    for match in _JS_TEXT.finditer(source):
        yield re.sub(r"\\(.)", r"\1", match.group("text"))


def source_texts(repo: Path) -> dict[str, str]:
    """Return every English text the site shows, with the first file that uses it."""
    found: dict[str, str] = {}

    def add(texts: Iterable[str], path: Path) -> None:
        for text in texts:
            found.setdefault(text, path.relative_to(repo).as_posix())

    for folder in ("checker", "generator"):
        for path in sorted((repo / folder).rglob("*.py")):
            add(python_texts(path.read_text("utf-8")), path)
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    for pattern in ("generator/templates/**/*.j2", "overrides/**/*.html"):
        for path in sorted(repo.glob(pattern)):
            add(template_texts(path.read_text("utf-8"), env), path)
    for pattern in ("checker/web/*.mjs", "overrides/assets/kb/*.mjs", "overrides/assets/kb/*.js"):
        for path in sorted(repo.glob(pattern)):
            add(script_texts(path.read_text("utf-8")), path)
    add(nav_titles(repo / "mkdocs.yml"), repo / "mkdocs.yml")
    add(site_texts(repo / "mkdocs.yml"), repo / "mkdocs.yml")
    return found


SITE_TEXTS = ("site_name", "site_description", "copyright")
"""The settings of mkdocs.yml a reader sees (header, <title>, footer): each language shows
its own (the kb plugin sets them for each page, as it sets the language's alternates)."""


class _AnyTagLoader(yaml.SafeLoader):
    """PyYAML's safe loader, reading ``!ENV [...]`` and other MkDocs tags as nothing."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_texts(config: Path) -> Iterator[str]:
    """Yield the English of mkdocs.yml's reader-facing settings (``SITE_TEXTS``)."""
    data = yaml.load(config.read_text("utf-8"), _AnyTagLoader)  # a SafeLoader
    for key in SITE_TEXTS:
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str) and value.strip():
            yield value
    theme = data.get("theme") if isinstance(data, dict) else None
    yield from palette_names(theme.get("palette") if isinstance(theme, dict) else None)


def palette_names(palette: Any) -> list[str]:
    """The names of Material's colour-scheme toggles (its button's label), in order."""
    options = palette if isinstance(palette, list) else [palette]
    return [option["toggle"]["name"] for option in options
            if isinstance(option, dict) and isinstance(option.get("toggle"), dict)
            and isinstance(option["toggle"].get("name"), str)]


def nav_titles(config: Path) -> Iterator[str]:
    """Yield the titles of the English nav in mkdocs.yml (each language shows its own)."""
    text = config.read_text("utf-8")
    block = re.search(r"^nav:\n((?:[ \t]+-.*\n)+)", text, re.MULTILINE)
    for line in block.group(1).splitlines() if block else []:
        match = re.match(r"\s*-\s*(.+?):\s*\S+\.md\s*$", line)
        if match:
            yield match.group(1).strip("'\"")
