"""Each citable item of a resolved briefing as a Reference (citations.py): what its "Cite this" block, its files
and its page's meta tags say. A page of the briefing is cited as the briefing's, read on its `as_of` day; an
article as the original, at its own address when known."""
from __future__ import annotations

from dataclasses import dataclass

from . import urls
from .citations import Reference
from .dates import range_label
from .model import COLLECTION_OF, Article, Citation, Claim, Event, Person, Quote, Site, Theme, known, text_language
from .resolve import Location, Resolved


@dataclass(frozen=True)
class Source:
    """An article an item rests on, and where in it."""

    article: str
    paragraphs: tuple[str, ...]  # anchors: 'p3', ...


def cite_file(kind: str, ext: str) -> str:
    """Where the citations of every item of a kind are, each under its id: one file a collection and format
    (`cite/events.bib`), as a file an item would be 42,699 files at 8,000 articles, a third of the build's time."""
    return f"cite/{COLLECTION_OF[kind]}.{ext}"


def reference(r: Resolved, ident: str, noted: bool = False) -> Reference:
    """The item's reference; `noted`, with a note naming the sources it rests on (outlet, date, paragraph, address),
    for the files (the pages show the sources cited in full)."""
    site, item = r.content.site, r.by_id[ident]
    here = urls.absolute(site.base_url, urls.item(r.kind_of[ident], ident))
    if isinstance(item, Article):
        outlet = "" if item.outlet == "unknown" else item.outlet
        issued = item.published if item.published and not item.published.open else None  # "by 2011" is no date
        # Its own address, else the briefing's copy, said to be held there (CSL's `archive`), not published there.
        return Reference(ident, item.title, (item.author,) if item.author else (outlet,) if outlet else (), outlet,
                         "", issued, site.as_of, item.url or here, text_language(item, site),
                         # the copy's address only with base_url: a path within the site leads nowhere once saved
                         f"Full text with numbered paragraphs in {site.title}"
                         + (f": {here}" if site.base_url else "") if item.url else "",
                         archive="" if item.url else site.title)
    title, kept = _title(r, item)
    return of_briefing(site, ident, title, here, _note(r, sources(r, ident)) if noted else "", kept)


def of_briefing(site: Site, ident: str, title: str, url: str, note: str = "", kept: str = "") -> Reference:
    """A page (or part of a page) of the briefing: by its publisher (its title when unset), part of it, dated and
    read on its `as_of`."""
    return Reference(ident, title, (site.publisher or site.title,), site.title, site.publisher, site.as_of,
                     site.as_of, url, site.language, note, kept)


def speaker(p: Person) -> str:
    """A speaker as a citation names them: with their affiliation, or their role when none is given."""
    who = p.affiliation or known(p.role)
    return f"{p.name} ({who})" if who else p.name


def _title(r: Resolved, item: Event | Person | Theme | Quote | Claim) -> tuple[str, str]:
    """The item's title, and the end of it a style must keep as written: a quote's words (its whole title), an
    event's dates ("probably 16 December 2004", never "Probably"), a person's name and role (its whole title:
    "María de los Ángeles", never "De Los")."""
    if isinstance(item, Event):
        dates = f" ({range_label(item.date, item.end)})"
        return item.title + dates, dates
    if isinstance(item, Person):
        title = f"{item.name}, {known(item.role)}" if known(item.role) else item.name
        return title, title
    if isinstance(item, Quote):
        who = speaker(r.by_id[item.speaker])  # the article's words are not put in the speaker's mouth
        title = f"{who}, reported: {item.text}" if item.paraphrase else f"{who}: ‘{item.text}’"  # inside a style's “”
        return title, title
    if isinstance(item, Claim):
        return item.question, ""
    return item.title, ""


def sources(r: Resolved, ident: str) -> list[Source]:
    """The articles an event, quote or claim cites, in order, each with the paragraphs it cites."""
    item = r.by_id[ident]
    cited: list[tuple[Citation, Location | None]] = []
    if isinstance(item, Event):
        cited = [(s, r.located.get(s)) for s in item.sources]
    elif isinstance(item, Quote):
        cited = [(item.source, r.quote_at.get(item.id))]
    elif isinstance(item, Claim):
        cited = [(s.source, r.statement_at.get((item.id, i))) for i, s in enumerate(item.statements)]
    found: dict[str, dict[str, None]] = {}
    for citation, loc in cited:
        anchors = found.setdefault(citation.article, {})
        if loc and loc.anchor:
            anchors[loc.anchor] = None
    return [Source(article, tuple(anchors)) for article, anchors in found.items()]


def where(anchors: tuple[str, ...]) -> str:
    """Paragraphs as a reader sees them: '¶ 3', '¶ 3, 5'; headings and the byline by name."""
    numbers = sorted((a[1:] for a in anchors if a[:1] == "p" and a[1:].isdigit()), key=int)
    others = [f"heading {a[1:]}" if a[:1] == "s" and a[1:].isdigit() else a for a in anchors
              if not (a[:1] == "p" and a[1:].isdigit())]
    return ", ".join(([f"¶ {', '.join(numbers)}"] if numbers else []) + others)


def _note(r: Resolved, found: list[Source]) -> str:
    parts = []
    for s in found:
        a: Article = r.by_id[s.article]
        words = [f"“{a.title}”", a.outlet if a.outlet != "unknown" else "outlet unknown",  # titled: one outlet's
                 a.published.label() if a.published else "date unknown", where(s.paragraphs), a.url or ""]  # are many
        parts.append(", ".join(w for w in words if w))
    return "Sources: " + "; ".join(parts) if parts else ""
