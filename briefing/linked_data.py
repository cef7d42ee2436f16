"""schema.org JSON-LD for the pages an analyst cites: events, people, articles, quotes.
Only what the content says: a vague date keeps its precision, and a decade or `~` date is left out."""
from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from . import urls
from .dates import VagueDate
from .model import Article, Event, Person, Quote
from .resolve import Resolved

CONTEXT = "https://schema.org"


def script(data: dict[str, Any]) -> Markup:
    """The JSON text for a `<script type="application/ld+json">` element: `<`, `>`, `&` escaped, so none closes it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def event(r: Resolved, e: Event, description: str) -> dict[str, Any]:
    """An Event: when and where only as precisely as the content knows, its people and sources."""
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Event", "name": e.title,
                            "description": description, **_url(r, "event", e.id)}
    if (start := _date(e.date)) is not None:
        data["startDate"] = start
    if e.end is not None and (end := _date(e.end)) is not None:
        data["endDate"] = end
    if e.location:
        data["location"] = {"@type": "Place", "name": e.location}
    if e.people:
        data["attendee"] = [_person_ref(r, p) for p in e.people]
    if e.sources:
        data["subjectOf"] = [_article_ref(r, r.by_id[a]) for a in dict.fromkeys(c.article for c in e.sources)]
    return data


def person(r: Resolved, p: Person, description: str) -> dict[str, Any]:
    """A Person, with the other spellings the sources use as alternateName."""
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Person", "name": p.name, "jobTitle": p.role,
                            "description": description, **_url(r, "person", p.id)}
    if p.aliases:
        data["alternateName"] = list(p.aliases)
    if p.country:
        data["nationality"] = {"@type": "Country", "name": p.country}
    if p.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": p.affiliation}
    return data


def article(r: Resolved, a: Article) -> dict[str, Any]:
    """A NewsArticle: author, date and publisher only when known; isBasedOn the original address."""
    return {"@context": CONTEXT, **_article_ref(r, a)}


def quotations(r: Resolved, quotes: list[Quote]) -> dict[str, Any]:
    """Every quote of the quotes page, as one graph."""
    graph = []
    for q in quotes:
        item: dict[str, Any] = {"@type": "Quotation", "text": q.text, "spokenByCharacter": _person_ref(r, q.speaker),
                                "isPartOf": _article_ref(r, r.by_id[q.source.article])}
        if (base := r.content.site.base_url):
            item["url"] = urls.absolute(base, urls.item("quote", q.id))
        graph.append(item)
    return {"@context": CONTEXT, "@graph": graph}


def _article_ref(r: Resolved, a: Article) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "NewsArticle", "headline": a.title, **_url(r, "article", a.id)}
    if a.author:
        data["author"] = {"@type": "Person", "name": a.author}
    if a.published is not None and (published := _date(a.published)) is not None:
        data["datePublished"] = published
    if a.outlet and a.outlet != "unknown":
        data["publisher"] = {"@type": "Organization", "name": a.outlet}
    if a.url:
        data["isBasedOn"] = a.url  # the original: the page here reproduces it
    return data


def _person_ref(r: Resolved, ident: str) -> dict[str, Any]:
    p: Person = r.by_id[ident]
    return {"@type": "Person", "name": p.name, **_url(r, "person", p.id)}


def _url(r: Resolved, kind: str, ident: str) -> dict[str, str]:
    """The page's address: schema.org wants absolute ones, so only with base_url."""
    base = r.content.site.base_url
    return {"url": urls.absolute(base, urls.page(kind, ident))} if base else {}


def _date(d: VagueDate) -> str | None:
    """ISO 8601 at the precision known; None for a decade or a rough (`~`) date."""
    return None if d.approx or d.precision == "decade" else d.iso()
