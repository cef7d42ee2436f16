"""Everyday reader tasks, played by clicking in Chromium on the bundled briefing.

Each test opens the home page (the only address typed), then only clicks, types into
the search box or a form's controls and presses Enter, and asserts that the answer is
reached within two page loads after the first search or navigation choice. A load is a
document load in the main frame (`load`); a jump to an anchor in the same page, a
filter that rewrites the address with `history.replaceState`, is not one.

The answers are written down below as data, from reading content/*.yaml and seeds/,
before any page is driven: never worked out from the pages. A paragraph is named as
the site names it, `sources/ID/#pN`, N counting the article's paragraphs and photo
captions (headings, byline and dateline not counted) as `briefing.articles` does.

The bundled briefing is built once per session (`bundled`, conftest.py) and served
over HTTP from 127.0.0.1 (`http_site`), a secure context, so the clipboard works.
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import http_site

LOADS = 2  # the most page loads a task may take after its first choice
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SITE_TITLE = "Kim Jong Un in Beijing"  # content/site.yaml `title`


# -- the answers, from content/ and seeds/ --------------------------------------------


@dataclass(frozen=True)
class Cited:
    """A paragraph: where it is, the words of its link, and words it holds (on an item's page, shown beside the
    link as the excerpt or the reported words)."""

    where: str  # "sources/ID/#pN"
    label: str  # the source's title as the link names it, then ", ¶ N"
    words: str


@dataclass(frozen=True)
class Item:
    """An item's page or anchor (`where`, relative to the site, without index.html) and what it shows."""

    where: str
    title: str
    shows: tuple[str, ...] = ()
    cites: tuple[Cited, ...] = ()


# 1. Kim's last visit to China before this trip: events.yaml `kim-china-visit-2019-01` (date 2019-01), whose one
# source is the CSDS analysis; its excerpt is in seeds/002_…, line 4, the first paragraph after the byline, the
# date and the "Introduction" heading: ¶1.
LAST_VISIT = Item(
    where="events/kim-china-visit-2019-01/",
    title="Kim Jong Un's last trip to China before 2025",
    shows=("January 2019", "China"),
    cites=(Cited("sources/csds-pacheco-pardo-analysis/#p1",
                 "Why Kim Jong Un attended China's Victory Day parade and what it implies, ¶ 1",
                 "This was also Kim Jong-un’s first trip to China since January 2019"),),
)


@dataclass(frozen=True)
class Said:
    """One quote as the quotes page shows it: its words, the speaker and the speaker's affiliation (or, with
    none in people.yaml, the role)."""

    text: str
    speaker: str
    credential: str


# 2. Every analyst quote on a theme (quotes.yaml; kind and affiliation from people.yaml).
ANALYSTS_ON: dict[str, tuple[str, tuple[Said, ...]]] = {
    "us-diplomacy": ("US diplomacy and Trump", (
        Said("serve as a useful go-between (for) Kim and Trump", "Vladimir Tikhonov", "University of Oslo"),
        Said("Putin has been indicted for war-related crimes, but he is also perhaps the only contemporary power "
             "holder whom both Trump and Kim trust", "Vladimir Tikhonov", "University of Oslo"),
        Said("calculus changes completely", "Seong-Hyon Lee", "Harvard University Asia Center"),
    )),
    "parade-military-signalling": ("The parade as military and political signalling", (
        Said("What better way to send a visual message to the rest of the world, notably the US, Japan, and South "
             "Korea, that this is indeed the trilateral they are up against?", "Soo Kim",
             "Geopolitical risk consultant and former CIA analyst"),
        Said("political theatre of the highest order... the primary message is the political solidarity of this "
             "new axis", "Seong-Hyon Lee", "Harvard University Asia Center"),
    )),
}

