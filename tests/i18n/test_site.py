"""Every page has a twin in every language, linked both ways; stale translations show."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.report import run
from generator.codeindex import read_index
from generator.i18n import load_languages, sitemap_alternates
from generator.translate import source_hash
from tests.conftest import REPO, build

ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">')
SITE_URL = "http://127.0.0.1:8000/"
LANGUAGES = load_languages(REPO / "content", REPO)


def _pages(site: Path) -> list[Path]:
    """The site's pages: HTML files that are not redirect stubs (those are noindex)."""
    return [p for p in sorted(site.rglob("*.html"))
            if "assets" not in p.parts and 'name="robots" content="noindex"' not in
            p.read_text("utf-8")]


def _url(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return SITE_URL + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def test_every_english_page_has_a_spanish_twin_linked_both_ways(site_dir: Path) -> None:
    english = [p for p in _pages(site_dir) if p.relative_to(site_dir).parts[0] != "es"]
    assert len(english) > 20
    for page in english:
        twin = site_dir / "es" / page.relative_to(site_dir)
        assert twin.is_file(), f"no Spanish twin of {page.relative_to(site_dir)}"
        for here, lang in ((page, "en"), (twin, "es")):
            html = here.read_text("utf-8")
            assert f'<html lang="{lang}"' in html, here
            links = {hreflang: href for href, hreflang in ALTERNATE.findall(html)}
            assert links == {"en": _url(site_dir, page), "es": _url(site_dir, twin),
                             "x-default": _url(site_dir, page)}, here


def test_spanish_pages_speak_spanish(site_dir: Path) -> None:
    code = (site_dir / "es" / "netflix" / "m7702-1003" / "index.html").read_text("utf-8")
    for words in ("Qué hacer", "Causas probables", "Comprobar este navegador",
                  "Error M7702-1003 de Netflix", "Cuánta seguridad tenemos"):
        assert words in code
    assert 'class="md-select__link"' in code  # Material's language selector
    assert (site_dir / "es" / "404.html").read_text("utf-8").count("Página no encontrada") >= 2
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITE_URL}es/netflix/m7702-1003/</loc>" in sitemap
    assert f"<loc>{SITE_URL}es/causes/vpn-proxy/</loc>" in sitemap


def test_no_english_template_words_on_spanish_pages(site_dir: Path) -> None:
    """Words the templates add around content (dates, "only" labels, the folded steps)
    are the page's language's, wherever they appear."""
    english = re.compile(r"Last updated|\((?:Windows|Mac|Linux|Android|Router) only\)"
                         r"|The steps for any device")
    pages = [p for p in _pages(site_dir / "es") if english.search(p.read_text("utf-8"))]
    assert pages == []
    code = (site_dir / "es" / "prime-video" / "7235" / "index.html").read_text("utf-8")
    assert "Actualizado el <time" in code and "Los pasos para cualquier dispositivo" in code
    assert "(solo Linux)" in code


def test_site_words_redirects_and_lookup_data_are_in_the_page_language(
        site_dir: Path) -> None:
    """The site's name and footer (mkdocs.yml), the stubs at alias and lookup addresses,
    and the lookup's suggestions: Spanish on Spanish pages, English on English ones."""
    spanish = LANGUAGES["es"].messages
    name, footer = spanish["Streaming Error Help"], "Un sitio independiente"
    page = (site_dir / "es" / "netflix" / "m7702-1003" / "index.html").read_text("utf-8")
    english = (site_dir / "netflix" / "m7702-1003" / "index.html").read_text("utf-8")
    assert f"<title>Error M7702-1003 de Netflix - {name}</title>" in page
    assert footer in page and "Streaming Error Help" not in page
    assert 'title="Enlace permanente"' in page and "Permanent link" not in page  # the ¶ links
    assert 'title="Cambiar al modo oscuro"' in page and "Switch to" not in page  # the palette
    assert "Hecho con" in page and "Made with" not in page and "Made with" in english
    assert "- Streaming Error Help</title>" in english and name not in english
    assert name in (site_dir / "es" / "404.html").read_text("utf-8")
    for stub in ("es/netflix/m7702/index.html", "es/codes/m7702-1003/index.html"):
        html = (site_dir / stub).read_text("utf-8")
        assert '<html lang="es">' in html, stub
        assert "M7702-1003: Error M7702-1003 de Netflix</a>" in html, stub
        assert " se explica en la página " in html and "explained" not in html, stub
    assert '<html lang="en">' in (site_dir / "netflix" / "m7702" / "index.html").read_text(
        "utf-8")
    kb = site_dir / "assets" / "kb"
    english_index, spanish_index = read_index(kb), read_index(kb / "i18n" / "es")
    assert spanish_index["keys"] == english_index["keys"]  # a reader types the same codes
    assert spanish_index["codes"]["netflix/m7702-1003"]["title"] == "Error M7702-1003 de Netflix"
    assert english_index["codes"]["netflix/m7702-1003"]["title"] == "Netflix error M7702-1003"
    assert spanish_index["codes"]["netflix/m7702-1003"]["url"] == "/netflix/m7702-1003/"


