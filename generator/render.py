"""Render the site model to Markdown pages with Jinja2 templates.

Contributor text is never treated as a template: it reaches the templates only as values
and passes through the ``inline``/``cell``/``attr`` filters, which escape it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator import text
from generator.graph import Graph, code_url
from generator.model import LIKELIHOOD, Cause, CauseRef, Code, Fix

PLATFORMS = {
    "any": "Any device", "windows": "Windows", "mac": "Mac", "linux": "Linux",
    "chromeos": "ChromeOS", "chrome": "Chrome", "edge": "Edge", "firefox": "Firefox",
    "safari": "Safari", "opera": "Opera", "android": "Android", "ios": "iPhone and iPad",
    "smart-tv": "Smart TV", "streaming-device": "Streaming stick or box",
    "game-console": "Game console", "router": "Router",
}
"""Tab label per platform id; tab order follows this order. Labels are shared by every
page so that Material's linked tabs switch together."""

WHERE = {"browser": "your web browser", "device": "your device", "network": "your network "
         "or internet connection", "account": "your Netflix account", "service": "Netflix's "
         "side, not yours", "page": "the link or page you opened"}

EVIDENCE = {
    "primary": "Confirmed: the service's own words",
    "secondary": "Likely: reported by third parties, not confirmed by the service",
    "unverified": "Unverified: no reliable source explains this code yet",
}

SERVICES = {"netflix": "Netflix"}

LIKELY = {"high": "Most likely", "medium": "Possible", "low": "Less likely"}
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


def environment() -> jinja2.Environment:
    """Return the Jinja environment: strict, no autoescape (output is Markdown), filters."""
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
                       keep_code=keep_code, evidence_label=evidence_label)
    env.globals.update(WHERE=WHERE, EVIDENCE=EVIDENCE, SERVICES=SERVICES, LIKELY=LIKELY,
                       fix_groups=fix_groups)
    return env


def render_site(graph: Graph, env: jinja2.Environment | None = None) -> list[Page]:
    """Render every generated page: codes, causes, and their two index pages."""
    env = env or environment()
    content = graph.content
    pages = [render_code(graph, code, env) for code in content.codes]
    pages += [render_cause(graph, cause, env) for cause in content.causes.values()]
    pages.append(Page("codes/index.md", env.get_template("codes_index.md.j2").render(
        codes=content.codes, services=SERVICES), ()))
    pages.append(Page("causes/index.md", env.get_template("causes_index.md.j2").render(
        causes=content.causes.values(), uses=graph.uses), ()))
    return pages


def render_code(graph: Graph, code: Code, env: jinja2.Environment) -> Page:
    """Render one code's page."""
    # Most likely first, whatever order the YAML lists them in (the sort is stable).
    ordered = sorted(code.causes, key=lambda ref: LIKELIHOOD.index(ref.likelihood))
    causes = [(ref, graph.content.causes[ref.cause]) for ref in ordered]
    likely = [(ref, cause) for ref, cause in causes if ref.likelihood != "low"]
    unlikely = [(ref, cause) for ref, cause in causes if ref.likelihood == "low"]
    markdown = env.get_template("code.md.j2").render(
        code=code, likely=likely, unlikely=unlikely, path=short_path(code, causes),
        related=graph.related(code), tags=search_tags(code), all_causes=graph.content.causes,
    )
    files = (code.path, *(cause.path for _, cause in causes))
    return Page(f"codes/{code.slug}.md", markdown, files)


def render_cause(graph: Graph, cause: Cause, env: jinja2.Environment) -> Page:
    """Render one cause's page with back-links to every code section that uses it."""
    markdown = env.get_template("cause.md.j2").render(
        cause=cause, uses=graph.uses[cause.id])
    return Page(f"causes/{cause.id}.md", markdown, (cause.path,))


def redirect_html(alias: str, code: Code, env: jinja2.Environment | None = None) -> str:
    """Return the stub page served at an alias's URL, pointing to its code's page."""
    env = env or environment()
    return env.get_template("redirect.html.j2").render(alias=alias, code=code,
                                                      target=f"../{code.slug}/")


def render_redirects(graph: Graph, env: jinja2.Environment | None = None) -> dict[str, str]:
    """Return the alias stub pages by their path in the site (``codes/<alias>/index.html``)."""
    env = env or environment()
    return {f"codes/{alias.lower()}/index.html": redirect_html(alias, code, env)
            for alias, code in graph.aliases.items()}


def search_tags(code: Code) -> list[str]:
    """Spellings a reader may type; Material's search ranks a tag match first.

    The code and its aliases come first, then the other spellings of each: a search
    result shows the first two tags only (site.css), which should be names a reader saw.
    """
    names = (code.code, *code.aliases)
    variants = [v for name in names for v in (name.replace("-", " "), name.replace("-", ""))]
    return list(dict.fromkeys((*names, *variants)))


@dataclass(frozen=True)
class ShortPath:
    """What a code page asks the reader to do first, before any cause.

    When every fix of the most likely cause depends on the device (Widevine is updated
    differently in each browser), the path is that cause's first fix for each platform
    the page can recognise, as tabs: the reader's own is pre-selected. Otherwise the
    code's own first steps, which hold on any device.
    """

    tabs: tuple[tuple[str, Fix], ...]
    """(tab label, fix) per platform, in ``PLATFORMS`` order; empty for plain steps."""
    steps: tuple[str, ...]
    """The code's first steps, when there are no tabs."""


def short_path(code: Code, causes: list[tuple[CauseRef, Cause]]) -> ShortPath:
    """Return the short path of a code page whose causes are ``causes``, most likely first."""
    fixes = causes[0][1].fixes if causes else ()
    if fixes and all("any" not in fix.platforms for fix in fixes):
        tabs = tuple(
            (PLATFORMS[platform], next(fix for fix in fixes if platform in fix.platforms))
            for platform in PLATFORMS
            if platform in READER_PLATFORMS and any(platform in fix.platforms for fix in fixes)
        )
        if len(tabs) >= 2:
            return ShortPath(tabs, ())
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


def evidence_label(grade: str) -> str:
    """The short label of an evidence grade, as the page shows it: 'Confirmed', 'Likely'."""
    return EVIDENCE[grade].split(":", 1)[0]


def fix_groups(cause: Cause) -> tuple[list[Fix], list[tuple[str, list[Fix]]]]:
    """Split a cause's fixes into those for any device and per-platform tabs, in order."""
    anywhere = [fix for fix in cause.fixes if "any" in fix.platforms]
    tabs = [
        (PLATFORMS[platform], [fix for fix in cause.fixes if platform in fix.platforms])
        for platform in PLATFORMS
        if platform != "any" and any(platform in fix.platforms for fix in cause.fixes)
    ]
    return anywhere, tabs


def edit_path(page: Page, pages_dir: Path, repo_root: Path) -> str | None:
    """Return the page's main source relative to MkDocs' docs_dir, for the edit link."""
    if not page.sources:
        return None
    return Path(os.path.relpath(repo_root / page.sources[0], pages_dir)).as_posix()


__all__ = ["Page", "code_url", "environment", "redirect_html", "render_site"]
