"""Ids exist, articles read, quotes located, mentions found, back-references computed."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePath
from stat import S_ISLNK, S_ISREG
from typing import TYPE_CHECKING, Any, Iterable

from . import verbatim
from .articles import NUMBERED, Block, parse
from .cache import Cache, digest
from .changes import steps
from .editions import reused
from .inputs import read
from .loader import SUGGESTED
from .errors import ContentError, ContentErrors, did_you_mean, indefinite, shown
from .mentions import Mention, Unlinked, find_mentions
from .model import KINDS, Article, Citation, Claim, Content, Event, Loc, Person, Quote, chronological, quote_name
from .seedfiles import MAX_ARTICLE_BYTES, text_of, key as seeds_key, key_of as seeds_key_of

if TYPE_CHECKING:
    from .changes import Step
    from .editions import Snapshot


@dataclass(frozen=True)
class Location:
    """Where a passage sits: an article and the paragraph anchor (`p12`, or '' for the whole)."""

    article: str
    anchor: str
    block: int = -1
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Highlight:
    kind: str  # "quote" | "claim"
    target: str  # quote id or claim id
    start: int
    end: int


@dataclass
class Resolved:
    """The content with every reference checked and every back-reference computed."""

    content: Content
    kind_of: dict[str, str]
    by_id: dict[str, Any]
    blocks: dict[str, list[Block]]
    located: dict[Citation, Location]
    quote_at: dict[str, Location]
    statement_at: dict[tuple[str, int], Location]
    mentions: dict[str, dict[int, list[Mention]]]  # article -> block index -> mentions
    highlights: dict[str, dict[int, list[Highlight]]]  # article -> block index -> highlights
    events_of: dict[str, list[Event]] = field(default_factory=dict)  # person/theme/article id -> events
    quotes_of: dict[str, list[Quote]] = field(default_factory=dict)  # person/theme/event/article id -> quotes
    claims_of: dict[str, list[Claim]] = field(default_factory=dict)  # article id -> claims
    mentions_of: dict[str, list[Mention]] = field(default_factory=dict)  # person id -> one per paragraph
    unlinked: dict[str, list[Unlinked]] = field(default_factory=dict)  # person id -> shared words left unlinked
    redirects: dict[str, str] = field(default_factory=dict)  # former id -> current id
    files: dict[str, str] = field(default_factory=dict)  # article id -> the cache key of its file's bytes as read
    unreleased: Snapshot | None = None  # the content as an edition would record it: only where /changes/ shows it
    steps: tuple[Step, ...] = ()  # each recorded edition with what changed since the one before: made once a build

    def name(self, ident: str) -> str:
        item = self.by_id[ident]
        if isinstance(item, Person):
            return item.name
        if isinstance(item, Quote):
            return quote_name(self.by_id[item.speaker].name, item.text, item.paraphrase)
        if isinstance(item, Claim):
            return item.question
        return str(item.title)

    def quote_themes(self, q: Quote) -> tuple[str, ...]:
        """The themes a quote is listed under: on theme pages, in search's theme filter, in the data and on the
        quotes page. Its own `themes` only, not those of its events: the editors tag a quote with what the speaker
        speaks to, while an event's themes are what the event as a whole bears on (a parade's military signalling
        and its diplomacy), so a quote said at it would land on themes it never touches. A reader who follows
        a theme expects the quotes the editors put there; the event, on the theme's page too, leads to the rest."""
        return q.themes


def resolve(content: Content, seeds: Path, seeds_display: str, earlier: Iterable[ContentError] = (),
            cache: Cache | None = None, digests: dict[str, str] | None = None) -> Resolved:
    """Check every reference and locate every passage. Raises ContentErrors listing every problem,
    `earlier` ones (loading, validation) included, so that an editor sees all of a build's mistakes at once.
    `digests`: the article files' digests, by name, where the build has them (`inputs.Inputs.seeds`)."""
    errors: list[ContentError] = list(earlier)
    kind_of, by_id, redirects, duplicated = _index(content, errors)
    _check_refs(content, kind_of, redirects, errors, duplicated)
    _quoted_twice(content.quotes, errors)
    errors += reused(content)  # no retired id back on another item
    cache = cache or Cache()
    r = Resolved(content, kind_of, by_id, {}, {}, {}, {}, {}, {}, redirects=redirects)
    _read_articles(r, seeds, seeds_display, errors, cache, digests or {})
    _locate(r, errors, cache)
    if errors:
        raise ContentErrors(errors)
    r.mentions, r.unlinked = find_mentions(content.people, r.blocks, r.files, cache)
    _backrefs(r)
    r.steps = tuple(steps(content.editions))
    return r


