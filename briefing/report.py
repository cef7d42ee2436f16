"""`--report`: what the articles hold that the content does not yet.

A curation aid, not a check: quotes attributed to a named speaker that no quote
covers, names of people no person lists, and dates no event is dated at. The
heuristics would rather miss something than list noise, so each line is worth
an editor's look.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .articles import Block
from .attribution import NEXT, VERB, WORD, goes_on, quotes, reporting
from .errors import counted
from .model import Article, Person
from .resolve import Resolved
from .mentions import TITLES
from .folding import UPPER
from .speakers import DASHED, ORG, STOP, Speakers, sentence_ends
from .textdates import Span, covers, covers_any_year, dates_in, has_year, year_of
from .verbatim import comparable

# A sentence about what is to come: a date in it without its year is not moved back ("will meet in June").
_FUTURE = re.compile(r"\b(?:will|would|could|may|might|plans? to|expect(?:s|ing)|is (?:expected|set|due) to"
                     r"|are (?:expected|set|due) to|possib(?:le|ility)|prospects?|upcoming|planned|scheduled)\b")
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"")  # someone's words, which may speak of the future in a past sentence


def future(said: str) -> bool:
    """Whether a sentence speaks of what is to come, by its own words (not those it quotes: "a report on March 9
    attributed the words “The state will rebuild”" is about the past)."""
    return bool(_FUTURE.search(_QUOTED.sub(" ", said)))


_PERSONS = (r"leader|minister|professor|analyst|president|spokes(?:man|woman|person)|scholar|researcher|director|"
            r"envoy|ambassador|official|expert|adviser|advisor|secretary|counterpart|consultant|fellow|lecturer|"
            r"founder|daughter|son|father|mother|sister|brother|wife|husband|grandfather|predecessor|successor|heir|"
            r"chair|chairman|chairwoman|coordinator|candidate|editor|coach|manager|treasurer|MEP|MP|chief|executive|"
            r"boss|head|judge|engineer|lawyer|doctor|economist|scientist|historian|journalist|activist|mayor|governor|"
            r"senator|lawmaker|commander|officer|general|resident|teacher|nurse|farmer")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|according to),?\s+$")
# a name going on in small letters to a role and a name: it qualifies them ("Lower Town residents’ association chair
# Mary Quinlan"), where "said Tor Vik agreed" is Tor Vik
_RUNS_ON = re.compile(rf"\s+(?:[a-z][\w’'-]*\s+){{0,4}}(?:{_PERSONS})\s+[{UPPER}]")
_CUE_BEFORE = re.compile(rf"(?:\b(?:said|told|according to|by|{_PERSONS})|{WORD}['’]s),?\s+$")
_CUE_AFTER = re.compile(rf"(?:['’]s)?(?:\s*(?:,[^.“”\"]{{0,140}}?,\s*)?|{DASHED}){VERB}\b"  # after the name
                        rf"|,\s+(?:a|an|the|his|her)\s+[^,.“”\"]{{0,80}}?\b(?:{_PERSONS})\b"
                        rf"|,\s+\d{{2}},")  # "X, 54, ...": an age
# A name the article treats as an organisation: "Deutsche Boerse said it would", "German magazine Der Spiegel"
_ORGANISATION = re.compile(rf"\b(?:magazine|newspaper|paper|firm|company|group|bank|exchange|agency|broadcaster|"
                           rf"channel|operator|carrier|bidder|rival|network)\s+({WORD}(?:\s+{WORD}){{0,3}})"
                           rf"|(?:\bThe\s+)?({WORD}(?:\s+{WORD}){{0,3}})\s+(?:has\s+)?(?:said|says)\s+(?:it|its)\b")
