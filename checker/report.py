"""Turn findings into the report the page renders and the reader copies.

``build_report`` makes the typed ``Report`` once; ``Report.to_json`` is the contract (see
DESIGN.md, "Checker"): ``{"version": 1, "facts": {...}, "findings": [{"check", "status",
"title", "detail", "links": [{"code", "cause", "url", "title", "cause_url"}]}]}``, and
``report_to_text`` renders the same typed report for a support ticket. Links come from the
manifest the site build writes (``assets/kb/manifest.json``, read by ``parse_manifest``):
for each check, the sections of code pages whose cause that check detects, labelled with
the cause's title. ``judge`` and ``run`` take facts as JSON data, for fixtures and tests.
Pure: no ``js``, no I/O.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from checker.browser import MAX_USER_AGENT, parse_browser
from checker.facts import Facts, KeySystemFacts
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

    def to_json(self) -> dict[str, Any]:
        """Return the report contract (DESIGN.md, "Checker") as plain JSON data."""
        return {
            "version": REPORT_VERSION,
            "facts": self.facts.to_dict(),
            "findings": [
                {
                    "check": f.check,
                    "status": f.status.value,
                    "title": f.title,
                    "detail": f.detail,
                    "links": [dataclasses.asdict(link) for link in f.links],
                }
                for f in self.findings
            ],
        }


Manifest = dict[str, tuple[Link, ...]]
"""Check id -> the sections of code pages whose cause that check detects."""


def parse_manifest(manifest: object) -> Manifest:
    """Return the site manifest's links per check, skipping malformed or repeated entries."""
    checks = manifest.get("checks") if isinstance(manifest, dict) else None
    causes = manifest.get("causes") if isinstance(manifest, dict) else None
    causes = causes if isinstance(causes, dict) else {}
    if not isinstance(checks, dict):
        return {}
    result: Manifest = {}
    for check, entries in checks.items():
        kept: list[Link] = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in _LINK_KEYS):
                cause = causes.get(entry["cause"])
                cause = cause if isinstance(cause, dict) else {}
                title, url = cause.get("title"), cause.get("url")
                link = Link(entry["code"], entry["cause"], entry["url"],
                            title if isinstance(title, str) else entry["cause"],
                            url if isinstance(url, str) else "")
                if link not in kept:
                    kept.append(link)
        result[str(check)] = tuple(kept)
    return result


def build_report(
    facts: Facts,
    findings: list[Finding],
    manifest: Manifest,
    current_code: str | None = None,
    messages: Messages = ENGLISH,
) -> Report:
    """Return the report: each finding with links to the pages that explain it.

    ``ok`` findings get no links; for the others, links to ``current_code`` (the page the
    reader is on) come first, the rest keep the manifest's order.
    """
    code = current_code if isinstance(current_code, str) and current_code.strip() else None
    return Report(facts, tuple(_finding(f, manifest, code, messages) for f in findings))


def _finding(finding: Finding, manifest: Manifest, current_code: str | None,
             messages: Messages) -> ReportFinding:
    """Return one finding with its links, its words in the catalogue's language."""
    status = Status(finding.status)
    links = () if status is Status.OK else manifest.get(finding.check, ())
    if current_code is not None:
        wanted = current_code.casefold()
        # sorted() is stable: the current code's links move up, the rest keep their order.
        links = tuple(sorted(links, key=lambda link: link.code.casefold() != wanted))
    return ReportFinding(finding.check, status, render(finding.title, messages),
                         render(finding.detail, messages), links)


def judge(facts_dict: object, manifest: object, current_code: str | None = None,
          messages: Messages = ENGLISH) -> Report:
    """Judge facts given as JSON data (fixtures, tests) and return the typed report.

    The browser never comes this way: ``checker.main`` hands the probe's typed facts
    straight to the rules. Never raises on odd input; a catalogue that is not a mapping
    is English.
    """
    words = messages if isinstance(messages, dict) else ENGLISH
    facts = Facts.from_dict(facts_dict)
    return build_report(facts, evaluate(facts, words), parse_manifest(manifest),
                        current_code, words)


def run(facts_dict: object, manifest: object, current_code: str | None = None,
        messages: Messages = ENGLISH) -> dict[str, Any]:
    """Return ``judge``'s report as the JSON the page receives."""
    return judge(facts_dict, manifest, current_code, messages).to_json()


def report_to_text(report: Report, base_url: str = "", messages: Messages = ENGLISH) -> str:
    """Return the report as plain text for a support ticket or forum post.

    One line per finding (status, title, detail, first link), then a short summary of
    the browser and its DRM key systems. ``base_url`` is put in front of relative links.
    The words around the findings are in the catalogue's language; the ``[STATUS]`` tags
    stay as the report's status values, which are the same in every language.
    """
    lines = [T("Browser check report").render(messages), ""]
    for finding in report.findings:
        line = f"[{finding.status.value.upper()}] {finding.title}: {finding.detail}"
        if finding.links:
            url = f"{base_url.rstrip('/')}{finding.links[0].url}"
            line += " " + T("See {url}", url=url).render(messages)
        lines.append(_one_line(line))
    facts = report.facts
    unknown = T("unknown").render(messages)
    summary = [
        T("Browser: {browser}", browser=parse_browser(facts.browser).label),
        T("User agent: {agent}", agent=_agent(facts) or unknown),
        T("Key systems: {systems}", systems=_key_systems_text(facts, messages)),
    ]
    if facts.timed_out:
        summary.append(T("Timed out: {checks}", checks=", ".join(facts.timed_out)))
    lines += ["", *(_one_line(line.render(messages)) for line in summary)]
    return "\n".join(lines) + "\n"


def _agent(facts: Facts) -> str:
    """Return the user agent, cut to what a real one can be (a hostile one is huge)."""
    agent = facts.browser.user_agent
    return agent[:MAX_USER_AGENT] if isinstance(agent, str) else ""


def _one_line(text: str) -> str:
    """Collapse whitespace, so text from the browser cannot break the one-line layout."""
    return " ".join(text.split())


def _key_systems_text(facts: Facts, messages: Messages = ENGLISH) -> str:
    """Return ``com.widevine.alpha: yes (SW_SECURE_DECODE); ...`` for the summary."""
    if facts.eme.available is False:
        return T("none (no Encrypted Media Extensions)").render(messages)
    systems = facts.eme.key_systems
    if not systems:
        return T("not tested").render(messages)
    return "; ".join(
        f"{name}: {_key_system_text(systems[name]).render(messages)}" for name in sorted(systems)
    )


def _key_system_text(entry: KeySystemFacts) -> Text:
    """Return one key system's outcome in a few words."""
    if entry.timed_out:
        return T("timed out")
    if entry.supported is True:
        levels = ", ".join(str(level) for level in entry.robustness)
        return T("yes ({levels})", levels=levels) if levels else T("yes")
    if entry.supported is False:
        return T("no ({error})", error=entry.error) if entry.error else T("no")
    return T("no answer")
