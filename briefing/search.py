"""The search index: small JavaScript files of words and of documents, loaded by static/search.js.

Script files rather than JSON, because browsers refuse fetch() from file:// but run a
`<script src>` there: search then works from disk as well as from any host or
sub-folder. The index is cut in parts so a query loads only what it needs: meta.js
(the list of parts), the word parts ("shards") its words fall in, and the document
parts holding the results it shows. Person and theme filters are words too
(`@p:ID`, `@t:ID`), so filtering is the same intersection as matching; so are the
words of titles (`!word`), which rank the items whose title matches first.

Ids are stable where an edit is likely: the items (events, people, themes, quotes,
claims, sources) are numbered in listing order, and paragraph i of article a is
`first + a * stride + i` (`Layout`), in the document part of its article's group of
ARTICLES_PER_PART. Editing an article's text changes only the word parts of the words it
gained or lost and its group's document part (`patch`), not the ids of every later paragraph.

Words are folded the same way here and in search.js: lower case, accents dropped
(NFKD without marks), runs of letters and digits, stop words and single letters left out.
"""
from __future__ import annotations

import itertools
import json
import re
import string
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import urls
from .dates import VagueDate, range_label
from .markup import plain
from .model import Article
from .resolve import Resolved

FOLDER = "search/"  # beside the search page (search/index.html), which is not part of the index
KINDS = ("event", "person", "theme", "quote", "claim", "source", "paragraph")  # the order results come in
KIND_LABELS = {"event": "Events", "person": "People", "theme": "Themes", "quote": "Quotes", "claim": "Claims",
               "source": "Sources", "paragraph": "Article text"}
STOP = frozenset(
    "a an and are as at be been but by for from had has have he her his i in into is it its of on or our she "
    "so than that the their them then there these they this those to was we were which who will with would you".split())
SHARD_BYTES = 48_000  # a word part bigger than this is split by one more letter (a single word never is)
# ... down to keys this long: words that share a longer beginning (a pasted table of codes)
# stay in one part, whatever its size, so its file name stays short enough for any disk.
SHARD_KEY_MOST = 16
# Document parts are cut at about this size: a page of 20 results spread over the briefing
# loads up to 20 of them, so smaller parts mean less to load per query (and more files).
DOC_BYTES = 24_000
# The paragraphs of this many articles make one document part (a news article's are 2-4 KB).
ARTICLES_PER_PART = 8
_WORD = re.compile(r"[^\W_]+")
# The same for ASCII text, as str methods: every ASCII character but a-z and 0-9 becomes a space.
_ASCII_GAPS = {c: " " for c in range(128) if not chr(c).isalnum() or chr(c).isupper()}
_DROPPED = STOP | set(string.ascii_lowercase)  # stop words and single letters (not digits) are not indexed
# Combining marks, the same ranges search.js strips: "Séoul" is found by "seoul".
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def words(text: str) -> set[str]:
    """The distinct index words of a text (search.js folds a query the same way)."""
    folded = text.lower()
    if folded.isascii():  # most text: split by str methods, a fifth faster than the regex
        found = set(folded.translate(_ASCII_GAPS).split())
        found -= _DROPPED  # set arithmetic, not a loop: this runs over every paragraph of every article
        return found
    found = set(_WORD.findall(_MARKS.sub("", unicodedata.normalize("NFKD", folded))))
    found -= _DROPPED
    return {w for w in found if len(w) > 1 or w.isdigit()}  # nor a single letter of another script


@dataclass(frozen=True)
class Doc:
    """One search result as the index stores it."""

    kind: str
    record: list[Any]  # what search.js shows: see _record and _paragraph_record
    text: str  # the words to index (may hold more than the record shows, e.g. aliases)
    people: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    article: int = -1  # paragraphs: the index of their article in the document part's table


