"""Nothing is lost: a failed build keeps the previous site byte for byte, and neither the
validator nor the build ever writes to a contributor's files.

The builds run ``python -m generator build`` (what ``make site`` and the deploy workflow
run) with the checker off (``KB_CHECKER=false``) to stay fast.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.rules import CHECKS
from generator.errors import ContentError
from generator.translate import is_translation
from generator.validate import validate_dir
from tests.conftest import REPO
from tests.contrib.conftest import generator


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its sha256 and modification time."""
    return {path.relative_to(folder).as_posix():
            (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def build(site: Path, *, content: Path, config: Path = REPO / "mkdocs.yml"
          ) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator build`` as ``make site`` does, on ``content``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_CHECKER": "false",
           "KB_CONTENT_DIR": str(content)}
    return subprocess.run([sys.executable, "-m", "generator", "build", "--config", str(config),
                           "--site-dir", str(site)], cwd=REPO, env=env, capture_output=True,
                          text=True, check=False)


def copy_content(target: Path) -> Path:
    """A copy of the repository's content (codes, causes, schema, pages)."""
    shutil.copytree(REPO / "content", target)
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, int]]]:
    """A site built from valid content, and its snapshot."""
    root = tmp_path_factory.mktemp("built")
    content = copy_content(root / "content")
    before = snapshot(content)
    result = build(root / "site", content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(content) == before, "the build wrote to the content"
    return root / "site", snapshot(root / "site")


def assert_untouched(site: tuple[Path, dict[str, tuple[str, int]]]) -> None:
    """The site is exactly as built, and no staging folder was left beside it."""
    folder, before = site
    assert snapshot(folder) == before
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".site.")] == []


def test_valid_content_builds(site: tuple[Path, dict[str, tuple[str, int]]]) -> None:
    _, files = site
    assert "index.html" in files
    assert any(name.startswith("netflix/") and name.endswith("/index.html") for name in files)
    assert_untouched(site)


def test_invalid_content_fails_and_keeps_the_site(
        site: tuple[Path, dict[str, tuple[str, int]]], tmp_path: Path) -> None:
    content = copy_content(tmp_path / "content")
    code = sorted(p for p in (content / "codes").glob("*/*.yaml")
                  if not is_translation(p.name))[0]  # an English file, not x.es.yaml
    code.write_text(code.read_text("utf-8").replace("\nwhere: ", "\nwhere: nowhere-", 1),
                    "utf-8")
    before = snapshot(content)
    result = build(site[0], content=content)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{code}:" in result.stderr or f"codes/netflix/{code.name}:" in result.stderr
    assert "1 problem in the content; nothing was built." in result.stderr
    assert "was left as it was" in result.stderr
    assert snapshot(content) == before
    assert_untouched(site)


def test_late_failure_keeps_the_site(site: tuple[Path, dict[str, tuple[str, int]]],
                                     tmp_path: Path) -> None:
    """Valid content, but a hand-written page links to a page that does not exist: MkDocs
    renders every page into the staging folder, then --strict fails the build at the end."""
    project = tmp_path / "project"
    content = copy_content(project / "content")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", project / "overrides")
    (project / "generator" / "templates").mkdir(parents=True)  # watched by mkdocs.yml
    (content / "pages" / "broken.md").write_text(
        "---\ntitle: Broken\ndescription: A page that links to a page that is not there.\n"
        "---\n# Broken\n\nSee [this](missing.md).\n", "utf-8")
    result = build(site[0], content=content, config=project / "mkdocs.yml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "contains a link 'missing.md', but the target is not found" in result.stderr
    assert "in the content" not in result.stderr  # the content itself was valid
    assert_untouched(site)


def test_check_never_rewrites_a_file(tmp_path: Path) -> None:
    content = copy_content(tmp_path / "content")
    before = snapshot(content)
    assert generator("check", "--content", str(content), cwd=tmp_path).returncode == 0
    validate_dir(content, CHECKS)
    code = sorted(p for p in (content / "codes").glob("*/*.yaml")
                  if not is_translation(p.name))[0]  # an English file, not x.es.yaml
    code.write_bytes(b"\xef\xbb\xbf" + code.read_bytes().replace(b"\n", b"\r\n") + b"\tbad")
    broken = snapshot(content)
    assert broken != before
    assert generator("check", "--content", str(content), cwd=tmp_path).returncode == 1
    with pytest.raises(ContentError):
        validate_dir(content, CHECKS)
    assert snapshot(content) == broken
