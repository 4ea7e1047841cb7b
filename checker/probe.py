"""The checker's browser edge: decide what to ask the browser and gather the facts.

This is the only module of the package that talks to JavaScript, and it does so through
one narrow door, a *host call* handed in by the Web Worker (``checker/web/worker.mjs``)::

    call(op: str, args_json: str) -> Promise<reply_json: str>
    reply = {"ok": true, "value": ...} | {"ok": false, "name": "...", "message": "..."}

Each op is a primitive ("request access to this key system with these configurations",
"is this MIME type supported", "write this cookie and read it back"). Ops that need the
window (EME, cookies, ``matchMedia``, ``screen``, the bait element) are forwarded by the
worker to the page's bridge (``checker/web/bridge.mjs``); the rest (``fetch``,
IndexedDB, the storage estimate) run in the worker. *What* to ask, with which
configurations, and how to read the answers into ``checker.facts`` is decided here; what
the facts mean for the reader is decided by ``checker.rules``.

JSON crosses the boundary in both directions, so no ``JsProxy`` can leak into the facts,
and JavaScript's ``null`` and ``undefined`` both arrive as ``None``. Because of that this
module imports neither ``js`` nor ``pyodide`` and runs unchanged on CPython, where the
tests drive it with a fake host.

Every op has a timeout (5 s by default): a browser that never answers (Android WebViews
are known to leave ``requestMediaKeySystemAccess`` pending forever) yields ``None`` facts
and the probe's name in ``timed_out``. No probe raises: an unexpected error leaves its
facts ``None`` as well. Independent probes run concurrently, so the whole check takes
about as long as its slowest probe.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import math
import os
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from checker.i18n import N_

TIMEOUT_S = 5.0
"""How long one browser operation may take before its facts become unknown."""

DOWNLOAD_MAX_MS = 4000
"""The timed download stops after this long and measures what arrived (below TIMEOUT_S)."""

DOWNLOAD_MIN_BYTES = 256 * 1024
"""Less than this arriving in DOWNLOAD_MAX_MS gives no trustworthy speed figure."""

HostCall = Callable[[str, str], Awaitable[Any]]
"""``call(op, args_json)`` resolving to the reply JSON (a JS function in Pyodide)."""

VIDEO_AVC = 'video/mp4; codecs="avc1.42E01E"'
"""The video type of the DRM configurations: H.264 baseline, which every CDM decrypts."""
AUDIO_AAC = 'audio/mp4; codecs="mp4a.40.2"'
"""The audio type of the DRM configurations (AAC-LC)."""

WIDEVINE_ROBUSTNESS = (
    "SW_SECURE_CRYPTO",
    "SW_SECURE_DECODE",
    "HW_SECURE_CRYPTO",
    "HW_SECURE_DECODE",
    "HW_SECURE_ALL",
)
"""Widevine's levels, weakest first; the HW ones are what services call L1."""

PLAYREADY_ROBUSTNESS = ("150", "2000", "3000")
"""PlayReady security levels; 3000 is hardware (needed for 4K in Edge)."""

ENCRYPTION_SCHEMES = ("cenc", "cbcs")
"""Common-encryption modes: cenc (CTR, most services) and cbcs (CBC, Apple and newer)."""

HDCP_VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "2.0", "2.1", "2.2", "2.3")
"""Versions asked of ``getStatusForPolicy`` (Shaka asks the same list)."""


@dataclass(frozen=True)
class KeySystemPlan:
    """How to ask for one key system."""

    key_system: str
    init_data_types: tuple[str, ...]
    """What the key system understands: cenc (PSSH boxes), keyids, sinf/skd (FairPlay)."""
    robustness: tuple[str, ...] = ()
    """Video robustness levels to ask for; the answer lists the ones granted."""
    audio_robustness: str = ""
    """Audio robustness (Widevine only; Chromium warns when it is missing)."""
    drm: bool = True
    """A real DRM (worth an HDCP query); False for the ClearKey control."""

    def configurations(self) -> list[dict[str, Any]]:
        """Return the ``MediaKeySystemConfiguration`` list for ``requestMediaKeySystemAccess``.

        The first configuration lists one video capability per robustness level and
        scheme: the browser keeps the ones it supports, so a single request tells all
        levels (and shows at most one Firefox DRM prompt). The second, plain one is a
        fallback for browsers that refuse a capability field they do not know. Codecs are
        always given: configurations without them warn and fail later (BCD).
        """
        levels = self.robustness or ("",)
        video = [
            {"contentType": VIDEO_AVC, "encryptionScheme": scheme, **_robustness(level)}
            for level in levels
            for scheme in ENCRYPTION_SCHEMES
        ]
        base: dict[str, Any] = {
            "initDataTypes": list(self.init_data_types),
            "audioCapabilities": [{"contentType": AUDIO_AAC, **_robustness(self.audio_robustness)}],
            "distinctiveIdentifier": "optional",
            "persistentState": "optional",
            "sessionTypes": ["temporary"],
        }
        plain_video = [{"contentType": VIDEO_AVC, **_robustness(levels[0])}]
        return [
            {"label": "detailed", **base, "videoCapabilities": video},
            {"label": "plain", **base, "videoCapabilities": plain_video},
        ]