# 3. How many leaders attended the parade: claims.yaml `how-many-leaders`, four statements that differ, and the
# editors' note that no article gives a final count.
LEADERS = Item(
    where="claims/#c-how-many-leaders",
    title="How many foreign leaders attended the Beijing parade?",
    shows=("Kim and Putin are among more than 25 world leaders slated to attend",
           "who is among 26 world leaders expected to attend a major military parade in Beijing",
           "He will join 26 foreign leaders at next Wednesday’s parade in Beijing",
           "The event, which drew about two dozen global leaders",
           "None of the articles gives a final count of the leaders who attended."),
)

# 4. What happened on 3 and 4 September 2025: the two events dated to those days (events.yaml), the events
# dated to other days around them, and the vaguer events whose span takes in both days (known to the month,
# the year or a range of years), which a date filter cannot rule out.
ON_THE_DAYS = {"Beijing Victory Day parade": "3 September 2025",
               "Kim Jong Un and Xi Jinping hold a summit": "4 September 2025"}
OTHER_DAYS = ("Xi Jinping and Vladimir Putin meet in Beijing",  # 2025-09-02
              "China and North Korea announce Kim's visit",  # 2025-08-28
              "Trump and Putin meet in Anchorage on ending the war in Ukraine",  # 2025-08-15
              "80th anniversary of North Korea's Workers' Party")  # 2025-10
SPANNING_THE_DAYS = ("Kim Jong Un and Vladimir Putin hold a bilateral meeting in Beijing",  # 2025-09
                     "Xi and Putin criticise the West at the SCO gathering in Tianjin",  # ~2025-09
                     "Kim Jong Un travels into China by armored train",  # ~2025-09
                     "Xi Jinping's planned visit to South Korea for a major summit",  # 2025, expected
                     "Pyongyang rejects improving ties with Seoul",  # ~2025
                     "North Korean troops sent to support Russia's war in Ukraine",  # 2022 to 2025
                     "North Korean weapons and ammunition shipped to Russia",  # 2022 to 2025
                     "North Korea declares itself an irreversible nuclear state")  # 2019 to 2025

# 5. Who a person is and why they matter: people.yaml (the summary's [[kim-jong-un]] shows as his name). Xi Jinping
# is the person of task 6; all three are printed in task 11.
PEOPLE = {
    "seong-hyon-lee": Item(
        where="people/seong-hyon-lee/", title="Seong-Hyon Lee",
        shows=("Visiting scholar and associate", "Harvard University Asia Center",
               ('Calls the parade "political theatre of the highest order" whose message is the solidarity of a new '
                "axis, and argues the security guarantees of the new trilateral relationship make North Korea's "
                "nuclear arsenal non-negotiable."))),
    "kim-ju-ae": Item(
        where="people/kim-ju-ae/", title="Kim Ju-ae",
        shows=("Daughter of Kim Jong Un",
               ("Kim Jong Un's daughter, who travelled with him to China in September 2025, her first known trip "
                "abroad. Being treated as the second most important person in the delegation casts her, in one "
                "analysis, as North Korea's potential heir apparent."))),
    "xi-jinping": Item(
        where="people/xi-jinping/", title="Xi Jinping",
        shows=("President of China",
               ("China's president, who hosted the Beijing military parade marking the 80th anniversary of the end "
                "of the Second World War and, according to North Korean state media, invited Kim Jong Un."))),
}

# 6. What Xi said of the relationship with Kim, reported not quoted: quotes.yaml `xi-relationship-firm`
# (paraphrase), in seeds/004_…, line 6: ¶1 is line 1, line 2 a heading, ¶2 and ¶3 lines 3 and 4, line 5 a
# heading, so ¶4.
XI_REPORTED = Item(
    where=PEOPLE["xi-jinping"].where, title=PEOPLE["xi-jinping"].title,
    shows=(("Xi Jinping emphasized that the relationship between China and North Korea remained firm regardless "
            "of changes in the international landscape"),),
    cites=(Cited("sources/reemergence-analysis/#p4",
                 "Kim Jong Un's return to the international stage at the Beijing parade, ¶ 4",
                 "Xi Jinping emphasized that the relationship between China and North Korea remained firm regardless "
                 "of changes in the international landscape"),),
)

