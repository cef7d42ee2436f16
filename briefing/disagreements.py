"""Counts the articles give differently ("26 world leaders", "more than 25 world leaders", "about two dozen
global leaders"): the disagreements `suggest` drafts as claims, each statement the sentence an article gives.

The same thing is a count of the same plural noun at about the same size (the largest at most a quarter above
the smallest, and five or more: "two leaders" and "three leaders" are two groups, not one disputed count), in
two articles or more, at two numbers or more. Durations ("70 years") are left out: they count different spans.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import MappingProxyType

from .articles import Block
from .report import sentence

_ONES = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORDS = MappingProxyType({w: n for n, w in enumerate(_ONES, 1)} | {w: 10 * n for n, w in enumerate(_TENS, 2)}
                          | {"a": 1})
_NUMBER = (rf"\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_ONES[:9])}))?|{'|'.join(_ONES)}"
           rf"|a)(?:\s+dozen)?")
_QUALIFIER = r"more than|over|at least|fewer than|less than|up to|about|around|some|roughly|approximately|" \
             r"nearly|almost|close to"
_COUNT = re.compile(rf"\b(?:({_QUALIFIER})\s+)?({_NUMBER})\s+((?:[A-Za-z][a-z-]+\s+){{0,2}}?)([a-z][a-z-]{{2,}}s)\b",
                    re.IGNORECASE)
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
    noun: str
    statements: tuple[Statement, ...]  # one per article and number, in the articles' order


def counts(article: str, blocks: Iterable[Block]) -> Iterator[tuple[str, Statement]]:
    """Every count of a plural noun in an article's paragraphs and captions: (noun, statement)."""
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "caption"):
            continue
        for m in _COUNT.finditer(block.text):
            noun, value = m[4].lower(), _value(m[2])
            if noun in _NOT_NOUNS or value is None or (m[2].isdigit() and 1800 <= value <= 2100):
                continue  # a year, a word that only ends in s, a duration
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
        for group in _groups(sorted(statements, key=lambda s: s.value)):
            if len({s.article for s in group}) >= 2 and len({s.value for s in group}) >= 2:
                seen: set[tuple[str, object]] = set()
                kept = []  # an article's first statement of each number, each sentence once
                for s in sorted(group, key=order.__getitem__):
                    if not {(s.article, s.value), (s.article, s.says)} & seen:
                        kept.append(s)
                        seen |= {(s.article, s.value), (s.article, s.says)}
                found.append(Disagreement(noun, tuple(kept)))
    return found


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
