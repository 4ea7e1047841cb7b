"""Builds that cannot destroy (issue 16, kind 4).

``generator build --site-dir content`` deleted the content folder: the build replaced
whatever folder it was given. The swap of the new site into place went through an instant
with no ``site/`` at all, a killed build left its staging folders behind for good, and a
folder the build could not write raised a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.hostile.conftest import cli

Snapshot = dict[str, str]


def snapshot(folder: Path) -> Snapshot:
    """Every file under ``folder`` with its sha256 (empty for a missing folder)."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Staging folders of the build beside the site."""
    return sorted(path.name for path in folder.iterdir() if path.name.startswith(".site."))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's sources: configuration, content, theme overrides."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "generator" / "templates").mkdir(parents=True)  # watched by mkdocs.yml
    return root


def generator_build(project: Path, site_dir: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator build`` on ``project`` as a contributor would, from it."""
    env = {key: value for key, value in os.environ.items() if key != "KB_CONTENT_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--config", "mkdocs.yml",
         "--site-dir", str(site_dir)], cwd=project, capture_output=True, text=True,
        check=False, timeout=300, env={**env, "PYTHONPATH": str(REPO), "KB_CHECKER": "false",
                                       "NO_MKDOCS_2_WARNING": "1"})


SOURCES = "expected a --site-dir apart from the sources, found '{}', {}; the build " \
          "replaces that folder, which would delete them. Choose a new folder, such as " \
          "'site'. Nothing was changed."


@pytest.mark.parametrize(("site_dir", "found"), [
    ("content", "the content folder itself"),
    ("content/pages", "MkDocs' docs_dir itself"),
    ("content/codes", "a folder inside the content folder ({content})"),
    ("content/pages/site", "a folder inside MkDocs' docs_dir ({pages})"),
    (".", "the repository itself"),
    ("..", "a folder that holds the repository ({root})"),
])
def test_site_dir_on_the_sources_is_refused(project: Path, site_dir: str, found: str) -> None:
    before = snapshot(project)
    result = generator_build(project, site_dir)
    target = (project / site_dir).resolve()
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["python -m generator build: " + SOURCES.format(
        target, found.format(content=project / "content", pages=project / "content/pages",
                             root=project))]
    assert snapshot(project) == before


def test_plain_mkdocs_build_into_the_content_is_refused(project: Path) -> None:
    """MkDocs empties its site_dir right after on_config and refuses only a site_dir that
    holds or lies in docs_dir: ``mkdocs build -d content/codes`` deleted every code."""
    before = snapshot(project)
    env = {key: value for key, value in os.environ.items() if key != "KB_CONTENT_DIR"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "content/codes"], cwd=project,
        capture_output=True, text=True, check=False, timeout=300,
        env={**env, "PYTHONPATH": str(REPO), "KB_CHECKER": "false",
             "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert SOURCES.format(project / "content" / "codes", "a folder inside the content folder "
                          f"({project / 'content'})") in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_site_dir_linked_to_the_content_is_refused(project: Path) -> None:
    (project / "site").symlink_to(project / "content")
    before = snapshot(project / "content")
    result = generator_build(project, "site")
    assert result.returncode == 1
    assert "the content folder itself" in result.stderr
    assert snapshot(project / "content") == before


def test_folder_that_is_not_a_site_is_not_replaced(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    (home / "notes" / "todo.txt").write_text("keep me", "utf-8")
    (home / ".profile").write_text("keep me too", "utf-8")
    before = snapshot(home)
    result = generator_build(project, home)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "python -m generator build: expected an empty folder or a site built before (with "
        f"sitemap.xml), found '{home}' holding other files (such as '.profile'); the build "
        "replaces the whole folder, so choose a new one or empty it yourself. Nothing was "
        "changed."]
    assert snapshot(home) == before


def test_file_as_site_dir_is_not_replaced(project: Path) -> None:
    (project / "notes.txt").write_text("keep me", "utf-8")
    result = generator_build(project, "notes.txt")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "python -m generator build: expected a folder for the site, found a file at "
        f"'{project / 'notes.txt'}'; choose another --site-dir. Nothing was changed."]
    assert (project / "notes.txt").read_text("utf-8") == "keep me"


def test_build_after_a_killed_one_repairs_and_cleans(project: Path, tmp_path: Path) -> None:
    """A build killed between its two renames left the old site aside and no site/; its
    staging folder is beside it. The next build puts a complete site in place and leaves
    nothing else."""
    out = tmp_path / "out"
    (out / ".site.old-x1" / "site").mkdir(parents=True)
    (out / ".site.old-x1" / "site" / BUILT).write_text("old", "utf-8")
    (out / ".site.new-x2" / "assets").mkdir(parents=True)
    (out / ".site.new-x2" / "assets" / "half.js").write_text("half-written", "utf-8")
    result = generator_build(project, out / "site")
    assert result.returncode == 0, result.stderr
    assert leftovers(out) == []
    site = snapshot(out / "site")
    assert {"index.html", "404.html", BUILT} <= set(site)
    assert any(name.startswith("causes/") for name in site)


BUILT = "sitemap.xml"

# A build in a child process whose MkDocs run is replaced by a copy of a ready tree (the
# swap is what is under test), killed by SIGKILL, so that no `finally` runs, right after
# its STEP-th change to the file system. With STEP 0 it is not killed: it runs a build
# whose MkDocs fails, copies what it left to AFTER_FAILED, then a build that succeeds.
KILLED_BUILD = r"""
import os, shutil, signal, sys, tempfile
from pathlib import Path
import generator.build as build

ready, site, step, exchange, config, after_failed = sys.argv[1:]
step, done, status = int(step), 0, 0

def changed():
    global done
    done += 1
    if done == step:
        os.kill(os.getpid(), signal.SIGKILL)

def counted(function):
    def call(*args, **kwargs):
        result = function(*args, **kwargs)
        changed()
        return result
    return call

def mkdocs(args, **kwargs):
    shutil.copytree(ready, args[args.index("--site-dir") + 1], dirs_exist_ok=True)
    return status

real_rmtree = shutil.rmtree

def rmtree(path, *args, **kwargs):  # killable half-way: after its first file
    first = next((p for p in Path(path).rglob("*") if p.is_file()), None)
    if first is not None:
        first.unlink()
        changed()
    real_rmtree(path, *args, **kwargs)
    changed()

build.subprocess.call = mkdocs
Path.rename = counted(Path.rename)
tempfile.mkdtemp = counted(tempfile.mkdtemp)
shutil.rmtree = rmtree
if hasattr(build, "_exchange"):
    build._exchange = counted(build._exchange) if exchange == "yes" else lambda a, b: False
if step == 0:
    status = 1
    assert build.build_site(Path(config), Path(site)) == 1
    real_rmtree(after_failed, ignore_errors=True)
    shutil.copytree(site, after_failed)
    status = 0
sys.exit(build.build_site(Path(config), Path(site)))
"""


def killed_build(ready: Path, site: Path, step: int, exchange: bool) -> int:
    """Run the build of ``ready`` into ``site``, killed after ``step`` changes (or, with
    0, a failing build and a successful one; the failed one's site is copied beside)."""
    return subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, str(ready), str(site), str(step),
         "yes" if exchange else "no", str(REPO / "mkdocs.yml"),
         str(site.parent.parent / "after-failed")],
        cwd=REPO, check=False, timeout=60, capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    ).returncode


