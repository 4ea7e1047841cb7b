"""Read a built site: every page's ids, links and resources, with the standard library."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class PageInfo:
    """What one HTML file defines and refers to."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    """``href`` of ``<a>`` elements."""
    resources: list[tuple[str, str]] = field(default_factory=list)
    """(tag, url) of everything the browser loads by itself: scripts, styles, images, ..."""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.info = PageInfo()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.info.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.info.links.append(a["href"])
        elif tag == "link" and a.get("rel", "") in ("stylesheet", "preload", "modulepreload",
                                                    "icon", "manifest"):
            self.info.resources.append((tag, a.get("href", "")))
        elif tag in ("script", "img", "iframe", "source", "video", "audio") and a.get("src"):
            self.info.resources.append((tag, a["src"]))


def read_page(path: Path) -> PageInfo:
    """Parse one HTML file."""
    collector = _Collector()
    collector.feed(path.read_text("utf-8"))
    return collector.info


def read_site(site: Path) -> dict[Path, PageInfo]:
    """Parse every HTML file of a built site."""
    return {path: read_page(path) for path in sorted(site.rglob("*.html"))}
