"""`--report`: what the articles hold that the content does not yet.

A curation aid, not a check: quotes attributed to a named speaker that no quote
covers, names of people no person lists, and dates no event is dated at. The
heuristics would rather miss something than list noise, so each line is worth
an editor's look.
"""
from __future__ import annotations

import bisect
import copy
import unicodedata
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .dates import MONTHS
from .errors import where
from .loader import load_content
from .mentions import trie_pattern
from .model import Article, Person, Quote
from .resolve import Resolved
from .textdates import Span, covers, dates_in
from .verbatim import comparable

_WORD = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*"
_NAME = rf"(?:{_WORD}['’]s\s+)?({_WORD}(?:\s+{_WORD}){{0,3}}|[Hh]e|[Ss]he)"  # "Harvard’s Lee" is Lee
_VERB = (r"(?:said|says|told|added|adds|declared|declaring|described|describing|wrote|writes|noted|warned|stated|argued"
         r"|called|calls)")
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_REPORTING = (r"(?:said|says|told|stressed|emphasi[sz]ed|underlined|underscored|noted|warned|insisted|urged|pledged"
              r"|vowed|reiterated|highlighted|argued|acknowledged|affirmed|promised|added|expressed|called for)")
# A sentence reporting what someone said without quoting them: "Xi emphasized that the relationship ..."
_REPORTED = re.compile(rf"^(?:[^,“”\"]{{0,60}},\s+)?{_NAME}(?:,[^“”\"]{{0,120}}?,)?\s+(?:also\s+|has\s+|had\s+)?"
                       rf"{_REPORTING}\b")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])\s*(?=[A-Z“\"])|(?<=[.!?][”\"])\s*(?=[A-Z“\"])")
_AFTER = (  # what follows a quote: ", Soo Kim, ..., told AFP", "said Harvard’s Lee", "..., she said."
    re.compile(rf"^[,.!?]?\s*{_NAME}(?:,[^“”\"]*?,)?\s+{_VERB}\b"),
    re.compile(rf"^[,.!?]?\s*(?:{_VERB}|according to)\s+{_NAME}"),
    re.compile(rf"^[^“”\"]*,\s+{_NAME}\s+{_VERB}\b[^“”\"]*$"),
)
_BEFORE = (  # what leads up to one: "Kim, in turn, described the parade as", "according to X,"
    re.compile(rf"{_NAME}(?:,[^“”\"]*?,)?\s+{_VERB}\b[^“”\"]*$"),
    re.compile(rf"according to\s+{_NAME}[^“”\"]*$"),
    re.compile(rf"{_NAME}(?:,|\s+[–—])\s+who\b[^“”\"]*?\b{_VERB}\b[^“”\"]*$"),
)

# Capitalised words that are not (part of) a person's name; titles also count as a cue.
_TITLES = frozenset("President Premier Minister Secretary General Chairman Leader Professor Prof Dr Mr Mrs Ms Sir "
                    "Vice Prime Foreign Senator Governor Ambassador King Queen Prince Supreme Deputy Chief "
                    "Former".split())
_STOP = _TITLES | frozenset(MONTHS) | frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An And But Or If In On At Of For To By From As "
    "With After Before Since While During Although Though However Meanwhile Now Then Yet This That These Those His "
    "Her Its Their Our We They He She It What Why How When Where Who Which Both Each Other Another Some Many Most "
    "More Plus Furthermore Indeed Finally Arguably Traditionally Amid Also Just Until Given Following Observers "
    "According Despite Under Earlier Later Last Next Once Only Still Instead Such Several New Kong "
    "Experts Analysts Reports North South East West Eastern Western Northern Southern Far Middle Central Korean "
    "Korea Chinese Russian Japanese American European Asian Soviet Global International National Communist "
    "Democratic Republic United States Kingdom Nations Union Cold World War Day Asia Africa Europe America".split())
# A capitalised run holding one of these is an institution, event or place, not a person.
_ORG = frozenset("Parade Summit Victory Studies University Universiteit Institute Centre Center Council Party "
                 "Organisation Organization Agency Ministry Office Committee Assembly Congress Forum Group Bank Fund "
                 "Times Post News Press Base Square Peninsula Sea Strait Island Islands Security Strategy "
                 "Research".split())
