"""What a project like this ships: one code licence everywhere it is named, a content
licence and an independence line on every page, a security policy, and issue forms that
ask for what a maintainer needs to act."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def _form(name: str) -> dict[str, Any]:
    form: dict[str, Any] = yaml.safe_load((FORMS / name).read_text("utf-8"))
    return form


def _fields(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in form["body"] if item["type"] != "markdown"}


def test_code_licence_is_mit_everywhere_it_is_named() -> None:
    assert (REPO / "LICENSE").read_text("utf-8").startswith("MIT License\n")
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == {"text": "MIT"}
    assert json.loads((REPO / "package.json").read_text("utf-8"))["license"] == "MIT"
    lock = json.loads((REPO / "package-lock.json").read_text("utf-8"))
    assert lock["packages"][""]["license"] == "MIT"


def test_content_licence_is_named_in_the_repository_and_the_guide() -> None:
    assert "CC BY 4.0" in (REPO / "content" / "LICENSE").read_text("utf-8")
    assert "CC BY 4.0" in (REPO / "CONTRIBUTING.md").read_text("utf-8")
    assert "content/LICENSE" in (REPO / "LICENSE").read_text("utf-8")


def test_every_page_footer_names_the_content_licence_and_independence(site_dir: Path) -> None:
    for page in ("index.html", "checker/index.html", "404.html"):
        html = (site_dir / page).read_text("utf-8")
        footer = html[html.index('class="md-copyright"'):]
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in footer, page
        assert "not affiliated with or endorsed by any service it covers" in footer, page


def test_security_policy_says_how_to_report_privately() -> None:
    policy = (REPO / "SECURITY.md").read_text("utf-8")
    assert "Report a vulnerability" in policy
    assert "do **not** open a public issue" in policy


@pytest.mark.parametrize(("name", "required"), [
    ("new-code.yml", {"code", "service", "on-screen", "device"}),
    ("fix-did-not-work.yml", {"page", "fix", "what-happened", "device"}),
    ("checker-was-wrong.yml", {"browser", "browser-version", "os", "page", "report", "wrong"}),
])
def test_issue_forms_require_what_a_maintainer_needs(name: str, required: set[str]) -> None:
    form = _form(name)
    assert {"name", "description", "body"} <= set(form)
    fields = _fields(form)
    assert {key for key, item in fields.items()
            if item.get("validations", {}).get("required")} == required
    for item in fields.values():
        assert item["type"] in {"input", "textarea", "dropdown"}
        assert item["attributes"]["label"]


def test_checker_form_takes_the_pasted_report_as_json() -> None:
    fields = _fields(_form("checker-was-wrong.yml"))
    assert fields["report"]["type"] == "textarea"
    assert fields["report"]["attributes"]["render"] == "json"
    assert "Firefox" in fields["browser"]["attributes"]["options"]


def test_security_problems_are_routed_away_from_public_issues() -> None:
    config = _form("config.yml")
    assert any("security/advisories/new" in link["url"] for link in config["contact_links"])
