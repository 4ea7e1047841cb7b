"""Synthetic content: N error codes drawing causes (and their fixes) from a shared pool.

The output has the shape and the sizes of the real files under ``content/``: list lengths
cycle through the counts measured on the real codes and causes, and each text field's
length is drawn around the real field's mean (e.g. a cause note ~190 characters, a fix
step ~60). Words come from a fixed help-text vocabulary, with the occasional `code` span,
**strong** text and https link that real content has. It passes the real validator:
check ids come from ``checker.rules.CHECKS`` (every one used once the pool is big
enough), codes and aliases are unique ignoring case, and every cause is used.

The pool of causes grows more slowly than the codes (``1.5 * sqrt(N)``, at least 15 like
the real content): new codes mostly reuse causes, so a cause page lists more codes as N
grows, while each code page keeps the same shape. Same ``(codes, seed)``, same bytes.
"""

from __future__ import annotations

import datetime
import math
import random
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# List lengths measured on the real content (codes: 8 files, causes: 15 files); entry i of
# the synthetic content takes entry i % len(...) so every N has the same mix.
CODE_CAUSES = (3, 5, 4, 5, 9, 10, 2, 1)
CODE_FAQ = (4, 4, 4, 4, 6, 6, 4, 4)
CODE_FIRST_STEPS = (5, 6, 5, 5, 5, 5, 5, 5)
CODE_PREVENTION = (3, 4, 3, 3, 7, 6, 3, 3)
CODE_SOURCES = (1, 2, 4, 1, 4, 2, 4, 1)
CODE_ALIASES = (1, 0, 1, 0, 2, 0, 1, 0)
CAUSE_ASPECTS = (4, 5, 5, 3, 5, 7, 4, 6, 4, 6, 5, 4, 6, 5, 5)
CAUSE_FIXES = (3, 3, 7, 1, 7, 13, 2, 4, 3, 4, 8, 6, 8, 2, 6)
CAUSE_CHECKS = (2, 6, 1, 2, 9, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0)
FIX_STEPS = (4, 4, 3, 7, 6, 4, 4, 5, 4, 4, 4, 5, 4, 5, 7, 5, 5, 8, 5, 6)
FIX_PLATFORMS = (1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 2, 1, 1)

# Mean characters per text field, measured on the real content.
LENGTH = {
    "code.title": 23, "code.summary": 156, "code.on_screen": 97, "code.evidence_note": 291,
    "source.title": 58, "source.quote": 87, "source.publisher": 12, "first_step": 65,
    "cause_ref.note": 187,
    "faq.q": 39, "faq.a": 195, "prevention": 87, "cause.title": 26, "cause.summary": 189,
    "aspect.title": 18, "aspect.text": 146, "fix.title": 29, "fix.step": 58,
}

PLATFORMS = ("any", "windows", "mac", "linux", "chromeos", "chrome", "edge", "firefox",
             "safari", "opera", "android", "ios", "smart-tv", "streaming-device",
             "game-console", "router")
TOPICS = ("drm-component", "network", "vpn-proxy", "dns", "cache", "cookies", "browser",
          "extensions", "firewall", "isp", "payment", "outage", "device", "updates",
          "broken-link", "hdcp", "codec", "account", "profile", "storage")
EVIDENCE = ("primary", "secondary", "community", "unverified")
SOURCE_KINDS = ("service-help", "third-party", "forum", "bug-report", "vendor-doc",
                "service-screen")
KIND_RANK = {"service-help": 0, "service-screen": 0, "vendor-doc": 1, "bug-report": 1,
             "third-party": 1, "forum": 2}
"""Mirrors generator.model.KIND_GRADE: the best grade a source of each kind carries."""
LETTERS = "MNTUS"  # first letter of a code; aliases start with a letter not in here

_VOCABULARY = """
the a your this that it its you we they browser device network connection router app tv
phone tablet computer account profile payment service page video stream player picture
sound error code message screen setting settings update version cache cookie cookies data
storage extension extension blocker proxy vpn dns address server signal speed wifi cable
restart reload open close select choose check try sign turn clear remove install download
allow block change reset wait keep use see find press tap enter type show shows stop stops
play plays load loads work works fail fails may can will often usually sometimes again
first then next before after when while if because so but or and not only also still
more less most least new old current latest stable slow fast secure private public home
mobile wired wireless local remote protected encrypted missing broken outdated supported
unsupported different same other another every each some any all many few one two three
minutes seconds hours time moment day week support help article guide step steps section
list menu button option folder file system security software hardware driver module
component plugin license key title film episode series subtitles audio quality resolution
"""
WORDS = tuple(_VOCABULARY.split())


