"""The four YAML slips a first-time contributor makes most, each told in plain words.

A value that starts with a backtick, one that starts with ``**``, an unquoted ``: `` inside
a value, a list indented wrongly: each is written into a real content file here, and each
gives one located message that names the slip and shows the line as it should be typed.
Some of them do not stop the parser (a list item indented too far silently becomes more
text of the item above); those are found all the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contrib.conftest import problems

QUOTE = "put the whole value in double quotes, like this: "

# name: (line to change, what to write instead, the one message expected, without the path)
SLIPS: dict[str, tuple[str, str, str]] = {
    "value starts with a backtick": (
        "summary: The test player cannot find its *DRM* module.",
        "summary: `chrome://components` lists the DRM module.",
        "5:10: expected text, found a value that starts with ` (YAML reserves that "
        "character); a value that starts with ` must be quoted: " + QUOTE
        + 'summary: "`chrome://components` lists the DRM module."'),
    "list item starts with a backtick": (
        "  - Restart the browser.",
        "  - `chrome://restart` restarts the browser.",
        "24:5: expected text, found a value that starts with ` (YAML reserves that "
        "character); a value that starts with ` must be quoted: " + QUOTE
        + '- "`chrome://restart` restarts the browser."'),
    "value starts with **": (
        "summary: The test player cannot find its *DRM* module.",
        "summary: **DRM** module missing.",
        "5:10: expected text, found a value that starts with ** (YAML reads * as the start "
        "of an alias); a value that starts with ** must be quoted: " + QUOTE
        + 'summary: "**DRM** module missing."'),
    "list item starts with **": (
        "  - Restart the browser.",
        "  - **Restart** the browser.",
        "24:5: expected text, found a value that starts with ** (YAML reads * as the start "
        "of an alias); a value that starts with ** must be quoted: " + QUOTE
        + '- "**Restart** the browser."'),
    "unquoted ': ' inside a value": (
        "evidence_note: The message names the component.",
        "evidence_note: Note: the message names the component.",
        "9:20: expected text, found ': ' inside a value, which YAML reads as the start of a "
        "field; a value that contains ': ' must be quoted: " + QUOTE
        + 'evidence_note: "Note: the message names the component."'),
    "unquoted ': ' inside a list item": (
        "  - Restart the browser.",
        "  - Select Settings: Privacy.",
        "24:20: expected text, found ': ' inside a list item, which YAML reads as a field; a "
        "value that contains ': ' must be quoted: " + QUOTE + '- "Select Settings: Privacy."'),
    "unquoted ': ' on a continued line": (
        "evidence_note: The message names the component.",
        "evidence_note: The message names\n  the component: DRM.",
        "10:16: expected text, found ': ' inside a value, which YAML reads as the start of a "
        "field; a value that contains ': ' must be quoted: put the whole value in double "
        "quotes"),
    "list item indented less": (
        "  - Update it from",
        " - Update it from",
        "25:2: expected this list item's '-' at column 3, under the item above, found it at "
        "column 2; indent every '- ' of a list the same"),
    "list item indented more": (
        "  - Update it from",
        "    - Update it from",
        "25:5: expected a new list item, found '- ' at column 5, which YAML reads as more "
        "text of the item above (its '-' is at column 3); indent this '- ' exactly like the "
        "one above"),
    "field of a list item out of line": (
        "    likelihood: high",
        "   likelihood: high",
        "28:4: expected 'likelihood:' at column 5, under 'cause:' above, found it at column "
        "4; line up the fields of a list item under its first one"),
    "list on its key's line": (
        "prevention:\n  - Keep the browser updated.",
        "prevention: Keep it\n  - Keep the browser updated.",
        "37:3: expected a list under 'prevention:', found text on its line, so YAML reads "
        "the '- ' lines below as more of that text; leave 'prevention:' alone on its line "
        "and put each item on its own '- ' line"),
    # Neighbours of the four, told the same way.
    "quoted start with text after it": (
        "summary: The test player cannot find its *DRM* module.",
        'summary: "Play" fails on X1000-1',
        "5:10: expected the value to end at its closing \", found more text after it; a value "
        "that only starts with a quote must be quoted as a whole: put it all in double "
        'quotes, like this: summary: "\\"Play\\" fails on X1000-1"'),
    "bracketed start with text after it": (
        "summary: The test player cannot find its *DRM* module.",
        "summary: [Beta] Netflix error X1000-1",
        "5:10: expected text, found a value that starts with [ (YAML reads [ as the start of a "
        "list); a value that starts with [ must be quoted: " + QUOTE
        + 'summary: "[Beta] Netflix error X1000-1"'),
}


def code_file(content: Path) -> Path:
    """The fixture code every slip is written into, wherever the content model keeps it."""
    (path,) = (content / "codes").rglob("x1000-1.yaml")
    return path


def write_slip(content: Path, old: str, new: str) -> str:
    """Write one slip into the fixture code file; return the file's path as printed."""
    path = code_file(content)
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path.relative_to(content).as_posix()


@pytest.mark.parametrize("name", SLIPS)
def test_each_slip_is_one_located_message_that_says_what_to_type(content: Path,
                                                                   name: str) -> None:
    old, new, message = SLIPS[name]
    rel = write_slip(content, old, new)
    assert problems(content) == [f"{rel}:{message}"]


@pytest.mark.parametrize("name", [name for name in SLIPS if "like this: " in SLIPS[name][2]])
def test_typing_the_suggested_line_fixes_the_slip(content: Path, name: str) -> None:
    old, new, message = SLIPS[name]
    suggested = message.split("like this: ", 1)[1]
    indent = new[: len(new) - len(new.lstrip())]
    write_slip(content, old, indent + suggested)
    assert not any(":" + message.split(":")[0] + ":" in found  # nothing left on that line
                   for found in _problems_or_none(content))


def _problems_or_none(content: Path) -> list[str]:
    from checker.rules import CHECKS
    from generator.errors import ContentError
    from generator.validate import validate_dir

    try:
        validate_dir(content, CHECKS, root=content)
    except ContentError as err:
        return [str(p) for p in err.problems]
    return []


def test_contributing_says_when_to_quote() -> None:
    from tests.conftest import REPO

    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    section = guide[guide.index("## When to quote"):]
    for trigger in ("`` ` ``", "`*`", "`: `", "`- `"):
        assert trigger in section, trigger