_CREDITS = frozenset(("reporting", "editing", "writing"))  # a wire's credits: "(Reporting by X; Editing by Y)"
_HONOURED = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+([{UPPER}][\w'’-]+)")
_ENGLISH = frozenset("the of and to in that is was for on with as by at from his her it said has have are were which "
                     "this be not but an".split())
_CUE_REACH = 300  # how far before a name its cue is looked for
_RUN = re.compile(rf"{WORD}(?:{NEXT})*")



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


def findings(resolved: Resolved, article: Article, people: Speakers | None = None,
             dated: dict[Span, bool] | None = None) -> Iterator[Finding]:
    """An article's findings in reading order (`people` and `dated`: made once for many articles)."""
    who = (people or speakers(resolved)).fresh()
    return _findings(resolved, article, who, {} if dated is None else dated)


def speakers(r: Resolved, distinct: Iterable[frozenset[str]] = (), more: Iterable[Person] = ()) -> Speakers:
    """Who the articles may quote or name (the content's people and `more`), and what they are quoted saying:
    made once for many articles."""
    texts = (b.text for blocks in r.blocks.values() for b in blocks)
    organisations = {m[1] or m[2] for text in texts for m in _ORGANISATION.finditer(text)}
    return Speakers([*r.content.people, *more], distinct, r.content.quotes, organisations)


def report(resolved: Resolved, seeds: str = "seeds", loose: Iterable[str] = (),
           distinct: Iterable[frozenset[str]] = (),
           skip: Callable[[Article, Finding], bool] = lambda a, f: False) -> list[str]:
    """One printable line per finding, article by article, then the files no article names, then a count line;
    but the findings to `skip` (whose suggestions the editors rejected: suggest.rejected_in)."""
    lines: list[str] = []
    counts = {"uncovered quote": 0, "unknown name": 0, "uncovered date": 0, "near miss": 0, "file no article names": 0}
    articles = read = 0
    people = speakers(resolved, distinct)  # their names' pattern made once, not once an article
    dated: dict[Span, bool] = {}  # whether an event covers a date: asked again for every article dating it
    for article in sorted(resolved.content.articles, key=lambda a: a.file):
        if not english(resolved.blocks.get(article.id, [])):
            lines.append(f"{seeds}/{article.file}: not read: not in English, the language report reads")
            continue
        read += 1
        found: dict[tuple[str, str], tuple[str, list[str]]] = {}  # (kind, key) -> (text, anchors)
        for f in findings(resolved, article, people, dated):
            if f.kind == "reported speech" or skip(article, f):
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
    total, every = sum(counts.values()), len(resolved.content.articles)
    if every and not read:
        return lines + [f"nothing read: none of the {counted(every, 'article')} is in English, the language report "
                        "reads"]
    scope = counted(read, "article") + (" read" if read < every else "")
    unread = f"; {every - read} of {every} not read (not in English)" if read < every else ""
    if not total:
        return lines + [f"nothing to curate: every attributed quote, name and date in {scope} is in the content"
                        + unread]
    summary = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in counts.items() if n or kind in list(counts)[:3])
    return lines + [f"{total} to curate in {articles} of {scope}: {summary}{unread}"]


def english(blocks: Iterable[Block]) -> bool:
    """Whether an article reads as English: a tenth of its words or more are among the commonest English ones
    (in English news, a quarter; in French or German, next to none)."""
    words = [w.lower() for b in blocks for w in re.findall(r"[^\W\d_]+", b.text)]
    return sum(w in _ENGLISH for w in words) >= len(words) / 10


def _findings(r: Resolved, article: Article, who: Speakers, dated: dict[Span, bool]) -> Iterator[Finding]:
    previous = ""  # the last speaker of the paragraph before, for a paragraph that opens with a quote
    blocks = r.blocks.get(article.id, [])
    # The family names the article writes after Mr, Mrs, Ms or Dr: "Dick Morris" is a person if "Mr Morris" is
    honoured = frozenset(_HONOURED.findall(" ".join(b.text for b in blocks)))
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "caption"):
            continue
        # A name no person has, named as a person ("President X", "X said"); a known person's spelt another way
        named = honoured - {n.split()[-1] for n in [*who.forms, *who.names]}  # not a person's already named
        unknown = [n for n in dict.fromkeys([*_names(block.text, who.known, named), *_missed(block.text, who)])
                   if n not in who.organisations]
        who.seen(block.text, unknown)
        quotes, previous = _quote_findings(r, article, who, index, previous)
        yield from quotes
        yield from _reported(r, article, who, index)
        yield from (_name(who, block.anchor, index, name) for name in unknown)
        yield from _dates(r, article, index, dated)


