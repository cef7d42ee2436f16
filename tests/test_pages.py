"""The built pages of the fixture briefing, as a reader gets them (views, render, templates)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from briefing.errors import counted
from conftest import (
    ALPHA, ARTICLES, EVENTS, GRADED_ARTICLES, JUDGED_SITE, PEOPLE, PROJECT, QUOTES, RESOLVED_CLAIMS, SITE, THEMES,
    broken_links, html_pages, make_briefing, run_build, soup,
)

PAGES = [
    "index.html", "timeline/index.html", "events/kim-arrives/index.html", "events/victory-parade/index.html",
    "people/index.html", "people/kim-jong-un/index.html", "people/kim-yo-jong/index.html",
    "people/xi-jinping/index.html", "people/jane-roe/index.html", "themes/index.html",
    "themes/china-ties/index.html", "sources/index.html", "sources/afp-report/index.html",
    "sources/radio-report/index.html", "quotes/index.html", "claims/index.html", "search/index.html",
    "changes/index.html", "404.html",
]


def build(tmp_path: Path, *args: str, **overrides: str) -> Path:
    root = make_briefing(tmp_path, **overrides)
    code, _, err = run_build(root, "--out", "site", *args)
    assert (code, err) == (0, ""), err
    return root / "site"


def main_of(page: BeautifulSoup) -> Tag:
    main = page.find("main")
    assert isinstance(main, Tag)
    return main


def text(tag: Tag | None) -> str:
    """The words of an element as a reader sees them (whitespace collapsed)."""
    assert tag is not None
    return " ".join(tag.get_text().split())


# -- every page, every link ---------------------------------------------------------

def test_every_page_type_exists(built: Path) -> None:
    pages = sorted(p.relative_to(built).as_posix() for p in html_pages(built))
    assert pages == sorted(PAGES)
    for extra in ("feed.xml", "robots.txt", "data/briefing.json", "static/style.css"):
        assert (built / extra).is_file(), extra


@pytest.mark.parametrize("rel", PAGES)
def test_exactly_one_h1_and_a_title(built: Path, rel: str) -> None:
    page = soup(built / rel)
    assert len(page.find_all("h1")) == 1
    title = page.find("title")
    assert title is not None and title.get_text().endswith("Test Briefing")
    html = page.find("html")
    assert isinstance(html, Tag) and html["lang"] == "en"


def test_page_titles_and_headings(built: Path) -> None:
    expected = {
        "index.html": ("Test Briefing", "Test Briefing"),
        "events/victory-parade/index.html": ("Victory Day parade", "Victory Day parade · Test Briefing"),
        "people/kim-jong-un/index.html": ("Kim Jong Un", "Kim Jong Un · Test Briefing"),
        "themes/china-ties/index.html": ("China–North Korea ties", "China–North Korea ties · Test Briefing"),
        "sources/afp-report/index.html": ("Kim arrives in Beijing", "Kim arrives in Beijing · Test Briefing"),
        "claims/index.html": ("Where the sources differ", "Where the sources differ · Test Briefing"),
    }
    for rel, (h1, title) in expected.items():
        page = soup(built / rel)
        assert (text(page.h1), text(page.title)) == (h1, title), rel


def test_all_links_are_relative_and_resolve(built: Path) -> None:
    assert broken_links(built) == []


def test_the_current_section_is_marked_in_the_nav(built: Path) -> None:
    page = soup(built / "people" / "xi-jinping" / "index.html")
    current = page.select('nav.site-nav a[aria-current="page"]')
    assert [(a.get_text(), a["href"]) for a in current] == [("People", "../../people/index.html")]


# -- home -----------------------------------------------------------------------------

def test_home_shows_key_judgments_with_links(built: Path) -> None:
    page = soup(built / "index.html")
    items = page.select("section.key-judgments > ol > li")
    assert [text(li) for li in items] == ["Kim Jong Un went to Beijing to mend ties.",
                                          "Ties with China matter most (see the theme)."]
    assert [(a.get_text(), a["href"]) for a in items[0].find_all("a")] == [
        ("Kim Jong Un", "people/kim-jong-un/index.html")]
    assert [(a.get_text(), a["href"]) for a in items[1].find_all("a")] == [
        ("see the theme", "themes/china-ties/index.html")]


def test_home_lists_latest_events_newest_first(built: Path) -> None:
    page = soup(built / "index.html")
    titles = [a.get_text() for a in page.select(".col-main .event-title a")]
    assert titles == ["Victory Day parade", "Kim arrives in Beijing"]
    assert page.select("#ahead, #undated") == []  # nothing expected, nothing vague: no empty sections


LATER_EVENTS = EVENTS + """\
- id: party-congress
  title: Party congress
  summary: A fixture event.
  date: 2026
  status: expected
  people: [kim-jong-un]
  sources: [{article: afp-report}]
- id: anniversary
  title: Party anniversary
  summary: A fixture event.
  date: 2025-10
  status: expected
  people: [kim-jong-un]
  sources: [{article: afp-report}]
- id: cooling
  title: Ties cooled
  summary: A fixture event.
  date: 2025
  people: [kim-jong-un]
  sources: [{article: afp-report}]
- id: old-visit
  title: An old visit
  summary: A fixture event.
  date: 2019
  people: [kim-jong-un]
  sources: [{article: afp-report}]
