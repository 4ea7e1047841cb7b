"""Escape by context (issue 16, kind 1).

Contributor text was escaped for the Markdown body but not for where else it lands: the
theme printed a title from the front matter as HTML (``<!--`` in a title opened a comment
that hid the rest of the page), a source's address went into Markdown link syntax as
written (``)`` ended the link and what followed made a link of its own, or attributes),
an address needed only to start with https:// and hold no space, and a code or cause
could take a name the site uses for its own pages or read as a web address.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema_rs
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURE_CONTENT, REPO, build
from tests.hostile.conftest import cli, code_file, rel, replace

V2 = (FIXTURE_CONTENT / "services").is_dir()
"""Content model v2 (services as content, pages at /<service>/<code>/) or the first one."""
CODE_PAGE = "netflix/x1000-1" if V2 else "codes/x1000-1"
URL_AT, LINK_AT = ("11:10", "25:33") if V2 else ("13:10", "20:33")
CODES_LIST = "netflix's codes" if V2 else "codes"

# --- What the pages show -------------------------------------------------------------

TITLE = "Cookies <!-- and --> storage"
SERVICE = "Net<!--flix"
PAGE_TITLE = "How we <!-- write"
INJECTED = "https://help.example.com/node/1)[y](https://evil.example.com/x"
QUERY = "https://example.com/update?a=1&lt;b=2&amp=3"


class Page(HTMLParser):
    """What a browser makes of a page: its text, its comments, its links."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.comments: list[str] = []
        self.links: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._skip = 0
        self._in_title = False
        self.feed(source)
        # A comment left open runs to the end of the page in a browser; html.parser would
        # hand it over as text when closed.
        if self.rawdata.startswith("<!--"):
            self.comments.append(self.rawdata[4:])
            self.rawdata = ""
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self._in_title = tag == "title"
        if tag == "a":
            self.links.append((dict(attrs).get("href") or "", dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from valid content whose every text is as hostile as validation lets
    it be: a cause title, a code's title (v2: its service's name) and a hand-written page's
    title holding
    ``<!--``, a source address holding ``)[``, a link whose query holds ``&lt;``."""
    root = tmp_path_factory.mktemp("hostile-site")
    content = root / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    shutil.copytree(REPO / "content" / "pages", root / "pages")
    replace(content / "causes" / "slow-network.yaml", "title: Slow network",
            f'title: "{TITLE}"')
    code = code_file(content, "X1000-1")
    if V2:
        replace(content / "services" / "netflix.yaml", "name: Netflix", f'name: "{SERVICE}"')
    else:
        replace(code, "title: Netflix error X1000-1", f'title: "{SERVICE} error X1000-1"')
    replace(code, "url: https://help.example.com/node/1", f'url: "{INJECTED}"')
    replace(code, "(https://example.com/update)", f"({QUERY})")
    replace(root / "pages" / "about.md", "title: How we write these pages",
            f'title: "{PAGE_TITLE}"')
    result = build(root / "site", content=content, checker=False,
                   extra_env={"KB_PAGES_DIR": str(root / "pages")})
    assert result.returncode == 0, result.stderr
    return root / "site"


def page(site: Path, path: str) -> Page:
    return Page((site / path / "index.html").read_text("utf-8"))


@pytest.mark.parametrize(("path", "title", "after"), [
    ("causes/slow-network", TITLE, "Error codes with this cause"),
    (CODE_PAGE, f"{SERVICE} error X1000-1", "Sources"),
    ("about", PAGE_TITLE, "How we write these pages"),
])
def test_title_with_a_comment_opener_does_not_hide_the_page(
        site: Path, path: str, title: str, after: str) -> None:
    shown = page(site, path)
    assert shown.title.startswith(title)
    assert not any("</" in comment or after in comment for comment in shown.comments)
    _, rest = shown.words.split(title, 1)  # shown as text in the header
    assert after in rest  # and the page goes on,
    assert "Made with Material for MkDocs" in rest  # to its footer


def test_source_address_cannot_end_its_link(site: Path) -> None:
    shown = page(site, CODE_PAGE)
    source = [attrs for href, attrs in shown.links if href.startswith("https://help.example")]
    assert len(source) == 1
    assert unquote(html.unescape(source[0]["href"] or "")) == INJECTED
    assert set(source[0]) == {"href"}
    assert not any(urlsplit(href).hostname == "evil.example.com" and href != source[0]["href"]
                   for href, _ in shown.links)


def test_address_in_text_reaches_the_browser_as_written(site: Path) -> None:
    shown = page(site, CODE_PAGE)
    (href,) = [href for href, _ in shown.links if href.startswith("https://example.com/")]
    assert href == QUERY  # html.parser decodes entities as a browser does


# --- What validation refuses -----------------------------------------------------------

@pytest.mark.parametrize(("url", "found"), [
    ("https://user@help.example.com/", "a host name after https:// (such as "
     "'help.example.com', without a user name, port or IP address), found "
     "'user@help.example.com'"),
    ("https://help.example.com:8443/", "a host name after https:// (such as "
     "'help.example.com', without a user name, port or IP address), found "
     "'help.example.com:8443'"),
    ("https://help.example.com/{:style=position:fixed}", "a web address of letters, digits "
     "and URL punctuation, found '{'"),
    ("https://help.example.com/caf\u00e9", "a web address of letters, digits and URL "
     "punctuation, found '\u00e9'"),
    ("https://help.example.com/100%", "a web address of letters, digits and URL "
     "punctuation, found a '%' without two hex digits after it"),
    ("https://help.example.com/a\\b", "a web address of letters, digits and URL "
     "punctuation, found '\\'"),
])
def test_address_a_url_parser_would_not_read_as_written_is_refused(
        capsys: pytest.CaptureFixture[str], code: Path, url: str, found: str) -> None:
    replace(code, "url: https://help.example.com/node/1", f"url: '{url}'")
    run = cli(capsys, "check", "--content", ".")
    assert run.status == 1
    (line,) = [line for line in run.lines if "'sources[0].url'" in line]
    assert line.startswith(f"{rel(code)}:{URL_AT}: 'sources[0].url': expected {found}")


def test_link_in_text_must_be_https(capsys: pytest.CaptureFixture[str], code: Path) -> None:
    replace(code, "(https://example.com/update)", "(http://example.com/update)")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        f"{rel(code)}:{LINK_AT}: expected a link to an https:// address, found "
        "'http://example.com/update'; use the page's full https:// address",
        "1 problem in the content; nothing was built."])


def test_cause_named_index_is_refused(capsys: pytest.CaptureFixture[str], code: Path) -> None:
    causes = (code.parents[2] if V2 else code.parents[1]) / "causes"
    (causes / "slow-network.yaml").rename(causes / "index.yaml")
    replace(causes / "index.yaml", "id: slow-network", "id: index")
    for path in code.parent.glob("*.yaml"):
        replace(path, "cause: slow-network", "cause: index")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        "causes/index.yaml:2:5: expected a cause id the site does not use for its own pages, "
        "found 'index', the address of the list of causes; choose another id",
        "1 problem in the content; nothing was built."])


def test_code_or_alias_named_like_a_folder_s_own_page_is_refused(
        capsys: pytest.CaptureFixture[str], code: Path) -> None:
    if V2:  # a shape every name has, so that only the name's use is refused
        replace(code.parents[2] / "services" / "netflix.yaml", "code_patterns:\n",
                "code_patterns:\n  - pattern: '^.*$'\n    example: ANY\n")
    replace(code, "aliases: [X1000, Y1000-1]", "aliases: [X1000, 'INDEX']")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        f"{rel(code)}:3:18: expected a code the site does not use for its own pages, found "
        f"'INDEX', the address of the list of {CODES_LIST}; check the code",
        "1 problem in the content; nothing was built."])


@pytest.mark.parametrize("name", ["http:evil", "JavaScript:alert"])
def test_code_a_browser_reads_as_an_address_is_refused(
        capsys: pytest.CaptureFixture[str], code: Path, name: str) -> None:
    """MkDocs links two pages of one folder as 'http:evil/': an address, not a page."""
    if V2:
        replace(code.parents[2] / "services" / "netflix.yaml", "code_patterns:\n",
                "code_patterns:\n  - pattern: '^.*$'\n    example: ANY\n")
    other = code.with_name(f"{name.lower()}.yaml")
    other.write_text(code_file(Path.cwd(), "Z2000").read_text("utf-8").replace(
        "code: Z2000", f"code: '{name}'"), "utf-8")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        f"{rel(other)}:2:7: expected a code a browser cannot read as a web address, found "
        f"'{name}', which starts with a scheme ('{name.lower().split(':')[0]}:') as 'https:' "
        "does; check the code",
        "1 problem in the content; nothing was built."])


@pytest.mark.skipif(not V2, reason="services are content from model v2 on")
def test_service_named_like_a_hand_written_page_is_refused(
        capsys: pytest.CaptureFixture[str], code: Path) -> None:
    content = code.parents[2]
    (content / "pages").mkdir()
    (content / "pages" / "help.md").write_text(
        "---\ntitle: Help\ndescription: How to use the site.\n---\n\n# Help\n", "utf-8")
    services = content / "services"
    text = (services / "netflix.yaml").read_text("utf-8")
    (services / "help.yaml").write_text(text.replace("id: netflix", "id: help"), "utf-8")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        "services/help.yaml:2:5: expected a service id the site does not use for its own "
        "pages, found 'help', the address of the hand-written page 'help'; choose another id",
        "1 problem in the content; nothing was built."])


# --- One rule for addresses, whichever engine reads it ---------------------------------

def test_schemas_hold_the_generator_s_address_rule() -> None:
    from generator.text import URL_PATTERN

    for name in ("code", "service") if V2 else ("code",):
        schema = json.loads((REPO / "content" / "schema" / f"{name}.schema.json").read_text())
        assert schema["definitions"]["url"]["pattern"] == URL_PATTERN


ADDRESS = st.one_of(
    st.text(alphabet="ab-.%/:?#[]@!$&'()*+,;=~_{}<>\"\\ 9\u00e9", max_size=30),
    st.text(alphabet="aZ9-._~:/?#[]@!$&'()*+,;=%", max_size=30).map(lambda rest: "/" + rest))


@settings(max_examples=400, deadline=None)
@given(host=st.sampled_from(["help.example.com", "a.b", "x-y.example.org", "user@a.com",
                             "a.com:80", "1.2.3.4", "-a.com"]), rest=ADDRESS)
def test_what_the_schema_accepts_a_parser_and_markdown_read_as_written(
        host: str, rest: str) -> None:
    from generator.text import URL_PATTERN, link

    url = f"https://{host}{rest}"
    python = re.fullmatch(URL_PATTERN[1:-1], url) is not None
    compiled = jsonschema_rs.Draft7Validator({"type": "string", "pattern": URL_PATTERN})
    assert compiled.is_valid(url) == python  # the editor's and the validator's engines agree
    if not python:
        return
    parts = urlsplit(url)
    assert (parts.scheme, parts.username, parts.port) == ("https", None, None)
    assert parts.hostname and url.startswith(f"https://{parts.hostname}")
    out = markdown.markdown(f"[source]({link(url)}) after",
                            extensions=["attr_list", "tables", "toc"])
    anchors = re.findall(r"<a ([^>]*)>", out)
    assert len(anchors) == 1
    (href,) = re.findall(r'href="([^"]*)"', anchors[0])
    assert unquote(html.unescape(href)) == unquote(url)


# --- Names a translation takes ---------------------------------------------------------
# A translation is '<english name>.<language>.yaml'. The language used to be everything
# after the first dot, so a code holding a dot (NQM.407) could not be translated: its
# translation 'nqm.407.es.yaml' was read as an English code file missing every field.

@pytest.fixture
def languages(code: Path) -> Path:
    """The fixture content with the site's languages and codes of any shape."""
    content = Path.cwd()
    shutil.copytree(REPO / "content" / "i18n", content / "i18n")
    shutil.copytree(REPO / "content" / "schema", content / "schema")  # for `generator new`
    replace(content / "services" / "netflix.yaml", "code_patterns:\n",
            "code_patterns:\n  - pattern: '^.*$'\n    example: ANY\n")
    return content


def add_code(content: Path, name: str) -> Path:
    """Add a valid code ``name`` (Z2000's text) in its own file; return the file."""
    template = code_file(content, "Z2000")
    path = template.with_name(f"{name.lower()}.yaml")
    path.write_text(template.read_text("utf-8").replace("code: Z2000", f"code: '{name}'"),
                    "utf-8")
    return path


@pytest.mark.parametrize(("name", "parts"), [
    ("nqm.407.es.yaml", ("nqm.407.yaml", "es")),
    ("nqm.407.yaml", None),
    ("abc.def.yaml", None),              # 'def' is no language of the site, nor abc.yaml near
    ("vpn-proxy.es.yaml", ("vpn-proxy.yaml", "es")),
    ("x.pt-BR.yaml", ("x.yaml", "pt-BR")),
    ("m7.fr.yaml", ("m7.yaml", "fr")),   # a language not added yet, beside its English file
])
def test_a_translation_s_language_is_its_last_dotted_part(
        name: str, parts: tuple[str, str] | None) -> None:
    from generator.i18n import translation_parts

    assert translation_parts(name, {"en", "es", "pt-BR"}, {"m7.yaml"}.__contains__) == parts


def test_a_code_holding_a_dot_is_translated(capsys: pytest.CaptureFixture[str],
                                            languages: Path) -> None:
    english = add_code(languages, "X1000.407")
    made = cli(capsys, "translate", rel(english), "es")
    assert made.status == 0, made.err
    translation = english.with_name("x1000.407.es.yaml")
    replace(translation, "summary: The test network is too slow.",
            "summary: La red de prueba es demasiado lenta.")
    run = cli(capsys, "check", "--content", ".")
    assert run.status == 0, run.err
    assert [line for line in run.lines if "checker check" not in line] == []  # fixture's own
    from checker.rules import CHECKS
    from generator.i18n import load_languages
    from generator.translate import translate
    from generator.validate import validate_dir

    content = validate_dir(languages, CHECKS).content
    spanish = translate(content, languages, load_languages(languages)).content["es"]
    (code,) = [c for c in spanish.codes if c.code == "X1000.407"]
    assert code.summary == "La red de prueba es demasiado lenta."


@pytest.mark.parametrize("name", ["Z2000.ES", "Q3000.ES"])  # beside its "English", or alone
def test_a_code_named_like_a_translation_is_one_located_problem(
        capsys: pytest.CaptureFixture[str], languages: Path, name: str) -> None:
    """'z2000.es.yaml' is both Spanish for z2000.yaml and the file of a code 'Z2000.ES'."""
    ambiguous = add_code(languages, name)
    stem = name.lower().removesuffix(".es")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        f"{rel(ambiguous)}:2:7: expected a translation, as the file name says "
        f"('{stem}.es.yaml' names the 'es' translation of {stem}.yaml), found a code file "
        f"(`code: {name}`); a code whose name ends in '.es' cannot have a file of its own: "
        f"list '{name}' under `aliases` of the code it belongs to",
        "1 problem in the content; nothing was built."])


