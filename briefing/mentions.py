"""The people's names found in the articles' text, as whole words."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from .articles import Block
from .cache import Cache, digest
from .model import Person

_INSIDE_A_WORD = re.compile(r"[\w-]")  # a name right after one of these is part of a longer word


@dataclass(frozen=True)
class Mention:
    person: str
    article: str
    block: int
    anchor: str
    start: int
    end: int


@dataclass(frozen=True)
class Names:
    """Every unambiguous name and alias of the people, found in a text as whole words."""

    pattern: re.Pattern[str]
    forms: dict[str, str]  # name or alias -> person id

    @classmethod
    def of(cls, people: Iterable[Person]) -> Names | None:
        """One pattern over every unambiguous name and alias, longest first; None without any."""
        owners: dict[str, set[str]] = defaultdict(set)
        for person in people:
            for form in (person.name, *person.aliases):
                owners[form].add(person.id)
        forms = {form: next(iter(ids)) for form, ids in owners.items() if len(ids) == 1}
        return cls(re.compile(rf"({trie_pattern(sorted(forms))})(?:['’]s)?(?!\w)"), forms) if forms else None

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(person id, start, end) of each name in `text`, longest first, left to right. Not inside a word
        ("x-Kim") is tested here, not by a lookbehind, so that the regex engine skips to where a name starts."""
        found = []
        at = 0
        while (m := self.pattern.search(text, at)) is not None:
            start = m.start()
            if start and _INSIDE_A_WORD.match(text, start - 1):
                at = start + 1
                continue
            found.append((self.forms[m[1]], start, m.end(1)))
            at = m.end()
        return found


def trie_pattern(forms: Iterable[str]) -> str:
    """The forms as one regex alternation shaped like a trie (`Kim(?: Jong(?: Un| Il))?`): it matches what
    `longest|...|shortest` would, but the engine tries one branch per character, not every form."""
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body
    return build(trie)


def find_mentions(people: Iterable[Person], blocks: dict[str, list[Block]], files: dict[str, str],
                  cache: Cache) -> dict[str, dict[int, list[Mention]]]:
    """Article -> block index -> the names in that block; a text several articles share is scanned
    once, and an article (by its file's key, `files`) once for the same names (kept in memory)."""
    if (names := Names.of(people)) is None:
        return {}
    scanned: dict[str, list[tuple[str, int, int]]] = {}

    def scan(article: str, bl: list[Block]) -> dict[int, list[Mention]]:
        found = {}
        for i, b in ((i, b) for i, b in enumerate(bl) if b.anchor):
            if (in_text := scanned.get(b.text)) is None:
                in_text = scanned[b.text] = names.find(b.text)
            if in_text:
                found[i] = [Mention(person, article, i, b.anchor, start, end) for person, start, end in in_text]
        return found
    known = digest(repr(sorted(names.forms.items())))  # the names, and whose each is
    made = {article: cache.made(digest("mentions", known, article, files[article]), partial(scan, article, bl),
                                durable=False) for article, bl in blocks.items()}
    return {article: found for article, found in made.items() if found}
