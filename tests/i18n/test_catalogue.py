"""The per-language catalogues: complete, current, well-formed, and used by the checker."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checker.facts import Facts
from checker.i18n import T
from checker.report import judge, report_to_text, run
from checker.rules import evaluate
from generator.errors import ContentError
from generator.i18n import DEFAULT, load_languages, script_texts, source_texts, template_texts
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "checker" / "fixtures"
LANGUAGES = load_languages(REPO / "content", REPO)
TRANSLATED = [code for code in LANGUAGES if code != DEFAULT]


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    return source_texts(REPO)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_text_is_missing(lang: str, sources: dict[str, str]) -> None:
    """Every English text the site shows has a translation (listed, with where it is used)."""
    messages = LANGUAGES[lang].messages
    missing = [f"{where}: {text!r}" for text, where in sources.items() if text not in messages]
    assert not missing, (f"{len(missing)} texts have no translation in "
                         f"content/i18n/{lang}.yaml:\n" + "\n".join(missing))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_translation_is_orphaned(lang: str, sources: dict[str, str]) -> None:
    """A message whose English is used nowhere was left behind when the English changed."""
    orphans = [text for text in LANGUAGES[lang].messages if text not in sources]
    assert not orphans, (f"content/i18n/{lang}.yaml translates texts no longer used "
                         "(the English changed? update the key):\n" + "\n".join(orphans))


def test_texts_are_found_in_every_kind_of_source() -> None:
    assert list(template_texts('{{ _("Try these first") }} {{ x }} {{ _(y) }}')) == [
        "Try these first"]
    js = 't(words, "Copy report"); t(words,\n  "Line \\"two\\"", { n }); N_("Problem"); t(x)'
    assert list(script_texts(js)) == ["Copy report", 'Line "two"', "Problem"]


def test_a_placeholder_the_english_lacks_is_a_located_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "i18n").mkdir(parents=True)
    (content / "i18n" / "fr.yaml").write_text(
        "language:\n  name: Français\n  material: fr\nmessages:\n"
        '  "Checking {what} …": "Vérification de {quoi} …"\n', "utf-8")
    with pytest.raises(ContentError) as err:
        load_languages(content, tmp_path)
    problem, = err.value.problems
    assert (problem.path, problem.line) == ("content/i18n/fr.yaml", 5)
    assert "{quoi}" in problem.message and "{what}" in problem.message


def test_a_misnamed_field_is_a_located_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "i18n").mkdir(parents=True)
    (content / "i18n" / "fr.yaml").write_text(
        "language:\n  name: Français\nmesages: {}\n", "utf-8")
    with pytest.raises(ContentError) as err:
        load_languages(content, tmp_path)
    assert [(p.line, p.col) for p in err.value.problems] == [(3, 1)]


def test_a_broken_translation_falls_back_to_english() -> None:
    """A translation the validator would refuse never breaks a page: English is shown."""
    text = T("Checking {what} …", what="DRM")
    assert text.render({"Checking {what} …": "Vérification de {quoi}"}) == "Checking DRM …"
    assert text.render({}) == "Checking DRM …"


def _facts(name: str) -> Facts:
    return Facts.from_dict(json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def test_every_finding_is_made_of_translatable_text() -> None:
    """Pseudo-translate every text: any English left over was not marked with ``T``."""
    pseudo = {text: f"⟦{text}⟧" for text in source_texts(REPO)}
    for path in sorted(FIXTURES.glob("*.json")):
        if path.stem == "manifest":
            continue
        for finding in evaluate(_facts(path.stem), pseudo):
            for text in (finding.title, finding.detail):
                assert text.startswith("⟦") and text.endswith("⟧"), (path.stem, finding)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_checker_speaks_the_language_with_the_same_ids(lang: str) -> None:
    messages = LANGUAGES[lang].messages
    facts = json.loads((FIXTURES / "chrome_windows.json").read_text("utf-8"))
    manifest = json.loads((FIXTURES / "manifest.json").read_text("utf-8"))
    english, translated = run(facts, manifest), run(facts, manifest, None, messages)
    pairs = list(zip(english["findings"], translated["findings"], strict=True))
    assert [(e["check"], e["status"]) for e, _ in pairs] == [
        (t["check"], t["status"]) for _, t in pairs]
    assert sum(e["title"] != t["title"] for e, t in pairs) == len(pairs)
    text = report_to_text(judge(facts, manifest, None, messages), "https://example.org", messages)
    assert text.startswith(messages["Browser check report"])


def test_a_third_language_is_only_files(tmp_path: Path) -> None:
    """Copying a catalogue under another code gives a language, with no code changed."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "i18n", content / "i18n")
    source = (content / "i18n" / "es.yaml").read_text("utf-8")
    (content / "i18n" / "pt.yaml").write_text(
        source.replace("name: Español", "name: Português").replace("material: es",
                                                                  "material: pt"), "utf-8")
    languages = load_languages(content, tmp_path)
    assert list(languages) == ["en", "es", "pt"]
    assert languages["pt"].prefix == "pt/" and languages["pt"].name == "Português"
    findings = evaluate(_facts("chrome_offline"), languages["pt"].messages)
    assert findings == evaluate(_facts("chrome_offline"), languages["es"].messages)