def _index(content: Content,
           errors: list[ContentError]) -> tuple[dict[str, str], dict[str, Any], dict[str, str], set[str]]:
    """Every item by id, its kind, the former ids' redirects, and the ids given twice (each reported once)."""
    kind_of: dict[str, str] = {}
    by_id: dict[str, Any] = {}
    duplicated: set[str] = set()
    for collection, kind in KINDS.items():
        for item in getattr(content, collection):
            if item.id in kind_of:
                duplicated.add(item.id)
                first = by_id[item.id].loc
                if isinstance(item, Quote) and (item.derived_id or getattr(by_id[item.id], "derived_id", False)):
                    errors.append(_err(item.loc, f"quotes: this quote and the one at {first.file}:{first.line} both "
                                                 f"get the id '{item.id}' (from speaker and first words); give one "
                                                 "of them an explicit id"))
                    continue
                suggested = any(f"/{SUGGESTED}/" in f"/{loc.file}" for loc in (item.loc, first))
                forms = {(PurePath(loc.file).parent.name == collection, PurePath(loc.file).stem == collection)
                         for loc in (item.loc, first)}  # one in the collection's folder, one its file?
                # neither is blamed: which came first is only the files' order (a copied file is often the later)
                errors.append(_err(item.loc, f"{collection}: duplicate id '{item.id}', also the id of the "
                                             f"{kind_of[item.id]} at {first.file}:{first.line}; " + (
                                                 "one is a suggestion: the reject command drops it, the accept "
                                                 "command once the other is gone" if suggested else
                                                 f"both the folder {collection}/ and a file of {collection} hold "
                                                 "it: once a collection is moved into its folder, delete its file"
                                                 if forms == {(True, False), (False, True)} else
                                                 "change it in one of them: ids are unique across all files")))
                continue
            kind_of[item.id], by_id[item.id] = kind, item
    redirects: dict[str, str] = {}
    for ident, item in by_id.items():
        for old in item.former_ids:
            if old in kind_of or old in redirects:
                errors.append(_err(item.loc, f"former id '{old}' of '{ident}' is already used by "
                                             f"'{redirects.get(old, old)}'; an address can lead to one item only"))
            else:
                redirects[old] = ident
    return kind_of, by_id, redirects, duplicated


def _check_refs(content: Content, kind_of: dict[str, str], redirects: dict[str, str],
                errors: list[ContentError], duplicated: set[str]) -> None:
    for ref in content.refs:
        actual = kind_of.get(ref.id)
        if ref.id in content.broken or ref.kind in content.broken or ref.id in duplicated or (
                ref.kind == "item" and actual is None and content.broken & set(KINDS.values())):
            continue  # its definition is already reported; an "unknown id" (or "a person, not a theme") is noise
        if actual is None and ref.id in content.drafts:
            errors.append(_err(ref.loc, f"{ref.path}: '{ref.owner}' refers to draft '{ref.id}'; publish it "
                                        "(remove draft: true), build with --drafts, or remove the reference"))
        elif actual is None and ref.id in redirects and ref.kind in ("item", kind_of[redirects[ref.id]]):
            # an address keeps working; a reference names the item
            errors.append(_err(ref.loc, f"{ref.path}: '{ref.id}' was renamed '{redirects[ref.id]}' (it is in its "
                                        f"former_ids); write '{redirects[ref.id]}' here"))
        elif actual is None and ref.id in redirects:  # another kind's former id: not the item meant
            now = redirects[ref.id]
            errors.append(_err(ref.loc, f"{ref.path}: '{ref.id}' is a former id of {indefinite(kind_of[now])} "
                                        f"('{now}'), not {indefinite(ref.kind)}"))
        elif actual is None:
            pool = [i for i, k in kind_of.items() if ref.kind in ("item", k)]
            what = "id" if ref.kind == "item" else ref.kind
            errors.append(_err(ref.loc, f"{ref.path}: unknown {what} '{ref.id}'{did_you_mean(ref.id, pool)}"))
        elif ref.kind not in ("item", actual):
            errors.append(_err(ref.loc, f"{ref.path}: '{ref.id}' is {indefinite(actual)}, not {indefinite(ref.kind)}"))


