"""briefing.dates: vague dates parsed, shown at their precision, sorted by earliest day."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.dates import DateError, VagueDate, parse_range, range_label
from conftest import soup

FORMS = ("write YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, optionally marked ? (probably), ~ (about) or "
         "% (both), or a range: 2019-01/2019-03, 2019-01/.. (open end) or ../2011 (open start)")


@pytest.mark.parametrize(
    ("text", "fields", "label"),
    [
        ("2025-09-03", (2025, 9, 3, "day", False), "3 September 2025"),
        ("2025-09", (2025, 9, 1, "month", False), "September 2025"),
        ("2025", (2025, 1, 1, "year", False), "2025"),
        ("1950s", (1950, 1, 1, "decade", False), "the 1950s"),
        ("~2018", (2018, 1, 1, "year", True), "about 2018"),
        ("~1950s", (1950, 1, 1, "decade", True), "about the 1950s"),
        ("~2025-09", (2025, 9, 1, "month", True), "about September 2025"),
        ("~2025-09-03", (2025, 9, 3, "day", True), "about 3 September 2025"),
        ("2024-02-29", (2024, 2, 29, "day", False), "29 February 2024"),
        (" 2025-09-03 ", (2025, 9, 3, "day", False), "3 September 2025"),
    ],
)
def test_parse_each_form_and_label(text: str, fields: tuple[object, ...], label: str) -> None:
    d = VagueDate.parse(text)
    assert (d.year, d.month, d.day, d.precision, d.approx) == fields
    assert d.label() == label


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", "'2025-02-30' is not a day: February 2025 has 28 days"),
        ("2023-02-29", "'2023-02-29' is not a day: February 2023 has 28 days"),
        ("2025-04-31", "'2025-04-31' is not a day: April 2025 has 30 days"),
        ("2025-13", "'2025-13' has month 13; months run 01 to 12"),
        ("2025-00", "'2025-00' has month 0; months run 01 to 12"),
        ("Sept 2025", f"'Sept 2025' is not a date; {FORMS}"),
        ("2025-9-3", f"'2025-9-3' is not a date; {FORMS}"),
        ("1955s", f"'1955s' is not a date; {FORMS}"),
        ("03/09/2025", f"'03/09/2025' is not a date; {FORMS}"),
        ("", f"'' is not a date; {FORMS}"),
    ],
)
def test_invalid_dates_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        VagueDate.parse(text)
    assert str(info.value) == message


@pytest.mark.parametrize("text", ["0000", "0000-01-01", "0000s"])
def test_year_zero_is_refused_at_parse_time(text: str) -> None:
    """Year 0 does not exist in `datetime`: accepting it makes earliest() raise ValueError later,
    so a content file with `date: 0000` crashes the build with a traceback instead of an error line."""
    with pytest.raises(DateError):
        VagueDate.parse(text)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2025-09-03", dt.date(2025, 9, 3), dt.date(2025, 9, 3)),
        ("2025-09", dt.date(2025, 9, 1), dt.date(2025, 9, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("1950s", dt.date(1950, 1, 1), dt.date(1959, 12, 31)),
        ("~2018", dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
    ],
)
def test_earliest_and_latest(text: str, earliest: dt.date, latest: dt.date) -> None:
    d = VagueDate.parse(text)
    assert d.earliest() == earliest
    assert d.latest() == latest


def test_sorting_by_earliest_possible_day() -> None:
    written = ["2025-09-03", "1950s", "2025", "~2018", "2025-08", "1980s", "2025-09-01"]
    dates = [VagueDate.parse(t) for t in written]
    by_day = sorted(dates, key=lambda d: d.earliest())
    assert [d.iso() for d in by_day] == ["1950s", "1980s", "2018", "2025", "2025-08", "2025-09-01", "2025-09-03"]
    # The dataclass order agrees wherever the earliest days differ.
    assert sorted(dates) == by_day


@pytest.mark.parametrize(
    ("text", "iso", "group"),
    [("2025-09-03", "2025-09-03", "2025"), ("~2025-09", "2025-09", "2025"), ("2025", "2025", "2025"),
     ("1950s", "1950s", "1950s")],
)
def test_iso_and_timeline_group(text: str, iso: str, group: str) -> None:
    d = VagueDate.parse(text)
    assert d.iso() == iso
    assert d.group() == group


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2025-08-31", "2025-09-01", "31 August – 1 September 2025"),
        ("2025-09-03", "2025-09-05", "3–5 September 2025"),
        ("2024-12-30", "2025-01-02", "30 December 2024 – 2 January 2025"),
        ("2025-09", "2025-10", "September – October 2025"),
        ("2018", "2019", "2018–2019"),
        ("~2018", "2019", "about 2018 – 2019"),
        ("1950s", "1960s", "the 1950s – the 1960s"),
        ("2025-09-03", "2025-09-03", "3 September 2025"),
        ("2025-09-03", None, "3 September 2025"),
    ],
)
def test_range_label(start: str, end: str | None, label: str) -> None:
    assert range_label(VagueDate.parse(start), VagueDate.parse(end) if end else None) == label


# Issue 25: dates as uncertain as the sources (EDTF level 1 marks, open sides, a range in one field).

@pytest.mark.parametrize(
    ("text", "fields", "label", "normalised", "edtf"),
    [
        ("2018?", (2018, 1, 1, "year", False, True, ""), "probably 2018", "2018?", "2018?"),
        ("2018-03?", (2018, 3, 1, "month", False, True, ""), "probably March 2018", "2018-03?", "2018-03?"),
        ("2018-03-05?", (2018, 3, 5, "day", False, True, ""), "probably 5 March 2018", "2018-03-05?", "2018-03-05?"),
        ("1950s?", (1950, 1, 1, "decade", False, True, ""), "probably the 1950s", "1950s?", "195X?"),
        ("2018~", (2018, 1, 1, "year", True, False, ""), "about 2018", "~2018", "2018~"),
        ("~2018", (2018, 1, 1, "year", True, False, ""), "about 2018", "~2018", "2018~"),
        ("2025-09~", (2025, 9, 1, "month", True, False, ""), "about September 2025", "~2025-09", "2025-09~"),
        ("1950s~", (1950, 1, 1, "decade", True, False, ""), "about the 1950s", "~1950s", "195X~"),
        ("2018%", (2018, 1, 1, "year", True, True, ""), "probably about 2018", "2018%", "2018%"),
        ("2025-09-03%", (2025, 9, 3, "day", True, True, ""), "probably about 3 September 2025", "2025-09-03%",
         "2025-09-03%"),
        ("2019-01/..", (2019, 1, 1, "month", False, False, "end"), "since January 2019", "2019-01/..", "2019-01/.."),
        ("../2011", (2011, 1, 1, "year", False, False, "start"), "by 2011", "../2011", "../2011"),
        ("2019-01~/..", (2019, 1, 1, "month", True, False, "end"), "since about January 2019", "~2019-01/..",
         "2019-01~/.."),
        ("../2011?", (2011, 1, 1, "year", False, True, "start"), "probably by 2011", "../2011?", "../2011?"),
        ("../1950s", (1950, 1, 1, "decade", False, False, "start"), "by the 1950s", "../1950s", "../195X"),
        (" 2018? ", (2018, 1, 1, "year", False, True, ""), "probably 2018", "2018?", "2018?"),
        ("2025-09-03", (2025, 9, 3, "day", False, False, ""), "3 September 2025", "2025-09-03", "2025-09-03"),
    ],
)
def test_each_new_form_parses_with_its_words_and_written_forms(
        text: str, fields: tuple[object, ...], label: str, normalised: str, edtf: str) -> None:
    d = VagueDate.parse(text)
    assert (d.year, d.month, d.day, d.precision, d.approx, d.uncertain, d.open) == fields
    assert (d.label(), d.text(), d.edtf()) == (label, normalised, edtf)
    assert VagueDate.parse(d.text()) == d  # the normalised form reads back as the same date


def test_both_spellings_of_about_are_one_date() -> None:
    assert VagueDate.parse("2018~") == VagueDate.parse("~2018")
    assert VagueDate.parse("2018~").iso() == "2018"


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "sort_key"),
    [
        ("2018?", dt.date(2018, 1, 1), dt.date(2018, 12, 31), (dt.date(2018, 1, 1), dt.date(2018, 12, 31))),
        ("2018%", dt.date(2018, 1, 1), dt.date(2018, 12, 31), (dt.date(2018, 1, 1), dt.date(2018, 12, 31))),
        ("2024-02~", dt.date(2024, 2, 1), dt.date(2024, 2, 29), (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        # an open end: its latest day is unbounded
        ("2019-01/..", dt.date(2019, 1, 1), dt.date.max, (dt.date(2019, 1, 1), dt.date.max)),
        # an open start: no earliest day; it sorts by its end
        ("../2011", dt.date.min, dt.date(2011, 12, 31), (dt.date(2011, 1, 1), dt.date(2011, 12, 31))),
        ("../2011-05-04", dt.date.min, dt.date(2011, 5, 4), (dt.date(2011, 5, 4), dt.date(2011, 5, 4))),
    ],
)
def test_earliest_latest_and_sort_key_of_the_new_forms(text: str, earliest: dt.date, latest: dt.date,
                                                        sort_key: tuple[dt.date, dt.date]) -> None:
    d = VagueDate.parse(text)
    assert (d.earliest(), d.latest(), d.sort_key()) == (earliest, latest, sort_key)


def test_marks_and_open_sides_sort_as_the_content_model_says() -> None:
    """Earliest possible day, then latest: a mark changes nothing; an open start sits with its end's date, an
    open end after the same date closed."""
    written = ["2019-01/..", "2019-01", "../2011", "2012?", "1950s%", "2010", "2019", "../2019-06"]
    ordered = sorted(written, key=lambda t: VagueDate.parse(t).sort_key())
    assert ordered == ["1950s%", "2010", "../2011", "2012?", "2019-01", "2019", "2019-01/..", "../2019-06"]


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2019-01/2019-03", "2019-01", "2019-03", "January – March 2019"),
        ("2025-08-31/2025-09-01", "2025-08-31", "2025-09-01", "31 August – 1 September 2025"),
        ("2016/2017", "2016", "2017", "2016–2017"),
        ("2019-01?/2019-03", "2019-01?", "2019-03", "probably January 2019 – March 2019"),
        ("~2019/2020%", "~2019", "2020%", "about 2019 – probably about 2020"),
        ("1950s/1960s", "1950s", "1960s", "the 1950s – the 1960s"),
        ("2019/2019", "2019", "2019", "2019"),
    ],
)
def test_a_range_in_one_field_is_the_same_as_date_and_end(text: str, start: str, end: str, label: str) -> None:
    first, last = parse_range(text)
    assert (first, last) == (VagueDate.parse(start), VagueDate.parse(end))
    assert last is not None and range_label(first, last) == label


@pytest.mark.parametrize("text", ["2019-01", "2019-01/..", "../2011", "2018%"])
def test_one_date_read_as_a_range_has_no_end(text: str) -> None:
    assert parse_range(text) == (VagueDate.parse(text), None)


def test_point_and_plain() -> None:
    assert VagueDate.parse("../2011?").point() == VagueDate.parse("2011?")
    assert VagueDate.parse("2019-01/..").point() == VagueDate.parse("2019-01")
    assert [VagueDate.parse(t).plain() for t in ("2018", "2018?", "~2018", "2018%", "2018/..", "../2018")] == \
        [True, False, False, False, False, False]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("~2018?", "'~2018?' is marked twice; write one mark after the date: ? (probably), ~ (about) or % (both)"),
        ("~2018~", "'~2018~' is marked twice; write one mark after the date: ? (probably), ~ (about) or % (both)"),
        ("2018??", f"'2018??' is not a date; {FORMS}"),
        ("2018?~", f"'2018?~' is not a date; {FORMS}"),
        ("?2018", f"'?2018' is not a date; {FORMS}"),
        ("2025-02-30?", "'2025-02-30?' is not a day: February 2025 has 28 days"),
        ("2019-01/", "'2019-01/' leaves a side empty; write .. for an open side, as 2019-01/.. or ../2011"),
        ("/2019", "'/2019' leaves a side empty; write .. for an open side, as 2019-01/.. or ../2011"),
        ("../..", "'../..' leaves both sides open; write at least one date, as 2019-01/.. or ../2011"),
        ("2019-01/.../", f"'2019-01/.../' is not a date; {FORMS}"),
        ("2019/2020/2021", f"'2019/2020/2021' is not a date; {FORMS}"),
        ("2019-01 / 2019-03", f"'2019-01 / 2019-03' is not a date; {FORMS}"),
        ("2019-13/2020", "'2019-13' has month 13; months run 01 to 12"),
        ("2019/2019-02-29", "'2019-02-29' is not a day: February 2019 has 28 days"),
        ("~2019?/..", "'~2019?' is marked twice; write one mark after the date: ? (probably), ~ (about) or % (both)"),
        ("2019-03/2019-01", "'2019-03/2019-01' ends (January 2019) before it starts (March 2019); swap or fix the "
                            "dates"),
        ("2019?/2018", "'2019?/2018' ends (2018) before it starts (probably 2019); swap or fix the dates"),
        ("-0044", "'-0044' is a year before 1 CE; dates start at year 1"),
        ("../0000", "'0000' has year 0; the calendar starts at year 1"),
        ("19XX", "'19XX' has unspecified digits (X); write the digits known: 2019 for 2019-XX, 1950s for 195X, a "
                 "range such as 1900/1999 for 19XX"),
        ("195X", "'195X' has unspecified digits (X); write the digits known: 2019 for 2019-XX, 1950s for 195X, a "
                 "range such as 1900/1999 for 19XX"),
        ("2019-XX", "'2019-XX' has unspecified digits (X); write the digits known: 2019 for 2019-XX, 1950s for 195X, "
                    "a range such as 1900/1999 for 19XX"),
        ("20th century", f"'20th century' is not a date; {FORMS}"),
    ],
)
def test_malformed_new_forms_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_range(text)
    assert str(info.value) == message


def test_one_date_is_not_a_range() -> None:
    with pytest.raises(DateError) as info:
        VagueDate.parse("2019-01/2019-03")
    assert str(info.value) == ("'2019-01/2019-03' is a range of two dates; write one date here (a range belongs in "
                               "an event's date)")


def test_a_briefing_of_uncertain_dates_lists_them_in_order_in_words(uncertain: Path) -> None:
    page = soup(uncertain / "timeline" / "index.html")
    listed = [(item.select_one(".event-date .date"), item.select_one(".event-title").get_text(strip=True))
              for item in page.select(".tl-item")]
    # A <time datetime> only for a date that is just what it says: "2011" for "by 2011" would make it sure.
    assert [(t.get("datetime", ""), t.get_text(strip=True), title) for t, title in listed] == list(reversed([
        ("", "by 2011", "Handover"),
        ("", "probably about 2018", "Visit"),
        ("", "probably 5 March 2018 – about 6 March 2018", "Meeting"),
        ("", "probably January 2019 – March 2019", "Talks"),  # written 2019-01?/2019-03 in one field
        ("", "since January 2019", "Sanctions bite"),
        ("", "31 August – 1 September 2025", "Kim arrives in Beijing"),  # a span: no form in <time>
        ("2025-09-03", "3 September 2025", "Victory Day parade"),
    ]))  # the timeline's list is latest first
    assert [h.get_text(strip=True) for h in page.select("section h2")][-3:] == ["2019", "2018", "2011"]


def test_an_open_event_and_an_open_publication_date_read_in_words_on_their_pages(uncertain: Path) -> None:
    event = soup(uncertain / "events" / "sanctions" / "index.html")
    when = event.select_one("main .date")
    assert when is not None and (when.name, when.get_text(strip=True)) == ("span", "since January 2019")
    article = soup(uncertain / "sources" / "radio-report" / "index.html")
    facts = dict(zip((dt_.get_text(strip=True) for dt_ in article.select("main dl dt")),
                     (dd.get_text(strip=True) for dd in article.select("main dl dd"))))
    assert facts["Published"] == "by 4 September 2025"