def tree(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two renames"])
def test_site_is_complete_whenever_the_build_dies(tmp_path: Path, exchange: bool) -> None:
    """Killed after each change it makes, the build leaves the old site or the new one in
    place; without an atomic exchange, it may leave the old one moved aside, which the next
    build, even a failing one, puts back. The next build cleans up after it."""
    old = tree(tmp_path / "old", {BUILT: "old", "index.html": "old", "a/index.html": "old"})
    new = tree(tmp_path / "new", {BUILT: "new", "index.html": "new", "b/index.html": "new",
                                  "c/d/e.js": "new"})
    sites = {"old": snapshot(old), "new": snapshot(new)}
    out, site = tmp_path / "out", tmp_path / "out" / "site"
    step, status, missing = 1, -9, 0
    while status != 0:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old, site)
        status = killed_build(new, site, step, exchange)
        assert status in (0, -9), status
        state = snapshot(site)
        if not exchange and not site.exists():
            missing += 1
            (aside,) = out.glob(".site.old-*/site")
            state = snapshot(aside)
        assert state in sites.values(), f"killed after change {step}: an incomplete site"
        # The next builds: a failing one keeps (or puts back) that site, a successful one
        # replaces it, and both clean up what the killed one left.
        assert killed_build(new, site, 0, exchange) == 0
        assert snapshot(tmp_path / "after-failed") == state
        assert snapshot(site) == sites["new"]
        assert leftovers(out) == []
        step += 1
    assert step > 4  # the build was killed at several instants before it could finish
    assert missing == (0 if exchange else 1)


@pytest.fixture
def readonly(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Make a folder read-only, as ``chmod 555`` does for most users (under root, which
    writes anywhere, creating or renaming anything in it fails with EACCES instead)."""
    folders: list[Path] = []

    def inside(path: Any) -> bool:
        return not isinstance(path, int) and any(
            Path(os.fsdecode(path)).absolute().parent == folder for folder in folders)

    def refuse(real: Callable[..., Any], writes: bool) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            flags = args[0] if args else kwargs.get("flags", 0)
            if inside(path) and (writes or flags & os.O_CREAT):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
            return real(path, *args, **kwargs)
        return call

    def apply(folder: Path) -> None:
        if os.geteuid() != 0:
            folder.chmod(0o555)
        elif not folders:
            monkeypatch.setattr(os, "mkdir", refuse(os.mkdir, writes=True))
            monkeypatch.setattr(os, "rename", refuse(os.rename, writes=True))
            monkeypatch.setattr(os, "open", refuse(os.open, writes=False))
        folders.append(folder.absolute())

    yield apply
    for folder in folders:
        folder.chmod(0o755)


def test_unwritable_output_folder_is_a_message(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        readonly: Callable[[Path], None]) -> None:
    (tmp_path / "out").mkdir()
    readonly(tmp_path / "out")
    run = cli(capsys, "build", "--site-dir", str(tmp_path / "out" / "site"))
    assert run.status == 1
    assert "Traceback" not in run.err
    (line,) = run.lines
    assert line.startswith(f"python -m generator build: expected a --site-dir the build can "
                           f"write, found an error at '{tmp_path / 'out'}/.site.new-")
    assert line.endswith(f"' (Permission denied); check its permissions or choose another "
                         f"folder. {tmp_path / 'out' / 'site'} was left as it was.")
    assert list((tmp_path / "out").iterdir()) == []


def test_output_folder_under_a_file_is_a_message(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", "utf-8")
    run = cli(capsys, "build", "--site-dir", str(tmp_path / "file" / "site"))
    assert (run.status, run.lines) == (1, [
        f"python -m generator build: expected a folder at '{tmp_path / 'file'}', found a "
        "file; choose another --site-dir. Nothing was changed."])
    assert (tmp_path / "file").read_text("utf-8") == "not a folder"