# 7. A phrase found in the sources: what is typed, and the paragraph it is in. seeds/000_… (AFP): ¶32 is its last
# line, counting its two photo captions and not its five headings; seeds/004_… line 3 is ¶2, and it spells
# "armored"; seeds/002_… line 9 is ¶4 (byline, date and three headings not counted).
PHRASES = {
    "nuisance value into strategic relevance": Cited(
        "sources/afp-what-we-know/#p32",
        "AFP explainer on Kim Jong Un's Beijing trip and what analysts say it means",
        "He has successfully leveraged his nuisance value into strategic relevance."),
    "armoured train": Cited(
        "sources/reemergence-analysis/#p2",
        "Kim Jong Un's return to the international stage at the Beijing parade",
        "Kim traveled to the Chinese capital aboard his trademark armored train"),
    "strategic realignment of North Korea": Cited(
        "sources/csds-pacheco-pardo-analysis/#p4",
        "Why Kim Jong Un attended China's Victory Day parade and what it implies",
        "the strategic realignment of North Korea as a strong partner and ally of both China and Russia"),
}

# 8. The events still expected: events.yaml `status: expected`.
EXPECTED = {"80th anniversary of North Korea's Workers' Party": "events/wpk-80th-anniversary-2025/",
            "Possible reciprocal visit by Xi Jinping to Pyongyang": "events/xi-reciprocal-visit-pyongyang/",
            "Xi Jinping's planned visit to South Korea for a major summit": "events/xi-visit-south-korea-2025/",
            "North Korean party congress": "events/party-congress-2026/"}

# 9. An event cited in a memo: events.yaml `victory-day-parade-2025` (3 September 2025), cited as an item of
# the briefing (site.yaml `title`) at its own address.
PARADE = Item(where="events/victory-day-parade-2025/", title="Beijing Victory Day parade",
              shows=(SITE_TITLE, "Beijing Victory Day parade (3 September 2025)",
                     "events/victory-day-parade-2025/"))


# -- the reader -----------------------------------------------------------------------


def said(text: str) -> str:
    """Text as compared: white space made single, typographic quotes and apostrophes kept as they are."""
    return " ".join(text.split())


