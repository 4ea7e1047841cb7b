"""Every code page leads with one short path, measured in a browser (issue 12, item 1).

A reader in a hurry gets, above everything else: what the code means, the service's
message, and the steps for their own platform (the tab the page pre-selects). What they
see before they expand anything stays short, on a desktop screen and on a phone; the rest
(how to fix each cause, the less likely causes, questions, prevention) is one click away.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.reader.conftest import ANDROID_CHROME, OpenReader

WORD_BUDGET = 900
"""Words a reader sees on a code page before expanding anything, at either size."""
MAX_STEPS = 7
"""Steps in the short path: "at most about six" (one fix of a cause is seven)."""

WINDOWS_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
                  "like Gecko) Chrome/131.0.0.0 Safari/537.36")
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}, "user_agent": WINDOWS_CHROME},
    "phone": {"viewport": {"width": 390, "height": 844}, "user_agent": ANDROID_CHROME,
              "is_mobile": True, "has_touch": True},
}
READER = {"desktop": ("Chrome", "Windows"), "phone": ("Android", "Chrome")}
"""The tab labels of each size's reader (site.mjs ``platformLabels``): a short path in tabs
must show one of them when it has one. A fix for computers only (an installer, a monitor)
has no tab for a phone: any of its tabs may show there."""

_VISIBLE_WORDS = r"""() => {
  // Words in the page's article that are rendered: not in a closed <details>, not in a
  // tab that is not selected, not hidden. Each text node counts once, by its parent.
  const root = document.querySelector("article.md-content__inner");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const word = /[\p{L}\p{N}]+(?:['\u2019.\-\/:][\p{L}\p{N}]+)*/gu;
  let words = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.getClientRects().length === 0) continue;
    if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    words += (node.textContent.match(word) ?? []).length;
  }
  return words;
}"""

_PATH = r"""() => {
  // The short path: what follows the "What to do" heading up to the next h2.
  const heading = document.getElementById("what-to-do");
  if (!heading) return null;
  const shown = (el) => el.getClientRects().length > 0 && el.checkVisibility();
  let list = null;
  let tab = null;
  let tabs = [];
  for (let el = heading.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) {
    const lists = [...(el.matches("ol") ? [el] : el.querySelectorAll("ol"))].filter(shown);
    if (!list && lists.length) {
      list = lists[0];
      const set = list.closest(".tabbed-set");
      const input = set && [...set.querySelectorAll(":scope > input")].find((i) => i.checked);
      tab = input ? set.querySelector(`label[for="${input.id}"]`).textContent.trim() : null;
      tabs = set ? [...set.querySelectorAll(":scope > .tabbed-labels > label")]
        .map((label) => label.textContent.trim()) : [];
    }
  }
  if (!list) return { top: null, steps: 0, tab: null, tabs, scrollY: window.scrollY };
  const first = list.querySelector(":scope > li");
  return {
    top: first.getBoundingClientRect().top,
    steps: list.querySelectorAll(":scope > li").length,
    tab,
    tabs,
    scrollY: window.scrollY,
  };
}"""


def code_pages(site_dir: Path) -> list[str]:
    """The URL path of every code page of the built site (they hold the checker block)."""
    pages = sorted(
        "/" + path.parent.relative_to(site_dir).as_posix() + "/"
        for path in site_dir.rglob("index.html")
        if re.search(r"data-kb-checker data-code=", path.read_text("utf-8"))
    )
    assert len(pages) >= 8, pages
    assert any(page.startswith("/es/") for page in pages), "Spanish code pages are measured too"
    return pages


def measure(page: Page, path: str) -> dict[str, Any]:
    """Load ``path`` and return its visible words and where its short path starts."""
    page.goto(path)
    # site.mjs pre-selects the reader's tab when Material's document$ emits.
    expect(page.locator(".tabbed-set:not([data-kb-preselected])")).to_have_count(0)
    result: dict[str, Any] = {"words": page.evaluate(_VISIBLE_WORDS)}
    result["path"] = page.evaluate(_PATH)
    return result


@pytest.mark.parametrize("size", SIZES)
def test_every_code_page_leads_with_a_short_path(open_reader: OpenReader, site_dir: Path,
                                                 size: str) -> None:
    options = SIZES[size]
    page = open_reader(**options).new_page()
    height = options["viewport"]["height"]  # type: ignore[index]
    found = {path: measure(page, path) for path in code_pages(site_dir)}
    report = "\n".join(f"  {path}: {m['words']} words, path {m['path']}"
                       for path, m in found.items())
    problems = []
    for path, m in found.items():
        if m["words"] > WORD_BUDGET:
            problems.append(f"{path}: {m['words']} visible words (budget {WORD_BUDGET})")
        steps = m["path"]
        if steps is None or steps["top"] is None:
            problems.append(f"{path}: no short path ('What to do' with steps)")
            continue
        if steps["steps"] > MAX_STEPS:
            problems.append(f"{path}: {steps['steps']} steps in the short path (at most "
                            f"{MAX_STEPS})")
        own = [label for label in READER[size] if label in steps["tabs"]]
        if own and steps["tab"] != own[0]:
            problems.append(f"{path}: the short path shows the {steps['tab']} tab to a "
                            f"reader on {' and '.join(READER[size])} (it has {own[0]})")
        if size == "desktop" and not (steps["scrollY"] == 0 and 0 < steps["top"] < height):
            problems.append(f"{path}: the steps start at {steps['top']:.0f} px, below the "
                            f"first screen ({height} px)")
    print(f"measured ({size}):\n{report}")
    assert not problems, "\n".join(problems) + f"\nmeasured ({size}):\n{report}"


CODE = "/netflix/nses-404/"
"""A code with one likely cause and nine unlikely ones."""


def test_less_likely_causes_share_one_collapsed_group(page: Page) -> None:
    page.goto(CODE)
    group = page.locator("details.kb-unlikely")
    expect(group).to_have_count(1)
    assert group.get_attribute("open") is None, "the group starts collapsed"
    inside = group.locator("h3").evaluate_all("hs => hs.map((h) => h.id)")
    assert "broken-link" not in inside
    assert len(inside) == 9, inside
    # Its summary names every cause in it, so a reader can tell whether to open it.
    summary = group.locator("summary").inner_text()
    for title in group.locator("h3").all_text_contents():
        assert title.strip().rstrip("¶").strip() in summary
    # One shared note, not a disclaimer per cause.
    note = "These seldom cause NSES-404"
    assert page.locator("article").inner_text().count(note) == 0  # hidden until opened
    group.locator("summary").click()
    expect(group.get_by_text(note)).to_have_count(1)
    assert page.locator("article").inner_text().count("A third-party article lists") == 0


@pytest.mark.parametrize("how", ["direct", "toc", "toc-busy", "no-js"])
def test_a_link_to_a_less_likely_cause_opens_the_group(open_reader: OpenReader,
                                                       how: str) -> None:
    reader = open_reader(java_script_enabled=how != "no-js",
                         viewport={"width": 1280, "height": 800})
    page = reader.new_page()
    if how.startswith("toc"):
        page.goto(CODE)
        if how == "toc-busy":
            # A slow phone, or a busy one: Material handles the click late, after it has
            # saved a scroll position for the new address (site.mjs openBeforeFollowing).
            reader.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate",
                                                      {"rate": 8})
        page.locator(".md-sidebar--secondary").get_by_role("link", name="Firewall").click()
    else:
        page.goto(f"{CODE}#firewall")
    heading = page.locator("h3#firewall")
    expect(heading).to_be_visible()
    # In view and clear of the sticky header, once every scroll has settled.
    page.wait_for_function("""() => {
      const top = document.getElementById("firewall").getBoundingClientRect().top;
      const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
      return top >= header && top < innerHeight / 2;
    }""")
    assert page.locator("details.kb-unlikely").get_attribute("open") is not None


def test_collapsed_blocks_print_expanded(page: Page) -> None:
    page.goto(CODE)
    expect(page.locator("h3#firewall")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator("h3#firewall")).to_be_visible()
    # Every collapsed block: the less likely causes, each cause's fixes, questions.
    for block in page.locator("article details").all():
        content = block.locator(":scope > :not(summary)").first
        expect(content).to_be_visible()