@dataclass(frozen=True)
class Synthetic:
    """What ``generate`` wrote."""

    content_dir: Path
    codes: tuple[str, ...]
    """The codes, as written (page slug = lowercased)."""
    causes: tuple[str, ...]
    aliases: int
    bytes: int
    """Total size of the YAML files written."""


def pool_size(codes: int) -> int:
    """Return how many causes ``codes`` codes share (at least 15, never more than codes)."""
    return max(1, min(codes, max(15, round(1.5 * math.sqrt(codes)))))


def generate(content_dir: Path, codes: int, *, known_checks: Sequence[str],
             seed: int = 7702) -> Synthetic:
    """Write ``codes`` code files and their pool of cause files below ``content_dir``.

    ``content_dir`` is emptied first; it gets ``services/``, ``codes/<service>/`` and
    ``causes/`` like ``content/``, with one synthetic service.
    ``known_checks`` are the checker's check ids (``checker.rules.CHECKS``).
    """
    if codes < 1:
        raise ValueError("expected at least one code")
    content_dir = Path(content_dir)
    if content_dir.exists():
        shutil.rmtree(content_dir)
    (content_dir / "codes" / SERVICE).mkdir(parents=True)
    (content_dir / "causes").mkdir(parents=True)
    (content_dir / "services").mkdir(parents=True)
    total = _write(content_dir / "services" / f"{SERVICE}.yaml", "service", _service())
    rng = random.Random(seed)
    checks = _check_assignments(pool_size(codes), known_checks)
    cause_ids = [f"{TOPICS[j % len(TOPICS)]}-{j + 1}" for j in range(pool_size(codes))]
    for j, cause_id in enumerate(cause_ids):
        data = _cause(rng, j, cause_id, checks[j])
        total += _write(content_dir / "causes" / f"{cause_id}.yaml", "cause", data)
    names, aliases = [], 0
    for i in range(codes):
        data = _code(rng, i, cause_ids)
        names.append(data["code"])
        aliases += len(data.get("aliases", ()))
        total += _write(content_dir / "codes" / SERVICE / f"{data['code'].lower()}.yaml",
                        "code", data)
    return Synthetic(content_dir, tuple(names), tuple(cause_ids), aliases, total)


SERVICE = "bench"
"""The one synthetic service's id (its codes live at /bench/<code>/)."""


def _service() -> dict[str, Any]:
    return {
        "id": SERVICE, "name": "Benchflix", "help_url": "https://help.example.com/",
        "code_patterns": [{"pattern": "^[A-Z][0-9]{4}-[0-9]{4}(-P7)?$",
                           "example": "M7000-1000"}],
        "words": {"account": "your Benchflix account", "app": "the Benchflix app",
                  "their_side": "Benchflix's side, not yours"},
    }


def code_name(i: int) -> str:
    """Return the i-th synthetic code, e.g. ``N7000-1007``: unique for every i."""
    return f"{LETTERS[i % len(LETTERS)]}{7000 + i // 10:04d}-{1000 + i % 10 * 7:04d}"


def _code(rng: random.Random, i: int, cause_ids: Sequence[str]) -> dict[str, Any]:
    code = code_name(i)
    # Aliases replace the letter with one no code starts with, or add a suffix: unique.
    aliases = [f"O{code[1:]}", f"{code}-P7"][: _pick(CODE_ALIASES, i)]
    # The i-th code lists cause i % pool first, so every cause is used once N >= pool.
    first = cause_ids[i % len(cause_ids)]
    others = [c for c in cause_ids if c != first]
    count = min(_pick(CODE_CAUSES, i), len(cause_ids))
    chosen = [first, *rng.sample(others, count - 1)]
    levels = sorted(["high", *(rng.choice(("medium", "low", "low")) for _ in chosen[1:])],
                    key=("high", "medium", "low").index)
    data: dict[str, Any] = {"code": code}
    if aliases:
        data["aliases"] = aliases
    sources = [_source(rng, k) for k in range(_pick(CODE_SOURCES, i))]
    on_screen = _text(rng, "code.on_screen") if i % 3 == 0 else ""
    if on_screen:  # the validator wants the message in a source's quote
        sources[0]["quote"] = on_screen
    best = min((KIND_RANK[s["kind"]] for s in sources), default=len(EVIDENCE) - 1)
    data |= {
        "service": SERVICE,
        "summary": _text(rng, "code.summary"),
        **({"on_screen": on_screen} if on_screen else {}),
        "where": rng.choice(("browser", "device", "network", "account", "service", "page")),
        # Any grade the sources can carry (the validator checks it is earned).
        "evidence": EVIDENCE[rng.randrange(best, len(EVIDENCE))],
        "evidence_note": _text(rng, "code.evidence_note"),
        "sources": sources,
        "first_steps": [_text(rng, "first_step") for _ in range(_pick(CODE_FIRST_STEPS, i))],
        "causes": [{"cause": c, "likelihood": level, "note": _text(rng, "cause_ref.note")}
                   for c, level in zip(chosen, levels, strict=True)],
        "faq": [{"q": _line(rng, "faq.q").rstrip(".") + "?", "a": _text(rng, "faq.a", link=True)}
                for _ in range(_pick(CODE_FAQ, i))],
        "prevention": [_text(rng, "prevention") for _ in range(_pick(CODE_PREVENTION, i))],
    }
    return data


