"""Helpers for the contributor-workflow tests: writable content copies and problem lists."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.rules import CHECKS
from generator.errors import ContentError
from generator.validate import validate_dir
from tests.conftest import FIXTURE_CONTENT, REPO


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the fixture content (two codes, two causes)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def problems(content: Path) -> list[str]:
    """Validate ``content``; return the problems as printed, relative to the folder."""
    with pytest.raises(ContentError) as info:
        validate_dir(content, CHECKS, root=content)
    return [str(p) for p in info.value.problems]


def edit(content: Path, rel: str, old: str, new: str) -> None:
    """Replace the first ``old`` in a content file with ``new``; fail if it is not there."""
    path = content / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


def generator(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator ARGS`` as a contributor would."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)
