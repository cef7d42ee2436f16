"""Dates written in running text ("4 September 2025", "late 2011", "the 1950s", "2016-2017"), as spans
of days at the precision the text gives: what `report` and `suggest` look for in the articles."""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import MappingProxyType

from .dates import MONTHS, VagueDate
from .model import Event

_MON = (r"(January|February|March|April|May|June|July|August|September|October|November|December"  # "May." ends
        r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")  # a sentence; "Sept." is short for a month
_YEAR = r"((?:19|20)\d\d)"
_Q = r"(?:(early|mid|late)[\s-]+)?"
_RANK = MappingProxyType({"day": 0, "month": 1, "year": 2, "decade": 3})


@dataclass(frozen=True)
class Span:
    """A date the text gives: its first and last possible day, and how precise it is."""

    first: dt.date
    last: dt.date
    precision: str
    form: str  # how an editor would write it in events.yaml


def dates_in(text: str, year: int) -> Iterator[tuple[int, str, Span]]:
    """Every date written in `text` (where, as written, the span), longest form first, each character read once."""
    starts: list[int] = []  # of the stretches taken, which never overlap: in order, and so are their ends
    ends: list[int] = []
    found: list[tuple[int, str, Span]] = []
    for pattern, make in _DATE_FORMS:
        for m in pattern.finditer(text):
            # Only the taken stretch starting last before this one ends can overlap it (each
            # was compared with every one taken: 8,000 dates in an article took 7 s to report).
            at = bisect.bisect_left(starts, m.end())
            if at and ends[at - 1] > m.start():
                continue
            if (span := make(m, year)) is not None:
                starts.insert(at, m.start())
                ends.insert(at, m.end())
                found.append((m.start(), m[0], span))
    yield from sorted(found, key=lambda f: f[0])


def _month(name: str) -> int:
    return next(i for i, full in enumerate(MONTHS, 1) if full.startswith(name.rstrip(".")[:3]))


def _vague(y: int, mo: int = 0, d: int = 0, decade: bool = False) -> Span | None:
    text = f"{y}s" if decade else f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")
    try:
        v = VagueDate.parse(text)
    except ValueError:
        return None
    return Span(v.earliest(), v.latest(), v.precision, v.iso())


def moved(span: Span, years: int) -> Span | None:
    """The same day or month `years` later (earlier, if negative): for one the text gives without its year."""
    year, _, rest = span.form.partition("-")
    month, _, day = rest.partition("-")
    return _vague(int(year) + years, int(month or 0), int(day or 0))


def _years(m: re.Match[str], _: int) -> Span | None:
    first, last = _vague(int(m[1])), _vague(int(m[2]))
    if first is None or last is None or last.first <= first.first:
        return None
    return Span(first.first, last.last, "year", f"{first.form} to {last.form}")


_DATE_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], int], Span | None]], ...] = (
    (re.compile(rf"(?<![\d,.]){_YEAR}\s?[-–]\s?{_YEAR}(?![\d%])"), _years),
    (re.compile(rf"\b(\d{{1,2}})\s+{_MON},?\s+{_YEAR}\b"), lambda m, _: _vague(int(m[3]), _month(m[2]), int(m[1]))),
    (re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b"),
     lambda m, _: _vague(int(m[3]), _month(m[1]), int(m[2]))),
    (re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![,.]?\d)"),
     lambda m, y: _vague(y, _month(m[1]), int(m[2]))),
    (re.compile(rf"\b(\d{{1,2}})\s+{_MON}(?![\w])"), lambda m, y: _vague(y, _month(m[2]), int(m[1]))),
    (re.compile(rf"\b{_MON},?\s+(?:(?:in|of)\s+)?{_YEAR}\b"), lambda m, _: _vague(int(m[2]), _month(m[1]))),
    (re.compile(rf"\b{_Q}(?:the\s+)?((?:19|20)\d0)s\b"), lambda m, _: _vague(int(m[2]), decade=True)),
    # a year alone, not a law's or a plan's name ("the Inquiries Act 2005", "Vision 2030")
    (re.compile(rf"\b{_Q}(?<![\d,.$£€])(?<!\bAct )(?<!\bBill )(?<!\bPlan )(?<!\bVision ){_YEAR}(?![\d%]|,\d)"),
     lambda m, _: _vague(int(m[2]))),
    (re.compile(r"\b(?:in|since|until|by|from|early|late|mid|last|next|this)\s+(January|February|March|April|June|"
                r"July|August|September|October|November|December)\b(?!\s+\d)"), lambda m, y: _vague(y, _month(m[1]))),
)


def covers(event: Event, span: Span) -> bool:
    """An event dated within the text's date, or spanning it at least as precisely (a `2025` event
    does not cover `4 September 2025`, an event dated that day does). An open-ended event covers the date it
    names, not every date on its open side."""
    ends = [event.date.point()] + ([event.end] if event.end else [])
    if any(span.first <= d.earliest() and d.latest() <= span.last for d in ends):
        return True
    precise = max(_RANK[d.precision] for d in ends) <= _RANK[span.precision]
    return precise and ends[0].earliest() <= span.first and span.last <= ends[-1].latest()


def has_year(written: str) -> bool:
    """Whether a date as written gives its year ("4 September 2025", "the 1990s"), not only a day or a month
    ("28 December", "in October"): that one's year is the article's, and unknown if the article's date is."""
    return re.search(r"\b(?:19|20)\d\d", written) is not None


def covers_any_year(events: Iterable[Event], span: Span) -> bool:
    """Whether an event covers a day or month written without its year (`span` in any year), in one of the
    event's own years: "28 December" in an article of unknown date is the event dated 2004-12-28, if there is
    one, since no year can be told from the text."""
    for event in events:
        for year in {d.year for d in (event.date, *([event.end] if event.end else []))}:
            if (there := moved(span, year - span.first.year)) is not None and covers(event, there):
                return True
    return False


def year_of(span: Span, published: VagueDate, future: bool) -> Span:
    """A date written without its year ("in October", "Sept 3") in the year of the article's date; the year before
    if it falls in a later month than that date in a sentence about the past ("last June", said in February), the
    year after if in an earlier month in one about the future. Within the article's own month it is the article's
    year: a correction dated four days after the story ("Correction, March 14") is not a year old."""
    first, last, own = span.first, span.last, (published.earliest(), published.latest())
    if (first.year, first.month) > (own[1].year, own[1].month) and not future:
        return moved(span, -1) or span
    if (last.year, last.month) < (own[0].year, own[0].month) and future:
        return moved(span, 1) or span
    return span
