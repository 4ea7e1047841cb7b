"""Every page is validated: the hand-written pages' front matter is checked by `make check`
and by the build, with located messages, instead of MkDocs showing a broken block as text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.rules import CHECKS
from generator.pages import front_matter_problems
from generator.validate import validate_dir
from tests.conftest import FIXTURE_CONTENT, REPO, build
from tests.contrib.conftest import generator

PAGE = "pages/about.md"
BODY = "\n# About\n\nSome text.\n"
GOOD = ("---\ntitle: About these pages\n"
        "description: Where the meanings come from, and how sure we are.\n---\n")


def _messages(front: str) -> list[str]:
    return [str(p) for p in sorted(front_matter_problems(front + BODY, PAGE))]


@pytest.mark.parametrize(("front", "expected"), [
    (GOOD, []),
    ("---\ntitle: About\ndescription: Where meanings come from: sources, grades.\n---\n", [
        "pages/about.md:3:38: expected text, found ': ' inside a value, which YAML reads as "
        "the start of a field; a value that contains ': ' must be quoted: put the whole value "
        'in double quotes, like this: description: "Where meanings come from: sources, '
        'grades."']),
    (GOOD.replace("description:", "descripton:"), [
        "pages/about.md:2:1: expected the field 'description', found it missing; add it (One "
        "sentence shown by search engines under the title. Put it in double quotes if it "
        "contains ': '.)",
        "pages/about.md:3:1: expected one of the fields 'description', 'hide', 'title', "
        "found unknown field 'descripton'. Did you mean 'description'?"]),
    ("---\ntitle: About these pages\n---\n", [
        "pages/about.md:2:1: expected the field 'description', found it missing; add it (One "
        "sentence shown by search engines under the title. Put it in double quotes if it "
        "contains ': '.)"]),
    ("", ["pages/about.md:1:1: expected front matter at the top of the page ('---', 'title: "
          "...', 'description: ...', '---'), found none; add it: it gives the page its title "
          "and the sentence search engines show"]),
    ("---\ntitle: About these pages\n", [
        "pages/about.md:1:1: expected a closing '---' line after the front matter, found "
        "none; end the block of fields with a line of three hyphens"]),
    ("---\n---\n", ["pages/about.md:2:1: expected 'title:' and 'description:' in the front "
                    "matter, found nothing; add both"]),
    ("---\ntitle: About\n  description: x\n---\n", None),  # located on line 3, whatever it says
])
def test_front_matter_problems_are_located(front: str, expected: list[str] | None) -> None:
    found = _messages(front)
    if expected is None:
        assert [message.split(":")[1] for message in found] == ["3"], found
    else:
        assert found == expected


def _pages_copy(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    shutil.copytree(REPO / "content" / "pages", pages)
    return pages


def test_shipped_pages_are_valid() -> None:
    validate_dir(REPO / "content", CHECKS, root=REPO)


def test_check_reports_a_broken_page_with_the_content_problems(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    pages = _pages_copy(content)
    checker = pages / "checker.md"
    checker.write_text(checker.read_text("utf-8").replace('description: "Test what this '
                       'browser can do for streaming video: DRM, video formats, network, '
                       'cookies and blockers."', "description: Video: DRM, formats and more "
                       "for this browser."), "utf-8")
    result = generator("check", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        "content/pages/checker.md:3:19: expected text, found ': ' inside a value")


def test_build_stops_on_a_broken_page_and_names_it(tmp_path: Path) -> None:
    pages = _pages_copy(tmp_path)
    about = pages / "about.md"
    about.write_text(about.read_text("utf-8").replace("title: How we write these pages",
                                                      "titel: How we write these pages"))
    result = build(tmp_path / "site", content=FIXTURE_CONTENT, checker=False,
                   extra_env={"KB_PAGES_DIR": str(pages)})
    assert result.returncode != 0
    assert "pages/about.md:2:1: expected one of the fields 'description', 'hide', 'title', " \
           "found unknown field 'titel'. Did you mean 'title'?" in result.stderr


def test_checker_page_has_its_title_and_description_not_its_front_matter(
        site_dir: Path) -> None:
    html = (site_dir / "checker" / "index.html").read_text("utf-8")
    assert '<meta name="description" content="Test what this browser can do for streaming ' \
           'video: DRM, video formats, network, cookies and blockers.">' in html
    assert "description: Test" not in html
    assert "<title>Check your browser" in html
