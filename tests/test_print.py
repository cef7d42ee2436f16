"""Printed like a professional handout, in Chromium (what "Save as PDF" does), read back with pypdf.

The bundled briefing, built as it is published (with a base URL): a person's page on at most two A4
sheets headed by the briefing's title and date, its events with their summaries, its mentions cut short
with the address of the whole list, numbered lists whose numbers stay on the paper, endnotes with absolute
addresses; every sheet's foot with its number and the page's address; the home page on one sheet.
"""
from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from briefing.printing import QUOTES, SUMMARISED
from conftest import EVENTS, PROJECT, SITE, make_briefing, run_build

BASE_URL = "https://briefings.example.org/kim-beijing/"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled briefing built as it is published, with a base URL."""
    out = tmp_path_factory.mktemp("print") / "site"
    code, _, err = run_build(PROJECT, "--out", str(out), "--base-url", BASE_URL, "-q")
    assert code == 0, err
    return out


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    """Text as compared: ligatures undone (pypdf gives "ﬁ") and no white space, which pypdf's reading in
    layout order adds and drops here and there (an address broken across lines, a gap inside a word)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def printed(browser: Any, url: str, script: str = "") -> Any:
    """The page printed on A4, as pypdf reads it; `script` runs first."""
    try:
        from pypdf import PdfReader
    except ImportError:
        pytest.fail("reading the printed pages needs pypdf (pip install pypdf; it is in the test extras)")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        if script:
            page.evaluate(script)
        data = page.pdf(format="A4")
    finally:
        context.close()
    return PdfReader(io.BytesIO(data))


def sheets(pdf: Any) -> list[str]:
    """Each sheet's text in reading order, top to bottom (the foot's margin boxes last)."""
    return [words(p.extract_text(extraction_mode="layout") or "") for p in pdf.pages]


def heading(site: Path) -> str:
    """The briefing's title and date, as the home page gives them: 'TITLE Briefing as of DATE'."""
    home = soup(site, "index.html")
    return words(home.select_one("h1").get_text() + home.select_one(".masthead .as-of").get_text())


def most_mentioned(site: Path) -> str:
    counts = {p.parent.name: len(soup(site, p.relative_to(site).as_posix()).select("ol.mentions > li"))
              for p in (site / "people").glob("*/index.html")}
    return max(sorted(counts), key=lambda ident: counts[ident])


@pytest.fixture(scope="module")
def person(browser: Any, published: Path) -> tuple[str, BeautifulSoup, list[str]]:
    """The most-mentioned person: id, page, printed sheets."""
    ident = most_mentioned(published)
    rel = f"people/{ident}/index.html"
    return ident, soup(published, rel), sheets(printed(browser, (published / rel).as_uri()))


def test_the_most_mentioned_person_prints_on_two_sheets_at_most_headed_by_the_briefing(
        person: tuple[str, BeautifulSoup, list[str]], published: Path) -> None:
    _, page, text = person
    assert len(page.select("ol.mentions > li")) > 10  # a long page on screen
    assert 1 <= len(text) <= 2, len(text)
    assert text[0].startswith(heading(published)), text[0][:200]
    assert text[0].count("Briefingasof") == 1 and "Briefingasof" not in "".join(text[1:])


def test_every_sheet_ends_with_its_number_and_the_page_address(
        person: tuple[str, BeautifulSoup, list[str]]) -> None:
    ident, _, text = person
    address = f"{BASE_URL}people/{ident}/"
    for n, sheet in enumerate(text, 1):
        assert f"Page{n}of{len(text)}" in sheet[-200:], sheet[-200:]
        assert address in sheet[-200:], sheet[-200:]


def test_printed_events_give_their_date_and_summary(person: tuple[str, BeautifulSoup, list[str]]) -> None:
    _, page, text = person
    whole = "".join(text)
    events = page.select("#main section[aria-labelledby=events] article.event-item")
    assert len(events) > SUMMARISED  # the most-mentioned person: some events a line each
    for n, e in enumerate(events):
        assert words(e.select_one(".event-date .date").get_text()) in whole
        assert words(e.select_one(".event-title").get_text()) in whole
        summary = e.select_one(".event-summary")  # the latest few (listed first) in full, the earlier by date and title
        assert (summary is not None) == (n < SUMMARISED)
        if summary is not None:
            assert words(summary.get_text())[:80] in whole, words(summary.get_text())[:80]


def test_printed_mentions_stop_after_a_few_with_the_address_of_the_whole_list(
        person: tuple[str, BeautifulSoup, list[str]]) -> None:
    ident, page, text = person
    whole = "".join(text)
    mentions = page.select("ol.mentions > li")
    shown = [li for li in mentions if "no-print" not in (li.get("class") or [])]
    assert 1 <= len(shown) <= 5
    assert words(f"And {len(mentions) - len(shown)} more mentions: {BASE_URL}people/{ident}/#mentions") in whole
    for li in shown:
        assert words(li.select_one("p").get_text())[:60] in whole
    hidden = words(mentions[-1].select_one("p").get_text())[:60]
    assert hidden not in whole or any(hidden in words(li.get_text()) for li in shown)