KEY_SYSTEMS = (
    KeySystemPlan("com.widevine.alpha", ("cenc",), WIDEVINE_ROBUSTNESS, "SW_SECURE_CRYPTO"),
    KeySystemPlan("com.microsoft.playready.recommendation", ("cenc",), PLAYREADY_ROBUSTNESS),
    KeySystemPlan("com.microsoft.playready.recommendation.3000", ("cenc",), ("3000",)),
    KeySystemPlan("com.apple.fps", ("cenc", "sinf", "skd")),
    KeySystemPlan("org.w3.clearkey", ("cenc", "keyids"), drm=False),
)
"""Every key system probed; ClearKey is the control that tells "EME works at all"."""


@dataclass(frozen=True)
class CodecPlan:
    """How to ask about one codec: its MIME type and the ``decodingInfo`` cases."""

    name: str
    content_type: str
    cases: tuple[tuple[str, dict[str, Any]], ...]
    """(label, the ``video`` or ``audio`` part of a ``MediaDecodingConfiguration``)."""


def _video(width: int, height: int, bitrate: int) -> dict[str, Any]:
    """Return the ``video`` part of a decoding configuration at 30 frames per second."""
    return {"width": width, "height": height, "bitrate": bitrate, "framerate": 30}


_VIDEO_CASES = (("1080p", _video(1920, 1080, 5_000_000)), ("2160p", _video(3840, 2160, 16_000_000)))

CODECS = (
    CodecPlan("avc", VIDEO_AVC, _VIDEO_CASES),
    # Main 10 at level 5.0: what 4K/HDR streams use, so a "yes" means 4K HEVC is possible.
    CodecPlan("hevc", 'video/mp4; codecs="hvc1.2.4.L150.B0"', _VIDEO_CASES),
    CodecPlan("vp9", 'video/mp4; codecs="vp09.00.50.08"', _VIDEO_CASES),
    CodecPlan("av1", 'video/mp4; codecs="av01.0.12M.08"', _VIDEO_CASES),
    CodecPlan("aac", AUDIO_AAC, (("stereo", {"channels": "2", "bitrate": 128_000,
                                             "samplerate": 48_000}),)),
    CodecPlan("eac3", 'audio/mp4; codecs="ec-3"', (("5.1", {"channels": "6", "bitrate": 640_000,
                                                             "samplerate": 48_000}),)),
)

_ENV_PATHS = (
    "navigator.userAgent",
    "navigator.userAgentData.brands",
    "navigator.userAgentData.platform",
    "navigator.userAgentData.mobile",
    "navigator.maxTouchPoints",
    "navigator.webdriver",
    "isSecureContext",
    "WebAssembly",
    "screen.width",
    "screen.height",
    "devicePixelRatio",
    "navigator.onLine",
    "navigator.connection.effectiveType",
    "navigator.connection.downlink",
    "navigator.connection.rtt",
    "navigator.connection.saveData",
    "navigator.cookieEnabled",
    "navigator.requestMediaKeySystemAccess",
    "MediaKeys",
    "MediaKeySystemAccess.prototype.getConfiguration",
    "MediaKeys.prototype.getStatusForPolicy",
    "MediaSource",
    "ManagedMediaSource",
    "navigator.mediaCapabilities.decodingInfo",
)
"""Window properties read in one round trip; the bridge answers ``{type, value}`` each."""



@dataclass(frozen=True)
class Answer:
    """What one host operation gave: a value, an error text, or a timeout."""

    value: Any = None
    error: str | None = None
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        """The operation answered without error."""
        return self.error is None and not self.timed_out


