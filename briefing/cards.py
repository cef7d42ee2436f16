"""The pieces pages are made of (links, cards, citations, footnotes), made once a build: a card shows up on
many pages. Templates read their attributes (`card.title`) and hold no logic: every label is made here."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType
from typing import Any, TypeVar

from markupsafe import Markup, escape

from . import graph, urls
from .citations import FORMATS, Reference, Shape, Styler, meta
from .dates import machine_readable, range_label
from .edition_notes import EditionNote, Notes
from .errors import counted
from .fragments import text_directive
from .markup import Markdown, plain
from .model import COLLECTION_OF, Article, Event, Person, Quote, chronological, known
from .neighbours import Finder
from .references import cite_file, of_briefing, reference, sources, where
from .resolve import Location, Resolved

STATUS_LABELS = MappingProxyType({"confirmed": "", "reported": "Reported", "expected": "Expected"})

_Card = TypeVar("_Card")


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class EventLink:  # an event named with its date: the pager of an event page, the events two people share
    url: str
    title: str
    date: str


@dataclass(frozen=True)
class Nearby(EventLink):  # an event in the strip beside another's page: its status, and the people they share
    status: str  # "" when confirmed
    people: str = ""


@dataclass(frozen=True)
class EventCard(EventLink):
    iso: str  # for <time datetime>: dates.machine_readable, "" for a vague one
    status: str  # "" when confirmed
    location: str
    people: tuple[Link, ...]
    themes: tuple[Link, ...]
    summary: Markup


@dataclass(frozen=True)
class SourceRef:  # the paragraph of an article a page cites: `article` numbers its footnote
    url: str
    title: str
    outlet: str
    where: str  # '¶ 12', 'heading 2', or '' for the whole article
    article: str
    original: str  # the words at the original, by a text fragment (`#:~:text=`); the original itself; or ''
    archived: str  # the original's copy in a web archive, or ''
    published: str  # the article's date as a reader sees it, or 'date unknown'


@dataclass(frozen=True)
class Excerpt(SourceRef):  # a source of an event, with the editors' excerpt
    excerpt: str
    note: int


@dataclass(frozen=True)
class MentionRef(SourceRef):  # a paragraph naming a person, with the words around the name
    snippet: Markup
    note: int


@dataclass(frozen=True)
class StatementRef(SourceRef):  # one source's answer to a claim's question, verbatim
    says: str
    grade: str = ""  # the editors' Admiralty grades, "Source B, information 2", or ""


@dataclass(frozen=True)
class Suggestion:
    """A draft on its page: its id (for `briefing accept`), and where it was found, if it says."""

    ident: str
    found: SourceRef | None


@dataclass(frozen=True)
class Cite:
    """An item's citation to paste in the site's style, its address a link (absolute with base_url), then the
    sources it rests on; and its files for reference managers."""

    text: Markup
    sources: tuple[Markup, ...]
    files: tuple[Link, ...]  # the citations of its collection, in which it is under its id
    bundle: str  # "events": no count, which would make every event's page change with each event added
    key: str


@dataclass(frozen=True)
class Note:  # a cited article as the printed dossier's footnote `n` gives it
    n: int
    title: str
    outlet: str
    published: str
    original: str  # the article's own address, if known
    url: str
    permalink: str


@dataclass(frozen=True)
class QuoteCard:
    anchor: str
    former: tuple[str, ...]  # the anchors of its former ids, kept so old links still land
    url: str
    text: str
    speaker: Link
    role: str  # the speaker's office, institution and all (`office`)
    context: str
    source: SourceRef
    paraphrase: bool  # the article's words reporting what the speaker said: shown as such, not as their words
    suggested: Suggestion | None  # a draft's, shown by a build with --drafts
    note: int = 0  # its footnote number, on pages that print them
    cite: Cite | None = None  # on the quotes page, where it is anchored (pages that show it elsewhere link there)
    edition: EditionNote | None = None  # there too


@dataclass(frozen=True)
class PersonCard(Link):
    role: str
    country: str
    affiliation: str
    counts: str  # "3 events · 1 quote · 5 mentions"


@dataclass(frozen=True)
class Profile(PersonCard):  # a person as their own page shows them
    aliases: tuple[str, ...]
    kind: str  # "Leader", "Analyst", ...
    summary: Markup


@dataclass(frozen=True)
class ArticleCard(Link):
    outlet: str
    author: str
    author_url: str  # the author's page, if the author is in the briefing
    published: str
    summary: Markup
    paragraphs: int


@dataclass(frozen=True)
class FullArticle(ArticleCard):  # an article as its own page shows it: only that page counts its words
    url_external: str
    archived: str
    minutes: int
    language: str  # its text's, "" where it is the site's


@dataclass(frozen=True)
class Paragraph:  # one block of an article as HTML, quotes highlighted and people linked
    kind: str
    anchor: str
    number: int
    html: Markup
    quoted: tuple[Link, ...]  # the quotes and claims that cite it


@dataclass(frozen=True)
class ClaimCard:
    anchor: str
    former: tuple[str, ...]
    question: str
    statements: tuple[StatementRef, ...]
    note: Markup  # the editors' reading
    suggested: Suggestion | None
    cite: Cite
    status: str = ""  # its tag: "Settled", "Superseded", or "" while open
    resolution: Markup = Markup("")  # what settled it or overtook it
    resolution_label: str = ""  # "What settles it", "What overtook it"
    edition: EditionNote | None = None


class Cards:
    """What every page is made of: each card made once per process, and one Markdown parser for every field."""

    def __init__(self, r: Resolved, shapes: dict[tuple[Any, ...], Shape] | None = None) -> None:
        self.r = r
        self.c = r.content
        self.events = chronological(self.c.events)
        self.people_by_name = {form: p.id for p in self.c.people for form in (p.name, *p.aliases)}
        named = Counter(p.name for p in self.c.people)
        self.namesakes = frozenset(name for name, count in named.items() if count > 1)
        self.shared = graph.pairs(self.events)  # two people at one event, and their events
        self.neighbours = Finder(self.events)
        self.markdown = Markdown()
        self.styler = Styler(self.c.site.citation_style, shapes)
        self.editions = Notes(r)  # each item's "New in the edition of …"
        self._events: dict[str, EventCard] = {}
        self._quotes: dict[str, QuoteCard] = {}
        self._articles: dict[str, ArticleCard] = {}
        self._styles: dict[str, Markup] = {}  # each item cited in the site's style
        self._references: dict[str, Reference] = {}  # each item's, for its cite and its meta tags

    def md(self, text: str) -> Markup:
        return self.markdown.html(text, self._link_target)

    def md_inline(self, text: str) -> Markup:
        return self.markdown.inline(text, self._link_target)

    def _link_target(self, ident: str) -> tuple[str, str]:
        return urls.item(self.r.kind_of[ident], ident), self.r.name(ident)

    def plain(self, text: str) -> str:
        """Markdown as words, at most 200 characters cut at a word: for meta descriptions."""
        words = plain(text, self.r.name)
        return words if len(words) <= 200 else words[:199].rsplit(" ", 1)[0] + "…"

    def told_apart(self, ident: str) -> str:
        """A person's name as a list of names shows it: with their role where another person has that name too
        (two officials called Kim Yong Chol were two options "Kim Yong Chol" in a filter)."""
        p: Person = self.r.by_id[ident]
        return f"{p.name} ({known(p.role) or known(p.country) or p.id})" if p.name in self.namesakes else p.name

    def url(self, ident: str) -> str:
        return urls.ROOT + urls.item(self.r.kind_of[ident], ident)

    def link(self, ident: str) -> Link:
        return Link(self.url(ident), self.r.name(ident))

    def suggested(self, ident: str) -> dict[str, Suggestion]:
        """`suggested=` for the page of a draft shown by a build with --drafts (nothing for any other item)."""
        return {"suggested": s} if (s := self.suggestion(ident)) else {}

    def suggestion(self, ident: str) -> Suggestion | None:
        """A draft shown by a build with --drafts: where it was found, and how to accept it."""
        if ident not in self.c.shown_drafts:
            return None
        if (found := self.c.shown_drafts[ident]) is None:
            return Suggestion(ident, None)
        anchor = f"p{found.paragraph}" if found.paragraph else ""
        return Suggestion(ident, self.source_ref(Location(found.article, anchor), found.article))

    def links(self, idents: Iterable[str]) -> tuple[Link, ...]:
        return tuple(self.link(i) for i in idents)

    def event_link(self, e: Event) -> EventLink:
        return EventLink(urls.ROOT + urls.page("event", e.id), e.title, range_label(e.date, e.end))

    def source_ref(self, loc: Location | None, article_id: str) -> SourceRef:
        """A passage of an article: our copy's paragraph, and the same words at the original when it has a url."""
        a: Article = self.r.by_id[article_id]
        anchor = loc.anchor if loc else ""
        original = a.url or ""
        if original and loc and loc.spans:
            texts = [b.text for b in self.r.blocks[article_id]]
            original = f"{original.split('#')[0]}#:~:{text_directive(texts, loc.block, loc.spans)}"
        return SourceRef(urls.ROOT + urls.paragraph(article_id, anchor), a.title, _outlet(a.outlet), where((anchor,)),
                         article_id, original, a.archived_url or "",
                         a.published.label() if a.published else "date unknown")

    def cite(self, ident: str) -> Cite:
        """The item in the site's style, its address a link that works from any copy of the site (the original's,
        for an article), then each article it rests on in the same style, with the paragraphs."""
        cited = tuple(Markup(" ").join(filter(None, (self._styled(s.article), where(s.paragraphs))))
                      for s in sources(self.r, ident))
        kind = self.r.kind_of[ident]
        collection = COLLECTION_OF[kind]  # its plural, too
        return Cite(self._styled(ident), cited, self.cite_files(kind), collection, ident)

    def cite_files(self, kind: str) -> tuple[Link, ...]:
        """The files holding the citations of every item of a kind."""
        return tuple(Link(urls.ROOT + cite_file(kind, ext), name) for ext, name in FORMATS)

    def reference(self, ident: str) -> Reference:
        return _once(self._references, ident, partial(reference, self.r, ident))

    def _styled(self, ident: str) -> Markup:
        """An item in the site's style, its address a link: to the original article, or within the site. Made once
        a process: an article is cited on its page and as the source of others."""
        return _once(self._styles, ident, partial(self._style, ident))

    def _style(self, ident: str) -> Markup:
        ref = self.reference(ident)
        target = urls.item(self.r.kind_of[ident], ident)
        href = ref.url if ref.url != urls.absolute(self.c.site.base_url, target) else urls.ROOT + target
        external = ' rel="external"' if href == ref.url else ""
        return self.styler.render(ref, Markup(f'<a class="cite-link"{external} href="{escape(href)}">'
                                              f'{escape(ref.url)}</a>'))

    def meta(self, title: str, path: str, ident: str = "") -> list[tuple[str, str]]:
        """The tags reference managers read when a reader saves the page: of its item, or of the page itself."""
        site = self.c.site
        here = urls.absolute(site.base_url, path) if path != "404.html" else ""
        if ident:
            ref = self.reference(ident)
            return meta(ref, ref.url)  # an article's: the original's address
        return meta(of_briefing(site, path or "home", title, here), here)

    def notes(self, articles: Iterable[str]) -> tuple[list[Note], dict[str, int]]:
        """The articles a page cites as footnotes, numbered in order of first citation, and each one's number."""
        numbers = {article_id: n for n, article_id in enumerate(dict.fromkeys(articles), 1)}
        notes = []
        for article_id, n in numbers.items():
            a: Article = self.r.by_id[article_id]
            here = urls.page("article", article_id)
            notes.append(Note(n, a.title, _outlet(a.outlet), a.published.label() if a.published else "date unknown",
                              a.url or "", urls.ROOT + here, urls.absolute(self.c.site.base_url, here)))
        return notes, numbers

    def event_card(self, e: Event) -> EventCard:
        return _once(self._events, e.id, lambda: EventCard(
            urls.ROOT + urls.page("event", e.id), e.title, range_label(e.date, e.end),
            machine_readable(e.date, e.end), STATUS_LABELS[e.status], e.location or "", self.links(e.people),
            self.links(e.themes), self.md(e.summary)))

    def events_of(self, ident: str) -> list[EventCard]:
        return [self.event_card(e) for e in self.r.events_of.get(ident, [])]

    def quote_card(self, q: Quote) -> QuoteCard:
        return _once(self._quotes, q.id, lambda: QuoteCard(
            f"q-{q.id}", tuple(f"q-{f}" for f in q.former_ids), urls.ROOT + urls.item("quote", q.id), q.text,
            self.link(q.speaker), office(self.r.by_id[q.speaker]), q.context or "",
            self.source_ref(self.r.quote_at.get(q.id), q.source.article), q.paraphrase,
            self.suggestion(q.id)))

    def quotes(self, ident: str) -> list[QuoteCard]:
        return [self.quote_card(q) for q in self.r.quotes_of.get(ident, [])]

    def article_card(self, a: Article) -> ArticleCard:
        return _once(self._articles, a.id, lambda: ArticleCard(
            self.url(a.id), self.r.name(a.id), _outlet(a.outlet), a.author or "",
            urls.ROOT + urls.page("person", author) if (author := self.people_by_name.get(a.author or "")) else "",
            a.published.label() if a.published else "date unknown", self.md(a.summary) if a.summary else Markup(""),
            sum(1 for b in self.r.blocks[a.id] if b.anchor.startswith("p"))))

    def person_card(self, p: Person) -> PersonCard:
        """A person's card, its counts as a reader can trust them: quotes apart from what is only reported, and
        how often a word of the name others share stands alone, unlinked and not counted as a mention."""
        quotes = self.r.quotes_of.get(p.id, [])
        reported = sum(q.paraphrase for q in quotes)
        counts = [counted(len(self.r.events_of.get(p.id, [])), "event"), counted(len(quotes) - reported, "quote"),
                  *([f"{reported} reported"] if reported else []),
                  counted(len(self.r.mentions_of.get(p.id, [])), "mention"),
                  *(f"“{u.form}”{'' if u.whole else ' alone'} in "
                    f"{counted(u.count, 'more paragraph', 'more paragraphs')}, unlinked "
                    f"({'namesakes' if u.whole else 'shared'})" for u in self.r.unlinked.get(p.id, ()))]
        return PersonCard(self.url(p.id), self.r.name(p.id), known(p.role), known(p.country), p.affiliation or "",
                          " · ".join(counts))


def office(p: Person) -> str:
    """A person's role with the institution it is held at, "Professor of politics, Catholic University of America":
    a role alone ("Analyst") does not say whose words carry which weight."""
    role, affiliation = known(p.role), p.affiliation or ""
    return f"{role}, {affiliation}" if role and affiliation and affiliation not in role else role or affiliation


def _once(made: dict[str, _Card], ident: str, make: Callable[[], _Card]) -> _Card:
    if (card := made.get(ident)) is None:
        card = made[ident] = make()
    return card


def _outlet(name: str) -> str:
    return "Outlet unknown" if name == "unknown" else name

