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


def text_problems(text: str) -> list[tuple[int, str]]:
    """Return ``(offset, message)`` for each disallowed construct in ``text``."""
    found = []
    for pattern, what, fix in _REJECTED:
        for match in pattern.finditer(text):
            shown = match.group(0).strip() or "blank line"
            found.append((match.start(), f"expected plain text, found {what} ('{shown}'); {fix}"))
    for match in _LINK_TARGET.finditer(text):
        url = match.group(1)
        if not re.match(r"https?://[^\s]+$", url):
            found.append((match.start(1), f"expected a link to an http:// or https:// address, "
                          f"found '{url[:40]}'; use a full web address"))
    return found


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
        elif re.match(r"https?://", match.group(2) or ""):
            url = quote(match.group(2), safe=":/?#=&%+,;@~.-_!$*'")
            out.append(f"[{_escape(match.group(1))}]({url})")
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
