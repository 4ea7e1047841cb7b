"""Build-time packaging of the in-page checker: wheel, Pyodide core, lockfile, manifest.

``write_checker_assets`` is called from the MkDocs plugin's ``on_post_build`` (and by the
tests) and writes, below the built site::

    assets/pyodide/<version>/      Pyodide's core files, copied from node_modules/pyodide,
                                   plus the checker wheel and the site-local lockfile that
                                   registers it (name and sha256) for Pyodide's package
                                   loader (``loadPyodide({packages})``, ``loadPackage``)
    assets/kb/                     checker/web/* (loader, worker, bridge, CSS),
                                   manifest.json, build.json, speed.bin
    assets/kb/i18n/<lang>/         manifest.json of each other language (its pages, its
                                   titles), which build.json names by language

Everything below ``assets/pyodide/<version>/`` is named by version or content hash, so a
host may cache that folder forever (``Cache-Control: immutable``); ``build.json`` is the
one small, unversioned file that points at the current lockfile, and the loader
revalidates it on every run.

No MkDocs import here: this is a plain module so that tests and other tools can use it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

PACKAGE = "kb-checker"
"""Distribution name of the checker wheel; the name Pyodide's package loader is given."""

WHEEL_VERSION = "1.0"
"""The wheel's version. Content changes show in the wheel's build tag instead (see below)."""

PYODIDE_CORE = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
"""The files of the npm package the browser needs (types, maps and REPL pages stay out)."""

PYODIDE_RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
"""What the worker fetches of Pyodide (its npm lockfile is replaced by the site's own)."""

LOADER = "checker.mjs"
"""The page's script: copied with the measured download sizes filled in."""

WORKER = "worker.mjs"
"""The checker's module worker: a first check fetches it and every module it imports."""

FIRST_CHECK_FILES = ("bridge.mjs", "build.json", "speed.bin")
"""The checker's other files a first check fetches besides Pyodide and the wheel (and the
worker's modules, the manifest of the page's language and that language's words)."""

SPEED_FILE_BYTES = 2 * 1024 * 1024
"""Size of ``speed.bin``: big enough to time at a few Mbit/s, small enough for 5 s at 3."""

# Wheels must be byte-for-byte reproducible, so every zip entry gets this timestamp (the
# earliest a zip can hold) and fixed permissions: the sha256 then only changes with the code.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_ZIP_UTF8 = 0x800
"""General-purpose flag bit 11: the entry's name is UTF-8 (APPNOTE 4.4.4)."""


class _Utf8ZipInfo(zipfile.ZipInfo):
    """A zip entry whose name is always marked UTF-8, ASCII names included.

    zipfile sets the flag only for non-ASCII names and reads unmarked names as cp437: in
    Pyodide, installing the wheel would then import that codec (about 9 ms) just to
    decode ASCII. ASCII is UTF-8, so the bytes stay the same; only the flag differs.
    """

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile calls it for both headers
        return self.filename.encode("utf-8"), self.flag_bits | _ZIP_UTF8


class AssetError(RuntimeError):
    """The checker's assets cannot be built; the message says what to do."""


