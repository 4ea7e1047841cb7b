"""Shared helpers for the checker tests: JSON facts of what real browsers report."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def load_json(name: str) -> dict[str, Any]:
    """Return a fresh copy of fixture ``name`` (without ``.json``)."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def changed(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """Return a deep copy of ``data`` with the value at ``path`` replaced (or added)."""
    result = copy.deepcopy(data)
    target = result
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
    return result


@pytest.fixture
def facts_json() -> Callable[[str], dict[str, Any]]:
    """Load a facts fixture by name."""
    return load_json


@pytest.fixture
def edit() -> Callable[[dict[str, Any], tuple[str, ...], Any], dict[str, Any]]:
    """Copy facts with one value replaced: ``edit(data, ("network", "online"), False)``."""
    return changed


@pytest.fixture
def manifest() -> dict[str, Any]:
    """The small site manifest fixture."""
    return load_json("manifest")
