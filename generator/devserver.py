"""The dev server (`make serve`) never stalls: content problems are shown in the browser.

MkDocs' live-reload server keeps every request waiting after a failed rebuild ("the server
will appear stuck until build errors are resolved") and tells only the terminal why. Here,
while serving:

- a rebuild that finds content problems stops at once and leaves the last good site in
  place; the server answers as usual, and every page it serves carries an overlay with
  the problems (``file:line:col``, expected, found, the fix) and a link to the last good
  version of the page;
- any other failure of a rebuild is shown the same way, with its first line;
- a rebuild always ends as a finished one for MkDocs, so waiting requests are answered and
  open pages reload: into the overlay when something is wrong, into the fixed page once
  the fix is saved.

The overlay is added to each HTML response by the server (never written into the site),
so nothing of it can reach a real build. It relies on two attributes of MkDocs 1.6's
``LiveReloadServer`` (``builder`` and ``_inject_js_into_html``); MkDocs is pinned.
"""

from __future__ import annotations

import gc
import html
import logging
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)
from watchdog.observers import Observer

from generator.errors import Problem, visible, visible_lines

log = logging.getLogger("mkdocs.plugins.generator.devserver")

LAST_GOOD = "kb-last-good"
"""The query parameter that hides the overlay to show the last good page under it."""


class ContentProblems(Exception):
    """Raised by the plugin to stop a rebuild whose content has problems (serving only)."""


@dataclass
class DevState:
    """What is wrong with the site being served, if anything."""

    problems: list[Problem] = field(default_factory=list)
    """Content problems the last rebuild found; the site served is the last good one."""
    error: str = ""
    """The first line of an unexpected rebuild failure (the terminal has the traceback)."""

    @property
    def clean(self) -> bool:
        return not self.problems and not self.error


def safe_builder(build: Callable[..., None], state: DevState) -> Callable[..., None]:
    """Wrap MkDocs' rebuild so that it never fails: failures go to ``state`` instead."""

    def rebuild(*args: Any, **kwargs: Any) -> None:
        state.error = ""
        try:
            with _no_cycle_collection():
                build(*args, **kwargs)
        except ContentProblems:
            log.error("%d content problem%s; every page shows %s until fixed (see above).",
                      len(state.problems), "" if len(state.problems) == 1 else "s",
                      "it" if len(state.problems) == 1 else "them")
        except (Exception, SystemExit) as err:  # MkDocs' Abort is a SystemExit
            # What failed may quote the content: the terminal gets it escaped.
            print(visible_lines(traceback.format_exc().rstrip("\n")), file=sys.stderr)
            state.error = (str(err).strip().splitlines() or [type(err).__name__])[0]
            log.error("The rebuild failed (%s); the browser shows the last good site "
                      "with this message until the next save.", visible(state.error))

    return rebuild


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector for one rebuild (reference counting still frees).

    A served site keeps a few hundred thousand objects alive between rebuilds, and the
    collector would scan them again and again while a rebuild allocates: a sixth of a
    rebuild's time at 1,000 codes. What the rebuild leaves as cyclic garbage (the last
    build's pages and files) is collected after it, at the collector's next run.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent]
"""What a save, a new file or a removal looks like to the system's file watcher. Opening
or reading a file is left out: the rebuild reads every content file, and would otherwise
start the next rebuild itself."""


class _ChangesOnly(Observer):  # type: ignore[misc,valid-type]
    """The system's own file watcher (inotify on Linux), told only of changes."""

    def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False,
                 event_filter: Any = None, follow_symlink: bool = False) -> Any:
        return super().schedule(event_handler, path, recursive=recursive,
                                event_filter=event_filter or CHANGES,
                                follow_symlink=follow_symlink)


def watch_natively(server: Any) -> bool:
    """Move ``server``'s watched paths to the system's file watcher; False if it cannot.

    MkDocs polls the watched folders every half second: a save waits a quarter of a
    second on average before the rebuild starts, and each poll reads the state of every
    file (thousands at 1,000 codes). The system tells of a save at once. Where it cannot
    (no inotify, too many watches), the server keeps polling, as MkDocs does. The paths
    are watched again by MkDocs' own ``watch``; relies on ``observer``,
    ``_watched_paths`` and ``_watch_refs`` of MkDocs 1.6's server.
    """
    polling = server.observer, server._watched_paths, server._watch_refs
    server.observer, server._watched_paths, server._watch_refs = _ChangesOnly(), {}, {}
    try:
        for path, count in polling[1].items():
            for _ in range(count):
                server.watch(path)
    except OSError as err:
        server.observer, server._watched_paths, server._watch_refs = polling
        log.info("Watching files by polling (the system's watcher refused: %s).", err)
        return False
    return True


