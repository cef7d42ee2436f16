"""The timeline chart: SVG drawn at build time, vague dates as spans, filters in a browser."""
from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from bs4 import BeautifulSoup, Tag

from briefing import chart
from briefing.cache import Cache
from briefing.dates import VagueDate
from briefing.model import Event, chronological
from briefing.pipeline import THEME
from briefing.render import environment

from conftest import EVENTS as EVENTS_YAML, http_site, make_briefing, run_build, soup
from test_browser import Visit


def event(ident: str, date: str, end: str | None = None, status: str = "confirmed",
          people: tuple[str, ...] = (), themes: tuple[str, ...] = ()) -> Event:
    return Event(ident, ident.replace("-", " ").title(), VagueDate.parse(date), VagueDate.parse(end) if end else None,
                 None, people, themes, "", (), status, (), None)  # type: ignore[arg-type]


AS_OF = dt.date(2025, 9, 5)


def url(ident: str) -> str:
    return f"../events/{ident}/"


EVENTS = [event("war", "1950s"), event("handover", "2011"), event("talks", "2018", "2019"),
          event("about", "~2025"), event("arrive", "2025-09-02"), event("parade", "2025-09-03"),
          event("summit", "2025-09-04"), event("month", "2025-09"), event("next", "2025-10", status="expected")]


def marks(c: chart.Chart | None, band: str) -> dict[str, chart.Mark]:
    """The marks of one event each in a band (`overview` or `detail`), by event id."""
    assert c is not None
    drawn = c.overview if band == "overview" else c.detail
    assert drawn is not None
    return {m.members: m for m in drawn.marks if " " not in m.members}


def test_a_vague_date_is_drawn_thin_across_the_whole_span_it_allows() -> None:
    c = chart.timeline(EVENTS, url, AS_OF)
    over = marks(c, "overview")
    assert c is not None
    fifties = next(s for s in c.overview.segments if s.start == 1950)
    assert over["war"].w == pytest.approx(fifties.x1 - fifties.x0, abs=0.2)  # the 1950s are all of their stretch
    year, two_years = over["about"].w, over["talks"].w  # one stretch (2018-2025): one scale
    assert 1.8 * year < two_years < 2.2 * year  # 2018 to 2019 covers two years
    assert "vague" in over["war"].classes and over["war"].h < 10  # thin: it happened in the span, not across it
    assert "approx" in over["about"].classes and "approx" not in over["handover"].classes
    detail = marks(c, "detail")
    assert "exact" in detail["parade"].classes and detail["parade"].h == chart.ROW - 8
    day = detail["parade"].w
    assert 25 * day < detail["month"].w < 35 * day  # September is thirty days of the detail band


def test_empty_decades_become_scale_breaks_and_the_lists_gaps() -> None:
    c = chart.timeline(EVENTS, url, AS_OF)
    assert c is not None
    assert [b.label for b in c.overview.breaks] == ["1960–2010", "2012–2017"]  # more than five empty years: cut out
    assert chart.gaps(EVENTS, AS_OF) == [(1960, 2010), (2012, 2017)]
    labels = [int(t.label) for t in c.overview.ticks]
    assert {1950, 2011, 2018} <= set(labels)
    assert not any(1961 <= y <= 2010 or 2013 <= y <= 2017 for y in labels)
    xs = [t.x for t in c.overview.ticks]
    assert xs == sorted(xs) and all(b - a >= 40 for a, b in zip(xs, xs[1:]))  # labels never overlap


def test_stretches_drawn_to_different_scales_are_said_to_be() -> None:
    """Tried by a reader: the 1990s were drawn half as wide as the one year 2011, the scale changing at each //
    without a word. Each stretch is as wide as its share of the events, by design; the caption now says so."""
    c = chart.timeline(EVENTS, url, AS_OF)
    assert c is not None and c.overview.scales_differ
    one_stretch = [event("a", "2024-03"), event("b", "2025-01"), event("c", "2025-06")]
    drawn = chart.timeline(one_stretch, url, AS_OF)
    assert drawn is not None and not drawn.overview.scales_differ
    macro = environment((THEME / "templates",), Cache()).get_template("partials/timeline_chart.html").module
    for c, said in ((c, True), (drawn, False)):
        caption = BeautifulSoup(str(macro.timeline_chart(c, ())), "html.parser").find(id="tl-overview-caption")
        assert ("is as wide as its share of the events" in caption.get_text()) is said


