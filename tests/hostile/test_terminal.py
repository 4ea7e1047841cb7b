"""Bytes that never reach a page or a terminal (issue 16, kind 2).

A control character typed raw was refused, but the same character written as a YAML
escape in double quotes passed into pages; messages quoted values and file names as they
were, so an escape sequence in a file reached the contributor's terminal or a CI log.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, build
from tests.hostile.conftest import CONTROL, cli, code_file, rel, replace

ESCAPED = ("expected printable text, found the control character U+{:04X} written as an "
           "escape in quotes (such as '\\e', '\\0' or '\\x1b'); remove the escape")


@pytest.mark.parametrize(("escape", "char"), [
    ("\\0", 0x00), ("\\a", 0x07), ("\\e[31m", 0x1B), ("\\e]0;owned\\a", 0x1B),
    ("\\r", 0x0D), ("\\x7f", 0x7F), ("\\x9b2J", 0x9B), ("\\N", 0x85), ("\\uFFFE", 0xFFFE),
])
def test_escaped_control_character_in_text_is_refused(
        capsys: pytest.CaptureFixture[str], code: Path, escape: str, char: int) -> None:
    replace(code, "summary: The test player cannot find its *DRM* module.",
            f'summary: "The test{escape} player."')
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        f"{rel(code)}:5:10: {ESCAPED.format(char)}",
        "1 problem in the content; nothing was built."])


def test_escaped_control_character_in_a_field_name_is_refused(
        capsys: pytest.CaptureFixture[str], code: Path) -> None:
    code.write_text(code.read_text("utf-8") + '"\\e[2J\\e[H": wiped\n', "utf-8")
    run = cli(capsys, "check", "--content", ".")
    assert run.status == 1
    assert run.lines[0] == f"{rel(code)}:38:1: {ESCAPED.format(0x1B)}"
    assert not CONTROL.search(run.err)


def test_file_name_with_an_escape_sequence_is_shown_escaped(
        capsys: pytest.CaptureFixture[str], code: Path) -> None:
    hostile = code.with_name("\x1b]0;owned\x07\x1b[2J.yaml")
    hostile.write_bytes(code_file(Path.cwd(), "Z2000").read_bytes())
    run = cli(capsys, "check", "--content", ".")
    assert run.status == 1
    assert not CONTROL.search(run.err)
    folder = rel(code.parent)
    assert (f"{folder}/\\e]0;owned\\x07\\e[2J.yaml:2:7: expected the file to be named "
            "'z2000.yaml' after its code, found '\\e]0;owned\\x07\\e[2J.yaml'; rename the "
            "file or fix the code") in run.lines


def test_bidirectional_override_in_a_field_name_is_shown_escaped(
        capsys: pytest.CaptureFixture[str], code: Path) -> None:
    code.write_text(code.read_text("utf-8") + "sum\u202emary: x\n", "utf-8")
    run = cli(capsys, "check", "--content", ".")
    assert run.status == 1
    assert "\u202e" not in run.err
    assert any(line.startswith(f"{rel(code)}:38:1: expected one of the fields") and
               "found unknown field 'sum\\u202emary'" in line for line in run.lines)


@pytest.mark.parametrize(("old", "new", "where", "field"), [
    ("aliases: [X1000, Y1000-1]", 'aliases: [X1000, "Y1000-1\\n"]', "3:18", "'aliases[1]'"),
    ("url: https://help.example.com/node/1", 'url: "https://help.example.com/node/1\\n"',
     "11:10", "'sources[0].url'"),
    ("cause: drm-module", 'cause: "drm-module\\n"', "27:12", "'causes[0].cause'"),
])
def test_line_break_at_the_end_of_an_id_or_address_is_refused(
        capsys: pytest.CaptureFixture[str], code: Path, old: str, new: str, where: str,
        field: str) -> None:
    replace(code, old, new)
    run = cli(capsys, "check", "--content", ".")
    assert run.status == 1
    assert any(line.startswith(f"{rel(code)}:{where}: {field}: expected ") and "\\n'" in line
               for line in run.lines), run.lines


@pytest.mark.parametrize("command", ["new", "new-cause"])
def test_hostile_name_on_the_command_line_is_shown_escaped(
        capsys: pytest.CaptureFixture[str], code: Path, command: str) -> None:
    shutil.copytree(REPO / "content" / "schema", "schema")
    run = cli(capsys, command, "--content", ".", "\x1b[2J\x1b[31mX")
    assert run.status == 1
    assert not CONTROL.search(run.err)
    assert "found '\\e[2J\\e[31mX'; nothing was written" in run.err


def test_translate_echoes_a_hostile_file_name_escaped(
        capsys: pytest.CaptureFixture[str], code: Path) -> None:
    """The file exists (its name is the contributor's to choose): `make translate` wrote
    the translation and echoed its name with the escape sequence in it."""
    hostile = code.with_name("\x1b[2J\x1b[31mred.yaml")
    shutil.copy(code, hostile)
    run = cli(capsys, "translate", rel(hostile), "es")
    assert run.status == 0, run.err
    assert not CONTROL.search(run.out)
    assert "\\e[2J\\e[31mred.es.yaml. Translate every text" in run.out


def test_build_log_shows_a_hostile_file_name_escaped(content: Path, tmp_path: Path) -> None:
    code = code_file(content, "X1000-1")
    code.with_name("\x1b[2J\x1b[31mred.yaml").write_bytes(
        code_file(content, "Z2000").read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(tmp_path / "site")],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "KB_CONTENT_DIR": str(content), "KB_CHECKER": "false",
             "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert not CONTROL.search(result.stderr + result.stdout)
    assert "\\e[2J\\e[31mred.yaml" in result.stderr
    assert not (tmp_path / "site").exists()


def test_mkdocs_log_shows_a_stale_translations_hash_escaped(tmp_path: Path) -> None:
    """The plugin's warnings go through MkDocs' log, not the CLI: a hash typed with a
    right-to-left override would turn the terminal's line around."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content, ignore=shutil.ignore_patterns("pages"))
    spanish = content / "causes" / "vpn-proxy.es.yaml"
    text = spanish.read_text("utf-8")
    typed = next(line for line in text.splitlines() if line.startswith("source:"))
    replace(spanish, typed, 'source: "abc\\u202edef"')
    result = build(tmp_path / "site", content=content, checker=False)
    assert result.returncode == 0, result.stderr
    assert "translation is stale" in result.stderr
    assert "(source abc\\u202edef, now " in result.stderr
    assert not CONTROL.search(result.stderr) and "\u202e" not in result.stderr


def test_a_failed_dev_rebuild_is_logged_escaped(caplog: pytest.LogCaptureFixture,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from generator.devserver import DevState, safe_builder

    def build() -> None:
        raise RuntimeError("cannot read pages/\x1b]0;owned\x07\x1b[2J.md")

    state = DevState()
    safe_builder(build, state)()
    assert state.error == "cannot read pages/\x1b]0;owned\x07\x1b[2J.md"  # the browser's
    logged = [record.getMessage() for record in caplog.records]
    assert len(logged) == 1 and "(cannot read pages/\\e]0;owned\\x07\\e[2J.md)" in logged[0]
    err = capsys.readouterr().err
    assert "RuntimeError: cannot read pages/\\e]0;owned\\x07\\e[2J.md" in err  # the traceback
    assert not CONTROL.search(err + logged[0])


def test_a_failed_background_index_is_logged_escaped(
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    from generator import search

    def index_site(site_dir: Path) -> None:
        raise search.SearchIndexError("Pagefind failed (1): \x1b[31mbad\x1b[0m.html\nnext")

    monkeypatch.setattr(search, "index_site", index_site)
    background = search.BackgroundIndex(tmp_path)
    background.request()
    assert background.wait(timeout=10)
    logged = [record.getMessage() for record in caplog.records]
    assert logged == ["Search index not updated: Pagefind failed (1): \\e[31mbad\\e[0m.html\n"
                      "next"]
