"""Render the site model to Markdown pages with Jinja2 templates.

Contributor text is never treated as a template: it reaches the templates only as values
and passes through the ``inline``/``cell``/``attr`` filters, which escape it.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import jinja2

from checker.i18n import N_
from generator import text
from generator.dates import day_text
from generator.graph import Graph, code_url
from generator.i18n import ENGLISH, Language
from generator.model import LIKELIHOOD, Cause, CauseRef, Code, Fix, Service

# Every word below is English, shown through the page language's catalogue (``_``).

PLATFORMS = {
    "any": N_("Any device"), "windows": "Windows", "mac": "Mac", "linux": "Linux",
    "chromeos": "ChromeOS", "chrome": "Chrome", "edge": "Edge", "firefox": "Firefox",
    "safari": "Safari", "opera": "Opera", "android": "Android", "ios": N_("iPhone and iPad"),
    "smart-tv": N_("Smart TV"), "streaming-device": N_("Streaming stick or box"),
    "game-console": N_("Game console"), "router": N_("Router"),
}
"""Tab label per platform id; tab order follows this order. Labels are shared by every
page of a language so that Material's linked tabs switch together."""

WHERE = {"browser": N_("your web browser"), "device": N_("your device"),
         "network": N_("your network or internet connection"), "account": "{account}",
         "service": "{their_side}", "page": N_("the link or page you opened")}
"""Where a problem lies, in words; the service's own words fill the braces."""

EVIDENCE = {
    "primary": N_("Confirmed: the service's own words"),
    "secondary": N_("Likely: quoted or reported by others, not read on the service's own "
                    "pages"),
    "community": N_("Reported: only users' reports say so, not the service or a vendor"),
    "unverified": N_("Unverified: no reliable source explains this code yet"),
}

KINDS = {
    "service-help": N_("help page"), "service-screen": N_("on-screen text"),
    "vendor-doc": N_("vendor documentation"), "bug-report": N_("public bug report"),
    "forum": N_("forum thread"), "third-party": N_("third-party article"),
}
"""How each kind of source is named on a page."""


def platform_words(language: Language) -> dict[str, str]:
    """Return each platform tab label in ``language``, by its English label (for site.mjs)."""
    return {label: language.gettext(label) for label in PLATFORMS.values()}


def where_words(code: Code, service: Service, language: Language = ENGLISH) -> str:
    """Say where a code's problem usually lies, in the service's words where it is theirs."""
    return language.gettext(WHERE[code.where]).format(**service.words)


LIKELY = {"high": N_("Most likely"), "medium": N_("Possible"), "low": N_("Less likely")}
"""How a cause's likelihood for one code reads on its page."""

READER_PLATFORMS = frozenset({"windows", "mac", "linux", "chromeos", "chrome", "edge",
                              "firefox", "safari", "opera", "android", "ios"})
"""Platforms the page can tell from the reader's browser (``platformLabels`` in
overrides/assets/kb/site.mjs), so that it pre-selects the reader's own tab. Only these
make tabs in a code page's short path: a router or a TV is not what the reader is on."""


@dataclass(frozen=True)
class Page:
    """A generated page: where MkDocs should pretend it lives, and its Markdown."""

    src_uri: str
    markdown: str
    sources: tuple[str, ...]
    """Content files the page is made from (for edit links and "last updated")."""


