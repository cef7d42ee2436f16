"""Counts and dates the articles give differently ("26 world leaders", "more than 25 world leaders", "about
two dozen global leaders"): the disagreements `suggest` drafts as claims, each statement the sentence an
article gives.

The same thing is a count of the same plural noun at about the same size (the largest at most a quarter above
the smallest, and five or more: "two leaders" and "three leaders" are two groups, not one disputed count), in
sentences that say more of it alike (two words in common besides the noun: "parade", "Beijing"), in two
articles or more, at two numbers or more. Durations ("70 years"), decimals ("4.17 dollars") and millions
are left out.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import MappingProxyType

from .articles import Block
from .report import sentence
from .speakers import sentence_ends
from .textdates import dates_in

_ONES = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORDS = MappingProxyType({w: n for n, w in enumerate(_ONES, 1)} | {w: 10 * n for n, w in enumerate(_TENS, 2)}
                          | {"a": 1})
_NUMBER = (rf"\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_ONES[:9])}))?|{'|'.join(_ONES)}"
           rf"|a)(?:\s+dozen)?")
_QUALIFIER = r"more than|over|at least|fewer than|less than|up to|about|around|some|roughly|approximately|" \
             r"nearly|almost|close to"
# The noun in lower case: "Six Nations" names a tournament, it counts nothing.
_COUNT = re.compile(rf"\b(?:(?i:({_QUALIFIER}))\s+)?(?<![\d.,£$€])(?i:({_NUMBER}))\s+((?:[A-Za-z][a-z-]+\s+){{0,2}}?)"
                    rf"([a-z][a-z-]{{2,}}s)\b")
_SCALE = re.compile(r"(?i)\b(?:hundred|thousand|million|billion|trillion|m|bn)\b")
_WORD = re.compile(r"[^\W\d_]{3,}")
# Words that say nothing of what a sentence is about.
_COMMON = frozenset("the and for was were with that this from have has had are but not its their they them which "
                    "who whom said says also more than about some over into after before been will would could "
                    "there these those other while when where what his her him she our out all any one two".split())
_NOT_NOUNS = frozenset("this thus was has does his hers its ours yours theirs always perhaps across whereas unless "
                       "besides towards afterwards sometimes times years months weeks days hours minutes seconds "
                       "decades centuries percent".split())
CLOSE = 1.25  # the largest count of one thing at most this much above the smallest
SMALLEST = 5


@dataclass(frozen=True)
class Statement:
    article: str
    block: int
    says: str  # the sentence, as the article gives it
    stated: str  # the count as written: "more than 25"
    value: int  # its number: 25


@dataclass(frozen=True)
class Disagreement:
    noun: str  # the thing counted; "" for a date
    statements: tuple[Statement, ...]  # one per article and number (or date), in the articles' order


def counts(article: str, blocks: Iterable[Block]) -> Iterator[tuple[str, Statement]]:
    """Every count of a plural noun in an article's paragraphs and captions: (noun, statement)."""
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "caption"):
            continue
        for m in _COUNT.finditer(block.text):
            noun, value = m[4].lower(), _value(m[2])
            if noun in _NOT_NOUNS or value is None or (m[2].isdigit() and 1800 <= value <= 2100) or _SCALE.search(m[3]):
                continue  # a year, a word that only ends in s, a duration, "3 million people"
            start, end = sentence(block.text, m.start())
            stated = " ".join(filter(None, (m[1], m[2]))).lower()
            yield noun, Statement(article, index, block.text[start:end].strip(), stated, value)


def disagreements(articles: Iterable[tuple[str, Iterable[Block]]]) -> list[Disagreement]:
    """The counts that differ between articles, grouped by the thing counted."""
    by_noun: dict[str, list[Statement]] = defaultdict(list)
    for article, blocks in articles:
        for noun, statement in counts(article, blocks):
            by_noun[noun].append(statement)
    found = []
    for noun, statements in by_noun.items():
        order = {s: i for i, s in enumerate(statements)}  # reading order
        for sized in _groups(sorted(statements, key=lambda s: s.value)):
            for group in _alike(sized, noun):
                if len({s.article for s in group}) < 2 or len({s.value for s in group}) < 2:
                    continue
                seen: set[tuple[str, object]] = set()
                kept = []  # an article's first statement of each number, each sentence once
                for s in sorted(group, key=order.__getitem__):
                    if not {(s.article, s.value), (s.article, s.says)} & seen:
                        kept.append(s)
                        seen |= {(s.article, s.value), (s.article, s.says)}
                found.append(Disagreement(noun, tuple(kept)))
    return found