_PERSONS = (r"leader|minister|professor|analyst|president|spokes(?:man|woman|person)|scholar|researcher|director|"
            r"envoy|ambassador|official|expert|adviser|advisor|secretary|counterpart|consultant|fellow|lecturer|"
            r"founder|daughter|son|father|mother|sister|brother|wife|husband|grandfather|predecessor|successor|heir")
_CUE_BEFORE = re.compile(rf"(?:\b(?:said|told|according to|by|{_PERSONS})|[A-Z][a-z]+['’]s),?\s+$")
_CUE_AFTER = re.compile(rf"(?:['’]s)?\s*(?:,[^.“”\"]{{0,140}}?,\s*)?{_VERB}\b"  # matched right after the name
                        rf"|,\s+(?:a|an|the|his|her)\s+[^,.“”\"]{{0,80}}?\b(?:{_PERSONS})\b")
_CUE_REACH = 300  # how far before a name its cue is looked for
_RUN = re.compile(rf"{_WORD}(?:\s+{_WORD})*")

SAME_NAME = 88  # rapidfuzz's ratio of two spellings (letters only) from which they name one person


def unlisted(content: Path, seeds: Path, root: Path) -> list[str]:
    """A line for each file in seeds/ that no entry of articles.yaml names (a draft's included): not yet an
    article, so nothing in it is checked, shown or searched."""
    articles = load_content(content, root).items["articles"]
    named = {raw.data.get("file") for raw in articles if isinstance(raw.data, dict)}
    files = sorted(p.name for p in seeds.iterdir() if p.is_file() and not p.name.startswith((".", "README"))) \
        if seeds.is_dir() else []
    return [f"{where(seeds / name, root)}: not an article yet: no entry of content/articles.yaml names this file; "
            f"`briefing new article --file {name}` adds one" for name in files if name not in named]


@dataclass(frozen=True)
class Finding:
    """Something an article holds that the content lacks: in which block, of what kind, its dedup key, its text
    as the report shows it, and for a quote, its words and who said them (full name as written)."""

    anchor: str
    block: int
    kind: str  # "uncovered quote", "unknown name", "near miss", "uncovered date", "reported speech"
    key: str
    text: str
    speaker: str = ""
    at: int = 0  # where in the block's text (a date's start)
    span: Span | None = None  # a date's


def findings(resolved: Resolved, article: Article, people: _Speakers | None = None,
             dated: dict[Span, bool] | None = None) -> Iterator[Finding]:
    """An article's findings in reading order (`people` and `dated`: made once for many articles)."""
    who = (people or speakers(resolved)).fresh()
    return _findings(resolved, article, who, {} if dated is None else dated)


def speakers(r: Resolved, distinct: Iterable[frozenset[str]] = (), more: Iterable[Person] = ()) -> _Speakers:
    """Who the articles may quote or name (the content's people and `more`), and what they are quoted saying:
    made once for many articles."""
    return _Speakers([*r.content.people, *more], distinct, r.content.quotes)


def report(resolved: Resolved, seeds: str = "seeds", loose: Iterable[str] = (),
           distinct: Iterable[frozenset[str]] = ()) -> list[str]:
    """One printable line per finding, article by article, then the files no article names, then a count line."""
    lines: list[str] = []
    counts = {"uncovered quote": 0, "unknown name": 0, "uncovered date": 0, "near miss": 0, "file no article names": 0}
    articles = 0
    people = speakers(resolved, distinct)  # their names' pattern made once, not once an article
    dated: dict[Span, bool] = {}  # whether an event covers a date: asked again for every article dating it
    for article in sorted(resolved.content.articles, key=lambda a: a.file):
        found: dict[tuple[str, str], tuple[str, list[str]]] = {}  # (kind, key) -> (text, anchors)
        for f in findings(resolved, article, people, dated):
            if f.kind == "reported speech":
                continue  # for `suggest` to draft as a paraphrase: the report lists what is quoted
            found.setdefault((f.kind, f.key), (f.text, []))[1].append(f.anchor)
        for (kind, _), (text, anchors) in found.items():
            others = dict.fromkeys(a for a in anchors[1:] if a != anchors[0])  # not "p4 (also p4)"
            also = f" (also {', '.join(others)})" if others else ""
            lines.append(f"{seeds}/{article.file}:{anchors[0]}: {kind}: {text}{also}")
            counts[kind] += 1
        articles += bool(found)
    for line in loose:
        lines.append(line)
        counts["file no article names"] += 1
    total = sum(counts.values())
    if not total:
        return lines + [f"nothing to curate: every attributed quote, name and date in {len(resolved.content.articles)} "
                        "articles is in the content"]
    summary = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in counts.items() if n or kind in list(counts)[:3])
    return lines + [f"{total} to curate in {articles} of {len(resolved.content.articles)} articles: {summary}"]


