"""Static search: what part of each page is indexed, and the Pagefind index of the site.

Pagefind reads the built HTML and writes ``pagefind/`` beside it: an index split into small
files, so that a search fetches the few fragments its words and results need, never the
whole index (Material's lunr search downloaded all of it: 11.8 MB at 5,000 codes).

What is indexed is marked in the HTML with Pagefind's attributes:

- a page whose content has a heading marked ``data-search-exclude`` (a code page: its
  causes, fixes and questions are indexed once, on the cause pages) is indexed up to the
  first such heading: that introduction is wrapped in ``<div data-pagefind-body>``;
- other content pages are indexed whole (``data-pagefind-body`` on the article);
- pages left unmarked are not indexed: the generated lists of every code and cause, whose
  entries each have their own page, alias redirects and the 404 page;
- a code page carries its service as a Pagefind filter, which the search box offers.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import subprocess
import threading
from pathlib import Path

from generator.errors import visible_lines

log = logging.getLogger("mkdocs.plugins.generator.search")

ARTICLE = '<article class="md-content__inner md-typeset">'
"""Material's content element (base.html), where the page's attributes go."""

_EXCLUDED = re.compile(r"<h[1-6]\b[^>]*\sdata-search-exclude\b")

EXCLUDE_SELECTORS = (".headerlink", ".md-source-file")
"""Never indexed: the pilcrow of heading permalinks (it would end every result title) and
the "Last updated" line."""

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
"""Pagefind's own search interfaces: the site has its own (overrides/assets/kb/search.mjs)."""


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def mark_introduction(content: str) -> tuple[str, bool]:
    """Wrap what comes before the first excluded section of ``content`` as the indexed part.

    ``content`` is a page's rendered Markdown. Returns the content and whether it had an
    excluded section (so that the rest of the page stays out of the index); a page without
    one is returned unchanged, to be indexed whole.
    """
    found = _EXCLUDED.search(content)
    if found is None:
        return content, False
    start = found.start()
    return f"<div data-pagefind-body>{content[:start]}</div>{content[start:]}", True


def mark_article(page: str, *, whole: bool, filters: dict[str, str]) -> str:
    """Give the page's article its Pagefind attributes: body (if indexed whole) and filters.

    Filters set outside the indexed part still apply to the page (Pagefind reads them
    anywhere). Values are escaped for an attribute.
    """
    attributes = " data-pagefind-body" if whole else ""
    for name, value in filters.items():
        attributes += f' data-pagefind-filter="{html.escape(f"{name}:{value}")}"'
    if not attributes:
        return page
    return page.replace(ARTICLE, ARTICLE[:-1] + attributes + ">", 1)


def index_site(site_dir: Path) -> None:
    """Run Pagefind over ``site_dir``, writing ``site_dir/pagefind/``.

    The index is written beside it first and swapped in, so that a search running
    meanwhile (on the dev server) finds the old index or the new one, never half of one.
    """
    import pagefind_bin

    target, staging, old = (site_dir / "pagefind", site_dir / ".pagefind-new",
                            site_dir / ".pagefind-old")
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [str(pagefind_bin.get_executable()), "--site", str(site_dir),
               "--output-path", str(staging), "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): "
                               f"{(result.stderr or result.stdout).strip()[-2000:]}")
    for name in UNUSED:
        (staging / name).unlink(missing_ok=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class BackgroundIndex:
    """Index the site after each dev-server rebuild without making the rebuild wait.

    One thread; a request while it runs makes it run once more when done (the pages it
    read may have changed under it), however many requests came meanwhile.
    """

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._state = threading.Condition()
        self._pending = False
        self._running = False
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Ask for the index to be brought up to date with the site."""
        with self._state:
            self._pending = True
            self._state.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the index is up to date with the last request; False on time-out."""
        with self._state:
            return self._state.wait_for(lambda: not (self._pending or self._running),
                                        timeout)

    def _run(self) -> None:
        while True:
            with self._state:
                self._state.wait_for(lambda: self._pending)
                self._pending, self._running = False, True
            try:
                index_site(self.site_dir)
            except (SearchIndexError, OSError) as err:
                # Pagefind's output names the site's files: escaped for the terminal.
                log.warning("Search index not updated: %s", visible_lines(str(err)))
            finally:
                with self._state:
                    self._running = False
                    self._state.notify_all()
