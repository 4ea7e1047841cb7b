"""One real MkDocs build of the shipped content, read the way a reader's browser would."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from checker.rules import CHECKS
from generator.search import ARTICLE
from generator.validate import validate_dir
from tests.conftest import REPO
from tests.site.html_index import PageInfo, read_page, read_site

CONTENT = validate_dir(REPO / "content", CHECKS).content


@pytest.fixture(scope="module")
def pages(site_dir: Path) -> dict[Path, PageInfo]:
    return read_site(site_dir)


def target_of(page: Path, href: str, site: Path) -> tuple[Path, str] | None:
    """Resolve an internal link to (file, fragment); None for other hosts and schemes."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")) if path else page
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target.resolve(), parts.fragment


@pytest.mark.parametrize("code", [c.code for c in CONTENT.codes])
def test_every_code_has_its_page_with_every_cause_as_a_section(site_dir: Path,
                                                               code: str) -> None:
    listed = next(c for c in CONTENT.codes if c.code == code)
    page = read_page(site_dir / listed.service / listed.slug / "index.html")
    for ref in listed.causes:
        assert ref.cause in page.ids, f"{code} has no #{ref.cause} section"
    for section in ("what-to-do", "check-this-browser", "causes", "sources"):
        assert section in page.ids


def test_seed_codes_and_alias(site_dir: Path) -> None:
    assert (site_dir / "netflix" / "nses-404" / "index.html").is_file()
    assert (site_dir / "netflix" / "m7702-1003" / "index.html").is_file()
    redirect = (site_dir / "netflix" / "m7702" / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../m7702-1003/"' in redirect
    assert '<a href="../m7702-1003/">' in redirect
    lookup = (site_dir / "codes" / "m7702" / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../../netflix/m7702-1003/"' in lookup


def test_every_cause_page_links_back_to_every_code_using_it(site_dir: Path) -> None:
    for cause_id in CONTENT.causes:
        links = read_page(site_dir / "causes" / cause_id / "index.html").links
        users = [c for c in CONTENT.codes if any(r.cause == cause_id for r in c.causes)]
        assert users, cause_id
        for code in users:
            assert f"../../{code.service}/{code.slug}/#{cause_id}" in links, (cause_id, code.code)


def test_code_index_lists_every_code(site_dir: Path) -> None:
    links = read_page(site_dir / "codes" / "index.html").links
    for code in CONTENT.codes:
        assert f"../{code.service}/{code.slug}/" in links
    for service in CONTENT.services:
        assert f"../{service}/" in links
        listed = read_page(site_dir / service / "index.html").links
        assert all(f"{c.slug}/" in listed for c in CONTENT.codes if c.service == service)


def test_every_internal_link_and_anchor_resolves(site_dir: Path,
                                                 pages: dict[Path, PageInfo]) -> None:
    broken = []
    for page, info in pages.items():
        for href in info.links + [url for _, url in info.resources]:
            if urlsplit(href).scheme in ("http", "https", "mailto", "data"):
                continue
            resolved = target_of(page, href, site_dir)
            assert resolved is not None
            target, fragment = resolved
            if not target.exists():
                broken.append(f"{page.relative_to(site_dir)}: {href} (no file)")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read_page(target).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site_dir)}: {href} (no #{fragment})")
    assert not broken, "\n".join(broken)


def test_nothing_loads_from_another_host(site_dir: Path, pages: dict[Path, PageInfo]) -> None:
    outside = [(page.relative_to(site_dir), url) for page, info in pages.items()
               for _, url in info.resources if urlsplit(url).netloc]
    assert not outside
    for css in site_dir.rglob("*.css"):
        text = css.read_text("utf-8", errors="replace")
        assert not re.search(r"(@import|url\()\s*['\"]?(https?:)?//", text), css


def test_edit_link_points_at_the_yaml(site_dir: Path) -> None:
    links = read_page(site_dir / "netflix" / "m7702-1003" / "index.html").links
    assert any(link.endswith("/edit/main/content/codes/netflix/m7702-1003.yaml")
               for link in links)


def test_every_page_carries_the_same_strict_policy(site_dir: Path) -> None:
    """One policy everywhere, so scripts of a page reached by instant navigation run."""
    policies = set()
    for page in site_dir.rglob("*.html"):
        html = page.read_text("utf-8")
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert len(found) == 1, page
        assert html.index("Content-Security-Policy") < html.find("<script") or \
            "<script" not in html, page
        policies.add(found[0])
    site_policy = [p for p in policies if "script-src 'self'" in p]
    assert len(site_policy) == 1, policies
    assert "'unsafe-inline'" not in site_policy[0].split("script-src")[1].split(";")[0]
    assert (site_dir / "_headers").read_text("utf-8").count("frame-ancestors 'none'") == 1


def test_last_updated_comes_from_git_not_the_build(site_dir: Path) -> None:
    from generator.dates import file_dates, page_date

    code = next(c for c in CONTENT.codes if c.code == "M7702-1003")
    sources = [code.path, CONTENT.services[code.service].path,
               *(CONTENT.causes[ref.cause].path for ref in code.causes)]
    day = page_date(sources, file_dates(REPO))
    assert day is not None, "content is committed, so it has a date"
    html = (site_dir / "netflix" / "m7702-1003" / "index.html").read_text("utf-8")
    assert f'Last updated <time datetime="{day.isoformat()}">' in html
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    entry = sitemap.split("/netflix/m7702-1003/</loc>")[1].split("</url>")[0]
    assert f"<lastmod>{day.isoformat()}</lastmod>" in entry


def test_search_indexes_a_code_page_by_its_introduction_only(site_dir: Path) -> None:
    """A code adds its introduction to the search index, not its causes and fix steps
    (those are indexed once, on the cause pages): the rest is outside Pagefind's body."""
    html = (site_dir / "netflix" / "m7702-1003" / "index.html").read_text("utf-8")
    body = html.split("<div data-pagefind-body>", 1)[1].split("</div><h2", 1)[0]
    assert "<h1" in body and "M7702-1003" in body
    assert "data-search-exclude" not in body
    assert html.count("data-pagefind-body") == 1
    assert 'data-pagefind-filter="service:Netflix"' in html
    cause = (site_dir / "causes" / "drm-component" / "index.html").read_text("utf-8")
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in cause
    # Its list of codes is not: a search for a code finds the code's page, not every cause.
    assert cause.count('<li data-pagefind-ignore><a href="../../netflix/') >= 2
    listing = (site_dir / "codes" / "index.html").read_text("utf-8")
    assert "data-pagefind-body" not in listing, "the list of all codes is not indexed"


def test_every_excluded_section_runs_to_the_end_of_the_page(site_dir: Path) -> None:
    """Search indexes a page up to its first excluded heading, as if every later section
    were excluded: true as long as no heading without the mark follows one with it."""
    for path in site_dir.rglob("index.html"):
        html = path.read_text("utf-8")
        article = html.split(ARTICLE[:-1], 1)[-1].split("</article>")[0]
        headings = re.findall(r"<h[1-6]\b[^>]*>", article)
        marks = ["data-search-exclude" in tag for tag in headings]
        if True in marks:
            assert all(marks[marks.index(True):]), path


def test_the_search_index_is_in_the_site(site_dir: Path) -> None:
    pagefind = site_dir / "pagefind"
    assert (pagefind / "pagefind.js").is_file()
    assert list(pagefind.glob("wasm.en.pagefind"))
    assert list((pagefind / "fragment").glob("*.pf_fragment"))
    assert not (pagefind / "pagefind-ui.js").exists(), "Pagefind's own interface is not used"
    assert not (site_dir / "search" / "search_index.json").exists(), "Material's whole index"


def test_no_words_run_together_in_tab_labels(site_dir: Path) -> None:
    """pymdownx.tabbed writes a set's labels with nothing between them; search, which
    indexes the page's text, then read "ChromeEdgeFirefox" (generator/plugin.py spaced)."""
    joined = [path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html")
              if "</label><label" in path.read_text("utf-8")]
    assert not joined, joined
