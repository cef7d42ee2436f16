"""The timeline drawn at build time as SVG geometry: an overview and a detail band.

Events run from decades of background to a few crowded days, which no one linear axis shows: the overview cuts
out empty decades and draws the busiest weeks as one mark, which the detail band spreads out day by day. Every
mark can be named without hovering: its title beside it where there is room, else its number in the list below
(`Chart.numbers`); labels are placed in lanes so that none overlaps another or a mark. With more events than lanes
can hold, the overview counts them by year instead. A vague date is drawn thin, across the whole span it allows;
an open start as its end, an open end up to the briefing's as_of."""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from .dates import MONTHS, VagueDate, next_month, plus, range_label
from .model import Event

WIDTH = 1000  # viewBox units; the page draws the chart only where it is at least this many pixels wide
PAD = 24
BREAK = 30  # the width a scale break takes
GAP_YEARS = 5  # empty years longer than this become a break
TEXT = 12  # a label's size; the narrowest drawing (64rem less the margins) shows it at 11.9 px
CHAR = 0.62 * TEXT  # a character's width, generous for the system fonts: labels are placed by it
BESIDE = 0.62 * 13  # the same, as the detail band counts it
LANE = 32  # overview: a lane's height, a label above its mark
MAX_LANES = 12
LONGEST = 34  # characters of a title an overview label shows
ROW = 24  # detail band: row pitch
MAX_ROWS = 40
DETAIL_DAYS = 31  # the busiest window this long is what the detail band is built around
SHORT_DAYS = 62  # events longer than this stay in the overview only
AXIS = 34  # room under a band for its axis labels


@dataclass(frozen=True)
class Segment:
    """A stretch of years drawn to scale: [start, end) in fractional years, from x0 to x1."""
    start: float
    end: float
    x0: float
    x1: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the baseline
    text: str
    anchor: str = "start"
    number: bool = False  # a number keyed to the list below, not words
    cut: bool = False  # the words are the start of a longer title: an ellipsis follows, hidden from screen readers


@dataclass(frozen=True)
class Mark:
    url: str
    members: str  # the ids of the events it stands for, for the filters
    label: str  # what it is in words, for screen readers and the tooltip
    x: float
    y: float
    w: float
    h: float
    classes: str
    text: Label | None = None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Overview:
    height: float
    axis: float
    marks: list[Mark]
    ticks: list[Tick]
    breaks: list[Tick]  # where empty years are cut out, and which
    segments: list[Segment]
    counted: bool  # events counted by year, not drawn one by one

    @property
    def scales_differ(self) -> bool:
        """Whether a year is drawn wider in one stretch than in another: each is as wide as its share of events."""
        per_year = [(s.x1 - s.x0) / (s.end - s.start) for s in self.segments]
        return max(per_year) > 1.25 * min(per_year)


@dataclass(frozen=True)
class Detail:
    title: str
    height: float
    axis: float
    marks: list[Mark]
    months: list[Tick]
    weeks: list[Tick]
    more: int  # events of the stretch not drawn (more than MAX_ROWS)
    end: float


@dataclass(frozen=True)
class Chart:
    width: int
    overview: Overview
    detail: Detail | None
    numbers: dict[str, int] = field(default_factory=dict)  # event id -> the number its mark shows


def timeline(events: Sequence[Event], url: Callable[[str], str], as_of: dt.date,
             group: Callable[[Event], str] | None = None) -> Chart | None:
    """The chart of `events` (in time order); None without events. `group` names the list's section of an event,
    which a year's count links to."""
    if not events:
        return None
    detail = _detail(events, as_of)
    overview, numbers = _overview(events, url, detail, as_of, group or (lambda e: e.date.group()))
    return Chart(WIDTH, overview, _detail_band(detail, url, as_of) if detail else None, numbers)


def _years(d: dt.date) -> float:
    return d.year + (d - dt.date(d.year, 1, 1)).days / (366 if calendar.isleap(d.year) else 365)


