"""The timeline drawn at build time as SVG geometry: an overview and a detail band.
Events run from decades of background to a few crowded days, which no one linear axis shows: the overview
cuts out empty decades, the detail band spreads the busiest weeks. A vague date is drawn as its whole span; an
open start as its end, an open end up to the briefing's as_of."""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from .dates import MONTHS, VagueDate, range_label
from .model import Event

WIDTH = 1000  # viewBox units; the page scales the drawing
PAD = 24
BREAK = 30  # the width a scale break takes
GAP_YEARS = 5  # empty years longer than this become a break
LANE = 14  # overview: lane pitch; a mark is LANE - 4 high
MAX_LANES = 12
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


def _years(d: dt.date) -> float:
    first = dt.date(d.year, 1, 1)
    return d.year + (d - first).days / (dt.date(d.year + 1, 1, 1) - first).days


def _span(e: Event, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """First day and the day after the last day the event may cover, as drawn: an open start from its end's first
    day, an open end up to as_of (or its own last day, if later): a chart has no unbounded side."""
    last = (e.end or e.date).point().latest()
    if e.date.open == "end":
        last = max(last, as_of)
    return e.date.point().earliest(), last + dt.timedelta(days=1)


def timeline(events: Sequence[Event], url: Callable[[str], str], as_of: dt.date) -> dict[str, Any] | None:
    """Everything the timeline template draws, in viewBox units; None without events."""
    if not events:
        return None
    detail = _detail(events, as_of)
    return {"width": WIDTH, "overview": _overview(events, url, detail, as_of),
            "detail": _detail_band(detail, url, as_of) if detail else None}


def _segments(events: Sequence[Event], as_of: dt.date) -> list[Segment]:
    """Runs of years with events, empty stretches longer than GAP_YEARS cut out."""
    spans = sorted((int(_years(a)), int(_years(b - dt.timedelta(days=1))) + 1)
                   for a, b in (_span(e, as_of) for e in events))
    runs: list[list[int]] = []
    for a, b in spans:
        if runs and a - runs[-1][1] <= GAP_YEARS:
            runs[-1][1] = max(runs[-1][1], b)
        else:
            runs.append([a, b])
    room = WIDTH - 2 * PAD - BREAK * (len(runs) - 1)
    total = sum(b - a for a, b in runs)
    # A share by its years, at least a sixth of an even one: a lone year stays wide enough to see and click.
    floor = room / len(runs) / 6
    widths = [max(floor, room * (b - a) / total) for a, b in runs]
    scale = room / sum(widths)
    starts = accumulate((w * scale + BREAK for w in widths), initial=float(PAD))
    return [Segment(a, b, x, x + w * scale) for (a, b), w, x in zip(runs, widths, starts)]


def _x(segments: list[Segment], year: float) -> float:
    for s in segments:
        if year <= s.end:
            return s.x0 + (max(year, s.start) - s.start) / (s.end - s.start) * (s.x1 - s.x0)
    return segments[-1].x1


def _mark(e: Event, url: Callable[[str], str], x: float, w: float, y: float, h: float) -> dict[str, Any]:
    ends = [e.date] + ([e.end] if e.end else [])
    vague = bool(e.date.open) or any(d.precision != "day" for d in ends)
    kinds = (["vague" if vague else "exact"] + (["approx"] if any(d.approx for d in ends) else [])
             + (["uncertain"] if any(d.uncertain for d in ends) else [])
             + ([f"open-{e.date.open}"] if e.date.open else []) + [e.status])
    status = "" if e.status == "confirmed" else f" ({e.status})"
    return {"id": e.id, "url": url(e.id), "x": round(x, 1), "y": round(y, 1), "w": round(max(w, 4.0), 1),
            "h": h, "classes": " ".join(kinds), "label": f"{e.title}, {range_label(e.date, e.end)}{status}",
            "people": " ".join(e.people), "themes": " ".join(e.themes)}


def _overview(events: Sequence[Event], url: Callable[[str], str],
              detail: tuple[dt.date, dt.date, list[Event]] | None, as_of: dt.date) -> dict[str, Any]:
    segments = _segments(events, as_of)
    spans = ((e, [_x(segments, _years(d)) for d in _span(e, as_of)]) for e in events)
    placed = sorted(((x0, max(x1, x0 + 4), e) for e, (x0, x1) in spans), key=lambda p: (p[0], -p[1], p[2].id))
    ends: list[float] = []
    marks = []
    for x0, x1, e in placed:
        lane = next((i for i, end in enumerate(ends) if end + 3 <= x0), None)
        if lane is None:
            if len(ends) < MAX_LANES:
                lane = len(ends)
                ends.append(x1)
            else:  # more at once than lanes: overlap where it is least crowded
                lane = min(range(len(ends)), key=ends.__getitem__)
        ends[lane] = max(ends[lane], x1)
        marks.append(_mark(e, url, x0, x1 - x0, 8 + lane * LANE, LANE - 4))
    height = 8 + len(ends) * LANE + 4
    ticks = []
    for s in segments:
        per_year = (s.x1 - s.x0) / (s.end - s.start)
        step = next((n for n in (1, 2, 5, 10, 20, 50, 100) if n * per_year >= 44), 100)
        first = int(s.start)
        if s.start % step and s.end - s.start >= step:  # the first round year of the segment
            first += step - first % step
        years = sorted({int(s.start), *range(first, int(s.end), step)})
        last_x = -100.0
        for year in years:
            x = _x(segments, year)
            if x - last_x >= 40:
                ticks.append({"x": round(x, 1), "label": str(year)})
                last_x = x
    breaks = [{"x": round(s.x1 + BREAK / 2, 1), "label": f"{int(s.end)}–{int(n.start) - 1}"}
              for s, n in zip(segments, segments[1:])]
    window = None
    if detail:
        x0, x1 = _x(segments, _years(detail[0])), _x(segments, _years(detail[1]))
        window = {"x": round(x0 - 2, 1), "w": round(max(x1 - x0, 4) + 4, 1), "h": height - 2}
    return {"height": height + AXIS, "axis": height, "marks": marks, "ticks": ticks, "breaks": breaks,
            "segments": [{"x0": round(s.x0, 1), "x1": round(s.x1, 1)} for s in segments], "window": window}


def _detail(events: Sequence[Event], as_of: dt.date) -> tuple[dt.date, dt.date, list[Event]] | None:
    """The busiest DETAIL_DAYS of short events, widened to whole months: (first day, day after, events)."""
    short = sorted(((a, b, e) for e in events for a, b in [_span(e, as_of)] if (b - a).days <= SHORT_DAYS),
                   key=lambda s: s[0])
    starts = [a for a, _, _ in short]
    longest, window = dt.timedelta(days=SHORT_DAYS + 1), dt.timedelta(days=DETAIL_DAYS)
    # Only events starting less than SHORT_DAYS before can run into a window: a slice, not all.
    best = max(([s for s in short[bisect_left(starts, start - longest):bisect_left(starts, start + window)]
                 if s[1] > start] for start in sorted(set(starts))), key=len, default=[])
    if len(best) < 3:
        return None
    first = min(a for a, _, _ in best).replace(day=1)
    last = max(b for _, b, _ in best) - dt.timedelta(days=1)
    after = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
    shown = sorted(((a, b, e) for a, b, e in short if a < after and b > first), key=lambda s: (s[0], s[1], s[2].id))
    return first, after, [e for _, _, e in shown]


def _detail_band(detail: tuple[dt.date, dt.date, list[Event]], url: Callable[[str], str],
                 as_of: dt.date) -> dict[str, Any]:
    first, after, shown = detail
    days = (after - first).days
    left, right = PAD, WIDTH - PAD

    def x(d: dt.date) -> float:
        return left + (min(max(d, first), after) - first).days / days * (right - left)

    marks = []
    for row, e in enumerate(shown[:MAX_ROWS]):
        a, b = _span(e, as_of)
        m = _mark(e, url, x(a), x(b) - x(a), 6 + row * ROW, ROW - 8)
        end = m["x"] + m["w"]
        # The title beside its mark, on the side with room.
        m["text"] = {"x": round(end + 6, 1), "anchor": "start"} if end < WIDTH * 0.6 else \
            {"x": round(m["x"] - 6, 1), "anchor": "end"}
        m["title"] = e.title
        marks.append(m)
    height = 6 + len(marks) * ROW
    months, weeks = [], []
    d = first
    while d < after:
        months.append({"x": round(x(d), 1), "label": f"{MONTHS[d.month - 1]} {d.year}"})
        weeks += [{"x": round(x(d.replace(day=day)), 1), "label": str(day)} for day in (8, 15, 22)]
        d = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    last = after - dt.timedelta(days=1)
    title = range_label(VagueDate(first.year, first.month, 1, "month"), VagueDate(last.year, last.month, 1, "month"))
    return {"height": height + AXIS, "axis": height, "marks": marks, "months": months, "weeks": weeks,
            "title": title, "more": len(shown) - len(marks), "end": round(x(after), 1)}