def _boxes(c: chart.Chart) -> list[tuple[str, float, float, float, float]]:
    """Every overview label's and mark's box, as the layout counts them (x0, y0, x1, y1)."""
    boxes = []
    for m in c.overview.marks:
        assert m.text is not None  # every mark is named
        width = len(m.text.text) * chart.CHAR
        boxes.append((f"label {m.members}", m.text.x, m.text.y - chart.TEXT, m.text.x + width, m.text.y + 3))
        boxes.append((f"mark {m.members}", m.x, m.y, m.x + m.w, m.y + m.h))
    return boxes


def _overlapping(boxes: list[tuple[str, float, float, float, float]]) -> list[tuple[str, str]]:
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


@pytest.mark.parametrize("count", [9, 40, 150, 400])
def test_every_overview_mark_is_named_and_no_label_overlaps_another_or_a_mark(count: int) -> None:
    many = EVENTS + [event(f"e{n}", f"{1990 + n % 35}-{n % 12 + 1:02d}-{n % 28 + 1:02d}") for n in range(count - 9)]
    c = chart.timeline(chronological(many), url, AS_OF)
    assert c is not None
    boxes = _boxes(c)
    assert _overlapping(boxes) == []
    assert all(0 <= x0 and x1 <= chart.WIDTH for _, x0, _, x1, _ in boxes)
    named = {m.members for m in c.overview.marks if m.text and m.text.number}
    assert set(c.numbers) == named  # a number in the chart is a number in the list
    if count <= 40:
        assert not c.overview.counted  # each event a mark, but those of the busy weeks, one mark for them all
        members = [ident for m in c.overview.marks for ident in m.members.split()]
        assert sorted(members) == sorted(e.id for e in many) and len(c.overview.marks) < len(many)
    if count == 400:
        assert c.overview.counted  # too many for lanes: counted by year, each count a label
        assert all(m.url.startswith("#y-") for m in c.overview.marks)


def test_the_busiest_weeks_are_one_overview_mark_drawn_day_by_day_below() -> None:
    c = chart.timeline(EVENTS, url, AS_OF)
    assert c is not None and c.detail is not None
    assert c.detail.title == "September – October 2025"
    assert set(marks(c, "detail")) == {"arrive", "parade", "summit", "month", "next"}  # not years, decades
    assert [m.label for m in c.detail.months] == ["September 2025", "October 2025"]
    group = next(m for m in c.overview.marks if " " in m.members)
    assert group.url == "#tl-detail" and set(group.members.split()) == set(marks(c, "detail"))
    assert group.text is not None and group.text.text.startswith("5 events")
    for m in c.detail.marks:  # each title beside its mark, inside the drawing
        assert m.text is not None and not m.text.number
        right = m.text.x + len(m.text.text) * 0.62 * 13 if m.text.anchor == "start" else m.text.x
        assert right <= chart.WIDTH and (m.text.x if m.text.anchor == "start" else
                                         m.text.x - len(m.text.text) * 0.62 * 13) >= 0


MONTH_LONG = EVENTS_YAML + "".join(f"""\
- id: {ident}
  title: {title}
  date: {date}
  summary: As in a briefing of BBC articles.
  sources:
    - article: afp-report
""" for ident, title, date in [("auction", "Baikal Finance Group buys Yuganskneftegas at auction", "2004-12?"),
                              ("resale", "Rosneft buys Baikal Finance Group", "2004-12?"),
                              ("filing", "Yukos files for Chapter 11 protection in Houston", "2004-12"),
                              ("swindle", 'Illarionov calls the sale "the swindle of the century"', "2004-12-28")])


