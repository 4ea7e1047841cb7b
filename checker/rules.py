"""Judge the facts: one small rule per check, each giving a plain-language finding.

``evaluate`` turns ``Facts`` into exactly one ``Finding`` per id in ``CHECKS``, in the
order of ``CHECKS``. A fact the probe could not read is ``None`` and becomes ``unknown``:
the rules never guess. Pure: no ``js``, no I/O.

This module is the public face of the rules; the pieces live in:

- ``checker.findings``: ``Status``, ``Finding``, ``CHECKS`` and the rule registry
  (``@_rule(check_id)``), re-exported here;
- ``checker.rules_drm``: secure context, automation, EME, Widevine, PlayReady, FairPlay,
  ClearKey and DRM robustness;
- ``checker.rules_media``: the codecs, the display and HDCP;
- ``checker.rules_env``: online, bandwidth, clock, cookies, site storage and ad blockers.

Importing this module imports the rule modules, which registers their rules, and fails
if a check id has no rule or a rule has no check id.
"""

from __future__ import annotations

from checker import rules_drm, rules_env, rules_media
from checker.browser import Browser, parse_browser
from checker.facts import CLEARKEY, FAIRPLAY, WIDEVINE, Facts
from checker.findings import _RULES as _RULES
from checker.findings import CHECKS, UNKNOWN, Finding, Rule, Status, Verdict
from checker.i18n import ENGLISH, Messages, T, render
from checker.rules_drm import PLAYREADY

__all__ = [
    "CHECKS",
    "CLEARKEY",
    "FAIRPLAY",
    "PLAYREADY",
    "WIDEVINE",
    "Finding",
    "Rule",
    "Status",
    "Verdict",
    "evaluate",
]

_RULE_MODULES = (rules_drm, rules_media, rules_env)
"""Imported for their side effect: each registers its rules in ``_RULES``."""


def evaluate(facts: Facts, messages: Messages = ENGLISH) -> list[Finding]:
    """Return one finding per check in ``CHECKS``, in that order, in the catalogue's language.

    ``messages`` is a language's catalogue (English source -> translation, see
    ``checker.i18n``); check ids and statuses are the same in every language.
    """
    browser = parse_browser(facts.browser)
    return [_judge(check, facts, browser, messages) for check in CHECKS]


def _judge(check: str, facts: Facts, browser: Browser, messages: Messages) -> Finding:
    """Run one rule; an unexpected value yields ``unknown`` instead of losing the report."""
    try:
        status, title, detail = _RULES[check](facts, browser)
        return Finding(check, status, render(title, messages), render(detail, messages))
    except Exception as error:  # one odd fact must not hide every other finding
        return Finding(
            check,
            UNKNOWN,
            T("This could not be checked").render(messages),
            T(
                "The checker met a value it did not expect ({error}); the other results are "
                "not affected.",
                error=type(error).__name__,
            ).render(messages),
        )


_unregistered = set(CHECKS) ^ set(_RULES)
if _unregistered:  # pragma: no cover - a programming error, caught at import time
    raise RuntimeError(f"Checks without a rule, or rules without a check: {sorted(_unregistered)}")
