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
import json
import math
import os
from collections.abc import Coroutine
from dataclasses import replace
from typing import Any

from checker.facts import (
    PROBE_TIMEOUT_S,
    BlockerFacts,
    BrowserFacts,
    CodecFacts,
    DisplayFacts,
    EmeFacts,
    Facts,
    KeySystemFacts,
    NetworkFacts,
    StorageFacts,
)
from checker.host import Answer, Env, HostCall, HostError
from checker.httpdate import clock_skew
from checker.i18n import N_
from checker.plans import (
    CODECS,
    DOWNLOAD_MAX_MS,
    DOWNLOAD_MIN_BYTES,
    ENCRYPTION_SCHEMES,
    ENV_PATHS,
    HDCP_VERSIONS,
    KEY_SYSTEMS,
    CodecPlan,
    KeySystemPlan,
)


class Prober:
    """Runs the probes against one host and collects the facts dict."""

    def __init__(self, call: HostCall, *, timeout_s: float = PROBE_TIMEOUT_S) -> None:
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

    async def stage[G](self, label: str, work: Coroutine[Any, Any, G], empty: G) -> G:
        """Run one group of probes under a progress label; a crash leaves it ``empty``.

        The group's first operation goes out at once; the progress note goes alongside.
        """
        self._running.append(label)
        note = asyncio.ensure_future(self._progress(self._running_text()))
        try:
            return await work
        except Exception:  # one broken probe must not lose the others
            return empty
        finally:
            self._running.remove(label)
            await note
            await self._progress(self._running_text())

    async def gather(self) -> Facts:
        """Run every probe and return the facts, typed once, here.

        The ad-block bait needs nothing from the window read and may still have to wait
        for cosmetic filters, so it is the first operation sent (its task is the first to
        run) and any wait left passes while the others run.
        """
        bait = asyncio.ensure_future(
            self.stage(N_("blockers"), self._blockers(), BlockerFacts()))
        env_answer, intl = await asyncio.gather(
            self.ask("env", "read", paths=list(ENV_PATHS)),
            self.ask("intl", "intl"),
        )
        env = Env(env_answer.value)
        eme, codecs, display, network, storage, blockers = await asyncio.gather(
            self.stage(N_("DRM"), self._eme(env), EmeFacts()),
            self.stage(N_("codecs"), self._codecs(env), {}),
            self.stage(N_("the screen"), self._display(env), DisplayFacts()),
            self.stage(N_("the connection"), self._network(env), NetworkFacts()),
            self.stage(N_("storage and cookies"), self._storage(env), StorageFacts()),
            bait,
        )
        await asyncio.gather(
            self._progress(N_("Judging the results …")),
            self.ask("", "eme.release"),  # let the page drop its MediaKeys objects
        )
        return Facts(
            browser=_browser(env, intl),
            eme=eme,
            codecs=codecs,
            display=display,
            network=network,
            storage=storage,
            blockers=blockers,
            timed_out=tuple(sorted(set(self.timed_out))),
        )

    # DRM

    async def _eme(self, env: Env) -> EmeFacts:
        """Check that EME exists (as Shaka does), then probe every key system at once."""
        paths = (
            "navigator.requestMediaKeySystemAccess",
            "MediaKeys",
            "MediaKeySystemAccess.prototype.getConfiguration",
        )
        kinds = [env.type_of(path) for path in paths]
        if None in kinds or "error" in kinds:
            return EmeFacts(available=None)
        if any(kind != "function" for kind in kinds):
            return EmeFacts(available=False)
        policy = env.type_of("MediaKeys.prototype.getStatusForPolicy") == "function"
        results = await asyncio.gather(*(self._key_system(plan, policy) for plan in KEY_SYSTEMS))
        return EmeFacts(available=True, key_systems={r.key_system: r for r in results})

    async def _key_system(self, plan: KeySystemPlan, policy: bool) -> KeySystemFacts:
        """Request access, read the granted configuration, create MediaKeys, ask HDCP."""
        name = f"eme:{plan.key_system}"
        access = await self.ask(
            name, "eme.access", keySystem=plan.key_system, configs=plan.configurations()
        )
        if access.timed_out:
            return KeySystemFacts(plan.key_system, supported=None, timed_out=True)
        if not access.ok or not isinstance(access.value, dict):
            return KeySystemFacts(plan.key_system, supported=False, error=access.error)
        config = access.value.get("configuration")
        granted = _capabilities(config)
        facts = KeySystemFacts(
            plan.key_system,
            robustness=tuple(level for level in plan.robustness if level in granted["robustness"]),
            encryption_schemes=tuple(s for s in ENCRYPTION_SCHEMES if s in granted["schemes"]),
        )
        # Access can be granted while the CDM itself fails to start (Shaka's drm_engine
        # learnt this the hard way), so only a created MediaKeys counts as supported.
        keys = await self.ask(f"{name}:createMediaKeys", "eme.createMediaKeys",
                              handle=access.value.get("handle"))
        if keys.timed_out:
            return replace(facts, supported=None, timed_out=True)
        if not keys.ok or not isinstance(keys.value, dict):
            return replace(facts, supported=False, error=f"createMediaKeys: {keys.error}")
        hdcp = None
        if plan.drm and policy:
            hdcp = await self._hdcp(plan.key_system, keys.value.get("handle"))
        return replace(facts, supported=True, hdcp=hdcp)

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

    async def _codecs(self, env: Env) -> dict[str, CodecFacts]:
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
        decoding: dict[str, dict[str, dict[str, bool]]] = {plan.name: {} for plan in CODECS}
        for (plan, label, _case), info in zip(plans, infos, strict=True):
            if info is not None:
                decoding[plan.name][label] = info
        return {
            plan.name: CodecFacts(plan.name, plan.content_type,
                                  _as_bool(mse_answers.get(plan.content_type)),
                                  decoding[plan.name])
            for plan in CODECS
        }

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

    async def _display(self, env: Env) -> DisplayFacts:
        """Return the screen size (the rules multiply by the pixel ratio), HDR and P3."""
        queries = {"hdr": "(dynamic-range: high)", "wide_gamut": "(color-gamut: p3)"}
        media = await self.ask("display:matchMedia", "matchMedia", queries=list(queries.values()))
        matches = media.value if media.ok and isinstance(media.value, dict) else {}
        return DisplayFacts(
            width=env.integer("screen.width"),
            height=env.integer("screen.height"),
            pixel_ratio=env.number("devicePixelRatio"),
            hdr=_as_bool(matches.get(queries["hdr"])),
            wide_gamut=_as_bool(matches.get(queries["wide_gamut"])),
        )

    # Network

    async def _network(self, env: Env) -> NetworkFacts:
        """Return connectivity as the browser reports it and as a timed download shows."""
        answer = await self.ask("network:download", "download", path="speed.bin",
                                maxMs=DOWNLOAD_MAX_MS)
        return NetworkFacts(
            online=env.flag("navigator.onLine"),
            effective_type=env.text("navigator.connection.effectiveType"),
            downlink_mbps=env.number("navigator.connection.downlink"),
            rtt_ms=env.number("navigator.connection.rtt"),
            save_data=env.flag("navigator.connection.saveData"),
            **_download_facts(answer, self.timed_out),
        )

    # Storage and cookies

    async def _storage(self, env: Env) -> StorageFacts:
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
        return StorageFacts(
            cookie_enabled=env.flag("navigator.cookieEnabled"),
            cookie_write=_roundtrip(cookie),
            local_storage=_roundtrip(local),
            indexed_db=_roundtrip(idb),
            quota_bytes=_as_int(quota.get("quota")),
            usage_bytes=_as_int(quota.get("usage")),
        )

    # Blockers

    async def _blockers(self) -> BlockerFacts:
        """Return whether the ad-block bait element was hidden."""
        # The bridge owns the bait: the page places it at the click, so that the wait
        # cosmetic filters need has passed by the time Python asks.
        answer = await self.ask("blockers:bait", "bait")
        reply = answer.value if answer.ok and isinstance(answer.value, dict) else {}
        return BlockerFacts(bait_blocked=_as_bool(reply.get("blocked")))