class Reader:
    """One reader in one tab: opens the home page, then only clicks and types. Counts the page loads."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.loads: list[str] = []  # the address of every document loaded since the home page
        self.errors: list[str] = []
        page.on("load", lambda loaded: self.loads.append(self.place(loaded.url)))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    # what the reader does

    def home(self) -> None:
        """The one address typed: the briefing's home page. Loads are counted from here."""
        self.page.goto(self.base, wait_until="load")
        assert self.place(self.page.url) == "", self.page.url
        self.loads.clear()

    def follow(self, link: Any) -> None:
        """Click something that opens another page, and wait for it to load."""
        link.scroll_into_view_if_needed()
        with self.page.expect_navigation(wait_until="load"):
            link.click()

    def search(self, words: str) -> None:
        """Type into the search box in the header (or on the search page) and press Enter."""
        box = self.page.get_by_role("searchbox").first
        box.click()
        box.fill(words)
        if self.place(self.page.url).startswith("search/"):
            box.press("Enter")  # the search page searches in place
        else:
            with self.page.expect_navigation(wait_until="load"):
                box.press("Enter")

    def nav(self, section: str) -> None:
        """Choose a section in the header's navigation."""
        self.follow(self.page.get_by_role("navigation", name="Sections").get_by_role("link", name=section,
                                                                                      exact=True))

    # what the reader sees

    def place(self, url: str) -> str:
        """An address as the answers name it: relative to the site, without index.html, with its #fragment."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        base = urlsplit(self.base).path
        assert path.startswith(base), f"{url} is not in the site {self.base}"
        path = path[len(base):]
        path = path.removesuffix("index.html")
        return path + (f"#{parts.fragment}" if parts.fragment else "")

    @property
    def at(self) -> str:
        return self.place(self.page.url)

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def results(self) -> Any:
        """The search results, once the search has run and says how many it found."""
        expect(self.page.get_by_role("status").filter(has_text=re.compile(r"results?\b"))).to_have_text(
            re.compile(r"^(\d+ results?|No results)\b(?!.*so far)"))
        return self.page.locator("#search-results > li")

    def result(self, title: str, kind: str) -> Any:
        """The link of the search result titled `title` whose line of kind begins with `kind`."""
        self.results()
        found = self.page.locator("#search-results > li").filter(
            has=self.page.get_by_text(re.compile("^" + re.escape(kind)))).filter(
            has=self.page.get_by_role("link", name=title, exact=True))
        found.first.wait_for(state="visible")
        return found.first.get_by_role("link", name=title, exact=True)

    def visible_text(self, where: Any | None = None) -> str:
        return said((where or self.page.locator("main")).inner_text())

    def in_view(self, element: Any) -> bool:
        """Whether some of the element is inside the window, as the reader sees it (not scrolled past)."""
        box = element.bounding_box()
        size = self.page.viewport_size
        return bool(box and size and box["y"] < size["height"] and box["y"] + box["height"] > 0)

    def sideways(self) -> int:
        """How far the page scrolls sideways (0: it fits the window)."""
        return int(self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))

    def within(self, loads: int = LOADS) -> None:
        """The answer is on screen: it took at most `loads` page loads after the first choice."""
        print(f"{len(self.loads)} load(s): {' -> '.join(self.loads) or '(home page only)'}")
        assert len(self.loads) <= loads, (
            f"the answer took {len(self.loads)} page loads, more than {loads}: {' -> '.join(self.loads)}")
        assert self.errors == [], f"script errors on the way: {self.errors}"


@pytest.fixture(scope="module")
def served(bundled: tuple[Path, float, str]) -> Iterator[str]:
    with http_site(bundled[0]) as (address, _):
        yield address


def _reader(browser: Any, served: str, viewport: dict[str, int], **options: Any) -> Iterator[Reader]:
    context = browser.new_context(viewport=viewport, **options)
    try:
        yield Reader(context.new_page(), served)
    finally:
        context.close()


@pytest.fixture
def reader(browser: Any, served: str) -> Iterator[Reader]:
    yield from _reader(browser, served, DESKTOP)


@pytest.fixture
def phone(browser: Any, served: str) -> Iterator[Reader]:
    yield from _reader(browser, served, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


# -- the tasks, each a route a reader takes; the phone plays some again ------------------


def check_item_page(reader: Reader, item: Item) -> None:
    """On the item's page: its heading, the words it shows, and each paragraph it cites, linked and quoted."""
    assert reader.at == item.where
    heading = reader.page.get_by_role("heading", level=1)
    assert said(heading.inner_text()) == item.title
    text = reader.visible_text()
    for words in item.shows:
        assert said(words) in text, f"{item.where} does not show {words!r}"
    for cited in item.cites:
        link = reader.page.get_by_role("link", name=cited.label, exact=True)
        entry = reader.page.locator("main li, main figure").filter(has_text=said(cited.words)).filter(has=link)
        assert entry.count() >= 1, f"{item.where}: no {cited.label!r} beside the words {cited.words!r}"
        assert entry.first.is_visible()
        assert reader.place(str(entry.first.get_by_role("link", name=cited.label, exact=True).first.evaluate(
            "a => a.href"))) == cited.where


def last_visit_by_search(reader: Reader) -> None:
    reader.home()
    reader.search("last trip to China")
    reader.follow(reader.result(LAST_VISIT.title, "Event"))
    reader.within()
    check_item_page(reader, LAST_VISIT)


def last_visit_by_timeline(reader: Reader) -> None:
    reader.home()
    reader.nav("Timeline")
    reader.follow(reader.page.locator(".tl-list").get_by_role("link", name=LAST_VISIT.title, exact=True))
    reader.within()
    check_item_page(reader, LAST_VISIT)