class Env:
    """The window properties read up front, with typed accessors that never raise."""

    def __init__(self, answer: dict[str, Any] | None) -> None:
        self._data = answer if isinstance(answer, dict) else {}

    @property
    def known(self) -> bool:
        """Whether the read succeeded at all (otherwise every accessor gives None)."""
        return bool(self._data)

    def type_of(self, path: str) -> str | None:
        """Return JavaScript's ``typeof`` for ``path`` ("undefined" when absent)."""
        entry = self._data.get(path)
        return entry.get("type") if isinstance(entry, dict) else None

    def exists(self, path: str) -> bool | None:
        """Return whether ``path`` is defined (None when the read failed)."""
        kind = self.type_of(path)
        return None if kind is None or kind == "error" else kind != "undefined"

    def value(self, path: str) -> Any:
        """Return the JSON value at ``path``, or None."""
        entry = self._data.get(path)
        return entry.get("value") if isinstance(entry, dict) else None

    def text(self, path: str) -> str | None:
        """Return the value if it is a string."""
        value = self.value(path)
        return value if isinstance(value, str) else None

    def flag(self, path: str) -> bool | None:
        """Return the value if it is a boolean."""
        value = self.value(path)
        return value if isinstance(value, bool) else None

    def number(self, path: str) -> float | None:
        """Return the value if it is a finite number (booleans excluded)."""
        value = self.value(path)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value) if math.isfinite(value) else None

    def integer(self, path: str) -> int | None:
        """Return the value rounded to an int, if it is a number."""
        number = self.number(path)
        return None if number is None else round(number)


