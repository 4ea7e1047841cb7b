"""Build the site into a temporary folder and swap it in only when the build succeeded.

A failed build (invalid content, a broken link under ``--strict``) leaves the previous
``site/`` exactly as it was, so a bad pull request can never half-write what is hosted.

Nor can a build destroy anything else, whatever its arguments or whenever it is killed:

- ``--site-dir`` may not be, hold or lie inside the sources (the content folder, MkDocs'
  ``docs_dir``, the repository), and an existing folder is replaced only if it is empty or
  a site built before (it has MkDocs' ``sitemap.xml``): ``--site-dir ~`` is refused.
- The new site replaces the old one in one atomic exchange of the two folders (Linux's
  ``renameat2(RENAME_EXCHANGE)``, macOS' ``renamex_np``), so ``site/`` is complete at
  every instant. Where the
  exchange is not available, the old site is moved aside first; a build killed between
  the two renames leaves it there, and the next build moves it back.
- Staging folders left by a killed build (``.site.new-*``, ``.site.old-*``) are removed
  by the next build, under a lock that keeps two builds from cleaning up each other.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import UsageError

BUILT_MARK = "sitemap.xml"
"""A file MkDocs writes into every site: its presence says a folder is a site built before."""


def build_site(config_file: Path, site_dir: Path) -> int:
    """Run ``mkdocs build`` into a sibling temp folder, then swap it in as ``site_dir``.

    Returns MkDocs' exit status; ``site_dir`` is untouched unless it is 0. Raises
    ``UsageError`` for a ``site_dir`` that would destroy something or cannot be written.
    """
    site_dir = site_dir.resolve()
    refuse_sources(site_dir, protected(config_file))
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        with _locked(site_dir.parent):
            _repair(site_dir)
            _refuse_foreign(site_dir)
            # A sibling, so the final rename stays on one file system and is atomic.
            staging = Path(tempfile.mkdtemp(prefix=_prefix(site_dir, "new"),
                                            dir=site_dir.parent))
            try:
                # Not --quiet: it raises MkDocs' log level above WARNING, so --strict would
                # count no warnings and a broken link would pass.
                status = subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict",
                                          "--config-file", str(config_file),
                                          "--site-dir", str(staging)])
                if status != 0:
                    print(f"Build failed; {site_dir} was left as it was.", file=sys.stderr)
                    return status
                _swap(staging, site_dir)
                return 0
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except (FileExistsError, NotADirectoryError) as err:
        raise UsageError(f"expected a folder at '{err.filename or site_dir.parent}', found a "
                         "file; choose another --site-dir. Nothing was changed.") from None
    except OSError as err:
        where = err.filename or site_dir
        raise UsageError(f"expected a --site-dir the build can write, found an error at "
                         f"'{where}' ({err.strerror or err}); check its permissions or "
                         f"choose another folder. {site_dir} was left as it was.") from None


def protected(config_file: Path) -> dict[Path, str]:
    """Return the folders a build must never replace or write into, with what they are.

    Read from the configuration as MkDocs reads its YAML (``!ENV`` included); what cannot
    be read there keeps its default, and MkDocs then says what is wrong with the file.
    """
    root = config_file.resolve().parent
    docs_dir, content_dir = "docs", "content"
    try:
        from mkdocs.utils.yaml import yaml_load

        with config_file.open("rb") as file:
            config = yaml_load(file)
        docs_dir = str(config.get("docs_dir", docs_dir))
        for plugin in config.get("plugins", []):
            if isinstance(plugin, dict) and isinstance(plugin.get("kb"), dict):
                content_dir = str(plugin["kb"].get("content_dir", content_dir))
    except Exception:
        pass  # MkDocs reports an unreadable configuration, in its own words
    return {(root / docs_dir).resolve(): "MkDocs' docs_dir",
            (root / content_dir).resolve(): "the content folder", root: "the repository"}


def refuse_sources(site_dir: Path, folders: dict[Path, str]) -> None:
    """Refuse a site folder that is, holds or (but for the repository) lies in a source.

    Of several sources, the message names the widest one the site folder holds and the
    narrowest one it lies in.
    """
    widest_first = sorted(folders, key=lambda folder: len(folder.parts))
    for folder in widest_first:
        if site_dir == folder:
            found = f"{folders[folder]} itself"
            break
    else:
        held = [folder for folder in widest_first if folder.is_relative_to(site_dir)]
        around = [folder for folder in reversed(widest_first)
                  if site_dir.is_relative_to(folder) and folders[folder] != "the repository"]
        if held:
            found = f"a folder that holds {folders[held[0]]} ({held[0]})"
        elif around:
            found = f"a folder inside {folders[around[0]]} ({around[0]})"
        else:
            return
    raise UsageError(f"expected a --site-dir apart from the sources, found '{site_dir}', "
                     f"{found}; the build replaces that folder, which would delete them. "
                     "Choose a new folder, such as 'site'. Nothing was changed.")


def _refuse_foreign(site_dir: Path) -> None:
    """Refuse to replace a file, or a folder with files that no build of ours wrote."""
    if not site_dir.exists() and not site_dir.is_symlink():
        return
    if not site_dir.is_dir():
        raise UsageError(f"expected a folder for the site, found a file at '{site_dir}'; "
                         "choose another --site-dir. Nothing was changed.")
    names = sorted(entry.name for entry in site_dir.iterdir())
    if names and BUILT_MARK not in names:
        raise UsageError(f"expected an empty folder or a site built before (with "
                         f"{BUILT_MARK}), found '{site_dir}' holding other files (such as "
                         f"'{names[0]}'); the build replaces the whole folder, so choose a "
                         "new one or empty it yourself. Nothing was changed.")


def _prefix(site_dir: Path, kind: str) -> str:
    return f".{site_dir.name}.{kind}-"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (where staging folders live) while building."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock, builds must not overlap
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _repair(site_dir: Path) -> None:
    """Finish what a killed build left: restore a site moved aside, remove staging folders."""
    parent = site_dir.parent
    for old in sorted(parent.glob(_prefix(site_dir, "old") + "*"), reverse=True):
        kept = old / site_dir.name
        if kept.is_dir() and not site_dir.exists() and not site_dir.is_symlink():
            kept.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    for new in parent.glob(_prefix(site_dir, "new") + "*"):
        shutil.rmtree(new, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``; ``new`` then holds the old site, or nothing."""
    if not target.exists():
        new.rename(target)
    elif not _exchange(new, target):
        old = Path(tempfile.mkdtemp(prefix=_prefix(target, "old"), dir=target.parent))
        target.rename(old / target.name)  # killed here: the next build moves it back
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths; False where the system cannot (then nothing moved).

    Linux has ``renameat2(RENAME_EXCHANGE)`` (glibc 2.28, 2018), macOS
    ``renamex_np(RENAME_SWAP)``; neither is in Python's standard library.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    old, new = os.fsencode(first), os.fsencode(second)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        libc.renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                                   ctypes.c_char_p, ctypes.c_uint]
        failed = libc.renameat2(at_fdcwd, old, at_fdcwd, new, rename_exchange)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rename_swap = 2
        libc.renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        failed = libc.renamex_np(old, new, rename_swap)
    else:
        return False
    if not failed:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the file system or the kernel cannot exchange
    raise OSError(code, os.strerror(code), str(second))
