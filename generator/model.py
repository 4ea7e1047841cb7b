"""The validated content model: frozen dataclasses built only after validation passed.

Contributors write YAML (``content/services/<id>.yaml``, ``content/codes/<service>/<code>.yaml``,
``content/causes/<id>.yaml``); the shape of
that YAML is declared once, in the JSON Schemas under ``content/schema/``. These classes
are what the rest of the generator (graph, render) works with; they know nothing of YAML,
line numbers or MkDocs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

WHERE = ("browser", "device", "network", "account", "service", "page")
"""Where a code's problem usually lies, in the order the page explains them."""

EVIDENCE = ("primary", "secondary", "community", "unverified")
"""How sure we are of a code's meaning, surest first: the service's own words, vendors or
third parties, forum threads, or nothing."""

SOURCE_KINDS = ("service-help", "service-screen", "vendor-doc", "bug-report", "forum",
                "third-party")
"""What a source is: the service's help page or on-screen text, a vendor's documentation,
a public bug report, a forum thread, a third-party article."""

KIND_GRADE = {"service-help": "primary", "service-screen": "primary",
              "vendor-doc": "secondary", "bug-report": "secondary",
              "third-party": "secondary", "forum": "community"}
"""The highest evidence grade a source of each kind can carry: a grade is only as good
as the best source behind it (checked by the validator, not trusted)."""

LIKELIHOOD = ("high", "medium", "low")
"""How likely a cause is for one code; causes are listed in this order."""


@dataclass(frozen=True)
class Source:
    """A public source for what a page says, with the words a reader can find in it."""

    url: str
    publisher: str
    kind: str
    """One of ``SOURCE_KINDS``."""
    title: str
    quote: str
    """The words in the source that support the page, verbatim."""
    checked: datetime.date
    """When someone last opened the source and found the quote."""


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
class Pattern:
    """One shape of a service's codes."""

    pattern: str
    """A regular expression a whole code matches."""
    example: str
    note: str


@dataclass(frozen=True)
class Service:
    """A service whose codes the site explains; every service word on a page comes from here."""

    id: str
    """URL slug (``/<id>/``), file name, and the folder of its codes."""
    name: str
    lookup_names: tuple[str, ...]
    """Lowercase words a reader may type to name the service (its id and name included)."""
    help_url: str
    patterns: tuple[Pattern, ...]
    families: tuple[tuple[str, str], ...]
    """(letter, meaning) where a letter before the number marks a device or browser."""
    words: dict[str, str]
    """``account``, ``app``, ``their_side``: the phrases a page needs."""
    fixes: tuple[tuple[str, Fix], ...]
    """The service's own fixes as (cause id, fix): each extends one shared cause on every
    code page of the service (its cookie-reset page, say)."""
    path: str


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
    former_ids: tuple[str, ...] = ()
    """Ids before a rename; each old ``/causes/<id>/`` redirects to this cause's page."""


@dataclass(frozen=True)
class CauseRef:
    """A code's use of a shared cause."""

    cause: str
    likelihood: str
    note: str
    """What the cause means for this code in particular."""
    extra_steps: tuple[str, ...] = ()
    """Steps only this code needs on top of the cause's fixes (its service's own link)."""


@dataclass(frozen=True)
class Faq:
    """One question and its answer."""

    q: str
    a: str


@dataclass(frozen=True)
class Code:
    """One error code page."""

    code: str
    """As shown on screen, e.g. ``M7702-1003``; the page lives at
    ``/<service>/<lowercased>/``."""
    aliases: tuple[str, ...]
    """Other spellings or letter variants on the same service; each gets a redirect page."""
    service: str
    """The id of the service that shows it (``Service.id``)."""
    title: str
    """Derived, never typed: '<service name> error <code>'."""
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
    platforms: tuple[str, ...] = ()
    """The devices or browsers the code appears on, when only some; () for any."""

    # Cached: a build asks each code for these some hundred times (links, keys, sorting);
    # cached_property writes the instance's __dict__, which a frozen dataclass allows.
    @cached_property
    def slug(self) -> str:
        """The page's URL slug within its service."""
        return self.code.lower()

    @cached_property
    def id(self) -> str:
        """The page's id across services: ``<service>/<slug>`` (its path under the site)."""
        return f"{self.service}/{self.slug}"


@dataclass(frozen=True)
class Content:
    """All validated content: codes sorted by service then code, causes and services by id."""

    codes: tuple[Code, ...]
    causes: dict[str, Cause]
    services: dict[str, Service]
