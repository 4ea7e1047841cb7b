"""The validated content model: frozen dataclasses built only after validation passed.

Contributors write YAML (``content/codes/*.yaml``, ``content/causes/*.yaml``); the shape of
that YAML is declared once, in the JSON Schemas under ``content/schema/``. These classes
are what the rest of the generator (graph, render) works with; they know nothing of YAML,
line numbers or MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

WHERE = ("browser", "device", "network", "account", "service", "page")
"""Where a code's problem usually lies, in the order the page explains them."""

EVIDENCE = ("primary", "secondary", "unverified")
"""How sure we are of a code's meaning: the service's own words, third parties, or nothing."""

LIKELIHOOD = ("high", "medium", "low")
"""How likely a cause is for one code; causes are listed in this order."""


@dataclass(frozen=True)
class Source:
    """A public source for what a page says."""

    title: str
    url: str
    grade: str
    """``primary`` (the service's own text), ``secondary`` (third party) or ``community``."""
    note: str = ""
    """What the source says or shows, in one line."""


@dataclass(frozen=True)
class Aspect:
    """One sub-point of a cause that a reader scans ("Content interception", ...)."""

    title: str
    text: str


@dataclass(frozen=True)
class Fix:
    """Numbered steps that fix a cause on the listed platforms."""

    id: str
    title: str
    platforms: tuple[str, ...]
    """Platform ids (``chrome``, ``windows``, ``smart-tv``, ``any`` ...), rendered as tabs."""
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Cause:
    """A reason behind one or more error codes, written once and linked from each code."""

    id: str
    """URL slug and file name; the anchor of its section on every code page."""
    title: str
    summary: str
    aspects: tuple[Aspect, ...]
    fixes: tuple[Fix, ...]
    checks: tuple[str, ...]
    """Ids of checker checks that detect this cause (see ``checker.rules.CHECKS``)."""
    path: str
    """Repository-relative path of the YAML file, for edit links and messages."""


@dataclass(frozen=True)
class CauseRef:
    """A code's use of a shared cause."""

    cause: str
    likelihood: str
    note: str
    """What the cause means for this code in particular."""


@dataclass(frozen=True)
class Faq:
    """One question and its answer."""

    q: str
    a: str


@dataclass(frozen=True)
class Code:
    """One error code page."""

    code: str
    """As shown on screen, e.g. ``M7702-1003``; the page lives at ``/codes/<lowercased>/``."""
    aliases: tuple[str, ...]
    """Other spellings or letter variants; each gets a redirect page."""
    service: str
    title: str
    summary: str
    on_screen: str
    """The message as the service shows it, verbatim, where a source gives it ('' if none)."""
    where: str
    evidence: str
    evidence_note: str
    """Why the grade is what it is, in one or two sentences."""
    sources: tuple[Source, ...]
    first_steps: tuple[str, ...]
    """The short "try these first" checklist."""
    causes: tuple[CauseRef, ...]
    faq: tuple[Faq, ...]
    prevention: tuple[str, ...]
    path: str

    @property
    def slug(self) -> str:
        """The page's URL slug."""
        return self.code.lower()


@dataclass(frozen=True)
class Content:
    """All validated content, codes and causes sorted by id."""

    codes: tuple[Code, ...]
    causes: dict[str, Cause]
