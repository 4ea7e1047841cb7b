"""Environment rules: network, clock, cookies and site storage, and ad blockers.

The checks around playback rather than in it: whether the browser is online and fast
enough, whether its clock is right (DRM licences and sign-in depend on it), whether
cookies and site storage work and have room, and whether a content blocker is active.
Rules are registered with ``@_rule`` (see ``checker.findings``). Pure: no ``js``, no I/O.
"""

from __future__ import annotations

from checker.browser import Browser
from checker.facts import Facts
from checker.findings import FAIL, OK, UNKNOWN, WARN, Verdict, _number, _rule
from checker.i18n import N_, T, Text

# Network


@_rule("online")
def _online(facts: Facts, browser: Browser) -> Verdict:
    if facts.network.online is False:
        return (
            FAIL,
            T("The browser says it is offline"),
            T(
                "Nothing can stream without a connection. Check Wi-Fi or cable and restart the "
                "router."
            ),
        )
    if facts.network.online is True:
        return (
            OK,
            T("The browser reports a network connection"),
            T("This does not prove the internet works; the speed test shows whether data arrives."),
        )
    return UNKNOWN, T("Could not tell whether the browser is online"), T("The browser did not say.")


# Netflix's current figures (Mbit/s); its older help page said 3 SD, 5 HD, 25 UHD.
_SPEEDS = ((15.0, "4K"), (5.0, "1080p"), (3.0, "720p"))
"""Speed a stream of each picture quality needs, in Mbit/s, fastest first."""


@_rule("bandwidth")
def _bandwidth(facts: Facts, browser: Browser) -> Verdict:
    mbps = _number(facts.network.measured_mbps)
    if mbps is None or mbps < 0:
        error = facts.network.download_error
        # The error text comes from the browser: one line, and short enough to read.
        error = " ".join(error.split())[:200] if isinstance(error, str) else ""
        why = T(" (the test download failed: {error})", error=error) if error else ""
        return (
            UNKNOWN,
            T("Could not measure the connection speed"),
            T("The speed test did not finish{why}. You can measure it at fast.com.", why=why),
        )
    speed = T("{mbps} Mbit/s", mbps=f"{mbps:.1f}")
    needs = T("720p needs about 3 Mbit/s, 1080p 5 and 4K 15.")
    quality = next((label for floor, label in _SPEEDS if mbps >= floor), None)
    if quality is None:
        return (
            FAIL,
            T("The connection is too slow for HD ({speed})", speed=speed),
            T(
                "{needs} Pause other downloads, move closer to the Wi-Fi router or use a cable.",
                needs=needs,
            ),
        )
    if quality == "720p":
        detail = T("{needs} Video will be sharper on a faster connection.", needs=needs)
        return WARN, T("The connection is enough for 720p only ({speed})", speed=speed), detail
    detail = T(
        "{needs} Measured to this site; the streaming service's own servers may differ.",
        needs=needs,
    )
    return (
        OK,
        T("The connection is fast enough for {quality} ({speed})", quality=quality, speed=speed),
        detail,
    )


@_rule("clock")
def _clock(facts: Facts, browser: Browser) -> Verdict:
    skew = _number(facts.network.clock_skew_s)
    if skew is None:
        return UNKNOWN, T("Could not compare the clock"), T("The server's time could not be read.")
    amount = _duration(abs(skew))
    off = T("{amount} ahead", amount=amount) if skew > 0 else T("{amount} behind", amount=amount)
    why = T("DRM licences and sign-in depend on the right time: turn on automatic date and time.")
    if abs(skew) > 300:
        return FAIL, T("The computer's clock is {off}", off=off), why
    if abs(skew) > 60:
        return WARN, T("The computer's clock is {off}", off=off), why
    return OK, T("The computer's clock is right"), T("It is within a minute of the real time.")


def _duration(seconds: float) -> Text:
    """Return ``seconds`` in words: ``"45 seconds"``, ``"7 minutes"``, ``"3 hours"``."""
    for unit, size in ((N_("{n} days"), 86400), (N_("{n} hours"), 3600), (N_("{n} minutes"), 60)):
        if seconds >= 2 * size:
            return T(unit, n=round(seconds / size))
    return T("{n} seconds", n=round(seconds))