def write_checker_assets(site_dir: Path, manifest: dict[str, Any],
                         translated: dict[str, dict[str, Any]] | None = None, *,
                         repo_root: Path) -> None:
    """Write the checker's runtime files below ``site_dir`` (see the module docstring).

    ``manifest`` maps codes, causes and check ids to page URLs (the plugin builds it);
    ``translated`` is the same per other language, linking that language's pages;
    ``repo_root`` holds ``checker/`` and ``node_modules/``. Files that are already up to
    date are left alone, so ``mkdocs serve`` rebuilds stay fast. Raises ``AssetError``
    with an actionable message when the Pyodide npm package is missing or stale.
    """
    site_dir, repo_root = Path(site_dir), Path(repo_root)
    npm_dir = repo_root / "node_modules" / "pyodide"
    version = _pyodide_version(npm_dir, repo_root / "package.json")

    pyodide_root = site_dir / "assets" / "pyodide"
    pyodide_dir = pyodide_root / version
    kb_dir = site_dir / "assets" / "kb"
    pyodide_dir.mkdir(parents=True, exist_ok=True)
    kb_dir.mkdir(parents=True, exist_ok=True)
    # Earlier Pyodide versions left behind in a dirty site dir would be served for nothing.
    for old in pyodide_root.iterdir():
        if old.is_dir() and old.name != version:
            shutil.rmtree(old)

    for name in PYODIDE_CORE:
        _sync_file(npm_dir / name, pyodide_dir / name)

    wheel_name, wheel_bytes = build_wheel(repo_root / "checker")
    lock_name = f"kb-lock-{hashlib.sha256(wheel_bytes).hexdigest()[:12]}.json"
    _remove_stale(pyodide_dir, keep={wheel_name, lock_name})
    _write_if_changed(pyodide_dir / wheel_name, wheel_bytes)
    if not (pyodide_dir / lock_name).exists():
        _write_lockfile(npm_dir / "pyodide-lock.json", pyodide_dir / wheel_name,
                        pyodide_dir / lock_name)

    web_dir = repo_root / "checker" / "web"
    for source in sorted(web_dir.rglob("*")):
        if source.is_file() and source.name != LOADER:  # the loader is written below
            _sync_file(source, kb_dir / source.relative_to(web_dir))
    _write_if_changed(kb_dir / "manifest.json", _json_bytes(manifest))
    manifests = {}
    for lang, language_manifest in sorted((translated or {}).items()):
        manifests[lang] = f"i18n/{lang}/manifest.json"
        (kb_dir / "i18n" / lang).mkdir(parents=True, exist_ok=True)
        _write_if_changed(kb_dir / manifests[lang], _json_bytes(language_manifest))
    build = {
        "version": 1,
        "pyodide": {"version": version, "index": f"../pyodide/{version}/", "lock": lock_name},
        "package": PACKAGE,
        "manifest": "manifest.json",
        # A page in one of these languages reads its own (the English one otherwise).
        "manifests": manifests,
        "speed": "speed.bin",
    }
    _write_if_changed(kb_dir / "build.json", _json_bytes(build))
    speed = kb_dir / "speed.bin"
    if not speed.exists() or speed.stat().st_size != SPEED_FILE_BYTES:
        # Random bytes, so that a host compressing on the fly cannot inflate the measured
        # speed; seeded, so that the build stays reproducible.
        speed.write_bytes(random.Random(7702).randbytes(SPEED_FILE_BYTES))
    python = [pyodide_dir / name for name in PYODIDE_RUNTIME] + [
        pyodide_dir / wheel_name, pyodide_dir / lock_name]
    first_check = [*python, *module_graph(kb_dir / WORKER, kb_dir),
                   *(kb_dir / name for name in FIRST_CHECK_FILES)]
    in_languages = {lang: _size([*first_check, kb_dir / path, catalogue_path(kb_dir, lang)])
                    for lang, path in manifests.items()}
    _write_loader(web_dir / LOADER, kb_dir / LOADER, _size(python),
                  _size([*first_check, kb_dir / "manifest.json"]), in_languages)


def catalogue_path(kb_dir: Path, lang: str) -> Path:
    """Return where a language's words for the scripts are: the plugin writes them there
    first, and the page's i18n.mjs fetches them on the first check in that language."""
    path = kb_dir / "i18n" / f"{lang}.json"
    if not path.is_file():
        raise AssetError(f"{path} is missing: write each language's words (the plugin's "
                         "catalogue) before the checker's assets")
    return path


_STATIC_IMPORT = re.compile(
    r"""^[ \t]*(?:import|export)\b[^'"();]*?\bfrom[ \t]*["'](?P<spec>[^"']+)["']"""
    r"""|^[ \t]*import[ \t]*["'](?P<bare>[^"']+)["']""", re.MULTILINE)


def static_imports(source: str) -> list[str]:
    """Return the specifiers of a module's static imports (``import ... from "./x.mjs"``,
    ``import "./x.mjs"``, ``export ... from``), in order; dynamic ``import()`` is not one."""
    return [match.group("spec") or match.group("bare") for match in _STATIC_IMPORT.finditer(source)]


