"""On a phone (390 px wide, in Chromium): no page is wider than the screen, and a box that scrolls sideways
says so, in words the reader sees, tied to the box with aria-describedby (the who-met-whom graph); the rest
fits. Every page of the bundled briefing, each kind of page among them (test_quality.page_kinds)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import SITE, make_briefing, run_build
from test_quality import page_kinds

PHONE = {"width": 390, "height": 844}

# Every element that scrolls sideways: its tag and class, its widths, and what its description says if the
# reader can see it ('' when it has none or it is hidden).
SCROLLERS = """() => [...document.querySelectorAll('body *')].filter(e => {
    const s = getComputedStyle(e);
    return e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(s.overflowX) && e.getClientRects().length;
  }).map(e => {
    const said = (e.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(d => d && d.getClientRects().length && d.checkVisibility())
      .map(d => d.textContent.trim()).join(' ');
    return [e.tagName.toLowerCase() + '.' + [...e.classList].join('.'), e.scrollWidth, e.clientWidth, said];
  })"""


@pytest.fixture(scope="module")
def site(bundled: tuple[Path, float, str]) -> Path:
    return bundled[0]


@pytest.fixture(scope="module")
def on_a_phone(browser: Any, site: Path) -> dict[str, tuple[int, list[list[Any]]]]:
    """Every page at 390 px: its width, and its boxes that scroll sideways."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    seen = {}
    try:
        page = context.new_page()
        for p in sorted(site.rglob("*.html")):
            page.goto(p.as_uri())
            seen[p.relative_to(site).as_posix()] = (page.evaluate("document.documentElement.scrollWidth"),
                                                    page.evaluate(SCROLLERS))
    finally:
        context.close()
    return seen


def test_every_kind_of_page_is_checked(on_a_phone: dict[str, tuple[int, list[list[Any]]]], site: Path) -> None:
    kinds = page_kinds(site)
    assert {"home", "timeline", "people", "person", "event", "source", "quotes", "claims", "changes"} <= set(kinds)
    assert set(kinds.values()) <= set(on_a_phone)


def test_no_page_is_wider_than_a_phone(on_a_phone: dict[str, tuple[int, list[list[Any]]]]) -> None:
    wide = {page: width for page, (width, _) in on_a_phone.items() if width > PHONE["width"]}
    assert wide == {}


def test_a_box_that_scrolls_sideways_says_so(on_a_phone: dict[str, tuple[int, list[list[Any]]]]) -> None:
    unsaid = {page: [box for box in boxes if "scroll sideways" not in str(box[3]).lower()]
              for page, (_, boxes) in on_a_phone.items()}
    assert {page: boxes for page, boxes in unsaid.items() if boxes} == {}
    # the check sees what it looks for: the graph of who met whom is wider than a phone
    graph = [box for box in on_a_phone["people/index.html"][1] if "graph-scroll" in box[0]]
    assert graph and graph[0][1] > PHONE["width"], on_a_phone["people/index.html"]


def test_the_timeline_charts_are_left_to_wide_screens(browser: Any, site: Path) -> None:
    """The charts would be too small to read on a phone: there, the list below is the timeline."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto((site / "timeline" / "index.html").as_uri())
        assert page.locator("svg.tl-svg").count() >= 1
        assert not page.locator("svg.tl-svg").first.is_visible()
        assert page.locator("#main .tl-item").first.is_visible()
    finally:
        context.close()


def test_the_scroll_hint_is_shown_only_where_the_graph_scrolls(browser: Any, site: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto((site / "people" / "index.html").as_uri())
        assert page.evaluate(SCROLLERS) == []
        assert not page.locator(".scroll-hint").first.is_visible()
    finally:
        context.close()


def test_a_long_address_breaks_rather_than_the_page(browser: Any, tmp_path: Path) -> None:
    """An article's original address, and its archived copy's, as long as a news site's: the page stays a phone wide."""
    from conftest import ARTICLES, make_briefing, run_build
    long = "https://news.bbc.co.uk/1/hi/technology/4378711.stm?from=rss&section=world-asia-pacific-2025"
    root = make_briefing(tmp_path, articles=ARTICLES.replace(
        "https://example.com/afp-report", long).replace("  author: Jane Roe\n", f"  author: Jane Roe\n  url: {long}\n"
                                                                         f"  archived_url: {long}&copy=1\n"))
    assert run_build(root, "--out", "site")[0] == 0
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for article in ("afp-report", "radio-report"):
            page.goto((root / "site" / "sources" / article / "index.html").as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], article
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_the_header_is_read_in_the_order_it_is_seen(browser: Any, site: Path, width: int) -> None:
    """Tab goes search box, its button, then the theme toggle, and none of them sits above or left of the one
    before it in the same row: the toggle was read after the search but shown above it on a phone."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        boxes = [page.locator(sel).bounding_box() for sel in ("#site-q", ".site-search button", ".theme-toggle")]
        assert all(boxes)
        for before, after in zip(boxes, boxes[1:]):
            assert after["y"] >= before["y"] - 2 and (after["y"] > before["y"] + before["height"] - 2
                                                    or after["x"] >= before["x"] + before["width"]), (before, after)
    finally:
        context.close()


def test_a_long_title_keeps_the_search_and_the_theme_button_together_at_the_right(browser: Any,
                                                                                  tmp_path: Path) -> None:
    """Tried on a briefing titled "BBC News 2004–2005: a 2000-article briefing": at 1280 px the "Dark theme" button
    dropped alone onto a line of its own at the left, under the title; the two controls wrap as one, at the right."""
    root = make_briefing(tmp_path, site=SITE.replace("title: Test Briefing",
                                                     "title: \"BBC News 2004–2005: a 2000-article briefing here\""))
    assert run_build(root, "--out", "site")[0] == 0
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto((root / "site" / "index.html").as_uri())
        search, toggle = (page.locator(s).bounding_box() for s in (".site-search button", ".theme-toggle"))
        right = page.evaluate("(e => e.getBoundingClientRect().right - parseFloat(getComputedStyle(e).paddingRight))"
                              "(document.querySelector('.masthead-inner'))")
        assert search and toggle
        assert abs(toggle["y"] - search["y"]) <= 2, (search, toggle)  # one row
        assert abs(toggle["x"] + toggle["width"] - right) <= 2, (toggle, right)  # at the right
    finally:
        context.close()


def test_a_long_word_or_address_in_an_editors_text_or_an_article_breaks_rather_than_the_page(browser: Any,
                                                                                           tmp_path: Path) -> None:
    """Tried with extreme content: a German compound in an article, an address with a long query in an event's
    summary, widened pages to 711-823 px on a phone."""
    from conftest import ALPHA, EVENTS, make_briefing, run_build
    word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"
    address = "https://example.org/" + "segment-" * 8 + "?utm_source=briefing&ref=abcdefghijklmnopqrstuvwxyz0123456789"
    root = make_briefing(tmp_path, alpha=ALPHA.replace("for two hours on Thursday.", f"over the {word}."),
                         events=EVENTS.replace("The parade.", f"The parade; see <{address}> and the {word}."))
    assert run_build(root, "--out", "site")[0] == 0
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for path in ("sources/afp-report/", "events/victory-parade/", "timeline/", "themes/china-ties/"):
            page.goto((root / "site" / path / "index.html").as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    finally:
        context.close()
