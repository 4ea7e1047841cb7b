"""Services are content: no template, generator or checker string names one.

Every word a page says about a service comes from content/services/<id>.yaml, so a new
service needs no code change and no page of one service names another. Comments may name
a service (they explain where a figure came from); strings, docstrings and templates may not.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
import yaml

from generator.translate import is_translation
from tests.conftest import REPO

KNOWN = ["Netflix", "Disney", "Prime Video", "Hulu", "Max", "HBO", "Paramount", "Peacock",
         "Spotify", "YouTube", "Apple TV", "Crunchyroll"]
"""Services readers arrive from, whether or not content/services/ has them yet."""


def _names() -> list[str]:
    names = set(KNOWN)
    for path in (REPO / "content" / "services").glob("*.yaml"):
        if is_translation(path.name):
            continue  # a translation holds only text; the English file names the service
        data = yaml.safe_load(path.read_text("utf-8"))
        names |= {data["name"], data["id"]}
    return sorted(names)


NAMES = re.compile(r"(?i:\b(?:" + "|".join(re.escape(n) for n in _names() if n.lower() != "max")
                   + r")\b)|\bMax\b")
"""Any known name in any case, except Max (its name, and its id 'max'), which is matched
only as written: the word 'max' is everywhere in code."""

FILES = sorted(p for folder in ("generator", "checker") for p in (REPO / folder).rglob("*")
               if p.is_file() and p.suffix in (".py", ".j2", ".mjs", ".js", ".html", ".css"))


def _without_comments(path: Path) -> str:
    """The file's text, Python comments dropped (strings and docstrings kept)."""
    text = path.read_text("utf-8")
    if path.suffix != ".py":
        return text
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return "\n".join(token.string for token in tokens if token.type != tokenize.COMMENT)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_service_is_named_outside_comments(path: Path) -> None:
    found = NAMES.findall(_without_comments(path))
    assert not found, f"{path.relative_to(REPO)} names {sorted(set(found))}: use the " \
                      "service's words from content/services/<id>.yaml"
