"""Printing a code page (overrides/assets/kb/print.css): every tab, nothing screen-only."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.reader.conftest import OpenReader

CODE = "/netflix/m7702-1003/"

_LAYOUT = """() => [...document.querySelectorAll(".tabbed-set")].map((set) => {
  const top = (el) => el.getBoundingClientRect().top;
  const shown = (el) => el.getClientRects().length > 0 && el.getBoundingClientRect().height > 0;
  const labels = [...set.querySelectorAll(":scope > .tabbed-labels > label")];
  const blocks = [...set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")];
  return labels.map((label, i) => ({
    label: label.textContent.trim(),
    labelShown: shown(label),
    blockShown: shown(blocks[i]),
    labelTop: top(label),
    blockTop: top(blocks[i]),
  }));
})"""

SCREEN_ONLY = (
    ".md-header",
    ".md-search",
    ".md-sidebar--primary",
    ".md-content__button",
    "[data-kb-checker-run]",
    ".kb-checker__intro",
)


def layout(page: Page) -> list[list[dict[str, object]]]:
    result: list[list[dict[str, object]]] = page.evaluate(_LAYOUT)
    return result


def test_print_shows_every_tab_under_its_label(page: Page) -> None:
    page.goto(CODE)
    page.locator("[data-kb-checker-run]").wait_for()  # the checker is bound: all JS ran
    on_screen = [tab for tabs in layout(page) for tab in tabs]
    assert any(not tab["blockShown"] for tab in on_screen), "expected hidden tabs on screen"

    page.emulate_media(media="print")
    sets = layout(page)
    assert sum(len(tabs) for tabs in sets) == len(on_screen) > 10
    for tabs in sets:
        previous_block = float("-inf")
        for tab in tabs:
            assert tab["labelShown"] and tab["blockShown"], tab
            label_top, block_top = tab["labelTop"], tab["blockTop"]
            assert isinstance(label_top, float | int) and isinstance(block_top, float | int)
            assert previous_block < label_top < block_top, f"{tab['label']} out of order"
            previous_block = block_top
    for selector in SCREEN_ONLY:
        assert not page.locator(selector).first.is_visible(), f"{selector} printed"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_is_dark_on_white_in_either_scheme(open_reader: OpenReader, scheme: str) -> None:
    page = open_reader(color_scheme=scheme).new_page()
    page.goto(CODE)
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    page.emulate_media(media="print")
    colours = page.evaluate("""() => {
      const style = (selector) => getComputedStyle(document.querySelector(selector));
      return {
        text: style(".md-typeset p").color,
        label: style(".tabbed-labels > label").color,
        background: style("body").backgroundColor,
      };
    }""")
    assert colours["background"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), colours
    for key in ("text", "label"):
        channels = [float(c) for c in colours[key].split("(")[1].rstrip(")").split(",")[:3]]
        assert max(channels) < 80, f"{key} colour {colours[key]} is too light for paper"
