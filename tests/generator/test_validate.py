"""The validator on real broken YAML: every problem located, all reported at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.rules import CHECKS
from generator.validate import validate_dir
from tests.conftest import FIXTURE_CONTENT, REPO, edit, problems

CODE = "codes/netflix/x1000-1.yaml"
CAUSE = "causes/drm-module.yaml"
SERVICE = "services/netflix.yaml"
HELP_SOURCE = """  - url: https://help.example.com/node/1
    publisher: Netflix
    kind: service-help
    title: Test help article
    quote: "The app says: We cannot play this title. Visit `chrome://components`."
    checked: 2026-11-26
"""


def test_fixture_content_is_valid() -> None:
    result = validate_dir(FIXTURE_CONTENT, CHECKS)
    assert [c.code for c in result.content.codes] == ["X1000-1", "Z2000"]
    assert list(result.content.causes) == ["drm-module", "slow-network"]
    assert list(result.content.services) == ["netflix"]
    assert result.content.codes[0].title == "Netflix error X1000-1"


def test_shipped_content_is_valid() -> None:
    result = validate_dir(REPO / "content", CHECKS)
    assert result.content.codes
    assert result.content.services


CASES = [
    # (file, old text, new text, expected problem)
    (CODE, "summary: The test", "sumary: The test",
     f"{CODE}:5:1: expected one of the fields"),
    (CODE, "summary: The test", "sumary: The test", "Did you mean 'summary'?"),
    (CODE, "summary: The test player cannot find its *DRM* module.\n", "",
     f"{CODE}:2:1: expected the field 'summary', found it missing; add it (One sentence"),
    (CODE, "where: browser", "where: browsr",
     f"{CODE}:7:8: 'where': expected one of 'browser', 'device'"),
    (CODE, "where: browser", "where: browsr", "Did you mean 'browser'?"),
    (CODE, "evidence: primary", "evidence: [primary]",
     f"{CODE}:8:11: 'evidence': expected text, found a list of 1"),
    (CODE, "- cause: drm-module", "- cause: drm-modul",
     f"{CODE}:27:12: expected a known cause id, found 'drm-modul'. Did you mean 'drm-module'?"),
    (CODE, "aliases: [X1000, Y1000-1]", "aliases: [X1000, Z2000]",
     f"{CODE}:3:18: expected each code and alias once per service (ignoring case), found "
     "'Z2000'"),
    (CODE, "aliases: [X1000, Y1000-1]", "aliases: [x1000-1]",
     f"{CODE}:3:11: expected each code and alias once per service (ignoring case), found "
     "'x1000-1'"),
    (CODE, "code: X1000-1", "code: X1000-2",
     f"{CODE}:2:7: expected the file to be named 'x1000-2.yaml' after its code"),
    (CODE, "url: https://help.example.com/node/1", "url: javascript:alert(1)",
     f"{CODE}:11:10: 'sources[0].url': expected an https:// address"),
    (CODE, "url: https://help.example.com/node/1", "url: http://help.example.com/node/1",
     f"{CODE}:11:10: 'sources[0].url': expected an https:// address"),
    (CODE, "- Restart the browser.", "- Restart <b>now</b>.",
     f"{CODE}:24:13: expected plain text, found raw HTML ('<b>')"),
    (CODE, "- Restart the browser.", "- Open [it](javascript:x).",
     f"{CODE}:24:15: expected a link to an https:// address, found 'javascript:x'"),
    (CODE, "- Restart the browser.", "- Restart {{ config }}.",
     f"{CODE}:24:13: expected plain text, found a template delimiter"),
    (CODE, "summary: The test player cannot find its *DRM* module.", "summary: 2024-01-01",
     f"{CODE}:5:10: 'summary': expected text, found a date (2024-01-01)"),
    (CODE, "service: netflix", "service: netflix\nservice: hulu",
     f"{CODE}:5:1: expected each field once, found 'service' again"),
    (CODE, "where: browser", "where: &w browser",
     f"{CODE}:7:8: expected plain values, found an anchor ('&w')"),
    (CODE, "  - Keep the browser updated.", "\t- Keep the browser updated.",
     f"{CODE}:37:1: expected spaces for indentation, found a tab"),
    (CODE, "summary: The test player", "summary: [unclosed The test player",
     f"{CODE}:5:10: expected a closing ] for the [ that opens here, found none"),
    # Model v2: services, sources a reader can check, grades that are earned.
    (CODE, "service: netflix", "service: netflx",
     f"{CODE}:4:10: expected a known service, found 'netflx'. Did you mean 'netflix'?"),
    (CODE, "service: netflix", "service: [netflix]",
     f"{CODE}:4:10: 'service': expected text, found a list of 1"),
    (CODE, "code: X1000-1", "code: X1000-1\ntitle: Netflix error X1000-1",
     f"{CODE}:3:1: expected no field 'title' (no longer used), found it; the page title is "
     "now made from the service's name and the code"),
    (CODE, "    kind: service-help", "    kind: service-help\n    grade: primary",
     f"{CODE}:14:5: expected no field 'grade' (no longer used), found it; a source now says "
     "what it is with `kind`"),
    (CODE, "    kind: service-help", "    kind: help",
     f"{CODE}:13:11: 'sources[0].kind': expected one of 'service-help', 'service-screen'"),
    (CODE, "  - url: https://help.example.com/node/1\n    publisher", "  - publisher",
     f"{CODE}:11:5: expected the field 'url' in 'sources[0]', found it missing; add it"),
    (CODE, "    quote: \"The app says", "    note: \"The app says",
     f"{CODE}:11:5: expected the field 'quote' in 'sources[0]', found it missing; add it"),
    (CODE, "    checked: 2026-11-26\n", "",
     f"{CODE}:11:5: expected the field 'checked' in 'sources[0]', found it missing; add it"),
    (CODE, "    checked: 2026-11-26", "    checked: last week",
     f"{CODE}:16:14: 'sources[0].checked': expected a date like 2026-11-26"),
    (CODE, "    checked: 2026-11-26", "    checked: '2026-02-30'",
     f"{CODE}:16:14: expected a real date (YYYY-MM-DD), found '2026-02-30'"),
    (CODE, "    checked: 2026-11-26", "    checked: 2999-01-01",
     f"{CODE}:16:14: expected the day the source was last opened, found 2999-01-01, which is "
     "in the future"),
    (CODE, HELP_SOURCE, "",
     f"{CODE}:8:11: expected a source of kind service-help or service-screen for evidence "
     "'primary', found only weaker kinds; add such a source, or lower the grade to "
     "'community'"),
    (CODE, "on_screen: \"We cannot play", "on_screen: \"We can not play",
     f"{CODE}:6:12: expected the on-screen message in the quote of one of the sources, found "
     "it in none"),
    (CODE, "code: X1000-1", "code: X1000-1-EXTRA",
     f"{CODE}:2:7: expected a code shaped like netflix's codes (see code_patterns in "
     "content/services/netflix.yaml), found 'X1000-1-EXTRA'"),
    (SERVICE, "id: netflix", "id: netflix-tv",
     f"{SERVICE}:2:5: expected the file to be named 'netflix-tv.yaml' after its id"),
    (SERVICE, "    example: X1000-1", "    example: 1000",
     f"{SERVICE}:7:14: 'code_patterns[0].example': expected text, found a number (1000)"),
    (SERVICE, "  account: your Netflix account\n", "",
     f"{SERVICE}:9:3: expected the field 'account' in 'words', found it missing"),
    (SERVICE, "help_url: https://help.netflix.com/", "help_url: help.netflix.com",
     f"{SERVICE}:4:11: 'help_url': expected an https:// address"),
    # Causes are shared by every service: none names one, a rename keeps the old address.
    (CAUSE, "summary: The browser's DRM", "summary: The Netflix DRM",
     f"{CAUSE}:4:14: expected a cause that names no service (causes are shared by every "
     "service's codes), found 'Netflix'; write 'the service', and put what only Netflix "
     "needs under `fixes` in content/services/netflix.yaml"),
    (CAUSE, "      - Close every window.", "      - Open netflix.com/clearcookies.",
     f"{CAUSE}:19:14: expected a cause that names no service"),
    (CAUSE, "title: DRM module", "title: DRM module\nformer_ids: [slow-network]",
     f"{CAUSE}:4:14: expected an id no cause has now, found 'slow-network'"),
    (CAUSE, "id: drm-module", "id: DRM_Module",
     f"{CAUSE}:2:5: 'id': expected a slug of lowercase letters, digits and single hyphens"),
    (CAUSE, "checks: [eme, widevine]", "checks: [eme, widevin]",
     f"{CAUSE}:21:15: expected a known check id, found 'widevin'. Did you mean 'widevine'?"),
    (CAUSE, "platforms: [chrome, edge]", "platforms: [chrome, edg]",
     f"{CAUSE}:11:25: 'fixes[0].platforms[1]': expected one of 'any'"),
]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES)
def test_broken_yaml_is_located(content: Path, rel: str, old: str, new: str,
                                expected: str) -> None:
    edit(content, rel, old, new)
    found = problems(content)
    assert any(expected in p for p in found), "\n".join(found)


def test_every_problem_is_reported_at_once(content: Path) -> None:
    edit(content, CODE, "where: browser", "where: browsr")
    edit(content, CAUSE, "checks: [eme, widevine]", "checks: [eme, widevin]")
    (content / "codes" / "netflix" / "empty.yaml").write_text("# nothing yet\n", "utf-8")
    found = problems(content)
    assert [p.split(":")[0] for p in found] == [CAUSE, "codes/netflix/empty.yaml", CODE]


def test_unused_cause_is_reported(content: Path) -> None:
    edit(content, "codes/netflix/z2000.yaml", "- cause: slow-network", "- cause: drm-module")
    edit(content, CODE, "  - cause: slow-network\n    likelihood: low\n"
         "    note: Rarely, a slow network.\n", "")
    assert problems(content) == [
        "causes/slow-network.yaml:2:5: expected every cause to be used by a code, found "
        "'slow-network' unused; list it under a code's `causes` or delete the file"]


def test_not_utf8_and_empty_and_oversized(content: Path) -> None:
    (content / "codes" / "latin.yaml").write_bytes(b"code: caf\xe9\n")
    (content / "codes" / "empty.yaml").write_text("", "utf-8")
    (content / "codes" / "big.yaml").write_text("# x\n" * 20000, "utf-8")
    found = problems(content)
    assert "codes/latin.yaml:1:10: expected UTF-8 text, found byte 0xe9; save the file as " \
           "UTF-8" in found
    assert any(p.startswith("codes/empty.yaml:1:1: expected a mapping of fields, found an "
                            "empty file") for p in found)
    assert any(p.startswith("codes/big.yaml:1:1: expected a file under 64 KiB") for p in found)


def test_alias_bomb_is_refused_before_expansion(content: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    (content / "codes" / "bomb.yaml").write_text(bomb, "utf-8")
    assert any(p.startswith("codes/bomb.yaml:1:4: expected plain values, found an anchor")
               for p in problems(content))


def test_cli_exit_status_and_no_traceback(content: Path) -> None:
    ok = subprocess.run([sys.executable, "-m", "generator", "check", "--content",
                         str(FIXTURE_CONTENT)], cwd=REPO, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "2 codes and 2 causes are valid." in ok.stdout
    edit(content, CODE, "where: browser", "where: browsr")
    bad = subprocess.run([sys.executable, "-m", "generator", "check", "--content",
                          str(content)], cwd=content.parent, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert bad.stderr.startswith("content/codes/netflix/x1000-1.yaml:7:8: 'where': expected "
                                 "one of")
    assert bad.stderr.rstrip().endswith("1 problem in the content; nothing was built.")


OLD_STYLE = """\
code: X3000
service: netflix
title: Netflix error X3000
summary: An old file.
where: browser
evidence: primary
evidence_note: From before services.
sources:
  - title: A help article
    url: https://help.example.com/node/3
    grade: primary
    note: Says so.