@dataclass(frozen=True)
class Layout:
    """How ids are given: the items take 0 to first - 1; paragraph i of article a is
    `first + a * stride + i`, where `stride` is the first power of two at least as large as
    the longest article's count of blocks, so an article may grow a little without moving
    the others' ids."""

    first: int
    stride: int
    articles: int

    @classmethod
    def of(cls, r: Resolved) -> Layout:
        c = r.content
        first = len(c.events) + len(c.people) + len(c.themes) + len(c.quotes) + len(c.claims) + len(c.articles)
        longest = max((len(r.blocks.get(a.id, ())) for a in c.articles), default=0)
        return cls(first, 1 << max(0, longest - 1).bit_length(), len(c.articles))

    def paragraph(self, article: int, block: int) -> int:
        return self.first + article * self.stride + block

    def part_start(self, group: int) -> int:
        """The first id of a group of articles' document part."""
        return self.paragraph(group * ARTICLES_PER_PART, 0)

    def groups(self) -> int:
        return -(-self.articles // ARTICLES_PER_PART)


def files(r: Resolved, cache: dict[Any, Any] | None = None) -> dict[str, str]:
    """Every file of the index, by output path: search/meta.js, search/w/*.js, search/d/*.js.

    `cache` (the dev server's, kept between builds) holds the words of every text, so a
    save re-reads only the texts it changed.
    """
    return dict(each_file(r, cache))


def each_file(r: Resolved, cache: dict[Any, Any] | None = None) -> Iterator[tuple[str, str]]:
    """The files of `files`, one at a time: a one-shot build writes each and lets it go."""
    layout = Layout.of(r)
    items, table, paragraphs = _documents(r)
    numbered = list(enumerate(items))
    numbered += [(layout.paragraph(a, i), doc) for a, docs in paragraphs.items() for i, doc in docs]
    # One document's words at a time, into lists of ids (8 bytes a word: one int object a
    # document): every document's set held at once would be most of the memory of a build of
    # thousands of articles. Only the words of a text several documents share (a wire story
    # run by several outlets) are kept, to be read once.
    if cache is None:
        seen = Counter(d.text for _, d in numbered)
        known, keep = {}, {text for text, n in seen.items() if n > 1}
    else:
        known, keep = cache.setdefault("search-words", {}), None
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for n, doc in numbered:
        for term in _terms(doc, known, keep):
            postings[term].append(n)
    if keep is None:  # the dev server's: the words of texts no longer there are let go
        for text in known.keys() - {d.text for _, d in numbered}:
            del known[text]
    shards = _shards(postings)
    for key, terms in shards.items():
        yield _shard_file(key, terms, postings)
    starts: list[int] = []
    yield from _item_parts(items, starts)
    for group in range(layout.groups()):
        starts.append(layout.part_start(group))
        yield _paragraph_part(layout, len(starts) - 1, group, table, paragraphs)
    ranges = []
    for kind in KINDS[:-1]:
        of_kind = [n for n, doc in numbered[:len(items)] if doc.kind == kind]
        if of_kind:
            ranges.append([kind, of_kind[0], of_kind[-1] + 1])
    if len(numbered) > len(items):
        ranges.append(["paragraph", layout.first, layout.paragraph(layout.articles, 0)])
    meta = {"version": 2, "count": len(numbered), "kinds": ranges, "shards": sorted(shards), "docs": starts,
            "stop": sorted(STOP)}
    yield f"{FOLDER}meta.js", _script("meta", "", meta)


def patch(old: Resolved, new: Resolved, articles: Collection[str],
          read: Callable[[str], str]) -> dict[str, str | None] | None:
    """The index files that change when only the text of `articles` changed, from the files
    of `old`'s index (`read`, by output path): {path: its new text, or None if it goes}.
    The same files as `each_file` would write for `new`. None when ids would move (an
    article outgrew the stride) or the files are not as `each_file` wrote them: then the
    index is made again."""
    layout = Layout.of(new)
    if layout != Layout.of(old):
        return None
    index = {a.id: n for n, a in enumerate(new.content.articles)}
    changes: defaultdict[str, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for article in articles:
        a = index[article]
        before, after = _article_terms(old, layout, a), _article_terms(new, layout, a)
        for n in before.keys() | after.keys():
            was, now = before.get(n, set()), after.get(n, set())
            for term in was - now:
                changes[term][0].add(n)
            for term in now - was:
                changes[term][1].add(n)
    try:
        meta = _parsed(read(f"{FOLDER}meta.js"), "meta", "")
        out: dict[str, str | None] = {}
        keys = set(meta["shards"])
        for first in sorted({term[:1] for term in changes}):
            mine = sorted(k for k in keys if k[:1] == first)
            postings: dict[str, list[int]] = {}
            for key in mine:
                for term, gaps in _parsed(read(_shard_path(key)), "w", key).items():
                    postings[term] = list(itertools.accumulate(gaps))
            for term, (gone, came) in changes.items():
                if term[:1] == first:
                    ids = sorted(set(postings.get(term, ())) - gone | came)
                    if ids:
                        postings[term] = ids
                    else:
                        postings.pop(term, None)
            placed: dict[str, list[str]] = {}
            if postings:
                _place(first, sorted(postings), postings, placed)
            for key in mine:
                if key not in placed:
                    out[_shard_path(key)] = None
            for key, terms in placed.items():
                path, text = _shard_file(key, terms, postings)
                if key not in keys or read(path) != text:
                    out[path] = text
            keys = keys - set(mine) | set(placed)
        groups = sorted({index[a] // ARTICLES_PER_PART for a in articles})
        _, table, paragraphs = _documents(new, only={a for g in groups for a in range(
            g * ARTICLES_PER_PART, min(layout.articles, (g + 1) * ARTICLES_PER_PART))})
        for group in groups:
            path, text = _paragraph_part(layout, meta["docs"].index(layout.part_start(group)), group, table,
                                         paragraphs)
            if read(path) != text:
                out[path] = text
        meta_was = _script("meta", "", meta)
        count = meta["count"] + sum(len(_article_terms(new, layout, index[a]))
                                    - len(_article_terms(old, layout, index[a])) for a in articles)
        ranges = [r for r in meta["kinds"] if r[0] != "paragraph"]
        if any(b.anchor for a in new.content.articles for b in new.blocks.get(a.id, ())):
            ranges.append(["paragraph", layout.first, layout.paragraph(layout.articles, 0)])
        meta.update(count=count, kinds=ranges, shards=sorted(keys))
        if (meta_now := _script("meta", "", meta)) != meta_was:
            out[f"{FOLDER}meta.js"] = meta_now
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return out


def _article_terms(r: Resolved, layout: Layout, article: int) -> dict[int, set[str]]:
    """The words of an article's documents (its source and its paragraphs), by id."""
    source, paragraphs = _article_documents(r, r.content.articles[article], article, {})
    out = {layout.first - layout.articles + article: set(_terms(source, {}, set()))}
    out.update((layout.paragraph(article, i), set(_terms(doc, {}, set()))) for i, doc in paragraphs)
    return out


def in_index(rel: str) -> bool:
    """Whether an output file is part of the index (the search page beside it is not)."""
    return rel.startswith(FOLDER) and rel.endswith(".js")


def _script(part: str, key: str, data: Any) -> str:
    return f"{_prefix(part, key)}{_json(data)});\n"


def _prefix(part: str, key: str) -> str:
    return f"briefingSearch.add({json.dumps(part)},{json.dumps(key, ensure_ascii=False)},"


def _parsed(text: str, part: str, key: str) -> Any:
    """The data of a file `_script` wrote; ValueError if it is not one."""
    prefix = _prefix(part, key)
    if not (text.startswith(prefix) and text.endswith(");\n")):
        raise ValueError(f"not a search index file of part {part} {key}")
    return json.loads(text[len(prefix):-3])


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _deltas(ids: list[int]) -> list[int]:
    """Sorted ids as gaps: smaller numbers, smaller files."""
    return [ids[0]] + [b - a for a, b in zip(ids, ids[1:])]


def _file_name(key: str) -> str:
    """A shard key as a safe file name: a-z and 0-9 as they are, anything else as _hex_."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in key) or "_"


def _shard_path(key: str) -> str:
    return f"{FOLDER}w/{_file_name(key)}.js"


def _shard_file(key: str, terms: list[str], postings: dict[str, list[int]]) -> tuple[str, str]:
    return _shard_path(key), _script("w", key, {t: _deltas(postings[t]) for t in sorted(terms)})


def _shards(postings: dict[str, list[int]]) -> dict[str, list[str]]:
    """Words grouped by their first letter; a group too big is split by one more letter, and so on.

    A word belongs to the longest key it starts with, so search.js finds a word's part
    by trying its prefixes, longest first.
    """
    out: dict[str, list[str]] = {}
    first: dict[str, list[str]] = {}
    for t in postings:
        first.setdefault(t[:1], []).append(t)
    for key, terms in first.items():
        _place(key, terms, postings, out)
    return out


def _place(key: str, terms: list[str], postings: dict[str, list[int]], out: dict[str, list[str]]) -> None:
    """The parts of the words starting with `key`, split by one more letter while too big.
    A group's parts depend on its words and their lists only, whatever their order."""
    if sum(len(t) + 4 + 3 * len(postings[t]) for t in terms) <= SHARD_BYTES or len(key) >= SHARD_KEY_MOST \
            or all(len(t) <= len(key) for t in terms):
        out[key] = terms
        return
    longer: dict[str, list[str]] = {}
    here: list[str] = []
    for t in terms:
        (longer.setdefault(t[: len(key) + 1], []) if len(t) > len(key) else here).append(t)
    if here:
        out[key] = here
    for sub, group in longer.items():
        _place(sub, group, postings, out)


def _item_parts(docs: list[Doc], starts: list[int]) -> Iterator[tuple[str, str]]:
    """Cut the items' documents into parts of about DOC_BYTES. `starts` gets the first
    document of each part."""
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


def _paragraph_part(layout: Layout, number: int, group: int, table: dict[int, list[Any]],
                    paragraphs: dict[int, list[tuple[int, Doc]]]) -> tuple[str, str]:
    """The paragraphs of a group of articles as one part: each record under its id less the
    part's first (ids between articles are unused), with the articles they come from."""
    start = layout.part_start(group)
    docs: dict[str, list[Any]] = {}
    used: dict[str, list[Any]] = {}
    for a in range(group * ARTICLES_PER_PART, min(layout.articles, (group + 1) * ARTICLES_PER_PART)):
        for i, doc in paragraphs.get(a, ()):
            docs[str(layout.paragraph(a, i) - start)] = doc.record
            used[str(a)] = table[a]
    return f"{FOLDER}d/{number}.js", _script("d", str(number), {"docs": docs, "articles": used})


def _documents(r: Resolved, only: Collection[int] | None = None) -> tuple[
        list[Doc], dict[int, list[Any]], dict[int, list[tuple[int, Doc]]]]:
    """Every searchable item, in the order results are listed; the articles' table; and each
    article's paragraphs (by article, as (block, document)). `only`: just these articles'
    table rows and paragraphs, and no items."""
    c = r.content
    docs: list[Doc] = []
    table: dict[int, list[Any]] = {}
    paragraphs: dict[int, list[tuple[int, Doc]]] = {}
    if only is not None:
        for i in sorted(only):
            _, paragraphs[i] = _article_documents(r, c.articles[i], i, table)
        return docs, table, paragraphs
    events = sorted(c.events, key=lambda e: (e.date.earliest(), e.date.latest(), e.id))
    themes_of_event = {e.id: e.themes for e in c.events}
    event_by_id = {e.id: e for e in events}
    for e in events:
        end = e.end or e.date
        docs.append(Doc("event", _record("event", e.title, urls.page("event", e.id), range_label(e.date, e.end),
                                         _plain(r, e.summary), e.date, end),
                        " ".join([e.title, e.location or "", _plain(r, e.summary)]), e.people, e.themes))
    for p in c.people:
        themes = sorted({t for e in r.events_of.get(p.id, []) for t in e.themes}
                        | {t for q in r.quotes_of.get(p.id, []) for t in q.themes})
        docs.append(Doc("person", _record("person", p.name, urls.page("person", p.id), p.role, _plain(r, p.summary)),
                        " ".join([p.name, *p.aliases, p.role, p.affiliation or "", p.country, _plain(r, p.summary)]),
                        (p.id,), tuple(themes)))
    for t in c.themes:
        docs.append(Doc("theme", _record("theme", t.title, urls.page("theme", t.id), "Theme", _plain(r, t.summary)),
                        " ".join([t.title, _plain(r, t.summary)]), themes=(t.id,)))
    for q in c.quotes:
        speaker = r.name(q.speaker)
        a: Article = r.by_id[q.source.article]
        first = min((event_by_id[ev] for ev in q.events if ev in event_by_id), default=None,
                    key=lambda e: (e.date.earliest(), e.date.latest(), e.id))  # its earliest event
        when = first.date if first else a.published
        themes = sorted(set(q.themes) | {t for ev in q.events for t in themes_of_event.get(ev, ())})
        docs.append(Doc("quote", _record("quote", speaker, urls.item("quote", q.id), q.context or a.title,
                                         q.text, when, when),
                        " ".join([speaker, q.text, q.context or ""]), (q.speaker,), tuple(themes)))
    for cl in c.claims:
        says = [st.says for st in cl.statements]
        docs.append(Doc("claim", _record("claim", cl.question, urls.item("claim", cl.id), "Where the sources differ",
                                         " ".join(says)),
                        " ".join([cl.question, *says, _plain(r, cl.note or "")])))
    for i, a in enumerate(c.articles):
        source, paragraphs[i] = _article_documents(r, a, i, table)
        docs.append(source)
    return docs, table, paragraphs


def _terms(d: Doc, known: dict[str, Collection[str]], keep: set[str] | None) -> Iterable[str]:
    """A document's words, its title's words again as `!word` (a match there ranks first), its filters:
    each once, as the four kinds cannot overlap (a word has no `!` or `@`) and each is a set.

    `known` keeps the words of the texts in `keep` (all texts if None: the dev server's,
    where most stay the same from one save to the next)."""
    found: Collection[str]
    if d.text in known:
        found = known[d.text]
    else:
        found = words(d.text)
        if keep is None:
            known[d.text] = found = frozenset(found)
        elif d.text in keep:  # as a tuple of the words the postings hold anyway: a tenth of a set's memory
            known[d.text] = found = tuple(map(sys.intern, found))
    title = {"!" + w for w in words(d.record[1])} if d.kind != "paragraph" else set()
    return itertools.chain(found, title, {f"@p:{p}" for p in d.people}, {f"@t:{t}" for t in d.themes})


def _article_documents(r: Resolved, a: Article, index: int,
                       table: dict[int, list[Any]]) -> tuple[Doc, list[tuple[int, Doc]]]:
    """An article as one document (title, outlet, summary), and one per paragraph or heading
    with its block's index; its row of the articles' table goes into `table`."""
    people = sorted({m.person for ms in r.mentions.get(a.id, {}).values() for m in ms})
    themes = sorted({t for e in r.events_of.get(a.id, []) for t in e.themes}
                    | {t for q in r.quotes_of.get(a.id, []) for t in q.themes})
    when = a.published
    sub = " · ".join([a.outlet if a.outlet != "unknown" else "Outlet unknown",
                      when.label() if when else "date unknown"])
    table[index] = [a.title, urls.output_file(urls.page("article", a.id)), sub,
                    when.earliest().isoformat() if when else "", when.latest().isoformat() if when else ""]
    source = Doc("source", _record("source", a.title, urls.page("article", a.id), sub, _plain(r, a.summary), when, when),
                 " ".join([a.title, a.outlet, a.author or "", _plain(r, a.summary)]), tuple(people), tuple(themes))
    blocks = r.blocks.get(a.id, [])
    speakers: dict[int, set[str]] = {}
    for i, hs in r.highlights.get(a.id, {}).items():
        for h in hs:
            if h.kind == "quote":
                speakers.setdefault(i, set()).add(r.by_id[h.target].speaker)
    paragraphs = []
    for i, b in enumerate(blocks):
        if not b.anchor:
            continue
        here = sorted({m.person for m in r.mentions.get(a.id, {}).get(i, [])} | speakers.get(i, set()))
        paragraphs.append((i, Doc("paragraph", ["paragraph", index, b.anchor, b.text], b.text, tuple(here),
                                  tuple(themes), index)))
    return source, paragraphs


def _record(kind: str, title: str, path: str, sub: str, text: str,
            start: VagueDate | None = None, end: VagueDate | None = None) -> list[Any]:
    """[kind, title, file, line under the title, text for the snippet, first day, last day]."""
    page, _, fragment = path.partition("#")
    return [kind, title, urls.output_file(page) + (f"#{fragment}" if fragment else ""), sub, text,
            start.earliest().isoformat() if start else "", end.latest().isoformat() if end else ""]


def _plain(r: Resolved, text: str) -> str:
    return plain(text, r.name)