def _dates(r: Resolved, article: Article, index: int, dated: dict[Span, bool]) -> Iterator[Finding]:
    """A block's dates no event is dated at. A day or month written without its year is in the article's year;
    in an article of unknown date its year is unknown, and said to be (`suggest` drafts no event of it), not
    the briefing's: an event on that day or in that month of any year covers it."""
    block = r.blocks[article.id][index]
    own = article.published
    for at, written, span in dates_in(block.text[block.lead:], own.year if own else 2000):  # 2000: 29 Feb is one
        if own is None and not has_year(written):
            if not covers_any_year(r.content.events, span):
                yield Finding(block.anchor, index, "uncovered date", f"XXXX{span.form[4:]}",
                              f"{written} (year unknown)", at=block.lead + at)
            continue
        if own is not None and not has_year(written):
            start, end = sentence(block.text, block.lead + at)
            span = year_of(span, own, future(block.text[start:end]))
        if not (block.number == 1 and _own_date(article, span)) and not _dated(r, span, dated):
            yield Finding(block.anchor, index, "uncovered date", span.form, f"{written} ({span.form})",
                          at=block.lead + at, span=span)


def _quote_findings(r: Resolved, article: Article, who: Speakers, index: int,
                    previous: str) -> tuple[list[Finding], str]:
    """A block's quotes attributed by name that no quote covers; and the last speaker, for the next block."""
    block = r.blocks[article.id][index]
    text = block.text
    covered = [(h.start, h.end) for h in r.highlights.get(article.id, {}).get(index, []) if h.kind == "quote"]
    found, last = [], ""
    earlier = r.blocks[article.id][index - 1].text + "\n" if index else ""  # where "he" may be named
    before: tuple[int, str] | None = None  # the block's quote before: where it ended, and its speaker ('' no one)
    for start, end, speaker, opens in quotes(text, who, earlier):
        if speaker is None:  # said by someone not named: not guessed, and the quotes after it are not the last's
            last, before = "", (end, "")
            continue
        if not speaker and opens:
            speaker = goes_on(who, text, start, before, earlier, last, previous)
        before = (end, speaker)
        if speaker:
            speaker = who.near(speaker) or speaker
            last = speaker
            words = text[start:end]
            if not any(s < end and start < e for s, e in covered):
                found.append(Finding(block.anchor, index, "uncovered quote", words, f"“{_short(words.rstrip(','))}” "
                                     f"({speaker}){_elsewhere(who, article, words)}", speaker))
    return found, last


def _reported(r: Resolved, article: Article, who: Speakers, index: int) -> Iterator[Finding]:
    """A block's sentences reporting, without quotation marks, what a person said, that no quote covers:
    paraphrases to suggest, one a speaker ("Xi and Putin criticized ..." is both's). The person is named in full,
    by a name the article has used, or as "he" or "she" when the sentence before names them; never "state
    media". Where the speaker comes last (", Lim Eul-chul, a professor, said."), the words before are the
    paraphrase."""
    block = r.blocks[article.id][index]
    covered = [(h.start, h.end) for h in r.highlights.get(article.id, {}).get(index, []) if h.kind == "quote"]
    earlier = r.blocks[article.id][index - 1].text + "\n" if index else ""
    ends = sentence_ends(block.text)
    for start, end in zip(ends, ends[1:]):
        said = block.text[start:end].strip()
        if any(mark in said for mark in "“”\"") or any(s < end and start < e for s, e in covered):
            continue
        if (found := reporting(said)) is None or not 6 <= len(found[0].split()) <= 60:
            continue
        said, names = found
        # "But he stressed": "he" as the text before names, this block's and the one before it, never the last
        # quoted (who may be quoted after it, or be one "a spokesman said" stands between)
        before = earlier + block.text[:start]
        for written, name in names:
            if written and (speaker := who.resolve(written, before, last_speaker=False)
                            or who.resolve(name, before, last_speaker=False)):
                yield Finding(block.anchor, index, "reported speech", said, f"{_short(said)} ({speaker})", speaker)

