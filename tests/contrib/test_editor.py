"""Editor support: every content file names its schema, and VS Code maps the folders too."""

from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path

import pytest

from generator.translate import is_translation
from tests.conftest import REPO

MODELINE = "# yaml-language-server: $schema={up}schema/{kind}.schema.json"
FOLDERS = {"codes": "code", "causes": "cause", "services": "service"}


def _kind(path: Path) -> str:
    """The schema a content file follows: codes sit one folder deeper, per service."""
    return FOLDERS[path.relative_to(REPO / "content").parts[0]]


def _content_files() -> list[Path]:
    return sorted(path for folder in FOLDERS
                  for path in (REPO / "content" / folder).rglob("*.yaml")
                  if path.is_file() and not is_translation(path.name))  # no schema of their own


@pytest.mark.parametrize("path", _content_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_content_file_starts_with_its_modeline(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    kind = _kind(path)
    assert first == MODELINE.format(kind=kind, up="../../" if kind == "code" else "../")
    schema = first.split("$schema=", 1)[1]
    assert (path.parent / schema).resolve().is_file()


def test_vscode_maps_each_schema_to_its_folder() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text("utf-8"))
    schemas = settings["yaml.schemas"]
    for schema in schemas:
        assert (REPO / schema).is_file(), schema
    for path in _content_files():
        rel = path.relative_to(REPO).as_posix()
        kind = _kind(path)
        matched = [schema for schema, globs in schemas.items()
                   if any(fnmatch(rel, glob) for glob in globs)]
        assert matched == [f"./content/schema/{kind}.schema.json"], rel
    # PyYAML reads YAML 1.1 (yes/no are booleans, dates are dates): let the editor agree.
    assert settings["yaml.yamlVersion"] == "1.1"


def test_vscode_recommends_the_yaml_extension() -> None:
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