"""


def test_home_leads_with_what_happened_then_what_is_expected_then_the_undated(tmp_path: Path) -> None:
    """Expected and vaguely dated events no longer crowd out the latest that happened (they sort last by their
    latest possible day): each has its own list, and a year-old vague event is in none but the timeline."""
    more = ("- id: overdue\n  title: A visit that was to come\n  summary: S.\n  date: 2024\n  status: expected\n"
            "  sources: [{article: afp-report}]\n- id: rift\n  title: A rift\n  summary: S.\n  date: 2024\n"
            "  sources: [{article: afp-report}]\n")
    page = soup(build(tmp_path, events=LATER_EVENTS + more) / "index.html")
    lists = {s["aria-labelledby"]: [a.get_text() for a in s.select(".event-title a")]
             for s in page.select(".col-main section")}
    # an expected event whose date has passed is not one to watch; the year-dated ones latest first, as the rest
    assert lists == {"latest": ["Victory Day parade", "Kim arrives in Beijing"],
                     "ahead": ["Party anniversary", "Party congress"], "undated": ["Ties cooled", "A rift"]}
    assert [text(h) for h in page.select(".col-main h2")] == ["Latest events", "Next to watch",
                                                              "Recent, not dated closer than the year"]


def test_home_orders_the_latest_by_their_latest_day_and_shows_a_briefings_newest_years_later(tmp_path: Path) -> None:
    """As the content model says: the latest events go by their latest possible day ("September 2025" may be the
    30th, after the parade). A briefing read long after (as_of years on) still shows its newest year-dated
    events, which may be as late as the latest shown, but not older ones."""
    more = "".join(f"- id: {ident}\n  title: {title}\n  summary: S.\n  date: {date}\n  sources: [{{article: afp-report}}]\n"
                   for ident, title, date in (("talks", "Talks that month", "2025-09"), ("deal", "A deal", "2026?"),
                                              ("rift", "A rift", "2024")))
    site = SITE.replace("as_of: 2025-09-05", "as_of: 2030-01-01")
    page = soup(build(tmp_path, events=EVENTS + more, site=site) / "index.html")
    lists = {s["aria-labelledby"]: [a.get_text() for a in s.select(".event-title a")]
             for s in page.select(".col-main section")}
    assert lists == {"latest": ["Talks that month", "Victory Day parade", "Kim arrives in Beijing"],
                     "undated": ["A deal"]}


def test_home_names_the_people_in_the_most_events_and_quotes_and_links_to_all(tmp_path: Path) -> None:
    """A briefing of 220 people listed them all beside the latest events, 2,450 px of names on a phone."""
    extra = "".join(f"- id: extra-{n:02}\n  name: Extra Person {n:02}\n  kind: other\n  role: Bystander\n"
                    f"  country: unknown\n  summary: S.\n" for n in range(1, 25))
    home = soup(build(tmp_path, people=PEOPLE + extra) / "index.html")
    named = [a.get_text() for a in home.select("#glance-people ~ p.people-line a")]
    assert len(named) == 24 and {"Kim Jong Un", "Kim Yo Jong", "Xi Jinping", "Jane Roe"} <= set(named)
    more = home.select_one("#glance-people ~ p a.more")
    assert more is not None and (text(more), more["href"]) == ("All 28 people", "people/index.html")


def test_home_lists_at_most_six_recent_events_dated_no_closer_than_the_year(tmp_path: Path) -> None:
    vague = "".join(f"- id: vague-{n}\n  title: Vague event {n}\n  summary: S.\n  date: 2025\n"
                    "  sources: [{article: afp-report}]\n" for n in range(1, 9))
    home = soup(build(tmp_path, events=EVENTS + vague) / "index.html")
    assert len(home.select("section[aria-labelledby=undated] .event-title a")) == 6


def test_home_lists_the_first_sources_and_links_to_all_of_them(tmp_path: Path) -> None:
    """A briefing of many articles: the home page names the first twelve and leads to the rest (a home page of
    every source grew to megabytes, and printed on many sheets); the list of sources holds them all."""
    extra = "".join(f"- id: wire-{n:02}\n  file: wire-{n:02}.txt\n  title: Wire report {n}\n  outlet: AFP\n"
                    f"  published: 2025-09-{n:02}\n" for n in range(1, 14))
    seeds = {f"seeds/wire-{n:02}.txt": f"Wire report {n}.\n\nKim spoke on day {n}.\n" for n in range(1, 14)}
    site = build(tmp_path, files=seeds, articles=ARTICLES + extra)
    home = soup(site / "index.html")
    listed = [a.get_text() for a in home.select("#glance-sources + ul a")]
    # newest first: the wire reports of 13 to 4 September, then the 3rd's two as the editors list them
    assert listed == [*(f"Wire report {n}" for n in range(13, 3, -1)), "Kim arrives in Beijing", "Wire report 3"]
    more = home.select_one("#glance-sources ~ p a.more")
    assert more is not None and (text(more), more["href"]) == ("All 15 sources", "sources/index.html")
    sources = soup(site / "sources" / "index.html")
    listed = [a.get_text() for a in sources.select(".source-list > li h2 a")]
    assert len(listed) == 15 and listed[:2] == ["Wire report 13", "Wire report 12"]
    assert listed[-1] == "What state radio said"  # its date unknown
    assert text(sources.select_one("main p.meta")) == "15 articles, newest first; those of unknown date last."


def test_sources_of_no_known_date_are_not_said_to_be_newest_first(tmp_path: Path) -> None:
    """Tried on 2,000 articles, none dated: "2000 articles, newest first; those of unknown date last." over a list in
    the order of articles.yaml; and counts of thousands were written 2000 here and 1,000 on the quotes page."""
    undated = ARTICLES.replace("published: 2025-09-03", "published: unknown")
    site = build(tmp_path, articles=undated)
    assert text(soup(site / "sources" / "index.html").select_one("main p.meta")) == (
        "2 articles, in the editors' order: no date is known.")
    assert counted(2000, "article") == "2,000 articles" and counted(1, "article") == "1 article"


# -- timeline and events ----------------------------------------------------------------

def test_timeline_in_order_with_dates_at_their_precision(tmp_path: Path) -> None:
    extra = ("- id: cold-war-summit\n  title: A summit in the 1950s\n  date: 1950s\n  summary: Long ago.\n"
             "  sources: [{article: afp-report}]\n"
             "- id: hanoi\n  title: Hanoi summit\n  date: ~2019\n  status: reported\n  summary: It failed.\n"
             "  sources: [{article: afp-report}]\n"
             "- id: xi-visit\n  title: Xi visits Pyongyang\n  date: 2025-10\n  status: expected\n"
             "  summary: Announced.\n  sources: [{article: afp-report}]\n"
             "- id: plenum\n  title: A plenum\n  date: 2025?\n  status: expected\n"
             "  summary: Expected this year.\n  sources: [{article: afp-report}]\n")
    site = build(tmp_path, events=EVENTS + extra)
    page = soup(site / "timeline" / "index.html")
    sections = page.select("main section.year")
    assert [text(s.h2) for s in sections] == ["2025", "2019", "1950s"]  # latest first, back from the briefing's date
    rows = [(text(e.select_one(".event-title")), text(e.select_one(".date"))) for e in page.select("article.event-item")]
    assert rows == [("Xi visits Pyongyang", "October 2025"),  # expected after as_of: above it
                    ("A plenum", "probably 2025"),  # expected this year, not yet come: above it too, as on home
                    ("Victory Day parade", "3 September 2025"),
                    ("Kim arrives in Beijing", "31 August – 1 September 2025"),
                    ("Hanoi summit", "about 2019"), ("A summit in the 1950s", "the 1950s")]
    tags = {text(e.select_one(".event-title")): [t.get_text() for t in e.select(".tag")]
            for e in page.select("article.event-item")}
    assert tags["Hanoi summit"] == ["Reported"]
    assert tags["Xi visits Pyongyang"] == ["Expected"]
    assert [text(e.select_one(".event-title")) for e in page.select("section.tl-ahead article.event-item")] == [
        "Xi visits Pyongyang", "A plenum"]
    assert tags["Victory Day parade"] == []


def test_timeline_groups_have_unique_ids(tmp_path: Path) -> None:
    """A decade sorts between the events of its first year: 2020 (year), 2020s, 2020-03.
    groupby() then makes two '2020' sections, both with id="y-2020"."""
    extra = "".join(
        f"- id: e{i}\n  title: Event {i}\n  date: {d}\n  summary: S.\n  sources: [{{article: afp-report}}]\n"
        for i, d in enumerate(["2020", "2020s", "2020-03"]))
    site = build(tmp_path, events=EVENTS + extra)
    page = soup(site / "timeline" / "index.html")
    ids = [str(t["id"]) for t in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), ids
    assert broken_links(site) == []


def test_event_page(built: Path) -> None:
    page = soup(built / "events" / "kim-arrives" / "index.html")
    main = main_of(page)
    facts = {text(d.dt): d.dd for d in main.select("dl.summary-list > div")}
    assert text(facts["Date"]) == "31 August – 1 September 2025"
    assert facts["Date"].time is None  # a span has no form in <time datetime>; its start alone would say less
    assert text(facts["Place"]) == "Beijing"
    assert [(a.get_text(), a["href"]) for a in facts["People"].find_all("a")] == [
        ("Kim Jong Un", "../../people/kim-jong-un/index.html"), ("Kim Yo Jong", "../../people/kim-yo-jong/index.html")]
    assert [a.get_text() for a in facts["Themes"].find_all("a")] == ["China–North Korea ties"]
    assert text(main.find(id="summary")) == "Kim Jong Un arrives with Kim Yo Jong."
    sources = main.select("ol.sources > li")
    assert [(s.a.get_text(), s.a["href"]) for s in sources] == [  # type: ignore[union-attr]
        ("Kim arrives in Beijing, ¶ 1", "../../sources/afp-report/index.html#p1")]
    assert text(sources[0].blockquote) == "a rare trip abroad"
    nxt = main.select_one("nav.pager a[rel=next]")
    assert nxt is not None and nxt["href"] == "../../events/victory-parade/index.html"
    assert main.select_one("nav.pager a[rel=prev]") is None



def test_event_page_shows_its_neighbours_in_time_and_events_with_its_people(tmp_path: Path) -> None:
    extra = "".join(f"- id: e{i}\n  title: Event {i}\n  date: 2025-09-{10 + i}\n  summary: S.\n"
                    f"  people: [{people}]\n  status: {status}\n  sources: [{{article: afp-report}}]\n"
                    for i, people, status in [(1, "xi-jinping", "confirmed"), (2, "", "confirmed"),
                                              (3, "kim-jong-un", "expected")])
    site = build(tmp_path, events=EVENTS + extra)
    main = main_of(soup(site / "events" / "victory-parade" / "index.html"))
    strip = main.select_one("aside.context")
    assert strip is not None and strip.h2 is not None and strip.h2.contents[0].strip() == "In context"
    timeline = [(text(li.small), text(li.a) if li.a else None, li.get("aria-current"))
                for li in strip.select("ol.context-time > li")]
    assert timeline == [("31 August – 1 September 2025", "Kim arrives in Beijing", None),
                        ("3 September 2025", None, "true"), ("11 September 2025", "Event 1", None),
                        ("12 September 2025", "Event 2", None)]
    assert "Victory Day parade" in text(strip.select_one("li.here"))
    shared = [(text(li.small), text(li.a), li.a["href"]) for li in strip.select("ul.context-shared > li")]
    assert shared == [("13 September 2025 · Expected · Kim Jong Un", "Event 3", "../../events/e3/index.html")]
    lead, rest = main.select_one(".event-lead"), main.select_one(".event-rest")
    assert lead is not None and lead.find(id="summary") and rest is not None and rest.find(id="sources")
    order = [tag.get("class") for tag in main.select(".with-context > *")]  # on a phone it folds below the summary
    assert order == [["event-lead"], ["context"], ["event-rest"]]

def test_event_page_shows_its_quotes_and_paragraph_sources(built: Path) -> None:
    main = main_of(soup(built / "events" / "victory-parade" / "index.html"))
    quotes = main.select("figure.quote")
    assert [text(q.blockquote) for q in quotes] == ["The visit changes the calculus completely"]
    links = {a.get_text(): a["href"] for a in quotes[0].find_all("a")}
    assert links["Jane Roe"] == "../../people/jane-roe/index.html"
    assert links["Kim arrives in Beijing, ¶ 3"] == "../../sources/afp-report/index.html#p3"
    assert links["Quote link"] == "../../quotes/index.html#q-roe-calculus"
    sources = [(a.get_text(), a["href"]) for a in main.select("ol.sources > li > a")]
    assert sources == [("What state radio said, ¶ 1", "../../sources/radio-report/index.html#p1"),
                       ("Kim arrives in Beijing", "../../sources/afp-report/index.html")]
    summary_links = [(a.get_text(), a["href"]) for a in main.find(id="summary").find_all("a")]  # type: ignore[union-attr]
    assert summary_links == [
        ("Jane Roe: “The visit changes the calculus completely”", "../../quotes/index.html#q-roe-calculus"),
        ("How many world leaders attended the parade?", "../../claims/index.html#c-how-many-leaders")]


# -- articles ---------------------------------------------------------------------------

def test_article_page_has_numbered_paragraph_anchors(built: Path) -> None:
    main = main_of(soup(built / "sources" / "afp-report" / "index.html"))
    paras = main.select("article.source-text div.para")
    assert [p["id"] for p in paras] == ["p1", "p2", "p3", "p4"]
    assert [(a.get_text(), a["href"]) for a in (p.select_one("a.pnum") for p in paras) if a] == [
        ("1", "#p1"), ("2", "#p2"), ("3", "#p3"), ("4", "#p4")]
    assert [text(h) for h in main.select("article.source-text h2")] == ["What does it mean?"]
    assert main.select_one("article.source-text h2")["id"] == "s1"  # type: ignore[index]


def test_article_text_is_all_there_with_dateline_and_signoff(built: Path) -> None:
    from conftest import ALPHA
    main = main_of(soup(built / "sources" / "afp-report" / "index.html"))
    body = main.select_one("article.source-text")
    assert body is not None
    words = [p.get_text() for p in body.select("div.para > p:not(.quoted-by)")] + [h.get_text() for h in body.select("h2")]
    assert sorted("".join(w.split()) for w in words) == sorted("".join(b.split()) for b in ALPHA.split("\n\n"))
    assert text(body.select_one("#p1 .dateline")) == "BEIJING, Sept 3 —"
    assert text(body.select_one("#p4 .signoff")) == "— AFP"


def test_quote_is_highlighted_in_the_paragraph_it_came_from(built: Path) -> None:
    main = main_of(soup(built / "sources" / "afp-report" / "index.html"))
    marks = main.select("article.source-text mark.hl-quote")
    assert [text(m) for m in marks] == ["The visit changes the calculus completely"]
    para = marks[0].find_parent("div", class_="para")
    assert para is not None and para["id"] == "p3"
    used = para.select_one(".quoted-by a")
    assert used is not None and used["href"] == "../../quotes/index.html#q-roe-calculus"
    # beside the article's words, not of them: as a <p>, a reader view (Firefox's, Readability) weighed the
    # paragraph by its links and dropped 21 of the 32 paragraphs of an article
    assert used.find_parent("aside", class_="quoted-by") is not None


def test_claim_statements_are_highlighted(built: Path) -> None:
    for article, para, says in (("afp-report", "p1", "more than 25 world leaders"),
                                ("radio-report", "p1", "26 world leaders")):
        main = main_of(soup(built / "sources" / article / "index.html"))
        marks = main.select("article.source-text mark.hl-claim")
        assert [(m.find_parent("div", class_="para")["id"], text(m)) for m in marks] == [(para, says)]  # type: ignore[index]


def test_article_byline_date_and_author_link(built: Path) -> None:
    main = main_of(soup(built / "sources" / "radio-report" / "index.html"))
    byline = main.select_one("p.byline")
    assert byline is not None and text(byline) == "By Jane Roe" and byline["id"] == "byline"
    assert text(main.select_one("p.dateline-top")) == "4.9.2025"
    facts = {text(d.dt): d.dd for d in main.select("dl.summary-list > div")}
    assert text(facts["Published"]) == "Not known"  # not "Published: date unknown"
    assert facts["Author"].a["href"] == "../../people/jane-roe/index.html"  # type: ignore[index]


def test_external_original_link_is_marked_external(built: Path) -> None:
    main = main_of(soup(built / "sources" / "afp-report" / "index.html"))
    external = [a for a in main.find_all("a") if str(a["href"]).startswith("http")]
    # the original named in the summary, and the citation's address
    assert [(a["href"], a.get("rel")) for a in external] == [("https://example.com/afp-report", ["external"])] * 2


def test_names_are_linked_but_a_shared_alias_is_not(built: Path) -> None:
    main = main_of(soup(built / "sources" / "afp-report" / "index.html"))
    mentions = [(div["id"], a.get_text(), a["href"])
                for div in main.select("article.source-text div.para") for a in div.select("a.mention")]
    assert mentions == [
        ("p1", "Kim Jong Un", "../../people/kim-jong-un/index.html"),
        ("p2", "Kim Jong Un", "../../people/kim-jong-un/index.html"),
        ("p2", "Kim Yo Jong", "../../people/kim-yo-jong/index.html"),
        ("p3", "Jane Roe", "../../people/jane-roe/index.html"),
        ("p4", "Xi Jinping", "../../people/xi-jinping/index.html"),
    ]
    p4 = main.select_one("#p4 p")
    assert p4 is not None and p4.get_text().startswith("Kim and Xi Jinping")


# -- people, themes, quotes, claims -------------------------------------------------------

def test_person_page_lists_events_quotes_and_mentions(built: Path) -> None:
    main = main_of(soup(built / "people" / "kim-jong-un" / "index.html"))
    # latest first, as the timeline: a person of 74 events listed them from 2011 on, the recent ones 18,000 px down
    assert [a.get_text() for a in main.select("section[aria-labelledby=events] article .event-title a")] == [
        "Victory Day parade", "Kim arrives in Beijing"]
    mentions = main.select("ol.mentions > li")
    assert [(li.a.get_text(), li.a["href"]) for li in mentions] == [  # type: ignore[union-attr]
        ("Kim arrives in Beijing, ¶ 1", "../../sources/afp-report/index.html#p1"),
        ("Kim arrives in Beijing, ¶ 2", "../../sources/afp-report/index.html#p2")]
    assert [s.get_text() for s in mentions[1].select("strong")] == ["Kim Jong Un"]
    facts = {text(d.dt): text(d.dd) for d in main.select("dl.summary-list > div")}
    assert facts == {"Role": "Leader of North Korea", "Country": "North Korea", "Also written": "Kim Jong-un, Kim"}


def test_person_page_says_what_the_articles_report_a_person_said(tmp_path: Path) -> None:
    """Paraphrases under their own heading, after the quotes and before the mentions, with paragraph links;
    sections with nothing in them are left out."""
    reported = QUOTES + """\