@pytest.mark.parametrize("route", [last_visit_by_search, last_visit_by_timeline], ids=["search", "timeline"])
def test_1_when_kim_last_visited_china_and_who_says_so(reader: Reader, route: Callable[[Reader], None]) -> None:
    route(reader)
    # The answer (the event, its source and paragraph, the words quoted) is on the event page. Following the link,
    # a load beyond the task's two, checks that the paragraph it leads to says so in its own words.
    cited = LAST_VISIT.cites[0]
    reader.follow(reader.page.get_by_role("link", name=cited.label, exact=True).first)
    assert reader.at == cited.where
    target = reader.page.locator(":target")
    assert said(cited.words) in said(target.inner_text())
    assert reader.in_view(target)


@pytest.mark.parametrize("theme", list(ANALYSTS_ON))
def test_2_every_analyst_quote_on_a_theme(reader: Reader, theme: str) -> None:
    label, wanted = ANALYSTS_ON[theme]
    reader.home()
    reader.nav("Quotes")
    kind = reader.page.get_by_label("Kind of speaker")
    assert kind.is_visible(), "the quotes page has no filter by kind of speaker"
    kind.select_option(label="Analysts")
    reader.page.get_by_label("Theme", exact=True).select_option(label=label)
    reader.within()
    assert reader.at == "quotes/"
    assert reader.query == {"kind": ["analyst"], "theme": [theme]}, "the choice is not kept in the address"
    shown = reader.page.locator("main figure.quote:visible")
    texts = [said(t) for t in shown.locator("blockquote").all_inner_texts()]
    assert sorted(texts) == sorted(said(s.text) for s in wanted)
    for quote in wanted:
        figure = shown.filter(has=reader.page.locator("blockquote", has_text=said(quote.text)))
        caption = said(figure.locator("figcaption").first.inner_text())
        assert quote.speaker in caption and quote.credential in caption, caption
    count = said(reader.page.get_by_role("status").filter(has_text="quotes").first.inner_text())
    assert count.startswith(f"{len(wanted)} of "), count


def leaders_by_search(reader: Reader) -> None:
    reader.home()
    reader.search("how many leaders attended the parade")
    reader.follow(reader.result(LEADERS.title, "Claim"))
    reader.within()
    check_claim(reader)


def leaders_by_claims_page(reader: Reader) -> None:
    reader.home()
    reader.nav("Claims")
    reader.within()
    claim = reader.page.get_by_role("heading", name=re.compile("^" + re.escape(LEADERS.title)))
    claim.scroll_into_view_if_needed()
    assert claim.is_visible()
    fragment = LEADERS.where.split("#")[1]
    assert claim.evaluate("(h, id) => !!h.closest('[id=\"' + id + '\"]') || h.id === id", fragment), (
        f"the question is not the element #{fragment} that links to it lead to")
    text = reader.visible_text(reader.page.locator(f"[id='{fragment}']"))
    for words in LEADERS.shows:
        assert said(words) in text, f"the claim does not show {words!r}"


def check_claim(reader: Reader) -> None:
    assert reader.at == LEADERS.where
    target = reader.page.locator(":target")
    assert reader.in_view(target), "the claim linked to is not on screen"
    text = reader.visible_text(target)
    assert LEADERS.title in text
    for words in LEADERS.shows:
        assert said(words) in text, f"the claim does not show {words!r}"


@pytest.mark.parametrize("route", [leaders_by_search, leaders_by_claims_page], ids=["search", "claims-page"])
def test_3_how_many_leaders_attended_and_whether_the_sources_agree(reader: Reader,
                                                                    route: Callable[[Reader], None]) -> None:
    route(reader)