first_steps:
  - Restart.
causes:
  - cause: drm-module
    likelihood: high
    note: Usual.
faq: []
prevention: []
"""


def test_an_old_style_file_gets_one_located_message_per_field(content: Path) -> None:
    """A code file written before model v2, where v1 kept it: told what moved, field by
    field, at the line of each, never a schema dump."""
    (content / "codes" / "x3000.yaml").write_text(OLD_STYLE, "utf-8")
    rel = "codes/x3000.yaml"
    assert problems(content) == [
        f"{rel}:1:1: expected code files in a folder per service (codes/<service>/<code>.yaml)"
        ", found this one in codes/; move it to codes/<its service>/x3000.yaml",
        f"{rel}:3:1: expected no field 'title' (no longer used), found it; the page title is "
        "now made from the service's name and the code; delete the line",
        f"{rel}:9:5: expected the field 'checked' in 'sources[0]', found it missing; add it "
        "(The date someone last opened the source and found the quote, e.g. 2026-11-26.)",
        f"{rel}:9:5: expected the field 'kind' in 'sources[0]', found it missing; add it "
        "(service-help: the service's own help page; service-screen: the service's on-screen "
        "text (a capture of it); vendor-doc: a browser or device maker's documentation; "
        "bug-report: a public bug report; forum: a forum or social thread; third-party: an "
        "article by someone else.)",
        f"{rel}:9:5: expected the field 'publisher' in 'sources[0]', found it missing; add it "
        "(Who published it, e.g. 'Netflix', 'Mozilla', 'Brave bug tracker'.)",
        f"{rel}:9:5: expected the field 'quote' in 'sources[0]', found it missing; add it "
        "(The words in the source that support what the page says, verbatim and short.)",
        f"{rel}:11:5: expected no field 'grade' (no longer used), found it; a source now says "
        "what it is with `kind` (service-help, service-screen, vendor-doc, bug-report, forum "
        "or third-party); replace the line with one of those",
        f"{rel}:12:5: expected no field 'note' (no longer used), found it; a source now gives "
        "the words that support the page as `quote`, verbatim; put them there and delete the "
        "note",
    ]
