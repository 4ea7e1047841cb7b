"""The checker's entry point in the browser: probe -> rules -> report, in one line.

``run_check`` is what the Web Worker calls (``checker/web/worker.mjs``): the probe builds
the typed ``Facts`` once, the rules judge them, the report is built once from them and
rendered twice, as the JSON the page shows and as the text the reader copies. Strings in
and out, so the worker never holds Python objects and no PyProxy needs to be destroyed.
"""

from __future__ import annotations

import json

from checker.host import HostCall
from checker.i18n import ENGLISH, Messages
from checker.probe import gather
from checker.report import build_report, parse_manifest, report_to_text
from checker.rules import evaluate


async def run_check(call: HostCall, manifest_json: str, current_code: str = "",
                    base_url: str = "", messages_json: str = "",
                    current_service: str = "") -> str:
    """Probe, judge, link; return JSON ``{"report", "text"}``.

    ``current_code`` is "" on pages that are not a code's page; ``base_url`` (the page's
    origin) goes in front of the links in the plain-text version; ``messages_json`` is
    the page language's catalogue ("" or unreadable: English); ``current_service`` is
    the code's service id, as two services may show the same code.
    """
    facts = await gather(call)
    messages = _catalogue(messages_json)
    findings = evaluate(facts, messages)
    report = build_report(facts, findings, parse_manifest(_json(manifest_json)),
                          current_code or None, messages, current_service or None)
    text = report_to_text(report, base_url, messages)
    return json.dumps({"report": report.to_json(), "text": text})


def _json(text: str) -> object:
    """Return the JSON value of ``text``; None when it is not JSON."""
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _catalogue(messages_json: str) -> Messages:
    """Return the catalogue the page sent, keeping only text -> text entries."""
    data = _json(messages_json)
    if not isinstance(data, dict):
        return ENGLISH
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
