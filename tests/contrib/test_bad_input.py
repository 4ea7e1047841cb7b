"""Hostile and unusual files: each is one located 'expected ..., found ...' problem.

The kinds already pinned by tests/generator/test_validate.py (syntax errors, tabs,
duplicate keys, unknown fields, wrong types, unknown ids, collisions, links, raw HTML,
size, alias bombs) appear here again only in the end-to-end run of the command line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checker.rules import CHECKS
from generator.validate import validate_dir
from tests.contrib.conftest import edit, generator, problems

CODE = "codes/netflix/x1000-1.yaml"
CAUSE = "causes/drm-module.yaml"
SUMMARY = "summary: The test player cannot find its *DRM* module."
KEY_HINT = "use a field from the schema, in quotes if it looks like a number or yes/no"
NESTED = "expected at most 16 levels of nesting, found more; a content file needs five at " \
         "most, check the brackets"


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def apply(content: Path) -> None:
        path = content / rel
        path.write_text(path.read_text("utf-8") + text, "utf-8")
    return apply


def _write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def apply(content: Path) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (content / rel).write_bytes(raw)
    return apply


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda content: edit(content, rel, old, new)


def _copy(rel: str, to: str) -> Callable[[Path], None]:
    def apply(content: Path) -> None:
        (content / to).write_bytes((content / rel).read_bytes())
    return apply


CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "top level is a list": (_write("codes/netflix/list.yaml", "- code: X1\n- code: X2\n"), [
        "codes/netflix/list.yaml:1:1: the file: expected a mapping of fields, found a list "
        "of 2; write one 'field: value' per line"]),
    "top level is a scalar": (_write("codes/netflix/scalar.yaml", "just some words\n"), [
        "codes/netflix/scalar.yaml:1:1: the file: expected a mapping of fields, found 'just "
        "some words'; write one 'field: value' per line"]),
    "only a document marker": (_write("codes/netflix/marker.yaml", "---\n"), [
        "codes/netflix/marker.yaml:1:1: expected a mapping of fields, found an empty file; "
        "start from `make new CODE=<CODE>`"]),
    "several documents": (_append(CODE, "---\ncode: X2000\n"), [
        f"{CODE}:38:1: expected one YAML document per file, found a second one ('---'); "
        "remove the '---' line and keep one set of fields"]),
    "number as key": (_append(CODE, "1: x\n"), [
        f"{CODE}:38:1: expected a field name, found 1; {KEY_HINT}"]),
    "null as key": (_append(CODE, "null: x\n"), [
        f"{CODE}:38:1: expected a field name, found nothing; {KEY_HINT}"]),
    "yes as key": (_append(CODE, "yes: x\n"), [
        f"{CODE}:38:1: expected a field name, found True; {KEY_HINT}"]),
    "merge key": (_append(CODE, "<<: {extra: x}\n"), [
        f"{CODE}:38:1: expected a field name, found the merge key '<<'; write the fields "
        "out in full"]),
    "deep flow nesting": (_edit(CODE, "aliases: [X1000, Y1000-1]",
                                "aliases: " + "[" * 5000 + "]" * 5000), [
        f"{CODE}:3:25: {NESTED}"]),
    "deep block nesting": (_edit(CODE, "where: browser", "where:\n" + "".join(
        f"{'  ' * depth}- \n" for depth in range(1, 40))), [f"{CODE}:23:33: {NESTED}"]),
    "control character": (_edit(CODE, "summary: The test", "summary: The\x00 test"), [
        f"{CODE}:5:13: expected printable text, found the control character U+0000; "
        "delete it (most editors do not show it)"]),
    "impossible date": (_edit(CODE, SUMMARY, "summary: 2024-02-30"), [
        f"{CODE}:5:10: expected a valid date, found '2024-02-30', which YAML reads as a "
        "date but is not one; put it in quotes if it is text"]),
    "impossible number": (_edit(CODE, SUMMARY, "summary: 0x_"), [
        f"{CODE}:5:10: expected a valid number, found '0x_', which YAML reads as a number "
        "but is not one; put it in quotes if it is text"]),
    "huge number": (_edit(CODE, SUMMARY, "summary: " + "9" * 5000), [
        f"{CODE}:5:10: expected a valid number, found '{'9' * 40}', which YAML reads as a "
        "number but is not one; put it in quotes if it is text"]),
    "python tag": (_edit(CODE, "summary: The test player cannot find its *DRM* module.",
                         "summary: !!python/object/apply:os.system [echo]"), [
        f"{CODE}:5:10: expected a plain value, found the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'; remove the '!' tag"]),
    "unclosed quote": (_edit(CODE, 'components`."\n    checked: 2026-11-26',
                             "components`.\n    checked: 2026-11-26"), [
        f"{CODE}:15:12: expected a closing \" for the quote that opens here, found none; end "
        "the value with \" (to write \" inside it, type \\\")"]),
    "same code as .yml and .yaml": (_copy(CODE, "codes/netflix/x1000-1.yml"), [
        "codes/netflix/x1000-1.yml:1:1: expected one file per name, found 'x1000-1.yml' "
        "next to "
        "'x1000-1.yaml'; keep one (named .yaml) and delete the other"]),
    "same cause as .yml and .yaml": (_copy(CAUSE, "causes/drm-module.yml"), [
        "causes/drm-module.yml:1:1: expected one file per name, found 'drm-module.yml' "
        "next to 'drm-module.yaml'; keep one (named .yaml) and delete the other"]),
    "code defined in two files": (_copy(CODE, "codes/netflix/x1000-1-copy.yaml"), [
        "codes/netflix/x1000-1-copy.yaml:2:7: expected each code and alias once per "
        f"service (ignoring case), found 'X1000-1', already 'X1000-1' in {CODE}; remove one "
        "of them",
        "codes/netflix/x1000-1-copy.yaml:2:7: expected the file to be named 'x1000-1.yaml' "
        "after its code, found 'x1000-1-copy.yaml'; rename the file or fix the code",
        "codes/netflix/x1000-1-copy.yaml:3:11: expected each code and alias once per "
        f"service (ignoring case), found 'X1000', already 'X1000' in {CODE}; remove one of "
        "them",
        "codes/netflix/x1000-1-copy.yaml:3:18: expected each code and alias once per "
        f"service (ignoring case), found 'Y1000-1', already 'Y1000-1' in {CODE}; remove one "
        "of them"]),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_one_located_problem(content: Path, name: str) -> None:
    apply, expected = CASES[name]
    apply(content)
    assert problems(content) == expected


@pytest.mark.parametrize("change", [
    pytest.param(lambda raw: b"\xef\xbb\xbf" + raw, id="byte order mark"),
    pytest.param(lambda raw: raw.replace(b"\n", b"\r\n"), id="windows line endings"),
    pytest.param(lambda raw: raw.replace(b"\n", b"\n---\n", 1), id="leading ---"),
])
def test_harmless_variants_are_valid_and_keep_locations(
        content: Path, change: Callable[[bytes], bytes]) -> None:
    for rel in (CODE, CAUSE):
        (content / rel).write_bytes(change((content / rel).read_bytes()))
    validate_dir(content, CHECKS, root=content)
    edit(content, CODE, "evidence: primary", "evidence: primry")
    (line,) = problems(content)
    shift = 1 if b"\n---\n" in (content / CODE).read_bytes() else 0
    assert line.startswith(f"{CODE}:{8 + shift}:11: 'evidence': expected one of")
    assert line.endswith("Did you mean 'primary'?")


def test_link_out_of_the_content_folder_is_refused(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((content / CODE).read_bytes())
    (content / "codes/linked.yaml").symlink_to(outside)
    (content / "codes/dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    assert problems(content) == [
        "codes/dangling.yaml:1:1: expected a file inside the content folder, found a link "
        f"to '{tmp_path / 'missing.yaml'}'; put the file itself here",
        "codes/linked.yaml:1:1: expected a file inside the content folder, found a link to "
        f"'{outside}'; put the file itself here"]


def test_linked_folder_out_of_the_content_folder_is_refused(content: Path,
                                                            tmp_path: Path) -> None:
    outside = tmp_path / "causes-elsewhere"
    (content / "causes").rename(outside)
    (content / "causes").symlink_to(outside)
    found = problems(content)
    assert "causes/drm-module.yaml:1:1: expected a file inside the content folder, found a " \
           f"link to '{outside / 'drm-module.yaml'}'; put the file itself here" in found


def test_link_inside_the_content_folder_is_followed(content: Path) -> None:
    (content / "spare").mkdir()
    (content / CAUSE).rename(content / "spare/drm-module.yaml")
    (content / CAUSE).symlink_to(content / "spare/drm-module.yaml")
    validate_dir(content, CHECKS, root=content)


def test_missing_folder_is_reported(content: Path) -> None:
    for path in (content / "causes").iterdir():
        path.unlink()
    (content / "causes").rmdir()
    assert "causes:1:1: expected a folder of YAML files here, found none; create 'causes/' " \
           "in the content folder" in problems(content)


def test_unreadable_file_is_reported(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "z2000.yaml":
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert "codes/netflix/z2000.yaml:1:1: expected a readable file, found an error " \
           "(Permission " \
           "denied); check the file's permissions" in problems(content)


# One run of the command line over a folder broken in every way at once: each problem is
# printed, located, in one report; the exit status is 1 and nothing raises.
N = "codes/netflix"
EVERYTHING: dict[str, tuple[str | bytes | None, str]] = {
    f"{N}/list.yaml": ("- a\n- b\n", "1:1: the file: expected a mapping of fields"),
    f"{N}/two.yaml": ("code: A\n---\ncode: B\n", "2:1: expected one YAML document per file"),
    f"{N}/keys.yaml": ("1: x\n", "1:1: expected a field name, found 1"),
    f"{N}/deep.yaml": ("a: " + "[" * 3000 + "]" * 3000 + "\n", "1:19: expected at most 16"),
    f"{N}/nul.yaml": ("a: b\x00\n", "1:5: expected printable text"),
    f"{N}/date.yaml": ("a: 2024-13-01\n", "1:4: expected a valid date"),
    f"{N}/tabs.yaml": ("a:\n\t- b\n", "2:1: expected spaces for indentation, found a tab"),
    f"{N}/dupe.yaml": ("a: 1\na: 2\n", "2:1: expected each field once, found 'a' again"),
    f"{N}/syntax.yaml": ("a: [b\n", "1:4: expected a closing ] for the [ that opens here"),
    f"{N}/empty.yaml": ("", "1:1: expected a mapping of fields, found an empty file"),
    f"{N}/latin.yaml": (b"a: caf\xe9\n", "1:7: expected UTF-8 text, found byte 0xe9"),
    f"{N}/bomb.yaml": ("a: &a [x, x]\nb: [*a, *a]\n", "1:4: expected plain values, found "
                        "an anchor"),
    f"{N}/big.yaml": ("# x\n" * 20000, "1:1: expected a file under 64 KiB"),
    "codes/netflix/x1000-1.yml": (None, "1:1: expected one file per name"),
}


def test_command_line_reports_everything_at_once(content: Path) -> None:
    for rel, (data, _) in EVERYTHING.items():
        raw = (content / CODE).read_bytes() if data is None else data
        _write(rel, raw)(content)
    edit(content, CODE, "where: browser", "where: browsr")
    edit(content, CODE, "- Restart the browser.", "- Restart <b>now</b>.")
    edit(content, CAUSE, "checks: [eme, widevine]", "checks: [eme, widevin]")
    result = generator("check", "--content", str(content), cwd=content)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for rel, (_, where) in EVERYTHING.items():
        assert any(line.startswith(f"{rel}:{where}") for line in lines), (rel, lines)
    assert f"{CODE}:7:8: 'where': expected one of 'browser', 'device', 'network', " \
           "'account', 'service', 'page', found 'browsr'. Did you mean 'browser'?" in lines
    assert f"{CODE}:24:13: expected plain text, found raw HTML ('<b>'); write it as words; " \
           "only *emphasis*, `code` and [links](https://...) are allowed" in lines
    assert f"{CAUSE}:21:15: expected a known check id, found 'widevin'. Did you mean " \
           "'widevine'? (see checker/rules.py for the list)" in lines
    assert lines[-1] == f"{len(lines) - 1} problems in the content; nothing was built."


def test_command_line_refuses_a_missing_content_folder(tmp_path: Path) -> None:
    result = generator("check", "--content", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "nowhere/causes:1:1: expected a folder of YAML files here, found none; create "
        "'causes/' in the content folder",
        "nowhere/codes:1:1: expected a folder of YAML files here, found none; create "
        "'codes/' in the content folder",
        "nowhere/services:1:1: expected a folder of YAML files here, found none; create "
        "'services/' in the content folder",
        "3 problems in the content; nothing was built."]
