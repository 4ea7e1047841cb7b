"""The Spanish site as a reader meets it: accessible, linked to English, a checker in Spanish."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from generator.i18n import load_languages
from tests.conftest import REPO
from tests.reader.test_a11y import check_both_schemes, describe

SPANISH = load_languages(REPO / "content", REPO)["es"].messages

PAGES = {
    "home": "/es/",
    "codes index": "/es/codes/",
    "service index": "/es/netflix/",
    "code page with tabs": "/es/netflix/m7702-1003/",
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


def test_the_checker_speaks_spanish_with_the_same_ids_and_statuses(page: Page) -> None:
    page.goto("/netflix/m7702-1003/")
    english = page.evaluate("() => window.kbChecker.run()")
    page.goto("/es/netflix/m7702-1003/")
    page.get_by_role("button", name="Comprobar este navegador").click()
    status = page.locator("[data-kb-checker-status]")
    expect(status).to_have_text(_starts_with("Hecho en"), timeout=120_000)
    spanish = page.evaluate("() => window.kbChecker.lastReport")
    assert [(f["check"], f["status"]) for f in spanish["findings"]] == [
        (f["check"], f["status"]) for f in english["findings"]]
    translated = set(SPANISH.values())
    for finding in spanish["findings"]:
        assert finding["title"] in translated or any(  # titles with values filled in
            finding["title"].startswith(t.split("{")[0]) for t in translated if "{" in t
        ), finding
    shown = page.locator("[data-kb-checker-report] [data-check]").first
    expect(shown.locator(".kb-finding__status")).to_have_text(
        {"fail": "Problema", "warn": "Aviso", "unknown": "Sin determinar", "ok": "Correcto"}[
            shown.get_attribute("data-status") or ""])
    # text_content: the report text sits in a closed <details>, where inner_text is ""
    text = page.locator("[data-kb-checker-report] pre").text_content() or ""
    assert text.startswith("Informe de la comprobación del navegador")
    expect(page.locator(".kb-report__copy")).to_have_text("Copiar el informe")


def _starts_with(prefix: str) -> Any:
    import re

    return re.compile("^" + re.escape(prefix))


def test_search_on_a_spanish_page_finds_spanish_words_and_pages(page: Page) -> None:
    from tests.reader.test_search import first_result, open_search

    page.goto("/es/")
    open_search(page)
    assert first_result(page, "desbloqueador") == "/es/causes/vpn-proxy/"
    assert first_result(page, "M7702-1003") == "/es/netflix/m7702-1003/"