- id: xi-banquet
  speaker: xi-jinping
  paraphrase: true
  text: State radio said 26 world leaders attended the parade, and that Xi Jinping hosted a banquet
  source: {article: radio-report}
"""
    site = build(tmp_path, quotes=reported)
    main = main_of(soup(site / "people" / "xi-jinping" / "index.html"))
    assert [h["id"] for h in main.select("section > .heading-row > h2, section > h2")
            if h.get("id")] == ["events", "met", "reported", "mentions", "cite", "notes"]  # no quotes: none
    section = main.select_one('section[aria-labelledby="reported"]')
    assert section is not None
    assert [text(q.blockquote) for q in section.select("figure.quote.paraphrase")] == [
        "State radio said 26 world leaders attended the parade, and that Xi Jinping hosted a banquet"]
    assert [a["href"] for a in section.select(".quote-source a")][:1] == ["../../sources/radio-report/index.html#p1"]
    analyst = main_of(soup(site / "people" / "jane-roe" / "index.html"))
    assert analyst.select('section[aria-labelledby="events"], section[aria-labelledby="met"]') == []
    assert analyst.select('section[aria-labelledby="reported"]') == []


def test_a_shared_short_name_is_counted_not_linked(built: Path) -> None:
    """"Kim" alone could be Kim Jong Un or Kim Yo Jong (both list it as an alias): never linked, and the pages say
    how often it stands alone (in paragraphs, as mentions are counted) so that a person's mentions do not pass for
    all."""
    site = built
    said = ("“Kim” stands alone in 2 more paragraphs, where it could name any of 2 people in this briefing: left "
            "unlinked, and not counted here.")
    for who in ("kim-jong-un", "kim-yo-jong"):
        section = main_of(soup(site / "people" / who / "index.html")).select_one('section[aria-labelledby="mentions"]')
        assert section is not None and [text(p) for p in section.select("p.meta")][:1] == [said]
    cards = {text(c.h3): text(c) for c in soup(site / "people" / "index.html").select(".card")}
    assert cards["Kim Jong Un"].endswith("· “Kim” alone in 2 more paragraphs, unlinked (shared)")
    assert "alone in" not in cards["Xi Jinping"]


def test_namesakes_are_counted_by_their_whole_name_not_linked(tmp_path: Path) -> None:
    """Tried with a cast of 300: two people named "Kim Yong Chol" were never linked, and their cards counted
    "“Chol” alone" (and "Yong", "Kim") in every paragraph that wrote the whole name."""
    other = ("- id: jane-roe-2\n  name: Jane Roe\n  kind: other\n  role: Novelist\n  country: Canada\n"
             "  summary: Another Jane Roe.\n")
    site = build(tmp_path, people=PEOPLE + other)
    cards = {c["href"] if c.name == "a" else c.select_one("a")["href"]: text(c)
             for c in soup(site / "people" / "index.html").select(".card")}
    for href, card in cards.items():
        if "jane-roe" in href:
            assert card.endswith("· “Jane Roe” in 2 more paragraphs, unlinked (namesakes)"), card
            assert "alone" not in card
    page = main_of(soup(site / "people" / "jane-roe-2" / "index.html"))
    assert "“Jane Roe” is written in 2 more paragraphs, where it could name any of 2 people in this briefing of " \
           "that name: left unlinked, and not counted here." in [text(p) for p in page.select("p.meta")]


def test_titles_written_right_to_left_keep_their_place_among_the_pages_words(tmp_path: Path) -> None:
    """Tried on an Arabic briefing: "ميناء جازان, ¶ 3 · الحياة, 5 December 2026" showed as "5 ,الحياة · 3 December
    2026" (the paragraph number read as the date's day), the footer's full stop beside the wrong word, a summary's
    full stop at its start: a title set among the pages' words is isolated (`<bdi>`), editors' text sets its own
    direction (`dir="auto"`)."""
    title = "ميناء جازان: أسئلة حول التمويل"
    site = build(tmp_path, articles=ARTICLES.replace("title: Kim arrives in Beijing", f'title: "{title}"'),
                 events=EVENTS.replace('summary: "[[kim-jong-un]] arrives with [[kim-yo-jong]]."',
                                       "summary: الحربي يزور بكين."))
    for page in ("events/kim-arrives/index.html", "quotes/index.html", "people/kim-jong-un/index.html"):
        refs = [a for a in main_of(soup(site / page)).select('a[href*="sources/afp-report/index.html#"]')]
        assert refs and all(a.bdi is not None and text(a.bdi) == title for a in refs), page
    event = main_of(soup(site / "events" / "kim-arrives" / "index.html"))
    summaries = event.find_all("p", string="الحربي يزور بكين.")
    assert summaries and all(p.get("dir") == "auto" for p in summaries)
    assert event.find("h1").get("dir") == "auto"
    footer = soup(site / "index.html").select_one("footer p")
    assert footer is not None and footer.bdi is not None and text(footer.bdi) == "Test Briefing"


def test_namesakes_are_told_apart_in_the_filters_by_their_role(tmp_path: Path) -> None:
    """Tried with a cast of 300: the person filters of search, the timeline and the quotes offered two options
    "Kim Yong Chol", and a search said "4 results (Kim Yong Chol)" for either."""
    other = ("- id: jane-roe-2\n  name: Jane Roe\n  kind: other\n  role: Novelist\n  country: Canada\n"
             "  summary: Another Jane Roe.\n")
    events = EVENTS.replace("people: [kim-jong-un, xi-jinping]", "people: [kim-jong-un, xi-jinping, jane-roe, jane-roe-2]")
    site = build(tmp_path, people=PEOPLE + other, events=events)
    for page, select in (("search/index.html", "#person"), ("timeline/index.html", "#tl-person"),
                         ("quotes/index.html", "#quotes_speaker")):
        options = {o["value"]: text(o) for o in soup(site / page).select(f"{select} option") if o["value"]}
        assert "Jane Roe" not in options.values(), (page, options)
        if "jane-roe-2" in options:
            assert options["jane-roe"] == "Jane Roe (Analyst)" and options["jane-roe-2"] == "Jane Roe (Novelist)"
        assert options.get("xi-jinping", "Xi Jinping") == "Xi Jinping"  # a name of one person stays as it is


def test_an_article_in_another_language_says_so_on_its_page_in_its_citations_and_data(tmp_path: Path) -> None:
    """Tried on an Arabic and Chinese briefing: with no language of its own, a Chinese article was set as Arabic
    (the site's) on its page and in its citations (`language = {ar}`, `LA  - ar`), which screen readers, fonts and
    reference managers follow."""
    site = build(tmp_path, articles=ARTICLES.replace("  outlet: AFP\n", "  outlet: AFP\n  language: ZH-hant\n"))
    page = soup(site / "sources" / "afp-report" / "index.html")
    assert page.select_one("article.source-text")["lang"] == "zh-Hant"  # in the case BCP 47 advises
    assert page.select_one('meta[name="citation_language"]')["content"] == "zh-Hant"
    assert soup(site / "sources" / "radio-report" / "index.html").select_one("article.source-text").get("lang") is None
    cited = {c["id"]: c for c in json.loads((site / "cite" / "articles.json").read_text(encoding="utf-8"))}
    assert cited["afp-report"]["language"] == "zh-Hant" and cited["radio-report"]["language"] == "en"
    data = {a["id"]: a for a in json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))["articles"]}
    assert (data["afp-report"]["language"], data["radio-report"]["language"]) == ("zh-Hant", "en")


def test_person_page_with_quotes(built: Path) -> None:
    main = main_of(soup(built / "people" / "jane-roe" / "index.html"))
    assert [text(q.blockquote) for q in main.select("figure.quote")] == ["The visit changes the calculus completely"]
    assert [li.a["href"] for li in main.select("ol.mentions > li")] == [  # type: ignore[index]
        "../../sources/afp-report/index.html#p3", "../../sources/radio-report/index.html#byline"]
    facts = {text(d.dt): text(d.dd) for d in main.select("dl.summary-list > div")}
    assert facts["Affiliation"] == "Example Institute"


def test_people_index_groups_by_kind(built: Path) -> None:
    main = main_of(soup(built / "people" / "index.html"))
    groups = {text(s.h2): [a.get_text() for a in s.select("h3 a")] for s in main.find_all("section")}
    assert groups == {"Leaders 2": ["Kim Jong Un", "Xi Jinping"], "Officials 1": ["Kim Yo Jong"],
                      "Analysts 1": ["Jane Roe"], "Who met whom": []}
    jumps = [(a.get_text(), a["href"]) for a in main.select("nav.toc a")]  # each kind a click away, counted
    assert jumps == [("Leaders (2)", "#k-1"), ("Officials (1)", "#k-2"), ("Analysts (1)", "#k-3")]


def test_theme_page(built: Path) -> None:
    main = main_of(soup(built / "themes" / "china-ties" / "index.html"))
    # latest first, as the timeline: a theme of 121 events listed the latest last
    assert [a.get_text() for a in main.select(".event-title a")] == ["Victory Day parade", "Kim arrives in Beijing"]
    assert [text(q.blockquote) for q in main.select("figure.quote")] == ["The visit changes the calculus completely"]
    assert [a.get_text() for a in main.select("p.people-line a")] == ["Kim Jong Un", "Kim Yo Jong", "Xi Jinping"]


def test_quotes_page_has_an_anchor_per_quote(built: Path) -> None:
    main = main_of(soup(built / "quotes" / "index.html"))
    figure = main.find(id="q-roe-calculus")
    assert isinstance(figure, Tag) and figure.name == "figure"
    assert text(figure.blockquote) == "The visit changes the calculus completely"
    source = figure.select_one(".quote-source a")
    assert source is not None and source["href"] == "../sources/afp-report/index.html#p3"
    assert text(figure.select_one(".quote-source")).startswith("told AFP; source:")


def test_claims_page(built: Path) -> None:
    main = main_of(soup(built / "claims" / "index.html"))
    claim = main.find(id="c-how-many-leaders")
    assert isinstance(claim, Tag)
    assert text(claim.h2) == "How many world leaders attended the parade?"
    statements = [(text(li.blockquote), li.select_one("p.meta a")["href"]) for li in claim.select("ul.statements > li")]  # type: ignore[index]
    assert statements == [("more than 25 world leaders", "../sources/afp-report/index.html#p1"),
                          ("26 world leaders", "../sources/radio-report/index.html#p1")]
    # each source dated, so that a reader sees which came later (and that the date of one is not known)
    assert [text(li.select_one("p.meta")) for li in claim.select("ul.statements > li")] == [
        "Kim arrives in Beijing, ¶ 1 · AFP, 3 September 2025 · at the original",
        "What state radio said, ¶ 1 · Outlet unknown, date unknown"]
    note = claim.select_one(".editors-note")
    assert note is not None
    assert [text(p) for p in note.find_all("p")] == [
        "Editors' reading", "The counts differ by one at most; see Victory Day parade."]
    assert note.a["href"] == "../events/victory-parade/index.html"  # type: ignore[index]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with the editors' analysis: a confidence, Admiralty grades, a settled and a superseded claim."""
    root = make_briefing(tmp_path_factory.mktemp("analysed"), site=JUDGED_SITE, articles=GRADED_ARTICLES,
                         claims=RESOLVED_CLAIMS)
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, ""), err
    return root / "site"


