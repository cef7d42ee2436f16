"""The search index: small JavaScript files of words and of documents, loaded by static/search.js.

Script files rather than JSON, because browsers refuse fetch() from file:// but run a `<script src>`
there. The index is cut in parts so a query loads only what it needs: meta.js (the list of parts, and what
search.js needs to fold a query and name the filters: stop words, spellings, statuses), the word parts ("shards")
its words fall in, and the document parts holding the results it shows. Filters are words too: `@p:PERSON`,
`@t:THEME`, `@s:STATUS` (events only)."""
from __future__ import annotations

import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from . import urls
from .dates import VagueDate, range_label
from .errors import counted
from .folding import STOP, spellings, words
from .markup import plain
from .model import CLAIM_STATUSES, Article, chronological, known
from .resolve import Resolved
from .schema import STATUSES

FOLDER = "search/"  # beside the search page (search/index.html), which is not part of the index
# The kinds of result, in the order results come in, each with its heading.
KIND_LABELS = MappingProxyType({"event": "Events", "person": "People", "theme": "Themes", "quote": "Quotes",
                                "claim": "Claims", "source": "Sources", "paragraph": "Article text"})
KINDS = tuple(KIND_LABELS)
STATUS_FILTERS = MappingProxyType({s: s.capitalize() for s in STATUSES})  # an event's status, as filters name it
SHARD_BYTES = 48_000  # a word part bigger than this is split by one more letter (a single word never is)
SHARD_KEY_MOST = 16  # ... down to keys this long, so that a part's file name stays short enough for any disk
DOC_BYTES = 24_000  # a page of 20 results loads up to 20 document parts: smaller parts, less to load
ARTICLES_PER_PART = 8  # the articles whose paragraphs make one document part (a news article's are 2-4 KB)


@dataclass(frozen=True)
class Doc:  # one search result as the index stores it
    kind: str
    record: list[Any]  # what search.js shows: see _record and _paragraph_record
    words: str  # its index words, space-separated (may hold more than the record shows, e.g. aliases)
    people: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    status: str = ""  # an event's
    names: tuple[str, ...] = ()  # what else it is called, as its title is: a person's aliases


