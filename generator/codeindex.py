"""The code lookup's data as readers download it: a small root and shards by key prefix.

``generator.graph.lookup_index`` is the whole table: every spelling (code or alias,
normalised by ``lookup_key``) with the pages it names, every page's code and title, and
the services. Whole, it grows with the site (1.76 MB at 5,000 codes with indentation and
full URLs). Split here, a lookup fetches the root (services and the shard list, a few
hundred bytes) and the shard or two its keys fall in, whatever the site's size:

- ``codes.json``: ``{"version": 3, "base", "services": {id: {name, names, families}},
  "shards": [prefix, ...]}``;
- ``codes/<prefix>.json`` (``_.json`` for the empty prefix): ``{"keys": {key: [page id,
  ...]}, "codes": {page id: [code, title]}}`` for the keys that start with the prefix.

A shard over ``limit`` bytes is split by the next character of its keys (keys that end
at the prefix stay in it). A key that starts with letters before its first digit is
filed a second time as if it had none, so that the shard a reader's number alone names
("7702-1003") holds the code (``M77021003``) for the lookup to suggest; the key itself is
unchanged, so the lookup's exact matches are what they were.
URLs are not stored: a page's is ``base + id + "/"`` (``graph.code_url``), a service's
``base + id + "/"``. ``overrides/assets/kb/codeindex.mjs`` reads it; ``read_index``
puts the whole table back together (tests).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

VERSION = 3
LIMIT = 16 * 1024
"""Bytes of a shard before it is split (a lookup fetches one or two)."""

_LEADING_LETTERS = re.compile(r"^[A-Z]+(?=[0-9])")


def dumps(data: Any) -> str:
    """JSON as the site ships it: no spaces, no indentation, Unicode as is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def filed_as(key: str) -> list[str]:
    """What a key is filed as: itself, and without its leading letters."""
    bare = _LEADING_LETTERS.sub("", key)
    return [key, bare] if bare and bare != key else [key]


def split_index(index: dict[str, Any], base: str = "/",
                limit: int = LIMIT) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Return the root and the shards (by prefix) of ``graph.lookup_index``'s table."""
    filings = sorted((name, key) for key in index["keys"] for name in filed_as(key))
    codes = {page: [entry["code"], entry["title"]] for page, entry in index["codes"].items()}
    shards: dict[str, dict[str, Any]] = {}
    _split("", filings, index["keys"], codes, limit, shards)
    root = {
        "version": VERSION,
        "base": base,
        "services": {sid: {"name": s["name"], "names": s["names"],
                           "families": s.get("families", "")}
                     for sid, s in index.get("services", {}).items()},
        "shards": sorted(shards),
    }
    return root, shards


Filing = tuple[str, str]
"""(what a key is filed as, the key)."""


def _shard(filings: list[Filing], keys: dict[str, list[str]],
           codes: dict[str, list[str]]) -> dict[str, Any]:
    chosen = {key: keys[key] for _, key in sorted(filings, key=lambda f: f[1])}
    pages = sorted({page for pages in chosen.values() for page in pages})
    return {"keys": chosen, "codes": {page: codes[page] for page in pages}}


def _split(prefix: str, filings: list[Filing], keys: dict[str, list[str]],
           codes: dict[str, list[str]], limit: int, shards: dict[str, dict[str, Any]]) -> None:
    shard = _shard(filings, keys, codes)
    if len(dumps(shard).encode()) <= limit or all(len(n) <= len(prefix) for n, _ in filings):
        shards[prefix] = shard
        return
    ending = [filing for filing in filings if len(filing[0]) == len(prefix)]
    if ending:
        shards[prefix] = _shard(ending, keys, codes)
    by_next: dict[str, list[Filing]] = {}
    for filing in filings:
        if len(filing[0]) > len(prefix):
            by_next.setdefault(filing[0][: len(prefix) + 1], []).append(filing)
    for child, child_filings in sorted(by_next.items()):
        _split(child, child_filings, keys, codes, limit, shards)


def shards_for(prefixes: list[str], key: str, children: int = 4) -> list[str]:
    """The shards a key's spellings are in (``codeindex.mjs`` ``shardsFor``, mirrored):
    the longest prefix the key starts with; for a key shorter than the prefixes, those it
    starts, when there are at most ``children``."""
    holding = [prefix for prefix in prefixes if key.startswith(prefix)]
    if holding:
        return [max(holding, key=len)]
    under = [prefix for prefix in prefixes if prefix.startswith(key)]
    return under if len(under) <= children else []


def shard_file(prefix: str) -> str:
    """The file name of a shard (``codes/<prefix>.json``; ``_`` for the empty prefix)."""
    return f"{prefix or '_'}.json"


def write_index(kb_dir: Path, index: dict[str, Any], base: str = "/") -> None:
    """Write ``codes.json`` and ``codes/*.json`` into ``kb_dir``; remove stale shards."""
    root, shards = split_index(index, base)
    folder = kb_dir / "codes"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {shard_file(prefix): dumps(shard) for prefix, shard in shards.items()}
    for old in folder.glob("*.json"):
        if old.name not in wanted:
            old.unlink()
    for name, text in wanted.items():
        path = folder / name
        if not path.is_file() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
    (kb_dir / "codes.json").write_text(dumps(root), "utf-8")


def read_index(kb_dir: Path) -> dict[str, Any]:
    """Put the whole table back together from what ``write_index`` wrote (tests read it)."""
    root = json.loads((kb_dir / "codes.json").read_text("utf-8"))
    keys: dict[str, list[str]] = {}
    codes: dict[str, dict[str, str]] = {}
    for prefix in root["shards"]:
        shard = json.loads((kb_dir / "codes" / shard_file(prefix)).read_text("utf-8"))
        keys.update(shard["keys"])
        for page, (code, title) in shard["codes"].items():
            codes[page] = {"code": code, "title": title, "url": f"{root['base']}{page}/"}
    return {"version": root["version"], "base": root["base"], "services": root["services"],
            "keys": dict(sorted(keys.items())), "codes": dict(sorted(codes.items()))}