def _alike(statements: list[Statement], noun: str) -> Iterator[list[Statement]]:
    """The statements in groups whose sentences share two words or more besides the noun, each with another of its
    group (directly or through others), in reading order."""
    words = [{w for w in map(str.lower, _WORD.findall(s.says))} - _COMMON - {noun} for s in statements]
    group_of = list(range(len(statements)))

    def root(i: int) -> int:
        while group_of[i] != i:
            i = group_of[i]
        return i
    for i, j in itertools.combinations(range(len(statements)), 2):
        if len(words[i] & words[j]) >= 2:
            group_of[root(j)] = root(i)
    groups: dict[int, list[Statement]] = defaultdict(list)
    for i, s in enumerate(statements):
        groups[root(i)].append(s)
    return iter(groups.values())


def _groups(statements: list[Statement]) -> Iterator[list[Statement]]:
    """Runs of counts (sorted by number) that are about the same size."""
    group: list[Statement] = []
    for s in statements:
        if s.value < SMALLEST:
            continue
        if group and s.value > group[0].value * CLOSE:
            yield group
            group = []
        group.append(s)
    if group:
        yield group


def _value(written: str) -> int | None:
    """'26', '1,200', 'twenty-six', 'two dozen', 'a dozen' as a number."""
    words = written.lower().split()
    dozen = 12 if words[-1] == "dozen" else 1
    first = words[0].replace(",", "")
    if first.isdigit():
        return int(first) * dozen
    if first == "a" and dozen == 1:
        return None  # "a leaders"
    tens, _, ones = first.partition("-")
    if tens not in _WORDS or (ones and ones not in _WORDS):
        return None
    return (_WORDS[tens] + (_WORDS[ones] if ones else 0)) * dozen


def dates(articles: Iterable[tuple[str, Iterable[Block]]]) -> list[Disagreement]:
    """Sentences of two articles or more that say the same thing (four words or more in common besides the date,
    four in five of the longer one's: a summit in Hanoi in 2019 and one in Singapore in 2018 are two things) at
    dates that cannot both be right, spans that do not overlap ("Kim last visited China in January 2019", "...
    in June 2018"). Only dates written with their year."""
    said = list(_dated(articles))
    having: dict[str, list[int]] = defaultdict(list)  # word -> the sentences that have it
    for i, (_, _, _, words) in enumerate(said):
        for word in words:
            having[word].append(i)
    groups: dict[int, frozenset[int]] = {}
    for i, (s, first, last, words) in enumerate(said):
        shared = Counter(j for w in words if len(having[w]) <= 100 for j in having[w] if j > i)  # not the commonest
        for j, n in shared.items():
            t, other_first, other_last, other = said[j]
            if n >= 4 and s.article != t.article and (last < other_first or other_last < first) \
                    and n >= 0.8 * max(len(words), len(other)):
                group = groups.get(i, frozenset({i})) | groups.get(j, frozenset({j}))
                groups.update(dict.fromkeys(group, group))
    return [Disagreement("", tuple(said[k][0] for k in sorted(group))) for group in set(groups.values())]


def _dated(articles: Iterable[tuple[str, Iterable[Block]]]) -> Iterator[tuple[Statement, dt.date, dt.date,
                                                                               frozenset[str]]]:
    """Each sentence that gives one date with its year: the statement, the date's first and last day, and the
    sentence's other words."""
    for article, blocks in articles:
        for number, block in enumerate(blocks):
            if block.kind not in ("paragraph", "caption"):
                continue
            ends = sentence_ends(block.text)
            for start, end in zip(ends, ends[1:]):
                text = block.text[start:end].strip()
                if len(found := list(dates_in(text, 0))) == 1:  # year 0: a date without its year is none
                    at, written, span = found[0]
                    words = frozenset(w.lower() for w in _WORD.findall(text[:at] + text[at + len(written):]))
                    yield (Statement(article, number, text, written, span.first.toordinal()), span.first, span.last,
                           words - _COMMON)
