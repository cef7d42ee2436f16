"""schema.org JSON-LD for the pages an analyst cites: events, people, articles, quotes, settled claims.
Only what the content says: a vague date keeps its precision, and a decade or `~` date is left out."""
from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from . import urls
from .dates import VagueDate
from .markup import plain
from .model import Article, Claim, Event, Person, Quote, known
from .resolve import Resolved

CONTEXT = "https://schema.org"


def script(data: dict[str, Any]) -> Markup:
    """The JSON text for a `<script type="application/ld+json">` element: `<`, `>`, `&` escaped, so none closes it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def event(r: Resolved, e: Event, description: str) -> dict[str, Any]:
    """An Event: when and where only as precisely as the content knows, its people and sources."""
    return {"@context": CONTEXT, "@type": "Event", "name": e.title, "description": description,
            **_url(r, "event", e.id),
            **_given(startDate=_date(e.date), endDate=_date(e.end),
                     location=e.location and {"@type": "Place", "name": e.location},
                     attendee=[_person_ref(r, p) for p in e.people],
                     subjectOf=[_article_ref(r, r.by_id[a]) for a in dict.fromkeys(c.article for c in e.sources)])}


def person(r: Resolved, p: Person, description: str) -> dict[str, Any]:
    """A Person, with the other spellings the sources use as alternateName."""
    return {"@context": CONTEXT, "@type": "Person", "name": p.name, "description": description,
            **_url(r, "person", p.id),
            **_given(jobTitle=known(p.role), alternateName=list(p.aliases),
                     nationality=known(p.country) and {"@type": "Country", "name": p.country},
                     affiliation=p.affiliation and {"@type": "Organization", "name": p.affiliation})}


def article(r: Resolved, a: Article) -> dict[str, Any]:
    """A NewsArticle: author, date and publisher only when known; isBasedOn the original address."""
    return {"@context": CONTEXT, **_article_ref(r, a)}


def quotations(r: Resolved, quotes: list[Quote]) -> dict[str, Any]:
    return {"@context": CONTEXT, "@graph": [
        {"@type": "Quotation", "text": q.text, "spokenByCharacter": _person_ref(r, q.speaker),
         "isPartOf": _article_ref(r, r.by_id[q.source.article]), **_url(r, "quote", q.id)}
        for q in quotes if not q.paraphrase]}  # a paraphrase is the article's words, not the speaker's


def claim_reviews(r: Resolved, claims: tuple[Claim, ...]) -> dict[str, Any]:
    """A ClaimReview of each settled claim, rated by its resolution, by the briefing's publisher. A superseded one
    has none: it was overtaken, not answered, so there is no verdict to rate."""
    site = r.content.site
    author = {"@type": "Organization", "name": site.publisher or site.title}
    return {"@context": CONTEXT, "@graph": [
        {"@type": "ClaimReview", "claimReviewed": c.question, "author": author, "datePublished": site.as_of.iso(),
         "reviewRating": {"@type": "Rating", "alternateName": "settled",
                          "ratingExplanation": plain(c.resolution, r.name)},
         "itemReviewed": {"@type": "Claim", "appearance": [
             _article_ref(r, r.by_id[a]) for a in dict.fromkeys(st.source.article for st in c.statements)]},
         **_url(r, "claim", c.id)}
        for c in claims if c.status == "settled"]}


def _article_ref(r: Resolved, a: Article) -> dict[str, Any]:
    return {"@type": "NewsArticle", "headline": a.title, **_url(r, "article", a.id), **_given(
        author=a.author and {"@type": "Person", "name": a.author}, datePublished=_date(a.published),
        publisher=a.outlet != "unknown" and a.outlet and {"@type": "Organization", "name": a.outlet},
        isBasedOn=a.url)}  # isBasedOn: the original, which the page here reproduces


def _person_ref(r: Resolved, ident: str) -> dict[str, Any]:
    return {"@type": "Person", "name": r.name(ident), **_url(r, "person", ident)}


def _url(r: Resolved, kind: str, ident: str) -> dict[str, str]:
    """The item's address: schema.org wants absolute ones, so only with base_url."""
    base = r.content.site.base_url
    return {"url": urls.absolute(base, urls.item(kind, ident))} if base else {}


def _date(d: VagueDate | None) -> str | None:
    return d.certain() if d else None


def _given(**fields: Any) -> dict[str, Any]:
    """The fields the content gives: those without a value (None, '', an empty list) left out."""
    return {key: value for key, value in fields.items() if value}
