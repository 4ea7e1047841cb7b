"""What the probe read from the browser: plain, frozen dataclasses.

This module is the contract between ``checker.probe`` (the only code that touches the
browser) and ``checker.rules`` (pure judgement). Every field that the browser could not
tell us, or that timed out, is ``None``: the rules turn ``None`` into an ``unknown``
finding rather than guessing. The probe builds ``Facts`` once; ``Facts.to_dict`` gives
them as JSON for the report, ``Facts.from_dict`` reads such JSON back (fixtures, tests).
The key-system ids and the probe's per-operation timeout live here too: the probe asks
with them and the rules speak of them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

WIDEVINE = "com.widevine.alpha"
PLAYREADY = "com.microsoft.playready.recommendation"
FAIRPLAY = "com.apple.fps"
CLEARKEY = "org.w3.clearkey"
"""Key-system ids as ``requestMediaKeySystemAccess`` takes them; ClearKey is the control."""

PROBE_TIMEOUT_S = 5.0
"""How long one browser operation may take before its facts become unknown (and the
probe's name goes into ``Facts.timed_out``)."""


@dataclass(frozen=True)
class BrowserFacts:
    """The browser and the page's context."""

    user_agent: str = ""
    """``navigator.userAgent``."""
    brands: tuple[str, ...] = ()
    """``navigator.userAgentData.brands`` names (Chromium 90+ only; empty elsewhere)."""
    platform: str | None = None
    """``userAgentData.platform`` where present, else None (rules parse the UA)."""
    mobile: bool | None = None
    """``userAgentData.mobile`` where present."""
    max_touch_points: int | None = None
    """``navigator.maxTouchPoints``: tells an iPad (Mac UA, touch) from a Mac."""
    webdriver: bool | None = None
    """``navigator.webdriver``: true in automated browsers, which ship no Widevine."""
    secure_context: bool | None = None
    """``window.isSecureContext``: EME does not exist in insecure contexts."""
    webassembly: bool | None = None
    """Whether ``WebAssembly`` exists (always true once Pyodide runs)."""
    time_zone: str | None = None
    """``Intl.DateTimeFormat().resolvedOptions().timeZone``."""


@dataclass(frozen=True)
class KeySystemFacts:
    """One DRM key system as ``requestMediaKeySystemAccess`` answered it."""

    key_system: str
    """For example ``com.widevine.alpha``."""
    supported: bool | None = None
    """Access granted and ``createMediaKeys()`` succeeded; None when unknown."""
    error: str | None = None
    """The rejection's name and message, when access or createMediaKeys failed."""
    timed_out: bool = False
    """The request did not settle within the probe's timeout."""
    robustness: tuple[str, ...] = ()
    """Video robustness levels granted (``SW_SECURE_CRYPTO`` ... ``HW_SECURE_ALL``, ``3000``)."""
    encryption_schemes: tuple[str, ...] = ()
    """Schemes (``cenc``, ``cbcs``) the configuration reported, where it says."""
    hdcp: dict[str, str] | None = None
    """``getStatusForPolicy`` key status per min HDCP version (``"2.2": "usable"``); None when
    the browser has no ``getStatusForPolicy`` (Safari) or the probe did not get that far."""


@dataclass(frozen=True)
class EmeFacts:
    """Encrypted Media Extensions."""

    available: bool | None = None
    """``requestMediaKeySystemAccess``, ``MediaKeys`` and ``getConfiguration`` all exist."""
    key_systems: dict[str, KeySystemFacts] = field(default_factory=dict)
    """Per key system id."""


@dataclass(frozen=True)
class CodecFacts:
    """One codec as MSE and Media Capabilities answered."""

    name: str
    """Short id: ``avc``, ``hevc``, ``vp9``, ``av1``, ``aac``, ``eac3``."""
    content_type: str = ""
    """The exact MIME type with ``codecs=`` that was asked about."""
    mse: bool | None = None
    """``MediaSource.isTypeSupported``."""
    decoding: dict[str, dict[str, bool]] = field(default_factory=dict)
    """``decodingInfo`` per resolution (``"1080p"``, ``"2160p"``) with keys ``supported``,
    ``smooth``, ``power_efficient``; empty when the API is missing or timed out."""


@dataclass(frozen=True)
class DisplayFacts:
    """The screen."""

    width: int | None = None
    """``screen.width`` in CSS pixels."""
    height: int | None = None
    """``screen.height`` in CSS pixels."""
    pixel_ratio: float | None = None
    """``devicePixelRatio``."""
    hdr: bool | None = None
    """``matchMedia('(dynamic-range: high)')``."""
    wide_gamut: bool | None = None
    """``matchMedia('(color-gamut: p3)')``."""


@dataclass(frozen=True)
class NetworkFacts:
    """Connectivity as the page can see it."""

    online: bool | None = None
    """``navigator.onLine``; only ``False`` is trustworthy (Chrome on Linux always says true)."""
    effective_type: str | None = None
    """``navigator.connection.effectiveType`` (Chromium only)."""
    downlink_mbps: float | None = None
    """``navigator.connection.downlink``: a coarse estimate, capped by the browser."""
    rtt_ms: float | None = None
    """``navigator.connection.rtt``."""
    save_data: bool | None = None
    """``navigator.connection.saveData``."""
    measured_mbps: float | None = None
    """Throughput of a timed same-origin download; None when it failed or timed out."""
    download_error: str | None = None
    """Why the timed download failed, if it did."""
    clock_skew_s: float | None = None
    """Local clock minus the server's ``Date`` header, in seconds."""


@dataclass(frozen=True)
class StorageFacts:
    """Cookies and site storage."""

    cookie_enabled: bool | None = None
    """``navigator.cookieEnabled`` (older Safari says true even when blocked)."""
    cookie_write: bool | None = None
    """A test cookie could be written and read back."""
    local_storage: bool | None = None
    """A ``localStorage`` write and read succeeded."""
    indexed_db: bool | None = None
    """``indexedDB.open`` succeeded."""
    quota_bytes: int | None = None
    """``navigator.storage.estimate().quota``."""
    usage_bytes: int | None = None
    """``navigator.storage.estimate().usage``."""


@dataclass(frozen=True)
class BlockerFacts:
    """Content blockers."""

    bait_blocked: bool | None = None
    """The ad-bait element was hidden or removed by a blocker."""


@dataclass(frozen=True)
class Facts:
    """Everything the probe found, grouped by area."""

    browser: BrowserFacts = field(default_factory=BrowserFacts)
    eme: EmeFacts = field(default_factory=EmeFacts)
    codecs: dict[str, CodecFacts] = field(default_factory=dict)
    display: DisplayFacts = field(default_factory=DisplayFacts)
    network: NetworkFacts = field(default_factory=NetworkFacts)
    storage: StorageFacts = field(default_factory=StorageFacts)
    blockers: BlockerFacts = field(default_factory=BlockerFacts)
    timed_out: tuple[str, ...] = ()
    """Names of probes that hit their timeout (they also leave their fields None)."""

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON-able data (the report's ``facts``)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> Facts:
        """Build facts from JSON data (fixtures, a pasted report); never raises.

        Unknown keys are ignored, missing ones None; groups of the wrong shape are
        dropped. Wrong types inside a group reach the rules, which turn them into
        ``unknown``. The probe builds ``Facts`` directly and never comes this way.
        """
        try:
            return cls._from_clean(_clean(data))
        except (TypeError, ValueError, AttributeError):
            return cls()

    @classmethod
    def _from_clean(cls, data: dict[str, Any]) -> Facts:
        """Build facts from data whose groups have the right shape."""
        key_systems = {
            name: _build(KeySystemFacts, {"key_system": name, **value})
            for name, value in (data.get("eme") or {}).get("key_systems", {}).items()
        }
        eme = _build(EmeFacts, {**(data.get("eme") or {}), "key_systems": key_systems})
        codecs = {
            name: _build(CodecFacts, {"name": name, **value})
            for name, value in (data.get("codecs") or {}).items()
        }
        return cls(
            browser=_build(BrowserFacts, data.get("browser") or {}),
            eme=eme,
            codecs=codecs,
            display=_build(DisplayFacts, data.get("display") or {}),
            network=_build(NetworkFacts, data.get("network") or {}),
            storage=_build(StorageFacts, data.get("storage") or {}),
            blockers=_build(BlockerFacts, data.get("blockers") or {}),
            timed_out=tuple(data.get("timed_out") or ()),
        )


_GROUPS = ("browser", "eme", "display", "network", "storage", "blockers")
"""Top-level fact groups that must be objects."""


def _clean(data: object) -> dict[str, Any]:
    """Return ``data`` with the groups that are not objects dropped."""
    if not isinstance(data, dict):
        return {}
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
    return clean


def _objects(value: object) -> dict[str, dict[str, Any]]:
    """Return the entries of a ``{name: {...}}`` mapping whose values are objects."""
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, dict)}


def _build[T](kind: type[T], values: dict[str, Any]) -> T:
    """Construct a dataclass from the keys it knows; lists become tuples (frozen, hashable).

    JSON ``null`` for a field whose default is not None (a tuple, a dict) means "nothing
    found", so it takes the default rather than a None the rules would trip over.
    """
    fields = {f.name: f for f in dataclasses.fields(kind)}  # type: ignore[arg-type]
    kept = {}
    for name, value in values.items():
        field_ = fields.get(name)
        if field_ is None or (value is None and field_.default is not None):
            continue
        kept[name] = tuple(value) if isinstance(value, list) else value
    return kind(**kept)
