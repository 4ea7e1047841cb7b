"""The MkDocs plugin: a thin adapter from MkDocs' events to the generator's pure core."""

from __future__ import annotations

import contextlib
import datetime
import json
import posixpath
import re
from collections.abc import MutableMapping
from html import escape
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from checker.i18n import N_
from generator import csp
from generator.codeindex import write_index
from generator.dates import file_dates, page_date, revision_html
from generator.devserver import ContentProblems, DevState, install, watch_natively
from generator.errors import ContentError, visible, visible_lines
from generator.graph import Graph, build_graph, checker_manifest, lookup_index
from generator.i18n import (
    DEFAULT,
    ENGLISH,
    SITE_TEXTS,
    Language,
    catalogue,
    is_language_code,
    load_languages,
    page_language,
    palette_names,
    sitemap_alternates,
    twin,
    x_default,
)
from generator.incremental import Outputs, digest, environment_key
from generator.render import (
    Page,
    RenderMemo,
    edit_path,
    environment,
    platform_words,
    render_redirects,
    render_site,
)
from generator.search import (
    BackgroundIndex,
    SearchIndexError,
    index_site,
    mark_article,
    mark_introduction,
)
from generator.text import attr
from generator.translate import translate
from generator.validate import FileCache, validate_dir

log = get_plugin_logger(__name__)

# Index pages are listed in the nav; the thousands of code pages are not (a nav of every
# page is repeated in every page and makes the build quadratic).
_IN_NAV = {"codes/index.md", "causes/index.md"}


class KBConfig(Config):
    """Options of the ``kb`` plugin in ``mkdocs.yml``."""

    content_dir = c.Dir(exists=True, default="content")
    """The folder with ``codes/``, ``causes/`` and ``schema/``, relative to mkdocs.yml."""
    checker = c.Type(bool, default=True)
    """Ship the in-page checker (Pyodide, the checker wheel, its manifest)."""


