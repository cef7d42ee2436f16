"""Vague dates, as uncertain as the sources: parse, sort by earliest possible day, display at their precision.

The forms: a day, month, year or decade (2025-09-03, 2025-09, 2025, 1950s), `~` before it for about, and from
EDTF level 1 (the Library of Congress Extended Date/Time Format) a mark after it, `?` probably, `~` about, `%`
both; an open side (2019-01/.., ../2011); a range in one field (2019-01/2019-03). A small exact parser rather than
the `edtf` package: that one reads all of EDTF (seasons, sets, years before 1 CE, unspecified digits), which the
content model refuses, gives a parser's errors rather than an editor's, and knows neither 1950s nor ~2018."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal

from .errors import shown

Precision = Literal["day", "month", "year", "decade"]
# Which side of its span a date leaves open: "end" for 2019-01/.. (the date starts the span), "start" for ../2011.
OpenSide = Literal["", "start", "end"]

MONTHS = ("January", "February", "March", "April", "May", "June",
          "July", "August", "September", "October", "November", "December")

# One date as written, a decade or a year with perhaps its month and day; the mark after it; an open side.
# The parser and the editors' JSON Schema (editor_schema.py) are made from these.
POINT = r"(?:\d{3}0s|\d{4}(?:-\d{2}(?:-\d{2})?)?)"
MARK = r"[?~%]"
OPEN = ".."
# Each mark as (uncertain, approximate).
_MARKS = MappingProxyType({"": (False, False), "?": (True, False), "~": (False, True), "%": (True, True)})
_WRITE_FORMS = ("write YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, optionally marked ? (probably), ~ (about) "
                "or % (both), or a range: 2019-01/2019-03, 2019-01/.. (open end) or ../2011 (open start)")
_FORM = re.compile(rf"^(~)?({POINT})({MARK})?$")
_PRECISIONS: tuple[Precision, ...] = ("year", "month", "day")


class DateError(ValueError):
    """Text that is not one of the accepted date forms."""


@dataclass(frozen=True, order=True)
class VagueDate:
    """A date known to a day, month, year or decade, perhaps only roughly (`approx`), perhaps not surely
    (`uncertain`), perhaps one side of a span whose other side is open. The marks say how sure the source is,
    not that the span is wider: ~2018 and 2018? span the days of 2018, as 2018 does."""

    year: int
    month: int
    day: int
    precision: Precision
    approx: bool = False
    uncertain: bool = False
    open: OpenSide = ""

    @classmethod
    def parse(cls, text: str) -> VagueDate:
        """One date, perhaps open on one side; a range of two dates is refused (`parse_range` takes it)."""
        start, end = parse_range(text)
        if end is not None:
            raise DateError(f"{shown(text.strip())} is a range of two dates; write one date here (a range "
                            "belongs in an event's date)")
        return start

    def earliest(self) -> dt.date:
        """The first day it may be; for an open start, which has none, dt.date.min: unbounded."""
        return dt.date.min if self.open == "start" else dt.date(self.year, self.month, self.day)

    def latest(self) -> dt.date:
        """The last day it may be; for an open end dt.date.max: unbounded, not the briefing's as_of, so that a
        date means the same in every briefing and every year (the timeline draws it up to as_of)."""
        if self.open == "end":
            return dt.date.max
        if self.precision == "day":
            return dt.date(self.year, self.month, self.day)
        if self.precision == "month":
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year + (9 if self.precision == "decade" else 0), 12, 31)

    def sort_key(self) -> tuple[dt.date, dt.date]:
        """What lists sort by: the earliest possible day, then the latest. An open start has no earliest day: it
        sorts by its end, beside the same date written without `../`; an open end after the same date closed."""
        return dt.date(self.year, self.month, self.day), self.latest()  # the earliest day of its point()

    def point(self) -> VagueDate:
        """The date written, less its open side: ../2011 is 2011, and 2019-01/.. is 2019-01."""
        return replace(self, open="")

    def plain(self) -> bool:
        """Neither marked nor open: the date is just what it says."""
        return not (self.approx or self.uncertain or self.open)

    def certain(self) -> str | None:
        """ISO 8601 for tools that have no way to say a date is vague (schema.org, the meta tags reference managers
        read): the date at its precision if it is just what it says; None for a decade, a marked or an open one."""
        return self.iso() if self.plain() and self.precision != "decade" else None

    def iso(self) -> str:
        """The date itself, without marks or open side: valid ISO 8601 (and a `<time datetime>`) except decades."""
        year, month = f"{self.year:04d}", f"{self.year:04d}-{self.month:02d}"
        forms = {"decade": f"{self.year}s", "year": year, "month": month, "day": f"{month}-{self.day:02d}"}
        return forms[self.precision]

    def text(self) -> str:
        """The form written, normalised: a mark after the date, but about alone as `~` before it, as briefings
        always wrote it (2018~ is ~2018); an open side as `../` or `/..`."""
        return self._written(self.iso(), "~")

    def edtf(self) -> str:
        """The form in EDTF level 1, for tools that read it: every mark after the date, a decade as 195X."""
        return self._written(f"{self.year // 10:03d}X" if self.precision == "decade" else self.iso(), "")

    def _written(self, point: str, before: str) -> str:
        """`point` with its mark (`before` it if the mark is that one, else after) and its open side."""
        mark = next(sign for sign, flags in _MARKS.items() if flags == (self.uncertain, self.approx))
        one = mark + point if mark == before else point + mark
        return {"": one, "start": f"{OPEN}/{one}", "end": f"{one}/{OPEN}"}[self.open]

    def label(self) -> str:
        """How a reader sees it: '3 September 2025', 'probably about the 1950s', 'since January 2019', 'by 2011'."""
        month = f"{MONTHS[self.month - 1]} {self.year}"
        forms = {"decade": f"the {self.year}s", "year": str(self.year), "month": month, "day": f"{self.day} {month}"}
        side = {"": "", "start": "by ", "end": "since "}[self.open]
        return (("probably " if self.uncertain else "") + side + ("about " if self.approx else "")
                + forms[self.precision])

    def group(self) -> str:
        """The heading a timeline files this date under: its year, or its decade."""
        return f"{self.year}s" if self.precision == "decade" else str(self.year)


def parse_range(text: str) -> tuple[VagueDate, VagueDate | None]:
    """Any form: one date (perhaps open on one side) and None, or a range's start and its end, not before it."""
    written = text.strip()
    first, slash, second = written.partition("/")
    if not slash:
        return _one(first, written), None
    if first == second == OPEN:
        raise DateError(f"{shown(written)} leaves both sides open; write at least one date, as 2019-01/.. or ../2011")
    if not first or not second:
        raise DateError(f"{shown(written)} leaves a side empty; write .. for an open side, as 2019-01/.. or ../2011")
    if second == OPEN:
        return replace(_one(first, written), open="end"), None
    if first == OPEN:
        return replace(_one(second, written), open="start"), None
    start, end = _one(first, written), _one(second, written)
    if problem := ends_before(start, end):
        raise DateError(f"{shown(written)} {problem}")
    return start, end