class Prober:
    """Runs the probes against one host and collects the facts dict."""

    def __init__(self, call: HostCall, *, timeout_s: float = TIMEOUT_S) -> None:
        self._call = call
        self.timeout_s = timeout_s
        self.timed_out: list[str] = []
        self._running: list[str] = []

    async def _raw(self, op: str, args: dict[str, Any]) -> Any:
        """Send one op and decode the reply envelope; raise ``HostError`` on ``ok: false``."""
        reply = json.loads(str(await self._call(op, json.dumps(args))))
        if not isinstance(reply, dict):
            raise HostError("BadReply", f"{op} answered {reply!r}")
        if not reply.get("ok"):
            raise HostError(str(reply.get("name") or "Error"), str(reply.get("message") or ""))
        return reply.get("value")

    async def ask(self, name: str, op: str, /, **args: Any) -> Answer:
        """Run ``op`` with the timeout; record ``name`` in ``timed_out`` when it expires.

        An empty ``name`` marks housekeeping whose timeout is nobody's business.
        """
        try:
            value = await asyncio.wait_for(self._raw(op, args), self.timeout_s)
        except TimeoutError:
            if name:
                self.timed_out.append(name)
            return Answer(error="no answer in time", timed_out=True)
        except HostError as error:
            return Answer(error=str(error))
        except Exception as error:  # a probe reports, it never raises
            return Answer(error=f"{type(error).__name__}: {error}")
        return Answer(value=value)

    def _running_text(self) -> str:
        """Return the progress text for the groups running now ("" when none is).

        With none running it says nothing: the bait may be done before the other groups
        have started, and ``gather`` itself says when all are done.
        """
        return f"Checking {', '.join(self._running)} …" if self._running else ""

    async def _progress(self, text: str) -> None:
        """Show ``text`` on the page, if any (best effort, never fails).

        The page shows it in its own language: it translates ``text``, or, while groups
        run, "Checking {what} …" with each of ``running`` translated.
        """
        if not text:
            return
        running = list(self._running) if text == self._running_text() else []
        with contextlib.suppress(Exception):  # progress is decoration, the check goes on
            await asyncio.wait_for(self._raw("progress", {"text": text, "running": running}),
                                   self.timeout_s)

    async def stage(self, label: str, work: Coroutine[Any, Any, dict[str, Any]]) -> dict[str, Any]:
        """Run one group of probes under a progress label; a crash leaves it empty.

        The group's first operation goes out at once; the progress note goes alongside.
        """
        self._running.append(label)
        note = asyncio.ensure_future(self._progress(self._running_text()))
        try:
            return await work
        except Exception:  # one broken probe must not lose the others
            return {}
        finally:
            self._running.remove(label)
            await note
            await self._progress(self._running_text())

    async def gather(self) -> dict[str, Any]:
        """Run every probe and return the dict ``checker.facts.Facts.from_dict`` accepts.

        The ad-block bait needs nothing from the window read and may still have to wait
        for cosmetic filters, so it is the first operation sent (its task is the first to
        run) and any wait left passes while the others run.
        """
        bait = asyncio.ensure_future(self.stage(N_("blockers"), self._blockers()))
        env_answer, intl = await asyncio.gather(
            self.ask("env", "read", paths=list(_ENV_PATHS)),
            self.ask("intl", "intl"),
        )
        env = Env(env_answer.value)
        eme, codecs, display, network, storage, blockers = await asyncio.gather(
            self.stage(N_("DRM"), self._eme(env)),
            self.stage(N_("codecs"), self._codecs(env)),
            self.stage(N_("the screen"), self._display(env)),
            self.stage(N_("the connection"), self._network(env)),
            self.stage(N_("storage and cookies"), self._storage(env)),
            bait,
        )
        await asyncio.gather(
            self._progress(N_("Judging the results …")),
            self.ask("", "eme.release"),  # let the page drop its MediaKeys objects
        )
        return {
            "browser": _browser(env, intl),
            "eme": eme,
            "codecs": codecs,
            "display": display,
            "network": network,
            "storage": storage,
            "blockers": blockers,
            "timed_out": sorted(set(self.timed_out)),
        }

    # DRM

    async def _eme(self, env: Env) -> dict[str, Any]:
        """Check that EME exists (as Shaka does), then probe every key system at once."""
        paths = (
            "navigator.requestMediaKeySystemAccess",
            "MediaKeys",
            "MediaKeySystemAccess.prototype.getConfiguration",
        )
        kinds = [env.type_of(path) for path in paths]
        if None in kinds or "error" in kinds:
            return {"available": None, "key_systems": {}}
        if any(kind != "function" for kind in kinds):
            return {"available": False, "key_systems": {}}
        policy = env.type_of("MediaKeys.prototype.getStatusForPolicy") == "function"
        results = await asyncio.gather(*(self._key_system(plan, policy) for plan in KEY_SYSTEMS))
        systems = zip(KEY_SYSTEMS, results, strict=True)
        return {"available": True, "key_systems": {p.key_system: r for p, r in systems}}

    async def _key_system(self, plan: KeySystemPlan, policy: bool) -> dict[str, Any]:
        """Request access, read the granted configuration, create MediaKeys, ask HDCP."""
        name = f"eme:{plan.key_system}"
        access = await self.ask(
            name, "eme.access", keySystem=plan.key_system, configs=plan.configurations()
        )
        if access.timed_out:
            return {"supported": None, "timed_out": True}
        if not access.ok or not isinstance(access.value, dict):
            return {"supported": False, "error": access.error}
        config = access.value.get("configuration")
        granted = _capabilities(config)
        facts: dict[str, Any] = {
            "robustness": [level for level in plan.robustness if level in granted["robustness"]],
            "encryption_schemes": [s for s in ENCRYPTION_SCHEMES if s in granted["schemes"]],
        }
        # Access can be granted while the CDM itself fails to start (Shaka's drm_engine
        # learnt this the hard way), so only a created MediaKeys counts as supported.
        keys = await self.ask(f"{name}:createMediaKeys", "eme.createMediaKeys",
                              handle=access.value.get("handle"))
        if keys.timed_out:
            return {**facts, "supported": None, "timed_out": True}
        if not keys.ok or not isinstance(keys.value, dict):
            return {**facts, "supported": False, "error": f"createMediaKeys: {keys.error}"}
        hdcp = None
        if plan.drm and policy:
            hdcp = await self._hdcp(plan.key_system, keys.value.get("handle"))
        return {**facts, "supported": True, "hdcp": hdcp}

    async def _hdcp(self, key_system: str, handle: Any) -> dict[str, str] | None:
        """Return the key status per minimum HDCP version; None when nothing answered."""
        answers = await asyncio.gather(*(
            self.ask(f"hdcp:{key_system}:{version}", "eme.policy",
                     handle=handle, minHdcpVersion=version)
            for version in HDCP_VERSIONS
        ))
        statuses = {
            version: answer.value
            for version, answer in zip(HDCP_VERSIONS, answers, strict=True)
            if answer.ok and isinstance(answer.value, str)
        }
        return statuses or None

    # Codecs

    async def _codecs(self, env: Env) -> dict[str, Any]:
        """Ask MSE about every codec in one go, then ``decodingInfo`` per codec and size."""
        has_mse = env.exists("MediaSource") or env.exists("ManagedMediaSource")
        mse = await self.ask("codecs:mse", "mse.isTypeSupported",
                             types=[plan.content_type for plan in CODECS])
        mse_answers = mse.value if mse.ok and isinstance(mse.value, dict) else {}
        can_decode = env.type_of("navigator.mediaCapabilities.decodingInfo") == "function"
        # "media-source" asks about MSE playback, which is what streaming sites use.
        source = "media-source" if has_mse else "file"
        plans = [(plan, label, case) for plan in CODECS for label, case in plan.cases]
        infos = await asyncio.gather(*(
            self._decoding(plan, label, case, source) for plan, label, case in plans
        )) if can_decode else [None] * len(plans)
        codecs: dict[str, Any] = {
            plan.name: {
                "content_type": plan.content_type,
                "mse": _as_bool(mse_answers.get(plan.content_type)),
                "decoding": {},
            }
            for plan in CODECS
        }
        for (plan, label, _case), info in zip(plans, infos, strict=True):
            if info is not None:
                codecs[plan.name]["decoding"][label] = info
        return codecs

    async def _decoding(self, plan: CodecPlan, label: str, case: dict[str, Any],
                        source: str) -> dict[str, bool] | None:
        """Return ``decodingInfo``'s answer for one case, None when it gave none."""
        kind = "video" if plan.content_type.startswith("video/") else "audio"
        config = {"type": source, kind: {"contentType": plan.content_type, **case}}
        answer = await self.ask(f"codecs:{plan.name}:{label}", "mediaCapabilities.decodingInfo",
                                config=config)
        if not answer.ok or not isinstance(answer.value, dict):
            return None
        keys = {"supported": "supported", "smooth": "smooth", "power_efficient": "powerEfficient"}
        info = {ours: answer.value.get(theirs) for ours, theirs in keys.items()}
        return {key: value for key, value in info.items() if isinstance(value, bool)}

    # Screen

    async def _display(self, env: Env) -> dict[str, Any]:
        """Return the screen size (the rules multiply by the pixel ratio), HDR and P3."""
        queries = {"hdr": "(dynamic-range: high)", "wide_gamut": "(color-gamut: p3)"}
        media = await self.ask("display:matchMedia", "matchMedia", queries=list(queries.values()))
        matches = media.value if media.ok and isinstance(media.value, dict) else {}
        return {
            "width": env.integer("screen.width"),
            "height": env.integer("screen.height"),
            "pixel_ratio": env.number("devicePixelRatio"),
            **{key: _as_bool(matches.get(query)) for key, query in queries.items()},
        }

    # Network

    async def _network(self, env: Env) -> dict[str, Any]:
        """Return connectivity as the browser reports it and as a timed download shows."""
        facts: dict[str, Any] = {
            "online": env.flag("navigator.onLine"),
            "effective_type": env.text("navigator.connection.effectiveType"),
            "downlink_mbps": env.number("navigator.connection.downlink"),
            "rtt_ms": env.number("navigator.connection.rtt"),
            "save_data": env.flag("navigator.connection.saveData"),
        }
        answer = await self.ask("network:download", "download", path="speed.bin",
                                maxMs=DOWNLOAD_MAX_MS)
        return {**facts, **_download_facts(answer, self.timed_out)}

    # Storage and cookies

    async def _storage(self, env: Env) -> dict[str, Any]:
        """Write and read back a cookie, localStorage and IndexedDB; read the quota."""
        token = os.urandom(4).hex()  # what secrets.token_hex(4) does, without its imports
        cookie, local, idb, estimate = await asyncio.gather(
            self.ask("storage:cookie", "cookie.roundtrip", name="kb_checker_probe", value=token),
            self.ask("storage:localStorage", "localStorage.roundtrip", key="kb-checker-probe",
                     value=token),
            self.ask("storage:indexedDB", "indexedDB.open", name="kb-checker-probe"),
            self.ask("storage:estimate", "storage.estimate"),
        )
        quota = estimate.value if estimate.ok and isinstance(estimate.value, dict) else {}
        return {
            "cookie_enabled": env.flag("navigator.cookieEnabled"),
            "cookie_write": _roundtrip(cookie),
            "local_storage": _roundtrip(local),
            "indexed_db": _roundtrip(idb),
            "quota_bytes": _as_int(quota.get("quota")),
            "usage_bytes": _as_int(quota.get("usage")),
        }

    # Blockers

    async def _blockers(self) -> dict[str, Any]:
        """Return whether the ad-block bait element was hidden."""
        # The bridge owns the bait: the page places it at the click, so that the wait
        # cosmetic filters need has passed by the time Python asks.
        answer = await self.ask("blockers:bait", "bait")
        reply = answer.value if answer.ok and isinstance(answer.value, dict) else {}
        return {"bait_blocked": _as_bool(reply.get("blocked"))}