def test_a_detail_title_stays_whole_inside_the_chart_when_its_mark_spans_the_band(tmp_path: Path) -> None:
    """Events known only to the month fill a one-month band: no room beside them, so each title goes above its
    mark, whole, instead of running off the right edge ("Bai", "Ros", "Yuk")."""
    root = make_briefing(tmp_path, events=MONTH_LONG)
    code, _, err = run_build(root, "--out", "site")
    assert code == 0, err
    detail = soup(root / "site" / "timeline" / "index.html").select_one("#tl-detail svg.tl-svg")
    assert detail is not None
    width = float(str(detail["viewbox"]).split()[2])
    labels, rects = [], []
    for a in detail.select("a.tl-mark"):
        text, rect = a.select_one("text.tl-label"), a.select_one("rect")
        assert text is not None and rect is not None
        words = text.get_text()  # with its ellipsis, if cut
        extent = len(words) * 0.62 * 13  # as chart.py counts a detail label: generous for the system fonts
        x, y = float(str(text["x"])), float(str(text["y"]))
        left = x - extent if text.get("text-anchor") == "end" else x
        assert 0 <= left and left + extent <= width, (words, x, text.get("text-anchor"))
        labels.append((words, left, y - chart.TEXT, left + extent, y + 3))
        rx, ry = float(str(rect["x"])), float(str(rect["y"]))
        rects.append((str(a["data-members"]), rx, ry, rx + float(str(rect["width"])), ry + float(str(rect["height"]))))
    titles = [w for w, *_ in labels]
    assert {"Baikal Finance Group buys Yuganskneftegas at auction", "Rosneft buys Baikal Finance Group",
            "Yukos files for Chapter 11 protection in Houston"} <= set(titles)  # whole, not "Bai…"
    assert _overlapping(labels + rects) == []  # above its mark, on no other label or mark


def test_no_detail_band_without_a_crowded_stretch() -> None:
    c = chart.timeline([event("a", "1950s"), event("b", "2011"), event("c", "2025-09-03")], url, AS_OF)
    assert c is not None and c.detail is None and all(" " not in m.members for m in c.overview.marks)
    assert chart.timeline([], url, AS_OF) is None


def test_a_detail_band_across_new_year_names_both_years() -> None:
    c = chart.timeline([event("a", "2024-12-30"), event("b", "2025-01-02"), event("c", "2025-01-03")], url, AS_OF)
    assert c is not None and c.detail is not None and c.detail.title == "December 2024 – January 2025"
    days = {m.members: m.x for m in c.detail.marks}
    assert days["a"] < days["b"] < days["c"]
    assert [m.label for m in c.detail.months] == ["December 2024", "January 2025"]


def test_open_sides_and_marks_are_drawn_without_an_unbounded_span() -> None:
    """An open end runs to as_of (or its own last day, if later); an open start is drawn as its end; each gets a
    class the stylesheet marks."""
    events = EVENTS + [event("since", "2019-01/.."), event("by", "../2011"), event("later", "2026/.."),
                       event("probably", "2018?"), event("until", "2025-01-01", "2025-09-05")]
    c = chart.timeline(events, url, AS_OF)
    assert c is not None
    over = marks(c, "overview")
    since, until = over["since"], over["until"]
    assert since.x + since.w == pytest.approx(until.x + until.w, abs=0.2)  # to the end of as_of
    assert (over["by"].x, over["by"].w) == (over["handover"].x, over["handover"].w)  # as 2011
    assert over["later"].x + over["later"].w <= c.width - chart.PAD  # 2026, not the end of time
    assert over["since"].classes == "vague open-end confirmed"
    assert over["by"].classes == "vague open-start confirmed"
    assert over["probably"].classes == "vague uncertain confirmed"
    assert over["since"].label == "Since, since January 2019"
    assert [b.label for b in c.overview.breaks] == ["1960–2010", "2012–2017"]  # nothing back to year 1


# The built page: what a reader gets without JavaScript.

def _text(tag: Tag | None) -> str:
    assert tag is not None
    return tag.get_text(" ", strip=True)


def _svgs(page: BeautifulSoup) -> list[Tag]:
    return page.select("svg.tl-svg")