def test_4_what_happened_on_two_days(reader: Reader) -> None:
    reader.home()
    reader.nav("Timeline")
    reader.page.get_by_label("From", exact=True).fill("2025-09-03")
    reader.page.get_by_label("To", exact=True).fill("2025-09-04")
    reader.page.get_by_label("To", exact=True).press("Enter")
    reader.within()
    assert reader.at == "timeline/"
    assert reader.query.get("from") == ["2025-09-03"] and reader.query.get("to") == ["2025-09-04"]
    events = reader.page.locator(".tl-list .tl-item")
    shown = {said(e.get_by_role("heading").first.inner_text()): said(e.inner_text())
             for e in events.all() if e.is_visible()}
    for title, day in ON_THE_DAYS.items():
        assert title in shown, f"{title} ({day}) is not shown"
        assert day in shown[title]
    for title in OTHER_DAYS:
        assert title not in shown, f"{title}, on another day, is shown"
    assert set(shown) == set(ON_THE_DAYS) | set(SPANNING_THE_DAYS)
    count = said(reader.page.get_by_role("status").filter(has_text="events").first.inner_text())
    assert count.startswith(f"{len(shown)} of "), count


def person_by_search(reader: Reader, who: str) -> None:
    reader.home()
    reader.search(PEOPLE[who].title)
    reader.follow(reader.result(PEOPLE[who].title, "Person"))
    reader.within()
    check_person(reader, PEOPLE[who])


def person_from_people(reader: Reader, who: str) -> None:
    reader.home()
    reader.nav("People")
    reader.follow(reader.page.locator("main").get_by_role("link", name=PEOPLE[who].title, exact=True).first)
    reader.within()
    check_person(reader, PEOPLE[who])


def check_person(reader: Reader, person: Item) -> None:
    check_item_page(reader, person)
    summary = reader.page.get_by_text(person.shows[-1][:40])
    assert summary.first.is_visible() and reader.in_view(summary.first), "the summary is not on the first screen"


@pytest.mark.parametrize("who", ["seong-hyon-lee", "kim-ju-ae"])
@pytest.mark.parametrize("route", [person_by_search, person_from_people], ids=["search", "people-page"])
def test_5_who_a_person_is(reader: Reader, route: Callable[[Reader, str], None], who: str) -> None:
    route(reader, who)


def test_6_what_xi_said_of_the_relationship_reported_not_quoted(reader: Reader) -> None:
    person_from_people(reader, "xi-jinping")
    check_item_page(reader, XI_REPORTED)
    section = reader.page.get_by_role("region", name=re.compile(r"^Reported speech"))
    assert section.is_visible(), "the person page has no 'Reported speech' section"
    text = reader.visible_text(section)
    for words in XI_REPORTED.shows:
        assert said(words) in text
    assert "Reported, not quoted" in text
    quotes = reader.page.get_by_role("region", name=re.compile(r"^Quotes"))
    for words in XI_REPORTED.shows:
        assert quotes.count() == 0 or said(words) not in reader.visible_text(quotes), "reported speech as a quote"
    link = section.get_by_role("link", name=XI_REPORTED.cites[0].label, exact=True).first
    assert reader.place(str(link.evaluate("a => a.href"))) == XI_REPORTED.cites[0].where


@pytest.mark.parametrize("words", list(PHRASES))
def test_7_find_a_phrase_in_the_sources(reader: Reader, words: str) -> None:
    cited = PHRASES[words]
    reader.home()
    reader.search(words)
    reader.follow(reader.result(cited.label, "Article text"))
    reader.within()
    assert reader.at == cited.where
    target = reader.page.locator(":target")
    assert said(cited.words) in said(target.inner_text())
    assert reader.in_view(target), "the paragraph found is not on screen"
    marked = reader.page.locator("main").get_by_role("heading", level=1)
    assert said(marked.inner_text()) == cited.label


def expected_on_home(reader: Reader) -> list[str]:
    reader.home()
    section = reader.page.get_by_role("region", name=re.compile(r"^Next to watch"))
    return [said(t) for t in section.get_by_role("heading", level=3).all_inner_texts()]


