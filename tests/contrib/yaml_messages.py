"""Every validator message the tests assert, printed as JSON, under whichever PyYAML this
Python imports first (``python -m tests.contrib.yaml_messages``).

tests/contrib/test_yaml_versions.py runs it under the lowest and the highest PyYAML that
pyproject.toml allows, and with PyYAML's pure-Python parser instead of libyaml, and expects
the same output every time: the messages are the validator's own, not the parser's.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from checker.rules import CHECKS
from generator.errors import ContentError
from generator.validate import validate_dir
from tests.conftest import FIXTURE_CONTENT, edit


def messages(content: Path) -> list[str]:
    """Validate ``content``; return every problem as printed (none when it is valid)."""
    try:
        validate_dir(content, CHECKS, root=content)
    except ContentError as err:
        return [str(problem) for problem in err.problems]
    return []


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda content: edit(content, rel, old, new)


def _everything(content: Path) -> None:
    """Every broken file of the command-line test at once, as it writes them."""
    from tests.contrib.test_bad_input import CODE, EVERYTHING

    for rel, (data, _) in EVERYTHING.items():
        raw = (content / CODE).read_bytes() if data is None else data
        (content / rel).write_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw)


def cases() -> dict[str, Callable[[Path], None]]:
    """Each broken content the tests check, by name: one change to the fixture content."""
    from tests.contrib import test_bad_input, test_yaml_slips
    from tests.generator import test_validate

    found: dict[str, Callable[[Path], None]] = {"valid": lambda content: None,
                                                "everything at once": _everything}
    for name, (apply, _) in test_bad_input.CASES.items():
        found[f"bad input: {name}"] = apply
    for rel, old, new, _ in test_validate.CASES:
        found[f"validate: {rel}: {old!r} -> {new!r}"] = _edit(rel, old, new)
    for name, (old, new, _) in test_yaml_slips.SLIPS.items():
        found[f"slip: {name}"] = (lambda o, n: lambda content: test_yaml_slips.write_slip(
            content, o, n))(old, new)
    return found


def collect() -> dict[str, list[str]]:
    """Apply each case to a fresh copy of the fixture content; return its messages."""
    if os.environ.get("KB_PURE_YAML"):
        import generator.load

        generator.load._Loader = yaml.SafeLoader  # PyYAML's own parser, not libyaml
    result: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, apply in cases().items():
            content = Path(scratch) / "content"
            shutil.rmtree(content, ignore_errors=True)
            shutil.copytree(FIXTURE_CONTENT, content)
            apply(content)
            result[name] = messages(content)
    return result


def main() -> int:
    """Print the PyYAML in use and every message, as one JSON object."""
    json.dump({"pyyaml": yaml.__version__, "messages": collect()}, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
