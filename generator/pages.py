"""Check the front matter of the hand-written pages (``content/pages/*.md``).

MkDocs reads a page's front matter (the YAML between two ``---`` lines at the top) and,
when the YAML is broken, silently treats the whole block as page text: the page then
shows its own front matter and has no title or description. So every page's front matter
goes through the same loader and the same kind of schema as the YAML content, and a broken
one stops ``make check`` and the build with a located message.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import Problem
from generator.load import load_text
from generator.schema import SCHEMA_DIR, check_shape

FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
"""MkDocs' own pattern for front matter (mkdocs.utils.meta), so both find the same block."""

_NONE = ("expected front matter at the top of the page ('---', 'title: ...', "
         "'description: ...', '---'), found none; add it: it gives the page its title and "
         "the sentence search engines show")


def page_problems(pages_dir: Path, root: Path, schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    """Check every page's front matter; paths in messages are relative to ``root``."""
    problems: list[Problem] = []
    pages_dir, root = pages_dir.resolve(), root.resolve()
    for path in sorted(pages_dir.rglob("*.md")):
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        try:
            text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError) as err:
            problems.append(Problem(rel, 1, 1, f"expected a readable UTF-8 page, found an "
                                    f"error ({err}); save the file as UTF-8"))
            continue
        problems += front_matter_problems(text, rel, schema_dir)
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