def test_the_checker_on_a_spanish_page_links_and_names_spanish_sections(
        site_dir: Path) -> None:
    """The build's Spanish manifest: the verdict and findings name the Spanish page's
    sections and link them (so the page marks them); ids and statuses are the English."""
    kb = site_dir / "assets" / "kb"
    build_json = json.loads((kb / "build.json").read_text("utf-8"))
    assert build_json["manifests"] == {"es": "i18n/es/manifest.json"}
    manifests = {lang: json.loads((kb / path).read_text("utf-8")) for lang, path in
                 (("en", build_json["manifest"]), ("es", build_json["manifests"]["es"]))}
    facts = json.loads((REPO / "tests" / "checker" / "fixtures" / "headless_chromium.json")
                       .read_text("utf-8"))
    english = run(facts, manifests["en"], "M7702-1003")
    spanish = run(facts, manifests["es"], "M7702-1003", LANGUAGES["es"].messages)
    assert [(f["check"], f["status"]) for f in spanish["findings"]] == [
        (f["check"], f["status"]) for f in english["findings"]]
    verdicts = english["verdict"], spanish["verdict"]
    assert verdicts[0]["status"] == "fail" and verdicts[0]["causes"][0] == "drm-component"
    assert [(v["status"], v["code"], v["causes"]) for v in verdicts] == [
        (verdicts[0]["status"], "M7702-1003", verdicts[0]["causes"])] * 2
    cause = manifests["es"]["causes"]["drm-component"]["title"]
    assert cause != manifests["en"]["causes"]["drm-component"]["title"]
    assert f"«{cause}»" in spanish["verdict"]["detail"], spanish["verdict"]
    assert spanish["verdict"]["title"] != english["verdict"]["title"]
    for en, es in zip(english["findings"], spanish["findings"], strict=True):
        assert [link["url"] for link in es["links"]] == [
            "/es" + link["url"] for link in en["links"]]


