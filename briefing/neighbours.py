"""An event's neighbours, for the context strip of its page: the events just before and after it in time, and
those sharing its people, most people shared first, then nearest in time. Each person's events are looked at
only near the event (NEAREST on each side): a briefing of thousands of events stays quick, and what is close in
time is what the strip is for."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Event

NEAREST = 12  # of each person's events, how many on each side of the event are candidates


@dataclass(frozen=True)
class Neighbours:
    before: tuple[Event, ...]  # in time order
    after: tuple[Event, ...]
    shared: tuple[tuple[Event, tuple[str, ...]], ...]  # an event sharing people, with their ids; in time order


class Finder:
    """Each person's events by their place in time (`events` in the timeline's order), made once a build."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self.places: dict[str, list[int]] = {}
        for i, e in enumerate(events):
            for person in e.people:
                self.places.setdefault(person, []).append(i)

    def around(self, index: int, near: int = 2, shared: int = 4) -> Neighbours:
        """The `near` events on each side of the event at `index`, and up to `shared` others sharing its people."""
        shown = set(range(index - near, index + near + 1))
        candidates: dict[int, list[str]] = {}
        for person in self.events[index].people:
            places = self.places[person]
            at = bisect_left(places, index)
            for j in places[max(0, at - NEAREST):at + NEAREST + 1]:
                if j not in shown:
                    candidates.setdefault(j, []).append(person)
        best = sorted(candidates, key=lambda j: (-len(candidates[j]), abs(j - index), j))[:shared]
        return Neighbours(tuple(self.events[max(0, index - near):index]),
                          tuple(self.events[index + 1:index + 1 + near]),
                          tuple((self.events[j], tuple(candidates[j])) for j in sorted(best)))