def test_a_code_named_like_a_translation_is_reported_with_the_other_problems(
        capsys: pytest.CaptureFixture[str], languages: Path, code: Path) -> None:
    """Not after them: it was found only once the English files had no problem left."""
    ambiguous = add_code(languages, "Z2000.ES")
    replace(code, "(https://example.com/update)", "(http://example.com/update)")
    run = cli(capsys, "check", "--content", ".")
    assert run.status == 1
    assert [line.split(": expected")[0] for line in run.lines[:-1]] == [
        f"{rel(code)}:{LINK_AT}", f"{rel(ambiguous)}:2:7"]
    assert run.lines[-1] == "2 problems in the content; nothing was built."


def test_translate_refuses_what_is_not_a_language(capsys: pytest.CaptureFixture[str],
                                                  languages: Path) -> None:
    english = add_code(languages, "X1000.407")
    run = cli(capsys, "translate", rel(english), "407")
    assert (run.status, run.lines) == (1, [
        "python -m generator translate: expected a language code such as 'es' or 'pt-BR' (a "
        "file name in content/i18n/ other than en.yaml), found '407'"])
    assert not list(english.parent.glob("*.407.407.yaml"))


# --- The words of each language --------------------------------------------------------
# content/i18n/<lang>.yaml holds the words of the site's own text (buttons, headings, the
# checker's sentences). They reach the same pages as content's prose, but were checked
# only for their placeholders: raw HTML in a translation went into every page.

