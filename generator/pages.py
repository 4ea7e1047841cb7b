"""Check the front matter of the hand-written pages (``content/pages/*.md``).

MkDocs reads a page's front matter (the YAML between two ``---`` lines at the top) and,
when the YAML is broken, silently treats the whole block as page text: the page then
shows its own front matter and has no title or description. So every page's front matter
goes through the same loader and the same kind of schema as the YAML content, and a broken
one stops ``make check`` and the build with a located message.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.errors import Problem
from generator.load import load_text, read_bounded
from generator.schema import SCHEMA_DIR, check_shape

FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
"""MkDocs' own pattern for front matter (mkdocs.utils.meta), so both find the same block."""

_NONE = ("expected front matter at the top of the page ('---', 'title: ...', "
         "'description: ...', '---'), found none; add it: it gives the page its title and "
         "the sentence search engines show")

MAX_PAGE_BYTES = 1024 * 1024
"""The largest hand-written page accepted; the longest is a few kilobytes."""


def page_problems(pages_dir: Path, root: Path, schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    """Check every page's front matter; paths in messages are relative to ``root``.

    No folder, no pages. A folder or file that cannot be read is a problem, not a page
    less: ``Path.rglob`` would skip it without a word.
    """
    problems: list[Problem] = []
    root = root.resolve()

    def rel(path: Path) -> str:
        path = path.absolute()
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    def unreadable(err: OSError) -> None:
        where = Path(err.filename) if err.filename else pages_dir
        problems.append(Problem(rel(where), 1, 1, f"expected a readable folder, found an "
                                f"error ({err.strerror or err}); check the folder's "
                                "permissions (it needs read and search rights, chmod u+rx)"))

    try:
        if not pages_dir.is_dir():
            return []
        pages_dir = pages_dir.resolve()
    except OSError as err:
        unreadable(err)
        return problems
    paths = sorted(Path(folder, name)
                   for folder, _, names in os.walk(pages_dir, onerror=unreadable)
                   for name in names if name.endswith(".md"))
    for path in paths:
        raw = read_bounded(path, MAX_PAGE_BYTES)
        if isinstance(raw, str):
            problems.append(Problem(rel(path), 1, 1, raw))
            continue
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as err:
            problems.append(Problem(rel(path), 1, 1, f"expected a readable UTF-8 page, found "
                                    f"an error ({err}); save the file as UTF-8"))
            continue
        problems += front_matter_problems(text, rel(path), schema_dir)
    return problems


def front_matter_problems(text: str, rel: str, schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    """Check one page's front matter, located by the page's own line numbers."""
    text = text.replace("\r\n", "\n")
    if not re.match(r"-{3}[ \t]*\n", text):
        return [Problem(rel, 1, 1, _NONE)]
    match = FRONT_MATTER.match(text)
    if match is None and re.match(r"-{3}[ \t]*\n(?:\.{3}|-{3})[ \t]*\n", text):
        return [Problem(rel, 2, 1, "expected 'title:' and 'description:' in the front "
                        "matter, found nothing; add both")]
    if match is None:
        return [Problem(rel, 1, 1, "expected a closing '---' line after the front matter, "
                        "found none; end the block of fields with a line of three hyphens")]
    block = match[1]
    if not block.strip():
        return [Problem(rel, 2, 1, "expected 'title:' and 'description:' in the front "
                        "matter, found nothing; add both")]
    doc, problems = load_text("\n" + block, rel)  # the block starts on the page's line 2
    if doc is None:
        return problems
    return problems + check_shape(doc, "page", schema_dir)