# Storage


@_rule("cookies")
def _cookies(facts: Facts, browser: Browser) -> Verdict:
    enabled, written = facts.storage.cookie_enabled, facts.storage.cookie_write
    fix = T(
        "Streaming sites need cookies to keep you signed in; without them you are signed out "
        "or stuck in a sign-in loop. Allow cookies for the site (some services have a page that "
        "resets their own cookies)."
    )
    if enabled is True and written is False:
        return FAIL, T("Cookies are blocked, although the browser says they are on"), fix
    if enabled is False or written is False:
        return FAIL, T("Cookies are blocked"), fix
    if written is True:
        return OK, T("Cookies work"), T("A test cookie was saved and read back.")
    return UNKNOWN, T("Could not test cookies"), T("The cookie test gave no answer.")


_BLOCKED = T(
    "Streaming sites keep settings and sign-in data in the browser. Allow site data "
    "(it is usually blocked together with cookies) or leave private browsing."
)


@_rule("local-storage")
def _local_storage(facts: Facts, browser: Browser) -> Verdict:
    value = facts.storage.local_storage
    if value is True:
        return OK, T("Website storage (localStorage) works"), T("The page could save data there.")
    if value is False:
        return FAIL, T("Website storage (localStorage) is blocked"), _BLOCKED
    return (
        UNKNOWN,
        T("Could not test website storage (localStorage)"),
        T("The test gave no answer."),
    )


@_rule("indexed-db")
def _indexed_db(facts: Facts, browser: Browser) -> Verdict:
    value = facts.storage.indexed_db
    if value is True:
        return OK, T("The website database (IndexedDB) works"), T("The page could save data there.")
    if value is False:
        return FAIL, T("The website database (IndexedDB) is blocked"), _BLOCKED
    return (
        UNKNOWN,
        T("Could not test the website database (IndexedDB)"),
        T("The test gave no answer."),
    )


_MB = 1024 * 1024


@_rule("storage-quota")
def _storage_quota(facts: Facts, browser: Browser) -> Verdict:
    quota = _number(facts.storage.quota_bytes)
    usage = _number(facts.storage.usage_bytes) or 0.0
    if quota is None or quota < 0:
        return UNKNOWN, T("Could not read the storage space"), T("The browser did not report it.")
    free = _size(max(quota - usage, 0))
    if quota < 50 * _MB:
        return (
            WARN,
            T("Very little storage space for websites"),
            T(
                "Only {free} is available, often because of private browsing or a full disk. "
                "Free some disk space or use a normal window.",
                free=free,
            ),
        )
    if usage / quota > 0.9:
        return (
            WARN,
            T("Website storage is almost full"),
            T(
                "Only {free} is left. Clear site data you no longer need or free disk space.",
                free=free,
            ),
        )
    return (
        OK,
        T("There is enough storage space for websites"),
        T("About {free} is free.", free=free),
    )


def _size(size: float) -> str:
    """Return a byte count in words: ``"12 MB"``, ``"3.5 GB"``."""
    if size >= 1024 * _MB:
        return f"{size / (1024 * _MB):,.1f} GB"
    return f"{size / _MB:,.0f} MB"


# Interference


@_rule("ad-blocker")
def _ad_blocker(facts: Facts, browser: Browser) -> Verdict:
    blocked = facts.blockers.bait_blocked
    if blocked is True:
        return (
            WARN,
            T("An ad or content blocker is active"),
            T(
                "Blockers rarely break streaming sites, but an over-eager one can (error "
                "M7121-1331 has been linked to them). If playback fails, pause it for the "
                "streaming site and retry."
            ),
        )
    if blocked is False:
        return OK, T("No ad blocker was detected"), T("Nothing is hiding page elements.")
    return UNKNOWN, T("Could not tell whether a blocker is active"), T("The test gave no answer.")