HOSTILE_HTML = "<img src=x onerror=alert(1)>"


def where(path: Path, needle: str) -> str:
    """Return ``line:col`` (from 1) of the first ``needle`` in ``path``."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} not in {path}")


RAW_HTML = ("raw HTML ('{}'); write it as words; only *emphasis*, `code` and "
            "[links](https://...) are allowed")


@pytest.mark.parametrize(("old", "new", "at", "found"), [
    ("Consulta [todos", f"Consulta {HOSTILE_HTML} [todos", "<img",       # a message
     RAW_HTML.format(HOSTILE_HTML)),
    ("name: Español", f"name: Español {HOSTILE_HTML}", "<img",          # the language's name
     RAW_HTML.format(HOSTILE_HTML)),
    ("Página no encontrada", "Página <!-- no encontrada", "<!--",       # hides the page
     "an HTML comment or declaration ('<!-- no enco'); write it as words"),
    ("Página no encontrada", "Página {: onclick=alert(1) }", "{:",      # an attribute list
     "a brace that is not a {name} placeholder ('{: onclick=a'); copy the placeholders "
     "from the English, and write other braces as words"),
])
def test_markup_in_a_language_s_words_is_refused(
        capsys: pytest.CaptureFixture[str], languages: Path, old: str, new: str, at: str,
        found: str) -> None:
    spanish = languages / "i18n" / "es.yaml"
    replace(spanish, old, new)
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        f"i18n/es.yaml:{where(spanish, at)}: expected plain text, found {found}",
        "1 problem in the content; nothing was built."])


def test_a_language_s_link_may_lead_only_to_the_english_placeholder(
        capsys: pytest.CaptureFixture[str], languages: Path) -> None:
    spanish = languages / "i18n" / "es.yaml"
    replace(spanish, "de error]({url})", "de error](javascript:alert(1))")
    run = cli(capsys, "check", "--content", ".")
    assert (run.status, run.lines) == (1, [
        f"i18n/es.yaml:{where(spanish, 'javascript:')}: expected a link to an https:// "
        "address, found 'javascript:alert(1'; use the page's full https:// address",
        "1 problem in the content; nothing was built."])


QUOTE_BREAKER = '" autofocus onfocus="alert(1)'


def test_the_theme_escapes_a_language_s_words_in_an_attribute() -> None:
    """A translation holding a quote stays inside the attribute the theme prints it in."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "overrides"))
    shown = env.get_template("partials/progress.html").render(_=lambda text: QUOTE_BREAKER)
    assert 'aria-label="&#34; autofocus onfocus=&#34;alert(1)"' in shown


