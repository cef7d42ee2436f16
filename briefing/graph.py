"""Who met whom: people joined by the events they share, laid out for an SVG at build time.
People sit on a circle, grouped by kind, so the drawing is the same every build and needs no JavaScript."""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import Any

from .folding import sortable
from .model import PERSON_KINDS, Event, Person

MAX_PEOPLE = 60  # beyond this the most connected are drawn; the list below has everyone
WIDTH = 1000
RADIUS = 290


def pairs(events: Sequence[Event]) -> dict[tuple[str, str], list[Event]]:
    """Every two people at one event, with the events they share (in the order given)."""
    shared: dict[tuple[str, str], list[Event]] = {}
    for e in events:
        for a, b in combinations(sorted(set(e.people)), 2):
            shared.setdefault((a, b), []).append(e)
    return shared


def met(person: str, shared: dict[tuple[str, str], list[Event]]) -> dict[str, list[Event]]:
    return {b if a == person else a: evs for (a, b), evs in shared.items() if person in (a, b)}


def layout(people: Sequence[Person], shared: dict[tuple[str, str], list[Event]],
           name: Callable[[str], str], url: Callable[[str], str]) -> dict[str, Any] | None:
    """Nodes on a circle and the lines between them, in viewBox units; None if nobody shares an event."""
    partners: dict[str, set[str]] = {}
    for a, b in shared:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    if not partners:
        return None
    by_id = {p.id: p for p in people}
    kept = sorted(partners, key=lambda p: (-len(partners[p]), sortable(name(p)), p))[:MAX_PEOPLE]
    order = sorted(kept, key=lambda p: (tuple(PERSON_KINDS).index(by_id[p].kind), sortable(name(p)), p))
    cx, cy = WIDTH / 2, RADIUS + 30
    most = max(len(v) for v in partners.values())
    nodes: dict[str, dict[str, Any]] = {}
    for i, p in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * i / len(order)
        n = len(partners[p])
        r = round(5 + 7 * math.sqrt(n / most), 1)
        out = RADIUS + r * 1.45 + 4  # the name clear of its mark, a square's corner too
        nodes[p] = {"id": p, "url": url(p), "label": name(p), "kind": by_id[p].kind,
                    "x": round(cx + RADIUS * math.cos(angle), 1), "y": round(cy + RADIUS * math.sin(angle), 1),
                    "r": r,
                    "tx": round(cx + out * math.cos(angle), 1), "ty": round(cy + out * math.sin(angle) + 5, 1),
                    "anchor": "start" if math.cos(angle) >= -1e-9 else "end",
                    "title": f"{name(p)}: at events with {n} other {'person' if n == 1 else 'people'}"}
    heaviest = max(len(evs) for evs in shared.values())
    edges = [{"x1": nodes[a]["x"], "y1": nodes[a]["y"], "x2": nodes[b]["x"], "y2": nodes[b]["y"],
              "w": round(1 + 5 * (len(evs) - 1) / max(heaviest - 1, 1), 1),
              "title": f"{name(a)} and {name(b)}: {len(evs)} shared event{'' if len(evs) == 1 else 's'}"}
             for (a, b), evs in sorted(shared.items(), key=lambda kv: (len(kv[1]), kv[0]))  # heaviest last, on top
             if a in nodes and b in nodes]
    return {"width": WIDTH, "height": round(cy + RADIUS + 40), "nodes": [nodes[p] for p in order], "edges": edges,
            "left_out": len(partners) - len(kept)}
