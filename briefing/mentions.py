"""The people's names found in the articles' text, as whole words."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from .articles import Block
from .cache import Cache, digest
from .errors import ContentError
from .folding import HANGUL, UNSPACED
from .model import Person

# a letter of a word; not one of a script that joins words (or particles) to a name: a name beside it is still a name
_WORD_LETTER = rf"(?:(?![{UNSPACED}{HANGUL}])\w)"
_INSIDE_A_WORD = re.compile(rf"{_WORD_LETTER}|-")  # a name right after one of these is part of a longer word
# Titles, which are no part of a person's name: "Mr" of "Mr Brown" and "Mr Straw" is no name they share.
TITLES = frozenset("President Premier Minister Secretary General Chairman Leader Professor Prof Dr Mr Mrs Ms Miss "
                   "Sir Lord Lady Dame Vice Prime Foreign Senator Governor Ambassador King Queen Prince Supreme Deputy "
                   "Chief Former MEP MP Judge Justice Chancellor Commissioner Mayor Pope Cardinal Archbishop Bishop "
                   "Sheikh Emir Sultan Colonel Admiral Backbencher Shadow Veteran Councillor Campaigner".split())


@dataclass(frozen=True)
class Mention:
    person: str
    article: str
    block: int
    anchor: str
    start: int
    end: int


@dataclass(frozen=True)
class Unlinked:
    """A word of several people's names ("Kim") that the articles also use alone, where it could name any of them:
    left unlinked, and counted, so that a person's mentions do not pass for all the times the text means them."""

    form: str
    count: int
    people: tuple[str, ...]
    whole: bool = False  # the whole name or alias of each of them (namesakes), not a word of their names


@dataclass(frozen=True)
class Names:
    """Every unambiguous name and alias of the people, found in a text as whole words; and the words of names
    that several people share ("Kim"), found where they stand alone, to be counted, never linked."""

    pattern: re.Pattern[str]
    forms: dict[str, str]  # name or alias -> person id; a shared one or a shared word -> ""
    shared: dict[str, tuple[str, ...]]  # a name or alias several people have, or a word of several people's names ->
    # those people
    whole: frozenset[str]  # of those, the names and aliases of several words (a bare "Kim" is a shared word)

    @classmethod
    def of(cls, people: Iterable[Person]) -> Names | None:
        """One pattern over every name and alias and every shared word, longest first; None without any. A name
        several people have (namesakes) is found whole, and shared, not linked; a shared word that is some one
        person's alias is that person's name here."""
        owners = _owners(people)
        words: dict[str, set[str]] = defaultdict(set)
        for form, ids in owners.items():
            for word in form.split():
                if len(word) > 1 and word[0].isupper() and word.rstrip(".") not in TITLES:
                    words[word].update(p.id for p in ids)
        forms = {form: ids[0].id for form, ids in owners.items() if len(ids) == 1}
        shared = {form: tuple(sorted(p.id for p in ids)) for form, ids in owners.items() if len(ids) > 1}
        shared |= {word: tuple(sorted(ids)) for word, ids in words.items()
                   if len(ids) > 1 and word not in forms and word not in shared}
        every = {**forms, **dict.fromkeys(shared, "")}
        # a name, its possessive, and no more of a word: "Xi's" is Xi, "Xi'an" is a city
        return cls(re.compile(rf"({trie_pattern(sorted(every))})(?:'s)?(?!'?{_WORD_LETTER})"), every, shared,
                   frozenset(form for form in owners.keys() & shared.keys() if " " in form)) if every else None

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(person id, start, end) of each name in `text`, longest first, left to right; a shared word's id is
        "". Not inside a word ("x-Kim") is tested here, not by a lookbehind, so that the regex engine skips to
        where a name starts."""
        found = []
        at = 0
        text = _straight(text)  # as the names are: the same length, so the same places
        while (m := self.pattern.search(text, at)) is not None:
            start = m.start()
            if start and _INSIDE_A_WORD.match(text, start - 1):
                at = start + 1
                continue
            found.append((self.forms[m[1]], start, m.end(1)))
            at = m.end()
        return found


def _owners(people: Iterable[Person]) -> dict[str, list[Person]]:
    """Each name and alias, as found (`_straight`), and the people written with it, in the content's order."""
    owners: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        forms = [_straight(name) for name in (person.name, *person.aliases)]
        # "von der Leyen" is "Von der Leyen" too, opening a sentence
        forms += [form[0].upper() + form[1:] for form in forms if form[0].islower() and not form.islower()]
        for form in dict.fromkeys(forms):
            owners[form].append(person)
    return owners


