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
from briefing.dates import VagueDate
from briefing.model import Event

from conftest import http_site, soup
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


def marks(c: dict[str, Any], band: str) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for m in c[band]["marks"]}


def test_a_vague_date_is_drawn_as_the_whole_span_it_allows() -> None:
    c = chart.timeline(EVENTS, url, AS_OF)
    assert c is not None
    over = marks(c, "overview")
    decade, year, two_years = over["war"]["w"], over["handover"]["w"], over["talks"]["w"]
    assert decade > 4 * year  # the 1950s are ten years wide, not a point
    assert 1.8 * year < two_years < 2.2 * year  # 2018 to 2019 covers two years
    assert "vague" in over["war"]["classes"] and "exact" in over["parade"]["classes"]
    assert "approx" in over["about"]["classes"] and "approx" not in over["handover"]["classes"]
    assert "expected" in over["next"]["classes"]
    detail = marks(c, "detail")
    day = detail["parade"]["w"]
    assert 25 * day < detail["month"]["w"] < 35 * day  # September is thirty days of the detail band


def test_empty_decades_become_scale_breaks() -> None:
    c = chart.timeline(EVENTS, url, AS_OF)
    assert c is not None
    breaks = [b["label"] for b in c["overview"]["breaks"]]
    assert breaks == ["1960–2010", "2012–2017"]  # more than five empty years: cut out
    labels = [int(t["label"]) for t in c["overview"]["ticks"]]
    assert {1950, 2011, 2018} <= set(labels)
    assert not any(1961 <= y <= 2010 or 2013 <= y <= 2017 for y in labels)
    xs = [t["x"] for t in c["overview"]["ticks"]]
    assert xs == sorted(xs) and all(b - a >= 40 for a, b in zip(xs, xs[1:]))  # labels never overlap


def test_marks_in_one_lane_never_overlap_and_stay_in_the_drawing() -> None:
    many = EVENTS + [event(f"day-{n}", f"2025-09-{n:02d}") for n in range(5, 25)]
    c = chart.timeline(many, url, AS_OF)
    assert c is not None
    lanes: dict[float, list[tuple[float, float]]] = {}
    for m in c["overview"]["marks"]:
        lanes.setdefault(m["y"], []).append((m["x"], m["x"] + m["w"]))
        assert 0 <= m["x"] and m["x"] + m["w"] <= c["width"]
    assert len(lanes) <= chart.MAX_LANES
    if len(lanes) < chart.MAX_LANES:
        for spans in lanes.values():
            spans.sort()
            assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:]))


def test_the_detail_band_is_the_busiest_stretch_in_whole_months() -> None:
    c = chart.timeline(EVENTS, url, AS_OF)
    assert c is not None and c["detail"] is not None
    assert c["detail"]["title"] == "September – October 2025"
    assert set(marks(c, "detail")) == {"arrive", "parade", "summit", "month", "next"}  # not years, decades
    assert [m["label"] for m in c["detail"]["months"]] == ["September 2025", "October 2025"]
    window = c["overview"]["window"]
    parade = marks(c, "overview")["parade"]
    assert window["x"] <= parade["x"] and parade["x"] + parade["w"] <= window["x"] + window["w"]


def test_no_detail_band_without_a_crowded_stretch() -> None:
    c = chart.timeline([event("a", "1950s"), event("b", "2011"), event("c", "2025-09-03")], url, AS_OF)
    assert c is not None and c["detail"] is None and c["overview"]["window"] is None
    assert chart.timeline([], url, AS_OF) is None


def test_a_detail_band_across_new_year_names_both_years() -> None:
    c = chart.timeline([event("a", "2024-12-30"), event("b", "2025-01-02"), event("c", "2025-01-03")], url, AS_OF)
    assert c is not None and c["detail"]["title"] == "December 2024 – January 2025"
    days = {m["id"]: m["x"] for m in c["detail"]["marks"]}
    assert days["a"] < days["b"] < days["c"]
    assert [m["label"] for m in c["detail"]["months"]] == ["December 2024", "January 2025"]


def test_open_sides_and_marks_are_drawn_without_an_unbounded_span() -> None:
    """An open end runs to as_of (or its own last day, if later); an open start is drawn as its end; each gets a
    class the stylesheet marks."""
    events = EVENTS + [event("since", "2019-01/.."), event("by", "../2011"), event("later", "2026/.."),
                       event("probably", "2018?"), event("until", "2025-01-01", "2025-09-05")]
    c = chart.timeline(events, url, AS_OF)
    assert c is not None
    over = marks(c, "overview")
    since, until = over["since"], over["until"]
    assert since["x"] + since["w"] == pytest.approx(until["x"] + until["w"], abs=0.2)  # to the end of as_of
    assert (over["by"]["x"], over["by"]["w"]) == (over["handover"]["x"], over["handover"]["w"])  # as 2011
    assert over["later"]["x"] + over["later"]["w"] <= c["width"] - chart.PAD  # 2026, not the end of time
    assert over["since"]["classes"] == "vague open-end confirmed"
    assert over["by"]["classes"] == "vague open-start confirmed"
    assert over["probably"]["classes"] == "vague uncertain confirmed"
    assert over["since"]["label"] == "Since, since January 2019"
    assert [b["label"] for b in c["overview"]["breaks"]] == ["1960–2010", "2012–2017"]  # nothing back to year 1


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
    drawn = {a["href"] for a in overview.select("a.tl-mark")}
    assert drawn == listed and len(drawn) == 30
    for a in overview.select("a.tl-mark") + detail.select("a.tl-mark"):
        target = (site / "timeline" / str(a["href"])).resolve()
        assert target.is_file(), a["href"]
        title = _text(soup(target).h1)
        assert str(a["aria-label"]).startswith(title), (a["aria-label"], title)
        assert _text(a.title) == a["aria-label"]
    parade = detail.select_one('a[href$="victory-day-parade-2025/index.html"]')
    assert parade is not None and _text(parade.select_one("text")) == "Beijing Victory Day parade"
    assert "3 September 2025" in str(parade["aria-label"])


def test_the_chart_says_what_it_shows(bundled: tuple[Path, float, str]) -> None:
    page = soup(bundled[0] / "timeline" / "index.html")
    for svg in _svgs(page):
        caption = page.find(id=svg["aria-labelledby"])
        assert caption is not None and caption.get_text(strip=True)
    key = [li.get_text(" ", strip=True) for li in page.select(".tl-key li")]
    assert any("approximate" in k for k in key) and any("expected" in k for k in key)
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
    listed = visit.page.eval_on_selector_all(
        ".tl-item:not([hidden]) .event-title a", "els => els.map(e => e.getAttribute('href'))")
    drawn = visit.page.eval_on_selector_all(
        ".tl-svg a.tl-mark:not(.off)", "els => els.map(e => e.getAttribute('href'))")
    return set(listed), set(drawn)


def test_filters_narrow_the_chart_and_the_list(timeline: Visit, bundled: tuple[Path, float, str]) -> None:
    page = timeline.page
    assert page.locator("form.tl-filter").is_visible()
    everything, _ = _shown(timeline)
    page.select_option("#tl-person", "hong-lei")
    listed, drawn = _shown(timeline)
    assert listed == drawn == {"../events/kim-visit-announced-2025/index.html"}
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
