"""Shared fixtures: the repository, the fixture content, and one real build of the site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"

CHROMIUM = "/usr/bin/chromium"
"""Debian's chromium, installed by the Makefile: browser tests never download a browser."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium dials Google's hosts at start, refused on a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_versions() -> dict[str, str]:
    """Each browser the tests drive, with its version: Debian's, so no lock records them.

    The three engines of the end-to-end tests (tests/e2e/engines.py): Chromium, Firefox
    ESR and WebKitGTK.
    """
    from tests.e2e.engines import versions

    return {name: version or "not installed" for name, version in versions().items()}


def pytest_report_header() -> list[str]:
    """Put the browsers' versions in the run's header, next to Python's and pytest's."""
    return [f"{name}: {version}" for name, version in browser_versions().items()]


def build(site_dir: Path, *, content: Path | None = None, checker: bool = True,
          extra_env: dict[str, str] | None = None,
          engine: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """Build the site with real MkDocs from the repository's mkdocs.yml into ``site_dir``.

    ``engine``: ``properdocs`` builds it with ProperDocs instead (tests/engines_build).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "KB_CHECKER": str(checker).lower(), **(extra_env or {})}
    if content is not None:
        env["KB_CONTENT_DIR"] = str(content)
    return subprocess.run(
        # No --quiet: it hides warnings from --strict, which then passes broken links.
        [sys.executable, "-m", engine, "build", "--strict",
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


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the fixture content (two codes, two causes)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def problems(content: Path) -> list[str]:
    """Validate ``content``; return the problems as printed, relative to the folder."""
    from checker.rules import CHECKS
    from generator.errors import ContentError
    from generator.validate import validate_dir

    with pytest.raises(ContentError) as info:
        validate_dir(content, CHECKS, root=content)
    return [str(p) for p in info.value.problems]


def edit(content: Path, rel: str, old: str, new: str) -> None:
    """Replace the first ``old`` in a content file with ``new``; fail if it is not there."""
    path = content / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))