def _quoted_twice(quotes: Iterable[Quote], errors: list[ContentError]) -> None:
    """The same words of the same speaker from the same article twice, under two ids: one quote on every page
    twice, as when a suggestion is accepted of what the editors had quoted since."""
    seen: dict[tuple[str, str, str], Quote] = {}
    for q in quotes:
        first = seen.setdefault((q.speaker, q.source.article, verbatim.elided(q.text)), q)
        if first is not q and first.id != q.id:  # under one id: its duplicate id is reported already
            suggested = any(f"/{SUGGESTED}/" in f"/{x.loc.file}" for x in (q, first))
            errors.append(_err(q.loc, f"quotes: the words of quote '{first.id}' at {first.loc.file}:{first.loc.line}, "
                                      "by the same speaker from the same article; " + (
                                          "one is a suggestion: the reject command drops it" if suggested else
                                          "keep one of them (a former id keeps the other's address)")))


def _read_articles(r: Resolved, seeds: Path, display: str, errors: list[ContentError], cache: Cache,
                   digests: dict[str, str]) -> None:
    """Each article's blocks, from the cache by the digest of its file's bytes (`r.files`), or parsed. The digest
    is the build's (`inputs.Inputs.seeds`) where it has one: a file whose blocks the cache holds is not read."""
    used: dict[str, str] = {}
    present: list[str] = []  # the folder's file names, listed for the first did-you-mean only
    for article in r.content.articles:
        if article.file in used:
            errors.append(_err(article.file_loc, f"file {shown(article.file)} is already the source of article "
                                                 f"'{used[article.file]}'; each file is one article"))
            continue
        used[article.file] = article.id
        if isinstance(path := _article_file(article, seeds, display, present), ContentError):
            errors.append(path)
            continue
        key = seeds_key_of(digests[article.file]) if article.file in digests else ""
        if (blocks := cache.get(key) if key else None) is None:
            try:
                raw = read(path)
            except OSError as exc:
                errors.append(ContentError(f"{display}/{article.file}", 0, 0,
                                           f"cannot be read: {exc.strerror or exc}"))
                continue
            if (blocks := cache.get(key := seeds_key(raw))) is None:
                if isinstance(text := text_of(raw, f"{display}/{article.file}", article.id), ContentError):
                    errors.append(text)
                    continue
                cache.put(key, blocks := parse(text))
        r.files[article.id] = key
        r.blocks[article.id] = blocks


def _article_file(article: Article, seeds: Path, display: str, present: list[str]) -> Path | ContentError:
    """An article's file, or why it cannot be read: missing, outside the seeds folder (by a symlink: names have
    no folders), not a file, or far too big."""
    path = seeds / article.file
    inside = True
    stat: os.stat_result | None
    try:  # one lstat: thousands of articles
        stat = path.lstat()
        if S_ISLNK(stat.st_mode):
            inside = False  # a link that cannot be resolved is taken as leading outside
            inside = path.resolve().is_relative_to(seeds.resolve())
            stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not S_ISREG(stat.st_mode) or not inside:
        why = "is outside the seeds folder" if path.exists() and not inside else f"not found in {display}/"
        present[:] = present or (sorted(p.name for p in seeds.iterdir()) if seeds.is_dir() else [])
        return _err(article.file_loc, f"articles: '{article.id}': file {shown(article.file)} {why}"
                                      f"{did_you_mean(article.file, [p for p in present if p != article.file])}")
    if stat.st_size > MAX_ARTICLE_BYTES:
        return ContentError(f"{display}/{article.file}", 0, 0,
                            f"article file is {stat.st_size / 1e6:.1f} MB, more than the "
                            f"{MAX_ARTICLE_BYTES // 1_000_000} MB an article may be; is it the right file?")
    return path