def _findings(r: Resolved, article: Article, who: _Speakers, dated: dict[Span, bool]) -> Iterator[Finding]:
    year = article.published.year if article.published else r.content.site.as_of.year
    previous = ""  # the last speaker of the paragraph before, for a paragraph that opens with a quote
    for index, block in enumerate(r.blocks.get(article.id, [])):
        if block.kind not in ("paragraph", "caption"):
            continue
        # A name no person has, named as a person ("President X", "X said"); a known person's spelt another way
        unknown = list(dict.fromkeys([*_names(block.text, who.known), *_missed(block.text, who)]))
        who.seen(block.text, unknown)
        quotes, previous = _quote_findings(r, article, who, index, previous)
        yield from quotes
        yield from _reported(r, article, who, index)
        yield from (_name(who, block.anchor, index, name) for name in unknown)
        for at, written, span in dates_in(block.text[block.lead:], year):
            if not (block.number == 1 and _own_date(article, span)) and not _dated(r, span, dated):
                yield Finding(block.anchor, index, "uncovered date", span.form, f"{written} ({span.form})",
                              at=block.lead + at, span=span)


def _quote_findings(r: Resolved, article: Article, who: _Speakers, index: int,
                    previous: str) -> tuple[list[Finding], str]:
    """A block's quotes attributed by name that no quote covers; and the last speaker, for the next block."""
    block = r.blocks[article.id][index]
    text = block.text
    covered = [(h.start, h.end) for h in r.highlights.get(article.id, {}).get(index, []) if h.kind == "quote"]
    found, last = [], ""
    for start, end, speaker, opens in _quotes(text, who):
        if not speaker and opens:  # a quote that opens a sentence goes on with the last speaker
            speaker = last or (previous if not text[:start - 1].strip() else "")
        if speaker:
            speaker = who.near(speaker) or speaker
            last = speaker
            words = text[start:end]
            if not any(s < end and start < e for s, e in covered):
                found.append(Finding(block.anchor, index, "uncovered quote", words, f"“{_short(words.rstrip(','))}” "
                                     f"({speaker}){_elsewhere(who, article, words)}", speaker))
    return found, last


def _reported(r: Resolved, article: Article, who: _Speakers, index: int) -> Iterator[Finding]:
    """A block's sentences reporting, without quotation marks, what a person named in full or by a name the
    article has used said (not "he", not "state media"), that no quote covers: paraphrases to suggest."""
    block = r.blocks[article.id][index]
    covered = [(h.start, h.end) for h in r.highlights.get(article.id, {}).get(index, []) if h.kind == "quote"]
    ends = [0, *(m.end() for m in _SENTENCE_END.finditer(block.text)), len(block.text)]
    for start, end in zip(ends, ends[1:]):
        said = block.text[start:end].strip()
        if (any(mark in said for mark in "“”\"") or not 6 <= len(said.split()) <= 60
                or any(s < end and start < e for s, e in covered) or not (m := _REPORTED.match(said))
                or m[1].lower() in ("he", "she") or not (speaker := who.resolve(m[1]))):
            continue
        yield Finding(block.anchor, index, "reported speech", said, f"{_short(said)} ({speaker})", speaker)


