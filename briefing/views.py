"""Ready-made data for each page: every link, label and snippet computed here; no I/O."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from types import MappingProxyType
from typing import Any

from markupsafe import Markup, escape

from . import chart, graph, urls
from . import linked_data as ld
from .dates import range_label
from .markup import Markdown, Span, inline, plain
from .model import Article, Claim, Event, Person, Quote, Theme, chronological
from .resolve import Highlight, Location, Mention, Resolved
from .search import KIND_LABELS

KIND_TITLES = MappingProxyType({"leader": "Leaders", "official": "Officials", "analyst": "Analysts", "other": "Others"})
STATUS_LABELS = MappingProxyType({"confirmed": "", "reported": "Reported", "expected": "Expected"})
NAV = (("home", "Briefing"), ("timeline", "Timeline"), ("people", "People"), ("themes", "Themes"),
       ("sources", "Sources"), ("quotes", "Quotes"), ("claims", "Claims"))
OG_TYPES = MappingProxyType({"event.html": "article", "source.html": "article",  # Open Graph og:type
                             "person.html": "profile"})


@dataclass(frozen=True)
class Page:
    """One HTML page to render: where it goes, with which template and data."""

    path: str  # site path, e.g. "events/parade/"
    template: str
    title: str
    description: str
    data: dict[str, Any]
    section: str  # the nav entry it belongs to


class Views:
    """Builds every page of a resolved briefing."""

    def __init__(self, r: Resolved) -> None:
        self.r = r
        self.cards: dict[str, dict[str, Any]] = {}  # this build's cards, by id (in the process making pages)
        self.markdown = Markdown()  # one Markdown parser for the build's fields
        self.c = r.content
        self.events = chronological(self.c.events)
        self.people_by_name = {form: p.id for p in self.c.people for form in (p.name, *p.aliases)}
        self.shared = graph.pairs(self.events)  # two people at one event, and their events

    # -- small pieces shared by pages -------------------------------------
    def md(self, text: str) -> Markup:
        return self.markdown.html(text, self._link_target)

    def _link_target(self, ident: str) -> tuple[str, str]:
        return urls.item(self.r.kind_of[ident], ident), self.r.name(ident)

    def plain(self, text: str) -> str:
        return _shortened(plain(text, self.r.name))

    def link(self, ident: str) -> dict[str, str]:
        return {"url": urls.ROOT + urls.item(self.r.kind_of[ident], ident), "label": self.r.name(ident)}

    def date(self, e: Event) -> str:
        return range_label(e.date, e.end)

    def card(self, ident: str, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The same card is on many pages: made once a build (in each process)."""
        if ident not in self.cards:
            self.cards[ident] = make()
        return self.cards[ident]

    def event_card(self, e: Event) -> dict[str, Any]:
        return self.card(e.id, partial(self._event_card, e))

    def _event_card(self, e: Event) -> dict[str, Any]:
        return {
            "id": e.id, "url": urls.ROOT + urls.page("event", e.id), "title": e.title, "date": self.date(e),
            "iso": e.date.iso(), "status": STATUS_LABELS[e.status], "location": e.location or "",
            "people": [self.link(p) for p in e.people], "themes": [self.link(t) for t in e.themes],
            "summary": self.md(e.summary),
        }

    def source_ref(self, loc: Location | None, article_id: str) -> dict[str, str]:
        a: Article = self.r.by_id[article_id]
        anchor = loc.anchor if loc else ""
        return {"url": urls.ROOT + urls.paragraph(article_id, anchor), "title": a.title, "outlet": _outlet(a.outlet),
                "where": _where(anchor), "article": article_id}

    def cite(self, title: str, target: str) -> dict[str, str]:
        """A citation to paste: title, briefing, its date, then the permalink (absolute with base_url).

        The permalink is also a link, so it works from any copy of the site, and
        static/copy.js can show it absolute when the site is served without base_url.
        """
        site = self.c.site
        return {"text": f"{title}. In: {site.title}, briefing as of {site.as_of.label()}.",
                "permalink": urls.absolute(site.base_url, target), "url": urls.ROOT + target}

    def notes(self, refs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
        """The articles a page cites, numbered in order of first citation: the footnotes of a printed dossier."""
        numbers: dict[str, int] = {}
        for ref in refs:
            numbers.setdefault(ref["article"], len(numbers) + 1)
        notes = []
        for article_id, n in numbers.items():
            a: Article = self.r.by_id[article_id]
            notes.append({"n": n, "title": a.title, "outlet": _outlet(a.outlet),
                          "published": a.published.label() if a.published else "date unknown",
                          "original": a.url or "", "url": urls.ROOT + urls.page("article", article_id),
                          "permalink": urls.absolute(self.c.site.base_url, urls.page("article", article_id))})
        return notes, numbers

    def quote_card(self, q: Quote) -> dict[str, Any]:
        return self.card(q.id, partial(self._quote_card, q))

    def _quote_card(self, q: Quote) -> dict[str, Any]:
        speaker: Person = self.r.by_id[q.speaker]
        return {
            "id": q.id, "anchor": f"q-{q.id}", "former": [f"q-{f}" for f in q.former_ids], "url": urls.ROOT + urls.item("quote", q.id), "text": q.text,
            "speaker": self.link(q.speaker), "role": speaker.role, "context": q.context or "",
            "source": self.source_ref(self.r.quote_at.get(q.id), q.source.article),
            "events": [self.link(e) for e in q.events], "themes": [self.link(t) for t in q.themes],
            "note": 0,  # its footnote number, on pages that print them
            "cite": self.cite(f"{speaker.name}: “{q.text}”", urls.item("quote", q.id)),
        }

    def quotes(self, ident: str) -> list[dict[str, Any]]:
        return [self.quote_card(q) for q in self.r.quotes_of.get(ident, [])]

    def events_of(self, ident: str) -> list[dict[str, Any]]:
        return [self.event_card(e) for e in self.r.events_of.get(ident, [])]

    def page(self, path: str, template: str, title: str, description: str, section: str, **data: Any) -> Page:
        return Page(path, template, title, description, data, section)

    # -- pages ---------------------------------------------------------------
    def makers(self) -> list[Callable[[], Page]]:
        """Every page, as the call that makes it: a one-shot build makes each page in the
        process that renders it, so the page data is made on every core too."""
        makers: list[Callable[[], Page]] = [
            self.home, self.timeline, self.people_index, self.themes_index, self.sources_index, self.quotes_page,
            self.claims_page, self.search_page, self.not_found]
        makers += [partial(self.event, i, e) for i, e in enumerate(self.events)]
        makers += [partial(self.person, p) for p in self.c.people]
        makers += [partial(self.theme, t) for t in self.c.themes]
        makers += [partial(self.source, a) for a in self.c.articles]
        makers += [partial(self.redirect, old, new) for old, new in sorted(self.r.redirects.items())
                   if self.r.kind_of[new] in urls.SECTIONS]
        return makers

    def redirect(self, old: str, new: str) -> Page:
        """A page at a former address that sends readers (and crawlers) to the current one."""
        kind = self.r.kind_of[new]
        here, target = urls.page(kind, old), urls.page(kind, new)
        return self.page(here, "redirect.html", self.r.name(new), f"This page has moved to {self.r.name(new)}.",
                         "", target={"url": urls.ROOT + target, "refresh": urls.relative(target, here),
                                     "canonical": urls.absolute(self.c.site.base_url, target)
                                     if self.c.site.base_url else urls.ROOT + target,
                                     "label": self.r.name(new)})

    def home(self) -> Page:
        s = self.c.site
        latest = sorted(self.events, key=lambda e: (e.date.latest(), e.date.earliest(), e.id), reverse=True)
        return self.page(
            "", "home.html", s.title, s.description, "home",
            subtitle=s.subtitle,
            judgments=[self.markdown.inline(k, self._link_target) for k in s.key_judgments],
            latest=[self.event_card(e) for e in latest[:8]],
            people=self.people_groups(),
            themes=[{**self.link(t.id), "count": _n(len(self.r.events_of.get(t.id, [])), "event")}
                    for t in self.c.themes],
            sources=[self.article_card(a) for a in self.c.articles],
            counts=(f"Built from {_n(len(self.c.articles), 'source article')}: {_n(len(self.events), 'event')}, "
                    f"{_n(len(self.c.people), 'person', 'people')}, {_n(len(self.c.quotes), 'verified quote')} and "
                    f"{_n(len(self.c.claims), 'point')} where the sources differ."),
        )

    def timeline(self) -> Page:
        by_group: dict[str, list[dict[str, Any]]] = {}
        for e in self.events:  # a decade sorts among its years; each label is one group
            by_group.setdefault(e.date.group(), []).append(
                {"card": self.event_card(e), "people": " ".join(e.people), "themes": " ".join(e.themes)})
        groups = [{"label": label, "events": items} for label, items in by_group.items()]
        people = sorted({p for e in self.events for p in e.people}, key=lambda p: (self.r.name(p), p))
        themes = sorted({t for e in self.events for t in e.themes}, key=lambda t: (self.r.name(t), t))
        return self.page("timeline/", "timeline.html", "Timeline",
                         f"Every event of the briefing in order, from {self.events[0].date.label()} to "
                         f"{self.events[-1].date.label()}." if self.events else "Every event in order.",
                         "timeline", groups=groups, count=len(self.events),
                         chart=chart.timeline(self.events, lambda ident: urls.ROOT + urls.page("event", ident)),
                         people=[{"id": p, "label": self.r.name(p)} for p in people],
                         themes=[{"id": t, "label": self.r.name(t)} for t in themes])

    def event(self, index: int, e: Event) -> Page:
        prev = self.events[index - 1] if index > 0 else None
        nxt = self.events[index + 1] if index + 1 < len(self.events) else None
        sources = [{**self.source_ref(self.r.located.get(s), s.article), "excerpt": s.excerpt or ""}
                   for s in e.sources]
        quotes = self.quotes(e.id)
        notes, number = self.notes(sources + [q["source"] for q in quotes])
        description = self.plain(e.summary)
        return self.page(
            urls.page("event", e.id), "event.html", e.title, description, "timeline",
            jsonld=ld.script(ld.event(self.r, e, description)),
            cite=self.cite(f"{e.title} ({range_label(e.date, e.end)})", urls.page("event", e.id)),
            event=self.event_card(e), quotes=[{**q, "note": number[q["source"]["article"]]} for q in quotes],
            sources=[{**s, "note": number[s["article"]]} for s in sources], notes=notes,
            prev={"url": urls.ROOT + urls.page("event", prev.id), "title": prev.title, "date": self.date(prev)} if prev else None,
            next={"url": urls.ROOT + urls.page("event", nxt.id), "title": nxt.title, "date": self.date(nxt)} if nxt else None,
        )

    def people_groups(self) -> list[dict[str, Any]]:
        groups = []
        for kind, title in KIND_TITLES.items():
            members = sorted((p for p in self.c.people if p.kind == kind), key=lambda p: p.name)
            if members:
                groups.append({"title": title, "people": [self.person_card(p) for p in members]})
        return groups

    def person_card(self, p: Person) -> dict[str, Any]:
        return {**self.link(p.id), "role": p.role, "country": p.country, "affiliation": p.affiliation or "",
                "counts": " · ".join([_n(len(self.r.events_of.get(p.id, [])), "event"),
                                      _n(len(self.r.quotes_of.get(p.id, [])), "quote"),
                                      _n(len(self.r.mentions_of.get(p.id, [])), "mention")])}

    def people_index(self) -> Page:
        pairs = [{"a": self.link(a), "b": self.link(b), "count": _n(len(evs), "event")}
                 for (a, b), evs in sorted(self.shared.items(),
                                           key=lambda kv: (-len(kv[1]), self.r.name(kv[0][0]), self.r.name(kv[0][1])))]
        return self.page("people/", "people.html", "People",
                         "Everyone the sources name: leaders, officials, analysts and others.", "people",
                         groups=self.people_groups(), pairs=pairs,
                         graph=graph.layout(self.c.people, self.shared, self.r.name,
                                            lambda ident: urls.ROOT + urls.page("person", ident)))

    def people_met(self, person: str) -> list[dict[str, Any]]:
        """The people at the same events as one person, most shared events first."""
        met = graph.met(person, self.shared)
        return [{**self.link(other), "events": [{"url": urls.ROOT + urls.page("event", e.id), "title": e.title,
                                                  "date": self.date(e)} for e in evs]}
                for other, evs in sorted(met.items(), key=lambda kv: (-len(kv[1]), self.r.name(kv[0]), kv[0]))]

    def person(self, p: Person) -> Page:
        mentions = []
        for m in self.r.mentions_of.get(p.id, []):
            block = self.r.blocks[m.article][m.block]
            mentions.append({**self.source_ref(Location(m.article, m.anchor), m.article),
                             "snippet": _snippet(block.text, m.start, m.end)})
        quotes = self.quotes(p.id)
        notes, number = self.notes([q["source"] for q in quotes] + mentions)
        return self.page(
            urls.page("person", p.id), "person.html", p.name, f"{p.name}, {p.role}. {self.plain(p.summary)}", "people",
            jsonld=ld.script(ld.person(self.r, p, self.plain(p.summary))),
            cite=self.cite(f"{p.name}, {p.role}", urls.page("person", p.id)),
            person={**self.person_card(p), "aliases": list(p.aliases), "kind": KIND_TITLES[p.kind][:-1],
                    "summary": self.md(p.summary)},
            events=self.events_of(p.id), met=self.people_met(p.id),
            quotes=[{**q, "note": number[q["source"]["article"]]} for q in quotes],
            mentions=[{**m, "note": number[m["article"]]} for m in mentions], notes=notes,
        )

    def themes_index(self) -> Page:
        themes = [{**self.link(t.id), "summary": self.md(t.summary),
                   "counts": _n(len(self.r.events_of.get(t.id, [])), "event") + " · "
                   + _n(len(self.r.quotes_of.get(t.id, [])), "quote")}
                  for t in self.c.themes]
        return self.page("themes/", "themes.html", "Themes", "The threads that run through the briefing.",
                         "themes", themes=themes)

    def theme(self, t: Theme) -> Page:
        people = sorted({p for e in self.r.events_of.get(t.id, []) for p in e.people},
                        key=lambda i: self.r.name(i))
        return self.page(urls.page("theme", t.id), "theme.html", t.title, self.plain(t.summary), "themes",
                         theme={"title": t.title, "summary": self.md(t.summary)},
                         events=self.events_of(t.id), quotes=self.quotes(t.id),
                         people=[self.link(p) for p in people])

    def article_card(self, a: Article) -> dict[str, Any]:
        return self.card(a.id, partial(self._article_card, a))  # home page, sources index, its own page

    def _article_card(self, a: Article) -> dict[str, Any]:
        author = self.people_by_name.get(a.author or "")
        return {**self.link(a.id), "outlet": _outlet(a.outlet), "author": a.author or "",
                "author_url": urls.ROOT + urls.page("person", author) if author else "",
                "published": a.published.label() if a.published else "date unknown",
                "summary": self.md(a.summary) if a.summary else Markup(""),
                "paragraphs": sum(1 for b in self.r.blocks[a.id] if b.anchor.startswith("p"))}

    def words(self, a: Article) -> int:
        """An article's words: only its own page shows them (a card on the home page of
        thousands does not count them all)."""
        return sum(len(b.text.split()) for b in self.r.blocks[a.id])

    def sources_index(self) -> Page:
        return self.page("sources/", "sources.html", "Sources", "The articles the briefing is built from.",
                         "sources", articles=[self.article_card(a) for a in self.c.articles])

    def source(self, a: Article) -> Page:
        words = self.words(a)
        return self.page(
            urls.page("article", a.id), "source.html", a.title,
            self.plain(a.summary) or f"{a.title}: full text with numbered paragraphs.", "sources",
            jsonld=ld.script(ld.article(self.r, a)),
            article={**self.article_card(a), "url_external": a.url or "", "minutes": max(1, round(words / 230))},
            blocks=self.paragraphs(a), events=self.events_of(a.id), quotes=self.quotes(a.id),
            claims=[self.link(c.id) for c in self.r.claims_of.get(a.id, [])],
        )

    def paragraphs(self, a: Article) -> list[dict[str, Any]]:
        """An article's blocks as HTML, quotes highlighted and people linked."""
        highlights = self.r.highlights.get(a.id, {})
        mentions = self.r.mentions.get(a.id, {})
        labels = {h.target: self.r.name(h.target) for hs in highlights.values() for h in hs}
        return self._paragraphs(a, highlights, mentions, labels)

    def _paragraphs(self, a: Article, highlights: dict[int, list[Highlight]], mentions: dict[int, list[Mention]],
                    labels: dict[str, str]) -> list[dict[str, Any]]:
        blocks = []
        for i, b in enumerate(self.r.blocks[a.id]):
            spans: list[Span] = []
            if b.lead:
                spans.append(Span(0, b.lead, "span", (("class", "dateline"),)))
            if b.tail:
                spans.append(Span(len(b.text) - b.tail, len(b.text), "span", (("class", "signoff"),)))
            quoted = []
            for h in highlights.get(i, []):
                label = labels[h.target]
                spans.append(Span(h.start, h.end, "mark", (("class", f"hl-{h.kind}"), ("title", label))))
                quoted.append({**self.link(h.target), "kind": h.kind})
            for m in mentions.get(i, []):
                spans.append(Span(m.start, m.end, "a", (("href", urls.ROOT + urls.page("person", m.person)),
                                                         ("class", "mention"))))
            blocks.append({"kind": b.kind, "anchor": b.anchor, "number": b.number,
                           "html": inline(b.text, spans), "quoted": _unique(quoted)})
        return blocks

    def quotes_page(self) -> Page:
        by_speaker = sorted(self.c.quotes, key=lambda q: (self.r.name(q.speaker), q.id))
        groups = [{"speaker": self.link(s), "role": self.r.by_id[s].role,
                   "quotes": [self.quote_card(q) for q in qs]}
                  for s, qs in groupby(by_speaker, key=lambda q: q.speaker)]
        return self.page("quotes/", "quotes.html", "Quotes",
                         "Every quote in the briefing, verbatim, each linked to the paragraph it came from.",
                         "quotes", groups=groups, jsonld=ld.script(ld.quotations(self.r, by_speaker)))

    def claims_page(self) -> Page:
        claims = [self.claim_card(c) for c in self.c.claims]
        return self.page("claims/", "claims.html", "Where the sources differ",
                         "Questions the sources answer differently, statement by statement.", "claims",
                         claims=claims)

    def claim_card(self, c: Claim) -> dict[str, Any]:
        statements = [{**self.source_ref(self.r.statement_at.get((c.id, i)), st.source.article), "says": st.says}
                      for i, st in enumerate(c.statements)]
        return {"id": c.id, "anchor": f"c-{c.id}", "former": [f"c-{f}" for f in c.former_ids], "question": c.question, "statements": statements,
                "note": self.md(c.note) if c.note else Markup("")}

    def search_page(self) -> Page:
        """The form static/search.js answers; the options of its filters come from here."""
        return self.page("search/", "search.html", "Search",
                         "Search the events, people, themes, quotes, claims and the full text of the sources.", "",
                         kinds=[{"value": k, "label": label} for k, label in KIND_LABELS.items()],
                         people=[{"value": p.id, "label": p.name} for p in sorted(self.c.people, key=lambda p: p.name)],
                         themes=[{"value": t.id, "label": t.title} for t in sorted(self.c.themes, key=lambda t: t.title)])

    def not_found(self) -> Page:
        return self.page("404.html", "404.html", "Page not found",
                         "The page you asked for is not in this briefing.", "")


def _outlet(outlet: str) -> str:
    return "Outlet unknown" if outlet == "unknown" else outlet


def _where(anchor: str) -> str:
    """How a reader sees an article anchor: '¶ 12', 'heading 2', 'byline'."""
    if anchor[:1] in ("p", "s") and anchor[1:].isdigit():
        return f"¶ {anchor[1:]}" if anchor[0] == "p" else f"heading {anchor[1:]}"
    return anchor


def _n(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _shortened(words: str, limit: int = 200) -> str:
    """At most `limit` characters, cut at a word: for meta descriptions."""
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def _snippet(text: str, start: int, end: int, width: int = 110) -> Markup:
    """The words around a mention, the name marked."""
    a = max(0, start - width)
    b = min(len(text), end + width)
    if a > 0:
        a = text.find(" ", a) + 1
    if b < len(text):
        b = text.rfind(" ", end, b) if text.rfind(" ", end, b) > 0 else b
    return Markup(("… " if a > 0 else "") + str(escape(text[a:start])) + "<strong>" + str(escape(text[start:end]))
                  + "</strong>" + str(escape(text[end:b])) + (" …" if b < len(text) else ""))


def _unique(items: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for item in items:
        seen.setdefault(item["url"], item)
    return list(seen.values())
