"""Helpers for the contributor-workflow tests: writable content copies and problem lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, content, edit, problems  # noqa: F401 (re-exported)


def generator(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator ARGS`` as a contributor would."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)