def _source(rng: random.Random, k: int) -> dict[str, Any]:
    return {
        "url": f"https://help.example.com/en/node/{rng.randrange(10_000, 99_999)}",
        "publisher": _line(rng, "source.publisher").capitalize(),
        "kind": SOURCE_KINDS[k % len(SOURCE_KINDS)],
        "title": _line(rng, "source.title"),
        "quote": _text(rng, "source.quote"),
        # A date, so that YAML writes it unquoted as contributors do (checked: 2026-11-26).
        "checked": datetime.date(2026, 1, 15),
    }


def _cause(rng: random.Random, j: int, cause_id: str, checks: list[str]) -> dict[str, Any]:
    fixes = []
    for k in range(_pick(CAUSE_FIXES, j)):
        n = j * 13 + k
        platforms = ["any"] if n % 4 == 0 else rng.sample(PLATFORMS[1:], _pick(FIX_PLATFORMS, n))
        fixes.append({"id": f"fix-{k + 1}", "title": _line(rng, "fix.title"),
                      "platforms": platforms,
                      "steps": [_text(rng, "fix.step") for _ in range(_pick(FIX_STEPS, n))]})
    data: dict[str, Any] = {
        "id": cause_id,
        "title": _line(rng, "cause.title").capitalize(),
        "summary": _text(rng, "cause.summary"),
        "aspects": [{"title": _line(rng, "aspect.title").capitalize(),
                     "text": _text(rng, "aspect.text")}
                    for _ in range(_pick(CAUSE_ASPECTS, j))],
        "fixes": fixes,
    }
    if checks:
        data["checks"] = checks
    return data


def _check_assignments(pool: int, known_checks: Sequence[str]) -> list[list[str]]:
    """Give causes check ids in the real counts, cycling so that every id gets used."""
    ids = list(known_checks)
    out: list[list[str]] = []
    cursor = 0
    for j in range(pool):
        count = min(_pick(CAUSE_CHECKS, j), len(ids))
        out.append([ids[(cursor + k) % len(ids)] for k in range(count)])
        cursor += count
    return out


def _pick(counts: Sequence[int], i: int) -> int:
    return counts[i % len(counts)]


def _words(rng: random.Random, chars: int) -> Iterator[str]:
    size = 0
    while size < chars:
        word = rng.choice(WORDS)
        size += len(word) + 1
        yield word


def _line(rng: random.Random, field: str) -> str:
    """A short line (a title): about the real mean length, no markup."""
    mean = LENGTH[field]
    text = " ".join(_words(rng, rng.randint(mean // 2, mean * 3 // 2)))
    return text[:1].upper() + text[1:]


def _text(rng: random.Random, field: str, *, link: bool = False) -> str:
    """Prose of sentences around the field's real mean length, with a little markup."""
    mean = LENGTH[field]
    target = rng.randint(mean // 2, mean * 3 // 2)
    sentences: list[str] = []
    size = 0
    while size < target:
        words = list(_words(rng, min(target - size, rng.randint(40, 110))))
        roll = rng.random()
        if roll < 0.15 and len(words) > 2:
            words[1] = f"`{words[1]}://settings`"
        elif roll < 0.25 and len(words) > 3:
            words[2] = f"**{words[2]}**"
        sentence = " ".join(words)
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        size += len(sentence) + 2
    if link and rng.random() < 0.2:
        sentences.append("See [the help article](https://help.example.com/en/node/30321).")
    return " ".join(sentences)


class _Dumper(yaml.SafeDumper):
    """Block style with short lists inline, like the hand-written files."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(item, str) and len(item) < 25 for item in data) and len(data) < 8
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def _write(path: Path, kind: str, data: dict[str, Any]) -> int:
    up = "../../" if kind == "code" else "../"  # codes sit in a folder per service
    text = (f"# yaml-language-server: $schema={up}schema/{kind}.schema.json\n"
            + yaml.dump(data, Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=True))
    path.write_text(text, "utf-8")
    return len(text.encode("utf-8"))
