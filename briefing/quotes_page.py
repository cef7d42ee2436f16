"""The quotes page, /quotes/: every quote, grouped by speaker, each at its anchor `#q-ID` for good (analysts cite
those addresses, so a quote never moves to another page, however many there are). Each quote carries the values
static/quotes.js filters on as data- attributes; without scripts the page is the whole list. Ready-made data, as
pages.py makes it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import groupby

from . import linked_data as ld
from .cards import Cards, Link, QuoteCard, office
from .dates import range_label
from .errors import counted
from .folding import sortable
from .model import PERSON_KINDS, Quote, chronological
from .pages import Page, _page
from .resolve import Resolved

PAGE_SIZE = 50  # the quotes static/quotes.js shows at first, and adds with each "Show more"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    former: str = ""  # its former ids, space-separated: an address written before a rename still filters


@dataclass(frozen=True)
class Facet:
    """One filter: its name (the query string's key and the quotes' `data-NAME`), its label, the words for no
    choice, and the values the quotes hold, in the order a reader looks for them."""

    name: str
    label: str
    anyone: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class QuoteItem:
    """A quote in the list, with its values for each facet: `data-NAME="id id"`, by facet name."""

    card: QuoteCard
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SpeakerGroup:
    anchor: str  # the id of its heading
    speaker: Link
    office: str
    quotes: tuple[QuoteItem, ...]


def quotes_page(cards: Cards) -> Page:
    r = cards.r
    by_speaker = sorted(cards.c.quotes, key=lambda q: (sortable(r.name(q.speaker)), q.speaker, q.paraphrase,
                                                         *_said(r, q)))
    groups = [SpeakerGroup(f"sp-{n}", cards.link(s), office(r.by_id[s]), tuple(_item(cards, q) for q in qs))
              for n, (s, qs) in enumerate(groupby(by_speaker, key=lambda q: q.speaker), 1)]
    return _page(cards, "quotes/", "quotes.html", "Quotes",
                 "Every quote in the briefing, verbatim, each linked to the paragraph it came from.",
                 "quotes", groups=groups, facets=_facets(cards), count=counted(len(by_speaker), "quote"),
                 page_size=PAGE_SIZE, jsonld=ld.script(ld.quotations(r, by_speaker)), files=cards.cite_files("quote"))


def _said(r: Resolved, q: Quote) -> tuple[object, ...]:
    """When and where a quote was said, as a speaker's quotes are listed: by their article's date (unknown last),
    then in the order the article gives them."""
    a, at = r.by_id[q.source.article], r.quote_at.get(q.id)
    when = a.published.sort_key() if a.published else (dt.date.max, dt.date.max)
    return when, a.id, at.block if at else -1, at.spans[0][0] if at and at.spans else 0, q.id


def _item(cards: Cards, q: Quote) -> QuoteItem:
    """A quote with its citation, and the values its filters match: the same rule for themes as theme pages."""
    card = replace(cards.quote_card(q), cite=cards.cite(q.id), edition=cards.editions.of(q.id))
    values = (("kind", cards.r.by_id[q.speaker].kind), ("theme", " ".join(cards.r.quote_themes(q))),
              ("event", " ".join(q.events)), ("source", q.source.article), ("speaker", q.speaker))
    return QuoteItem(card, values)


def _facets(cards: Cards) -> tuple[Facet, ...]:
    """The filters and the values the quotes hold: kinds of speaker as the people page orders them, events in time,
    the rest by name."""
    r, quotes = cards.r, cards.c.quotes
    kinds = {r.by_id[q.speaker].kind for q in quotes}
    events = chronological(r.by_id[e] for e in {e for q in quotes for e in q.events})
    return (Facet("kind", "Kind of speaker", "Any kind", tuple(Option(k, label) for k, label in PERSON_KINDS.items()
                                                       if k in kinds)),
            Facet("theme", "Theme", "Any theme", _by_name(cards, {t for q in quotes for t in r.quote_themes(q)})),
            Facet("event", "Event", "Any event",
                  tuple(Option(e.id, f"{e.title} ({range_label(e.date, e.end)})", " ".join(e.former_ids))
                        for e in events)),
            Facet("source", "Source article", "Any source", _by_name(cards, {q.source.article for q in quotes})),
            Facet("speaker", "Speaker", "Anyone", _by_name(cards, {q.speaker for q in quotes}, cards.told_apart)))


def _by_name(cards: Cards, idents: Iterable[str], label: Callable[[str], str] | None = None) -> tuple[Option, ...]:
    return tuple(Option(i, (label or cards.r.name)(i), " ".join(cards.r.by_id[i].former_ids))
                 for i in sorted(idents, key=lambda i: (sortable(cards.r.name(i)), i)))
