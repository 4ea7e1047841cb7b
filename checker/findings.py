"""The vocabulary and registry shared by the checker's rule modules.

``Status`` and ``Finding`` are what ``evaluate`` returns; ``CHECKS`` lists every check id
with a one-line description. The rule modules (``checker.rules_drm``,
``checker.rules_media``, ``checker.rules_env``) register one rule per id in ``_RULES``
with ``@_rule(check_id)``; each rule returns a ``Verdict``. ``_number`` is the one helper
several of them share. Kept apart from ``checker.rules`` so the rule modules can import it
without an import cycle; import the public names from ``checker.rules``. Pure: no ``js``,
no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from checker.browser import Browser
from checker.facts import Facts
from checker.i18n import Text


class Status(StrEnum):
    """How a check came out; serialised as its lower-case value."""

    OK = "ok"
    """Nothing to do."""
    WARN = "warn"
    """Works, but limits quality or may cause trouble."""
    FAIL = "fail"
    """Stops playback or sign-in until fixed."""
    UNKNOWN = "unknown"
    """The browser did not tell us, or the probe timed out."""


@dataclass(frozen=True)
class Finding:
    """What one check found, in words a reader can act on."""

    check: str
    """An id from ``CHECKS``."""
    status: Status
    title: str
    """Short: what we found, in the reader's language."""
    detail: str
    """One or two sentences: what it means for streaming and what to do."""


CHECKS: dict[str, str] = {
    "secure-context": "The page runs in a secure (HTTPS) context, which DRM requires.",
    "automation": "The browser is not automated, headless or a bare Chromium build.",
    "eme": "Encrypted Media Extensions (the browser's DRM interface) are available.",
    "widevine": "The Widevine DRM module is available (Chrome, Edge, Opera, Firefox).",
    "playready": "PlayReady DRM is available (Edge on Windows, needed for 4K there).",
    "fairplay": "FairPlay DRM is available (Safari and browsers on iPhone and iPad).",
    "clearkey": "The built-in ClearKey test key system works.",
    "drm-robustness": "The DRM runs in secure hardware or only in software.",
    "hdcp": "The screen connection supports HDCP 2.2 (needed for 4K).",
    "codec-avc": "H.264 (AVC) video can be decoded.",
    "codec-hevc": "HEVC (H.265) video can be decoded (4K/HDR in Edge and Safari).",
    "codec-vp9": "VP9 video can be decoded.",
    "codec-av1": "AV1 video can be decoded.",
    "codec-aac": "AAC audio can be decoded.",
    "codec-eac3": "Dolby Digital Plus (E-AC-3) surround audio can be decoded.",
    "display": "The screen resolution (Full HD, 4K) and HDR.",
    "online": "The browser believes it is online.",
    "bandwidth": "Measured download speed against 720p, 1080p and 4K needs.",
    "clock": "The computer's clock is close to the real time.",
    "cookies": "Cookies can be written and read back.",
    "local-storage": "localStorage can be written.",
    "indexed-db": "IndexedDB can be opened.",
    "storage-quota": "Enough website storage space is left.",
    "ad-blocker": "Whether an ad or content blocker is active.",
}
"""Every check id with a one-line description: the site build rejects any other id."""

QUALITY_CHECKS = frozenset({"display", "hdcp", "drm-robustness"})
"""Checks whose findings only limit picture quality (a screen below Full HD, HDCP, DRM in
software): they never explain an error code, so they mark no section of a code's page."""

Verdict = tuple[Status, Text | str, Text | str]
"""What a rule returns: status, title, detail (``Text``: English, translated when shown)."""

Rule = Callable[[Facts, Browser], Verdict]

_RULES: dict[str, Rule] = {}
"""Check id -> rule; filled by ``@_rule`` when the rule modules are imported."""

OK, WARN, FAIL, UNKNOWN = Status.OK, Status.WARN, Status.FAIL, Status.UNKNOWN


def _rule(check: str) -> Callable[[Rule], Rule]:
    """Register the decorated function as the rule for ``check``."""

    def register(rule: Rule) -> Rule:
        _RULES[check] = rule
        return rule

    return register


def _number(value: object) -> float | None:
    """Return ``value`` as a finite float, or None for anything else (bools included)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None
