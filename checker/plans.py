"""What the probe asks the browser: key systems, codecs, window properties, the download.

Plans only: which configurations go to ``requestMediaKeySystemAccess``, which MIME types
and ``decodingInfo`` cases are asked about, which window properties are read up front.
How the answers become facts is ``checker.probe``'s business. The key-system ids are
``checker.facts``' (the rules name them too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.facts import CLEARKEY, FAIRPLAY, PLAYREADY, WIDEVINE

DOWNLOAD_MAX_MS = 4000
"""The timed download stops after this long and measures what arrived (below TIMEOUT_S)."""

DOWNLOAD_MIN_BYTES = 256 * 1024
"""Less than this arriving in DOWNLOAD_MAX_MS gives no trustworthy speed figure."""

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
    KeySystemPlan(WIDEVINE, ("cenc",), WIDEVINE_ROBUSTNESS, "SW_SECURE_CRYPTO"),
    KeySystemPlan(PLAYREADY, ("cenc",), PLAYREADY_ROBUSTNESS),
    KeySystemPlan(f"{PLAYREADY}.3000", ("cenc",), ("3000",)),
    KeySystemPlan(FAIRPLAY, ("cenc", "sinf", "skd")),
    KeySystemPlan(CLEARKEY, ("cenc", "keyids"), drm=False),
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

ENV_PATHS = (
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


def _robustness(level: str) -> dict[str, str]:
    """Return the ``robustness`` member for a capability, absent when empty.

    An empty robustness makes Chromium log a warning; leaving the key out keeps the
    console quiet for key systems (ClearKey, FairPlay) that have no levels.
    """
    return {"robustness": level} if level else {}
