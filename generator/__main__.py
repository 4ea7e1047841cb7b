"""Entry point for ``python -m generator``.

The generator runs inside the project's virtual environment (``.venv``, made by ``make``).
Started by any other Python (a fresh terminal's ``python3``: too old, or without the
packages), it says in one sentence what to type instead, never a traceback. So this file
checks before importing the rest, and keeps to syntax every Python 3 can parse.
"""

from __future__ import annotations

import importlib.util
import sys

NEEDED = ("yaml", "jinja2", "jsonschema", "jsonschema_rs", "mkdocs", "material")
"""Packages every command imports sooner or later; one missing means the wrong Python."""


def wrong_python() -> str | None:
    """Say why this interpreter cannot run the generator, or return None when it can."""
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if sys.version_info >= (3, 12) and not missing:
        return None
    version = ".".join(map(str, sys.version_info[:3]))
    why = "; ".join(([] if sys.version_info >= (3, 12) else ["3.12 or newer is needed"])
                    + ([f"missing {', '.join(missing)}"] if missing else []))
    return (f"`python -m generator` runs in the project's virtual environment, and this "
            f"Python is not it ({sys.executable}, {version}: {why}); from any shell, type "
            "`make check` to validate the content or `make new CODE=M1234-5678` for a new "
            "code (make sets everything up first), or use `.venv/bin/python -m generator`.")


def run() -> int:
    """Run the command line, or explain in one sentence why this Python cannot."""
    problem = wrong_python()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    from generator.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
