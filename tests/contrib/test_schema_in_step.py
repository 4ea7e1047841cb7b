"""The JSON Schemas (what editors check) and the validator (what CI checks) agree.

Every shipped file passes the schema on its own, and every *shape* problem the validator
reports (tests/generator/test_validate.py::CASES) is rejected by the schema alone, so an
editor underlines it while the contributor types. The validator's other checks are listed
in ``NOT_SHAPE`` with the reason no JSON Schema can express them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from generator.translate import is_translation
from tests.conftest import FIXTURE_CONTENT, REPO
from tests.generator.test_validate import CASES, HELP_SOURCE

SCHEMA_DIR = REPO / "content" / "schema"
KINDS = {"codes": "code", "causes": "cause", "services": "service"}

_CROSS = "cross reference: the schema sees one file, never the others"
_TEXT = ("text rule: generator/text.py checks prose for markup; a regex pattern in the schema "
         "could neither name the construct nor point at its column")
_YAML = "YAML level: the problem is gone (or the file unreadable) before any schema runs"

NOT_SHAPE: dict[tuple[str, str], str] = {
    ("- cause: drm-module", "- cause: drm-modul"): f"{_CROSS} (does causes/<id>.yaml exist?)",
    ("checks: [eme, widevine]", "checks: [eme, widevin]"):
        "cross reference: check ids live in checker/rules.py, not in the content",
    ("aliases: [X1000, Y1000-1]", "aliases: [X1000, Z2000]"):
        f"{_CROSS} (is an alias another file's code?)",
    ("aliases: [X1000, Y1000-1]", "aliases: [x1000-1]"):
        "cross field: JSON Schema cannot compare two values ignoring case (alias vs code)",
    ("code: X1000-1", "code: X1000-2"): "file name: the schema never sees the file's name",
    ("- Restart the browser.", "- Restart <b>now</b>."): _TEXT,
    ("- Restart the browser.", "- Open [it](javascript:x)."): _TEXT,
    ("- Restart the browser.", "- Restart {{ config }}."): _TEXT,
    ("service: netflix", "service: netflix\nservice: hulu"):
        f"{_YAML}: a parser keeps the last of two equal keys, the schema sees one",
    ("where: browser", "where: &w browser"):
        f"{_YAML}: anchors and aliases are expanded before validation",
    ("  - Keep the browser updated.", "\t- Keep the browser updated."):
        f"{_YAML}: a tab in the indentation is a syntax error",
    ("summary: The test player", "summary: [unclosed The test player"):
        f"{_YAML}: a syntax error",
    ("service: netflix", "service: netflx"): f"{_CROSS} (does services/<id>.yaml exist?)",
    ("    checked: 2026-11-26", "    checked: '2026-02-30'"):
        "calendar: a pattern can match YYYY-MM-DD, not know February has no 30th",
    ("    checked: 2026-11-26", "    checked: 2999-01-01"):
        "today: a schema has no clock to say a date is in the future",
    (HELP_SOURCE, ""): f"{_CROSS[:14]} between fields: the grade is earned by the sources' kinds",
    ("on_screen: \"We cannot play", "on_screen: \"We can not play"):
        "cross field: JSON Schema cannot test that one value is contained in another",
    ("code: X1000-1", "code: X1000-1-EXTRA"):
        f"{_CROSS} (code_patterns live in the service's file)",
    ("id: netflix", "id: netflix-tv"): "file name: the schema never sees the file's name",
    ("summary: The browser's DRM", "summary: The Netflix DRM"):
        f"{_CROSS} (service names live in content/services/)",
    ("      - Close every window.", "      - Open netflix.com/clearcookies."):
        f"{_CROSS} (service ids live in content/services/)",
    ("title: DRM module", "title: DRM module\nformer_ids: [slow-network]"):
        f"{_CROSS} (is the old id another cause's id now?)",
}


def _schema(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
    return schema


def _shipped() -> list[Path]:
    return sorted(path for folder in KINDS
                  for path in (REPO / "content" / folder).rglob("*.y*ml")
                  if not is_translation(path.name))  # checked against their English file


@pytest.mark.parametrize("kind", KINDS.values())
def test_schemas_are_valid_draft7(kind: str) -> None:
    Draft7Validator.check_schema(_schema(kind))


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_file_passes_the_schema_alone(path: Path) -> None:
    validator = Draft7Validator(_schema(KINDS[path.relative_to(REPO / "content").parts[0]]))
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))]
    assert errors == []


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES,
                         ids=[f"{rel}:{new[:30]}" for rel, _, new, _ in CASES])
def test_schema_rejects_every_shape_problem(rel: str, old: str, new: str,
                                            expected: str) -> None:
    text = (FIXTURE_CONTENT / rel).read_text("utf-8").replace(old, new, 1)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        rejected = False  # nothing to validate: see NOT_SHAPE
    else:
        kind = KINDS[rel.split("/")[0]]
        rejected = not Draft7Validator(_schema(kind)).is_valid(data)
    reason = NOT_SHAPE.get((old, new))
    if reason is None:
        assert rejected, f"the schema accepts a shape problem the validator reports " \
                         f"({expected}); editors will not flag it: tighten the schema"
    elif not reason.startswith(_YAML):
        # (A YAML-level case may still fail the schema by accident, e.g. the duplicate
        # key's surviving value 'hulu' is not a service; the duplicate itself is unseen.)
        assert not rejected, f"the schema now rejects this ({reason}): drop it from NOT_SHAPE"


def test_not_shape_lists_only_known_cases() -> None:
    assert set(NOT_SHAPE) <= {(old, new) for _, old, new, _ in CASES}