def install(server: Any, state: DevState) -> None:
    """Make ``server`` (MkDocs' LiveReloadServer) answer and show ``state`` on every page."""
    server.builder = safe_builder(server.builder, state)
    inject = server._inject_js_into_html

    def inject_with_overlay(content: bytes, epoch: int) -> bytes:
        return with_overlay(inject(content, epoch), state)

    server._inject_js_into_html = inject_with_overlay
    error_page = server.error_handler

    def error_with_overlay(code: int) -> bytes | None:
        # A 404 page gets the live reload too, so that it also turns into the page once fixed.
        content = error_page(code)
        return None if content is None else inject_with_overlay(content,
                                                                server._visible_epoch)

    server.error_handler = error_with_overlay


def with_overlay(page: bytes, state: DevState) -> bytes:
    """Add the problems overlay to an HTML page, before ``</body>``; nothing when clean."""
    if state.clean:
        return page
    overlay = overlay_html(state.problems, state.error).encode("utf-8")
    end = page.rfind(b"</body>")
    return page + overlay if end < 0 else page[:end] + overlay + page[end:]


_STYLE = """
#kb-dev-problems{position:fixed;inset:0;z-index:10000;overflow:auto;padding:2rem 1rem;
background:rgba(20,20,30,.92);color:#fff;font:16px/1.5 system-ui,sans-serif}
#kb-dev-problems>div{max-width:60rem;margin:0 auto}
#kb-dev-problems h1{margin:0 0 .5rem;font-size:1.5rem;color:#ff8a80}
#kb-dev-problems ol{padding-left:1.5rem}
#kb-dev-problems li{margin:0 0 1rem;padding:.5rem .75rem;background:#2b2b3a;border-left:4px
solid #ff5252;list-style-position:outside}
#kb-dev-problems code{font:600 15px/1.4 ui-monospace,monospace;color:#ffd180}
#kb-dev-problems .kb-dev-fix{color:#b9f6ca}
#kb-dev-problems a{color:#82b1ff}
#kb-dev-problems-bar{position:fixed;bottom:0;left:0;right:0;z-index:10000;padding:.4rem 1rem;
background:#b71c1c;color:#fff;font:15px/1.4 system-ui,sans-serif}
#kb-dev-problems-bar a{color:#fff}
"""

_SCRIPT = f"""
(function () {{
  var overlay = document.getElementById("kb-dev-problems");
  var bar = document.getElementById("kb-dev-problems-bar");
  function show(lastGood) {{
    overlay.hidden = lastGood;
    bar.hidden = !lastGood;
  }}
  // Handled here, not followed: the theme's instant navigation would swap the page
  // without running this again. The address keeps the choice for live reload.
  function toggle(lastGood) {{
    return function (event) {{
      event.preventDefault();
      show(lastGood);
      history.replaceState(null, "", lastGood ? "?{LAST_GOOD}" : location.pathname);
    }};
  }}
  overlay.querySelector("[data-kb-dev-last-good]").addEventListener("click", toggle(true));
  bar.querySelector("a").addEventListener("click", toggle(false));
  show(new URLSearchParams(location.search).has("{LAST_GOOD}"));
}})();
"""


def overlay_html(problems: Sequence[Problem], error: str = "") -> str:
    """The overlay: every problem, located, and a way to the last good page.

    The page's own address with ``?kb-last-good`` hides the overlay and leaves a bar at
    the bottom that leads back to it; live reload keeps working either way.
    """
    count = len(problems) + (1 if error else 0)
    title = (f"{len(problems)} problem{'' if len(problems) == 1 else 's'} in the content"
             if problems else "The rebuild failed")
    items = "".join(_item(problem) for problem in problems)
    if error:
        items += (f"<li><code>build</code><br>{html.escape(error)}<br><span class=\"kb-dev-fix"
                  "\">the terminal running make serve has the details</span></li>")
    return (
        f"<style>{_STYLE}</style>"
        '<div id="kb-dev-problems" role="alertdialog" aria-modal="true" '
        'aria-labelledby="kb-dev-problems-title" data-kb-dev-problems>'
        f'<div><h1 id="kb-dev-problems-title">{title}</h1>'
        "<p>The site shows its last good version. Fix the file, save it, and this page "
        "reloads by itself.</p>"
        f"<ol>{items}</ol>"
        f'<p><a href="?{LAST_GOOD}" data-kb-dev-last-good>Show the last good version of '
        "this page</a></p></div></div>"
        f'<div id="kb-dev-problems-bar" hidden>{count} problem{"" if count == 1 else "s"} '
        '&mdash; this is the last good version. <a href="?">Show the problems</a></div>'
        f"<script>{_SCRIPT}</script>"
    )


def _item(problem: Problem) -> str:
    """One problem: where, what was expected and found, and the fix on its own line."""
    what, _, fix = problem.message.partition("; ")
    where = f"{problem.path}:{problem.line}:{problem.col}"
    fixed = f'<br><span class="kb-dev-fix">{html.escape(fix)}</span>' if fix else ""
    return f"<li><code>{html.escape(where)}</code><br>{html.escape(what)}{fixed}</li>"
