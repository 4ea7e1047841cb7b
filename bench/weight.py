"""Page weight: what a code page transfers before the checker's button is pressed.

A fresh context (empty cache) opens the page and waits for the network to go quiet.
Every response's body size (Playwright's ``request.sizes()``; the local server sends
files uncompressed, so body bytes are file bytes) is summed per resource type.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Response

BUCKETS = {
    "document": "document", "script": "script", "stylesheet": "stylesheet", "font": "font",
    "image": "image", "fetch": "fetch/xhr", "xhr": "fetch/xhr",
}


def measure(browser: Browser, base_url: str, path: str) -> dict[str, Any]:
    """Return the bytes ``path`` transfers before any interaction, per type and per URL."""
    context = browser.new_context(base_url=base_url)
    responses: list[Response] = []
    context.on("response", lambda response: responses.append(response))
    try:
        page = context.new_page()
        page.goto(path, wait_until="networkidle")
        page.wait_for_timeout(500)  # late requests (search index, fonts) after idle
        by_type: dict[str, int] = dict.fromkeys([*dict.fromkeys(BUCKETS.values()), "other"], 0)
        resources: list[dict[str, Any]] = []
        for response in responses:
            request = response.request
            size = int(request.sizes()["responseBodySize"])
            bucket = BUCKETS.get(request.resource_type, "other")
            by_type[bucket] += size
            resources.append({"url": request.url.removeprefix(base_url), "type": bucket,
                              "bytes": size,
                              "content_type": response.headers.get("content-type", "")})
    finally:
        context.close()
    resources.sort(key=lambda r: -r["bytes"])
    wasm = [r for r in resources
            if r["url"].split("?")[0].endswith(".wasm") or "wasm" in r["content_type"]]
    return {
        "page": path,
        "bytes": sum(by_type.values()),
        "by_type": by_type,
        "requests": len(resources),
        "wasm_requests": len(wasm),
        "largest": resources[:8],
    }