class HostError(Exception):
    """The JavaScript side answered an op with an error (a rejected promise, a throw)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}" if message else name)
        self.name = name


async def gather(call: HostCall, *, timeout_s: float = TIMEOUT_S) -> dict[str, Any]:
    """Probe the browser through ``call`` and return the facts dict."""
    return await Prober(call, timeout_s=timeout_s).gather()


async def run_check(call: HostCall, manifest_json: str, current_code: str = "",
                    base_url: str = "", messages_json: str = "") -> str:
    """The worker's entry point: probe, judge, link; return JSON ``{"report", "text"}``.

    Strings in and out, so the worker never holds Python objects and no PyProxy needs to
    be destroyed. ``current_code`` is "" on pages that are not a code's page; ``base_url``
    (the page's origin) goes in front of the links in the plain-text version;
    ``messages_json`` is the page language's catalogue ("" or unreadable: English).
    """
    # Imported here: gathering facts needs neither, and the probe stays importable alone.
    from checker.report import report_to_text, run

    facts = await gather(call)
    messages = _catalogue(messages_json)
    report = run(facts, json.loads(manifest_json), current_code or None, messages)
    return json.dumps({"report": report, "text": report_to_text(report, base_url, messages)})


def _catalogue(messages_json: str) -> dict[str, str]:
    """Return the catalogue the page sent, keeping only text -> text entries."""
    try:
        data = json.loads(messages_json) if messages_json else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


# Helpers that turn replies into facts


def _robustness(level: str) -> dict[str, str]:
    """Return the ``robustness`` member for a capability, absent when empty.

    An empty robustness makes Chromium log a warning; leaving the key out keeps the
    console quiet for key systems (ClearKey, FairPlay) that have no levels.
    """
    return {"robustness": level} if level else {}


def _capabilities(config: Any) -> dict[str, set[str]]:
    """Return the robustness levels and schemes of the granted video capabilities."""
    found: dict[str, set[str]] = {"robustness": set(), "schemes": set()}
    capabilities = config.get("videoCapabilities") if isinstance(config, dict) else None
    for capability in capabilities if isinstance(capabilities, list) else []:
        if not isinstance(capability, dict):
            continue
        if isinstance(capability.get("robustness"), str) and capability["robustness"]:
            found["robustness"].add(capability["robustness"])
        # Browsers that do not know encryptionScheme leave it out of the answer (Shaka).
        if isinstance(capability.get("encryptionScheme"), str):
            found["schemes"].add(capability["encryptionScheme"])
    return found


def _download_facts(answer: Answer, timed_out: list[str]) -> dict[str, Any]:
    """Turn the timed download's reply into speed and clock-skew facts."""
    if not answer.ok or not isinstance(answer.value, dict):
        return {"measured_mbps": None, "download_error": answer.error, "clock_skew_s": None}
    reply = answer.value
    skew = _clock_skew(reply.get("date"), reply.get("receivedAt"))
    facts: dict[str, Any] = {"measured_mbps": None, "download_error": None, "clock_skew_s": skew}
    status, size, took = reply.get("status"), _as_int(reply.get("bytes")), reply.get("ms")
    if reply.get("aborted") and not status:
        timed_out.append("network:download")
        facts["download_error"] = f"no answer within {DOWNLOAD_MAX_MS / 1000:g} s"
    elif status != 200:
        facts["download_error"] = f"HTTP status {status}"
    elif size is None or size < DOWNLOAD_MIN_BYTES or not isinstance(took, (int, float)):
        facts["download_error"] = f"only {size or 0} bytes arrived: too little to measure"
    else:
        # Time from the first byte to the last: latency is the rtt's business, not speed's.
        seconds = max(float(took), 1.0) / 1000
        facts["measured_mbps"] = round(size * 8 / seconds / 1e6, 1)
    return facts


def _clock_skew(date_header: Any, received_at_ms: Any) -> float | None:
    """Return local time minus the server's ``Date``, in seconds (None when unknown).

    ``Date`` has one-second resolution and is truncated, so the server's real time lies
    in [Date, Date + 1): compare with the middle of that second.
    """
    if not isinstance(date_header, str) or not isinstance(received_at_ms, (int, float)):
        return None
    server = _http_date(date_header)
    if server is None:
        return None
    return round(float(received_at_ms) / 1000 - (server + 0.5), 1)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_GMT = ("gmt", "ut", "utc", "z", "+0000", "-0000")


def _http_date(text: str) -> float | None:
    """Return the POSIX time of an HTTP ``Date`` value, or None if it is not one.

    Accepts the three forms RFC 9110 (section 5.6.7) asks recipients to read, always in
    GMT: ``Sun, 06 Nov 1994 08:49:37 GMT`` (IMF-fixdate), ``Sunday, 06-Nov-94 08:49:37
    GMT`` (RFC 850) and ``Sun Nov  6 08:49:37 1994`` (asctime). Parsed by hand: the
    ``email.utils`` parser would cost the probe about 70 ms of imports in Pyodide.
    """
    parts = text.replace(",", " ").split()
    if parts and parts[0].isalpha() and parts[0][:3].lower() not in _MONTHS:
        parts = parts[1:]  # the day name, which says nothing the date does not
    if len(parts) == 3 and parts[0].count("-") == 2:  # RFC 850: 06-Nov-94 08:49:37 GMT
        parts = [*parts[0].split("-"), *parts[1:]]
    if len(parts) == 4 and parts[0][:3].lower() in _MONTHS:  # asctime: Nov 6 08:49:37 1994
        month, day, clock, year, zone = parts[0], parts[1], parts[2], parts[3], "GMT"
    elif len(parts) == 5:
        day, month, year, clock, zone = parts
    else:
        return None
    hms = clock.split(":")
    numbers = [day, year, *hms]
    if (zone.lower() not in _GMT or month[:3].lower() not in _MONTHS or len(hms) != 3
            or not all(n.isascii() and n.isdigit() for n in numbers)):
        return None
    years = int(year)
    if len(year) == 2:  # RFC 850's two-digit year, read as RFC 5322 does
        years += 1900 if years > 68 else 2000
    try:
        moment = datetime.datetime(years, _MONTHS.index(month[:3].lower()) + 1, int(day),
                                   int(hms[0]), int(hms[1]), int(hms[2]), tzinfo=datetime.UTC)
    except ValueError:  # 31 February, hour 25, ...
        return None
    return moment.timestamp()


def _roundtrip(answer: Answer) -> bool | None:
    """Return a storage op's verdict: written and read back, refused, or unknown."""
    if not answer.ok or not isinstance(answer.value, dict):
        return None
    return _as_bool(answer.value.get("ok"))


def _as_bool(value: Any) -> bool | None:
    """Return ``value`` if it is a real boolean, else None (never guess from truthiness)."""
    return value if isinstance(value, bool) else None


def _as_int(value: Any) -> int | None:
    """Return a finite number as int, else None (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return int(value)


def _browser(env: Env, intl: Answer) -> dict[str, Any]:
    """Return the browser facts from the window read and ``Intl``'s resolved options."""
    brands = env.value("navigator.userAgentData.brands")
    names = [
        entry["brand"] for entry in brands if isinstance(entry, dict)
        and isinstance(entry.get("brand"), str)
    ] if isinstance(brands, list) else []
    zone = intl.value.get("timeZone") if intl.ok and isinstance(intl.value, dict) else None
    wasm = env.type_of("WebAssembly")
    return {
        "user_agent": env.text("navigator.userAgent") or "",
        "brands": names,
        "platform": env.text("navigator.userAgentData.platform"),
        "mobile": env.flag("navigator.userAgentData.mobile"),
        "max_touch_points": env.integer("navigator.maxTouchPoints"),
        "webdriver": env.flag("navigator.webdriver"),
        "secure_context": env.flag("isSecureContext"),
        "webassembly": None if wasm in (None, "error") else wasm == "object",
        "time_zone": zone if isinstance(zone, str) else None,
    }