def test_every_event_is_a_mark_linking_to_its_page(bundled: tuple[Path, float, str]) -> None:
    site = bundled[0]
    page = soup(site / "timeline" / "index.html")
    overview, detail = _svgs(page)
    listed = {a["href"] for a in page.select(".tl-item .event-title a")}
    singles = [a for a in overview.select("a.tl-mark") if not str(a["href"]).startswith("#")]
    group = overview.select_one('a.tl-mark[href="#tl-detail"]')  # the busiest weeks, drawn day by day below
    assert group is not None and page.find(id="tl-detail") is not None
    drawn = {a["href"] for a in singles + detail.select("a.tl-mark")}
    assert drawn == listed and len(drawn) == 30
    ids = {str(item["data-id"]) for item in page.select(".tl-item")}
    assert set(str(group["data-members"]).split()) == {str(a["data-members"]) for a in detail.select("a.tl-mark")}
    assert all(str(a["data-members"]) in ids for a in singles)
    for a in singles + detail.select("a.tl-mark"):
        target = (site / "timeline" / str(a["href"])).resolve()
        assert target.is_file(), a["href"]
        title = _text(soup(target).h1)
        # its name says what it shows first (the title, or its number: "14: Russia launches ...")
        assert re.sub(r"^\d+: ", "", str(a["aria-label"])).startswith(title), (a["aria-label"], title)
        assert _text(a.title) == a["aria-label"]
    parade = detail.select_one('a[href$="victory-day-parade-2025/index.html"]')
    assert parade is not None and _text(parade.select_one("text")) == "Beijing Victory Day parade"
    assert "3 September 2025" in str(parade["aria-label"])
    numbered = {str(a["data-members"]): _text(a.select_one("text.tl-num")) for a in singles if a.select_one("text.tl-num")}
    in_list = {str(item["data-id"]): _text(item.select_one(".tl-num")) for item in page.select(".tl-item")
               if item.select_one(".tl-num")}
    # a number in the chart is the event's number in the list, which says what it is to a screen reader
    assert {k: f"Chart mark {v}" for k, v in numbered.items()} == in_list and numbered


def test_the_list_is_latest_first_with_the_expected_above_and_empty_years_as_breaks(
        bundled: tuple[Path, float, str]) -> None:
    page = soup(bundled[0] / "timeline" / "index.html")
    ahead = page.select_one("section.tl-ahead")
    assert ahead is not None and "Expected after 5 September 2025" in _text(ahead.h2)
    assert all("Expected" in _text(item.select_one(".tag")) for item in ahead.select(".tl-item"))
    years = [_text(s.h2) for s in page.select("section.year")]
    assert years == ["2025", "2024", "2023", "2022", "2019", "2018", "2016", "2011", "1980s", "1950s", "1945"]
    flow = [tag for tag in page.select_one(".tl-list").children if isinstance(tag, Tag)]  # type: ignore[union-attr]
    assert [t.name for t in flow[:2]] == ["section", "p"] and "tl-now" in flow[1]["class"]
    gaps = [_text(g) for g in page.select(".tl-gap")]
    assert gaps == ["1990–2010: no events", "1960–1979: no events"]
    starts = [str(item["data-earliest"]) for s in page.select("section.year") for item in s.select(".tl-item")]
    assert starts == sorted(starts, reverse=True)


def test_the_chart_says_what_it_shows(bundled: tuple[Path, float, str]) -> None:
    page = soup(bundled[0] / "timeline" / "index.html")
    for svg in _svgs(page):
        caption = page.find(id=svg["aria-labelledby"])
        assert caption is not None and caption.get_text(strip=True)
    key = [li.get_text(" ", strip=True) for li in page.select(".tl-key li")]
    assert any("approximate" in k for k in key) and any("expected" in k for k in key)
    # the key explains the kinds of mark drawn, and only those: no event of the bundled briefing is "probably"
    drawn = {kind for svg in _svgs(page) for rect in svg.select("a.tl-mark rect") for kind in rect["class"]}
    assert "uncertain" not in drawn and not any("probably" in k for k in key)
    assert len(key) == len({"exact", "vague", "approx", "uncertain", "reported", "expected"} & drawn) + bool(
        {"open-end", "open-start"} & drawn)
    form = page.select_one("form.tl-filter")
    assert form is not None and form.has_attr("hidden")  # without JavaScript: no filter, all events


# In a browser: the filters narrow the chart and the list.

@pytest.fixture(scope="module")
def timeline(browser: Any, bundled: tuple[Path, float, str]) -> Iterator[Visit]:
    visit = Visit(browser)
    visit.page.goto((bundled[0] / "timeline" / "index.html").as_uri())
    yield visit
    visit.close()