def _span(e: Event, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """First day and the day after the last day the event may cover, as drawn: an open start from its end's first
    day, an open end up to as_of (or its own last day, if later): a chart has no unbounded side."""
    last = (e.end or e.date).point().latest()
    last = max(last, as_of) if e.date.open == "end" else last
    return e.date.point().earliest(), plus(last, dt.timedelta(days=1))


def gaps(events: Sequence[Event], as_of: dt.date) -> list[tuple[int, int]]:
    """The stretches of empty years cut out of the overview (first and last year of each), which the list shows
    as breaks too."""
    runs = _runs(events, as_of)
    return [(a[1], b[0] - 1) for a, b in zip(runs, runs[1:])]


def _runs(events: Sequence[Event], as_of: dt.date) -> list[list[int]]:
    """Runs of years with events, [first, after last), apart where more than GAP_YEARS are empty."""
    spans = sorted((int(_years(a)), int(_years(b - dt.timedelta(days=1))) + 1)
                   for a, b in (_span(e, as_of) for e in events))
    runs: list[list[int]] = []
    for a, b in spans:
        if runs and a - runs[-1][1] <= GAP_YEARS:
            runs[-1][1] = max(runs[-1][1], b)
        else:
            runs.append([a, b])
    return runs


def _segments(events: Sequence[Event], as_of: dt.date) -> list[Segment]:
    """The runs of years laid out: each as wide as its share of the events (not of the years: three decades of
    background would squeeze the crowded present), at least a sixth of an even share, to scale within."""
    runs = _runs(events, as_of)
    room = WIDTH - 2 * PAD - BREAK * (len(runs) - 1)
    starts_in = [int(_years(_span(e, as_of)[0])) for e in events]
    weights = [sum(1 for year in starts_in if a <= year < b) for a, b in runs]
    floor = room / len(runs) / 6
    widths = [max(floor, room * w / sum(weights)) for w in weights]
    scale = room / sum(widths)
    starts = accumulate((w * scale + BREAK for w in widths), initial=float(PAD))
    return [Segment(a, b, x, x + w * scale) for (a, b), w, x in zip(runs, widths, starts)]


def _x(segments: list[Segment], year: float) -> float:
    for s in segments:
        if year <= s.end:
            return s.x0 + (max(year, s.start) - s.start) / (s.end - s.start) * (s.x1 - s.x0)
    return segments[-1].x1


def _classes(e: Event) -> str:
    ends = [e.date] + ([e.end] if e.end else [])
    vague = bool(e.date.open) or any(d.precision != "day" for d in ends)
    return " ".join(["vague" if vague else "exact"] + (["approx"] if any(d.approx for d in ends) else [])
                    + (["uncertain"] if any(d.uncertain for d in ends) else [])
                    + ([f"open-{e.date.open}"] if e.date.open else []) + [e.status])


def _words(e: Event) -> str:
    status = "" if e.status == "confirmed" else f" ({e.status})"
    return f"{e.title}, {range_label(e.date, e.end)}{status}"


@dataclass(frozen=True)
class _Item:
    """Something the overview draws from x0 to x1, and the labels it may take, the preferred first."""
    x0: float
    x1: float
    url: str
    members: str
    words: str
    classes: str
    title: tuple[str, bool] | None  # the words it is named by where there is room, and whether they are cut short
    short: tuple[str, bool]  # what names it where there is not, and whether that is its number in the list


def _overview(events: Sequence[Event], url: Callable[[str], str], detail: _Stretch | None, as_of: dt.date,
              group: Callable[[Event], str]) -> tuple[Overview, dict[str, int]]:
    segments = _segments(events, as_of)

    def xs(a: dt.date, b: dt.date) -> tuple[float, float]:
        x0, x1 = _x(segments, _years(a)), _x(segments, _years(b))
        return x0, max(x1, x0 + 6)
    inside = {e.id for e in detail.events} if detail else set()
    shown = [(n, e) for n, e in enumerate(events, 1) if e.id not in inside]
    shorts = Counter(_short(e.title) for _, e in shown)  # two titles cut to the same words name neither: numbers
    items = [_Item(*xs(*_span(e, as_of)), url(e.id), e.id, _words(e), _classes(e),
                   _short(e.title) if shorts[_short(e.title)] == 1 else None, (str(n), True))
             for n, e in shown]
    if detail:
        n = len(detail.events)
        items.append(_Item(*xs(detail.first, detail.after), "#tl-detail", " ".join(sorted(inside)),
                           f"{n} events: day by day below, {detail.title}", "exact group",
                           (f"{n} events: day by day below", False), (f"{n} events", False)))
    placed, counted = _place(items, MAX_LANES), False
    if placed is None:  # more than lanes hold: a count for each section of the list
        placed, counted = _place(_counts(events, xs, as_of, group), 3 * MAX_LANES) or [], True
    # a vague date thin across its span, so that a month it happened in does not read as a month it lasted
    # A mark's name for screen readers starts with the words it shows (a number, too); in time order, as Tab goes.
    marks = [Mark(item.url, item.members, f"{text.text}: {item.words}" if text.number else item.words,
                  round(item.x0, 1), y + (21 if "vague" in item.classes else 18), round(item.x1 - item.x0, 1),
                  4 if "vague" in item.classes else 10, item.classes, text)
             for item, y, text in sorted(placed, key=lambda p: (p[0].x0, p[1]))]
    numbers = {} if counted else {m.members: int(m.text.text) for m in marks if m.text and m.text.number}
    height = 8 + max((y for _, y, _ in placed), default=0) + LANE
    return Overview(height + AXIS, height, marks, _ticks(segments, height), _breaks(segments), segments,
                    counted), numbers


def _counts(events: Sequence[Event], xs: Callable[[dt.date, dt.date], tuple[float, float]], as_of: dt.date,
            group: Callable[[Event], str]) -> list[_Item]:
    """One mark a section of the list (a year, or a decade), labelled with its count of events."""
    sections: dict[str, list[Event]] = {}
    for e in events:
        sections.setdefault(group(e), []).append(e)
    items = []
    for name, members in sections.items():
        first, after = min(_span(e, as_of)[0] for e in members), max(_span(e, as_of)[1] for e in members)
        count = f"{len(members)} event{'s' if len(members) > 1 else ''}"
        items.append(_Item(*xs(first, after), f"#y-{name}", " ".join(e.id for e in members), f"{name}: {count}",
                           "exact confirmed", (count, False), (str(len(members)), False)))
    return items


def _place(items: list[_Item], lanes: int) -> list[tuple[_Item, float, Label]] | None:
    """Each item in a lane with a label above it, none overlapping another's label or mark. First every item with
    its short label, in the lane with the most room before it (so the marks spread over the lanes); then each label
    that has room before the next in its lane becomes the title. None if even short labels do not fit."""
    rows: list[list[tuple[_Item, Label, float, float]]] = []  # per lane: item, label, left and right edge
    for item in sorted(items, key=lambda i: (i.x0, -i.x1, i.members)):
        label, left, right = _label(item, *item.short)
        fits = [row for row in rows if row[-1][3] + 8 <= left]
        if len(rows) < lanes:
            rows.append([])
            fits = [rows[-1]]
        if not fits:
            return None
        min(fits, key=lambda row: row[-1][3] if row else -1.0).append((item, label, left, right))
    placed = []
    for lane, row in enumerate(rows):
        for i, (item, label, _, _) in enumerate(row):
            before = row[i - 1][3] + 8 if i else 0.0
            after = row[i + 1][2] - 8 if i + 1 < len(row) else WIDTH - PAD / 2
            title, t_left, t_right = _label(item, *item.title, title=True) if item.title else (label, 0.0, 0.0)
            if item.title and before <= t_left and t_right <= after:
                label = title
                row[i] = (item, label, t_left, t_right)
            y = 8 + lane * LANE
            placed.append((item, float(y), dataclasses.replace(label, y=y + TEXT)))
    return placed


def _label(item: _Item, text: str, flag: bool, title: bool = False) -> tuple[Label, float, float]:
    """An item's label (its baseline set when placed) and the left and right edges the two take: the label starts
    at the mark, but ends at the drawing's edge if it would run past it. `flag`: for a title, that it is cut short
    (an ellipsis follows); else that it is a number."""
    cut, number = (flag, False) if title else (False, flag)
    width = (len(text) + cut) * CHAR + 2
    x = max(PAD / 2, min(item.x0, WIDTH - PAD / 2 - width))
    return Label(round(x, 1), 0, text, number=number, cut=cut), min(item.x0, x), max(item.x1, x + width)


def _short(title: str) -> tuple[str, bool]:
    """A title as an overview label shows it: at most LONGEST characters, cut at a word; and whether it was cut."""
    return (title, False) if len(title) <= LONGEST else (title[:LONGEST - 1].rsplit(" ", 1)[0], True)


def _ticks(segments: list[Segment], axis: float) -> list[Tick]:
    ticks = []
    for s in segments:
        per_year = (s.x1 - s.x0) / (s.end - s.start)
        step = next((n for n in (1, 2, 5, 10, 20, 50, 100) if n * per_year >= 44), 100)
        first = int(s.start)
        if s.start % step and s.end - s.start >= step:  # the first round year of the segment
            first += step - first % step
        last_x = -100.0
        for year in sorted({int(s.start), *range(first, int(s.end), step)}):
            x = _x(segments, year)
            if x - last_x >= 40:
                ticks.append(Tick(round(x, 1), str(year)))
                last_x = x
    return ticks


def _breaks(segments: list[Segment]) -> list[Tick]:
    return [Tick(round(s.x1 + BREAK / 2, 1), f"{int(s.end)}–{int(n.start) - 1}")
            for s, n in zip(segments, segments[1:])]


@dataclass(frozen=True)
class _Stretch:
    """The busiest weeks: first day, the day after the last, their title and events in time order."""
    first: dt.date
    after: dt.date
    title: str
    events: list[Event]


def _detail(events: Sequence[Event], as_of: dt.date) -> _Stretch | None:
    """The busiest DETAIL_DAYS of short events, widened to whole months."""
    short = sorted(((a, b, e) for e in events for a, b in [_span(e, as_of)] if (b - a).days <= SHORT_DAYS),
                   key=lambda s: s[0])
    starts = [a for a, _, _ in short]
    longest, window = dt.timedelta(days=SHORT_DAYS + 1), dt.timedelta(days=DETAIL_DAYS)
    # Only events starting less than SHORT_DAYS before can run into a window: a slice, not all.
    best = max(([s for s in short[bisect_left(starts, plus(start, -longest)):bisect_left(starts, plus(start, window))]
                 if s[1] > start] for start in sorted(set(starts))), key=len, default=[])
    if len(best) < 3:
        return None
    first = min(a for a, _, _ in best).replace(day=1)
    last = max(b for _, b, _ in best) - dt.timedelta(days=1)
    after = next_month(last)
    shown = sorted(((a, b, e) for a, b, e in short if a < after and b > first), key=lambda s: (s[0], s[1], s[2].id))
    title = range_label(VagueDate(first.year, first.month, 1, "month"), VagueDate(last.year, last.month, 1, "month"))
    return _Stretch(first, after, title, [e for _, _, e in shown])


def _detail_band(stretch: _Stretch, url: Callable[[str], str], as_of: dt.date) -> Detail:
    first, after, days = stretch.first, stretch.after, (stretch.after - stretch.first).days

    def x(d: dt.date) -> float:
        return PAD + (min(max(d, first), after) - first).days / days * (WIDTH - 2 * PAD)

    marks, y = [], 6
    for e in stretch.events[:MAX_ROWS]:
        a, b = _span(e, as_of)
        x0, w = round(x(a), 1), round(max(x(b) - x(a), 4.0), 1)
        label, y = _beside(e.title, x0, x0 + w, y)
        classes = _classes(e)
        thin = "vague" in classes  # in the month, not the whole month long
        marks.append(Mark(url(e.id), e.id, _words(e), x0, y + 6 if thin else y, w, 4 if thin else ROW - 8, classes,
                          label))
        y += ROW
    months, weeks, d = [], [], first
    while d < after:
        months.append(Tick(round(x(d), 1), f"{MONTHS[d.month - 1]} {d.year}"))
        weeks += [Tick(round(x(d.replace(day=day)), 1), str(day)) for day in (8, 15, 22)]
        d = next_month(d)
    return Detail(stretch.title, y + AXIS, y, marks, months, weeks, len(stretch.events) - len(marks), x(after))


def _beside(title: str, x0: float, x1: float, y: int) -> tuple[Label, int]:
    """A detail mark's title on the side with more room, cut at a word to fit within the drawing, and the row's top
    as moved for it: where not even its first word fits beside (a mark across nearly the whole band), above it."""
    right_room, left_room = WIDTH - PAD / 2 - (x1 + 6), x0 - 6 - PAD / 2
    room = max(right_room, left_room)
    if (len(title.split(" ", 1)[0]) + (" " in title)) * BESIDE > room:
        text, cut = _fit(title, WIDTH - PAD / 2 - x0)
        return Label(x0, y + TEXT, text, cut=cut), y + TEXT + 4
    text, cut = _fit(title, room)
    if right_room >= (len(text) + cut) * BESIDE or right_room >= left_room:
        return Label(round(x1 + 6, 1), y + ROW - 12, text, cut=cut), y
    return Label(round(x0 - 6, 1), y + ROW - 12, text, "end", cut=cut), y


def _fit(title: str, room: float) -> tuple[str, bool]:
    """`title` cut at a word to fit `room` (at a letter if one word is longer), and whether it was cut."""
    text, cut = title, False
    while (len(text) + cut) * BESIDE > room and " " in text:
        text, cut = text.rsplit(" ", 1)[0], True
    if (len(text) + cut) * BESIDE > room:
        text, cut = text[:max(1, int(room / BESIDE) - 1)], True
    return text, cut