class KBPlugin(BasePlugin[KBConfig]):
    """Validate the YAML content and add its pages to the site."""

    def __init__(self) -> None:
        self.graph: Graph | None = None
        self.graphs: dict[str, Graph] = {}
        """Per language, its site model: its text, English where a translation is missing."""
        self.languages: dict[str, Language] = {}
        self.navs: dict[str, Navigation] = {}
        """Per language, the navigation its pages show (its own section of the nav)."""
        self.theme_env: Any = None
        self.render_memos: dict[str, RenderMemo] = {}
        self.environments: dict[str, tuple[Language, Any]] = {}
        """Per language, its Jinja environment, kept across the dev server's rebuilds."""
        """Per language other than English, its pages rendered before (the dev server)."""
        self.pages: dict[str, Page] = {}
        self.redirects: dict[str, str] = {}
        self.dates: dict[str, datetime.date] = {}
        self.script_hashes: set[str] = set()
        self.services: dict[str, str] = {}
        """Per code, its service's name: the search filter of the code's page."""
        self.indexed_whole: dict[str, bool] = {}
        """Per page (src_uri) in the search index, whether it is indexed whole."""
        self.serving = False
        self.dirty = False
        """A dirty rebuild (``make serve``): only what changed is written again."""
        self.outputs = Outputs()
        self.rebuilt = True
        """Whether the build wrote any page again (else the search index stays as it is)."""
        self.same_listing = False
        """The dirty rebuild lists the same pages as the last (its 404s and sitemap stay)."""
        self.background_index: BackgroundIndex | None = None
        self.file_cache: FileCache | None = None
        """Each content file's own checks, kept across the dev server's rebuilds."""
        self.render_memo: RenderMemo | None = None
        """Pages rendered before, kept across the dev server's rebuilds."""
        self.dev = DevState()
        """What the dev server shows over every page while the content has problems."""
        self.site_texts: dict[str, str] = {}
        """mkdocs.yml's reader-facing settings in English (``SITE_TEXTS``), as written."""
        self.palette_names: list[str] = []
        """The colour-scheme toggles' labels in English, as written (theme.palette)."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"],
                   dirty: bool) -> None:
        """Note whether we serve; defining this keeps one instance across rebuilds."""
        # `mkdocs serve` injects an inline live-reload script that a hash-based policy
        # would block; the policy is for the hosted site.
        self.serving = command == "serve"
        self.dirty = dirty
        if self.serving:
            # Rebuilds after an edit redo only what the edit touched (make serve: seconds).
            self.file_cache = self.file_cache or FileCache()
            self.render_memo = self.render_memo or RenderMemo()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate all content; stop the build with every problem at once."""
        from checker.rules import CHECKS

        content_dir = Path(self.config.content_dir)
        _refuse_site_dir_on_sources(config, content_dir)
        self.site_texts = {key: value for key in SITE_TEXTS
                           if isinstance(value := getattr(config, key), str) and value}
        self.palette_names = palette_names(config.theme.get("palette"))
        try:
            validation = validate_dir(content_dir, CHECKS, root=_repo_root(config),
                                      pages_dir=Path(config.docs_dir), cache=self.file_cache)
            self.languages = load_languages(content_dir, _repo_root(config))
            translations = translate(validation.content, content_dir, self.languages,
                                     _repo_root(config))
        except ContentError as err:
            if not self.serving:
                raise PluginError(err.report()) from None
            # Serving: the browser shows the problems (generator/devserver.py) over the
            # last good site, which a rebuild stopped here leaves as it is.
            log.error(err.report())
            self.dev.problems = list(err.problems)
            if self.graph is not None:
                raise ContentProblems from None
            return config  # the very first build: the hand-written pages only, for now
        self.dev.problems = []
        for warning in (*validation.warnings, *translations.warnings):
            # A note, not a failure (--strict turns warnings into errors). It quotes the
            # content (a file name, a hash as typed): escaped, as the CLI prints it.
            log.info(visible(warning))
        self.graph = build_graph(validation.content)
        self.pages, self.redirects, self.graphs = {}, {}, {}
        for code, language in self.languages.items():
            graph = (self.graph if code == DEFAULT
                     else build_graph(translations.content[code]))
            self.graphs[code] = graph
            env = self._environment(code, language)
            env.globals["screens"] = translations.screens[code]
            # One memo per language: a memo renders anew whenever its environment changes.
            memo = self.render_memo if code == DEFAULT or self.render_memo is None else \
                self.render_memos.setdefault(code, RenderMemo())
            for page in render_site(graph, env, memo, language, translations.english[code]):
                self.pages[page.src_uri] = page
            self.redirects |= render_redirects(graph, env, language.prefix)
        _add_language_navs(config, self.languages)
        self.dates = file_dates(_repo_root(config))
        self.services = {s.id: s.name for s in self.graph.content.services.values()}
        self.indexed_whole = {}
        self.script_hashes = set()
        # One storage scope for every page keeps Material's inline scripts identical, so one
        # set of CSP hashes holds across instant navigation (see generator/csp.py).
        config.extra.setdefault("scope", _base_path(config))
        return config

    def _environment(self, code: str, language: Language) -> Any:
        """The language's Jinja environment; while serving, the one the last build used.

        A new environment compiles every template again (a fifth of a rebuild's time); a
        kept one recompiles only a template whose file changed (Jinja checks its time).
        """
        kept = self.environments.get(code)
        if kept is not None and kept[0] == language:
            return kept[1]
        env = environment(language)
        if self.serving:
            self.environments[code] = (language, env)
        return env

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add the generated pages and the alias redirects, all in memory."""
        pages_dir, root = Path(config.docs_dir), _repo_root(config)
        # Hand-written pages of a language the content has no catalogue for (content/i18n/)
        # are left out: their links lead to generated pages that do not exist.
        for file in list(files):
            first = file.src_uri.split("/", 1)[0]
            if "/" in file.src_uri and is_language_code(first) and first not in self.languages:
                files.remove(file)
        in_nav = {lang.prefix + uri for lang in self.languages.values() for uri in _IN_NAV}
        for page in self.pages.values():
            inclusion = (InclusionLevel.UNDEFINED if page.src_uri in in_nav
                         else InclusionLevel.NOT_IN_NAV)
            file = File.generated(config, page.src_uri, content=page.markdown,
                                  inclusion=inclusion)
            file.edit_uri = edit_path(page, pages_dir, root)
            files.append(file)
        for src_uri, html in self.redirects.items():
            files.append(File.generated(config, src_uri, content=html))
        if self.dirty:
            self._plan_rebuild(files, config)
        return files

    def _plan_rebuild(self, files: Files, config: MkDocsConfig) -> None:
        """Tell MkDocs' dirty rebuild which files changed (see generator/incremental.py)."""
        wanted = {page.src_uri: digest(page.markdown, str(page_date(page.sources, self.dates)))
                  for page in self.pages.values()}
        wanted |= {src_uri: digest(html) for src_uri, html in self.redirects.items()}
        custom_dir = config.theme.custom_dir
        environment = environment_key(
            [Path(config.docs_dir), Path(self.config.content_dir) / "i18n",
             *([Path(custom_dir)] if custom_dir else [])],
            contents=[Path(config.config_file_path)])
        modified, everything = self.outputs.plan(wanted, environment)
        listing = digest(*sorted(wanted), *(f"{path} {day}" for path, day in
                                            sorted(self.dates.items())))
        # The same pages, dates and environment: the 404 pages (the navigation they show)
        # and the sitemap are what the last build wrote; rendering them is a tenth of a
        # rebuild at 1,000 codes.
        self.same_listing = self.outputs.same_listing(listing)
        if self.same_listing:
            config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
        for file in files:
            if file.src_uri in wanted:
                file.is_modified = _answer(file.src_uri in modified)  # type: ignore[method-assign]
            elif everything:
                file.is_modified = _answer(True)  # type: ignore[method-assign]
        self.rebuilt = everything or bool(modified)
        log.info("Rebuilding " + ("everything" if everything else
                                  f"{len(modified)} of {len(wanted)} generated files"))

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Give each language its own navigation: its section's pages, linked in order."""
        self.navs = _language_navs(nav, self.languages)
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Keep the theme's environment, to render the 404 page of every language."""
        self.theme_env = env
        env.globals["kb_platforms"] = platform_words
        env.globals["_"] = ENGLISH.gettext  # pages set their own language's
        return env

    def on_page_context(self, context: TemplateContext, /, *, page: MkDocsPage,
                        config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """Show the page's language: its navigation, words, and links to its twins."""
        lang = page_language(page.file.src_uri, self.languages)
        context["nav"] = self.navs.get(lang, nav)
        self._set_language(context, config, lang, page.file.src_uri)
        return context

    def on_template_context(self, context: TemplateContext, /, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        """The theme's 404 page, in English (its other languages are written after)."""
        if template_name == "404.html" and "kb_lang" not in context:
            context["nav"] = self.navs.get(DEFAULT, context.get("nav"))
            self._set_language(context, config, DEFAULT, "404.md")
        return context

    def _set_language(self, context: TemplateContext, config: MkDocsConfig, lang: str,
                      src_uri: str) -> None:
        """Put the page's language and its twins in every language into the context.

        Material's language selector and <link rel="alternate" hreflang> read
        ``config.extra.alternate``; pages are rendered one at a time, so it is set here
        for the page being rendered.
        """
        language = self.languages.get(lang, ENGLISH)  # none yet: a first build with problems
        extra: dict[str, Any] = context  # type: ignore[assignment]  # our own keys
        extra["kb_lang"] = language
        extra["_"] = language.gettext
        site = (config.site_url or "/").rstrip("/") + "/"
        alternates = []
        for other in self.languages.values():
            path = twin(src_uri, language, other)
            alternates.append({"name": other.name, "lang": other.code, "path": path,
                               "link": site + path})
        config.extra["alternate"] = alternates
        # Material links the languages' twins in <head>; x-default is ours (main.html).
        extra["kb_x_default"] = x_default(src_uri, language, self.languages, site)
        # The site's name, description and footer are settings the theme reads from config.
        for key, english in self.site_texts.items():
            config[key] = language.gettext(english)
        toggles = [option["toggle"] for option in _palette(config)
                   if isinstance(option.get("toggle"), dict)]
        for toggle, english in zip(toggles, self.palette_names, strict=False):
            toggle["name"] = language.gettext(english)

    def on_page_markdown(self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig,
                         files: Files) -> str:
        """Escape what the theme prints from the front matter; date generated pages by the
        git history of the YAML they are made from."""
        escape_meta(page.meta)
        if page.edit_url:
            page.edit_url = _normalise_url(page.edit_url)  # edit_uri + "../codes/x.yaml"
        generated = self.pages.get(page.file.src_uri)
        day = page_date(generated.sources, self.dates) if generated else None
        if day is not None:
            lang = page_language(page.file.src_uri, self.languages)
            page.meta["revision_date"] = revision_html(day, self.languages.get(lang, ENGLISH))
            page.update_date = day.isoformat()  # the sitemap's <lastmod>
        return markdown

    def on_page_content(self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig,
                        files: Files) -> str:
        """Keep words apart where the page's HTML runs them together (see ``spaced``) and
        mark what search indexes: a code page's introduction, other pages whole.

        The generated lists of all codes and causes are not indexed (their entries are).
        """
        html = spaced(html)
        src_uri = page.file.src_uri
        html = permalinks_in(html, self.languages.get(page_language(src_uri, self.languages),
                                                      ENGLISH))
        if src_uri in self.pages and src_uri.endswith("index.md"):
            return html
        html, introduction_only = mark_introduction(html)
        self.indexed_whole[src_uri] = not introduction_only
        return html

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """Add the search attributes, then a Content-Security-Policy with the script hashes."""
        whole = self.indexed_whole.get(page.file.src_uri)
        if whole is not None:
            service = page.meta.get("kb_service")
            filters = {"service": self.services[service]} if service in self.services else {}
            output = mark_article(output, whole=whole, filters=filters)
        return self._with_csp(output)

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        """Give the theme's 404 page the same policy as the content pages, and the sitemap
        each page's twins in the other languages (MkDocs writes sitemap.xml and its .gz
        from what this returns)."""
        if template_name == "sitemap.xml":
            return sitemap_alternates(output_content, config.site_url or "/", self.languages)
        return self._with_csp(output_content) if template_name.endswith(".html") else \
            output_content

    def _with_csp(self, html: str) -> str:
        if self.serving or "<meta charset" not in html:
            return html  # the dev server's live reload, sitemap.xml and other non-pages
        html, hashes = csp.add_meta(html)
        self.script_hashes |= hashes
        return html

    def _write_404s(self, config: MkDocsConfig, site_dir: Path) -> None:
        """Write each other language's page-not-found page (``es/404.html``)."""
        if self.theme_env is None:
            return
        for code, language in self.languages.items():
            if language.prefix:
                target = site_dir / language.prefix / "404.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(_render_404(self, config, code), "utf-8")

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        """Rebuild when content or the checker changes, not only docs_dir."""
        server.watch(self.config.content_dir)
        server.watch(str(_repo_root(config) / "checker"))
        install(server, self.dev)  # never stall; show content problems in the browser
        watch_natively(server)  # a save starts the rebuild at once, not at the next poll
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the code lookup table and the checker's files; index the site for search."""
        if self.graph is None:
            return  # serving, and the content has had problems from the start
        site_dir, base = Path(config.site_dir), _base_path(config)
        if not self.same_listing:  # set by dirty rebuilds only
            self._write_404s(config, site_dir)
        kb_dir = site_dir / "assets" / "kb"
        kb_dir.mkdir(parents=True, exist_ok=True)
        # A small root and shards by key prefix: a lookup fetches what its query needs.
        # Each other language has its own (its titles), under assets/kb/i18n/<lang>/.
        write_index(kb_dir, lookup_index(self.graph, base), base)
        for code, graph in self.graphs.items():
            if code != DEFAULT:
                write_index(kb_dir / "i18n" / code, lookup_index(graph, base), base)
        # Each language's words for the scripts (site.mjs, the checker), English excepted.
        i18n_dir = kb_dir / "i18n"
        i18n_dir.mkdir(exist_ok=True)
        for code, language in self.languages.items():
            if language.prefix:
                (i18n_dir / f"{code}.json").write_text(
                    json.dumps(catalogue(language), ensure_ascii=False), "utf-8")
        (site_dir / "_headers").write_text(csp.headers_file(self.script_hashes), "utf-8")
        if self.config.checker:
            from generator.assets import write_checker_assets

            # Each language's manifest links its own pages, under their titles in it.
            translated = {code: checker_manifest(graph, base + self.languages[code].prefix)
                          for code, graph in self.graphs.items() if code != DEFAULT}
            write_checker_assets(site_dir, checker_manifest(self.graph, base), translated,
                                 repo_root=_repo_root(config))
        if self.dirty:
            self._remove_gone(config)
            self.outputs.done()
        if self.serving:
            # Search may lag a rebuild by a second or two; the page the contributor looks at
            # does not wait for it.
            if self.rebuilt:
                self.background_index = self.background_index or BackgroundIndex(site_dir)
                self.background_index.request()
            return
        try:
            index_site(site_dir)
        except SearchIndexError as err:
            raise PluginError(visible_lines(str(err))) from None  # MkDocs logs it

    def _remove_gone(self, config: MkDocsConfig) -> None:
        """Delete what the last build wrote for files that are generated no more."""
        for src_uri in self.outputs.gone():
            gone = File(src_uri, None, config.site_dir, config.use_directory_urls)
            path = Path(gone.abs_dest_path)
            path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # not empty: it holds other pages too
                path.parent.rmdir()  # codes/<alias>/ when it held only the page


_ADJACENT_LABELS = re.compile(r"</label><label\b")


def spaced(html: str) -> str:
    """Put a space between adjacent tab labels.

    pymdownx.tabbed writes a set's labels with nothing between them. A browser lays them
    out as tabs, but search indexes the page's text, and its results read
    "ChromeEdgeFirefoxSafariOpera". A space between two flex items changes nothing on
    screen.
    """
    return _ADJACENT_LABELS.sub("</label> <label", html)


PERMALINK = N_("Permanent link")
"""The title Python-Markdown's toc extension gives each heading's ¶ link (its default)."""


def permalinks_in(html: str, language: Language) -> str:
    """Title each heading's ¶ link in the page's language (toc writes one title, English,
    for the whole site)."""
    if not language.prefix:
        return html
    title = attr(language.gettext(PERMALINK))
    return html.replace(f'title="{PERMALINK}"', f'title="{title}"')


def _palette(config: MkDocsConfig) -> list[dict[str, Any]]:
    """Material's palette options (one mapping or a list in mkdocs.yml), as a list."""
    palette = config.theme.get("palette")
    options = palette if isinstance(palette, list) else [palette]
    return [option for option in options if isinstance(option, dict)]


def _answer(value: bool) -> Any:
    """A ``File.is_modified`` that answers ``value``."""
    return lambda: value


THEME_PRINTS = ("title", "description")
"""Front-matter fields the theme prints into the page as they are (``<title>``, the
header, ``<meta name="description" content="...">``): MkDocs takes them for HTML."""


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """HTML-escape, in place, the front-matter text the theme prints unescaped.

    A title holding ``<!--`` would otherwise open a comment in the page's header and hide
    the rest of the page; a description holding ``"`` would end its attribute. MkDocs'
    own titles (from a page's first heading) are HTML already, so escaped titles are what
    the theme expects. Escaped once, here, for every page: generated and hand-written.
    """
    for field in THEME_PRINTS:
        value = meta.get(field)
        if isinstance(value, str):
            meta[field] = escape(" ".join(value.split()), quote=True)


def _refuse_site_dir_on_sources(config: MkDocsConfig, content_dir: Path) -> None:
    """Stop a plain ``mkdocs build -d content/codes`` before MkDocs empties that folder.

    ``generator build`` refuses such a --site-dir itself; MkDocs' own build cleans its
    site_dir right after on_config and only refuses one that holds or lies in docs_dir.
    """
    from generator.build import refuse_sources
    from generator.errors import UsageError

    if not config.config_file_path:
        return  # a configuration built in code: no repository to protect
    folders = {Path(config.docs_dir).resolve(): "MkDocs' docs_dir",
               content_dir.resolve(): "the content folder", _repo_root(config): "the repository"}
    try:
        refuse_sources(Path(config.site_dir).resolve(), folders)
    except UsageError as err:
        raise PluginError(visible(str(err))) from None  # MkDocs logs it


def _repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _normalise_url(url: str) -> str:
    """Resolve '..' in a URL's path (MkDocs joins edit_uri and a file's path as text)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=posixpath.normpath(parts.path)))


def _base_path(config: MkDocsConfig) -> str:
    """The URL path the site is served under ('/' unless site_url has a path)."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def _render_404(plugin: KBPlugin, config: MkDocsConfig, lang: str) -> str:
    """Render the theme's 404 page in one language, as MkDocs renders the English one."""
    from mkdocs.commands.build import get_context

    template = plugin.theme_env.get_template("404.html")
    nav = plugin.navs[lang]
    # As MkDocs does for its 404 page: an absolute base, since it is served at any depth.
    context = get_context(nav, Files([]), config, base_url=urlsplit(config.site_url or "/").path)
    context["nav"] = nav
    plugin._set_language(context, config, lang, f"{plugin.languages[lang].prefix}404.md")
    return plugin._with_csp(template.render(context))


def _add_language_navs(config: MkDocsConfig, languages: dict[str, Language]) -> None:
    """Add a nav section per language other than English, mirroring the English nav.

    Each entry's title goes through the language's catalogue and its page gets the
    language's prefix, so a language needs no nav of its own in mkdocs.yml.
    """
    base = [entry for entry in (config.nav or []) if not (
        isinstance(entry, dict) and any(str(k).startswith("kb-lang:") for k in entry))]
    for code, language in languages.items():
        if not language.prefix:
            continue
        mirrored = []
        for entry in base:
            for title, path in entry.items():
                if isinstance(path, str):
                    mirrored.append({language.gettext(title): language.prefix + path})
        base.append({f"kb-lang:{code}": mirrored})
    config.nav = base


def _language_navs(nav: Navigation, languages: dict[str, Language]) -> dict[str, Navigation]:
    """Split the whole site's nav into one per language, each with its own page order."""
    sections = {str(item.title).removeprefix("kb-lang:"): item for item in nav.items
                if isinstance(item, Section) and str(item.title).startswith("kb-lang:")}
    english = [item for item in nav.items if item not in sections.values()]
    navs = {}
    for code in languages:
        items = sections[code].children if code in sections else english
        pages = [item for item in items if isinstance(item, MkDocsPage)]
        for item in items:
            item.parent = None  # a language's pages are its top level
        for before, after in zip([None, *pages], [*pages, None], strict=False):
            if before is not None:
                before.next_page = after
            if after is not None:
                after.previous_page = before
        own = Navigation(items, pages)
        own.homepage = pages[0] if pages else None
        navs[code] = own
    return navs