def test_the_home_page_counts_settled_and_superseded_points_apart(analysed: Path, built: Path) -> None:
    def counts(site: Path) -> str:
        line = next(p for p in main_of(soup(site / "index.html")).find_all("p") if "Built from" in p.get_text())
        return " ".join(line.get_text().split())
    assert counts(analysed).endswith("and 3 points where the sources differ (1 settled and 1 superseded).")
    assert counts(built).endswith("and 1 point where the sources differ.")  # none closed: nothing added


def _claim(site: Path, ident: str) -> Tag:
    claim = main_of(soup(site / "claims" / "index.html")).find(id=f"c-{ident}")
    assert isinstance(claim, Tag)
    return claim


@pytest.mark.parametrize(("ident", "tag", "label", "resolution", "link"), [
    ("how-many-leaders", "", "", "", ""),
    ("banquet", "Settled", "What settles it", "Settled by What state radio said ¶1, which says so in as many words.",
     "../sources/radio-report/index.html"),
    ("rare-trip", "Superseded", "What overtook it", "Overtaken by his arrival (Kim arrives in Beijing).",
     "../events/kim-arrives/index.html"),
])
def test_claims_of_each_status(analysed: Path, ident: str, tag: str, label: str, resolution: str, link: str) -> None:
    """A settled or superseded claim stays on the page with its statements, its question tagged (in words, not
    colour alone), the resolution after the statements."""
    claim = _claim(analysed, ident)
    assert claim.h2 is not None
    tags = claim.h2.select("strong.tag")
    assert [(text(t), t["class"]) for t in tags] == ([(tag, ["tag", f"tag-{tag.lower()}"])] if tag else [])
    assert len(claim.select("ul.statements > li")) == 2
    box = claim.select_one(".resolution")
    if not resolution:
        assert box is None
        return
    assert box is not None and box.find_previous_sibling("ul", class_="statements") is not None
    assert [text(p) for p in box.find_all("p")] == [label, resolution]
    assert [a["href"] for a in box.find_all("a")] == [link]