def test_endnotes_give_the_outlet_and_absolute_addresses(person: tuple[str, BeautifulSoup, list[str]]) -> None:
    _, page, text = person
    whole = "".join(text)
    notes = page.select("section.notes ol > li")
    assert notes
    for li in notes:
        assert str(li.select_one("a").get_text()).startswith(BASE_URL + "sources/")
        assert words(li.get_text()) in whole, li.get_text()
    outlets = [li.get_text().split(". ")[1] for li in notes]  # "TITLE. OUTLET, DATE. ..."
    assert any(o.startswith("AFP, ") for o in outlets), outlets


def test_numbered_lists_keep_their_numbers_on_the_paper_from_10_to_past_100(browser: Any, published: Path) -> None:
    ident = most_mentioned(published)
    url = (published / f"people/{ident}/index.html").as_uri()
    # the page's lists numbered on from 9 (mentions), and from 100 in steps of 900 (the sources cited)
    pdf = printed(browser, url,
                  "document.querySelectorAll('ol.mentions > li').forEach((li, i) => li.value = 9 + i);"
                  "document.querySelectorAll('.notes ol > li').forEach((li, i) => li.value = 100 + 900 * i)")
    numbers: list[tuple[str, float]] = []
    left = 1e9
    for sheet in pdf.pages:
        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
            nonlocal left
            if not text.strip():
                return
            x = cm[4] + tm[4] * cm[0]
            left = min(left, x)
            if re.fullmatch(r"\d+\.?", text.strip()):
                numbers.append((text.strip().rstrip("."), x))
        sheet.extract_text(visitor_text=visit)
    printed_numbers = {n for n, _ in numbers}
    assert {"9", "10", "11", "100", "1000"} <= printed_numbers, sorted(printed_numbers)
    margin = 14 / 25.4 * 72  # the sheet's left margin, 14 mm, in points
    assert left >= margin - 1
    assert all(x >= margin - 1 for _, x in numbers), numbers


def test_the_home_page_prints_as_a_one_sheet_summary(browser: Any, published: Path) -> None:
    text = sheets(printed(browser, (published / "index.html").as_uri()))
    assert len(text) == 1, [t[:100] for t in text]
    sheet = text[0]
    home = soup(published, "index.html")
    title, date = words(home.select_one("h1").get_text()), words(home.select_one(".masthead .as-of").get_text())
    assert sheet.startswith(title) and date in sheet[:300]
    for wanted in ("Key judgments", "Latest events", "Next to watch", "Sources", "Page 1 of 1", BASE_URL):
        assert words(wanted) in sheet, wanted
    latest = [words(a.get_text()) for a in home.select("#latest ~ .event-item .event-title a")]
    assert all(title in sheet for title in latest[:4])  # the four latest events, on the one sheet too
    for judgment in home.select(".key-judgments ol > li"):
        assert words(judgment.get_text())[:60] in sheet
    for source in home.select("#glance-sources + ul a"):
        assert words(source.get_text()) in sheet
    for left_off in ("The full timeline", "Built from", "See what changed"):
        assert words(left_off) not in sheet, left_off
    for theme in home.select("#glance-themes + ul li"):  # a theme with its count of events
        assert words(theme.get_text()) not in sheet


def test_without_a_base_url_a_sheet_gives_the_page_path_in_the_briefing(browser: Any,
                                                                        bundled: tuple[Path, float, str]) -> None:
    site = bundled[0]
    ident = most_mentioned(site)
    text = sheets(printed(browser, (site / f"people/{ident}/index.html").as_uri()))
    assert f"people/{ident}/Page1of" in text[0][-200:]
    assert "../" not in "".join(text)


def test_an_address_cannot_end_the_printed_rule_it_is_written_in() -> None:
    from briefing import printing

    rule = str(printing.page_style('https://example.org/a"b\\c</style><script>/'))
    assert rule.startswith('@page { @bottom-left { content: "https://example.org/a') and rule.endswith('/"; } }')
    assert '"b' not in rule and "<" not in rule and ">" not in rule
    assert str(printing.page_style("")) == ""


def test_on_paper_an_address_is_spelled_out_once_and_no_separator_is_left_alone(browser: Any,
                                                                                tmp_path: Path) -> None:
    """A link whose words are its address (a citation's, an article's original) gets no second copy of it after it;
    another external link does; a quote's hidden "Quote link" takes its separator with it."""
    from conftest import make_briefing
    root = make_briefing(tmp_path)
    assert run_build(root, "--out", "site", "-q")[0] == 0
    context = browser.new_context()
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        after = "s => s.map(a => getComputedStyle(a, '::after').content)"
        page.goto((root / "site" / "sources" / "afp-report" / "index.html").as_uri())
        assert set(page.eval_on_selector_all("main a.address, main a.cite-link", after)) == {"none"}
        page.goto((root / "site" / "events" / "victory-parade" / "index.html").as_uri())
        assert set(page.eval_on_selector_all("main a.cite-link", after)) == {"none"}
        originals = page.eval_on_selector_all("main a.original", after)
        assert originals and all(c.startswith('" <https://example.com/afp-report') for c in originals)
        sources = page.eval_on_selector_all("main .quote-source", "s => s.map(e => e.innerText.trim())")
        assert sources and not [s for s in sources if s.endswith("·")]
    finally:
        context.close()


