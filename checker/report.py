"""Turn findings into the report the page renders and the reader copies.

``build_report`` makes the typed ``Report`` once; ``Report.to_json`` is the contract (see
DESIGN.md, "Checker"): ``{"version": 1, "facts": {...}, "findings": [{"check", "status",
"title", "detail", "links": [{"code", "service", "cause", "url", "title", "cause_url"}]}]}``, and
``report_to_text`` renders the same typed report for a support ticket. Links come from the
manifest the site build writes (``assets/kb/manifest.json``, read by ``parse_manifest``):
for each check, the sections of code pages whose cause that check detects, labelled with
the cause's title. ``judge`` and ``run`` take facts as JSON data, for fixtures and tests.
Pure: no ``js``, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.browser import parse_browser
from checker.facts import Facts
from checker.findings import QUALITY_CHECKS
from checker.i18n import ENGLISH, Messages, T, Text, render
from checker.rules import Finding, Status, evaluate

REPORT_VERSION = 1
"""Bumped when the report's shape changes incompatibly (additions keep it)."""

_LINK_KEYS = ("code", "cause", "url")


@dataclass(frozen=True)
class Link:
    """A section of a code page that explains a finding."""

    code: str
    cause: str
    url: str
    title: str
    """The cause's title, the link's label (the page needs no manifest of its own)."""
    cause_url: str
    """The cause's own page, which lists every code it causes."""
    likelihood: str = ""
    """How likely the cause is for this code (``high``, ``medium``, ``low``); not in the
    JSON: it only orders the verdict's choice."""
    service: str = ""
    """The code's service id: two services may show the same code."""

    def to_json(self) -> dict[str, str]:
        """Return the link as the report's JSON gives it."""
        return {"code": self.code, "service": self.service, "cause": self.cause,
                "url": self.url, "title": self.title, "cause_url": self.cause_url}

    def is_on(self, code: str, service: str | None) -> bool:
        """Whether this link is a section of the page of ``code`` of ``service``.

        Without a service (an older page or manifest) the code alone decides.
        """
        return (self.code.casefold() == code.casefold()
                and (not service or not self.service or self.service == service))


@dataclass(frozen=True)
class Verdict:
    """The answer first: for a code's page, whether this browser explains that code."""

    status: Status
    title: str
    detail: str
    code: str | None = None
    causes: tuple[str, ...] = ()
    """The code's causes (section ids of its page) the finding behind the verdict bears
    on, likeliest first; the page links the first."""

    def to_json(self) -> dict[str, Any]:
        """Return the verdict as the report's JSON gives it."""
        return {"status": self.status.value, "title": self.title, "detail": self.detail,
                "code": self.code, "causes": list(self.causes)}


@dataclass(frozen=True)
class ReportFinding:
    """One finding, in the page's language, with the sections that explain it."""

    check: str
    status: Status
    title: str
    detail: str
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Report:
    """The checker's result: built once, shown as JSON and copied as text."""

    facts: Facts
    findings: tuple[ReportFinding, ...]
    verdict: Verdict
    page_url: str = ""
    """The code page's address (site-relative), "" off a code page."""

    def to_json(self) -> dict[str, Any]:
        """Return the report contract (DESIGN.md, "Checker") as plain JSON data."""
        return {
            "version": REPORT_VERSION,
            "verdict": self.verdict.to_json(),
            "facts": self.facts.to_dict(),
            "findings": [
                {
                    "check": f.check,
                    "status": f.status.value,
                    "title": f.title,
                    "detail": f.detail,
                    "links": [link.to_json() for link in f.links],
                }
                for f in self.findings
            ],
        }


@dataclass(frozen=True)
class Manifest:
    """What the checker needs of the site's manifest (``assets/kb/manifest.json``)."""

    checks: dict[str, tuple[Link, ...]]
    """Check id -> the sections of code pages whose cause that check detects."""
    codes: dict[tuple[str, str], str]
    """(service id, code casefolded) -> its page's address."""


_LIKELIHOOD = {"high": 0, "medium": 1, "low": 2}


