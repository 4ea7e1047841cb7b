"""The guards every reader test relies on do see what they are meant to catch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error

from tests.reader.conftest import OpenReader


def test_csp_violations_and_requests_to_other_origins_are_recorded(
        open_reader: OpenReader) -> None:
    reader = open_reader()
    page = reader.new_page()
    page.goto("/about/")
    with pytest.raises(Error, match="Content Security Policy"):
        page.add_script_tag(content="window.kbInline = true")  # an inline script
    page.wait_for_function("() => true")  # a round trip delivers the listener's report
    listener = [text for text in reader.csp if text.startswith("script-src")]
    console = [text for text in reader.csp if "Content Security Policy" in text]
    assert listener and console, reader.csp
    with pytest.raises(Error):
        page.goto("https://example.invalid/")  # navigation: not a CSP matter, so routed
    assert reader.outside == ["https://example.invalid/"]
    reader.csp.clear()  # seen: do not fail the test at teardown
    reader.outside.clear()
