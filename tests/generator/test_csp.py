"""The policy allows exactly the inline scripts a page carries, by hash."""

from __future__ import annotations

import base64
import hashlib

from generator import csp

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a=1</script><script src="x.js"></script>
<script id="__config" type="application/json">{"not": "run"}</script>
<script type="module">import "./m.js"</script></head><body></body></html>"""


def _sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_hashes_only_executed_inline_scripts() -> None:
    assert csp.inline_script_hashes(PAGE) == {_sha("var a=1"), _sha('import "./m.js"')}


def test_meta_comes_first_in_head() -> None:
    html, hashes = csp.add_meta(PAGE)
    assert html.index("Content-Security-Policy") < html.index("<title>")
    assert _sha("var a=1") in html
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in html
    assert hashes == csp.inline_script_hashes(PAGE)
