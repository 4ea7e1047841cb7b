"""`python -m generator new` / `new-cause`: a commented skeleton that fails until filled in.

Decision: the skeleton is *not* valid. Every value a contributor must supply is ``TODO``,
which ``check`` rejects with one located message each, so a half-filled page can never be
published. Once the TODOs are replaced, the file is valid with no other change.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from checker.rules import CHECKS
from generator.errors import ContentError, UsageError
from generator.scaffold import new_cause, new_code
from generator.schema import load_schema
from generator.validate import validate_dir
from tests.conftest import REPO
from tests.contrib.conftest import generator, problems

CODE_MODELINE = "# yaml-language-server: $schema=../../schema/code.schema.json"
CAUSE_MODELINE = "# yaml-language-server: $schema=../schema/cause.schema.json"

# What a contributor would write in place of each TODO, by the field it stands in.
FILLED = {
    "where": "browser", "evidence": "unverified", "kind": "forum", "checked": "2026-11-01",
    "url": "https://example.com/help", "cause": "drm-module", "likelihood": "high",
    "id": "restart-browser", "platforms": "[chrome]",
}


@pytest.fixture
def content(content: Path) -> Path:
    """The fixture content plus the real schemas, as `new` finds them in a repository; its
    service accepts any code shape, so that odd codes can be written and checked."""
    shutil.copytree(REPO / "content" / "schema", content / "schema")
    service = content / "services" / "netflix.yaml"
    service.write_text(service.read_text("utf-8").replace(
        "code_patterns:\n", "code_patterns:\n  - pattern: '^.+$'\n    example: '100'\n"),
        "utf-8")
    return content


def fill(path: Path) -> None:
    """Replace every TODO as a contributor would: choices, ids and addresses, then text."""
    lines = []
    for line in path.read_text("utf-8").splitlines():
        match = re.match(r"(\s*-? ?)(\w+): (\[TODO\]|TODO)$", line)
        if match and match.group(2) in FILLED:
            line = f"{match.group(1)}{match.group(2)}: {FILLED[match.group(2)]}"
        lines.append(line.replace("TODO", "Written by a contributor."))
    path.write_text("\n".join(lines) + "\n", "utf-8")


def test_new_code_writes_a_commented_skeleton(content: Path) -> None:
    path = new_code(content, "M1234-5678")
    assert path == content / "codes" / "netflix" / "m1234-5678.yaml"
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == CODE_MODELINE
    data = yaml.safe_load(text)
    schema = load_schema("code", content / "schema")
    assert set(schema["required"]) <= set(data)
    assert data["code"] == "M1234-5678"
    assert data["service"] == "netflix"
    assert "# New Netflix error code M1234-5678." in text
    comments = " ".join(line.strip("# ") for line in text.splitlines() if "#" in line)
    for name, field in schema["properties"].items():
        if "description" in field:
            assert field["description"] in comments, name
    assert "Known causes: drm-module, slow-network." in comments


def test_new_cause_writes_a_commented_skeleton(content: Path) -> None:
    path = new_cause(content, "slow-wifi")
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == CAUSE_MODELINE
    schema = load_schema("cause", content / "schema")
    assert set(schema["required"]) <= set(yaml.safe_load(text))
    assert "One of: any, windows, mac" in text
    assert "widevine" in text  # the known checker checks are listed


def test_skeleton_fails_check_at_every_todo_until_filled(content: Path) -> None:
    path = new_code(content, "M1234-5678")
    todos = [(number, line.index("TODO") + 1)
             for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
             if "TODO" in line and not line.lstrip().startswith("#")]
    found = [p for p in problems(content) if p.startswith("codes/netflix/m1234-5678.yaml:")]
    located = sorted({tuple(map(int, p.split(":")[1:3])) for p in found})
    assert located == todos, "\n".join(found)
    assert "codes/netflix/m1234-5678.yaml:20:8: 'where': expected one of 'browser', " \
           "'device', 'network', 'account', 'service', 'page', found 'TODO'." in found
    assert "codes/netflix/m1234-5678.yaml:15:10: expected plain text, found a placeholder " \
           "('TODO'); replace it with your own words" in found
    fill(path)
    validate_dir(content, CHECKS, root=content)


def test_cause_skeleton_is_valid_once_filled_and_used(content: Path) -> None:
    path = new_cause(content, "slow-wifi")
    assert any(p.startswith("causes/slow-wifi.yaml:8:8: expected plain text, found a "
                            "placeholder") for p in problems(content))
    fill(path)
    # A cause no code names is an error: the skeleton's header says to list it.
    assert problems(content) == [
        "causes/slow-wifi.yaml:6:5: expected every cause to be used by a code, found "
        "'slow-wifi' unused; list it under a code's `causes` or delete the file"]
    code = content / "codes" / "netflix" / "z2000.yaml"
    code.write_text(code.read_text("utf-8").replace(
        "causes:\n", "causes:\n  - cause: slow-wifi\n    likelihood: low\n    note: Maybe.\n"),
        "utf-8")
    validate_dir(content, CHECKS, root=content)


@pytest.mark.parametrize("code", ["100", "1.5", "12:30", "Yes", "0x1F", "1e5", "M7702-1003"])
def test_new_code_keeps_a_number_like_code_as_text(content: Path, code: str) -> None:
    path = new_code(content, code)
    assert yaml.safe_load(path.read_text("utf-8"))["code"] == code
    fill(path)
    validate_dir(content, CHECKS, root=content)


@pytest.mark.parametrize("cause_id", ["404", "null", "yes", "off", "1e5"])
def test_new_cause_keeps_a_number_like_id_as_text(content: Path, cause_id: str) -> None:
    path = new_cause(content, cause_id)
    assert yaml.safe_load(path.read_text("utf-8"))["id"] == cause_id


def test_skeletons_pass_yamllint(content: Path) -> None:
    linter = pytest.importorskip("yamllint.linter")
    config = pytest.importorskip("yamllint.config").YamlLintConfig(
        file=str(REPO / ".yamllint.yaml"))
    for path in (new_code(content, "M1234-5678"), new_cause(content, "slow-wifi")):
        assert list(linter.run(path.read_text("utf-8"), config)) == [], path.name


@pytest.mark.parametrize(("name", "expected"), [
    ("M1234-5678", "content/codes/netflix/m1234-5678.yaml:1:1: expected a new name, found "
     "this file already; edit it instead"),
    ("x1000-1", "content/codes/netflix/x1000-1.yaml:1:1: expected a new name, found this file "
     "already; edit it instead"),
    ("x1000", "content/codes/netflix/x1000-1.yaml:3:11: expected a code no page uses yet, found "
     "'X1000' here as an alias (ignoring case); add what you know to this file instead"),
    ("Z2000", "content/codes/netflix/z2000.yaml:1:1: expected a new name, found this file "
     "already; edit it instead"),
])
def test_new_code_refuses_a_taken_name(content: Path, name: str, expected: str) -> None:
    """Paths are printed from the working folder, else from the content folder's parent."""
    new_code(content, "M1234-5678")
    before = {p.name: p.read_bytes() for p in (content / "codes" / "netflix").iterdir()}
    with pytest.raises(ContentError) as info:
        new_code(content, name)
    assert [str(p) for p in info.value.problems] == [expected]
    assert info.value.report().endswith("1 problem in the content; nothing was written.")
    assert {p.name: p.read_bytes() for p in (content / "codes" / "netflix").iterdir()} == before


