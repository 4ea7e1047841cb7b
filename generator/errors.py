"""Located content problems, collected and reported together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, at a 1-based line and column of a file."""

    path: str
    line: int
    col: int
    message: str
    """Says what was expected, what was found and how to fix it."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


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
