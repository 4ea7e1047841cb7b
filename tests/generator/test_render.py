"""Rendered Markdown, pinned by reviewed golden files, and the escaping of hostile text.

Refresh the golden files after an intended change with ``UPDATE_GOLDENS=1 pytest
tests/generator/test_render.py`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import os
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from checker.rules import CHECKS
from generator.graph import build_graph, checker_manifest, lookup_index, lookup_key
from generator.i18n import ENGLISH
from generator.model import Faq
from generator.render import (
    Fallback,
    ShortPath,
    environment,
    fallback,
    render_code,
    render_redirects,
    render_site,
    section_link,
    short_path,
)
from generator.validate import validate_dir
from tests.conftest import FIXTURE_CONTENT

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    content = validate_dir(FIXTURE_CONTENT, CHECKS).content
    return {p.src_uri: p.markdown for p in render_site(build_graph(content))}


@pytest.mark.parametrize("src_uri", ["netflix/x1000-1.md", "causes/drm-module.md",
                                     "codes/index.md", "netflix/index.md"])
def test_golden(pages: dict[str, str], src_uri: str) -> None:
    golden = GOLDEN / src_uri
    if os.environ.get("UPDATE_GOLDENS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[src_uri], "utf-8")
    assert pages[src_uri] == golden.read_text("utf-8")


def test_every_code_and_cause_has_a_page(pages: dict[str, str]) -> None:
    assert sorted(pages) == ["causes/drm-module.md", "causes/index.md",
                             "causes/slow-network.md", "codes/index.md", "netflix/index.md",
                             "netflix/x1000-1.md", "netflix/z2000.md"]


def test_causes_in_likelihood_order_with_anchors(pages: dict[str, str]) -> None:
    page = pages["netflix/x1000-1.md"]
    assert page.index("### DRM module { #drm-module") < page.index(
        "### Slow network { #slow-network")


def test_cause_page_links_back_to_every_code_section(pages: dict[str, str]) -> None:
    page = pages["causes/slow-network.md"]
    assert "(../netflix/x1000-1.md#slow-network)" in page
    assert "(../netflix/z2000.md#slow-network)" in page


def test_manifest_and_lookup() -> None:
    graph = build_graph(validate_dir(FIXTURE_CONTENT, CHECKS).content)
    manifest = checker_manifest(graph)
    assert manifest["checks"]["widevine"] == [
        {"code": "X1000-1", "service": "netflix", "cause": "drm-module",
         "url": "/netflix/x1000-1/#drm-module", "likelihood": "high"}]
    assert [link["code"] for link in manifest["checks"]["online"]] == ["X1000-1", "Z2000"]
    assert manifest["codes"]["netflix/x1000-1"]["url"] == "/netflix/x1000-1/"
    assert manifest["services"]["netflix"] == {"name": "Netflix", "url": "/netflix/"}
    index = lookup_index(graph)
    keys = index["keys"]
    assert keys[lookup_key("x1000 1")] == keys[lookup_key("Y1000-1")] == ["netflix/x1000-1"]
    assert index["codes"]["netflix/x1000-1"] == {
        "code": "X1000-1", "title": "Netflix error X1000-1", "url": "/netflix/x1000-1/"}


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "*hi*{: onclick=\"alert(1)\"}",
    "{{ config.extra }}",
    "[x]: https://evil.example/",
    "!!! danger \"Injected admonition\"",
    "=== \"Injected tab\"",
    'A question" onclick="alert(1)',
    "??? danger \"Injected block\"",
]


class _Tags(HTMLParser):
    """Collect every element and attribute, to judge markup rather than text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_inert_even_unvalidated(payload: str) -> None:
    """Escaping holds even if text slipped past the validator (defence in depth)."""
    graph = build_graph(validate_dir(FIXTURE_CONTENT, CHECKS).content)
    code = graph.content.codes[0]
    evil = dataclasses.replace(code, summary=payload, first_steps=(payload,),
                               faq=(Faq(payload, payload),), prevention=(payload,))
    body = render_code(graph, evil, environment()).markdown.split("---", 2)[2]
    html = markdown.markdown(body, extensions=["attr_list", "admonition", "tables",
                                               "pymdownx.details", "pymdownx.superfences",
                                               "pymdownx.tabbed"])
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe"), html
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").startswith(("javascript:", "https://evil")), attrs
    assert "admonition danger" not in html
    assert "<details class=\"danger\"" not in html
    assert "Injected tab</label>" not in html


