"""What a hostile file, command line or folder makes the generator show its user.

The suite is grouped by kind of defect (issue 16): 1 pages (``test_pages.py``), 2
terminals (``test_terminal.py``), 3 reads (``test_bounded.py``), 4 builds
(``test_builds.py``) and 5 the checker (``test_checker.py``, without a browser; its
in-browser cases share one browser per engine in ``tests/e2e/test_engines.py``). Each case
asserts what a user sees: the message and exit status of a command, the text of a page,
the folders left behind, the checker's report and how long it took.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Bytes a terminal acts on instead of printing (tab and line feed excepted)."""


@dataclass(frozen=True)
class Run:
    """What a command showed: its exit status and both streams."""

    status: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """The error stream, line by line."""
        return self.err.splitlines()


def code_file(content: Path, code: str) -> Path:
    """Return the YAML file of ``code``, wherever the content layout keeps it."""
    (path,) = content.glob(f"codes/**/{code.lower()}.yaml")
    return path


@pytest.fixture
def code(content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture's first code file; messages print paths relative to the content."""
    monkeypatch.chdir(content)
    return code_file(content, "X1000-1")


def rel(path: Path) -> str:
    """``path`` as messages print it: relative to the folder the command runs in."""
    return path.relative_to(Path.cwd()).as_posix()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    """Run ``python -m generator ARGS`` in this process, as a contributor's shell would."""
    from generator.cli import main

    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return Run(status, out, err)


def replace(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` with ``new``; fail if it is not there."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Make folders unreadable and unsearchable, as ``chmod 000`` does for most users.

    Root reads every folder whatever its mode, so under root the operating system's answer
    is reproduced instead: listing the folder, or reaching anything below it, fails with
    EACCES.
    """
    denied: list[Path] = []

    def below(path: Any, strict: bool) -> bool:
        if isinstance(path, int):
            return False
        try:
            resolved = Path(os.fsdecode(path)).absolute()
        except (TypeError, ValueError):
            return False
        return any(resolved.is_relative_to(d) and (resolved != d or not strict)
                   for d in denied)

    def refuse(real: Callable[..., Any], strict: bool) -> Callable[..., Any]:
        def call(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
            if below(path, strict):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
            return real(path, *args, **kwargs)
        return call

    def apply(folder: Path) -> None:
        folder = folder.absolute()
        if os.geteuid() != 0:
            folder.chmod(0)
        elif not denied:
            monkeypatch.setattr(os, "listdir", refuse(os.listdir, strict=False))
            monkeypatch.setattr(os, "scandir", refuse(os.scandir, strict=False))
            monkeypatch.setattr(os, "stat", refuse(os.stat, strict=True))
            monkeypatch.setattr(os, "lstat", refuse(os.lstat, strict=True))
            monkeypatch.setattr(os, "open", refuse(os.open, strict=True))
        denied.append(folder)

    yield apply
    for folder in denied:
        with contextlib.suppress(OSError):
            folder.chmod(0o755)
