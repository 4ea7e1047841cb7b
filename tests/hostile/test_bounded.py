"""Bounded before read (issue 16, kind 3).

A file's size was learnt by reading it whole, so a 40 GB file (sparse: it takes no disk)
was read into memory; an unreadable folder was listed as empty, and a folder of codes
that could not be read was reported as every cause being unused.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.hostile.conftest import cli, code_file

GIB = 1024**3
HUGE = 40 * GIB


def _limit_memory() -> None:
    """Cap the child's address space, so that reading the file would fail, not swap."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * GIB, 2 * GIB))


def check_in_a_child(content: Path) -> subprocess.CompletedProcess[str]:
    """Run ``generator check`` on ``content`` with its memory capped; it must answer, fast."""
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--content", "."],
                            cwd=content, capture_output=True, text=True, check=False,
                            timeout=60, preexec_fn=_limit_memory, env={
                                **os.environ, "PYTHONPATH": str(REPO)})
    assert time.monotonic() - start < 20
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    return result


def test_huge_sparse_file_is_refused_at_once(content: Path) -> None:
    huge = code_file(content, "X1000-1").with_name("huge.yaml")
    with huge.open("wb") as file:
        file.truncate(HUGE)
    result = check_in_a_child(content)
    assert result.stderr.splitlines() == [
        f"{huge.relative_to(content).as_posix()}:1:1: expected a file under 64 KiB, found "
        "40 GiB; split it or shorten the text",
        "1 problem in the content; nothing was built."]


UNREADABLE = ("expected a readable folder, found an error (Permission denied); check the "
              "folder's permissions (it needs read and search rights, chmod u+rx)")


@pytest.mark.parametrize("folder", ["codes", "causes"])
def test_unreadable_folder_is_reported_as_unreadable(
        capsys: pytest.CaptureFixture[str], content: Path, monkeypatch: pytest.MonkeyPatch,
        deny: Callable[[Path], None], folder: str) -> None:
    monkeypatch.chdir(content)
    deny(content / folder)
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        f"{folder}:1:1: {UNREADABLE}",
        "1 problem in the content; nothing was built."])


def test_unsearchable_content_folder_is_a_message_not_a_traceback(
        capsys: pytest.CaptureFixture[str], content: Path, monkeypatch: pytest.MonkeyPatch,
        deny: Callable[[Path], None]) -> None:
    monkeypatch.chdir(content.parent)
    deny(content)
    run = cli(capsys, "check", "--content", "content")
    assert (run.status, run.lines) == (1, [
        f"content/causes:1:1: {UNREADABLE}",
        f"content/codes:1:1: {UNREADABLE}",
        f"content/pages:1:1: {UNREADABLE}",
        f"content/services:1:1: {UNREADABLE}",
        "4 problems in the content; nothing was built."])


def test_huge_sparse_page_is_refused_at_once(content: Path) -> None:
    (content / "pages").mkdir()
    with (content / "pages" / "about.md").open("wb") as file:
        file.truncate(HUGE)
    result = check_in_a_child(content)
    assert result.stderr.splitlines() == [
        "pages/about.md:1:1: expected a file under 1024 KiB, found 40 GiB; split it or "
        "shorten the text",
        "1 problem in the content; nothing was built."]


def test_unreadable_pages_folder_is_reported_as_unreadable(
        capsys: pytest.CaptureFixture[str], content: Path, monkeypatch: pytest.MonkeyPatch,
        deny: Callable[[Path], None]) -> None:
    (content / "pages" / "guides").mkdir(parents=True)
    (content / "pages" / "guides" / "old.md").write_text("no front matter", "utf-8")
    monkeypatch.chdir(content)
    deny(content / "pages" / "guides")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        f"pages/guides:1:1: {UNREADABLE}",
        "1 problem in the content; nothing was built."])


def test_service_pattern_that_backtracks_cannot_stall_the_check(content: Path) -> None:
    """'^([A-Z0-9]+)+$' takes Python's engine 2^32 steps on a code such as 'AAA...A-1'."""
    service = content / "services" / "netflix.yaml"
    text = service.read_text("utf-8")
    service.write_text(text.replace("code_patterns:\n", "code_patterns:\n"
                                    "  - pattern: '^([A-Z0-9]+)+$'\n    example: X1\n"), "utf-8")
    code = code_file(content, "Z2000")
    code.write_text(code.read_text("utf-8").replace(
        "code: Z2000\n", "code: Z2000\naliases: [AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-1]\n"), "utf-8")
    result = check_in_a_child(content)
    assert result.stderr.splitlines() == [
        f"{code.relative_to(content).as_posix()}:3:11: expected a code shaped like netflix's "
        "codes (see code_patterns in content/services/netflix.yaml), found "
        "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-1'; check the code, or add its shape there",
        "1 problem in the content; nothing was built."]


@pytest.mark.parametrize("pattern", ["^(a)\\\\1$", "^(?=X)X[0-9]$", "^(?P<x>X)1$"])
def test_service_pattern_needing_backtracking_is_refused(
        capsys: pytest.CaptureFixture[str], content: Path, monkeypatch: pytest.MonkeyPatch,
        pattern: str) -> None:
    monkeypatch.chdir(content)
    service = content / "services" / "netflix.yaml"
    text = service.read_text("utf-8")
    service.write_text(text.replace("code_patterns:\n", "code_patterns:\n"
                                    f"  - pattern: \"{pattern}\"\n    example: X1\n"), "utf-8")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        "services/netflix.yaml:6:14: expected a plain regular expression, found a look-around "
        "('(?=', '(?!'), a back-reference ('\\1') or a form only Python reads ('(?P<', '\\Z'); "
        "describe the code's shape with classes, groups and counts only",
        "1 problem in the content; nothing was built."])


def test_unreadable_languages_folder_is_reported_as_unreadable(
        capsys: pytest.CaptureFixture[str], content: Path, monkeypatch: pytest.MonkeyPatch,
        deny: Callable[[Path], None]) -> None:
    """Listed as empty, it made the site English only without a word."""
    shutil.copytree(REPO / "content" / "i18n", content / "i18n")
    monkeypatch.chdir(content)
    deny(content / "i18n")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, [line for line in run.lines if "checker check" not in line]) == (1, [
        f"i18n:1:1: {UNREADABLE}",
        "1 problem in the content; nothing was built."])


def test_translate_does_not_read_a_huge_translation(content: Path) -> None:
    """`make translate` refreshes an existing translation's hash: it read the file whole."""
    english = code_file(content, "X1000-1")
    with english.with_name("x1000-1.es.yaml").open("wb") as file:
        file.truncate(HUGE)
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "generator", "translate",
                             english.relative_to(content).as_posix(), "es"],
                            cwd=content, capture_output=True, text=True, check=False,
                            timeout=60, preexec_fn=_limit_memory, env={
                                **os.environ, "PYTHONPATH": str(REPO)})
    assert time.monotonic() - start < 20
    assert (result.returncode, result.stderr.splitlines()) == (1, [
        f"{english.parent.relative_to(content).as_posix()}/x1000-1.es.yaml:1:1: expected a "
        "file under 64 KiB, found 40 GiB; split it or shorten the text",
        "1 problem in the content; nothing was written."])
