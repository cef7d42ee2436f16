"""Who met whom: the graph on /people/ and the "People met" list on each person page."""
from __future__ import annotations

import math
from pathlib import Path

import yaml
from bs4 import Tag

from briefing import graph
from briefing.dates import VagueDate
from briefing.model import Event, Person

from conftest import PROJECT, soup


def event(ident: str, *people: str) -> Event:
    return Event(ident, ident, VagueDate.parse("2025-09-03"), None, None, people, (), "", (), "confirmed", (),
                 None)  # type: ignore[arg-type]


def person(ident: str, kind: str = "leader") -> Person:
    return Person(ident, ident.title(), (), kind, "role", "Country", None, "", (), None)  # type: ignore[arg-type]


def test_pairs_are_people_at_one_event_with_the_events_they_share() -> None:
    shared = graph.pairs([event("a", "kim", "xi", "putin"), event("b", "xi", "kim"), event("c", "lee")])
    assert {k: [e.id for e in v] for k, v in shared.items()} == {
        ("kim", "xi"): ["a", "b"], ("kim", "putin"): ["a"], ("putin", "xi"): ["a"]}
    assert {k: [e.id for e in v] for k, v in graph.met("xi", shared).items()} == {"kim": ["a", "b"], "putin": ["a"]}
    assert graph.met("lee", shared) == {}


def test_the_layout_puts_everyone_connected_on_one_circle_grouped_by_kind() -> None:
    people = [person("kim"), person("xi"), person("aide", "official"), person("prof", "analyst"), person("lee")]
    shared = graph.pairs([event("a", "kim", "xi", "aide"), event("b", "kim", "prof"), event("c", "kim", "xi")])
    drawn = graph.layout(people, shared, lambda i: i.title(), lambda i: f"../people/{i}/")
    assert drawn is not None
    nodes = {n["id"]: n for n in drawn["nodes"]}
    assert set(nodes) == {"kim", "xi", "aide", "prof"}  # lee shares no event: not drawn
    assert [n["kind"] for n in drawn["nodes"]] == ["leader", "leader", "official", "analyst"]
    centre = (drawn["width"] / 2, graph.RADIUS + 30)
    for n in nodes.values():
        assert math.isclose(math.dist((n["x"], n["y"]), centre), graph.RADIUS, abs_tol=0.2)
        assert n["url"] == f"../people/{n['id']}/"
    assert nodes["kim"]["r"] > nodes["prof"]["r"]  # more people met, a larger node
    widths = {e["title"]: e["w"] for e in drawn["edges"]}
    assert widths["Kim and Xi: 2 shared events"] > widths["Kim and Prof: 1 shared event"]
    assert len(drawn["edges"]) == len(shared)


def test_the_most_connected_are_drawn_when_there_are_too_many() -> None:
    people = [person(f"p{n:03d}") for n in range(graph.MAX_PEOPLE + 10)]
    events = [event(f"e{n}", "p000", f"p{n:03d}") for n in range(1, len(people))]
    drawn = graph.layout(people, graph.pairs(events), lambda i: i, lambda i: i)
    assert drawn is not None and len(drawn["nodes"]) == graph.MAX_PEOPLE and drawn["left_out"] == 10
    assert "p000" in {n["id"] for n in drawn["nodes"]}
    assert graph.layout(people, {}, lambda i: i, lambda i: i) is None


def _events() -> list[dict[str, object]]:
    events: list[dict[str, object]] = yaml.safe_load((PROJECT / "content" / "events.yaml").read_text(encoding="utf-8"))
    return events


def test_the_people_page_draws_every_pair_and_links_every_person(bundled: tuple[Path, float, str]) -> None:
    site = bundled[0]
    page = soup(site / "people" / "index.html")
    svg = page.select_one("#met ~ figure svg.graph-svg")
    assert isinstance(svg, Tag)
    expected = {tuple(sorted({a, b})) for e in _events() for a in e["people"] for b in e["people"]  # type: ignore[attr-defined]
                if a != b}
    assert len(svg.select(".graph-edges line")) == len(expected)
    named = set()
    for a in svg.select("a.graph-node"):
        target = (site / "people" / str(a["href"])).resolve()
        assert target.is_file(), a["href"]
        h1, label = soup(target).h1, a.select_one("text")
        assert h1 is not None and label is not None and label.get_text(strip=True) == h1.get_text(strip=True)
        assert str(a["aria-label"]).startswith(h1.get_text(strip=True) + ": at events with ")
        named.add(label.get_text(strip=True))
    assert named >= {"Kim Jong Un", "Xi Jinping", "Vladimir Putin", "Hong Lei"}
    listed = page.select(".graph-list li")
    assert len(listed) == len(expected)
    first = listed[0].get_text(" ", strip=True)
    assert first.startswith("Kim Jong Un and Xi Jinping") or first.startswith("Xi Jinping and Kim Jong Un")


def test_a_person_page_lists_the_people_met_with_the_events(bundled: tuple[Path, float, str]) -> None:
    site = bundled[0]
    page = soup(site / "people" / "kim-jong-un" / "index.html")
    section = page.select_one('section[aria-labelledby="met"]')
    assert isinstance(section, Tag)
    rows = {li.a.get_text(strip=True): li for li in section.select("ul.met > li") if li.a}
    shared_with_xi = {str(e["title"]) for e in _events()
                      if "kim-jong-un" in e["people"] and "xi-jinping" in e["people"]}  # type: ignore[operator]
    xi = rows["Xi Jinping"]
    assert {a.get_text(strip=True) for a in xi.select("a")[1:]} == shared_with_xi
    for a in xi.select("a")[1:]:
        assert (site / "people" / "kim-jong-un" / str(a["href"])).resolve().is_file()
    assert list(rows)[0] == "Xi Jinping"  # most shared events first
    assert "Kim Jong Un" not in rows
    lone = soup(site / "people" / "andrew-yeo" / "index.html")  # an analyst, at no event
    assert lone.select_one('section[aria-labelledby="met"]') is None  # nobody met: no empty section
