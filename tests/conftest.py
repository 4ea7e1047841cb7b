"""Shared fixtures: the repository, the fixture content, and one real build of the site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"


def build(site_dir: Path, *, content: Path | None = None, checker: bool = True,
          extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Build the site with real MkDocs from the repository's mkdocs.yml into ``site_dir``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_CHECKER": str(checker).lower(),
           **(extra_env or {})}
    if content is not None:
        env["KB_CONTENT_DIR"] = str(content)
    return subprocess.run(
        # No --quiet: it hides warnings from --strict, which then passes broken links.
        [sys.executable, "-m", "mkdocs", "build", "--strict",
         "--config-file", str(REPO / "mkdocs.yml"), "--site-dir", str(site_dir)],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (repository content, checker included), built once per test session."""
    out = tmp_path_factory.mktemp("site")
    result = build(out)
    assert result.returncode == 0, result.stderr
    return out
