"""The links between pages: back-links, related codes, aliases, lookups and the checker
manifest.

URLs (a contract, see CONTRIBUTING.md "Pages and URLs"): a code's page is
``/<service>/<code lowercased>/``; ``/<service>/`` lists a service's codes; ``/codes/<name>/``
is a lookup address for every code and alias of every service (a redirect when one service
has the name, a "which service?" page when several do); ``/causes/<id>/`` a cause.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.model import LIKELIHOOD, CauseRef, Code, Content

_WEIGHT = {level: len(LIKELIHOOD) - i for i, level in enumerate(LIKELIHOOD)}


def code_url(code: Code, base: str = "/") -> str:
    """Return the URL path of a code's page (a contract: ``/<service>/<code lowercased>/``)."""
    return f"{base}{code.service}/{code.slug}/"


def service_url(service_id: str, base: str = "/") -> str:
    """Return the URL path of a service's list of codes (``/<service>/``)."""
    return f"{base}{service_id}/"


def lookup_url(name: str, base: str = "/") -> str:
    """Return the lookup address of a code or alias (``/codes/<name lowercased>/``)."""
    return f"{base}codes/{name.lower()}/"


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
    aliases: dict[tuple[str, str], Code]
    """Per (service id, alias as written), the code it redirects to within its service."""
    lookups: dict[str, tuple[Code, ...]]
    """Per lowercased code or alias name, every code (of any service) it names, in code
    order: one is a redirect from ``/codes/<name>/``, several a "which service?" page."""

    candidates: dict[tuple[str, str], tuple[tuple[Code, CauseRef], ...]]
    """Per (service id, cause id), the service's codes that list the cause most likely
    first, at most ``CANDIDATES``: the pool related codes are drawn from, so that finding
    them stays linear in the codes."""

    def related(self, code: Code, limit: int = 6) -> list[Related]:
        """Return codes of the same service sharing causes with ``code``, most shared (by
        likelihood) first. Another service's code would not help a reader of this one."""
        score: dict[str, float] = defaultdict(float)
        shared: dict[str, list[str]] = defaultdict(list)
        others: dict[str, Code] = {}
        for ref in code.causes:
            for other, other_ref in self.candidates.get((code.service, ref.cause), ()):
                if other.id != code.id:
                    score[other.id] += _WEIGHT[ref.likelihood] * _WEIGHT[other_ref.likelihood]
                    shared[other.id].append(ref.cause)
                    others[other.id] = other
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
    aliases = {(code.service, alias): code for code in content.codes for alias in code.aliases}
    lookups: dict[str, list[Code]] = defaultdict(list)
    for code in content.codes:
        for name in dict.fromkeys(n.lower() for n in (code.code, *code.aliases)):
            lookups[name].append(code)
    pools: dict[tuple[str, str], list[tuple[Code, CauseRef]]] = defaultdict(list)
    for cause_id, pairs in uses.items():
        for code, ref in pairs:
            pools[(code.service, cause_id)].append((code, ref))
    candidates = {
        key: tuple(sorted(pairs, key=lambda pair: -_WEIGHT[pair[1].likelihood])[:CANDIDATES])
        for key, pairs in pools.items()
    }
    return Graph(content, {k: tuple(v) for k, v in uses.items()}, aliases,
                 {k: tuple(v) for k, v in sorted(lookups.items())}, candidates)


def checker_manifest(graph: Graph, base: str = "/") -> dict[str, Any]:
    """Return the JSON the in-page checker reads: check id -> cause sections on code pages.

    A link names its code as shown and its service (two services may share a code);
    ``codes`` is keyed by page id (``<service>/<code lowercased>``).
    """
    content = graph.content
    checks: dict[str, list[dict[str, str]]] = defaultdict(list)
    for cause in content.causes.values():
        for check in cause.checks:
            for code, ref in graph.uses[cause.id]:
                # likelihood: the checker's verdict names the code's likeliest cause first.
                checks[check].append({"code": code.code, "service": code.service,
                                      "cause": cause.id,
                                      "url": f"{code_url(code, base)}#{cause.id}",
                                      "likelihood": ref.likelihood})
    return {
        "version": 1,
        "services": {s.id: {"name": s.name, "url": service_url(s.id, base)}
                     for s in content.services.values()},
        "codes": {c.id: {"code": c.code, "service": c.service, "title": c.title,
                         "url": code_url(c, base)}
                  for c in content.codes},
        "causes": {c.id: {"title": c.title, "url": cause_url(c.id, base)}
                   for c in content.causes.values()},
        "checks": dict(sorted(checks.items())),
    }


def lookup_index(graph: Graph, base: str = "/") -> dict[str, Any]:
    """Return the code lookup table (``codes.json``), kept small: readers download it.

    ``keys``: normalised spelling -> page ids (several when services share a code);
    ``codes``: page id -> code as shown, title, URL; ``services``: id -> name, URL, the
    lowercase words that name it when typed before a code ("<service> 83") and its letter
    families (the letters that mark a device or browser in front of the same number).
    """
    keys: dict[str, list[str]] = defaultdict(list)
    for code in graph.content.codes:
        for name in (code.code, *code.aliases):
            if code.id not in keys[lookup_key(name)]:
                keys[lookup_key(name)].append(code.id)
    return {
        "version": 2,
        "services": {s.id: {"name": s.name, "url": service_url(s.id, base),
                            "names": list(s.lookup_names),
                            "families": "".join(letter for letter, _ in s.families)}
                     for s in graph.content.services.values()},
        "keys": dict(sorted(keys.items())),
        "codes": {c.id: {"code": c.code, "title": c.title, "url": code_url(c, base)}
                  for c in graph.content.codes},
    }


def resolve(index: dict[str, Any], typed: str) -> list[str]:
    """Return the page ids a reader's typed text names (the lookup box's rule, which
    ``overrides/assets/kb/site.mjs`` mirrors): one is a match, several ask which service.

    A service's name before the code ("<service> 83") narrows to it; without one, every
    service with that code is a candidate. Failing an exact match, a code in a service's
    letter family finds its sibling ("F7702-1003" where only "M7702-1003" has a page).
    """
    words = re.sub(r"[^a-z0-9]", "", typed.lower())
    names = sorted(((name, sid) for sid, s in index["services"].items()
                    for name in s["names"]), key=lambda pair: -len(pair[0]))
    for name, sid in names:
        rest = words[len(name):]
        if words.startswith(name) and rest:
            mine = _in_service(index, lookup_key(rest), sid)
            if mine:
                return mine
    key = lookup_key(typed)
    found: list[str] = index["keys"].get(key, [])
    if found:
        return found
    return [page for sid in index["services"] for page in _in_service(index, key, sid)]


def _in_service(index: dict[str, Any], key: str, service_id: str) -> list[str]:
    """Page ids of ``service_id`` for ``key``, or for a sibling of its letter family."""
    pages = [page for page in index["keys"].get(key, []) if page.startswith(f"{service_id}/")]
    family = index["services"][service_id].get("families", "")
    if pages or not key or key[0] not in family:
        return pages
    for letter in family.replace(key[0], ""):
        pages += [page for page in index["keys"].get(letter + key[1:], [])
                  if page.startswith(f"{service_id}/") and page not in pages]
    return pages