def test_a_renamed_cause_keeps_its_old_address() -> None:
    graph = build_graph(validate_dir(FIXTURE_CONTENT, CHECKS).content)
    renamed = dataclasses.replace(graph.content.causes["drm-module"], former_ids=("drm-old",))
    content = dataclasses.replace(graph.content, causes={**graph.content.causes,
                                                         "drm-module": renamed})
    stubs = render_redirects(build_graph(content))
    assert 'content="0; url=../drm-module/"' in stubs["causes/drm-old/index.html"]


def test_causes_are_ordered_by_likelihood_whatever_the_yaml_order() -> None:
    graph = build_graph(validate_dir(FIXTURE_CONTENT, CHECKS).content)
    code = graph.content.codes[0]
    shuffled = dataclasses.replace(code, causes=tuple(reversed(code.causes)))
    page = render_code(graph, shuffled, environment()).markdown
    assert page.index("{ #drm-module") < page.index("{ #slow-network")


def test_the_short_path_is_a_tab_per_platform_when_every_fix_depends_on_it() -> None:
    content = validate_dir(FIXTURE_CONTENT, CHECKS).content
    code = next(c for c in content.codes if c.code == "X1000-1")
    ref, cause = code.causes[0], content.causes["drm-module"]
    # The cause has a fix for any device: the code's own first steps hold anywhere.
    assert short_path(code, [(ref, cause)]).steps == code.first_steps
    device_only = dataclasses.replace(
        cause, fixes=tuple(fix for fix in cause.fixes if "any" not in fix.platforms))
    path = short_path(code, [(ref, device_only)])
    assert [(label, fix.id) for label, fix in path.tabs] == [
        ("Chrome", "update-module"), ("Edge", "update-module")]
    # The code's own steps are not dropped: they follow the tabs, folded.
    assert path.steps == code.first_steps
    # A code seen in Chrome alone gets no Edge tab; one tab is no choice: its own steps.
    chrome_only = dataclasses.replace(code, platforms=("chrome",))
    assert short_path(chrome_only, [(ref, device_only)]) == ShortPath((), code.first_steps)
    both = dataclasses.replace(code, platforms=("chrome", "edge", "mac"))
    assert [label for label, _ in short_path(both, [(ref, device_only)]).tabs] == [
        "Chrome", "Edge"]


def test_a_router_is_not_a_tab_of_the_short_path() -> None:
    """The page cannot tell a reader's router: one recognisable platform is no choice."""
    content = validate_dir(FIXTURE_CONTENT, CHECKS).content
    code = next(c for c in content.codes if c.code == "Z2000")
    slow = content.causes["slow-network"]
    assert {p for fix in slow.fixes for p in fix.platforms} == {"router"}
    assert short_path(code, [(code.causes[0], slow)]).steps == code.first_steps


def test_a_fix_for_one_platform_is_plain_steps_not_a_tab(pages: dict[str, str]) -> None:
    page = pages["causes/slow-network.md"]
    assert "**Restart the router** (Router only)" in page
    assert '=== "Router"' not in page


def test_a_translated_page_says_once_what_it_shows_in_english() -> None:
    """One notice at the top, naming each section in English with a link to it; an
    English page has none, and a page in English as a whole says only that."""
    graph = build_graph(validate_dir(FIXTURE_CONTENT, CHECKS).content)
    code = next(c for c in graph.content.codes if c.code == "X1000-1")
    causes = [(ref, graph.content.causes[ref.cause]) for ref in code.causes]
    english = frozenset({cause.path for _, cause in causes})
    assert fallback(code, causes, english, frozenset(), translated=False) == Fallback(
        page=False, screen=False, sections=())
    mixed = fallback(code, causes, english, frozenset(), translated=True)
    assert (mixed.page, mixed.screen) == (False, True)
    assert [anchor for anchor, _ in mixed.sections] == [cause.id for _, cause in causes]
    assert section_link(mixed.sections[0]) == f"[DRM module](#{causes[0][1].id})"
    whole = fallback(code, causes, english | {code.path}, frozenset({code.path}), True)
    assert (whole.page, whole.screen) == (True, False)
    env = environment()
    env.globals.update(english=english, lang=dataclasses.replace(ENGLISH, code="es"))
    page = render_code(graph, code, env).markdown
    assert page.count("{: .kb-fallback }") == 1
    assert "(#drm-module), [Slow network](#slow-network)." in page