def module_graph(entry: Path, root: Path) -> list[Path]:
    """Return ``entry`` and every module it statically imports, each once, as served below
    ``root``.

    A module worker shares no module map with the page: it fetches each of these itself,
    even those the page has loaded. Raises ``AssetError`` when an import is not in the
    site or leaves ``root`` (the worker's CSP allows only this site).
    """
    found: list[Path] = []
    todo = [entry]
    while todo:
        module = todo.pop(0)
        if module in found:
            continue
        found.append(module)
        for spec in static_imports(module.read_text("utf-8")):
            target = (module.parent / spec).resolve()
            if not spec.startswith(("./", "../")) or not target.is_relative_to(root.resolve()):
                raise AssetError(f"{module.name} imports {spec!r}: the checker's modules "
                                 f"import only files of {root} by a relative path")
            if not target.is_file():
                raise AssetError(f"{module.name} imports {spec!r}, which the site does not "
                                 f"have at {target}: put it in checker/web/ or the theme's "
                                 "assets/kb/")
            todo.append(target)
    return found


def _size(paths: list[Path]) -> int:
    """Return the bytes of ``paths`` together."""
    return sum(path.stat().st_size for path in paths)


_DOWNLOAD_LINE = re.compile(
    rb"const DOWNLOAD = \{ python: \d+, firstCheck: \d+, firstChecks: \{[^{}]*\} \};")


def _write_loader(loader: Path, target: Path, python: int, first_check: int,
                  in_languages: dict[str, int]) -> None:
    """Write the page's loader with the measured download sizes in its ``DOWNLOAD`` line.

    The page states the size before it has fetched anything (offline, it cannot fetch
    build.json), so the numbers travel in the script itself: ``firstCheck`` on a page in
    the default language, ``firstChecks`` per other language (its manifest and words).
    """
    if not loader.is_file():
        raise AssetError(f"{loader} is missing")
    text = loader.read_bytes()
    languages = json.dumps(in_languages, sort_keys=True)
    line = (f"const DOWNLOAD = {{ python: {python}, firstCheck: {first_check}, "
            f"firstChecks: {languages} }};").encode()
    if not _DOWNLOAD_LINE.search(text):
        raise AssetError(f"{loader} has no "
                         "`const DOWNLOAD = { python: 0, firstCheck: 0, firstChecks: {} };`")
    _write_if_changed(target, _DOWNLOAD_LINE.sub(line, text, count=1))


