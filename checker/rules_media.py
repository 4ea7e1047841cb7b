"""Media rules: the codecs, the screen, and HDCP on the screen connection.

One rule per codec (``codec-avc`` ... ``codec-eac3``) built from the ``_CODECS`` table, the
screen size and HDR (``display``), and the HDCP version the key systems report for the
link between computer and screen (``hdcp``). Rules are registered with ``@_rule`` (see
``checker.findings``). Pure: no ``js``, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.browser import Browser
from checker.facts import CLEARKEY, CodecFacts, Facts
from checker.findings import FAIL, OK, UNKNOWN, WARN, Rule, Verdict, _number, _rule
from checker.i18n import T, Text

# Codecs


@dataclass(frozen=True)
class _Codec:
    """How to talk about one codec."""

    name: Text
    """Reader-facing name."""
    essential: bool
    """Nothing plays without it."""
    role: Text
    """What it is used for, one sentence."""


_CODECS = {
    "avc": _Codec(T("H.264 video"), True, T("Nearly every stream is sent in H.264.")),
    "aac": _Codec(T("AAC audio"), True, T("Nearly every stream's sound is AAC.")),
    "hevc": _Codec(T("HEVC (H.265) video"), False, T("It carries 4K and HDR in Edge and Safari.")),
    "vp9": _Codec(T("VP9 video"), False, T("It gives sharper video at the same speed.")),
    "av1": _Codec(
        T("AV1 video"), False, T("It is the newest format; older ones are used without it.")
    ),
    "eac3": _Codec(T("Dolby Digital Plus audio"), False, T("It carries 5.1 surround sound.")),
}


def _codec_rule(name: str) -> Rule:
    """Return the rule for codec ``name``."""

    def rule(facts: Facts, browser: Browser) -> Verdict:
        codec, text = facts.codecs.get(name), _CODECS[name]
        supported = _codec_supported(codec)
        if name == "hevc" and browser.family == "firefox" and browser.os == "windows":
            # hls.js userAgentHevcSupportIsInaccurate(): Windows Firefox misreports HEVC.
            return (
                OK,
                T("HEVC is treated as unavailable in Firefox on Windows"),
                T(
                    "Firefox on Windows reports HEVC unreliably, so players ignore it; "
                    "Firefox streams use other formats, so nothing is lost."
                ),
            )
        if supported is None or codec is None:
            return (
                UNKNOWN,
                T("Could not tell whether {codec} plays", codec=text.name),
                T("The test gave no answer."),
            )
        if supported:
            return (
                OK,
                T("{codec} is supported", codec=text.name),
                T("{role}{note}", role=text.role, note=_uhd_note(codec)),
            )
        if text.essential:
            return (
                FAIL,
                T("{codec} is not supported", codec=text.name),
                T(
                    "{role} Without it nothing plays: update the browser (on Linux, also "
                    "install your distribution's multimedia codecs).",
                    role=text.role,
                ),
            )
        if name == "hevc" and _hevc_matters(browser):
            return WARN, T("HEVC (H.265) is not supported: no 4K here"), _CODECS["hevc"].role
        optional = T(
            "{role} Streams still play without it; only quality is affected.", role=text.role
        )
        return OK, T("{codec} is not available (optional)", codec=text.name), optional

    return rule


for _name in _CODECS:
    _rule(f"codec-{_name}")(_codec_rule(_name))


def _codec_supported(codec: CodecFacts | None) -> bool | None:
    """Return MSE's answer, else whether any ``decodingInfo`` resolution is supported."""
    if codec is None:
        return None
    if isinstance(codec.mse, bool):
        return codec.mse
    answers = [info.get("supported") for info in codec.decoding.values()]
    if True in answers:
        return True
    return False if False in answers else None


def _hevc_matters(browser: Browser) -> bool:
    """Return whether this browser would use HEVC for 4K (Edge on Windows, Safari on Mac)."""
    return (browser.family, browser.os) in (("edge", "windows"), ("safari", "mac"))


