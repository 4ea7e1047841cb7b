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
import re
import shutil
import subprocess
from pathlib import Path

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
    """Run Pagefind over ``site_dir``, writing ``site_dir/pagefind/``."""
    import pagefind_bin

    command = [str(pagefind_bin.get_executable()), "--site", str(site_dir), "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): "
                               f"{(result.stderr or result.stdout).strip()[-2000:]}")
    for name in UNUSED:
        (site_dir / "pagefind" / name).unlink(missing_ok=True)