def test_the_status_tag_is_readable_without_colour_and_in_print() -> None:
    css = (PROJECT / "briefing" / "theme" / "static" / "style.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print {\n"):]
    assert ".tag { border: 1px solid #000; }" in print_rules
    for status in ("settled", "superseded"):
        assert f".tag-{status} {{ background: var(--{status}-bg); color: var(--{status}-text); }}" in css
        # light, dark twice (the system's and the reader's choice), and paper's: black on white in any scheme
        assert css.count(f"--{status}-bg:") == 4
        assert f"--{status}-bg: #fff; --{status}-text: #000;" in print_rules


def test_grades_beside_each_statement_with_one_legend(analysed: Path) -> None:
    grades = {ident: [text(li.select_one(".grade")) if li.select_one(".grade") else ""
                      for li in _claim(analysed, ident).select("ul.statements > li")]
              for ident in ("how-many-leaders", "banquet", "rare-trip")}
    assert grades == {"how-many-leaders": ["Source B", "Information 2"], "banquet": ["Information 6", "Source B"],
                      "rare-trip": ["Source B", ""]}
    legend = main_of(soup(analysed / "claims" / "index.html")).select("p.legend")
    assert [text(p) for p in legend] == [
        "Grades on the Admiralty scale, the editors' judgment (source reliability A–F, information credibility 1–6): "
        "source B: usually reliable; information 2: probably true; information 6: truth cannot be judged."]


