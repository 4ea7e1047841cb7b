"""Shared bits of the end-to-end tests (kept out of conftest.py, which is not imported)."""

from __future__ import annotations

from dataclasses import dataclass, field

CODE_PAGE = "/netflix/m7702-1003/"
"""The code page the tests run the checker on (its YAML lists the drm-component cause)."""


@dataclass
class Traffic:
    """What the page asked for: every URL, and those aborted for leaving the origin."""

    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def count(self, suffix: str) -> int:
        """Return how many requests had a path ending in ``suffix`` (query ignored)."""
        return sum(1 for url in self.requests if url.split("?")[0].endswith(suffix))
