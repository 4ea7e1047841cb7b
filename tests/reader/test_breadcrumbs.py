"""Breadcrumbs on code and cause pages (overrides/partials/path.html), read from the build."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.codeindex import read_index


@dataclass
class Crumb:
    text: str
    href: str | None
    current: bool


@dataclass
class _PathParser(HTMLParser):
    """Collect the items of the page's ``nav.md-path``."""

    crumbs: list[Crumb] = field(default_factory=list)
    label: str | None = None
    _depth: int = 0  # > 0 inside nav.md-path
    _item: Crumb | None = None

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "nav" and "md-path" in classes:
            self._depth = 1
            self.label = attributes.get("aria-label")
        elif self._depth and tag == "nav":
            self._depth += 1
        elif self._depth and tag == "li":
            self._item = Crumb("", None, False)
        elif self._item is not None and tag == "a":
            self._item.href = attributes.get("href")
        elif self._item is not None and "aria-current" in attributes:
            self._item.current = attributes["aria-current"] == "page"

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "nav":
            self._depth -= 1
        elif self._item is not None and tag == "li":
            self._item.text = " ".join(self._item.text.split())
            self.crumbs.append(self._item)
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item.text += data


def breadcrumbs(page: Path) -> tuple[str | None, list[Crumb]]:
    parser = _PathParser()
    parser.feed(page.read_text("utf-8"))
    return parser.label, parser.crumbs


def resolved(site_dir: Path, page: Path, href: str | None) -> str:
    """The site path a relative link on ``page`` points to ('/' for the home page)."""
    assert href is not None
    return urljoin(f"/{page.parent.relative_to(site_dir).as_posix()}/", href)


def codes(site_dir: Path) -> list[tuple[str, str]]:
    """Each code page's id (``<service>/<code lowercased>``) and code as shown."""
    table = read_index(site_dir / "assets" / "kb")
    return [(page, entry["code"]) for page, entry in table["codes"].items()]


def service_names(site_dir: Path) -> dict[str, str]:
    """Each service's name by its id, as the lookup data carries it (content/services)."""
    table = read_index(site_dir / "assets" / "kb")
    return {service: entry["name"] for service, entry in table["services"].items()}


@pytest.mark.parametrize(("lang", "words"), [("", ("Breadcrumb", "Home")),
                                              ("es/", ("Ruta de navegación", "Inicio"))])
def test_every_code_page_shows_home_its_service_and_its_code(
        site_dir: Path, lang: str, words: tuple[str, str]) -> None:
    """Home > Netflix > M7702-1003: the service, linking its list of codes, is where a
    reader of one service's code goes next; "Error codes" lists every service's."""
    label_text, home = words
    names = service_names(site_dir)
    for page_id, code in codes(site_dir):
        service = page_id.split("/")[0]
        page = site_dir / lang / page_id / "index.html"
        label, crumbs = breadcrumbs(page)
        assert label == label_text, code
        assert [c.text for c in crumbs] == [home, names[service], code], (lang, code)
        assert [resolved(site_dir, page, c.href) for c in crumbs[:2]] == [
            f"/{lang}", f"/{lang}{service}/"]
        assert (site_dir / lang / service / "index.html").is_file()
        assert crumbs[2].href is None and crumbs[2].current


@pytest.mark.parametrize("cause", ["drm-component", "vpn-proxy"])
def test_cause_pages_show_home_and_causes(site_dir: Path, cause: str) -> None:
    page = site_dir / "causes" / cause / "index.html"
    _, crumbs = breadcrumbs(page)
    assert [c.text for c in crumbs[:2]] == ["Home", "Causes"]
    assert [resolved(site_dir, page, c.href) for c in crumbs[:2]] == ["/", "/causes/"]
    assert crumbs[2].current and crumbs[2].text


@pytest.mark.parametrize("path", ["index.html", "codes/index.html", "causes/index.html",
                                  "checker/index.html", "404.html"])
def test_top_level_pages_keep_materials_behaviour(site_dir: Path, path: str) -> None:
    assert breadcrumbs(site_dir / path)[1] == []