def test_without_grades_there_is_no_legend(built: Path) -> None:
    main = main_of(soup(built / "claims" / "index.html"))
    assert main.select(".legend, .grade, .resolution, h2 .tag") == []


def test_settled_claims_carry_a_claim_review(analysed: Path) -> None:
    scripts = soup(analysed / "claims" / "index.html").find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    assert len(data["@graph"]) == 1  # the superseded claim was overtaken, not answered: nothing to rate
    review = data["@graph"][0]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Did Xi host a banquet?"
    assert review["reviewRating"] == {
        "@type": "Rating", "alternateName": "settled",
        "ratingExplanation": "Settled by What state radio said ¶1, which says so in as many words."}
    assert review["author"] == {"@type": "Organization", "name": "Test Briefing"}  # no publisher: the title
    assert review["datePublished"] == "2025-09-05"
    assert review["itemReviewed"]["@type"] == "Claim"
    assert [a["headline"] for a in review["itemReviewed"]["appearance"]] == ["What state radio said",
                                                                            "Kim arrives in Beijing"]
    assert "url" not in review  # only with base_url: schema.org wants absolute addresses


def test_a_claim_review_names_the_publisher_and_its_address(tmp_path: Path) -> None:
    site = JUDGED_SITE + "publisher: Example Institute\nbase_url: https://example.org/b/\n"
    out = build(tmp_path, site=site, claims=RESOLVED_CLAIMS)
    script = soup(out / "claims" / "index.html").find("script", type="application/ld+json")
    assert script is not None
    review = json.loads(script.string)["@graph"][0]
    assert review["author"]["name"] == "Example Institute"
    assert review["url"] == "https://example.org/b/claims/#c-banquet"


def test_open_claims_carry_no_claim_review(built: Path) -> None:
    assert soup(built / "claims" / "index.html").find("script", type="application/ld+json") is None


def test_home_shows_each_judgment_s_confidence_with_the_icd_203_legend(analysed: Path) -> None:
    section = main_of(soup(analysed / "index.html")).select_one("section.key-judgments")
    assert section is not None
    items = section.select("li")
    assert [[text(t) for t in li.select(".tag-confidence")] for li in items] == [[], ["Moderate confidence"]]
    assert text(items[1]).startswith("Ties with China matter most (see the theme).")
    legend = section.select("p.legend")
    assert len(legend) == 1
    words = text(legend[0])
    assert "ICD 203" in words and "not a probability" in words
    assert ("low: information scant, fragmentary or of uncertain credibility; moderate: credibly sourced and "
            "plausible, but not of sufficient quality or corroboration for high; high: well-founded judgment on "
            "high-quality, consistent information from several sources.") in words


def test_without_confidence_the_home_page_has_no_legend(built: Path) -> None:
    section = main_of(soup(built / "index.html")).select_one("section.key-judgments")
    assert section is not None and section.select(".legend, .tag-confidence") == []


def test_not_found_page_links_work_from_the_root(built: Path) -> None:
    page = soup(built / "404.html")
    hrefs = [a["href"] for a in main_of(page).find_all("a")]
    assert hrefs == ["index.html", "timeline/index.html", "people/index.html", "themes/index.html",
                     "sources/index.html"]


# -- escaping -----------------------------------------------------------------------------

def test_text_fields_are_escaped(tmp_path: Path) -> None:
    events = EVENTS.replace("title: Victory Day parade", "title: \"Parade <script>alert('x')</script> & more\"")
    site = build(tmp_path, events=events)
    for rel in ("events/victory-parade/index.html", "timeline/index.html", "index.html"):
        page = soup(site / rel)
        scripts = [sc for sc in page.find_all("script")  # only the site's own files (and JSON-LD data)
                   if not str(sc.get("src", "")).split("static/")[-1] in ("theme.js", "copy.js", "filters.js",
                                                                          "timeline.js")
                   and sc.get("type") != "application/ld+json"]
        assert scripts == [], rel
        for data in page.find_all("script", type="application/ld+json"):  # the title is in there, as data
            assert "<" not in data.get_text() and json.loads(data.get_text()), rel
    page = soup(site / "events" / "victory-parade" / "index.html")
    assert text(page.h1) == "Parade <script>alert('x')</script> & more"


# -- drafts -------------------------------------------------------------------------------

DRAFT_EVENT = ("- id: secret-talks\n  title: Secret talks\n  date: 2025-09-04\n  draft: true\n"
               "  people: [kim-jong-un]\n  summary: Unconfirmed.\n  sources: [{article: afp-report}]\n")


def test_drafts_are_left_out(tmp_path: Path) -> None:
    site = build(tmp_path, events=EVENTS + DRAFT_EVENT)
    assert not (site / "events" / "secret-talks").exists()
    timeline = soup(site / "timeline" / "index.html")
    assert "Secret talks" not in [a.get_text() for a in timeline.select(".event-title a")]
    person = soup(site / "people" / "kim-jong-un" / "index.html")
    assert "Secret talks" not in [a.get_text() for a in person.select(".event-title a")]
    assert "secret-talks" not in (site / "data" / "briefing.json").read_text(encoding="utf-8")
    assert "secret-talks" not in (site / "feed.xml").read_text(encoding="utf-8")


def test_drafts_are_built_with_the_drafts_option(tmp_path: Path) -> None:
    site = build(tmp_path, "--drafts", events=EVENTS + DRAFT_EVENT)
    page = soup(site / "events" / "secret-talks" / "index.html")
    assert text(page.h1) == "Secret talks"
    timeline = soup(site / "timeline" / "index.html")
    assert [a.get_text() for a in timeline.select(".event-title a")] == [  # latest first
        "Secret talks", "Victory Day parade", "Kim arrives in Beijing"]
    assert broken_links(site) == []