def test_the_theme_prints_every_plain_translated_text_escaped() -> None:
    """Each ``_("...")`` of the overrides without placeholders is piped through ``e``."""
    unescaped = [f"{path.relative_to(REPO)}: {match.group()}"
                 for path in sorted((REPO / "overrides").rglob("*.html"))
                 for match in re.finditer(r"""_\((["'])[^"']*\1\)(?! *\| *e\b)""",
                                          path.read_text("utf-8"))]
    assert unescaped == []


def test_a_language_may_repeat_the_english_markup_and_nothing_else(
        capsys: pytest.CaptureFixture[str], languages: Path) -> None:
    """The footer's licence link is HTML in English: its tags may be repeated as written."""
    spanish = languages / "i18n" / "es.yaml"
    replace(spanish, 'rel=\\"license\\">CC BY', 'rel=\\"license\\" onclick=\\"x()\\">CC BY')
    run = cli(capsys, "check", "--content", ".")
    assert run.status == 1
    number = int(where(spanish, "onclick").split(":")[0])
    line = spanish.read_text("utf-8").splitlines()[number - 1]
    assert run.lines[0].startswith(f"i18n/es.yaml:{number}:{line.rindex('<a href') + 1}: "
                                   "expected plain text, found raw HTML ")
    assert run.lines[1:] == ["1 problem in the content; nothing was built."]


