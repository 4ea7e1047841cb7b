"""Content-Security-Policy for every page: same-origin only, inline scripts by hash.

Material emits a few small inline scripts (palette, linked tabs, local storage helpers).
Rather than allow every inline script with 'unsafe-inline', each page's policy lists the
sha256 of exactly the inline scripts it carries. The plugin pins Material's storage scope
(``extra.scope``) so these scripts are byte-identical on every page, which matters for
instant navigation: scripts of the next page run under the first page's policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    # 'wasm-unsafe-eval' lets Pyodide compile its WebAssembly; nothing else is evaluated.
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "worker-src": ("'self'",),
    "connect-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    # Material and its JavaScript set style attributes; styles cannot run code.
    "style-src": ("'self'", "'unsafe-inline'"),
    "font-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

# Inline <script> elements the browser executes: no src, and a JavaScript type (or none).
_INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"(?!module|text/javascript)[^\"]*\")[^>]*>"
    r"(.*?)</script>", re.DOTALL)
_HEAD_META = re.compile(r"<meta charset=\"[^\"]*\">")


def inline_script_hashes(html: str) -> set[str]:
    """Return the CSP source expressions ('sha256-...') of the page's inline scripts."""
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        + "'"
        for body in _INLINE.findall(html)
    }


def policy(hashes: Iterable[str], *, extra: dict[str, tuple[str, ...]] | None = None) -> str:
    """Return the policy text, with the given script hashes allowed."""
    directives = {**BASE_POLICY, **(extra or {})}
    directives["script-src"] = (*directives["script-src"], *sorted(hashes))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_meta(html: str) -> tuple[str, set[str]]:
    """Insert a CSP meta tag right after ``<meta charset>``; return the page and its hashes.

    The meta tag must precede every script it governs, so it goes first in <head>.
    """
    hashes = inline_script_hashes(html)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    page, count = _HEAD_META.subn(lambda m: m.group(0) + "\n    " + tag, html, count=1)
    if count == 0:
        raise ValueError("page has no <meta charset>: cannot place the CSP first in <head>")
    return page, hashes


def headers_file(hashes: Iterable[str]) -> str:
    """Return a ``_headers`` file (Netlify, Cloudflare Pages) with the site-wide policy.

    A header can say what a meta tag cannot: who may frame the site.
    """
    text = policy(hashes, extra={"frame-ancestors": ("'none'",)})
    return ("/*\n"
            f"  Content-Security-Policy: {text}\n"
            "  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n")