def environment(language: Language = ENGLISH) -> jinja2.Environment:
    """Return the Jinja environment: strict, no autoescape (output is Markdown), filters.

    ``_`` in a template is ``language.gettext``: English text in, the language's words out.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(inline=text.inline, cell=text.cell, attr=text.attr, json=json.dumps,
                       platform=PLATFORMS.__getitem__, title=summary_title,
                       keep_code=keep_code, link=text.link, section_link=section_link,
                       evidence_label=lambda grade: evidence_label(grade, language),
                       day=lambda day: day_text(day, language))
    env.globals.update(EVIDENCE=EVIDENCE, KINDS=KINDS, LIKELY=LIKELY, fix_groups=fix_groups,
                       _=language.gettext, lang=language, english=frozenset(),
                       screens=frozenset(),
                       where_words=lambda code, service: where_words(code, service, language))
    return env


def render_site(graph: Graph, env: jinja2.Environment | None = None,
                memo: RenderMemo | None = None, language: Language = ENGLISH,
                english: frozenset[str] = frozenset()) -> list[Page]:
    """Render every generated page of one language: codes, services, causes, lookups, indexes.

    ``memo`` keeps what earlier calls rendered (the dev server passes one per language): a
    page whose template and values are the same is not rendered again. ``graph`` holds the
    language's text (English where a translation is missing or stale, see
    ``generator.translate``); ``english`` names the content files shown in English for
    that reason, which their pages say in one line. A language's pages live under its
    prefix (``es/...``).
    """
    env = env or environment(language)
    env.globals["english"] = english
    if memo is not None:
        memo.start(env)
    pages = _pages(graph, env, memo)
    if language.prefix:
        pages = [Page(language.prefix + page.src_uri, page.markdown, page.sources)
                 for page in pages]
    return pages


def _pages(graph: Graph, env: jinja2.Environment, memo: RenderMemo | None) -> list[Page]:
    content = graph.content
    services = content.services
    pages = [render_code(graph, code, env, memo) for code in content.codes]
    pages += [render_cause(graph, cause, env, memo) for cause in content.causes.values()]
    for service in services.values():
        listed = [code for code in content.codes if code.service == service.id]
        pages.append(Page(f"{service.id}/index.md", _render(
            env, memo, "service_index.md.j2", service=service, codes=listed),
            (service.path,)))
    pages.append(Page("codes/index.md", _render(
        env, memo, "codes_index.md.j2", codes=content.codes, services=services), ()))
    pages += [Page(f"codes/{name}.md", _render(
        env, memo, "which_service.md.j2", shown=_as_written(codes[0], name), codes=codes), ())
        for name, codes in graph.lookups.items() if len(codes) > 1]
    pages.append(Page("causes/index.md", _render(
        env, memo, "causes_index.md.j2", causes=list(content.causes.values()),
        uses=graph.uses), ()))
    return pages


class RenderMemo:
    """Markdown rendered before, by template and values, across the dev server's rebuilds.

    The key is the template's name and every value it is given, so a page is rendered
    again exactly when something it is made of changed. Each value becomes a small token:
    equal values (a cause, a code, the dict of all causes that every code page is given)
    get the same token in every build, and each distinct value is compared once per build,
    not once per page. The templates' files and the environment's globals are part of the
    key too: an edited template renders everything anew. A value that cannot be hashed is
    rendered every time.
    """

    def __init__(self) -> None:
        self._old: dict[Any, str] = {}
        self._new: dict[Any, str] = {}
        self._tokens: dict[Any, int] = {}
        self._old_tokens: dict[Any, int] = {}
        self._by_id: dict[int, int] = {}
        self._keep: list[object] = []
        self._models: dict[int, tuple[object, int]] = {}
        self._old_models: dict[int, tuple[object, int]] = {}
        self._stamp: Any = None
        self.hits = 0

    def start(self, env: jinja2.Environment) -> None:
        """Begin a build: keep only what the last build used; all anew if templates changed."""
        self._old_tokens, self._tokens = self._tokens, {}
        self._old_models, self._models = self._models, {}
        self._by_id, self._keep, self.hits = {}, [], 0
        stamp = (_template_stamp(env), self.token(
            {name: value for name, value in env.globals.items() if not callable(value)}))
        self._old = self._new if stamp == self._stamp else {}
        self._new, self._stamp = {}, stamp

    def render(self, env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
        """Return the template rendered with ``context``, from the memo when unchanged."""
        try:
            key = (name, tuple((k, self.token(v)) for k, v in context.items()))
        except TypeError:
            return env.get_template(name).render(**context)
        markdown = self._old.get(key)
        if markdown is None:
            markdown = env.get_template(name).render(**context)
        else:
            self.hits += 1
        self._new[key] = markdown
        return markdown

    def token(self, value: Any) -> Any:
        """A small stand-in for ``value``: equal values, equal tokens, across builds."""
        if isinstance(value, str | int | float | bool | type(None)):
            return value
        known = self._by_id.get(id(value))
        if known is not None:
            return known
        kept = self._old_models.get(id(value))
        if kept is not None and kept[0] is value:
            # The very model object of the last build (an unchanged file keeps its objects,
            # see FileCache.model): frozen, so its token holds without comparing contents.
            self._models[id(value)] = kept
            self._by_id[id(value)] = kept[1]
            return kept[1]
        if isinstance(value, dict):
            canonical: Any = ("dict", tuple((k, self.token(v)) for k, v in value.items()))
        elif isinstance(value, list | tuple):
            canonical = (type(value).__name__, tuple(self.token(v) for v in value))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            # Field by field: hashing a model object walks all of it (a code, its sources,
            # its causes...) on every build, and some hold a dict (a service's words).
            canonical = (type(value), tuple(
                self.token(getattr(value, f.name)) for f in dataclasses.fields(value)))
        else:
            canonical = value
        token = self._tokens.get(canonical)
        if token is None:
            token = self._old_tokens.get(canonical)
            if token is None:
                token = _fresh_token()
            self._tokens[canonical] = token
        if _frozen(value):
            self._models[id(value)] = (value, token)  # kept alive for the next build
        self._by_id[id(value)] = token
        self._keep.append(value)  # its id stays its own while the build runs
        return token


def _frozen(value: Any) -> bool:
    """Whether ``value`` is a frozen dataclass instance: the model's objects."""
    params = getattr(type(value), "__dataclass_params__", None)
    return bool(params is not None and params.frozen)