def expected_on_timeline(reader: Reader) -> list[str]:
    reader.home()
    reader.nav("Timeline")
    reader.page.get_by_label("Status", exact=True).select_option(label="Expected")
    events = reader.page.locator(".tl-list .tl-item")
    return [said(e.get_by_role("heading").first.inner_text()) for e in events.all() if e.is_visible()]


def expected_by_search(reader: Reader) -> list[str]:
    reader.home()
    reader.search("")
    reader.page.get_by_text("Narrow the results").click()
    reader.page.get_by_label("Event status").select_option(label="Expected")
    results = reader.results()
    return [said(r.get_by_role("link").first.inner_text()) for r in results.all() if r.is_visible()]


@pytest.mark.parametrize("route", [expected_on_home, expected_on_timeline, expected_by_search],
                         ids=["home", "timeline", "search"])
def test_8_which_events_are_still_expected(reader: Reader, route: Callable[[Reader], list[str]]) -> None:
    titles = route(reader)
    reader.within()
    assert sorted(titles) == sorted(EXPECTED)
    link = reader.page.locator("main").get_by_role("link", name=next(iter(EXPECTED)), exact=True).first
    assert reader.place(str(link.evaluate("a => a.href"))) == next(iter(EXPECTED.values()))


def test_9_cite_an_event_in_a_memo(browser: Any, served: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.rstrip("/"))
    try:
        reader = Reader(context.new_page(), served)
        reader.home()
        latest = reader.page.get_by_role("region", name=re.compile(r"^Latest events"))
        reader.follow(latest.get_by_role("link", name=PARADE.title, exact=True))
        reader.within()
        assert reader.at == PARADE.where
        block = reader.page.get_by_role("region", name=re.compile(r"^Cite this"))
        block.scroll_into_view_if_needed()
        citation = block.locator("p").first
        text = said(citation.inner_text())
        for words in PARADE.shows:
            assert words.casefold() in text.casefold(), f"the citation lacks {words!r}: {text}"
        assert text.startswith(SITE_TITLE), text
        button = block.get_by_role("button", name="Copy citation")
        assert button.is_visible(), "no Copy citation button"
        button.click()
        expect(block.get_by_role("button", name="Copied")).to_be_visible(timeout=5000)
        copied = said(str(reader.page.evaluate("navigator.clipboard.readText()")))
        assert copied == text
        assert (served + PARADE.where) in copied, "the citation does not give the page's address as served"
    finally:
        context.close()


@pytest.mark.parametrize("route", [last_visit_by_search, leaders_by_search, person_from_people],
                         ids=["last-visit-by-search", "leaders-by-search", "person-from-people"])
def test_10_on_a_phone(phone: Reader, route: Callable[..., None]) -> None:
    if route is person_from_people:
        route(phone, "kim-ju-ae")
    else:
        route(phone)
    assert phone.sideways() == 0, "the answer's page scrolls sideways on a 390 px phone"


@pytest.mark.parametrize("who", list(PEOPLE))
def test_11_print_a_person_as_a_handout(reader: Reader, who: str) -> None:
    from pypdf import PdfReader

    person_from_people(reader, who)
    reader.page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(reader.page.pdf(format="A4")))
    lines = top_down(pdf.pages[0])
    first = said(" ".join(lines))
    assert len(pdf.pages) <= 2, f"{PEOPLE[who].title} prints on {len(pdf.pages)} A4 pages, more than 2"
    assert first.startswith(SITE_TITLE), f"page one begins {first[:80]!r}, not with the briefing's title"
    assert PEOPLE[who].title in first


def top_down(page: Any) -> list[str]:
    """A PDF page's pieces of text as a reader meets them: from the top of the sheet down, left to right (the
    order a PDF stores them in is the order they were drawn, the running foot of a sheet perhaps first)."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((-round(y), x, text))

    page.extract_text(visitor_text=visit)
    return [text for _, _, text in sorted(pieces)]
