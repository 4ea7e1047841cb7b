"""The links between pages: back-links, related codes, aliases and the checker manifest."""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.model import LIKELIHOOD, CauseRef, Code, Content

_WEIGHT = {level: len(LIKELIHOOD) - i for i, level in enumerate(LIKELIHOOD)}


def code_url(code: str, base: str = "/") -> str:
    """Return the URL path of a code's page (a contract: ``/codes/<code lowercased>/``)."""
    return f"{base}codes/{code.lower()}/"


def cause_url(cause_id: str, base: str = "/") -> str:
    """Return the URL path of a cause's page (``/causes/<id>/``)."""
    return f"{base}causes/{cause_id}/"


def lookup_key(text: str) -> str:
    """Normalise what a reader types: 'm7702 1003', 'M7702-1003' -> 'M77021003'."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


@dataclass(frozen=True)
class Related:
    """Another code that shares causes with a code."""

    code: Code
    shared: tuple[str, ...]
    """Ids of the causes both codes list."""


@dataclass(frozen=True)
class Graph:
    """Everything derived from the content that links one page to another."""

    content: Content
    uses: dict[str, tuple[tuple[Code, CauseRef], ...]]
    """Per cause id, each code that lists it and how (back-links), in code order."""
    aliases: dict[str, Code]
    """Per alias (as written), the code it redirects to."""

    candidates: dict[str, tuple[tuple[Code, CauseRef], ...]]
    """Per cause id, the codes that list it most likely first, at most ``CANDIDATES``: the
    pool related codes are drawn from, so that finding them stays linear in the codes."""

    def related(self, code: Code, limit: int = 6) -> list[Related]:
        """Return codes sharing causes with ``code``, most shared (by likelihood) first."""
        score: dict[str, float] = defaultdict(float)
        shared: dict[str, list[str]] = defaultdict(list)
        others: dict[str, Code] = {}
        for ref in code.causes:
            for other, other_ref in self.candidates[ref.cause]:
                if other.code != code.code:
                    score[other.code] += _WEIGHT[ref.likelihood] * _WEIGHT[other_ref.likelihood]
                    shared[other.code].append(ref.cause)
                    others[other.code] = other
        ranked = heapq.nsmallest(limit, score, key=lambda c: (-score[c], c))
        return [Related(others[c], tuple(shared[c])) for c in ranked]


CANDIDATES = 24
"""How many codes per cause related codes are drawn from. A cause shared by thousands of
codes would otherwise make every code page scan all of them (quadratic); the codes where
the cause is most likely are the ones worth suggesting anyway."""


def build_graph(content: Content) -> Graph:
    """Derive back-links and aliases from validated content."""
    uses: dict[str, list[tuple[Code, CauseRef]]] = {cause_id: [] for cause_id in content.causes}
    for code in content.codes:
        for ref in code.causes:
            uses[ref.cause].append((code, ref))
    aliases = {alias: code for code in content.codes for alias in code.aliases}
    candidates = {
        cause_id: tuple(sorted(pairs, key=lambda pair: -_WEIGHT[pair[1].likelihood])[:CANDIDATES])
        for cause_id, pairs in uses.items()
    }
    return Graph(content, {k: tuple(v) for k, v in uses.items()}, aliases, candidates)


def checker_manifest(graph: Graph, base: str = "/") -> dict[str, Any]:
    """Return the JSON the in-page checker reads: check id -> cause sections on code pages."""
    content = graph.content
    checks: dict[str, list[dict[str, str]]] = defaultdict(list)
    for cause in content.causes.values():
        for check in cause.checks:
            for code, _ in graph.uses[cause.id]:
                checks[check].append({"code": code.code, "cause": cause.id,
                                      "url": f"{code_url(code.code, base)}#{cause.id}"})
    return {
        "version": 1,
        "codes": {c.code: {"title": c.title, "url": code_url(c.code, base)}
                  for c in content.codes},
        "causes": {c.id: {"title": c.title, "url": cause_url(c.id, base)}
                   for c in content.causes.values()},
        "checks": dict(sorted(checks.items())),
    }


def lookup_index(graph: Graph, base: str = "/") -> dict[str, Any]:
    """Return the code lookup table: normalised spelling -> page, plus the display list."""
    keys: dict[str, str] = {}
    for code in graph.content.codes:
        for name in (code.code, *code.aliases):
            keys[lookup_key(name)] = code.code
    return {
        "version": 1,
        "keys": dict(sorted(keys.items())),
        "codes": {c.code: {"title": c.title, "url": code_url(c.code, base),
                           "aliases": list(c.aliases), "summary": c.summary}
                  for c in graph.content.codes},
    }
