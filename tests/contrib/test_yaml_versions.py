"""The validator's messages are its own, whatever PyYAML reads the file.

A fresh clone once went red because the newest PyYAML gave up on deep brackets in its own
words first. So every message the tests assert (tests/contrib/yaml_messages.py collects
them) is produced under the lowest and the highest PyYAML that pyproject.toml allows, and
under PyYAML's pure-Python parser instead of libyaml, and must be the same each time.

Each PyYAML is installed by uv, from the package registry through uv's cache, into a
throwaway folder put first on the path of the project's own Python, so that only PyYAML
differs. These tests are marked ``registry``: `make test` runs them (deselect with
``-m "not registry"`` when offline).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from tests.conftest import REPO
from tests.contrib.yaml_messages import collect

PARSER_WORDS = re.compile(r"while (scanning|parsing)|did not find expected|could not find "
                          r"expected|found character|are not allowed|end of stream|"
                          r"<block end>|cannot start any token", re.IGNORECASE)
"""Phrases of PyYAML's and libyaml's errors, which no message of ours may contain."""


def pyyaml_range() -> Requirement:
    """The PyYAML requirement in pyproject.toml."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    (found,) = [Requirement(dep) for dep in project["dependencies"]
                if Requirement(dep).name.lower() == "pyyaml"]
    return found


def lowest(requirement: Requirement) -> str:
    """The lowest version the range allows: its lower bound, which must be inclusive."""
    (bound,) = [spec.version for spec in requirement.specifier if spec.operator == ">="]
    return bound


def _uv() -> list[str]:
    """uv as the Makefile found or installed it (it passes KB_UV), else uv on the PATH."""
    if os.environ.get("KB_UV"):
        return shlex.split(os.environ["KB_UV"])
    found = shutil.which("uv")
    if found is None:
        pytest.fail("uv is not installed: run the tests with `make test`, which installs it")
    return [found]


def _uv_run(*args: str) -> str:
    done = subprocess.run([*_uv(), *args], cwd=REPO, capture_output=True, text=True,
                          check=False, env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"})
    assert done.returncode == 0, f"uv {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def _resolve(spec: str) -> str:
    """The newest release ``spec`` allows, as uv resolves it today."""
    done = subprocess.run([*_uv(), "pip", "compile", "--quiet", "--no-header", "--no-annotate",
                           "--python-version", "3.12", "-"], input=spec, cwd=REPO,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"})
    assert done.returncode == 0, f"uv could not resolve {spec}:\n{done.stderr}"
    (version,) = re.findall(r"^pyyaml==(\S+)", done.stdout, re.MULTILINE | re.IGNORECASE)
    return version


def _install(version: str, into: Path) -> Path:
    """Install one PyYAML (wheel only, no dependencies) into a folder of its own."""
    target = into / f"pyyaml-{version}"
    _uv_run("pip", "install", "--quiet", "--python", sys.executable, "--target", str(target),
            "--no-deps", "--only-binary", ":all:", f"pyyaml=={version}")
    return target


def _messages(path_first: Path | None = None, *, pure: bool = False) -> dict[str, Any]:
    """Run the collector in a fresh process, with ``path_first`` ahead of site-packages."""
    env = {**os.environ}
    env.pop("KB_PURE_YAML", None)
    if path_first is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(path_first), str(REPO)])
    if pure:
        env["KB_PURE_YAML"] = "1"
    done = subprocess.run([sys.executable, "-m", "tests.contrib.yaml_messages"], cwd=REPO,
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def reference() -> dict[str, list[str]]:
    """The messages under the locked PyYAML, the one every other test runs with."""
    return collect()


def test_no_message_uses_the_parsers_words(reference: dict[str, list[str]]) -> None:
    said = [message for found in reference.values() for message in found]
    assert len(said) > 50
    assert [message for message in said if PARSER_WORDS.search(message)] == []


def test_range_has_an_inclusive_lower_bound() -> None:
    requirement = pyyaml_range()
    assert requirement.specifier.contains(lowest(requirement))
    assert not requirement.specifier.contains("5.4.1")  # 6 is where safe loading is the default


@pytest.mark.registry
@pytest.mark.parametrize("bound", ["lowest", "highest"])
def test_same_messages_under_each_end_of_the_pyyaml_range(
        bound: str, reference: dict[str, list[str]],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    requirement = pyyaml_range()
    version = lowest(requirement) if bound == "lowest" else _resolve(str(requirement))
    assert requirement.specifier.contains(version)
    found = _messages(_install(version, tmp_path_factory.mktemp("pyyaml")))
    assert found["pyyaml"] == version
    assert found["messages"] == reference


def test_same_messages_with_pyyamls_own_parser(reference: dict[str, list[str]]) -> None:
    assert _messages(pure=True)["messages"] == reference