def ends_before(start: VagueDate, end: VagueDate) -> str | None:
    """What is wrong with a span whose end comes wholly before its start, or None: the one rule for both ways of
    writing a range."""
    if end.latest() >= start.earliest():
        return None
    return f"ends ({end.label()}) before it starts ({start.label()}); swap or fix the dates"


def _one(text: str, written: str) -> VagueDate:
    """One side of `written`, a date with no open side, its calendar checked."""
    m = _FORM.match(text)
    if not m:
        raise DateError(_unreadable(written))
    before, point, mark = m.groups()
    if before and mark:
        raise DateError(f"{shown(text)} is marked twice; write one mark after the date: ? (probably), ~ (about) "
                        "or % (both)")
    parts = [int(part) for part in point.removesuffix("s").split("-")]
    year, month, day = parts + [1] * (3 - len(parts))
    if year < 1:
        raise DateError(f"{shown(text)} has year 0; the calendar starts at year 1")
    if not 1 <= month <= 12:
        raise DateError(f"{shown(text)} has month {month}; months run 01 to 12")
    if not 1 <= day <= (last := calendar.monthrange(year, month)[1]):
        raise DateError(f"{shown(text)} is not a day: {MONTHS[month - 1]} {year} has {last} days")
    precision: Precision = "decade" if point.endswith("s") else _PRECISIONS[len(parts) - 1]
    uncertain, approx = _MARKS[mark or before or ""]
    return VagueDate(year, month, day, precision, approx, uncertain)


def _unreadable(written: str) -> str:
    """Why `written` is no date, with the forms to write instead; the near misses EDTF allows named."""
    if re.match(r"-\d", written):
        return f"{shown(written)} is a year before 1 CE; dates start at year 1"
    if "X" in written.upper() and re.fullmatch(r"[\dXx]{4}(?:-[\dXx]{2}){0,2}[?~%]?", written):
        return (f"{shown(written)} has unspecified digits (X); write the digits known: 2019 for 2019-XX, 1950s for "
                "195X, a range such as 1900/1999 for 19XX")
    return f"{shown(written)} is not a date; {_WRITE_FORMS}"


def machine_readable(start: VagueDate, end: VagueDate | None) -> str:
    """What a `<time datetime>` may say of an event's date, or "": a single date that is just what it says. A mark,
    an open side or a span has no form there, and "1990s" would be read as a duration of 1,990 seconds."""
    return (start.certain() or "") if end is None or end == start else ""


def range_label(start: VagueDate, end: VagueDate | None) -> str:
    """'31 August – 1 September 2025', sharing the month or year where both share it and neither is marked."""
    if end is None or end == start:
        return start.label()
    plain = start.plain() and end.plain()
    if plain and start.precision == end.precision == "day" and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
        return f"{start.day} {MONTHS[start.month - 1]} – {end.day} {MONTHS[end.month - 1]} {end.year}"
    if plain and start.precision == end.precision == "month" and start.year == end.year:
        return f"{MONTHS[start.month - 1]} – {MONTHS[end.month - 1]} {end.year}"
    if plain and start.precision == end.precision == "year":
        return f"{start.year}–{end.year}"
    return f"{start.label()} – {end.label()}"


def plus(d: dt.date, days: dt.timedelta) -> dt.date:
    """`d` moved by `days`, or the calendar's first or last day if that is past it (a date of year 1 or 9999)."""
    try:
        return d + days
    except OverflowError:
        return dt.date.max if days > dt.timedelta(0) else dt.date.min


def next_month(d: dt.date) -> dt.date:
    """The first day of the month after `d`'s, or the calendar's last day: a chart of year 9999 ends there."""
    return dt.date.max if (d.year, d.month) == (9999, 12) else dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