@dataclass(frozen=True)
class Layout:
    """The items take ids 0 to first - 1; paragraph i of article a is `first + a * stride + i`, `stride` a power
    of two at least the longest article's count of blocks, so an article may grow without moving the others'."""

    first: int
    stride: int
    articles: int

    @classmethod
    def of(cls, r: Resolved) -> Layout:
        longest = max((len(r.blocks.get(a.id, ())) for a in r.content.articles), default=0)
        return cls(len(r.kind_of), 1 << max(0, longest - 1).bit_length(), len(r.content.articles))  # kind_of: all items

    def paragraph(self, article: int, block: int) -> int:
        return self.first + article * self.stride + block

    def part_start(self, group: int) -> int:
        """The first id of a group of articles' document part."""
        return self.paragraph(group * ARTICLES_PER_PART, 0)

    def groups(self) -> int:
        return -(-self.articles // ARTICLES_PER_PART)


def each_file(r: Resolved) -> Iterator[tuple[str, str]]:
    """Every file of the index (search/meta.js, search/w/*.js, search/d/*.js) with its text, one at a time; meta.js
    last, with a digest of the others (`build`): search.js asks for a part under it (`w/ab.js?v=...`), so that a
    browser's or a proxy's copy of a part of an earlier build is never read with this build's list of parts."""
    made: dict[str, str] = {}  # each part's digest, by its file: in any order they are made, the same build

    def part(rel: str, text: str) -> tuple[str, str]:
        made[rel] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return rel, text
    layout = Layout.of(r)
    articles = [_article_documents(r, a, i) for i, a in enumerate(r.content.articles)]
    items = [*_item_docs(r), *(source for source, _, _ in articles)]  # in the order results are listed
    table, paragraphs = [row for _, row, _ in articles], [docs for _, _, docs in articles]
    numbered = list(enumerate(items))
    numbered += [(layout.paragraph(a, i), doc) for a, docs in enumerate(paragraphs) for i, doc in docs]
    # One document at a time, into lists of ids: every document's words at once would be most of the memory.
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for n, doc in numbered:
        for term in _terms(doc):
            postings[term].append(n)
    shards: dict[str, list[str]] = {}
    _shards("", list(postings), postings, shards)
    for key, terms in shards.items():
        lists = {t: _deltas(postings[t]) for t in sorted(terms)}
        yield part(f"{FOLDER}w/{_file_name(key)}.js", _script("w", key, lists))
    starts: list[int] = []
    yield from (part(*made_part) for made_part in _item_parts(items, starts))
    for group in range(layout.groups()):
        starts.append(layout.part_start(group))
        yield part(*_paragraph_part(layout, len(starts) - 1, group, table, paragraphs))
    ranges = [[kind, of_kind[0], of_kind[-1] + 1] for kind in KINDS
              if (of_kind := [n for n, doc in enumerate(items) if doc.kind == kind])]
    if len(numbered) > len(items):
        ranges.append(["paragraph", layout.first, layout.paragraph(layout.articles, 0)])
    meta = {"version": 3, "count": len(numbered), "kinds": ranges, "shards": sorted(shards), "docs": starts,
            "stop": sorted(STOP), "spelling": spellings(postings),
            "statuses": [[s, label] for s, label in STATUS_FILTERS.items()],
            "build": hashlib.sha256(repr(sorted(made.items())).encode()).hexdigest()[:16]}
    yield f"{FOLDER}meta.js", _script("meta", "", meta)


def _script(part: str, key: str, data: Any) -> str:
    data_json = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"briefingSearch.add({json.dumps(part)},{json.dumps(key, ensure_ascii=False)},{data_json});\n"


def _deltas(ids: list[int]) -> list[int]:
    """Sorted ids as gaps: smaller numbers, smaller files."""
    return [ids[0]] + [b - a for a, b in zip(ids, ids[1:])]


def _file_name(key: str) -> str:
    """A shard key as a safe file name: a-z and 0-9 as they are, anything else as _hex_."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in key) or "_"


def _shards(key: str, terms: list[str], postings: dict[str, list[int]], out: dict[str, list[str]]) -> None:
    """The parts of the words starting with `key` ("": all, split by first letter), split by one more letter
    while too big: a word belongs to the longest key it starts with, so search.js finds a word's part by trying
    its prefixes, longest first. A group's parts depend on its words and their lists only, whatever their order."""
    if key and (sum(len(t) + 4 + 3 * len(postings[t]) for t in terms) <= SHARD_BYTES
                or len(key) >= SHARD_KEY_MOST or all(len(t) <= len(key) for t in terms)):
        out[key] = terms
        return
    longer: dict[str, list[str]] = {}
    here: list[str] = []
    for t in terms:
        (longer.setdefault(t[: len(key) + 1], []) if len(t) > len(key) else here).append(t)
    if here:
        out[key] = here
    for sub, group in longer.items():
        _shards(sub, group, postings, out)


def _item_parts(docs: list[Doc], starts: list[int]) -> Iterator[tuple[str, str]]:
    """The items' documents in parts of about DOC_BYTES; `starts` gets the first document of each part."""
    part: list[list[Any]] = []
    size = 0
    for n, doc in enumerate(docs):
        if not part:
            starts.append(n)
        part.append(doc.record)
        size += sum(len(x) + 3 if isinstance(x, str) else 6 for x in doc.record) + 2  # about its JSON
        if size >= DOC_BYTES or n == len(docs) - 1:
            yield f"{FOLDER}d/{len(starts) - 1}.js", _script("d", str(len(starts) - 1), {"docs": part, "articles": {}})
            part, size = [], 0


def _paragraph_part(layout: Layout, number: int, group: int, table: list[list[Any]],
                    paragraphs: list[list[tuple[int, Doc]]]) -> tuple[str, str]:
    """A group of articles' paragraphs as one part, each under its id less the part's first, with their articles."""
    start = layout.part_start(group)
    docs: dict[str, list[Any]] = {}
    used: dict[str, list[Any]] = {}
    for a in range(group * ARTICLES_PER_PART, min(layout.articles, (group + 1) * ARTICLES_PER_PART)):
        for i, doc in paragraphs[a]:
            docs[str(layout.paragraph(a, i) - start)] = doc.record
            used[str(a)] = table[a]
    return f"{FOLDER}d/{number}.js", _script("d", str(number), {"docs": docs, "articles": used})


def _item_docs(r: Resolved) -> Iterator[Doc]:
    """The items but the articles, in the order results are listed."""
    c = r.content
    for e in chronological(c.events):  # found by the names of its people too: "Tony Blair" finds his events
        yield _item(_record("event", e.title, urls.page("event", e.id), range_label(e.date, e.end),
                            plain(e.summary, r.name), e.date, e.end or e.date), e.location or "",
                    *map(r.name, e.people), people=e.people, themes=e.themes, status=e.status)
    for p in c.people:
        yield _item(_record("person", p.name, urls.page("person", p.id), known(p.role) or "Person",
                            plain(p.summary, r.name)),
                    *p.aliases, known(p.role), p.affiliation or "", known(p.country), people=(p.id,),
                    themes=_themes_of(r, p.id), names=p.aliases)
    for t in c.themes:
        events = counted(len(r.events_of.get(t.id, [])), "event")  # under the kind's own label, "Theme"
        yield _item(_record("theme", t.title, urls.page("theme", t.id), events, plain(t.summary, r.name)),
                    themes=(t.id,))
    yield from _quote_docs(r)
    for cl in c.claims:  # a settled or superseded one says so, and what settled or overtook it is searched too
        sub = " · ".join(filter(None, ("Where the sources differ", CLAIM_STATUSES[cl.status][0])))
        yield _item(_record("claim", cl.question, urls.item("claim", cl.id), sub,
                            " · ".join(st.says for st in cl.statements)), plain(cl.note or "", r.name),
                    plain(cl.resolution or "", r.name))


def _quote_docs(r: Resolved) -> Iterator[Doc]:
    """Each quote, dated by its earliest event (else its article's date), under the themes theme pages list it by."""
    for q in r.content.quotes:
        a: Article = r.by_id[q.source.article]
        first = next(iter(chronological(r.by_id[ev] for ev in q.events)), None)
        when = first.date if first else a.published
        themes = sorted(r.quote_themes(q))
        yield _item(_record("quote", r.name(q.speaker), urls.item("quote", q.id), q.context or a.title, q.text,
                            when, when), q.context or "", people=(q.speaker,), themes=tuple(themes))


def _themes_of(r: Resolved, ident: str) -> tuple[str, ...]:
    """The themes of a person's or an article's events and quotes."""
    return tuple(sorted({t for e in r.events_of.get(ident, []) for t in e.themes}
                        | {t for q in r.quotes_of.get(ident, []) for t in q.themes}))


def _terms(d: Doc) -> Iterable[str]:
    """A document's words, its title's words again as `!word` (a match there ranks first), its title's (or other
    name's) words all together as `=word_word` (a query of just those ranks it before any: "Kim Jong Un" finds the
    person before his events), its filters: each once, as the kinds cannot overlap (a word has no `!`, `=`, `@`).
    A paragraph and a quote have no title of their own."""
    if d.kind in ("paragraph", "quote"):  # a quote's title is its speaker's name, not its own: "Tony Blair" ranked
        title: set[str] = set()  # 63 of his quotes before every event he is in
    else:
        titled = words(d.record[1])
        title = {"!" + w for w in titled}
        title |= {"=" + "_".join(sorted(named)) for named in (titled, *map(words, d.names)) if named}
    return itertools.chain(d.words.split(), title, {f"@p:{p}" for p in d.people}, {f"@t:{t}" for t in d.themes},
                           [f"@s:{d.status}"] if d.status else [])


def _item(record: list[Any], *more: str, people: tuple[str, ...] = (), themes: tuple[str, ...] = (),
          status: str = "", names: tuple[str, ...] = ()) -> Doc:
    """An item's document: the words of its title, its snippet and `more` texts (aliases, a place, ...)."""
    return Doc(record[0], record, " ".join(words(" ".join([record[1], record[4], *more]))), people, themes, status,
               names)


def _article_documents(r: Resolved, a: Article, index: int) -> tuple[Doc, list[Any], list[tuple[int, Doc]]]:
    """An article's document, its row of the articles' table, and its paragraphs' as (block, document)."""
    mentions = r.mentions.get(a.id, {})
    people = sorted({m.person for ms in mentions.values() for m in ms})
    themes = _themes_of(r, a.id)
    when = a.published
    # the outlet isolated (U+2068, U+2069): an Arabic one beside a date scrambled it ("4 ,الجزيرة September")
    sub = " · ".join([f"\u2068{a.outlet}\u2069" if a.outlet != "unknown" else "Outlet unknown",
                      when.label() if when else "date unknown"])
    record = _record("source", a.title, urls.page("article", a.id), sub, plain(a.summary, r.name), when, when)
    row = [*record[1:4], *record[5:]]  # the source's record less its kind and snippet
    source = _item(record, a.outlet, a.author or "", people=tuple(people), themes=themes)
    speakers = {i: {r.by_id[h.target].speaker for h in hs if h.kind == "quote"}
                for i, hs in r.highlights.get(a.id, {}).items()}
    # a heading that is the article's title is the source's result already, not a second one beside it
    return source, row, [(i, Doc("paragraph", ["paragraph", index, b.anchor, b.text], b.words,
                                 tuple(sorted({m.person for m in mentions.get(i, [])} | speakers.get(i, set()))),
                                 themes)) for i, b in enumerate(r.blocks.get(a.id, []))
                         if b.anchor and not (b.kind == "heading" and b.text.strip() == a.title.strip())]


def _record(kind: str, title: str, path: str, sub: str, text: str,
            start: VagueDate | None = None, end: VagueDate | None = None) -> list[Any]:
    """[kind, title, file, line under the title, text for the snippet, first day, last day]; an open side is
    unbounded (0001-01-01, 9999-12-31), which search.js's date filter compares as it does any day."""
    return [kind, title, urls.relative(path, ""), sub, text,
            start.earliest().isoformat() if start else "", end.latest().isoformat() if end else ""]