def test_a_marked_passage_is_underlined_on_paper_within_its_own_line(browser: Any, published: Path) -> None:
    """A border under a claim's statement, broken across lines, ran through the top of the next line on paper:
    marks are underlined, which stays in the line's own box."""
    article = next(p for p in sorted((published / "sources").glob("*/index.html")) if "hl-claim" in p.read_text("utf-8"))
    page = browser.new_page()
    page.goto(article.as_uri())
    page.emulate_media(media="print")
    styles = page.eval_on_selector_all("mark.hl-claim, mark.hl-quote", """els => els.map(e => {
        const s = getComputedStyle(e);
        return [e.className, s.borderBottomStyle, s.textDecorationLine, s.textDecorationStyle];
    })""")
    page.close()
    assert {tuple(s) for s in styles} == {("hl-claim", "none", "underline", "dotted"),
                                          ("hl-quote", "none", "underline", "solid")}


def test_on_paper_no_jump_links_no_more_button_and_dark_readers_get_black_tags(browser: Any,
                                                                               published: Path) -> None:
    """Tried by an analyst printing every page: /people/'s and the timeline's jump links, the search's "Show more
    results" printed; in a dark scheme a settled claim's tag printed pale mint on white (1.3:1)."""
    page = browser.new_page(color_scheme="dark")
    try:
        page.goto((published / "claims" / "index.html").as_uri())
        page.emulate_media(media="print", color_scheme="dark")
        for tag in page.query_selector_all(".tag-settled, .tag-superseded"):
            assert tag.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
        for rel in ("people/index.html", "timeline/index.html"):
            page.goto((published / rel).as_uri())
            page.emulate_media(media="print")
            assert page.locator("nav.toc").count() == 1 and not page.is_visible("nav.toc"), rel
        page.goto((published / "search" / "index.html").as_uri() + "?q=parade")
        page.wait_for_function("!document.getElementById('search-more').hidden")
        page.emulate_media(media="print")
        assert not page.is_visible("#search-more")
    finally:
        page.close()


def test_served_without_a_base_url_each_sheet_gives_the_address_it_was_served_at(browser: Any,
                                                                                tmp_path: Path) -> None:
    """Tried by an analyst: printed from a site built without base_url, the foot of each sheet read
    "people/tony-blair/", no address at all to come back to; the search page's left out its words."""
    from conftest import http_site, make_briefing
    root = make_briefing(tmp_path)
    assert run_build(root, "--out", "site", "-q")[0] == 0
    page = browser.new_page()
    try:
        with http_site(root / "site") as (base, _):
            for rel, address in (("people/jane-roe/index.html", "people/jane-roe/"),
                                 ("search/index.html?q=parade", "search/?q=parade"), ("404.html", "404.html")):
                page.goto(base + rel)
                page.pdf()
                styles = page.evaluate("[...document.querySelectorAll('style[media=print]')].map(s => s.textContent)")
                assert styles == [f'@page {{ @bottom-left {{ content: "{base}{address}"; }} }}'], rel
    finally:
        page.close()


def test_a_person_of_many_quotes_prints_the_first_and_the_address_of_the_rest(browser: Any, tmp_path: Path) -> None:
    """Tried on 2,000 articles: a person of 63 quotes printed on 7 sheets (every quote, and "Sources cited" for each
    of their articles), where the README promises two at most; paper gives the first QUOTES and where the rest are."""
    quotes = "".join(f"- speaker: jane-roe\n  text: {words}\n  source: {{article: afp-report}}\n"
                     for words in ("The visit changes the calculus completely", "North Korean leader Kim Jong Un",
                                   "arrived in Beijing on Wednesday", "for a military parade", "with more than 25 world",
                                   "leaders, a rare trip abroad", "sister Kim Yo Jong travelled"))
    root = make_briefing(tmp_path, quotes=quotes, events=EVENTS.replace(" See [[roe-calculus]] and", " See"),
                         site=SITE + "base_url: https://example.org/b/\n")
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, ""), err
    page = BeautifulSoup((root / "site" / "people" / "jane-roe" / "index.html").read_text("utf-8"), "html.parser")
    figures = page.select('section[aria-labelledby="quotes"] figure.quote')
    assert len(figures) == 7 and [("no-print" in f["class"]) for f in figures] == [False] * QUOTES + [True] * 3
    more = page.select_one('section[aria-labelledby="quotes"] p.more-print')
    assert more is not None and more.get_text() == "And 3 more quotes: https://example.org/b/people/jane-roe/#quotes"
    text = "".join(sheets(printed(browser, (root / "site" / "people" / "jane-roe" / "index.html").as_uri())))
    assert "sisterKimYoJongtravelled" not in text and "Andthreemore" not in text and "And3morequotes" in text