def _search(r: Resolved, errors: list[ContentError], cache: Cache, forms: verbatim.Forms,
            citation: Citation, needle: str | None, where: Loc, what: str) -> Location | None:
    """Where a citation's words are in its article, found once (in memory) for the same words, paragraph and file."""
    blocks = r.blocks.get(citation.article)
    if blocks is None:
        return None  # the article itself is already reported
    candidates = [i for i, b in enumerate(blocks) if b.kind in NUMBERED]
    if citation.paragraph is not None:
        if citation.paragraph > len(candidates):
            errors.append(_err(citation.paragraph_loc, f"{citation.path}.paragraph: article '{citation.article}' has "
                                             f"paragraphs 1 to {len(candidates)}, not {citation.paragraph}"))
            return None
        candidates = [candidates[citation.paragraph - 1]]
    if needle is not None and (marks := verbatim.wrapped(needle)):
        errors.append(_err(where, f"{what}: the words are inside quotation marks ({marks}); write them without: "
                                  "the site sets quoted words in its own marks"))
        return None
    if needle is None:
        if citation.paragraph is None:
            return Location(citation.article, "")
        return Location(citation.article, blocks[candidates[0]].anchor, candidates[0])
    key = digest("located", citation.article, r.files[citation.article], needle, repr(citation.paragraph))
    if (found := cache.get(key, durable=False)) is not None:
        return found  # type: ignore[no-any-return]
    match = verbatim.find(needle, [blocks[i].text for i in candidates], forms)
    if match is None:
        scope = f"paragraph {citation.paragraph} of article" if citation.paragraph else "article"
        hint = _elsewhere(r, forms, citation, needle)
        if not hint:  # nowhere word for word: the passage most like it, and how they differ
            near, diff = verbatim.closest(needle, [blocks[i].text for i in candidates])
            hint = (f"; closest passage: “{near}”" if near else "") + (f" ({diff})" if diff else "")
        errors.append(_err(where, f"{what}: not found in {scope} '{citation.article}'{hint}"))
        return None
    index = candidates[match.block]
    cache.put(key, found := Location(citation.article, blocks[index].anchor, index, match.spans), durable=False)
    return found


def _elsewhere(r: Resolved, forms: verbatim.Forms, citation: Citation, needle: str) -> str:
    """Where the words are, word for word, when not where the citation says: another paragraph of its article,
    or another article (a quote filed under the wrong one); '' if nowhere."""
    own = r.blocks.get(citation.article, [])
    unnumbered = [b for b in own if b.kind not in NUMBERED and b.kind != "separator"]
    if (match := verbatim.find(needle, [b.text for b in unnumbered], forms)) is not None:
        kind = unnumbered[match.block].kind  # a heading, a byline, a top date: no paragraph to cite or mark
        return (f"; they are its {'headline or heading' if kind == 'heading' else kind}, which is no paragraph: "
                "quote or cite words of its paragraphs")
    for article in sorted(r.blocks, key=lambda a: a != citation.article):  # its own article first
        numbered = [b.text for b in r.blocks[article] if b.kind in NUMBERED]
        if (match := verbatim.find(needle, numbered, forms)) is None:
            continue
        if article == citation.article:
            return f"; they are in its paragraph {match.block + 1}: change {citation.path}.paragraph"
        return (f"; they are word for word in article '{article}' (paragraph {match.block + 1}): change "
                f"{citation.path}.article")
    return ""


def _locate(r: Resolved, errors: list[ContentError], cache: Cache) -> None:
    search = partial(_search, r, errors, cache, verbatim.Forms())
    for event in r.content.events:
        for cite in event.sources:
            if loc := search(cite, cite.excerpt, cite.excerpt_loc, f"{cite.path}.excerpt"):
                r.located[cite] = loc
    for quote in r.content.quotes:
        if loc := search(quote.source, quote.text, quote.text_loc, quote.source.path.rsplit(".", 1)[0] + ".text"):
            r.quote_at[quote.id] = r.located[quote.source] = loc
            r.highlights.setdefault(loc.article, {}).setdefault(loc.block, []).extend(
                Highlight("quote", quote.id, s, e) for s, e in loc.spans)
    for claim in r.content.claims:
        for i, st in enumerate(claim.statements):
            if loc := search(st.source, st.says, st.loc, st.source.path.rsplit(".", 1)[0] + ".says"):
                r.statement_at[(claim.id, i)] = r.located[st.source] = loc
                r.highlights.setdefault(loc.article, {}).setdefault(loc.block, []).extend(
                    Highlight("claim", claim.id, s, e) for s, e in loc.spans)


def _backrefs(r: Resolved) -> None:
    c = r.content
    for e in chronological(c.events):
        for key in (*e.people, *e.themes, *dict.fromkeys(s.article for s in e.sources)):
            r.events_of.setdefault(key, []).append(e)
    for q in sorted(c.quotes, key=lambda q: q.paraphrase):  # a paraphrase after the direct quotes, everywhere
        for key in (q.speaker, *r.quote_themes(q), *q.events, q.source.article):
            r.quotes_of.setdefault(key, []).append(q)
    for cl in c.claims:
        for source in dict.fromkeys(s.source.article for s in cl.statements):
            r.claims_of.setdefault(source, []).append(cl)
    for article in c.articles:
        for _, found in sorted(r.mentions.get(article.id, {}).items()):
            for person, m in {m.person: m for m in reversed(found)}.items():  # each person's first in the block
                r.mentions_of.setdefault(person, []).append(m)


def _err(loc: Loc, message: str) -> ContentError:
    return ContentError(loc.file, loc.line, loc.column, message)