def test_draft_article_and_its_quote_are_left_out_together(tmp_path: Path) -> None:
    articles = ARTICLES.replace("  outlet: unknown\n", "  outlet: unknown\n  draft: true\n")
    events = EVENTS.replace("    - article: radio-report\n      paragraph: 1\n", "")
    claims = ("- id: how-many-leaders\n  question: How many?\n  statements:\n"
              "    - {source: {article: afp-report}, says: more than 25 world leaders}\n"
              "    - {source: {article: afp-report}, says: a rare trip abroad}\n")
    site = build(tmp_path, articles=articles, events=events, claims=claims)
    assert not (site / "sources" / "radio-report").exists()
    assert [a.get_text() for a in soup(site / "sources" / "index.html").select("main h2 a")] == [
        "Kim arrives in Beijing"]


# -- former ids -----------------------------------------------------------------------------

def test_former_id_leaves_a_redirect_at_the_old_address(tmp_path: Path) -> None:
    events = EVENTS.replace("  title: Victory Day parade\n", "  title: Victory Day parade\n  former_ids: [parade]\n")
    people = PEOPLE.replace("  name: Jane Roe\n", "  name: Jane Roe\n  former_ids: [roe]\n")
    quotes = QUOTES.replace("  speaker: jane-roe\n", "  speaker: jane-roe\n  former_ids: [calculus]\n")
    site = build(tmp_path, events=events, people=people, quotes=quotes)
    old = soup(site / "events" / "parade" / "index.html")
    refresh = old.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"] == "0; url=../../events/victory-parade/index.html"
    assert old.find("meta", attrs={"name": "robots"})["content"] == "noindex"  # type: ignore[index]
    assert [a["href"] for a in main_of(old).find_all("a")] == ["../../events/victory-parade/index.html"]
    assert len(old.find_all("h1")) == 1
    assert (site / "people" / "roe" / "index.html").is_file()
    quotes_page = soup(site / "quotes" / "index.html")
    assert quotes_page.find(id="q-calculus") is not None  # old quote links still land on the quote
    assert broken_links(site) == []


def test_former_id_redirect_canonical_with_base_url(tmp_path: Path) -> None:
    events = EVENTS.replace("  title: Victory Day parade\n", "  title: Victory Day parade\n  former_ids: [parade]\n")
    site = build(tmp_path, "--base-url", "https://example.org/b", events=events)
    old = soup(site / "events" / "parade" / "index.html")
    assert old.find("link", rel="canonical")["href"] == "https://example.org/b/events/victory-parade/"  # type: ignore[index]


# -- base url -------------------------------------------------------------------------------

def test_base_url_makes_canonical_links_absolute(tmp_path: Path) -> None:
    site = build(tmp_path, "--base-url", "https://example.org/briefing")
    expected = {"index.html": "https://example.org/briefing/",
                "events/victory-parade/index.html": "https://example.org/briefing/events/victory-parade/",
                "people/kim-jong-un/index.html": "https://example.org/briefing/people/kim-jong-un/",
                "timeline/index.html": "https://example.org/briefing/timeline/"}
    for rel, url in expected.items():
        links = soup(site / rel).find_all("link", rel="canonical")
        assert [ln["href"] for ln in links] == [url], rel
    # everything else stays relative, so the site still works from disk
    nav = soup(site / "people" / "kim-jong-un" / "index.html").select("nav.site-nav a")
    assert nav[0]["href"] == "../../index.html"
    assert broken_links(site, skip=("404.html",)) == []


def test_base_url_from_site_yaml_and_option_overrides_it(tmp_path: Path) -> None:
    site_yaml = SITE.replace("as_of: 2025-09-05", "as_of: 2025-09-05\nbase_url: https://one.example/")
    site = build(tmp_path, site=site_yaml)
    assert soup(site / "index.html").find("link", rel="canonical")["href"] == "https://one.example/"  # type: ignore[index]
    site = build(tmp_path / "again", "--base-url", "https://two.example/x/", site=site_yaml)
    assert soup(site / "index.html").find("link", rel="canonical")["href"] == "https://two.example/x/"  # type: ignore[index]


def test_not_found_page_links_from_the_root_of_base_urls_path(tmp_path: Path) -> None:
    """Served at any depth, its links go from the host's root, by base_url's path: with the whole base_url, a
    staging copy's page not found was unstyled and led to production (tried by a web developer)."""
    site = build(tmp_path, "--base-url", "https://example.org/briefing/")
    page = soup(site / "404.html")
    assert page.find("link", rel="canonical") is None
    hrefs = [a["href"] for a in main_of(page).find_all("a")]
    assert hrefs[0] == "/briefing/"
    stylesheet = page.find("link", rel="stylesheet")
    assert stylesheet is not None and stylesheet["href"] == "/briefing/static/style.css"


def test_description_meta_is_plain_text(built: Path) -> None:
    page = soup(built / "events" / "kim-arrives" / "index.html")
    meta = page.find("meta", attrs={"name": "description"})
    assert meta is not None and meta["content"] == "Kim Jong Un arrives with Kim Yo Jong."
    assert not re.search(r"\[\[|\]\]|<", str(meta["content"]))


def test_a_paraphrase_is_shown_as_the_articles_words_after_the_direct_quotes(tmp_path: Path) -> None:
    """`paraphrase: true`: the article's sentence reporting what someone said, labelled as such, never in
    quotation marks, after the speaker's own words; in the data, flagged; not a schema.org Quotation."""
    site = build(tmp_path, quotes=QUOTES.replace("- id: roe-calculus", """\
- id: radio-banquet
  speaker: jane-roe
  text: State radio said 26 world leaders attended the parade
  source: {article: radio-report}
  paraphrase: true
- id: roe-calculus"""))
    quotes = main_of(soup(site / "quotes" / "index.html"))
    figure = quotes.find(id="q-radio-banquet")
    assert isinstance(figure, Tag) and "paraphrase" in figure["class"]
    assert text(figure.select_one(".reported")) == "Reported, not quoted: the article’s words"
    roe = quotes.find(id="q-roe-calculus")
    assert isinstance(roe, Tag) and roe.select_one(".reported") is None
    css = (site / "static" / "style.css").read_text(encoding="utf-8")
    assert ".paraphrase blockquote p::before, .paraphrase blockquote p::after { content: none; }" in css
    assert [q["id"] for q in quotes.select("figure.quote")] == ["q-roe-calculus", "q-radio-banquet"]
    cited = text(figure.select_one(".cite-text"))  # the article's words, not put in the speaker's mouth
    assert ", reported: State radio said 26 world leaders attended the parade" in cited and "‘State" not in cited
    assert "1 verified quote, 1 paraphrase and" in text(main_of(soup(site / "index.html")))
    used = soup(site / "sources" / "radio-report" / "index.html").find_all(string=re.compile("State radio said"))
    assert used and not [u for u in used if "“State radio" in u]
    person = main_of(soup(site / "people" / "jane-roe" / "index.html"))
    assert [q.get("class") for q in person.select("figure.quote")] == [["quote"], ["quote", "paraphrase"]]
    data = json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert {q["id"]: q["paraphrase"] for q in data["quotes"]} == {"radio-banquet": True, "roe-calculus": False}
    ld = [json.loads(s.get_text()) for s in soup(site / "quotes" / "index.html").select(
        'script[type="application/ld+json"]')]
    assert [g["text"] for block in ld for g in block.get("@graph", []) if g.get("@type") == "Quotation"] == [
        "The visit changes the calculus completely"]