def test_new_code_refuses_a_code_taken_by_a_yml_file(content: Path) -> None:
    (content / "codes" / "netflix" / "z2000.yaml").rename(
        content / "codes" / "netflix" / "z2000.yml")
    with pytest.raises(ContentError,
                       match=re.escape("codes/netflix/z2000.yml:1:1: expected a new name")):
        new_code(content, "Z2000")


def test_new_cause_refuses_a_taken_id(content: Path) -> None:
    taken = re.escape("causes/drm-module.yaml:1:1: expected a new name")
    with pytest.raises(ContentError, match=taken):
        new_cause(content, "drm-module")


@pytest.mark.parametrize("name", ["M1234 5678", "M1234_5678", "-M1", "M1-", "../x", "",
                                  "M" * 41])
def test_new_code_refuses_what_is_not_a_code(content: Path, name: str) -> None:
    with pytest.raises(UsageError, match=r"^expected a code of letters and digits joined by "):
        new_code(content, name)
    assert sorted(p.name for p in (content / "codes" / "netflix").iterdir()) == [
        "x1000-1.yaml", "z2000.yaml"]


@pytest.mark.parametrize("name", ["Slow-Wifi", "slow_wifi", "slow--wifi", "-x", "../x", "",
                                  "x" * 61])
def test_new_cause_refuses_what_is_not_a_slug(content: Path, name: str) -> None:
    with pytest.raises(UsageError, match=r"^expected a slug of lowercase letters, digits "):
        new_cause(content, name)


def test_command_line_new(content: Path) -> None:
    made = generator("new", "M1234-5678", "--content", str(content), cwd=content.parent)
    assert made.returncode == 0, made.stderr
    assert "m1234-5678.yaml" in made.stdout
    again = generator("new", "m1234-5678", "--content", str(content), cwd=content.parent)
    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    assert again.stderr.splitlines() == [
        "content/codes/netflix/m1234-5678.yaml:1:1: expected a new name, found this file "
        "already; edit it instead", "1 problem in the content; nothing was written."]
    bad = generator("new-cause", "Bad_Id", "--content", str(content), cwd=content.parent)
    assert bad.returncode == 1
    assert bad.stderr == "python -m generator new-cause: expected a slug of lowercase " \
        "letters, digits and single hyphens (e.g. drm-component), found 'Bad_Id'; nothing " \
        "was written\n"
    check = generator("check", "--content", str(content), cwd=content.parent)
    assert check.returncode == 1
    assert "Traceback" not in check.stderr
    assert "content/codes/netflix/m1234-5678.yaml:15:10: expected plain text, found a " \
        "placeholder" in check.stderr


def test_new_code_needs_a_known_service_when_there_are_several(content: Path) -> None:
    other = (content / "services" / "netflix.yaml").read_text("utf-8")
    (content / "services" / "fakeflix.yaml").write_text(
        other.replace("id: netflix", "id: fakeflix").replace("name: Netflix", "name: Fakeflix"),
        "utf-8")
    with pytest.raises(UsageError, match=r"^expected --service naming the service"):
        new_code(content, "M1234-5678")
    with pytest.raises(UsageError, match=r"^expected a known service \(one of: fakeflix, "
                       r"netflix\), found 'hulu'"):
        new_code(content, "M1234-5678", "hulu")
    path = new_code(content, "1003", "fakeflix")
    assert path == content / "codes" / "fakeflix" / "1003.yaml"
    assert "# New Fakeflix error code 1003." in path.read_text("utf-8")
    made = generator("new", "1003", "--service", "netflix", "--content", str(content),
                     cwd=content.parent)
    assert made.returncode == 0, made.stderr
    assert (content / "codes" / "netflix" / "1003.yaml").is_file()