def _shown(visit: Visit) -> tuple[set[str], set[str]]:
    """The events the list shows, and those the chart draws (one by one: a mark of the busiest weeks aside)."""
    listed = visit.page.eval_on_selector_all(
        ".tl-item:not([hidden]) .event-title a", "els => els.map(e => e.getAttribute('href'))")
    drawn = visit.page.eval_on_selector_all(
        ".tl-svg a.tl-mark:not(.off)", "els => els.map(e => e.getAttribute('href'))")
    return set(listed), {href for href in drawn if not href.startswith("#")}


def _group_shown(visit: Visit) -> bool:
    return bool(visit.page.eval_on_selector('.tl-svg a.tl-mark[href="#tl-detail"]', "a => !a.classList.contains('off')"))


def test_filters_narrow_the_chart_and_the_list(timeline: Visit, bundled: tuple[Path, float, str]) -> None:
    page = timeline.page
    assert page.locator("form.tl-filter").is_visible()
    everything, _ = _shown(timeline)
    group = page.locator('.tl-svg a.tl-mark[href="#tl-detail"] text')
    all_of_them = group.text_content() or ""
    page.select_option("#tl-person", "hong-lei")
    listed, drawn = _shown(timeline)
    assert listed == drawn == {"../events/kim-visit-announced-2025/index.html"}
    assert _group_shown(timeline)  # the event is one of the busiest weeks'
    n = re.match(r"(\d+) events", all_of_them)
    assert n and group.text_content() == all_of_them.replace(f"{n[1]} events", f"1 of {n[1]} events", 1)
    # its name says so too (an accessibility auditor heard "8 events" where it showed "1 of 8 events")
    name = page.get_attribute('.tl-svg a.tl-mark[href="#tl-detail"]', "aria-label") or ""
    assert name.startswith(f"1 of {n[1]} events"), name
    assert page.locator("#tl-count").inner_text() == "1 of 30 events"
    assert re.search(r"\?person=hong-lei$", page.url)
    page.select_option("#tl-person", "")
    page.select_option("#tl-theme", "succession")
    listed, drawn = _shown(timeline)
    expected = {a["href"] for item in soup(bundled[0] / "timeline" / "index.html").select(".tl-item")
                if "succession" in str(item["data-themes"]).split() for a in item.select(".event-title a")}
    assert listed == drawn == expected and 1 < len(expected) < len(everything)
    hidden_years = page.eval_on_selector_all("section.year[hidden] h2", "els => els.map(e => e.textContent)")
    assert "2018" in hidden_years  # a year with no such event is hidden with its events
    page.select_option("#tl-theme", "")
    assert _shown(timeline) == (everything, everything)
    assert group.text_content() == all_of_them  # no filter: the mark counts them all again
    assert timeline.errors == []


def test_the_status_and_a_date_range_narrow_them_too(timeline: Visit, bundled: tuple[Path, float, str]) -> None:
    page = timeline.page
    page.goto((bundled[0] / "timeline" / "index.html").as_uri())
    items = soup(bundled[0] / "timeline" / "index.html").select(".tl-item")

    def hrefs(keep: Any) -> set[str]:
        return {str(a["href"]) for item in items if keep(item) for a in item.select(".event-title a")}
    page.select_option("#tl-status", "expected")
    listed, drawn = _shown(timeline)
    assert listed == drawn == hrefs(lambda i: i["data-status"] == "expected") and len(listed) == 4
    page.select_option("#tl-status", "")
    page.fill("#tl-from", "2019-02-01")
    page.fill("#tl-to", "2019-12-31")
    page.dispatch_event("#tl-to", "change")
    listed, drawn = _shown(timeline)
    # what may have happened in that stretch: the Hanoi summit (27-28 February 2019), and what spans 2018-2019
    assert listed == drawn == hrefs(lambda i: (not i["data-latest"] or i["data-latest"] >= "2019-02-01")
                                    and (not i["data-earliest"] or i["data-earliest"] <= "2019-12-31"))
    assert "../events/hanoi-summit-2019/index.html" in listed and not _group_shown(timeline)
    assert re.search(r"from=2019-02-01&to=2019-12-31$", page.url)
    # what spans beyond the range may not fall within it, and says so: in the count and on the event
    loose = hrefs(lambda i: not (i["data-earliest"] and i["data-earliest"] >= "2019-02-01"
                                 and i["data-latest"] and i["data-latest"] <= "2019-12-31")) & listed
    noted = set(page.eval_on_selector_all(
        ".tl-item:not([hidden]):has(.tl-loose:not([hidden])) .event-title a", "els => els.map(e => e.getAttribute('href'))"))
    assert noted == loose and "../events/hanoi-summit-2019/index.html" in noted  # the sources date it to 2019 only
    assert page.locator("#tl-count").inner_text() == (
        f"{len(listed)} of {len(items)} events, {len(loose)} of them dated too loosely to tell whether they fall "
        "within these dates")
    page.fill("#tl-from", "")
    page.fill("#tl-to", "")
    page.dispatch_event("#tl-to", "change")
    assert page.locator(".tl-loose:not([hidden])").count() == 0
    assert page.locator("#tl-count").inner_text() == f"{len(items)} events"
    assert timeline.errors == []


