"""Vague dates: parse, sort by earliest possible day, display at their precision."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from .errors import shown

Precision = Literal["day", "month", "year", "decade"]

MONTHS = ("January", "February", "March", "April", "May", "June",
          "July", "August", "September", "October", "November", "December")

_FORMS = re.compile(r"^(?P<approx>~)?(?:(?P<decade>\d{3}0)s"
                    r"|(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?)$")


class DateError(ValueError):
    """Text that is not one of the accepted date forms."""


@dataclass(frozen=True, order=True)
class VagueDate:
    """A date known to a day, month, year or decade, possibly only roughly."""

    year: int
    month: int
    day: int
    precision: Precision
    approx: bool = False

    @classmethod
    def parse(cls, text: str) -> VagueDate:
        m = _FORMS.match(text.strip())
        if not m:
            raise DateError(f"{shown(text)} is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, "
                            "optionally prefixed ~")
        year, month, day = int(m["decade"] or m["year"]), int(m["month"] or 1), int(m["day"] or 1)
        if year < 1:
            raise DateError(f"{shown(text)} has year 0; the calendar starts at year 1")
        if not 1 <= month <= 12:
            raise DateError(f"'{text}' has month {month}; months run 01 to 12")
        if not 1 <= day <= (last := calendar.monthrange(year, month)[1]):
            raise DateError(f"'{text}' is not a day: {MONTHS[month - 1]} {year} has {last} days")
        precision: Precision = "decade" if m["decade"] else "day" if m["day"] else "month" if m["month"] else "year"
        return cls(year, month, day, precision, bool(m["approx"]))

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month, self.day)

    def latest(self) -> dt.date:
        if self.precision == "day":
            return self.earliest()
        if self.precision == "month":
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year + (9 if self.precision == "decade" else 0), 12, 31)

    def iso(self) -> str:
        """The form the editor wrote, without `~` (also valid ISO 8601 except decades)."""
        year, month = f"{self.year:04d}", f"{self.year:04d}-{self.month:02d}"
        forms = {"decade": f"{self.year}s", "year": year, "month": month, "day": f"{month}-{self.day:02d}"}
        return forms[self.precision]

    def label(self) -> str:
        """How a reader sees it: '3 September 2025', 'September 2025', 'the 1950s'."""
        month = f"{MONTHS[self.month - 1]} {self.year}"
        forms = {"decade": f"the {self.year}s", "year": str(self.year), "month": month, "day": f"{self.day} {month}"}
        return ("about " if self.approx else "") + forms[self.precision]

    def group(self) -> str:
        """The heading a timeline files this date under: its year, or its decade."""
        return f"{self.year}s" if self.precision == "decade" else str(self.year)


def range_label(start: VagueDate, end: VagueDate | None) -> str:
    """'31 August – 1 September 2025', sharing the month or year where both share it."""
    if end is None or end == start:
        return start.label()
    exact = not start.approx and not end.approx
    if exact and start.precision == end.precision == "day" and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
        return f"{start.day} {MONTHS[start.month - 1]} – {end.day} {MONTHS[end.month - 1]} {end.year}"
    if exact and start.precision == end.precision == "month" and start.year == end.year:
        return f"{MONTHS[start.month - 1]} – {MONTHS[end.month - 1]} {end.year}"
    if exact and start.precision == end.precision == "year":
        return f"{start.year}–{end.year}"
    return f"{start.label()} – {end.label()}"
