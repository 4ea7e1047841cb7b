"""DRM rules: secure page, automation, EME and the key systems, and DRM robustness.

Each rule is registered with ``@_rule(check_id)`` (see ``checker.findings``) and reads the
browser's identity from ``checker.browser``, so that, say, a missing Widevine is a failure
in Chrome but expected in Safari. A key system the probe could not test becomes
``unknown``. ``CLEARKEY`` is also used by the HDCP rule in ``checker.rules_media``.
Pure: no ``js``, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.browser import Browser
from checker.facts import (
    CLEARKEY,
    FAIRPLAY,
    PROBE_TIMEOUT_S,
    WIDEVINE,
    Facts,
    KeySystemFacts,
)
from checker.findings import FAIL, OK, UNKNOWN, WARN, Verdict, _rule
from checker.i18n import T, Text

PLAYREADY = "com.microsoft.playready"
"""The prefix of every PlayReady key-system id (``.recommendation``, ``.3000``, ...)."""


# Page and browser


@_rule("secure-context")
def _secure_context(facts: Facts, browser: Browser) -> Verdict:
    if facts.browser.secure_context is True:
        return OK, T("This page is secure (HTTPS)"), T("Browsers offer DRM only on secure pages.")
    if facts.browser.secure_context is False:
        return (
            FAIL,
            T("This page is not secure (no HTTPS)"),
            T(
                "Browsers switch DRM off on pages that are not loaded over https://, so the DRM "
                "checks cannot work here. Open the checker with an https:// address."
            ),
        )
    return UNKNOWN, T("Could not tell whether this page is secure"), T("The browser did not say.")


_AUTOMATED = T(
    "Browsers driven by test tools such as Selenium, Playwright or Puppeteer usually come "
    "without Widevine, and streaming services refuse them (errors like M7121-1331 or "
    "M7701-1003). "
    "Open the service in your everyday browser instead."
)


@_rule("automation")
def _automation(facts: Facts, browser: Browser) -> Verdict:
    if browser.webdriver is True:
        return FAIL, T("This browser is controlled by automation software"), _AUTOMATED
    if browser.headless:
        return FAIL, T("This is a headless (invisible) browser"), _AUTOMATED
    if browser.unbranded and _key_state(facts, WIDEVINE).supported is True:
        return (
            WARN,
            T("This Chromium-based browser does not say who made it"),
            T(
                "It has Widevine, so it may well play, but some services refuse builds they do "
                "not recognise (error M7121-1331). If that happens, use Chrome, Edge, Firefox or "
                "Safari."
            ),
        )
    if browser.unbranded:
        # One cause, one finding: plain Chromium's trouble is its missing Widevine, which
        # the Widevine finding tells, with the fix.
        return (
            OK,
            T("This browser is not run by automation software"),
            T("It is a plain Chromium build without Widevine: see the Widevine result."),
        )
    if browser.webdriver is False:
        return OK, T("This is a regular browser"), T("It is not run by automation software.")
    return (
        UNKNOWN,
        T("Could not tell whether this browser is automated"),
        T("The browser did not say."),
    )


# DRM

_FIREFOX_DRM_SETTING = T(
    'Turn on Settings > General > "Play DRM-controlled content" (Firefox then downloads '
    "Widevine), restart Firefox and check again."
)
_NO_DRM_ON_LINUX_WEBKIT = T(
    "WebKitGTK browsers on Linux (GNOME Web, Epiphany) have no DRM, so streaming services "
    "cannot play protected video in them. Use Firefox or Chrome on this computer."
)


def _drm_switched_off(facts: Facts) -> bool:
    """Whether the browser refused key systems because DRM is switched off in its settings.

    Firefox with "Play DRM-controlled content" off (``media.eme.enabled``, off by default
    in some Linux builds) keeps the EME functions but rejects every real key system with
    ``NotSupportedError: EME has been preffed off``.
    """
    return any(
        isinstance(entry.error, str) and "preffed off" in entry.error[:300].lower()
        for entry in facts.eme.key_systems.values()
    )


@dataclass(frozen=True)
class _KeyState:
    """One key system family (all ids with one prefix) summed up."""

    supported: bool | None
    timed_out: bool


def _key_entries(facts: Facts, prefix: str) -> list[KeySystemFacts]:
    """Return the probed key systems whose id starts with ``prefix``, by id."""
    systems = facts.eme.key_systems
    return [systems[name] for name in sorted(systems) if name.startswith(prefix)]


def _key_state(facts: Facts, prefix: str) -> _KeyState:
    """Sum up a key system family: any success wins, then a timeout, then a refusal."""
    if facts.eme.available is False:
        return _KeyState(supported=False, timed_out=False)
    entries = _key_entries(facts, prefix)
    if any(entry.supported is True for entry in entries):
        return _KeyState(supported=True, timed_out=False)
    if any(entry.timed_out is True for entry in entries):
        return _KeyState(supported=None, timed_out=True)
    refused = any(entry.supported is False for entry in entries)
    return _KeyState(supported=False if refused else None, timed_out=False)


def _unclear(name: str, state: _KeyState, facts: Facts) -> Verdict | None:
    """Return the ``unknown`` verdict when a key system could not be tested, else None."""
    if facts.browser.secure_context is False and facts.eme.available is not True:
        return (
            UNKNOWN,
            T("{name} could not be tested on this page", name=name),
            T(
                "Browsers only offer DRM on secure (https://) pages; open the checker over https://."
            ),
        )
    if state.timed_out:
        return (
            UNKNOWN,
            T("The {name} test did not answer in time", name=name),
            T(
                "The browser did not answer the {name} test within {seconds} seconds. This can "
                "happen while it is still downloading or updating its DRM module; reload and "
                "check again.",
                name=name,
                seconds=f"{PROBE_TIMEOUT_S:g}",
            ),
        )
    if state.supported is None:
        return (
            UNKNOWN,
            T("{name} could not be tested", name=name),
            T("The browser gave no answer about it."),
        )
    return None


@_rule("eme")
def _eme(facts: Facts, browser: Browser) -> Verdict:
    if facts.eme.available is True and _drm_switched_off(facts):
        return FAIL, T("DRM is switched off in this browser's settings"), _FIREFOX_DRM_SETTING
    if facts.eme.available is True:
        return (
            OK,
            T("Protected (DRM) video is supported"),
            T(
                "The browser offers Encrypted Media Extensions, the standard way pages play DRM "
                "video."
            ),
        )
    if facts.eme.available is None:
        return (
            UNKNOWN,
            T("Could not tell whether DRM video is supported"),
            T("The test gave no answer."),
        )
    if facts.browser.secure_context is False:
        detail = T("Browsers hide it on pages without https://; open the checker over https://.")
    elif browser.family == "webkitgtk":
        detail = _NO_DRM_ON_LINUX_WEBKIT
    elif browser.no_drm_build:
        detail = T("This browser build has no DRM at all; use Chrome, Edge, Firefox or Safari.")
    else:
        detail = T(
            "Every streaming service needs it. Update the browser and check that DRM is not "
            'switched off (Firefox: Settings > General > "Play DRM-controlled content").'
        )
    return FAIL, T("This browser cannot play DRM-protected video"), detail


@_rule("widevine")
def _widevine(facts: Facts, browser: Browser) -> Verdict:
    state = _key_state(facts, WIDEVINE)
    if browser.uses_fairplay and state.supported is not True:
        return (
            OK,
            T("Widevine is not used in this browser"),
            T(
                "Safari, and every browser on iPhone and iPad, plays protected video with Apple's "
                "FairPlay instead, so this is expected."
            ),
        )
    if state.supported is not True and _drm_switched_off(facts):
        return FAIL, T("Widevine is not available: DRM is switched off"), _FIREFOX_DRM_SETTING
    unclear = _unclear("Widevine", state, facts)
    if unclear is not None:
        return unclear
    if state.supported:
        return (
            OK,
            T("Widevine is available"),
            T("The browser can decrypt protected video with Widevine, the DRM most services use."),
        )
    return FAIL, T("Widevine is not available in this browser"), _widevine_fix(browser)


def _widevine_fix(browser: Browser) -> Text:
    """Return what to do about a missing Widevine in this kind of browser."""
    if browser.family == "webkitgtk":
        return _NO_DRM_ON_LINUX_WEBKIT
    if browser.unbranded and not browser.automated:
        return T(
            "This is a plain Chromium build: it comes without Widevine, and streaming "
            "services refuse such builds (errors like M7121-1331 or M7701-1003). Use Google "
            "Chrome, Microsoft Edge, Firefox or Safari."
        )
    if browser.no_drm_build:
        return T(
            "This browser build (automated, headless or plain Chromium) comes without "
            "Widevine, so it cannot play DRM video at all. Use Chrome, Edge, Firefox or Safari."
        )
    if browser.family == "firefox":
        return T(
            'DRM may be switched off: turn on Settings > General > "Play DRM-controlled '
            'content". Or Firefox is still downloading Widevine: wait a minute, then restart it.'
        )
    if browser.os == "android" or browser.family not in ("chrome", "edge", "opera"):
        return T(
            "Without Widevine, protected video cannot play (services show errors such as "
            "M7702-1003 or M7701-1003). Update the browser, restart the device and try again."
        )
    return T(
        "Without it services show errors such as M7702-1003 or M7701-1003. Open "
        "{browser}://components, "
        'find "Widevine Content Decryption Module", click "Check for update", then restart.',
        browser=browser.family,
    )


@_rule("playready")
def _playready(facts: Facts, browser: Browser) -> Verdict:
    if not browser.known:
        return UNKNOWN, T("Could not tell whether PlayReady matters here"), _UNIDENTIFIED
    state = _key_state(facts, PLAYREADY)
    if not (browser.family == "edge" and browser.os == "windows"):
        return (
            OK,
            T("PlayReady is available") if state.supported else T("PlayReady is not needed here"),
            T(
                "PlayReady is Microsoft's DRM. Only Edge on Windows needs it (for 4K); other "
                "browsers use Widevine or FairPlay."
            ),
        )
    unclear = _unclear("PlayReady", state, facts)
    if unclear is not None:
        return unclear
    if state.supported and _playready_hardware(facts):
        return (
            OK,
            T("PlayReady with hardware protection is available"),
            T("Edge can play up to 4K."),
        )
    if state.supported:
        return (
            OK,
            T("PlayReady is available (software only)"),
            T("Edge can play protected video, but 4K needs PlayReady's hardware level (3000)."),
        )
    return (
        WARN,
        T("PlayReady is not available in Edge"),
        T(
            "Edge on Windows uses PlayReady for 4K and the best quality; HD may still play. "
            "Update Windows, Edge and the graphics driver."
        ),
    )


def _playready_hardware(facts: Facts) -> bool:
    """Return whether PlayReady security level 3000 (hardware) was granted."""
    return any(
        entry.supported is True
        and (entry.key_system.endswith(".3000") or "3000" in entry.robustness)
        for entry in _key_entries(facts, PLAYREADY)
    )


_UNIDENTIFIED = T("The browser could not be identified, so the checker cannot tell.")


@_rule("fairplay")
def _fairplay(facts: Facts, browser: Browser) -> Verdict:
    if not browser.known:
        return UNKNOWN, T("Could not tell whether FairPlay matters here"), _UNIDENTIFIED
    if not browser.uses_fairplay:
        return (
            OK,
            T("FairPlay is not needed in this browser"),
            T("FairPlay is Apple's DRM, used only by Apple's browsers; this one does not need it."),
        )
    state = _key_state(facts, FAIRPLAY)
    unclear = _unclear("FairPlay", state, facts)
    if unclear is not None:
        return unclear
    if state.supported:
        return OK, T("FairPlay is available"), T("This browser can decrypt protected video.")
    return (
        FAIL,
        T("FairPlay is not available"),
        T(
            "Safari and the browsers on iPhone and iPad need FairPlay to play protected video. "
            "Update macOS or iOS (Safari is updated with it) and try again."
        ),
    )


@_rule("clearkey")
def _clearkey(facts: Facts, browser: Browser) -> Verdict:
    state = _key_state(facts, CLEARKEY)
    unclear = _unclear("ClearKey", state, facts)
    if unclear is not None:
        return unclear
    if state.supported:
        return (
            OK,
            T("The basic encrypted-video test works"),
            T("The browser's built-in ClearKey test passed, so its DRM interface itself works."),
        )
    if browser.uses_fairplay:
        return (
            OK,
            T("The basic encrypted-video test is not offered"),
            T("Safari needs only FairPlay."),
        )
    if browser.family == "firefox":
        detail = T('In Firefox this usually means "Play DRM-controlled content" is switched off.')
    else:
        detail = T(
            "The browser's DRM interface looks broken or disabled, by a policy or extension."
        )
    return WARN, T("Even the basic encrypted-video test failed"), detail


@_rule("drm-robustness")
def _drm_robustness(facts: Facts, browser: Browser) -> Verdict:
    if browser.family == "edge" and browser.os == "windows" and _playready_hardware(facts):
        return (
            OK,
            T("Hardware-protected DRM is available"),
            T("PlayReady runs in hardware: 4K possible."),
        )
    levels = [
        level
        for entry in _key_entries(facts, WIDEVINE)
        if entry.supported is True
        for level in entry.robustness
    ]
    if any(level.startswith("HW_") for level in levels):
        return (
            OK,
            T("Hardware-protected DRM is available"),
            T("Widevine runs in secure hardware here, so services can send higher-quality video."),
        )
    if any(level.startswith("SW_") for level in levels):
        return (
            WARN,
            T("Software-only DRM: about 720p-1080p in this browser"),
            T(
                "Widevine runs in software here, so services cap video at about 720p-1080p. For "
                "more, use Edge on Windows, Safari on a Mac, or the service's app."
            ),
        )
    if browser.uses_fairplay:
        return (
            UNKNOWN,
            T("Safari does not report its protection level"),
            T("Safari does not tell web pages. On a Mac, 4K needs Apple silicon or a T2 chip."),
        )
    return (
        UNKNOWN,
        T("Could not tell the DRM protection level"),
        T("The browser did not report it."),
    )