async def gather(call: HostCall, *, timeout_s: float = PROBE_TIMEOUT_S) -> Facts:
    """Probe the browser through ``call`` and return its facts."""
    return await Prober(call, timeout_s=timeout_s).gather()


# Helpers that turn replies into facts


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
    skew = clock_skew(reply.get("date"), reply.get("receivedAt"))
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


def _browser(env: Env, intl: Answer) -> BrowserFacts:
    """Return the browser facts from the window read and ``Intl``'s resolved options."""
    brands = env.value("navigator.userAgentData.brands")
    names = [
        entry["brand"] for entry in brands if isinstance(entry, dict)
        and isinstance(entry.get("brand"), str)
    ] if isinstance(brands, list) else []
    zone = intl.value.get("timeZone") if intl.ok and isinstance(intl.value, dict) else None
    wasm = env.type_of("WebAssembly")
    return BrowserFacts(
        user_agent=env.text("navigator.userAgent") or "",
        brands=tuple(names),
        platform=env.text("navigator.userAgentData.platform"),
        mobile=env.flag("navigator.userAgentData.mobile"),
        max_touch_points=env.integer("navigator.maxTouchPoints"),
        webdriver=env.flag("navigator.webdriver"),
        secure_context=env.flag("isSecureContext"),
        webassembly=None if wasm in (None, "error") else wasm == "object",
        time_zone=zone if isinstance(zone, str) else None,
    )
