"""Build the site into a temporary folder and swap it in only when the build succeeded.

A failed build (invalid content, a broken link under ``--strict``) leaves the previous
``site/`` exactly as it was, so a bad pull request can never half-write what is hosted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build_site(config_file: Path, site_dir: Path) -> int:
    """Run ``mkdocs build`` into a sibling temp folder, then replace ``site_dir`` with it.

    Returns MkDocs' exit status; ``site_dir`` is untouched unless it is 0.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # A sibling, so the final rename stays on one file system and is atomic.
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        # Not --quiet: it raises MkDocs' log level above WARNING, so --strict would count
        # no warnings and a broken link would pass.
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


def _swap(new: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        target.rename(old / target.name)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