def _name(who: _Speakers, anchor: str, index: int, name: str) -> Finding:
    """A name no person has: a known person's spelt another way (a near miss), or someone new."""
    if same := who.near(name):
        return Finding(anchor, index, "near miss", name, f"{name}: {same}, spelt another way? Add “{name}” to their "
                       "aliases, or the pair to content/suggested/distinct.yaml", speaker=same)
    return Finding(anchor, index, "unknown name", name, name)


def _dated(r: Resolved, span: Span, dated: dict[Span, bool]) -> bool:
    """Whether an event covers the date (asked again for every article dating it, so kept in `dated`)."""
    if span not in dated:
        dated[span] = any(covers(e, span) for e in r.content.events)
    return dated[span]


def _elsewhere(who: _Speakers, article: Article, words: str) -> str:
    """Where the content already has these words as a quote from another article: that one is curated, this
    article's may be cited too (a quote's `source` is one article)."""
    mine = comparable(words.rstrip(",. "))
    for text, source, ident in who.curated:
        if source != article.id and mine and mine in text:
            return f"; curated from article '{source}' as quote '{ident}'"
    return ""


def _own_date(article: Article, span: Span) -> bool:
    """The article's own date, as its dateline or first line gives it: not an event."""
    own = article.published
    return own is not None and (own.earliest(), own.latest()) == (span.first, span.last)


class _Speakers:
    """Who an attribution names: a full name, a surname ("Lee said") or he/she, read in article order."""

    def __init__(self, people: Iterable[Person], distinct: Iterable[frozenset[str]] = (),
                 quotes: Iterable[Quote] = ()) -> None:
        owners: dict[str, set[str]] = defaultdict(set)
        for person in people:
            for form in (person.name, *person.aliases):
                owners[form].add(person.name)
        self.spellings = {_spelling(form): name for form, names in owners.items() for name in names}
        self.distinct = frozenset(distinct)  # pairs an editor said are two people (content/suggested/distinct.yaml)
        self.curated = tuple((comparable(q.text), q.source.article, q.id) for q in quotes)  # (words, article, id)
        self.forms = {f: next(iter(n)) for f, n in owners.items() if len(n) == 1}  # a shared "Kim" names no one
        # One pattern shaped like a trie (mentions.trie_pattern), longest name first: one
        # alternative per name made the regex engine try every name at every position.
        self.known = re.compile(rf"(?<![\w-])(?:{trie_pattern(owners)})(?![\w-])") if owners else None
        self.speakers: list[str] = []  # quoted so far, latest last; a surname means one of them first
        self.names: list[str] = []  # named so far, latest last

    def near(self, name: str) -> str:
        """The known person `name` is another spelling of (hyphens, spaces, accents, a letter or two), or ''."""
        key = _spelling(name)
        same = self.spellings.get(key)
        if same is None and len(key) >= 8:
            from rapidfuzz import process
            best = process.extractOne(key, list(self.spellings), score_cutoff=SAME_NAME)
            known = self.spellings[best[0]] if best else ""
            same = known if known and _initials(known) == _initials(name) else None  # John Terry is not Kerry
        return same if same and same != name and frozenset((name, same)) not in self.distinct else ""

    def fresh(self) -> _Speakers:
        """The same names, with nobody quoted or named yet: for the next article."""
        other = copy.copy(self)
        other.speakers, other.names = [], []
        return other

    def seen(self, text: str, unknown: list[str]) -> None:
        if self.known:
            self.names.extend(self.forms.get(m[0], m[0]) for m in self.known.finditer(text))
        self.names.extend(unknown)

    def resolve(self, written: str) -> str:
        """The full name behind `written`, or '' if it is not a person."""
        if written.lower() in ("he", "she"):
            return self.speakers[-1] if self.speakers else ""
        words = written.split()
        titled = [i for i, w in enumerate(words) if w in _TITLES]
        words = words[titled[-1] + 1:] if titled else words  # "Culture Secretary Tessa Jowell" is Tessa Jowell
        if len(words) >= 3 and " ".join(words[1:]) in {*self.forms, *self.speakers, *self.names}:
            words = words[1:]  # "Defiant Matt Williams says": the Matt Williams named before
        name = " ".join(words)
        if len(words) == 1:
            earlier = [s for s in [*reversed(self.speakers), *reversed(self.names)] if name in s.split()]
            name = self.forms.get(name) or (earlier[0] if earlier else "")
        elif name in self.forms:
            name = self.forms[name]
        elif not words or any(w in _STOP or w in _ORG for w in words):
            return ""
        if name:
            self.speakers.append(name)
        return name


