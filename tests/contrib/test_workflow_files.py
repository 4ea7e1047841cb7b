"""The contributor workflow's files say what they promise: lint rules, local-only hooks,
least-privilege CI, owners per area, and a guide that matches the schema and Makefile."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def _lint(text: str) -> list[tuple[int, str, str]]:
    """Run yamllint with the repository's config; return (line, level, rule) per problem."""
    linter = pytest.importorskip("yamllint.linter")
    config = pytest.importorskip("yamllint.config").YamlLintConfig(
        file=str(REPO / ".yamllint.yaml"))
    return [(p.line, p.level, p.rule or "syntax") for p in linter.run(text, config)]


def test_yamllint_accepts_every_content_file() -> None:
    for path in sorted((REPO / "content").glob("c*/*.yaml")):
        errors = [p for p in _lint(path.read_text("utf-8")) if p[1] == "error"]
        assert errors == [], path


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\nb: 2\na: 3\n", [(3, "error", "key-duplicates")]),
    ("a:\n\t- b\n", [(2, "error", "syntax")]),
    ("a:\n    - b\n", [(2, "error", "indentation")]),
    ("a: yes\n", [(1, "error", "truthy")]),
    ("# yaml-language-server: $schema=x\na: 1\r\nb: 2\r\n", []),
    ("a: " + "word " * 50 + "end\n", [(1, "warning", "line-length")]),
])
def test_yamllint_rules(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert _lint(text) == expected


def test_pre_commit_hooks_are_local_and_use_the_project_tools() -> None:
    config = _yaml(REPO / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    assert {hook["language"] for hook in hooks.values()} == {"system"}
    assert hooks["content-check"]["entry"] == ".venv/bin/python -m generator check"
    assert hooks["content-check"]["pass_filenames"] is False
    assert hooks["yamllint"]["entry"].startswith(".venv/bin/yamllint --config-file "
                                                 ".yamllint.yaml")
    assert re.search(hooks["yamllint"]["files"], "content/codes/netflix/m7702-1003.yaml")
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"


def _on(workflow: dict[Any, Any]) -> Any:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml", "engines.yml"])
def test_workflows_have_least_privilege(name: str) -> None:
    workflow = _yaml(WORKFLOWS / name)
    assert workflow["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in _on(workflow)
    for step in _steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    uses = {step.get("uses", "").split("@")[0]: step for step in _steps(workflow)}
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.12"
    assert uses["actions/setup-node"]["with"]["node-version"] == "24"  # an LTS, not 20 (EOL)
    for step in _steps(workflow):
        assert step.get("run", "make -").startswith("make "), step  # installs go through make
        action, _, version = step.get("uses", "@v99").partition("@")
        assert int(version.removeprefix("v")) >= NODE24_ACTIONS.get(action, 0), step


NODE24_ACTIONS = {"actions/checkout": 5, "actions/setup-python": 6, "actions/setup-node": 5,
                  "actions/upload-artifact": 5, "actions/configure-pages": 6,
                  "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}
"""The first major of each action that runs on Node 24 (Node 20 runners are deprecated)."""


def test_dependabot_watches_python_npm_and_actions_and_groups_pyodide() -> None:
    config = _yaml(REPO / ".github" / "dependabot.yml")
    updates = {entry["package-ecosystem"]: entry for entry in config["updates"]}
    assert set(updates) == {"uv", "npm", "github-actions"}
    assert all(entry["directory"] == "/" for entry in updates.values())
    # Only when a release leaves the range: the lowest PyYAML the range allows stays tested.
    assert updates["uv"]["versioning-strategy"] == "increase-if-necessary"
    assert updates["npm"]["groups"]["pyodide"]["patterns"] == ["pyodide"]
    assert updates["uv"]["groups"]["pyodide"]["patterns"] == ["pyodide-*"]
    days = {entry["schedule"]["day"] for entry in updates.values()}
    assert len(days) == 1  # both pyodide groups open together


def test_run_header_names_the_browser_version() -> None:
    from tests.conftest import pytest_report_header

    (line,) = [line for line in pytest_report_header() if line.startswith("chromium: ")]
    assert re.search(r"Chromium \d+\.\d+\.\d+\.\d+", line), line


def test_pull_request_workflow_tests_then_uploads_a_preview() -> None:
    workflow = _yaml(WORKFLOWS / "pr.yml")
    assert list(_on(workflow)) == ["pull_request"]
    runs = [step["run"] for step in _steps(workflow) if "run" in step]
    assert runs == ["make setup browser", "make test", "make site"]
    (upload,) = [s for s in _steps(workflow) if s.get("uses", "").startswith(
        "actions/upload-artifact@")]
    assert upload["with"]["path"] == "site/"


def test_engines_workflow_builds_with_properdocs() -> None:
    workflow = _yaml(WORKFLOWS / "engines.yml")
    assert set(_on(workflow)) == {"pull_request", "push"}
    runs = [step["run"] for step in _steps(workflow) if "run" in step]
    assert runs == ["make engines-check"]
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert re.search(r"^engines-check:.*\n(\t.*\n)*\t.*tests/engines_build", makefile, re.M)


def test_deploy_workflow_publishes_to_pages_from_main() -> None:
    workflow = _yaml(WORKFLOWS / "deploy.yml")
    assert _on(workflow)["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    (make,) = [step for step in build["steps"] if step.get("run") == "make site"]
    assert make["env"]["KB_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    used = [step.get("uses", "").split("@")[0] for step in build["steps"] + deploy["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        assert action in used
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def _owners() -> dict[str, list[str]]:
    text = (REPO / ".github" / "CODEOWNERS").read_text("utf-8")
    assert "PLACEHOLDERS" in text
    rules = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    return {rule[0]: rule[1:] for rule in rules}


def test_codeowners_separate_content_schema_generator_and_checker() -> None:
    owners = _owners()
    areas = ["/content/codes/", "/content/schema/", "/generator/", "/checker/"]
    assert len({tuple(owners[area]) for area in areas}) == len(areas)
    assert owners["/content/causes/"] == owners["/content/codes/"]
    for path, who in owners.items():
        assert who and all(name.startswith("@streamhelp/") for name in who), path
        if path != "*":
            assert (REPO / path.strip("/")).exists(), path


def test_contributing_guide_matches_the_schema_and_the_makefile() -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    makefile = (REPO / "Makefile").read_text("utf-8")
    for target in set(re.findall(r"`make (\w+)`", guide)) | {"serve", "check"}:
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    assert "make new CODE=M1234-5678 SERVICE=netflix" in guide
    assert "python -m generator" not in guide  # only commands that work in a fresh shell
    schema = json.loads((REPO / "content/schema/code.schema.json").read_text("utf-8"))
    for grade in schema["properties"]["evidence"]["enum"]:
        assert f"| `{grade}` |" in guide
    source = schema["properties"]["sources"]["items"]
    for kind in source["properties"]["kind"]["enum"]:
        assert f"`{kind}`" in guide
    for field in source["required"]:
        assert f"  {field}: " in guide or f"- {field}: " in guide, field
    service = json.loads((REPO / "content/schema/service.schema.json").read_text("utf-8"))
    for field in service["required"]:
        assert f"\n{field}:" in guide, field


def test_pull_request_template_asks_for_sources_and_devices() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text("utf-8")
    assert "## Sources" in template
    assert "## Device and browser coverage" in template
    assert "`make check`" in template