def parse_manifest(manifest: object) -> Manifest:
    """Return the site manifest's links per check, skipping malformed or repeated entries."""
    data = manifest if isinstance(manifest, dict) else {}
    checks, causes, codes = data.get("checks"), data.get("causes"), data.get("codes")
    causes = causes if isinstance(causes, dict) else {}
    # Keyed by page id ("<service>/<code>") with the code and service inside, or by the code.
    pages = {
        (str(entry.get("service", "")), str(entry.get("code", key)).casefold()): entry["url"]
        for key, entry in codes.items()
        if isinstance(entry, dict) and isinstance(entry.get("url"), str)
    } if isinstance(codes, dict) else {}
    result: dict[str, tuple[Link, ...]] = {}
    for check, entries in (checks.items() if isinstance(checks, dict) else ()):
        kept: list[Link] = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in _LINK_KEYS):
                cause = causes.get(entry["cause"])
                cause = cause if isinstance(cause, dict) else {}
                title, url = cause.get("title"), cause.get("url")
                likelihood, service = entry.get("likelihood"), entry.get("service")
                link = Link(entry["code"], entry["cause"], entry["url"],
                            title if isinstance(title, str) else entry["cause"],
                            url if isinstance(url, str) else "",
                            likelihood if isinstance(likelihood, str) else "",
                            service if isinstance(service, str) else "")
                if link not in kept:
                    kept.append(link)
        result[str(check)] = tuple(kept)
    return Manifest(result, pages)


def build_report(
    facts: Facts,
    findings: list[Finding],
    manifest: Manifest,
    current_code: str | None = None,
    messages: Messages = ENGLISH,
    current_service: str | None = None,
) -> Report:
    """Return the report: the verdict, and each finding with the pages that explain it.

    ``ok`` findings get no links; for the others, links to ``current_code`` (the page the
    reader is on, of ``current_service`` when given) come first, the rest keep the
    manifest's order. A finding that only limits picture quality (``QUALITY_CHECKS``)
    never points at the current code's page: no error code is explained by a small
    screen or an unknown HDCP level.
    """
    code = current_code.strip() if isinstance(current_code, str) and current_code.strip() else None
    service = current_service.strip() if isinstance(current_service, str) else None
    judged = tuple(_finding(f, manifest, code, service or None, messages) for f in findings)
    page = _page_url(manifest, code, service) if code else ""
    return Report(facts, judged, verdict(judged, code, messages, service or None), page)


def _page_url(manifest: Manifest, code: str, service: str | None) -> str:
    """Return the address of the code's page ("" when the manifest has none)."""
    wanted = code.casefold()
    return next((url for (owner, shown), url in manifest.codes.items()
                 if shown == wanted and (not service or not owner or owner == service)), "")


def _finding(finding: Finding, manifest: Manifest, current_code: str | None,
             current_service: str | None, messages: Messages) -> ReportFinding:
    """Return one finding with its links, its words in the catalogue's language."""
    status = Status(finding.status)
    links = () if status is Status.OK else manifest.checks.get(finding.check, ())
    if current_code is not None:
        code = current_code

        def here(link: Link) -> bool:
            return link.is_on(code, current_service)

        if finding.check in QUALITY_CHECKS:
            links = tuple(link for link in links if not here(link))
        # sorted() is stable: the current code's links move up, the rest keep their order.
        links = tuple(sorted(links, key=lambda link: not here(link)))
    return ReportFinding(finding.check, status, render(finding.title, messages),
                         render(finding.detail, messages), links)


def verdict(findings: tuple[ReportFinding, ...], code: str | None,
            messages: Messages = ENGLISH, service: str | None = None) -> Verdict:
    """Return the answer to the reader's question, from the findings already linked.

    On a code's page: the worst finding that bears on one of that code's causes (a link
    to its page), the likeliest cause first, else "nothing here explains it". Elsewhere:
    the worst finding of all.
    """
    def say(text: Text) -> str:
        return text.render(messages)

    if code is None:
        worst = _worst(findings)
        if worst is None:
            return Verdict(Status.OK, say(T("Nothing found that stops streaming")),
                           say(T("Every check that could run came out fine.")))
        return Verdict(worst.status, _headline(worst, messages), worst.detail)
    mine = [
        (finding, link) for finding in findings for link in finding.links
        if link.is_on(code, service) and finding.status is not Status.OK
    ]
    order = [Status.FAIL, Status.WARN, Status.UNKNOWN]
    mine.sort(key=lambda pair: (order.index(pair[0].status),
                                _LIKELIHOOD.get(pair[1].likelihood, 3)))
    if not mine:
        return Verdict(
            Status.OK,
            say(T("Nothing in this browser explains {code}", code=code)),
            say(T("What the checker can test about this browser is not what causes {code}: "
                  "follow the steps on this page.", code=code)),
            code,
        )
    finding, link = mine[0]
    causes = tuple(dict.fromkeys(
        lnk.cause for f, lnk in mine if f.status is finding.status))
    if finding.status is Status.UNKNOWN:
        return Verdict(
            Status.UNKNOWN,
            say(T("Could not tell whether this browser causes {code}", code=code)),
            finding.detail, code, causes)
    return Verdict(
        finding.status,
        _headline(finding, messages),
        say(T("That can cause {code}: see “{cause}” on this page.", code=code, cause=link.title)),
        code, causes)