def _sitemap_alternates(xml: str) -> dict[str, dict[str, str]]:
    """Each sitemap URL with its xhtml:link alternates, hreflang -> href."""
    entries = {}
    for entry in xml.split("<url>")[1:]:
        loc = re.search(r"<loc>([^<]+)</loc>", entry)
        assert loc, entry
        entries[loc.group(1)] = dict(re.findall(
                r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', entry))
    return entries


def test_the_sitemap_links_every_page_to_its_twin_both_ways(site_dir: Path) -> None:
    """Search engines read hreflang from the sitemap as well as from each page's <head>."""
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        raw = (site_dir / name).read_bytes()
        xml = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")
        assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in xml, name
        entries = _sitemap_alternates(xml)
        assert len(entries) > 20 and len(entries) % 2 == 0
        for loc, links in entries.items():
            spanish = loc.startswith(f"{SITE_URL}es/")
            english = loc.replace(f"{SITE_URL}es/", SITE_URL) if spanish else loc
            assert links == {"en": english, "es": english.replace(SITE_URL, f"{SITE_URL}es/", 1),
                             "x-default": english}, (name, loc)
            assert entries[links["en"]] == entries[links["es"]] == links  # both ways


def test_each_page_head_names_the_alternates_its_sitemap_entry_names(site_dir: Path) -> None:
    """A search engine reads hreflang from a page's <head> and from the sitemap: both say
    the same, x-default (the English page) included, each link once."""
    entries = _sitemap_alternates((site_dir / "sitemap.xml").read_text("utf-8"))
    pages = {_url(site_dir, page): page for page in _pages(site_dir)}
    assert set(entries) <= set(pages)
    for loc, links in entries.items():
        found = ALTERNATE.findall(pages[loc].read_text("utf-8"))
        assert sorted(found) == sorted((href, lang) for lang, href in links.items()), loc


def test_sitemap_alternates_link_only_pages_that_exist() -> None:
    languages = load_languages(REPO / "content", REPO)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           "  <url>\n    <loc>https://x.org/kb/a/</loc>\n  </url>\n"
           "  <url>\n    <loc>https://x.org/kb/es/a/</loc>\n  </url>\n"
           "  <url>\n    <loc>https://x.org/kb/only-english/</loc>\n  </url>\n</urlset>\n")
    out = sitemap_alternates(xml, "https://x.org/kb/", languages)
    entries = _sitemap_alternates(out)
    both = {"en": "https://x.org/kb/a/", "es": "https://x.org/kb/es/a/",
            "x-default": "https://x.org/kb/a/"}
    assert entries == {"https://x.org/kb/a/": both, "https://x.org/kb/es/a/": both,
                       "https://x.org/kb/only-english/": {}}
    assert '    <xhtml:link rel="alternate" hreflang="es" href="https://x.org/kb/es/a/"/>' in out


def test_search_has_a_spanish_index_as_large_as_the_english(site_dir: Path) -> None:
    """Pagefind indexes each <html lang> apart, with its own stemming (search.mjs loads
    the page's language)."""
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    languages = entry["languages"]
    assert set(languages) == {"en", "es"}
    assert languages["es"]["page_count"] == languages["en"]["page_count"] > 10
    assert (site_dir / "pagefind" / f"wasm.{languages['es']['wasm']}.pagefind").is_file()


def test_a_stale_translation_is_a_located_warning_and_the_page_falls_back(
        tmp_path: Path) -> None:
    """Change an English cause: `make check` warns at its translation's `source:`, and the
    Spanish page shows the English text with the fallback notice."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content, ignore=shutil.ignore_patterns("pages"))
    cause = content / "causes" / "vpn-proxy.yaml"
    cause.write_text(cause.read_text("utf-8").replace(
        "The service checks the internet address",
        "The service looks at the internet address"), "utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    warning, = [line for line in done.stderr.splitlines() if "stale" in line]
    line_no = 1 + next(i for i, line in enumerate(
        (content / "causes" / "vpn-proxy.es.yaml").read_text("utf-8").splitlines())
        if line.startswith("source:"))
    assert warning.startswith(f"warning: content/causes/vpn-proxy.es.yaml:{line_no}:9: ")
    site = tmp_path / "site"
    result = build(site, content=content, checker=False)
    assert result.returncode == 0, result.stderr
    page = (site / "es" / "causes" / "vpn-proxy" / "index.html").read_text("utf-8")
    assert "The service looks at the internet address" in page
    assert "kb-fallback" in page and "su traducción está desactualizada" in page
    # The code pages that list the cause show its section in English, and say so once, at
    # the top, with a link to it.
    code = (site / "es" / "netflix" / "m7111-5059" / "index.html").read_text("utf-8")
    assert code.count('class="kb-fallback"') == 1
    notice = code[code.index('class="kb-fallback"'):].split("</p>")[0]
    assert "Se muestra en inglés" in notice and 'href="#vpn-proxy"' in notice


def test_a_translation_field_the_english_lacks_is_a_located_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content, ignore=shutil.ignore_patterns("pages"))
    english = content / "causes" / "vpn-proxy.yaml"
    import yaml

    digest = source_hash(yaml.safe_load(english.read_text("utf-8")))
    (content / "causes" / "vpn-proxy.es.yaml").write_text(
        f"source: {digest}\ntitle: VPN\nsumary: typo\nfixes:\n- platforms: [any]\n", "utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "content/causes/vpn-proxy.es.yaml:3:1: expected only fields of the English file, " \
           "found 'sumary'" in done.stderr
    assert "content/causes/vpn-proxy.es.yaml:5:3: expected only text to translate, found " \
           "'platforms'" in done.stderr


def test_a_third_language_is_adding_files(tmp_path: Path) -> None:
    """A copy of the Spanish catalogue under another code gives a whole third site."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    spanish = (content / "i18n" / "es.yaml").read_text("utf-8")
    (content / "i18n" / "pt.yaml").write_text(spanish.replace("name: Español", "name: Português")
                                              .replace("material: es", "material: pt"), "utf-8")
    shutil.copytree(content / "pages" / "es", content / "pages" / "pt")
    site = tmp_path / "site"
    result = build(site, content=content, checker=False,
                   extra_env={"KB_PAGES_DIR": str(content / "pages")})
    assert result.returncode == 0, result.stderr
    page = (site / "pt" / "netflix" / "m7702-1003" / "index.html").read_text("utf-8")
    assert '<html lang="pt"' in page and "Qué hacer" in page
    assert 'hreflang="pt"' in (site / "netflix" / "m7702-1003" / "index.html").read_text("utf-8")
    assert (site / "assets" / "kb" / "i18n" / "pt.json").is_file()
    assert (site / "pt" / "404.html").is_file()
    assert (site / "assets" / "kb" / "i18n" / "pt" / "codes.json").is_file()  # its lookup


def test_an_all_digit_hash_is_current_quoted_or_not(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """About one hash in 280 is all digits, which YAML reads as a number: the translation
    is still current, and `make translate` writes the hash quoted."""
    from generator import translate

    english = tmp_path / "vpn-proxy.yaml"
    shutil.copy(REPO / "content" / "causes" / "vpn-proxy.yaml", english)
    digest = "253794215726"
    monkeypatch.setattr(translate, "source_hash", lambda data: digest)
    spanish, new = translate.skeleton(english, "es")
    assert (spanish.name, new) == ("vpn-proxy.es.yaml", True)
    quoted = spanish.read_text("utf-8")
    assert f"\nsource: '{digest}'\n" in quoted
    for text in (quoted, quoted.replace(f"'{digest}'", digest)):
        spanish.write_text(text, "utf-8")
        merged, _, stale, problems = translate._read(spanish, spanish.name, english)
        assert (stale, problems) == ("", []) and merged is not None
