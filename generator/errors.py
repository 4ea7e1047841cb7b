"""Located content problems, collected and reported together."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069"
                        "\ufeff\ufff9-\ufffb\ud800-\udfff]")
"""Characters a terminal would act on or hide rather than print: C0 and C1 controls (the
escape that starts a colour or a cursor move among them), line breaks, zero-width and
bidirectional formatting characters, lone surrogates."""

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\x1b": "\\e"}


def visible(text: str) -> str:
    """Return ``text`` with every invisible or controlling character written as an escape.

    Messages quote contributors' values and file names; written out as ``\\e`` or
    ``\\x00``, no byte of them can recolour, move or clear a terminal or a CI log.
    """
    return _INVISIBLE.sub(lambda match: _escaped(match.group()), text)


def visible_lines(text: str) -> str:
    """Return ``text`` with each of its lines made ``visible``.

    For what is several lines on purpose (a report, a traceback, a tool's output): the
    lines stay lines, and no character in them can act on the terminal.
    """
    return "\n".join(visible(line) for line in text.split("\n"))


def _escaped(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, at a 1-based line and column of a file."""

    path: str
    line: int
    col: int
    message: str
    """Says what was expected, what was found and how to fix it."""

    def __str__(self) -> str:
        return visible(f"{self.path}:{self.line}:{self.col}: {self.message}")


class ContentError(Exception):
    """The content is invalid; carries every problem found, sorted by place."""

    def __init__(self, problems: Iterable[Problem], *,
                 outcome: str = "nothing was built") -> None:
        self.problems = sorted(set(problems))
        self.outcome = outcome  # what was not done because of them, for the last line
        super().__init__(self.report())

    def report(self) -> str:
        """Return every problem on its own line, then a count."""
        lines = [str(p) for p in self.problems]
        noun = "problem" if len(lines) == 1 else "problems"
        lines.append(f"{len(self.problems)} {noun} in the content; {self.outcome}.")
        return "\n".join(lines)


class UsageError(Exception):
    """A command was given an argument it cannot use; the CLI prints why and exits 1."""


def did_you_mean(found: str, choices: Iterable[str]) -> str:
    """Return ' Did you mean 'x'?' for the closest choice, or '' when none is close."""
    import difflib

    close = difflib.get_close_matches(found, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""