def build_wheel(package_dir: Path) -> tuple[str, bytes]:
    """Return the file name and bytes of a pure-Python wheel of ``package_dir``.

    The wheel holds the package's top-level ``*.py`` files and ``py.typed`` (not ``web/``:
    that is served as static files). It is reproducible: same sources, same bytes. Its
    build tag is a hash of the sources, so every change gets a new file name and a
    browser can never pair a cached old wheel with a new lockfile's sha256.
    """
    package_dir = Path(package_dir)
    sources = sorted(
        path for path in package_dir.iterdir()
        if path.is_file() and (path.suffix == ".py" or path.name == "py.typed")
    )
    if not any(path.name == "__init__.py" for path in sources):
        raise AssetError(f"{package_dir} has no __init__.py: it is not a package to ship")
    files = {f"{package_dir.name}/{path.name}": path.read_bytes() for path in sources}
    digest = hashlib.sha256()
    for name, data in files.items():
        digest.update(name.encode() + b"\0" + data + b"\0")
    build_tag = "1" + digest.hexdigest()[:12]  # a wheel build tag must start with a digit

    dist = PACKAGE.replace("-", "_")
    info = f"{dist}-{WHEEL_VERSION}.dist-info"
    files[f"{info}/METADATA"] = (
        "Metadata-Version: 2.1\n"
        f"Name: {PACKAGE}\n"
        f"Version: {WHEEL_VERSION}\n"
        "Summary: In-page browser checker of the error-code help site (runs in Pyodide)\n"
        "Requires-Python: >=3.12\n"
    ).encode()
    files[f"{info}/WHEEL"] = (
        "Wheel-Version: 1.0\n"
        "Generator: generator.assets\n"
        "Root-Is-Purelib: true\n"
        "Tag: py3-none-any\n"
        f"Build: {build_tag}\n"
    ).encode()
    record = [f"{name},sha256={_record_hash(data)},{len(data)}" for name, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            entry = _Utf8ZipInfo(name, date_time=_ZIP_EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data, compresslevel=9)
    return f"{dist}-{WHEEL_VERSION}-{build_tag}-py3-none-any.whl", buffer.getvalue()


def _pyodide_version(npm_dir: Path, package_json: Path) -> str:
    """Return the installed Pyodide version; fail when it is missing or not the pinned one."""
    installed = npm_dir / "package.json"
    if not installed.is_file():
        raise AssetError(
            f"Pyodide is not installed ({npm_dir} is missing): "
            f"run `npm ci` in {npm_dir.parent.parent}"
        )
    version = str(json.loads(installed.read_text("utf-8"))["version"])
    missing = [name for name in PYODIDE_CORE if not (npm_dir / name).is_file()]
    if missing:
        raise AssetError(f"{npm_dir} lacks {', '.join(missing)}: run `npm ci` to reinstall it")
    if package_json.is_file():
        pinned = json.loads(package_json.read_text("utf-8")).get("dependencies", {}).get("pyodide")
        if pinned and pinned != version:
            raise AssetError(
                f"node_modules has Pyodide {version} but package.json pins {pinned}: run `npm ci`"
            )
    return version


def _write_lockfile(npm_lock: Path, wheel: Path, output: Path) -> None:
    """Write a lockfile holding Pyodide's ``info`` and the checker wheel, via pyodide-lock.

    This is what ``pyodide lockfile add-wheels --input IN --output OUT WHEEL`` does (same
    functions, called in-process: no PATH lookup, no 0.3 s CLI start). The input keeps
    only ``info`` from the npm lockfile: its 357 package entries name wheels the npm
    package does not contain, and dropping them saves the browser a 119 KB download.
    """
    try:
        import pkginfo  # noqa: F401 - pyodide-lock reads wheel metadata with it, lazily
        from pyodide_lock import PyodideLockSpec
        from pyodide_lock.utils import add_wheels_to_spec
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise AssetError(
            f"Cannot register the checker wheel ({error}): install pyodide-lock[wheel] "
            "(pyodide-build's lockfile tool and pkginfo), e.g. with `make setup`"
        ) from error
    info = json.loads(npm_lock.read_text("utf-8"))["info"]
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "pyodide-lock.json"
        minimal.write_text(json.dumps({"info": info, "packages": {}}), "utf-8")
        spec = add_wheels_to_spec(PyodideLockSpec.from_json(minimal), [wheel])
        partial = Path(tmp) / output.name
        spec.to_json(partial)
        shutil.move(partial, output)  # never leave a half-written lockfile behind


def _remove_stale(folder: Path, keep: set[str]) -> None:
    """Delete earlier checker wheels and lockfiles from ``folder`` (a dirty site dir)."""
    for path in folder.iterdir():
        stale = path.name.startswith("kb-lock-") or path.name.startswith("kb_checker-")
        if stale and path.name not in keep:
            path.unlink()


def _sync_file(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` unless an identical copy (size and mtime) is there."""
    if not source.is_file():
        raise AssetError(f"{source} is missing")
    stat = source.stat()
    if target.is_file():
        current = target.stat()
        if current.st_size == stat.st_size and int(current.st_mtime) == int(stat.st_mtime):
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def _write_if_changed(target: Path, data: bytes) -> None:
    """Write ``data`` unless ``target`` already holds exactly it (keeps mtimes for caches)."""
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)


def _json_bytes(value: Any) -> bytes:
    """Serialise ``value`` compactly and deterministically."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _record_hash(data: bytes) -> str:
    """Return the urlsafe, unpadded base64 sha256 that wheel RECORD files use."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()