def _worst(findings: tuple[ReportFinding, ...]) -> ReportFinding | None:
    """Return the first failure, else the first warning that is not only about quality."""
    for status in (Status.FAIL, Status.WARN):
        for finding in findings:
            if finding.status is status and finding.check not in QUALITY_CHECKS:
                return finding
    return None


def _headline(finding: ReportFinding, messages: Messages) -> str:
    """Return "Found it: ..." for a problem, "Worth a look: ..." for a warning."""
    if finding.status is Status.FAIL:
        return T("Found it: {problem}", problem=finding.title).render(messages)
    return T("Worth a look: {problem}", problem=finding.title).render(messages)


def judge(facts_dict: object, manifest: object, current_code: str | None = None,
          messages: Messages = ENGLISH, current_service: str | None = None) -> Report:
    """Judge facts given as JSON data (fixtures, tests) and return the typed report.

    The browser never comes this way: ``checker.main`` hands the probe's typed facts
    straight to the rules. Never raises on odd input; a catalogue that is not a mapping
    is English.
    """
    words = messages if isinstance(messages, dict) else ENGLISH
    facts = Facts.from_dict(facts_dict)
    return build_report(facts, evaluate(facts, words), parse_manifest(manifest),
                        current_code, words, current_service)


def run(facts_dict: object, manifest: object, current_code: str | None = None,
        messages: Messages = ENGLISH, current_service: str | None = None) -> dict[str, Any]:
    """Return ``judge``'s report as the JSON the page receives."""
    return judge(facts_dict, manifest, current_code, messages, current_service).to_json()


TEXT_LIMIT = 1500
"""The copied report fits a support chat: at most this many characters."""

_LISTED = 6
"""Problems or warnings named one by one in the text; more are counted."""


def report_to_text(report: Report, base_url: str = "", messages: Messages = ENGLISH) -> str:
    """Return the short text "Copy report" copies: what the page shows, nothing more.

    The browser, the verdict, the problems and warnings by title and the page, in at most
    ``TEXT_LIMIT`` characters; the full report is the JSON. ``base_url`` is put in front
    of the page's address. The words are in the catalogue's language; the ``[FAIL]`` and
    ``[WARN]`` tags are the report's status values, the same in every language.
    """
    def say(text: Text) -> str:
        return _one_line(text.render(messages))

    lines = [
        say(T("Browser check report")),
        say(T("Browser: {browser}", browser=parse_browser(report.facts.browser).label)),
        _one_line(f"{report.verdict.title}. {report.verdict.detail}"),
    ]
    for status, heading in ((Status.FAIL, T("Problems ({n}):")), (Status.WARN,
                                                                  T("Warnings ({n}):"))):
        found = [f for f in report.findings if f.status is status]
        if not found:
            continue
        lines.append(say(T(heading.source, n=len(found))))
        lines += [_cut(f"[{status.value.upper()}] {f.title}", 160) for f in found[:_LISTED]]
        if len(found) > _LISTED:
            lines.append(say(T("… and {n} more", n=len(found) - _LISTED)))
    if report.page_url:
        lines.append(say(T("Page: {url}", url=f"{base_url.rstrip('/')}{report.page_url}")))
    return _cut("\n".join(lines), TEXT_LIMIT - 1) + "\n"


def _cut(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(text: str) -> str:
    """Collapse whitespace, so text from the browser cannot break the one-line layout."""
    return " ".join(text.split())