def test_no_item_id_can_take_an_id_of_the_page_itself(tmp_path: Path) -> None:
    """A quote named `more` or `count`, a claim named `X-q` beside `X`: each keeps its anchor, and the page's
    own elements (the quotes' filters, counter and "Show more", a question's heading) keep theirs."""
    quotes = QUOTES + "".join(f"""\
- id: {ident}
  speaker: jane-roe
  text: {text}
  source: {{article: afp-report}}
""" for ident, text in (("more", "The visit changes"), ("count", "changes the calculus"),
                        ("filter", "the calculus completely"), ("kind", "visit changes the calculus"),
                        ("speaker", "The visit changes the calculus")))  # each their own words: one quote each
    claims = RESOLVED_CLAIMS + RESOLVED_CLAIMS.split("- id: banquet")[0].replace("how-many-leaders", "how-many-leaders-q")
    site = build(tmp_path, quotes=quotes, claims=claims)
    for page in html_pages(site):
        ids = [tag["id"] for tag in soup(page).find_all(id=True)]
        assert [i for i in ids if ids.count(i) > 1] == [], page
    page = soup(site / "quotes" / "index.html")
    assert [page.find(id=f"q-{ident}").name for ident in ("more", "count", "filter")] == ["figure"] * 3
    question = soup(site / "claims" / "index.html").find(id="c-how-many-leaders-q")
    assert question is not None and question.name == "section"


def test_unknown_role_and_country_are_shown_as_not_known_never_as_a_role(tmp_path: Path) -> None:
    """`unknown`, the placeholder `accept` leaves where the text gave no role or country: the person's page says
    "Not known", and no page, citation or JSON-LD gives "unknown" as if it were a role ("Jane Roe, unknown")."""
    people = PEOPLE.replace("  role: Analyst\n  country: United States\n  affiliation: Example Institute\n",
                            "  role: unknown\n  country: unknown\n")
    site = build(tmp_path, people=people)
    page = soup(site / "people" / "jane-roe" / "index.html")
    facts = {d.dt.get_text(): d.dd.get_text() for d in main_of(page).select("dl.summary-list > div") if d.dt and d.dd}
    assert (facts["Role"], facts["Country"]) == ("Not known", "Not known")
    ld = [json.loads(s.get_text()) for s in page.select('script[type="application/ld+json"]')]
    assert [p for p in ld if p.get("@type") == "Person" and ("jobTitle" in p or "nationality" in p)] == []
    for rel in ("people/jane-roe/index.html", "quotes/index.html", "people/index.html", "events/victory-parade/index.html"):
        words = text(main_of(soup(site / rel)))
        assert not re.search(r"Jane Roe,? \(?unknown|Roe \(unknown\)", words), rel
    assert "Jane Roe: ‘The visit changes" in text(main_of(soup(site / "quotes" / "index.html")))


def test_an_articles_page_links_the_quotes_taken_from_it(built: Path) -> None:
    cited = main_of(soup(built / "sources" / "afp-report" / "index.html")).find("section", attrs={
        "aria-labelledby": "cited"})
    facts = {d.dt.get_text(): d.dd for d in cited.select("dl.summary-list > div")}
    assert [(a.get_text(), a["href"]) for a in facts["Quotes from it"].find_all("a")] == [
        ("Jane Roe: “The visit changes the calculus completely”", "../../quotes/index.html#q-roe-calculus")]
    radio = main_of(soup(built / "sources" / "radio-report" / "index.html")).find("section", attrs={
        "aria-labelledby": "cited"})
    assert {d.dt.get_text(): text(d.dd) for d in radio.select("dl.summary-list > div")}["Quotes from it"] == "None"


def test_a_theme_page_leaves_out_the_sections_it_has_nothing_for(tmp_path: Path) -> None:
    site = build(tmp_path, themes=THEMES + "- id: sanctions\n  title: Sanctions\n  summary: Not yet curated.\n")
    main = main_of(soup(site / "themes" / "sanctions" / "index.html"))
    assert [text(h) for h in main.find_all("h2")] == ["Cite this"]
    assert [text(h) for h in main_of(soup(site / "themes" / "china-ties" / "index.html")).find_all("h2")][:2] == [
        "Events", "Quotes"]


def test_a_claims_page_without_claims_says_there_are_none(tmp_path: Path) -> None:
    events = EVENTS.replace("[[how-many-leaders]]", "the count")  # the fixture's event links the claim
    assert "how-many-leaders" not in events
    page = main_of(soup(build(tmp_path, claims="", events=events) / "claims" / "index.html"))
    assert [text(p) for p in page.find_all("p", recursive=False)][-1] == "No point where the sources differ is set out yet."
    assert page.select(".cite-files") == []  # no files of citations to offer: there is nothing in them


def test_a_themes_events_come_under_their_years_when_there_are_several(tmp_path: Path) -> None:
    """Tried on 300 BBC articles: 29 events in one list, the latest 4,000 px down, with nothing to find a year by."""
    more = ("- id: old-visit\n  title: An old visit\n  summary: S.\n  date: 2019-01\n  themes: [china-ties]\n"
            "  sources: [{article: afp-report}]\n")
    main = main_of(soup(build(tmp_path, events=EVENTS + more) / "themes" / "china-ties" / "index.html"))
    section = main.select_one("section[aria-labelledby=events]")
    assert section is not None
    assert [text(h) for h in section.select("h3.year")] == ["2025", "2019"]  # latest first, as the timeline
    assert [text(a) for a in section.select(".event-title a")] == ["Victory Day parade", "Kim arrives in Beijing",
                                                                   "An old visit"]


def test_right_to_left_text_keeps_its_direction_and_an_outlet_its_place(tmp_path: Path) -> None:
    """Tried with an Arabic article: its paragraphs ran left to right, the full stop at the start; its outlet beside
    a date scrambled it ("4 ,الجزيرة September 2025")."""
    arabic = "قال عبد الرحمن الهاشمي إن المحادثات ستستمر في الأسبوع المقبل."
    root = make_briefing(tmp_path, alpha=ALPHA.replace("Kim and Xi Jinping met for two hours on Thursday.", arabic),
                         articles=ARTICLES.replace("  outlet: AFP\n", "  outlet: الجزيرة\n"))
    assert run_build(root, "--out", "site")[0] == 0
    site = root / "site"
    paragraph = next(p for p in soup(site / "sources" / "afp-report" / "index.html").select(".source-text .para p")
                     if arabic in p.get_text())
    assert paragraph.get("dir") == "auto"  # the browser gives it the direction of its first letters
    for page in ("index.html", "sources/index.html"):
        outlets = [b.get_text() for b in soup(site / page).select("main bdi")]
        assert "الجزيرة" in outlets, page  # isolated from the date beside it
    quotes = soup(site / "quotes" / "index.html").select("figure.quote blockquote p")
    assert quotes and all(q.get("dir") == "auto" for q in quotes)


def test_names_are_listed_as_an_alphabet_orders_them(tmp_path: Path) -> None:
    """Tried on a French briefing: by code point, "Élisabeth Morel" came after "Ursula von der Leyen" on /people/
    and in the quotes' speaker filter; accents and case aside, she comes first."""
    more = "".join(f"- id: {ident}\n  name: {name}\n  kind: official\n  role: Minister\n  country: France\n"
                   "  summary: S.\n" for ident, name in (("zola", "Ursula von der Leyen"), ("morel", "Élisabeth Morel")))
    site = build(tmp_path, people=PEOPLE + more)
    officials = [text(a) for group in main_of(soup(site / "people/index.html")).select("section, .people-group")
                 for a in group.select("h2 ~ * a, h3 ~ * a") if "Official" in text(group.find(["h2", "h3"]))]
    assert officials.index("Élisabeth Morel") < officials.index("Ursula von der Leyen"), officials
