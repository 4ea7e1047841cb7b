"""The Spanish site as a reader meets it: accessible, linked to English, a checker in Spanish."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, Route, expect

from generator.i18n import load_languages
from tests.conftest import REPO
from tests.reader.conftest import OpenReader
from tests.reader.test_a11y import check_both_schemes, check_report, describe

SPANISH = load_languages(REPO / "content", REPO)["es"].messages

PAGES = {
    "home": "/es/",
    "codes index": "/es/codes/",
    "service index": "/es/netflix/",
    "code page with tabs": "/es/netflix/m7702-1003/",
    "code page, one likely cause": "/es/netflix/nses-404/",
    "cause page": "/es/causes/drm-component/",
    "translated cause page": "/es/causes/vpn-proxy/",
    "causes index": "/es/causes/",
    "checker page": "/es/checker/",
    "about": "/es/about/",
    "404": "/es/404.html",
}


def test_no_serious_violation_on_any_spanish_page_type(page: Page) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    for name, path in PAGES.items():
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "es", path
        check_both_schemes(page, name, found)
    assert not found, describe(found)


def test_the_language_selector_leads_to_the_same_page_in_english_and_back(page: Page) -> None:
    page.goto("/es/netflix/m7702-1003/")
    english = page.locator('.md-select__link[hreflang="en"]')
    href = english.get_attribute("href") or ""  # Material makes links absolute
    assert href.endswith("/netflix/m7702-1003/") and "/es/" not in href
    page.goto("/netflix/m7702-1003/")
    origin = page.url.split("/netflix/")[0]
    spanish = page.locator('.md-select__link[hreflang="es"]')
    spanish.evaluate("link => link.click()")  # the selector opens on hover
    expect(page).to_have_url(f"{origin}/es/netflix/m7702-1003/")
    expect(page.locator("h1")).to_contain_text("Error M7702-1003 de Netflix")
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_the_spanish_lookup_stays_in_spanish(page: Page) -> None:
    page.goto("/es/")
    origin = page.url.split("/es/")[0]
    field = page.get_by_role("textbox", name="Código de error")
    field.fill("m7702 1003")
    field.press("Enter")
    expect(page).to_have_url(f"{origin}/es/netflix/m7702-1003/")


def _pattern(translation: str) -> re.Pattern[str]:
    """A translation as a pattern: its {placeholders} match any value."""
    parts = re.split(r"\{\w+\}", translation)
    return re.compile("(?s)" + ".+?".join(re.escape(part) for part in parts))


# A translation with no words of its own ("{role}{note}") would match any text.
SPANISH_PATTERNS = [_pattern(text) for text in SPANISH.values()
                    if re.search(r"[^\W\d_]", re.sub(r"\{\w+\}", "", text))]


def _is_spanish(text: str) -> bool:
    """Whether ``text`` is one of the catalogue's translations, with its values filled in."""
    return any(pattern.fullmatch(text) for pattern in SPANISH_PATTERNS)


def test_the_checker_speaks_spanish_with_the_same_ids_and_statuses(page: Page) -> None:
    """Headless Chromium has no Widevine: the verdict blames M7702-1003's DRM cause in both
    languages; in Spanish its words, the findings and the flagged section are Spanish."""
    page.goto("/netflix/m7702-1003/")
    english = page.evaluate("() => window.kbChecker.run()")
    page.goto("/es/netflix/m7702-1003/")
    section = page.locator("h3#drm-component")
    cause = section.evaluate("heading => heading.firstChild.textContent").strip()
    page.get_by_role("button", name="Comprobar este navegador").click()
    status = page.locator("[data-kb-checker-status]")
    expect(status).to_have_text(_starts_with("Hecho en"), timeout=120_000)
    spanish = page.evaluate("() => window.kbChecker.lastReport")
    assert [(f["check"], f["status"]) for f in spanish["findings"]] == [
        (f["check"], f["status"]) for f in english["findings"]]
    for finding in spanish["findings"]:
        assert _is_spanish(finding["title"]), finding
        assert all(link["url"].startswith("/es/") for link in finding["links"]), finding
    verdict, english_verdict = spanish["verdict"], english["verdict"]
    assert english_verdict["status"] == "fail" and english_verdict["causes"][0] == "drm-component"
    assert [verdict[k] for k in ("status", "code", "causes")] == [
        english_verdict[k] for k in ("status", "code", "causes")]
    assert verdict["title"] != english_verdict["title"] and _is_spanish(verdict["title"])
    assert verdict["detail"].startswith("Eso puede causar M7702-1003"), verdict
    assert f"«{cause}»" in verdict["detail"], (cause, verdict)  # the section's own title
    expect(page.locator(".kb-verdict__title")).to_have_text(verdict["title"])
    expect(page.locator(".kb-verdict__action")).to_have_text(_starts_with("Leer «"))
    # The Spanish page's own section is flagged (the Spanish manifest links this page).
    expect(section.locator(".kb-badge")).to_have_text(
        "Comprobador: problema encontrado aquí")
    # The Spanish report is as accessible as the English one (test_a11y).
    check_report(page, "Spanish code page with a checker report")
    shown = page.locator("[data-kb-checker-report] [data-check]").first
    expect(shown.locator(".kb-finding__status")).to_have_text(
        {"fail": "Problema", "warn": "Aviso", "unknown": "Sin determinar", "ok": "Correcto"}[
            shown.get_attribute("data-status") or ""])
    # text_content: the report text sits in a closed <details>, where inner_text is ""
    text = page.locator("[data-kb-checker-report] pre").text_content() or ""
    assert text.startswith("Informe de la comprobación del navegador")
    expect(page.locator(".kb-report__copy")).to_have_text("Copiar el informe")


def test_why_the_checker_could_not_start_is_said_in_spanish(open_reader: OpenReader) -> None:
    """A failure in the worker (here: a policy without 'wasm-unsafe-eval', found before
    any of Python loads) reaches a Spanish page in Spanish."""
    reader = open_reader()

    def strict(route: Route) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": "script-src 'self'"}
        route.fulfill(response=response, headers=headers)

    reader.context.route("**/assets/kb/worker.mjs", strict)
    page = reader.new_page()
    page.goto("/es/netflix/m7702-1003/")
    page.get_by_role("button", name="Comprobar este navegador").click()
    status = page.locator("[data-kb-checker-status]")
    expect(status).to_have_attribute("data-state", "error", timeout=30_000)
    expect(status).to_have_text(_starts_with(
        "No se pudo hacer la comprobación: la política de seguridad de este sitio bloquea "
        "WebAssembly"))
    reader.csp.clear()  # the policy this test imposed was broken, as intended


def test_lookup_suggestions_name_codes_in_spanish(page: Page) -> None:
    page.goto("/es/")
    field = page.get_by_role("textbox", name="Código de error")
    field.fill("m770")
    field.press("Enter")
    results = page.locator("[data-kb-lookup-result] a")
    expect(results.first).to_be_visible()
    expect(results.filter(has_text="Error M7702-1003 de Netflix")).to_have_count(1)
    assert not results.filter(has_text="Netflix error").count()


def _starts_with(prefix: str) -> Any:
    return re.compile("^" + re.escape(prefix))


def test_search_on_a_spanish_page_finds_spanish_words_and_pages(page: Page) -> None:
    from tests.reader.test_search import first_result, open_search

    page.goto("/es/")
    open_search(page)
    assert first_result(page, "desbloqueador") == "/es/causes/vpn-proxy/"
    assert first_result(page, "M7702-1003") == "/es/netflix/m7702-1003/"