def _initials(name: str) -> str:
    words = name.split()
    return (words[0][:1] + words[-1][:1]).upper() if words else ""


def _spelling(name: str) -> str:
    """A name as letters only: "Kim Jong-un", "Kim Jong Un" and "Kim Jongun" are one."""
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", name).lower())


def _quotes(text: str, who: _Speakers) -> Iterator[tuple[int, int, str, bool]]:
    """Each quoted passage (start, end), who the sentence says spoke it ('' if no one by name),
    and whether the quote opens its sentence."""
    ends = [s.end() for s in _SENTENCE_END.finditer(text)]
    cut = 0
    for m in _QUOTED.finditer(text):
        start, end = m.span(1) if m[1] is not None else m.span(2)
        before = bisect.bisect_right(ends, m.start())  # the sentence ends up to the quote, found by halving
        sentence_start = max(cut, ends[before - 1] if before else 0)
        # The sentence after the quote, to its end: as if searched for in the rest of the text
        # alone (where the end's look back cannot reach before the quote's end), not copied
        # out of it quote by quote (8,000 quotes in an article took 47 s to report).
        stop = _SENTENCE_END.search(text, m.end() + 2)
        after = text[m.end():stop.start() if stop is not None else len(text)]
        # "...done.” Then X said" is the next sentence: only an attribution right after the quote counts
        tails = _AFTER[:2] if text[start:end].rstrip().endswith(".") else _AFTER
        name = ""
        for pattern, part in [(p, after) for p in tails] + [(p, text[sentence_start:m.start()]) for p in _BEFORE]:
            if (found := pattern.search(part)) and (name := who.resolve(found[1])):
                break
        opens = not text[sentence_start:m.start()].strip()
        cut = m.end()
        yield start, end, name, opens


def _names(text: str, known: re.Pattern[str] | None) -> Iterator[str]:
    """Capitalised 2-4 word names that no person lists, next to a word saying it is a person."""
    plain = known.sub(lambda m: "#" * len(m[0]), text) if known else text
    for start, end, name in _groups(plain):
        before = plain[max(0, start - 40):start].split()
        # The cues are looked for next to the name, not in all the text before and after
        # it: 8,000 names in an article took 35 s to report.
        if (before and before[-1] in _TITLES) or _CUE_BEFORE.search(plain, max(0, start - _CUE_REACH), start) \
                or _CUE_AFTER.match(plain, end):
            yield name


def _missed(text: str, who: _Speakers) -> Iterator[str]:
    """Names that are a known person's spelt another way, wherever they are written: mentions the linking misses
    ("Kim Jongun looked on")."""
    for _, _, name in _groups(text):
        if not (who.known and who.known.fullmatch(name)) and who.near(name):
            yield name


def _groups(text: str) -> Iterator[tuple[int, int, str]]:
    """Each run of 2-4 capitalised words that may be a name (start, end, words): runs split at words that are not
    names, a run holding an institution's word left out."""
    for run in _RUN.finditer(text):
        words = list(re.finditer(_WORD, run[0]))
        if any(w[0] in _ORG for w in words):
            continue  # "Korea Research Institute for National Strategy" names no one
        group: list[re.Match[str]] = []
        for w in [*words, None]:
            if w is not None and w[0] not in _STOP:
                group.append(w)
                continue
            if 2 <= len(group) <= 4:
                yield run.start() + group[0].start(), run.start() + group[-1].end(), " ".join(g[0] for g in group)
            group = []


def sentence(text: str, at: int) -> tuple[int, int]:
    """The sentence of `text` that holds position `at`: (start, end)."""
    ends = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    i = bisect.bisect_right(ends, at)
    return ends[i - 1], ends[i] if i < len(ends) else len(text)


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _plural(kind: str, n: int) -> str:
    if n == 1:
        return kind
    return "files" + kind[len("file"):] if kind.startswith("file ") else kind + ("es" if kind.endswith("s") else "s")