def _name(who: Speakers, anchor: str, index: int, name: str) -> Finding:
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


def _elsewhere(who: Speakers, article: Article, words: str) -> str:
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


def _names(text: str, known: re.Pattern[str] | None, honoured: frozenset[str] = frozenset()) -> Iterator[str]:
    """Capitalised 2-4 word names that no person lists, next to a word saying it is a person; or a given name
    and a family name the article writes after Mr, Mrs, Ms or Dr (`honoured`: "New Yorker Dick Morris" is Dick
    Morris if "Mr Morris" is written), the given name one the text has in no other use ("Whatever", "Euro-Sceptic")."""
    plain = known.sub(lambda m: "#" * len(m[0]), text) if known else text
    for start, end, name in _groups(plain):
        *_, given, family = name.split()
        if family in honoured:
            if "-" not in given and not re.search(rf"\b{re.escape(given.lower())}\b", text):
                yield f"{given} {family}"
            continue
        before = plain[max(0, start - 40):start].split()
        if before[-2:-1] and (before[-1] == "of" and before[-2] in ORG or before[-1] == "by"
                              and before[-2].strip("(;").lower() in _CREDITS):
            continue  # "the Association of British Insurers said"; a wire's "(Reporting by Tom Ashdown; Editing by"
        # The cues are looked for next to the name, not in all the text before and after
        # it: 8,000 names in an article took 35 s to report.
        if _SAID_BEFORE.search(plain, max(0, start - 20), start) and _RUNS_ON.match(plain, end):
            continue  # "said Lower Town residents’ association chair Mary Quinlan": a place, before its speaker
        if (before and before[-1] in TITLES) or _CUE_BEFORE.search(plain, max(0, start - _CUE_REACH), start) \
                or _CUE_AFTER.match(plain, end):
            yield name


def _missed(text: str, who: Speakers) -> Iterator[str]:
    """Names that are a known person's spelt another way, wherever they are written: mentions the linking misses
    ("Kim Jongun looked on")."""
    for _, _, name in _groups(text):
        if not (who.known and who.known.fullmatch(name)) and who.near(name):
            yield name


def _groups(text: str) -> Iterator[tuple[int, int, str]]:
    """Each run of 2-4 capitalised words that may be a name (start, end, words): runs split at words that are not
    names, a run holding an institution's word left out."""
    for run in _RUN.finditer(text):
        words = list(re.finditer(WORD, run[0]))
        if any(w[0] in ORG for w in words):
            continue  # "Korea Research Institute for National Strategy" names no one
        group: list[re.Match[str]] = []
        for w in [*words, None]:
            if w is not None and w[0] not in STOP:
                group.append(w)
                continue
            if 2 <= len(group) <= 4:
                yield run.start() + group[0].start(), run.start() + group[-1].end(), \
                    run[0][group[0].start():group[-1].end()]  # "von der" between its words too
            group = []


def sentence(text: str, at: int) -> tuple[int, int]:
    """The sentence of `text` that holds position `at`: (start, end)."""
    ends = sentence_ends(text)
    i = bisect.bisect_right(ends, at)
    return ends[i - 1], ends[i] if i < len(ends) else len(text)


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _plural(kind: str, n: int) -> str:
    if n == 1:
        return kind
    return "files" + kind[len("file"):] if kind.startswith("file ") else kind + ("es" if kind.endswith("s") else "s")