# --- What `make new` refuses before writing ---------------------------------------------
# `generator new` wrote a skeleton for any code the schema's pattern allowed; `check`
# refused INDEX or http:evil only once the contributor had filled the whole file in.

@pytest.mark.parametrize(("name", "reason"), [
    ("INDEX", "expected a code the site does not use for its own pages, found 'INDEX', the "
     "address of the list of netflix's codes"),
    ("http:evil", "expected a code a browser cannot read as a web address, found "
     "'http:evil', which starts with a scheme ('http:') as 'https:' does"),
    ("X1000-1.ES", "expected a code whose file name does not end like a translation's, "
     "found 'X1000-1.ES', whose file x1000-1.es.yaml would name the 'es' translation of "
     "x1000-1.yaml; add 'X1000-1.ES' to the `aliases` of the code it belongs to"),
])
def test_new_refuses_a_reserved_code_before_writing(
        capsys: pytest.CaptureFixture[str], languages: Path, name: str, reason: str) -> None:
    before = sorted(languages.rglob("*"))
    run = cli(capsys, "new", "--content", ".", "--service", "netflix", name)
    assert (run.status, run.lines) == (1, [
        f"python -m generator new: {reason}; nothing was written"])
    assert sorted(languages.rglob("*")) == before


def test_new_cause_refuses_index_before_writing(
        capsys: pytest.CaptureFixture[str], languages: Path) -> None:
    run = cli(capsys, "new-cause", "--content", ".", "index")
    assert (run.status, run.lines) == (1, [
        "python -m generator new-cause: expected a cause id the site does not use for its "
        "own pages, found 'index', the address of the list of causes; nothing was written"])
    assert not (languages / "causes" / "index.yaml").exists()


def test_new_still_writes_a_dotted_code(capsys: pytest.CaptureFixture[str],
                                        languages: Path) -> None:
    run = cli(capsys, "new", "--content", ".", "--service", "netflix", "NQM.407")
    assert run.status == 0, run.err
    assert (languages / "codes" / "netflix" / "nqm.407.yaml").is_file()
