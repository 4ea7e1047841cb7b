"""Every URL of the first site (one service, pages at /codes/<code>/) still resolves.

``tests/fixtures/urls-v1.txt`` lists every page and redirect URL a build of the site had
before codes moved to ``/<service>/<code>/``, collected from that build's ``site/``. Each
must now be a page, or a redirect stub whose target is a page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import REPO

V1 = (REPO / "tests" / "fixtures" / "urls-v1.txt").read_text("utf-8").split()
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def resolve(site_dir: Path, url: str, hops: int = 3) -> str | None:
    """Return the URL of the page ``url`` ends on (redirects followed), or None."""
    for _ in range(hops):
        page = site_dir / url.lstrip("/") / "index.html"
        if not page.is_file():
            return None
        found = _REFRESH.search(page.read_text("utf-8"))
        if found is None:
            return url
        url = urljoin(url, found.group(1))
    return None


@pytest.mark.parametrize("url", V1)
def test_every_first_site_url_still_resolves(site_dir: Path, url: str) -> None:
    assert resolve(site_dir, url) is not None, f"{url} no longer resolves"


def test_old_code_urls_lead_to_the_service_page(site_dir: Path) -> None:
    assert resolve(site_dir, "/codes/m7702-1003/") == "/netflix/m7702-1003/"
    assert resolve(site_dir, "/codes/o7702-1003/") == "/netflix/m7702-1003/"
    assert resolve(site_dir, "/codes/m7111-1331-5059/") == "/netflix/m7111-5059/"
    assert resolve(site_dir, "/netflix/m7702/") == "/netflix/m7702-1003/"
