"""An event's neighbours: the events beside it in time, and those sharing its people, most people shared first."""
from __future__ import annotations

from briefing.dates import VagueDate
from briefing.model import Event, Loc
from briefing.neighbours import NEAREST, Finder


def event(i: int, *people: str) -> Event:
    return Event(id=f"e{i}", title=f"Event {i}", date=VagueDate(2000 + i, 1, 1, "year"), end=None, location=None,
                 people=people, themes=(), summary="", sources=(), status="confirmed", former_ids=(),
                 loc=Loc("content/events.yaml"))


def ids(events: tuple[Event, ...]) -> list[str]:
    return [e.id for e in events]


def test_the_events_beside_it_in_time() -> None:
    events = [event(i) for i in range(6)]
    found = Finder(events).around(2)
    assert (ids(found.before), ids(found.after), found.shared) == (["e0", "e1"], ["e3", "e4"], ())
    first, last = Finder(events).around(0), Finder(events).around(5)
    assert (ids(first.before), ids(first.after)) == ([], ["e1", "e2"])
    assert (ids(last.before), ids(last.after)) == (["e3", "e4"], [])


def test_events_sharing_people_most_shared_first_then_nearest_shown_in_time_order() -> None:
    events = [event(0, "kim", "xi"), event(1, "kim"), event(2), event(3, "putin"), event(4, "kim", "xi"),
              event(5), event(6), event(7, "xi"), event(8, "kim"), event(9, "kim", "xi", "putin")]
    found = Finder(events).around(4, near=1, shared=3)
    assert (ids(found.before), ids(found.after)) == (["e3"], ["e5"])
    # e0 and e9 share two people; of the one-person events e1 and e7 are nearest (a tie: the earlier wins), e8 not
    assert [(e.id, people) for e, people in found.shared] == [("e0", ("kim", "xi")), ("e1", ("kim",)),
                                                                 ("e9", ("kim", "xi"))]


def test_only_a_persons_nearest_events_are_candidates() -> None:
    far = NEAREST + 5
    events = [event(0, "kim", "xi"), *(event(i, "kim") for i in range(1, far)), event(far, "kim")]
    found = Finder(events).around(far, near=0, shared=1)
    assert ids(tuple(e for e, _ in found.shared)) == [f"e{far - 1}"]  # e0 shares only kim with it, and is far