def _uhd_note(codec: CodecFacts) -> Text | str:
    """Return a sentence about 4K decoding from ``decodingInfo`` at 2160p, if any."""
    info = codec.decoding.get("2160p") or {}
    if info.get("supported") is not True:
        return ""
    if info.get("smooth") is False:
        return T(" At 4K it would not play smoothly on this device.")
    if info.get("power_efficient") is False:
        return T(" At 4K it is decoded in software, which uses more power.")
    if info.get("smooth") and info.get("power_efficient"):
        return T(" 4K decodes smoothly in hardware.")
    return ""


# Screen


_HDR_NOTES = {True: T(" It reports HDR."), False: T(" It does not report HDR.")}


@_rule("display")
def _display(facts: Facts, browser: Browser) -> Verdict:
    screen = facts.display
    width, height = _number(screen.width), _number(screen.height)
    ratio = _number(screen.pixel_ratio) or 1.0
    if width is None or height is None or width <= 0 or height <= 0 or ratio <= 0:
        return UNKNOWN, T("Could not read the screen size"), T("The browser did not report it.")
    # Phones report portrait sizes: compare the long side with 3840 and the short with 2160.
    long, short = round(max(width, height) * ratio), round(min(width, height) * ratio)
    size = f"{long}x{short}"
    note: Text | str = _HDR_NOTES[screen.hdr] if isinstance(screen.hdr, bool) else ""
    if long >= 3840 and short >= 2160:
        return (
            OK,
            T("This screen is 4K ({size})", size=size),
            T("It can show 4K video in full detail.{note}", note=note),
        )
    if long >= 1920 and short >= 1080:
        return (
            OK,
            T("This screen is Full HD or better ({size})", size=size),
            T("4K needs a 4K screen.{note}", note=note),
        )
    if browser.mobile:
        return (
            OK,
            T("This screen is {size}", size=size),
            T("Normal for a phone or tablet.{note}", note=note),
        )
    return (
        WARN,
        T("This screen is below Full HD ({size})", size=size),
        T("Video is shown below 1080p detail; this does not cause errors.{note}", note=note),
    )


# Screen connection


@_rule("hdcp")
def _hdcp(facts: Facts, browser: Browser) -> Verdict:
    statuses = _hdcp_statuses(facts)
    if not statuses:
        why = (
            T("Safari does not let pages test HDCP")
            if browser.uses_fairplay
            else T("No DRM system answered the HDCP test (older browsers cannot run it)")
        )
        return (
            UNKNOWN,
            T("HDCP could not be checked"),
            T(
                "{why}. HDCP is the copy protection between computer and screen; 4K needs "
                "version 2.2 on both the screen and the cable.",
                why=why,
            ),
        )
    usable = [version for version, status in statuses.items() if status == "usable"]
    best = max(usable, key=_version_key, default=None)
    if best is not None and _version_key(best) >= (2, 2):
        return (
            OK,
            T("The screen connection supports HDCP {version}", version=best),
            T("That is what 4K needs."),
        )
    if best is not None:
        return (
            WARN,
            T("The screen connection supports only HDCP {version}", version=best),
            T(
                "HD plays fine, but 4K needs HDCP 2.2: connect an HDCP 2.2 screen directly, "
                "without old adapters or splitters."
            ),
        )
    if "output-restricted" in statuses.values():
        return (
            WARN,
            T("The screen connection blocks protected video"),
            T(
                "No usable HDCP was found, so services may refuse HD or all protected video. "
                "Try another cable or screen and unplug splitters or capture devices."
            ),
        )
    return UNKNOWN, T("The HDCP result is unclear"), T("The browser did not give a usable answer.")


def _hdcp_statuses(facts: Facts) -> dict[str, str]:
    """Merge the DRM key systems' HDCP answers, keeping the best status per version."""
    merged: dict[str, str] = {}
    # ClearKey protects nothing, so its "usable" says nothing about the screen connection.
    for name in sorted(set(facts.eme.key_systems) - {CLEARKEY}):
        for version, status in (facts.eme.key_systems[name].hdcp or {}).items():
            if merged.get(version) != "usable":
                merged[version] = status
    return merged


def _version_key(version: str) -> tuple[int, int]:
    """Return ``(major, minor)`` for ``"2.2"``; unreadable versions sort lowest."""
    match = re.search(r"(\d+)(?:\.(\d+))?", version)
    if match is None:
        return (-1, -1)
    return int(match.group(1)), int(match.group(2) or 0)
