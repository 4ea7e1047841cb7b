"""The checker's build-time packaging: wheel, self-hosted Pyodide, lockfile, manifest."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from pyodide_lock import PyodideLockSpec

from generator.assets import (
    PACKAGE,
    PYODIDE_CORE,
    SPEED_FILE_BYTES,
    AssetError,
    build_wheel,
    static_imports,
    write_checker_assets,
)

REPO = Path(__file__).resolve().parent.parent
NPM_PYODIDE = REPO / "node_modules" / "pyodide"

MANIFEST: dict[str, Any] = {
    "version": 1,
    "codes": {"M7702-1003": {"title": "Netflix error M7702-1003", "url": "/codes/m7702-1003/"}},
    "causes": {"drm-component": {"title": "DRM component", "url": "/causes/drm-component/"}},
    "checks": {"widevine": [{"code": "M7702-1003", "cause": "drm-component",
                             "url": "/codes/m7702-1003/#drm-component"}]},
}

def build_info(site: Path) -> dict[str, Any]:
    """Return the site's ``assets/kb/build.json``."""
    return dict(json.loads((site / "assets" / "kb" / "build.json").read_text("utf-8")))


THEME_KB = REPO / "overrides" / "assets" / "kb"


def theme_site(site: Path) -> Path:
    """Put the theme's scripts in ``site`` as MkDocs does before the plugin's
    ``on_post_build`` writes the checker's files (the worker imports i18n.mjs from there)."""
    shutil.copytree(THEME_KB, site / "assets" / "kb", dirs_exist_ok=True)
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site dir holding the theme's scripts and the checker's assets, written from the
    real repository."""
    site = theme_site(tmp_path_factory.mktemp("site"))
    write_checker_assets(site, MANIFEST, repo_root=REPO)
    return site


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A throwaway repository root: a copy of ``checker/``, the real node_modules linked."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "checker", root / "checker",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (root / "node_modules").mkdir()
    (root / "node_modules" / "pyodide").symlink_to(NPM_PYODIDE)
    shutil.copy(REPO / "package.json", root / "package.json")
    return root


def test_wheel_holds_only_the_package_and_its_metadata() -> None:
    name, data = build_wheel(REPO / "checker")
    assert name.startswith("kb_checker-1.0-1") and name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        names = wheel.namelist()
        sources = sorted(p.name for p in (REPO / "checker").glob("*.py"))
        assert [n.split("/", 1)[1] for n in names if n.startswith("checker/")] == sorted(
            [*sources, "py.typed"]
        )
        assert not [n for n in names if "web/" in n or n.endswith((".mjs", ".css"))]
        info = "kb_checker-1.0.dist-info"
        assert {f"{info}/METADATA", f"{info}/WHEEL", f"{info}/RECORD"} <= set(names)
        assert f"Name: {PACKAGE}\n" in wheel.read(f"{info}/METADATA").decode()
        assert "Tag: py3-none-any\n" in wheel.read(f"{info}/WHEEL").decode()
        record = wheel.read(f"{info}/RECORD").decode().splitlines()
        assert len(record) == len(names)
        for line in record[:-1]:
            path, digest, size = line.split(",")
            assert int(size) == len(wheel.read(path))
            assert digest.startswith("sha256=")
        assert {entry.date_time for entry in wheel.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_wheel_names_are_marked_utf8() -> None:
    # Unmarked names are read as cp437, a codec Pyodide's installer would import for it.
    _, data = build_wheel(REPO / "checker")
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        entries = wheel.infolist()
        assert wheel.testzip() is None
    assert all(entry.flag_bits & 0x800 for entry in entries)  # the central directory
    local = [entry.header_offset for entry in entries]  # and each local header
    assert all(data[at:at + 4] == b"PK\x03\x04" for at in local)
    assert all(int.from_bytes(data[at + 6:at + 8], "little") & 0x800 for at in local)


def test_wheel_is_reproducible_and_named_by_its_content(repo_copy: Path) -> None:
    first = build_wheel(repo_copy / "checker")
    assert build_wheel(repo_copy / "checker") == first
    with (repo_copy / "checker" / "facts.py").open("a") as source:
        source.write("\n# changed\n")
    second = build_wheel(repo_copy / "checker")
    assert second[0] != first[0], "a changed wheel must get a new file name (caching)"


def test_wheel_imports_on_plain_python(site: Path, tmp_path: Path) -> None:
    wheel = next((site / "assets" / "pyodide").glob("*/kb_checker-*.whl"))
    env = {**os.environ, "PYTHONPATH": str(wheel)}  # zipimport: no install needed
    code = "import checker, checker.probe, checker.report; print(checker.report.__file__)"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert str(wheel) in result.stdout


def test_lockfile_registers_the_wheel_with_its_sha256(site: Path) -> None:
    build = build_info(site)
    version = json.loads((NPM_PYODIDE / "package.json").read_text("utf-8"))["version"]
    assert build["pyodide"] == {
        "version": version,
        "index": f"../pyodide/{version}/",
        "lock": build["pyodide"]["lock"],
    }
    folder = site / "assets" / "pyodide" / version
    lock_path = folder / build["pyodide"]["lock"]
    lock = json.loads(lock_path.read_text("utf-8"))
    npm_lock = json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text("utf-8"))
    assert lock["info"] == npm_lock["info"]
    assert list(lock["packages"]) == [PACKAGE]
    entry = lock["packages"][PACKAGE]
    wheel = folder / entry["file_name"]
    assert wheel.is_file()
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["checker"]
    assert entry["depends"] == []
    PyodideLockSpec.from_json(lock_path).check_wheel_filenames()  # raises when inconsistent


def test_the_build_imports_no_browser_code() -> None:
    # The bait belongs to the bridge (checker/web/bridge.mjs); the build packages the
    # checker but never imports its browser edge.
    generator = Path(__file__).resolve().parent.parent / "generator"
    sources = "".join(path.read_text("utf-8") for path in generator.rglob("*.py"))
    assert "checker.probe" not in sources


def test_every_runtime_file_is_in_place(site: Path) -> None:
    version = build_info(site)["pyodide"]["version"]
    for name in PYODIDE_CORE:
        copied = site / "assets" / "pyodide" / version / name
        assert copied.read_bytes() == (NPM_PYODIDE / name).read_bytes(), name
    kb = site / "assets" / "kb"
    for source in (REPO / "checker" / "web").iterdir():
        if source.name != "checker.mjs":
            assert (kb / source.name).read_bytes() == source.read_bytes()
    # The loader states what the first check downloads: the build measured those files.
    pyodide_dir = site / "assets" / "pyodide" / version
    python = sum((pyodide_dir / name).stat().st_size for name in (
        "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
        build_info(site)["pyodide"]["lock"])) + sum(
        p.stat().st_size for p in pyodide_dir.glob("kb_checker-*.whl"))
    loader = (kb / "checker.mjs").read_text("utf-8")
    # A first check also fetches the worker and what it imports (a worker shares no module
    # with the page), the bridge, build.json, the manifest and speed.bin.
    first_check = python + sum((kb / name).stat().st_size for name in (
        "worker.mjs", "i18n.mjs", "bridge.mjs", "build.json", "manifest.json", "speed.bin"))
    assert (f"const DOWNLOAD = {{ python: {python}, firstCheck: {first_check}, "
            "firstChecks: {} };") in loader
    assert python > 10_000_000
    assert json.loads((kb / "manifest.json").read_text("utf-8")) == MANIFEST
    assert (kb / "speed.bin").stat().st_size == SPEED_FILE_BYTES
    # Compressible bytes would let a compressing host fake a fast connection.
    sample = (kb / "speed.bin").read_bytes()[:65536]
    assert len(zlib.compress(sample, 9)) > 0.99 * len(sample)


def test_a_first_check_in_another_language_counts_its_manifest_and_words(
        tmp_path: Path) -> None:
    site = theme_site(tmp_path / "site")
    words = site / "assets" / "kb" / "i18n" / "es.json"
    words.parent.mkdir()
    words.write_text('{"Problem": "Problema"}', "utf-8")
    spanish = {**MANIFEST, "causes": {"drm-component": {"title": "Componente DRM",
                                                        "url": "/es/causes/drm-component/"}}}
    write_checker_assets(site, MANIFEST, {"es": spanish}, repo_root=REPO)
    kb = site / "assets" / "kb"
    line = next(line for line in (kb / "checker.mjs").read_text("utf-8").splitlines()
                if line.startswith("const DOWNLOAD = "))
    english = int(line.split("firstCheck: ")[1].split(",")[0])
    manifests = (kb / "manifest.json").stat().st_size, (kb / "i18n/es/manifest.json").stat().st_size
    assert line.endswith(f'firstChecks: {{"es": {english - manifests[0] + manifests[1]
                                                  + words.stat().st_size}}} }};')


def test_static_imports_are_the_modules_a_worker_fetches() -> None:
    source = ('// import nothing from "./comment.mjs"\n'
              'import { a,\n  b } from "./one.mjs";\nimport "./two.mjs";\n'
              "export { c } from '../three.mjs';\n"
              'const x = await import("./dynamic.mjs");\n/** @type {import("./t.mjs").T} */\n')
    assert static_imports(source) == ["./one.mjs", "./two.mjs", "../three.mjs"]


def test_a_worker_import_the_site_lacks_stops_the_build(repo_copy: Path,
                                                        tmp_path: Path) -> None:
    # The theme's scripts are not in this site: the worker's i18n.mjs is missing.
    with pytest.raises(AssetError, match=r"worker\.mjs imports './i18n\.mjs', which the site"):
        write_checker_assets(tmp_path / "site", MANIFEST, repo_root=repo_copy)


def test_rebuild_keeps_unchanged_files_and_drops_stale_ones(repo_copy: Path,
                                                            tmp_path: Path) -> None:
    site = theme_site(tmp_path / "site")
    write_checker_assets(site, MANIFEST, repo_root=repo_copy)
    files = sorted(p for p in site.rglob("*") if p.is_file())
    mtimes = {p: p.stat().st_mtime_ns for p in files}
    write_checker_assets(site, MANIFEST, repo_root=repo_copy)
    assert {p: p.stat().st_mtime_ns for p in files} == mtimes, "nothing changed: nothing written"

    old_lock = build_info(site)["pyodide"]["lock"]
    with (repo_copy / "checker" / "rules.py").open("a") as source:
        source.write("\n# changed\n")
    write_checker_assets(site, MANIFEST, repo_root=repo_copy)
    folder = site / "assets" / "pyodide" / build_info(site)["pyodide"]["version"]
    assert build_info(site)["pyodide"]["lock"] != old_lock
    assert len(list(folder.glob("kb-lock-*.json"))) == 1
    assert len(list(folder.glob("kb_checker-*.whl"))) == 1


def test_missing_pyodide_says_to_run_npm_ci(repo_copy: Path, tmp_path: Path) -> None:
    (repo_copy / "node_modules" / "pyodide").unlink()
    with pytest.raises(AssetError, match="npm ci"):
        write_checker_assets(tmp_path / "site", MANIFEST, repo_root=repo_copy)


def test_pyodide_other_than_the_pinned_one_is_refused(repo_copy: Path, tmp_path: Path) -> None:
    package = json.loads((repo_copy / "package.json").read_text("utf-8"))
    package["dependencies"]["pyodide"] = "0.0.1"
    (repo_copy / "package.json").write_text(json.dumps(package), "utf-8")
    with pytest.raises(AssetError, match=r"pins 0\.0\.1.*npm ci"):
        write_checker_assets(tmp_path / "site", MANIFEST, repo_root=repo_copy)


def test_package_lock_names_no_registry() -> None:
    lock = (REPO / "package-lock.json").read_text("utf-8")
    assert '"resolved"' not in lock
    pinned = json.loads(lock)["packages"]["node_modules/pyodide"]["version"]
    assert pinned == json.loads((REPO / "package.json").read_text("utf-8"))["dependencies"][
        "pyodide"
    ]


def test_every_script_is_type_checked() -> None:
    # `make lint` runs tsc over these (tsconfig.json); // @ts-check keeps editors honest too.
    root = Path(__file__).resolve().parent.parent
    scripts = [*root.glob("checker/web/*.mjs"), *root.glob("overrides/assets/kb/*.mjs")]
    assert scripts
    unchecked = [p.name for p in scripts if not p.read_text("utf-8").startswith("// @ts-check")]
    assert unchecked == []
