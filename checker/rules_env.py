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

# Network


@_rule("online")
def _online(facts: Facts, browser: Browser) -> Verdict:
    if facts.network.online is False:
        return (
            FAIL,
            "The browser says it is offline",
            "Nothing can stream without a connection. Check Wi-Fi or cable and restart the router.",
        )
    if facts.network.online is True:
        return (
            OK,
            "The browser reports a network connection",
            "This does not prove the internet works; the speed test shows whether data arrives.",
        )
    return UNKNOWN, "Could not tell whether the browser is online", "The browser did not say."


_SPEEDS = ((15.0, "4K"), (5.0, "1080p"), (3.0, "720p"))
"""Netflix's current figures (Mbit/s); its older help page said 3 SD, 5 HD, 25 UHD."""


@_rule("bandwidth")
def _bandwidth(facts: Facts, browser: Browser) -> Verdict:
    mbps = _number(facts.network.measured_mbps)
    if mbps is None or mbps < 0:
        error = facts.network.download_error
        # The error text comes from the browser: one line, and short enough to read.
        error = " ".join(error.split())[:200] if isinstance(error, str) else ""
        why = f" (the test download failed: {error})" if error else ""
        return (
            UNKNOWN,
            "Could not measure the connection speed",
            f"The speed test did not finish{why}. You can measure it at fast.com.",
        )
    speed = f"{mbps:.1f} Mbit/s"
    needs = "720p needs about 3 Mbit/s, 1080p 5 and 4K 15."
    quality = next((label for floor, label in _SPEEDS if mbps >= floor), None)
    if quality is None:
        return (
            FAIL,
            f"The connection is too slow for HD ({speed})",
            f"{needs} Pause other downloads, move closer to the Wi-Fi router or use a cable.",
        )
    if quality == "720p":
        detail = f"{needs} Video will be sharper on a faster connection."
        return WARN, f"The connection is enough for 720p only ({speed})", detail
    detail = f"{needs} Measured to this site; the streaming service's own servers may differ."
    return OK, f"The connection is fast enough for {quality} ({speed})", detail


@_rule("clock")
def _clock(facts: Facts, browser: Browser) -> Verdict:
    skew = _number(facts.network.clock_skew_s)
    if skew is None:
        return UNKNOWN, "Could not compare the clock", "The server's time could not be read."
    off = f"{_duration(abs(skew))} {'ahead' if skew > 0 else 'behind'}"
    why = "DRM licences and sign-in depend on the right time: turn on automatic date and time."
    if abs(skew) > 300:
        return FAIL, f"The computer's clock is {off}", why
    if abs(skew) > 60:
        return WARN, f"The computer's clock is {off}", why
    return OK, "The computer's clock is right", "It is within a minute of the real time."


def _duration(seconds: float) -> str:
    """Return ``seconds`` in words: ``"45 seconds"``, ``"7 minutes"``, ``"3 hours"``."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= 2 * size:
            return f"{round(seconds / size)} {unit}s"
    return f"{round(seconds)} seconds"


# Storage


@_rule("cookies")
def _cookies(facts: Facts, browser: Browser) -> Verdict:
    enabled, written = facts.storage.cookie_enabled, facts.storage.cookie_write
    fix = (
        "Streaming sites need cookies to keep you signed in; without them you are signed out "
        "or stuck in a sign-in loop. Allow cookies for the site (Netflix: netflix.com/clearcookies "
        "resets them)."
    )
    if enabled is True and written is False:
        return FAIL, "Cookies are blocked, although the browser says they are on", fix
    if enabled is False or written is False:
        return FAIL, "Cookies are blocked", fix
    if written is True:
        return OK, "Cookies work", "A test cookie was saved and read back."
    return UNKNOWN, "Could not test cookies", "The cookie test gave no answer."


def _storage_rule(name: str, value: bool | None) -> Verdict:
    """Return the verdict for a simple site-storage write test."""
    subject = name[:1].upper() + name[1:]
    if value is True:
        return OK, f"{subject} works", "The page could save data there."
    if value is False:
        return (
            FAIL,
            f"{subject} is blocked",
            "Streaming sites keep settings and sign-in data in the browser. Allow site data "
            "(it is usually blocked together with cookies) or leave private browsing.",
        )
    return UNKNOWN, f"Could not test {name}", "The test gave no answer."


@_rule("local-storage")
def _local_storage(facts: Facts, browser: Browser) -> Verdict:
    return _storage_rule("website storage (localStorage)", facts.storage.local_storage)


@_rule("indexed-db")
def _indexed_db(facts: Facts, browser: Browser) -> Verdict:
    return _storage_rule("the website database (IndexedDB)", facts.storage.indexed_db)


_MB = 1024 * 1024


@_rule("storage-quota")
def _storage_quota(facts: Facts, browser: Browser) -> Verdict:
    quota = _number(facts.storage.quota_bytes)
    usage = _number(facts.storage.usage_bytes) or 0.0
    if quota is None or quota < 0:
        return UNKNOWN, "Could not read the storage space", "The browser did not report it."
    free = _size(max(quota - usage, 0))
    if quota < 50 * _MB:
        return (
            WARN,
            "Very little storage space for websites",
            f"Only {free} is available, often because of private browsing or a full disk. "
            "Free some disk space or use a normal window.",
        )
    if usage / quota > 0.9:
        return (
            WARN,
            "Website storage is almost full",
            f"Only {free} is left. Clear site data you no longer need or free disk space.",
        )
    return OK, "There is enough storage space for websites", f"About {free} is free."


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
            "An ad or content blocker is active",
            "Blockers rarely break Netflix, but an over-eager one can (error M7121-1331 has been "
            "linked to them). If playback fails, pause it for the streaming site and retry.",
        )
    if blocked is False:
        return OK, "No ad blocker was detected", "Nothing is hiding page elements."
    return UNKNOWN, "Could not tell whether a blocker is active", "The test gave no answer."
