"""briefing.dates: vague dates parsed, shown at their precision, sorted by earliest day."""
from __future__ import annotations

import datetime as dt

import pytest

from briefing.dates import DateError, VagueDate, range_label


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
        ("Sept 2025", "'Sept 2025' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, "
                      "optionally prefixed ~"),
        ("2025-9-3", "'2025-9-3' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, "
                     "optionally prefixed ~"),
        ("1955s", "'1955s' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, "
                  "optionally prefixed ~"),
        ("03/09/2025", "'03/09/2025' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, "
                       "optionally prefixed ~"),
        ("", "'' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, optionally prefixed ~"),
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