def test_filters_that_match_nothing_together_say_so_and_clear_at_once(timeline: Visit,
                                                                     bundled: tuple[Path, float, str]) -> None:
    """Tried on a 300-article briefing: a person and a theme with no event in common left a blank page under
    "0 of 75 events", with no way back but each filter in turn."""
    page = timeline.page
    page.goto((bundled[0] / "timeline" / "index.html").as_uri())
    page.select_option("#tl-person", "hong-lei")
    page.select_option("#tl-status", "expected")
    assert page.locator("#tl-count").inner_text() == (
        "0 of 30 events: none matches all these filters; clear one, or all")
    assert page.locator(".tl-item:not([hidden])").count() == 0
    page.click("#tl-filter button[type=reset]")
    page.wait_for_function("document.querySelectorAll('.tl-item[hidden]').length === 0")
    assert page.locator("#tl-count").inner_text() == "30 events" and "?" not in page.url
    assert timeline.errors == []


def test_the_filter_does_not_push_the_page_down_when_its_script_comes_late(
        browser: Any, bundled: tuple[Path, float, str]) -> None:
    """On a slow phone the page is painted before timeline.js has run: the filter's place is
    kept from the first paint (static/theme.js, in <head>, marks the page as scripted), so
    nothing moves when the script shows it (a layout shift, which Lighthouse counts)."""
    visit = Visit(browser)
    try:
        def late(route: Any) -> None:
            time.sleep(0.8)
            route.continue_()
        visit.page.route("**/static/timeline.js", late)
        with http_site(bundled[0]) as (address, _):
            visit.page.add_init_script("""window.__shifts = 0;
                new PerformanceObserver(l => l.getEntries().forEach(e => { window.__shifts += e.value; }))
                  .observe({type: 'layout-shift', buffered: true});""")
            visit.page.goto(address + "timeline/")
            visit.page.wait_for_function("() => !document.getElementById('tl-filter').hidden")
            shifts = visit.page.evaluate("window.__shifts")
        assert visit.page.locator("form.tl-filter").is_visible()
        assert shifts < 0.01, shifts
        assert visit.errors == []
    finally:
        visit.close()


def test_a_filtered_timeline_can_be_linked_to(timeline: Visit, bundled: tuple[Path, float, str]) -> None:
    timeline.page.goto((bundled[0] / "timeline" / "index.html").as_uri() + "?theme=succession&person=kim-ju-ae")
    listed, drawn = _shown(timeline)
    assert listed == drawn == {"../events/kim-crosses-into-china-2025/index.html"}
    assert timeline.page.locator("#tl-theme").input_value() == "succession"


def test_a_mark_is_reached_by_keyboard_and_followed(timeline: Visit, bundled: tuple[Path, float, str]) -> None:
    page = timeline.page
    page.goto((bundled[0] / "timeline" / "index.html").as_uri())
    mark = page.locator('.tl-svg a.tl-mark[href$="victory-day-parade-2025/index.html"]').last
    mark.focus()
    outline = page.evaluate("() => getComputedStyle(document.activeElement.querySelector('rect')).strokeWidth")
    assert outline == "3px"  # the focused mark is drawn thicker, in the focus colour
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/events/victory-day-parade-2025/index.html")