def shared_names(people: Iterable[Person]) -> list[str]:
    """A line for each name or alias of several words that several people have, whose mentions then link to none
    of them (right for namesakes, a slip otherwise: "Kim Jong Un" made an alias of Kim Jong Il unlinked 70 mentions
    without a word), and for each alias without a capital letter, which links the word as well as the name ("may")."""
    lines = []
    for form, ids in _owners(people).items():
        for later in ids[1:] if " " in form else ():  # a bare "Kim" on two: the content model's own example
            lines.append(ContentError(later.loc.file, later.loc.line, 0, f"person '{later.id}': '{form}' is also the "
                                      f"name or an alias of '{ids[0].id}': where the articles write it, it links to "
                                      "neither; if they are namesakes, leave it, else keep it for one"))
        if len(ids) == 1 and form == form.lower() != form.upper() and form != _straight(ids[0].name):
            lines.append(ContentError(ids[0].loc.file, ids[0].loc.line, 0, f"person '{ids[0].id}': alias '{form}' has "
                                      f"no capital letter: every '{form}' in the articles links to them, the word as "
                                      "well as the name; write it as their name is written"))
    return [str(line) for line in lines]


def _straight(name: str) -> str:
    """A text with its apostrophes, spaces and ё written one way: a name is found however either writes them
    ("d'Estaing", "Margaret Okafor" with a no-break space, as Word puts one between a first name and a family name,
    "Соловьёв" as "Соловьев")."""
    for written, one_way in _ONE_WAY:  # str.replace where there is one: translate took 25 times as long
        if written in name:
            name = name.replace(written, one_way)
    return name


_ONE_WAY = (("’", "'"), ("\u00a0", " "), ("\u202f", " "), ("\u2007", " "), ("ё", "е"),
            ("Ё", "Е"))  # Russian's ё, written е as often as not


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
                  cache: Cache) -> tuple[dict[str, dict[int, list[Mention]]], dict[str, list[Unlinked]]]:
    """Article -> block index -> the names in that block, and person id -> the shared words of their name that
    stand alone (`Unlinked`, counted by paragraph as mentions are); a text several articles share is scanned
    once, and an article (by its file's key, `files`) once for the same names (kept in memory)."""
    if (names := Names.of(people)) is None:
        return {}, {}
    scanned: dict[str, list[tuple[str, int, int]]] = {}

    def scan(article: str, bl: list[Block]) -> tuple[dict[int, list[Mention]], Counter[str]]:
        found, alone = {}, Counter[str]()
        for i, b in ((i, b) for i, b in enumerate(bl) if b.anchor):
            if (in_text := scanned.get(b.text)) is None:
                in_text = scanned[b.text] = names.find(b.text)
            if named := [Mention(who, article, i, b.anchor, start, end) for who, start, end in in_text if who]:
                found[i] = named
            alone.update({b.text[start:end] for who, start, end in in_text if not who})
        return found, alone
    known = digest(repr(sorted(names.forms.items())))  # the names, and whose each is
    made = {article: cache.made(digest("mentions", known, article, files[article]), partial(scan, article, bl),
                                durable=False) for article, bl in blocks.items()}
    counts = Counter[str]()
    for _, alone in made.values():
        counts.update(alone)
    unlinked: dict[str, list[Unlinked]] = {}
    for word, ids in sorted(names.shared.items()):
        for ident in ids if counts[word] else ():
            unlinked.setdefault(ident, []).append(Unlinked(word, counts[word], ids, word in names.whole))
    return {article: found for article, (found, _) in made.items() if found}, unlinked
