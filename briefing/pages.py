"""One function per kind of page: its ready-made data (every link, label and snippet), made
from the build's Cards; no I/O. Templates only lay it out."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from types import MappingProxyType
from typing import Any

from markupsafe import Markup, escape

from . import chart, graph, printing, urls
from . import linked_data as ld
from .articles import Block
from .cards import (Cards, ClaimCard, EventCard, Excerpt, FullArticle, Link, MentionRef, Nearby,
                    Paragraph, Profile, StatementRef)
from .citations import Shape
from .errors import counted
from .grades import grade, legend
from .feeds import FEED_FILE, alternate
from .folding import sortable
from .markup import Span, inline
from .mentions import Mention
from .model import (CLAIM_STATUSES, PERSON_KINDS, Article, Claim, Event, Person, Theme, known, newest_first,
                    text_language)
from .resolve import Highlight, Location, Resolved
from .search import KIND_LABELS, STATUS_FILTERS

NAV = (("home", "Briefing"), ("timeline", "Timeline"), ("people", "People"), ("themes", "Themes"),
       ("sources", "Sources"), ("quotes", "Quotes"), ("claims", "Claims"))
OG_TYPES = MappingProxyType({"event.html": "article", "source.html": "article", "person.html": "profile"})  # og:type


@dataclass(frozen=True)
class Page:  # one HTML page to render: where it goes, with which template and data
    path: str  # site path, e.g. "events/parade/"
    template: str
    title: str
    description: str
    data: dict[str, Any]  # the template's variables, by name
    section: str  # the nav entry it belongs to


def makers(r: Resolved, shapes: dict[tuple[Any, ...], Shape] | None = None) -> list[Callable[[], Page]]:
    """Every page, as the call that makes it: each page is made in the process that renders it. `shapes`: the
    "Cite this" renderings of the last build, which this one adds to (citations.Styler)."""
    from .edition_pages import changes, edition, editions_index  # they build on this module
    from .home_page import home
    from .quotes_page import quotes_page
    cards = Cards(r, shapes)
    made: list[Callable[[], Page]] = [
        partial(page, cards) for page in (home, timeline, people_index, themes_index, sources_index, quotes_page,
                                          claims_page, search_page, changes, not_found)]
    made += [partial(event, cards, i, e) for i, e in enumerate(cards.events)]
    made += [partial(person, cards, p) for p in r.content.people]
    made += [partial(theme, cards, t) for t in r.content.themes]
    made += [partial(source, cards, a) for a in r.content.articles]
    if r.content.editions:
        made += [partial(editions_index, cards), *(partial(edition, cards, i) for i in range(len(r.content.editions)))]
    made += [partial(redirect, cards, old, new) for old, new in sorted(r.redirects.items())
             if r.kind_of[new] in urls.SECTIONS]
    return made


def _page(cards: Cards, path: str, template: str, title: str, description: str, section: str, cites: str = "",
          **data: Any) -> Page:
    """A page, with the tags reference managers read: of the item it `cites` (and that item's "Cite this"), or of
    the page itself."""
    cite = {"cite": cards.cite(cites), "edition": cards.editions.of(cites)} if cites else {}
    return Page(path, template, title, description, {**data, **cite, "meta": cards.meta(title, path, cites)}, section)


def redirect(cards: Cards, old: str, new: str) -> Page:
    """A page at a former address that sends readers (and crawlers) to the current one."""
    kind, name, base = cards.r.kind_of[new], cards.r.name(new), cards.c.site.base_url
    here, target = urls.page(kind, old), urls.page(kind, new)
    return _page(cards, here, "redirect.html", name, f"This page has moved to {name}.", "",
                 target={"url": urls.ROOT + target, "refresh": urls.relative(target, here),
                         "canonical": urls.absolute(base, target) if base else urls.ROOT + target, "label": name})


def to_come(e: Event, as_of: dt.date) -> bool:
    """Expected, and its latest possible day not passed: still to watch, on the home page and above the timeline."""
    return e.status == "expected" and (e.end or e.date).latest() >= as_of


def _kinds(drawn: chart.Chart | None) -> frozenset[str]:
    """The kinds of mark the chart draws (exact, vague, approx, ..., reported): its key explains those only."""
    marks = [*drawn.overview.marks, *(drawn.detail.marks if drawn.detail else ())] if drawn else []
    return frozenset(kind for m in marks for kind in m.classes.split())


def timeline(cards: Cards) -> Page:
    """Every event, latest first: those expected after as_of above it, then back in time by year, with the
    stretches the chart cuts out as breaks; the chart's numbers beside the events it names by number."""
    events, as_of = cards.events, cards.c.site.as_of.earliest()
    drawn = chart.timeline(events, cards.url, as_of)
    latest_first = [(e, _timeline_item(cards, drawn.numbers if drawn else {}, e)) for e in reversed(events)]
    by_group: dict[str, list[TimelineItem]] = {}
    ahead = {e.id for e, _ in latest_first if e.date.sort_key()[0] > as_of or to_come(e, as_of)}  # above as_of
    for e, item in latest_first:  # a decade sorts among its years; each label is one group
        if e.id not in ahead:
            by_group.setdefault(e.date.group(), []).append(item)
    gaps = chart.gaps(events, as_of)
    days = sorted(day for _, item in latest_first for day in (item.earliest, item.latest) if day)
    people, themes, statuses = _facets(cards)
    return _page(cards, "timeline/", "timeline.html", "Timeline",
                 f"Every event of the briefing, latest first, from {events[-1].date.point().label()} back to "
                 f"{events[0].date.point().label()}." if events else "Every event in order.",
                 "timeline", count=len(events), chart=drawn, kinds=_kinds(drawn),
                 ahead=[item for e, item in latest_first if e.id in ahead],
                 groups=[{"label": label, "events": members, "gap": _gap(label, gaps)}
                         for label, members in by_group.items()],
                 span={"first": days[0] if days else "", "last": days[-1] if days else ""},
                 people=people, themes=themes, statuses=statuses)


def _facets(cards: Cards) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """What the timeline's filters offer: the people and themes of its events, by name, and the statuses."""
    events, name = cards.events, cards.r.name
    people = sorted({p for e in events for p in e.people}, key=lambda p: (sortable(name(p)), p))
    themes = sorted({t for e in events for t in e.themes}, key=lambda t: (sortable(name(t)), t))
    return ([{"id": p, "label": cards.told_apart(p)} for p in people], [{"id": t, "label": name(t)} for t in themes],
            [{"id": s, "label": label} for s, label in STATUS_FILTERS.items()])


_UNBOUNDED = (dt.date.min, dt.date.max)  # an open side of a date


@dataclass(frozen=True)
class TimelineItem:
    """An event in the timeline's list: what its filters read (its span's first and last day, "" for an open side)
    and the number the chart names it by (0 where the chart shows its title)."""

    id: str
    card: EventCard
    people: str
    themes: str
    status: str
    earliest: str
    latest: str
    number: int


def _timeline_item(cards: Cards, numbers: dict[str, int], e: Event) -> TimelineItem:
    first, last = e.date.earliest(), (e.end or e.date).latest()
    return TimelineItem(e.id, cards.event_card(e), " ".join(e.people), " ".join(e.themes), e.status,
                        "" if first in _UNBOUNDED else first.isoformat(),
                        "" if last in _UNBOUNDED else last.isoformat(), numbers.get(e.id, 0))


def _gap(label: str, gaps: list[tuple[int, int]]) -> str:
    """The break after a year of the list (latest first) where the years before it are cut out of the chart."""
    year = int(label[:4])
    return next((f"{a}–{b}: no events" if a < b else f"{a}: no events" for a, b in gaps if b + 1 == year), "")


def event(cards: Cards, index: int, e: Event) -> Page:
    """An event, with its place in the timeline: `index` in `cards.events`."""
    prev = cards.events[index - 1] if index > 0 else None
    nxt = cards.events[index + 1] if index + 1 < len(cards.events) else None
    card = cards.event_card(e)
    quotes = cards.quotes(e.id)
    notes, number = cards.notes([s.article for s in e.sources] + [q.source.article for q in quotes])
    description = cards.plain(e.summary)
    return _page(
        cards, urls.page("event", e.id), "event.html", e.title, description, "timeline",
        jsonld=ld.script(ld.event(cards.r, e, description)),
        cites=e.id,
        event=card, quotes=[replace(q, note=number[q.source.article]) for q in quotes],
        sources=[Excerpt(**vars(cards.source_ref(cards.r.located.get(s), s.article)), excerpt=s.excerpt or "",
                         note=number[s.article]) for s in e.sources],
        notes=notes, prev=cards.event_link(prev) if prev else None, next=cards.event_link(nxt) if nxt else None,
        context=_context(cards, index), **cards.suggested(e.id))


def _context(cards: Cards, index: int) -> dict[str, list[Nearby]]:
    """The strip beside an event: its neighbours in time, and events with its people (who, in words)."""
    n = cards.neighbours.around(index)

    def nearby(e: Event, people: tuple[str, ...] = ()) -> Nearby:
        card = cards.event_card(e)
        return Nearby(card.url, card.title, card.date, card.status, ", ".join(map(cards.r.name, people)))
    return {"before": list(map(nearby, n.before)), "after": list(map(nearby, n.after)),
            "shared": [nearby(e, people) for e, people in n.shared]}


def people_groups(cards: Cards, at_most: int = 0) -> list[dict[str, Any]]:
    """The people by kind, by name; `at_most` of them, if given, those in the most events and quotes."""
    chosen, r = cards.c.people, cards.r
    if at_most:
        chosen = tuple(sorted(chosen, key=lambda p: (-len(r.events_of.get(p.id, ())) - len(r.quotes_of.get(p.id, ())),
                                                      sortable(p.name), p.id))[:at_most])
    by_name = sorted(chosen, key=lambda p: (sortable(p.name), p.id))
    return [{"title": title, "people": people} for kind, title in PERSON_KINDS.items()
            if (people := [cards.person_card(p) for p in by_name if p.kind == kind])]


def people_index(cards: Cards) -> Page:
    name = cards.r.name
    most_first = sorted(cards.shared.items(), key=lambda kv: (-len(kv[1]), *(sortable(name(p)) for p in kv[0]), kv[0]))
    pairs = [{"a": cards.link(a), "b": cards.link(b), "count": counted(len(evs), "event")}
             for (a, b), evs in most_first]
    return _page(cards, "people/", "people.html", "People",
                 "Everyone the sources name: leaders, officials, analysts and others.", "people",
                 groups=people_groups(cards), pairs=pairs, pairs_counted=counted(len(pairs), "pair"),
                 graph=graph.layout(cards.c.people, cards.shared, name, cards.url))


def person(cards: Cards, p: Person) -> Page:
    """A person, with the people at the same events, most shared events first."""
    name = cards.r.name
    here, base = urls.page("person", p.id), cards.c.site.base_url
    quoted = cards.quotes(p.id)
    said, told = [q for q in quoted if not q.paraphrase], [q for q in quoted if q.paraphrase]
    mentions = cards.r.mentions_of.get(p.id, [])
    printed = printing.capped(len(mentions), "mention", "mentions", base, here + "#mentions")
    said_print = printing.capped(len(said), "quote", "quotes", base, here + "#quotes", printing.QUOTES)
    told_print = printing.capped(len(told), "reported saying", "reported sayings", base, here + "#reported",
                                 printing.QUOTES)
    # the notes are the printed page's: the quotes and mentions it prints cite theirs (the others, 0: none)
    notes, number = cards.notes([q.source.article for q in said[:said_print.shown] + told[:told_print.shown]]
                                + [m.article for m in mentions[:printed.shown]])
    summary = cards.plain(p.summary)
    return _page(
        cards, here, "person.html", p.name,
        f"{', '.join(filter(None, (p.name, known(p.role))))}. {summary}", "people",
        jsonld=ld.script(ld.person(cards.r, p, summary)),
        cites=p.id, alternates=alternate(cards.r, here + FEED_FILE, p.name),
        person=Profile(**vars(cards.person_card(p)), aliases=p.aliases, kind=PERSON_KINDS[p.kind][:-1],
                       summary=cards.md(p.summary)),
        events=cards.events_of(p.id)[::-1],  # latest first, as the timeline and the home page list them
        on_timeline=urls.ROOT + f"timeline/?person={p.id}", on_quotes=urls.ROOT + f"quotes/?speaker={p.id}",
        summarised=printing.SUMMARISED,
        met=[{"url": cards.url(other), "label": name(other), "events": [cards.event_link(e) for e in evs]}
             for other, evs in sorted(graph.met(p.id, cards.shared).items(),
                                      key=lambda kv: (-len(kv[1]), name(kv[0]), kv[0]))],
        quotes=[replace(q, note=number.get(q.source.article, 0)) for q in said], quotes_print=said_print,
        reported=[replace(q, note=number.get(q.source.article, 0)) for q in told], reported_print=told_print,
        mentions=[MentionRef(**vars(cards.source_ref(Location(m.article, m.anchor), m.article)),
                             snippet=_snippet(cards.r.blocks[m.article][m.block].text, m.start, m.end),
                             note=number.get(m.article, 0)) for m in mentions], notes=notes,
        **cards.suggested(p.id), mentions_print=printed,
        unlinked=[f"“{u.form}” {'is written' if u.whole else 'stands alone'} in "
                  f"{counted(u.count, 'more paragraph', 'more paragraphs')}, where it could name any of "
                  f"{counted(len(u.people), 'person', 'people')} in this briefing{' of that name' if u.whole else ''}: "
                  "left unlinked, and not counted here." for u in cards.r.unlinked.get(p.id, ())])


def themes_index(cards: Cards) -> Page:
    r = cards.r
    return _page(cards, "themes/", "themes.html", "Themes", "The threads that run through the briefing.", "themes",
                 themes=[{"url": cards.url(t.id), "label": r.name(t.id), "summary": cards.md(t.summary),
                          "counts": counted(len(r.events_of.get(t.id, [])), "event") + " · "
                          + counted(len(r.quotes_of.get(t.id, [])), "quote")} for t in cards.c.themes])


def theme(cards: Cards, t: Theme) -> Page:
    people = sorted({p for e in cards.r.events_of.get(t.id, []) for p in e.people},
                    key=lambda p: (sortable(cards.r.name(p)), p))
    return _page(cards, urls.page("theme", t.id), "theme.html", t.title, cards.plain(t.summary), "themes",
                 theme={"title": t.title, "summary": cards.md(t.summary)},
                 years=_by_year(cards, cards.r.events_of.get(t.id, [])[::-1]), quotes=cards.quotes(t.id),
                 people=cards.links(people),
                 on_timeline=urls.ROOT + f"timeline/?theme={t.id}", on_quotes=urls.ROOT + f"quotes/?theme={t.id}",
                 cites=t.id, alternates=alternate(cards.r, urls.page("theme", t.id) + FEED_FILE, t.title),
                 **cards.suggested(t.id))


def _by_year(cards: Cards, events: list[Event]) -> list[dict[str, Any]]:
    """Events under the year (or decade) the timeline files them under, in the order given (the timeline's, latest
    first): a long list has headings to find one's way by."""
    years: dict[str, list[EventCard]] = {}
    for e in events:
        years.setdefault(e.date.group(), []).append(cards.event_card(e))
    return [{"label": label, "events": cards_} for label, cards_ in years.items()]


def sources_index(cards: Cards) -> Page:
    articles = cards.c.articles
    dated = sum(a.published is not None for a in articles)
    # what the order is: no article of known date is in no order by date (it was "newest first" all the same)
    order = ("newest first" + ("; those of unknown date last" if dated < len(articles) else "") if dated
             else "in the editors' order: no date is known")
    return _page(cards, "sources/", "sources.html", "Sources", "The articles the briefing is built from.",
                 "sources", articles=[cards.article_card(a) for a in newest_first(articles)],
                 order=f"{counted(len(articles), 'article')}, {order}")


def source(cards: Cards, a: Article) -> Page:
    """An article's page: its blocks as HTML, quotes highlighted and people linked."""
    r = cards.r
    highlights, mentions = r.highlights.get(a.id, {}), r.mentions.get(a.id, {})
    language = text_language(a, r.content.site)  # set on its text where it is not the pages'
    return _page(
        cards, urls.page("article", a.id), "source.html", a.title,
        cards.plain(a.summary) or f"{a.title}: full text with numbered paragraphs.", "sources",
        jsonld=ld.script(ld.article(r, a)), cites=a.id,
        article=FullArticle(**{**vars(cards.article_card(a)),  # beside their field's name, what is not known says so
                               "outlet": a.outlet if a.outlet != "unknown" else "Not known",
                               "published": a.published.label() if a.published else "Not known"},
                            url_external=a.url or "", archived=a.archived_url or "",
                            language=language if language != r.content.site.language else "",
                            minutes=max(1, round(sum(len(b.text.split()) for b in r.blocks[a.id]) / 230))),
        blocks=[_paragraph(cards, b, highlights.get(i, []), mentions.get(i, [])) for i, b in enumerate(r.blocks[a.id])],
        events=cards.events_of(a.id), quotes=[cards.link(q.id) for q in cards.r.quotes_of.get(a.id, [])],
        claims=[cards.link(c.id) for c in r.claims_of.get(a.id, [])], **cards.suggested(a.id))


def _paragraph(cards: Cards, b: Block, highlights: list[Highlight], mentions: list[Mention]) -> Paragraph:
    spans: list[Span] = []
    if b.lead:  # a caption's label as written is the one the page prints already
        spans.append(Span(0, b.lead, "span", (("class", "written-label" if b.kind == "caption" else "dateline"),)))
    if b.tail:
        spans.append(Span(len(b.text) - b.tail, len(b.text), "span", (("class", "signoff"),)))
    quoted: dict[str, Link] = {}  # by address: a quote marked twice in a paragraph is listed once
    for h in highlights:
        link = quoted.setdefault(cards.url(h.target), cards.link(h.target))
        spans.append(Span(h.start, h.end, "mark", (("class", f"hl-{h.kind}"), ("title", link.label))))
    spans += [Span(m.start, m.end, "a", (("href", cards.url(m.person)), ("class", "mention"))) for m in mentions]
    return Paragraph(b.kind, b.anchor, b.number, inline(b.text, spans), tuple(quoted.values()))


def claims_page(cards: Cards) -> Page:
    """Every claim, settled and superseded ones too (marked, with their statements); the grades explained once, and
    the settled ones as schema.org ClaimReviews."""
    claims, reliability = cards.c.claims, {a.id: a.reliability for a in cards.c.articles}
    reviews = ld.claim_reviews(cards.r, claims)
    return _page(cards, "claims/", "claims.html", "Where the sources differ",
                 "Questions the sources answer differently, statement by statement.", "claims",
                 claims=[_claim_card(cards, c) for c in claims], files=cards.cite_files("claim"),
                 legend=legend((reliability[st.source.article], st.credibility) for c in claims for st in c.statements),
                 **({"jsonld": ld.script(reviews)} if reviews["@graph"] else {}))


def _claim_card(cards: Cards, c: Claim) -> ClaimCard:
    statements = tuple(StatementRef(**vars(cards.source_ref(cards.r.statement_at.get((c.id, i)), st.source.article)),
                                    says=st.says, grade=grade(cards.r.by_id[st.source.article].reliability,
                                                              st.credibility))
                       for i, st in enumerate(c.statements))
    tag, label = CLAIM_STATUSES[c.status]
    return ClaimCard(f"c-{c.id}", tuple(f"c-{f}" for f in c.former_ids), c.question, statements,
                     cards.md(c.note) if c.note else Markup(""), cards.suggestion(c.id), cards.cite(c.id),
                     tag, cards.md(c.resolution) if c.resolution else Markup(""), label, cards.editions.of(c.id))


def search_page(cards: Cards) -> Page:
    """The form static/search.js answers; the options of its filters come from here."""
    return _page(cards, "search/", "search.html", "Search",
                 "Search the events, people, themes, quotes, claims and the full text of the sources.", "",
                 kinds=[{"value": k, "label": label} for k, label in KIND_LABELS.items()],
                 people=[{"value": p.id, "label": cards.told_apart(p.id)}
                         for p in sorted(cards.c.people, key=lambda p: (sortable(p.name), p.id))],
                 themes=[{"value": t.id, "label": t.title}
                         for t in sorted(cards.c.themes, key=lambda t: (sortable(t.title), t.id))])


def not_found(cards: Cards) -> Page:
    return _page(cards, "404.html", "404.html", "Page not found", "The page you asked for is not in this briefing.", "")


def _snippet(text: str, start: int, end: int, width: int = 110) -> Markup:
    """The words around a mention, the name marked."""
    a = text.find(" ", start - width) + 1 if start > width else 0
    b = end + width
    if b < len(text) and (space := text.rfind(" ", end, b)) > 0:
        b = space
    return Markup(("… " if a > 0 else "") + str(escape(text[a:start])) + "<strong>" + str(escape(text[start:end]))
                  + "</strong>" + str(escape(text[end:b])) + (" …" if b < len(text) else ""))