def _intersect(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_at_1280_px_every_overview_mark_is_named_legibly_and_no_label_covers_another_or_a_mark(
        browser: Any, bundled: tuple[Path, float, str]) -> None:
    visit = Visit(browser, 1280, 900)
    try:
        visit.page.goto((bundled[0] / "timeline" / "index.html").as_uri())
        drawn = visit.page.eval_on_selector_all("#tl-overview a.tl-mark", """marks => marks.map(a => {
            const box = e => { const r = e.getBoundingClientRect();
                               return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
            const text = a.querySelector('text');
            const size = text ? parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a : 0;
            return {href: a.getAttribute('href'), label: text ? text.textContent : '', size: size,
                    text: text ? box(text) : null, mark: box(a.querySelector('rect'))}; })""")
        assert len(drawn) >= 10
        for m in drawn:
            assert m["label"].strip(), m["href"]  # named without hovering: a title or a number
            assert m["size"] >= 11, (m["href"], m["size"])
        labels, marks = [m["text"] for m in drawn], [m["mark"] for m in drawn]
        for i, a in enumerate(labels):
            assert not any(_intersect(a, b) for b in labels[i + 1:]), drawn[i]["label"]
            assert not any(_intersect(a, b) for b in marks), drawn[i]["label"]
        sizes = visit.page.eval_on_selector_all("#tl-detail text", "ts => ts.map(t => parseFloat("
                                                "getComputedStyle(t).fontSize) * t.getScreenCTM().a)")
        assert min(sizes) >= 11
        assert visit.errors == []
    finally:
        visit.close()


def test_at_390_px_the_timeline_reads_down_from_the_present_without_sideways_scrolling(
        browser: Any, bundled: tuple[Path, float, str]) -> None:
    visit = Visit(browser, 390, 844)
    try:
        page = visit.page
        page.goto((bundled[0] / "timeline" / "index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => {
            const s = getComputedStyle(e);
            return e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(s.overflowX); }).length""")
        assert wide == 0  # no box that scrolls sideways
        assert not page.locator(".tl-charts").is_visible()  # the list is the timeline here
        below_filters = page.evaluate("document.getElementById('tl-filter').getBoundingClientRect().bottom")
        nearest = page.locator("section.year .tl-item .event-title").first
        box = nearest.bounding_box()
        assert box is not None and box["y"] + box["height"] <= below_filters + 844  # on the first screen below them
        assert nearest.inner_text() == "Kim Jong Un and Xi Jinping hold a summit"  # 4 September: the nearest as_of
        assert visit.errors == []
    finally:
        visit.close()


@pytest.mark.parametrize("dates", [["2025-01-01", "9999-12-31"], ["9990s"], ["9999-06/.."],
                                   ["9999-12-01", "9999-12-05", "9999-12-31"], ["0001-01-01", "0001-01-02", "0001-01-05"]])
def test_the_calendars_first_and_last_years_are_drawn_without_a_crash(dates: list[str]) -> None:
    c = chart.timeline([event(f"e{i}", d) for i, d in enumerate(dates)], url, AS_OF)
    assert c is not None and all(0 <= m.x <= chart.WIDTH for m in c.overview.marks)


def test_events_in_order_by_earliest_day_then_latest_the_end_of_a_span_counted() -> None:
    """January 2005 ends before January to February 2005, which ends before a day in February it starts before."""
    span, month, day = event("a-span", "2005-01", "2005-02"), event("b-month", "2005-01?"), event("c-day", "2005-01-01")
    assert [e.id for e in chronological([span, month, day])] == ["c-day", "b-month", "a-span"]


def test_tab_goes_through_the_overview_in_time_order(bundled: tuple[Path, float, str]) -> None:
    """Tried by an accessibility reviewer: Tab followed the chart's rows, 1945, then 2022-2025, then the 1950s."""
    overview = soup(bundled[0] / "timeline" / "index.html").select("svg.tl-svg")[0]
    starts = [float(a.rect["x"]) for a in overview.select("a.tl-mark")]
    assert len(starts) > 5 and starts == sorted(starts)