_counter = iter(range(1, 2**62))


def _fresh_token() -> int:
    """A token never handed out before in this process."""
    return next(_counter)


TEMPLATES = Path(__file__).resolve().parent / "templates"
"""Where ``environment()`` loads the templates from."""


def _template_stamp(env: jinja2.Environment) -> tuple[tuple[str, int], ...]:
    """The templates' names and modification times (Jinja reloads an edited template)."""
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(TEMPLATES.glob("*")))


def _render(env: jinja2.Environment, memo: RenderMemo | None, name: str,
            **context: Any) -> str:
    if memo is None:
        return env.get_template(name).render(**context)
    return memo.render(env, name, context)


@dataclass(frozen=True)
class Fallback:
    """What a translated code page shows in English, said in one notice at its top."""

    page: bool
    """The code's own text is English (not translated, or the translation is stale)."""
    screen: bool
    """The service's message is in English: no source gives its wording in the language."""
    sections: tuple[tuple[str, str], ...]
    """(cause id, title) of each cause section shown in English, in page order."""


def fallback(code: Code, causes: list[tuple[CauseRef, Cause]], english: frozenset[str],
             screens: frozenset[str], translated: bool) -> Fallback:
    """Say what of ``code``'s page is in English; nothing on an English page.

    ``english`` names the content files shown in English, ``screens`` the code files
    whose translation gives the message's own wording (``generator.translate``).
    """
    if not translated:
        return Fallback(page=False, screen=False, sections=())
    return Fallback(
        page=code.path in english,
        screen=bool(code.on_screen) and code.path not in screens,
        sections=tuple((cause.id, cause.title) for _, cause in causes if cause.path in english),
    )


def section_link(section: tuple[str, str]) -> str:
    """A link to a section of the same page: ``(id, title)`` -> ``[title](#id)``."""
    anchor, title = section
    return f"[{text.inline(title)}](#{anchor})"


def render_code(graph: Graph, code: Code, env: jinja2.Environment,
                memo: RenderMemo | None = None) -> Page:
    """Render one code's page: its causes, each with the service's own fixes added."""
    # Most likely first, whatever order the YAML lists them in (the sort is stable).
    ordered = sorted(code.causes, key=lambda ref: LIKELIHOOD.index(ref.likelihood))
    causes = [(ref, graph.content.causes[ref.cause]) for ref in ordered]
    likely = [(ref, cause) for ref, cause in causes if ref.likelihood != "low"]
    unlikely = [(ref, cause) for ref, cause in causes if ref.likelihood == "low"]
    service = graph.content.services[code.service]
    overlays = {cause.id: tuple(fix for cause_id, fix in service.fixes if cause_id == cause.id)
                for _, cause in causes}
    related = graph.related(code)
    # Only the causes the page names (those related codes share): a page's values are all
    # it is made of, so that the dev server renders it again only when one of them changes.
    named = {cause_id: graph.content.causes[cause_id]
             for item in related for cause_id in item.shared}
    markdown = _render(
        env, memo, "code.md.j2",
        code=code, service=service, likely=likely, unlikely=unlikely, overlays=overlays,
        path=short_path(code, causes), related=related, tags=search_tags(code),
        all_causes=named,
        fallback=fallback(code, causes, cast("frozenset[str]", env.globals["english"]),
                          cast("frozenset[str]", env.globals["screens"]),
                          translated=bool(cast(Language, env.globals["lang"]).prefix)),
    )
    files = (code.path, service.path, *(cause.path for _, cause in causes))
    return Page(f"{code.service}/{code.slug}.md", markdown, files)


def render_cause(graph: Graph, cause: Cause, env: jinja2.Environment,
                 memo: RenderMemo | None = None) -> Page:
    """Render one cause's page with back-links to every code section (all services)."""
    markdown = _render(env, memo, "cause.md.j2", cause=cause, uses=graph.uses[cause.id],
                       services=graph.content.services)
    return Page(f"causes/{cause.id}.md", markdown, (cause.path,))


def redirect_html(alias: str, code: Code, target: str,
                  env: jinja2.Environment | None = None) -> str:
    """Return the stub page served at an alias's or lookup's URL, pointing to ``target``."""
    env = env or environment()
    return env.get_template("redirect.html.j2").render(
        alias=alias, name=f"{code.code}: {code.title}", target=target)


