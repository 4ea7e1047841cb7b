"""Turn findings into the report the page renders and the reader copies.

The report is a contract (see DESIGN.md, "Checker"): ``{"version": 1, "facts": {...},
"findings": [{"check", "status", "title", "detail", "links": [{"code", "cause", "url"}]}]}``.
Links come from the manifest the site build writes (``assets/kb/manifest.json``): for each
check, the sections of code pages whose cause that check detects. ``run`` is the one entry
point the browser side calls, with the probe's facts already converted to a plain dict.
Pure: no ``js``, no I/O.
"""

from __future__ import annotations

from typing import Any

from checker.browser import MAX_USER_AGENT, parse_browser
from checker.facts import Facts, KeySystemFacts
from checker.i18n import ENGLISH, Messages, T, Text
from checker.rules import Finding, Status, evaluate

REPORT_VERSION = 1
"""Bumped when the report's shape changes incompatibly."""

_LINK_KEYS = ("code", "cause", "url")

_GROUPS = ("browser", "eme", "display", "network", "storage", "blockers")
"""Top-level fact groups that must be objects."""


def run(
    facts_dict: dict[str, Any],
    manifest: dict[str, Any],
    current_code: str | None = None,
    messages: Messages = ENGLISH,
) -> dict[str, Any]:
    """Judge the probe's facts and return the report in the catalogue's language.

    Never raises on odd input; a catalogue that is not a mapping is English.
    """
    facts = _facts_from(facts_dict)
    code = current_code if isinstance(current_code, str) and current_code.strip() else None
    words = messages if isinstance(messages, dict) else ENGLISH
    return build_report(facts, evaluate(facts, words), manifest, code)


def build_report(
    facts: Facts,
    findings: list[Finding],
    manifest: dict[str, Any],
    current_code: str | None = None,
) -> dict[str, Any]:
    """Return the report: facts, and each finding with links to the pages that explain it.

    ``ok`` findings get no links; for the others, links to ``current_code`` (the page the
    reader is on) come first, the rest keep the manifest's order.
    """
    links = _manifest_links(manifest)
    return {
        "version": REPORT_VERSION,
        "facts": facts.to_dict(),
        "findings": [_finding_dict(f, links, current_code) for f in findings],
    }


def _finding_dict(
    finding: Finding, links: dict[str, list[dict[str, str]]], current_code: str | None
) -> dict[str, Any]:
    """Return one finding as the report's plain dict."""
    status = Status(finding.status)
    mine = [] if status is Status.OK else links.get(finding.check, [])
    if current_code is not None:
        wanted = current_code.casefold()
        # sorted() is stable: the current code's links move up, the rest keep their order.
        mine = sorted(mine, key=lambda link: link["code"].casefold() != wanted)
    return {
        "check": finding.check,
        "status": status.value,
        "title": finding.title,
        "detail": finding.detail,
        "links": [dict(link) for link in mine],
    }


def _manifest_links(manifest: object) -> dict[str, list[dict[str, str]]]:
    """Return the manifest's links per check, skipping malformed or repeated entries."""
    checks = manifest.get("checks") if isinstance(manifest, dict) else None
    if not isinstance(checks, dict):
        return {}
    result: dict[str, list[dict[str, str]]] = {}
    for check, entries in checks.items():
        kept: list[dict[str, str]] = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in _LINK_KEYS):
                link = {key: entry[key] for key in _LINK_KEYS}
                if link not in kept:
                    kept.append(link)
        result[str(check)] = kept
    return result


def _facts_from(data: object) -> Facts:
    """Build ``Facts`` from whatever the probe sent, dropping parts of the wrong shape.

    ``Facts.from_dict`` trusts the shape of its input; the probe runs in a browser we do
    not control, so groups that are not objects are dropped here instead of crashing.
    Wrong types inside a group reach the rules, which turn them into ``unknown``.
    """
    if not isinstance(data, dict):
        return Facts()
    clean = {k: v for k, v in data.items() if k not in _GROUPS or isinstance(v, dict)}
    if isinstance(clean.get("eme"), dict):
        eme = dict(clean["eme"])
        eme["key_systems"] = _objects(eme.get("key_systems"))
        clean["eme"] = eme
    clean["codecs"] = _objects(clean.get("codecs"))
    timed_out = clean.get("timed_out")
    clean["timed_out"] = (
        [t for t in timed_out if isinstance(t, str)] if isinstance(timed_out, list) else []
    )
    try:
        return Facts.from_dict(clean)
    except (TypeError, ValueError, AttributeError):
        return Facts()


def _objects(value: object) -> dict[str, dict[str, Any]]:
    """Return the entries of a ``{name: {...}}`` mapping whose values are objects."""
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, dict)}


def report_to_text(report: dict[str, Any], base_url: str = "", messages: Messages = ENGLISH) -> str:
    """Return the report as plain text for a support ticket or forum post.

    One line per finding (status, title, detail, first link), then a short summary of
    the browser and its DRM key systems. ``base_url`` is put in front of relative links.
    The words around the findings are in the catalogue's language; the ``[STATUS]`` tags
    stay as the report's status values, which are the same in every language.
    """
    lines = [T("Browser check report").render(messages), ""]
    for finding in report.get("findings", []):
        line = f"[{str(finding['status']).upper()}] {finding['title']}: {finding['detail']}"
        if finding.get("links"):
            url = f"{base_url.rstrip('/')}{finding['links'][0]['url']}"
            line += " " + T("See {url}", url=url).render(messages)
        lines.append(_one_line(line))
    facts = _facts_from(report.get("facts"))
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
