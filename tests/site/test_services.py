"""Two services with the same code build side by side, each page naming only its own.

The fixture content's Netflix gets a code "1003", and a second, made-up service (Fakeflix)
gets a "1003" of its own: both pages exist at /<service>/1003/, /codes/1003/ asks which
service, the lookup index knows both, and no page of one names the other.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.codeindex import read_index
from generator.graph import resolve
from tests.conftest import FIXTURE_CONTENT, build

FAKEFLIX = """\
id: fakeflix
name: Fakeflix
lookup_names: [ff]
help_url: https://help.fakeflix.example/
code_patterns:
  - pattern: '^[0-9]{2,4}$'
    example: '1003'
words:
  account: your Fakeflix account
  app: the Fakeflix app
  their_side: Fakeflix's side, not yours
fixes:
  - cause: slow-network
    id: fakeflix-speed-test
    title: Run the Fakeflix speed test
    platforms: [any]
    steps:
      - Open the speed test in the Fakeflix app.
"""

CODE = """\
code: '1003'
service: {service}
summary: {name} cannot reach its servers.
on_screen: {name} cannot connect right now.
where: account
evidence: primary
evidence_note: The help page says so.
sources:
  - url: https://help.{service}.example/1003
    publisher: {name}
    kind: service-screen
    title: A capture of the error screen
    quote: "Error 1003. {name} cannot connect right now."
    checked: 2026-11-01
first_steps:
  - Restart the app.
causes:
  - cause: slow-network
    likelihood: high
    note: The network is the usual reason.
    extra_steps:
      - Sign in to {name} again.
faq: []
prevention: []
"""


class _Text(HTMLParser):
    """The text a reader sees (and the title and description a search engine shows)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            self.parts.append(values.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def text_of(page: Path) -> str:
    parser = _Text()
    parser.feed(page.read_text("utf-8"))
    return " ".join(parser.parts)


@pytest.fixture(scope="module")
def two_services(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two-services")
    content = root / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    (content / "services" / "fakeflix.yaml").write_text(FAKEFLIX, "utf-8")
    (content / "codes" / "fakeflix").mkdir()
    for service, name in (("netflix", "Netflix"), ("fakeflix", "Fakeflix")):
        (content / "codes" / service / "1003.yaml").write_text(
            CODE.format(service=service, name=name), "utf-8")
    # Netflix's fixture pattern has no bare numbers: widen it for this test.
    netflix = content / "services" / "netflix.yaml"
    netflix.write_text(netflix.read_text("utf-8").replace(
        "  - pattern: '^[A-Z][0-9]{4}(-[0-9]+)?$'",
        "  - pattern: '^[0-9]{4}$'\n    example: '1003'\n"
        "  - pattern: '^[A-Z][0-9]{4}(-[0-9]+)?$'"), "utf-8")
    site = root / "site"
    result = build(site, content=content, checker=False)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize(("own", "other"), [("Netflix", "Fakeflix"), ("Fakeflix", "Netflix")])
def test_each_service_page_names_its_service_and_never_the_other(
        two_services: Path, own: str, other: str) -> None:
    folder = two_services / own.lower()
    pages = sorted(folder.rglob("index.html"))
    assert folder / "1003" / "index.html" in pages and folder / "index.html" in pages
    for page in pages:
        if "http-equiv=\"refresh\"" in page.read_text("utf-8"):
            continue  # an alias redirect, no words of its own
        text = text_of(page)
        assert own in text, page
        assert other not in text and other.lower() not in text, page


def test_the_code_page_says_its_service_words(two_services: Path) -> None:
    text = text_of(two_services / "fakeflix" / "1003" / "index.html")
    assert "Fakeflix error 1003" in text
    assert "your Fakeflix account" in text  # where: account, in the service's words
    assert "What Fakeflix shows" in text
    assert "Run the Fakeflix speed test" in text  # the service's fix on a shared cause
    assert "Sign in to Fakeflix again." in text  # the code's own extra step
    netflix = text_of(two_services / "netflix" / "1003" / "index.html")
    assert "Run the Fakeflix speed test" not in netflix


def test_lookup_address_asks_which_service(two_services: Path) -> None:
    page = (two_services / "codes" / "1003" / "index.html").read_text("utf-8")
    assert "http-equiv=\"refresh\"" not in page
    assert re.search(r'href="\.\./\.\./netflix/1003/"', page)
    assert re.search(r'href="\.\./\.\./fakeflix/1003/"', page)
    assert "Which service shows 1003?" in page
    # A code only one service has stays a plain redirect to that service's page.
    stub = (two_services / "codes" / "x1000-1" / "index.html").read_text("utf-8")
    assert 'content="0; url=../../netflix/x1000-1/"' in stub


def test_cause_page_lists_codes_of_every_service(two_services: Path) -> None:
    page = (two_services / "causes" / "slow-network" / "index.html").read_text("utf-8")
    for href in ("../../netflix/1003/#slow-network", "../../fakeflix/1003/#slow-network",
                 "../../netflix/z2000/#slow-network"):
        assert f'href="{href}"' in page, href


def test_codes_index_groups_by_service(two_services: Path) -> None:
    text = text_of(two_services / "codes" / "index.html")
    assert text.index("Fakeflix") < text.index("Netflix")  # services in id order


def test_lookup_index_knows_the_service(two_services: Path) -> None:
    raw = (two_services / "assets" / "kb" / "codes.json").read_text("utf-8")
    assert "\n" not in raw  # compact: every reader who looks a code up downloads it
    index = read_index(two_services / "assets" / "kb")  # the root and its shards
    assert sorted(resolve(index, "1003")) == ["fakeflix/1003", "netflix/1003"]
    assert resolve(index, "fakeflix 1003") == ["fakeflix/1003"]
    assert resolve(index, "ff 1003") == ["fakeflix/1003"]
    assert resolve(index, "Netflix x1000") == ["netflix/x1000-1"]
    assert resolve(index, "netflix-1003") == ["netflix/1003"]