def render_redirects(graph: Graph, env: jinja2.Environment | None = None,
                     prefix: str = "") -> dict[str, str]:
    """Return the redirect stubs by their path in the site.

    ``<service>/<alias>/index.html`` for each alias (within its service), and
    ``codes/<name>/index.html`` for each code or alias name only one service has (the
    lookup address; a name several services share gets a "which service?" page instead).
    """
    env = env or environment()
    stubs = {f"{prefix}{service}/{alias.lower()}/index.html": redirect_html(
        alias, code, f"../{code.slug}/", env) for (service, alias), code in graph.aliases.items()}
    for cause in graph.content.causes.values():
        for old in cause.former_ids:
            stubs[f"{prefix}causes/{old}/index.html"] = env.get_template("redirect.html.j2").render(
                alias=old, name=cause.title, target=f"../{cause.id}/")
    for name, codes in graph.lookups.items():
        if len(codes) == 1:
            code = codes[0]
            stubs[f"{prefix}codes/{name}/index.html"] = redirect_html(
                _as_written(code, name), code, f"../../{code.service}/{code.slug}/", env)
    return stubs


def _as_written(code: Code, name: str) -> str:
    """Return the code or alias of ``code`` spelled ``name`` ignoring case, as written."""
    return next((n for n in (code.code, *code.aliases) if n.lower() == name), name)


def search_tags(code: Code) -> list[str]:
    """Spellings a reader may type: the code and its aliases, then their other spellings."""
    names = (code.code, *code.aliases)
    variants = [v for name in names for v in (name.replace("-", " "), name.replace("-", ""))]
    return list(dict.fromkeys((*names, *variants)))


@dataclass(frozen=True)
class ShortPath:
    """What a code page asks the reader to do first, before any cause.

    When every fix of the most likely cause depends on the device (Widevine is updated
    differently in each browser), the path is that cause's first fix for each platform
    the page can recognise, as tabs: the reader's own is pre-selected, and the code's own
    first steps follow, folded (a contributor's steps are never dropped). Otherwise the
    code's own first steps, which hold on any device. A code that appears on some
    platforms only (``Code.platforms``) gets tabs for those alone: a Mac-only code offers
    no Windows steps.
    """

    tabs: tuple[tuple[str, Fix], ...]
    """(tab label, fix) per platform, in ``PLATFORMS`` order; empty for plain steps."""
    steps: tuple[str, ...]
    """The code's first steps: the path itself without tabs, folded below them with."""


def short_path(code: Code, causes: list[tuple[CauseRef, Cause]]) -> ShortPath:
    """Return the short path of a code page whose causes are ``causes``, most likely first."""
    fixes = causes[0][1].fixes if causes else ()
    if fixes and all("any" not in fix.platforms for fix in fixes):
        tabs = tuple(
            (PLATFORMS[platform], next(fix for fix in fixes if platform in fix.platforms))
            for platform in PLATFORMS
            if platform in READER_PLATFORMS and any(platform in fix.platforms for fix in fixes)
            and (not code.platforms or platform in code.platforms)
        )
        if len(tabs) >= 2:
            return ShortPath(tabs, code.first_steps)
    return ShortPath((), code.first_steps)


def summary_title(value: str) -> str:
    """Render text as the quoted title of a collapsible block (``??? type "title"``)."""
    return text.inline(value).replace('"', "&quot;")


def keep_code(title: str, code: str) -> str:
    """Keep ``code`` on one line where it appears in an (already rendered) ``title``.

    A code's hyphen is a place browsers break a line: "M7702-" and "1003" would end up on
    two lines of a heading on a phone. The code pattern admits no character that
    ``text.inline`` escapes, so it appears in the rendered title as typed.
    """
    return title.replace(code, f'<span class="kb-code">{code}</span>', 1)


def evidence_label(grade: str, language: Language = ENGLISH) -> str:
    """The short label of an evidence grade, as the page shows it: 'Confirmed', 'Likely'."""
    return language.gettext(EVIDENCE[grade]).split(":", 1)[0]


def fix_groups(fixes: list[Fix] | tuple[Fix, ...]) -> tuple[list[Fix], list[tuple[str, list[Fix]]]]:
    """Split fixes into those for any device and per-platform tabs, in order."""
    anywhere = [fix for fix in fixes if "any" in fix.platforms]
    tabs = [
        (PLATFORMS[platform], [fix for fix in fixes if platform in fix.platforms])
        for platform in PLATFORMS
        if platform != "any" and any(platform in fix.platforms for fix in fixes)
    ]
    return anywhere, tabs


def edit_path(page: Page, pages_dir: Path, repo_root: Path) -> str | None:
    """Return the page's main source relative to MkDocs' docs_dir, for the edit link."""
    if not page.sources:
        return None
    return Path(os.path.relpath(repo_root / page.sources[0], pages_dir)).as_posix()


__all__ = ["Page", "code_url", "environment", "redirect_html", "render_site"]
