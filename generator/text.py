"""Contributor text: what it may contain, and how it is made safe inside Markdown.

Text fields allow a small allowlist of inline Markdown (``*emphasis*``, ``**strong**``,
`` `code` `` and ``[links](https://...)``). Everything else that could change the page's
structure or inject markup (raw HTML, images, reference links, attribute lists, Jinja
delimiters, non-http links) is rejected by ``text_problems`` and, as a second line of
defence, escaped by ``inline`` when the text is rendered.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import quote

_HTML = re.compile(r"<\s*[/!?]?\s*[A-Za-z][^<>]{0,30}>?")
_TEMPLATE = re.compile(r"\{[{%#]")
_IMAGE = re.compile(r"!\[")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:", re.MULTILINE)
_REF_USE = re.compile(r"\][ ]?\[[^\]]*\]")
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)")
_LINK_TARGET = re.compile(r"\]\(\s*([^)\s]*)")
_CODE = re.compile(r"`[^`]*`")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PLACEHOLDER = re.compile(r"\bTODO\b")

_REJECTED = (
    (_HTML, "raw HTML", "write it as words; only *emphasis*, `code` and [links](https://...) "
     "are allowed"),
    (_TEMPLATE, "a template delimiter", "remove the braces"),
    (_IMAGE, "an image", "link to it instead: [description](https://...)"),
    (_REF_DEF, "a reference-link definition", "write the link inline: [text](https://...)"),
    (_REF_USE, "a reference-style link", "write the link inline: [text](https://...)"),
    (_BLANK_LINE, "a blank line", "keep each field to one paragraph"),
    # `python -m generator new` fills every field with TODO: none may reach the site.
    (_PLACEHOLDER, "a placeholder", "replace it with your own words"),
)


_MAYBE = re.compile(r"[<{\[\]]|\n[ \t]*\n|TODO")
"""A character or sequence that every pattern above (and a link's target) needs: most
text has none, and one search spares it the eight."""


def _may_have_problems(text: str) -> bool:
    """Whether ``_MAYBE`` matches ``text``, found with substring tests where they can.

    A regular expression with alternatives tries each at every character; ``in`` scans
    for one character in compiled code, several times faster over the hundred thousand
    strings of a large site. A blank line needs a line break first, which prose rarely has.
    """
    return ("[" in text or "]" in text or "<" in text or "{" in text or "TODO" in text
            or ("\n" in text and _BLANK_LINE.search(text) is not None))


def text_problems(text: str) -> list[tuple[int, str]]:
    """Return ``(offset, message)`` for each disallowed construct in ``text``."""
    if not _may_have_problems(text):
        return []
    found = []
    for pattern, what, fix in _REJECTED:
        for match in pattern.finditer(text):
            shown = match.group(0).strip() or "blank line"
            found.append((match.start(), f"expected plain text, found {what} ('{shown}'); {fix}"))
    for match in _LINK_TARGET.finditer(text):
        url = match.group(1)
        problem = url_problem(url, "a link to an https:// address") or (
            "expected a link without '(' or ')' in its address, found one; write them as "
            "%28 and %29" if "(" in url else None)
        if problem:
            found.append((match.start(1), problem))
    return found


_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_URL_CHAR = r"[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=-]|%[0-9A-Fa-f]{2}"
URL = re.compile(f"https://{_HOST}(?:[/?#](?:{_URL_CHAR})*)?")
"""An address a browser opens as written: https, a host name (no user name, port or IP
address), then only the characters RFC 3986 allows, anything else percent-encoded."""

URL_PATTERN = f"^{URL.pattern}$"
"""``URL`` as the schemas' ``url`` definition spells it (the same in JavaScript)."""


def url_problem(url: str, what: str = "an https:// address") -> str | None:
    """Say what keeps ``url`` from matching ``URL``, as a message; None if nothing does."""
    if URL.fullmatch(url):
        return None
    shown = url if len(url) <= 60 else url[:57] + "..."
    if not url.startswith("https://"):
        return f"expected {what}, found '{shown}'; use the page's full https:// address"
    parts = re.fullmatch(r"https://([^/?#]*)(.*)", url, re.DOTALL)
    assert parts is not None  # it starts with https://
    host, rest = parts.groups()
    if not re.fullmatch(_HOST, host):
        return (f"expected a host name after https:// (such as 'help.example.com', without "
                f"a user name, port or IP address), found '{host[:60]}'; use the address "
                "a browser shows for the page")
    char = re.search(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]", rest)
    what = "a '%' without two hex digits after it" if char and char.group() == "%" else (
        f"'{char.group() if char else rest[:1]}'")
    return (f"expected a web address of letters, digits and URL punctuation, found {what} "
            f"in '{shown}'; percent-encode it (a space is %20), as a browser's address bar "
            "copies it")


def link(url: str) -> str:
    """Return a validated address as a Markdown link target, also safe in an HTML attribute.

    Every character that Markdown or HTML could read as syntax (parentheses and brackets
    that end a link, quotes that open a title or an attribute, ``*``, ``<``, spaces) is
    percent-encoded, which leaves the address the same to a browser, and ``&`` is written
    ``&amp;``: both Markdown and HTML would read ``&lt;`` in ``?a=1&lt;b`` as ``<``.
    """
    return quote(url, safe="/:?#=&%+,;@~!$").replace("&", "&amp;")


@functools.lru_cache(maxsize=65536)
def inline(text: str) -> str:
    """Render validated text as inline Markdown, escaping everything but the allowlist.

    Cached: a shared cause's text is rendered again on every code page that lists it.
    """
    text = " ".join(text.split())
    out, pos = [], 0
    for match in re.finditer(f"{_CODE.pattern}|{_LINK.pattern}", text):
        out.append(_escape(text[pos : match.start()]))
        token = match.group(0)
        if token.startswith("`"):
            out.append(token)
        elif URL.fullmatch(match.group(2) or ""):
            out.append(f"[{_escape(match.group(1))}]({link(match.group(2))})")
        else:
            out.append(_escape(token))
        pos = match.end()
    out.append(_escape(text[pos:]))
    return _guard_line_start("".join(out))


def cell(text: str) -> str:
    """Render text for a Markdown table cell (pipes would split the cell)."""
    return inline(text).replace("|", "&#124;")


def attr(text: str) -> str:
    """Escape text for an HTML attribute value in double quotes."""
    return html.escape(" ".join(text.split()), quote=True)


def _escape(text: str) -> str:
    # Entities, not backslashes: they survive every Markdown extension unchanged, and
    # braces must never reach attr_list (`{: onclick=...}`) as syntax.
    text = html.escape(text, quote=False)
    for char, entity in (("[", "&#91;"), ("]", "&#93;"), ("{", "&#123;"), ("}", "&#125;"),
                         ("!", "&#33;"), ("\\", "&#92;")):
        text = text.replace(char, entity)
    return text


def _guard_line_start(text: str) -> str:
    """Keep text placed at the start of a line from opening a block (heading, list, quote)."""
    if re.match(r"([#>+=|?-]|\d+[.)]\s|[*_]\s)", text):
        return "&#8203;" + text if text[0].isdigit() else "\\" + text
    return text
