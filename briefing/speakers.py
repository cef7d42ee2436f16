"""Who the articles name and quote: the content's people by every spelling of their names, followed through an
article in reading order ("Lee said" is the Lee named before; "he" the person named last), a name that is a
known person's spelt another way (a near miss), and where a text's quotation marks open and close."""
from __future__ import annotations

import copy
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator

from .dates import MONTHS
from .folding import LOWER, UPPER
from .mentions import TITLES, trie_pattern
from .model import Person, Quote
from .verbatim import comparable

# Capitalised words that are not (part of) a person's name: titles (a cue too), months, ...
STOP = TITLES | frozenset(MONTHS) | frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An And But Or If In On At Of For To By From As "
    "With After Before Since While During Although Though However Meanwhile Now Then Yet This That These Those His "
    "Her Its Their Our We They He She It What Why How When Where Who Which Both Each Other Another Some Many Most "
    "More Plus Furthermore Indeed Finally Arguably Traditionally Amid Also Just Until Given Following Observers "
    "According Despite Under Earlier Later Last Next Once Only Still Instead Such Several New Kong "
    "Experts Analysts Reports North South East West Eastern Western Northern Southern Far Middle Central Korean "
    "Korea Chinese Russian Japanese American European Asian Soviet Global International National Communist "
    "Democratic Republic United States Kingdom Nations Union Cold World War Day Asia Africa Europe America".split())
# A capitalised run holding one of these is an institution, event or place, not a person.
# The words of a role before a name, in small letters: "Foreign Minister X", "North Korean leader X"
ROLES = frozenset("president premier prime minister secretary general chairman chairwoman leader supreme professor "
                   "vice foreign defence defense senator governor ambassador king queen prince deputy chief envoy "
                   "spokesman spokeswoman spokesperson mep mp director editor coach manager mayor commissioner "
                   "treasurer executive boss head judge justice".split())
ORG = frozenset("Parade Summit Victory Studies University Universiteit Institute Centre Center Council Party "
                "Organisation Organization Agency Ministry Office Committee Assembly Congress Forum Group Bank Fund "
                "Times Post News Press Base Square Peninsula Sea Strait Island Islands Security Strategy "
                "Research Police Force Service Commission Department Authority Court Trust Association Federation "
                "League Club Society Foundation Corporation Company Airlines Airways Radio Television "
                "Magazine Newspaper Journal Reporter Portable Theatre Theater Award Awards Festival Prize "
                # a firm's own words ("Sovlink Securities", "Renaissance Capital"): no person is named so
                "Securities Capital Partners Holdings Investments Ventures Associates Brokerage Industries "
                "Enterprises Technologies Inc Ltd Plc Corp "
                # a place that speaks for those in it ("by Downing Street", "the White House said")
                "Street Road Avenue Palace Castle Abbey Cathedral Stadium Airport Station House".split())
SENTENCE_END = re.compile(rf"(?<=[{LOWER}0-9)][.!?])\s*(?=[{UPPER}“\"])|(?<=[.!?][”\"])\s*(?=[{UPPER}“\"])"
                          rf"|(?<=[”\"][.!?])\s+(?=[{UPPER}“\"])"  # "... have". Then
                          rf"|(?<=[A-Z]{{2}}[.!?])\s+(?=[{UPPER}“\"])")  # "... to the UK. Then" (not "U.S. officials")
# A description between dashes after a name, its spaces after it too: "X - then an adviser to Y - told", "X—a
# lawyer—said" (a hyphen only with spaces around it: "Kim Jong-un" holds none)
DASHED = r"(?:\s+-\s+|\s*[–—]\s*)[^“”\"–—]{1,140}?(?:\s+-\s+|\s*[–—]\s*)"
# The verbs that say someone spoke: a sentence with one of them and no name ("the Conservative leader said", "The
# Tory leader countered") tells of someone the text does not name, whom a "he" after it is, not one named before.
_SAYING = (r"(?:said|says|told|tells|added|adds|asked|asks|declared|declares|continued|countered|argued|argues"
           r"|insisted|insists|warned|warns|claimed|stated|explained|explains|replied|responded|noted|wrote|writes)")
# Next to a name, what makes it the one who speaks: "X, the party's leader, has said", "said Harvard's X"
_SAYS_AFTER = re.compile(rf"(?:,?(?:[^,.“”\"]{{0,100}},)?\s+|{DASHED})(?:has\s+|had\s+|also\s+)?{_SAYING}\b")
_SAYS_BEFORE = re.compile(rf"\b(?:said|says|told|according to)\s+(?:[{UPPER}][\w-]*['’]s\s+)?(?:[{UPPER}][\w-]*\s+)?$")
_SPEECH = re.compile(rf"\b{_SAYING}\b")
# "..., he said.": the one speaking goes on from before ("A spokesman said he would" is the spokesman)
_PRONOUN_SAYS = re.compile(rf",\s+(he|she)\s+(?:also\s+)?{_SAYING}\b")
_ENDS = re.compile(r"\s*(?:[,.;:!?”\"]|$)")  # what follows the one "said X" names speaking
_PRONOUN_LED = re.compile(r"\s*(?:(?:And|But|So|Yet),?\s+(?:[Hh]e|[Ss]he|[Tt]hey)|He|She|They)\b")
_ACTS = re.compile(r"\s+(?:has\s+|had\s+|also\s+)?[a-z]+(?:s|ed)\b")
# Someone the sentence speaks to or of ("and thanked director Taylor Hackford."): not the "he" who speaks next
_ADDRESSED = re.compile(r"\b(?:thank(?:ed|ing|s)?|told|telling|prais(?:ed|ing)|congratulat(?:ed|ing)|tribute\s+to)"
                        r"\s+(?:[a-z'’]+\s+){0,3}$")
_OWNS = ("'s", "’s")
_SHUTS = ".,;:!?)’'"  # after one of these, a straight quotation mark closes a quote
SAME_NAME = 88  # rapidfuzz's ratio of two spellings (letters only) from which they name one person


class Speakers:
    """Who an attribution names: a full name, a surname ("Lee said") or he/she, read in article order."""

    def __init__(self, people: Iterable[Person], distinct: Iterable[frozenset[str]] = (),
                 quotes: Iterable[Quote] = (), organisations: Iterable[str] = ()) -> None:
        owners: dict[str, set[str]] = defaultdict(set)
        for person in people:
            for form in (person.name, *person.aliases):
                owners[form].add(person.name)
        spelled: dict[str, set[str]] = defaultdict(set)  # a spelling two people's names share names neither
        for form, names in owners.items():
            spelled[_spelling(form)].update(names)
        self.spellings = {key: next(iter(names)) for key, names in spelled.items() if len(names) == 1}
        self.distinct = frozenset(distinct)  # pairs an editor said are two people (content/suggested/distinct.yaml)
        self.curated = tuple((comparable(q.text), q.source.article, q.id) for q in quotes)  # (words, article, id)
        self.forms = {f: next(iter(n)) for f, n in owners.items() if len(n) == 1}  # a shared "Kim" names no one
        # each person's words, of every form of their name: "Yushchenko" is Віктор Ющенко's, by his alias
        self.words: dict[str, set[str]] = defaultdict(set)
        for form, names in owners.items():
            for name in names:
                self.words[name].update(form.split())
        # One pattern shaped like a trie (mentions.trie_pattern), longest name first: one
        # alternative per name made the regex engine try every name at every position.
        self.known = re.compile(rf"(?<![\w-])(?:{trie_pattern(owners)})(?![\w-])") if owners else None
        self.speakers: list[str] = []  # quoted so far, latest last; a surname means one of them first
        # names the articles treat as a firm's or a paper's ("X said it would"), not a person's
        self.organisations = frozenset(organisations)
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

    def last_named(self, before: str, pronoun: str = "", only_saying: bool = False) -> str | None:
        """Who "he" or "she" is: in the last sentence of `before` that names a person (by a known name or one
        named so far, in full or by last name) and is not led by "he" or "she" (who goes on from before), the
        first who says something there ("..., Vladimir Tikhonov, professor at Oslo, told AFP"; "said Harvard's
        Lee"), else the first who does something ("Mr Morris despatches"), else the first named; never a woman
        for "he" or a man for "she", as "Ms" or "Mr" before the name says."""
        for part in _backwards(before):
            named = self._named_in(part)
            speaking = _speaking(part, named)
            if not speaking and _SPEECH.search(part):
                if _goes_on(part, pronoun):
                    continue  # "The sale was badly handled, he said.": "he" is who the sentences before name
                return ""  # "But a UKIP spokesman said ...": "he" is that spokesman, whom the text does not name
            # not one named as an owner in it ("Mr Blair's government was a '...,' he added": not Blair)
            found = [f for f in named if self.may_be(f[2], pronoun, before) and part[f[1]:f[1] + 2] not in _OWNS]
            saying, acting = [f for f in speaking if f in found], [f for f in found if _ACTS.match(part, f[1])]
            if found and not saying and _only_addressed(part, found):
                return ""  # only someone thanked or told is named: the speaker is not, and is not guessed
            if found:
                return min(saying or acting or found)[2] if not only_saying else (min(saying)[2] if saying else "")
        return None  # no one named: the caller may go on with the last speaker

    @staticmethod
    def may_be(name: str, pronoun: str, text: str) -> bool:
        """Whether "he" or "she" may be `name`: not if `text` calls them "Ms" or "Mr" the other way."""
        other = {"he": "Ms|Mrs|Miss", "she": "Mr"}.get(pronoun.lower())
        return not (other and re.search(rf"\b(?:{other})\s+{re.escape(name.split()[-1])}\b", text))

    def _named_in(self, part: str) -> list[tuple[int, int, str]]:
        """Each person `part` names (where the name starts and ends, and whose it is): by a known name, or by the
        full or last name of one named or quoted so far."""
        found = [(m.start(), m.end(), self.forms[m[0]]) for m in self.known.finditer(part)
                 if m[0] in self.forms] if self.known else []
        return found + [(at - len(form), at, name) for name in {*self.speakers, *self.names}
                        for form in {name, name.split()[-1]} if (at := _first(part, form)) >= 0]

    def said_last(self, before: str) -> str:
        """Who the last sentence of `before` that names a person says spoke ("Mr Hockney said the law was clear.
        'The Act is clear ...'"), or ''."""
        return self.last_named(before, only_saying=True) or ""

    def fresh(self) -> Speakers:
        """The same names, with nobody quoted or named yet: for the next article."""
        other = copy.copy(self)
        other.speakers, other.names = [], []
        return other

    def seen(self, text: str, unknown: list[str]) -> None:
        if self.known:
            self.names.extend(self.forms.get(m[0], m[0]) for m in self.known.finditer(text))
        self.names.extend(unknown)

    def resolve(self, written: str, before: str = "", last_speaker: bool = True) -> str:
        """The full name behind `written`, or '' if it is not a person; "he" or "she" is the person `before` (the
        block's text up to the quote) names last, else the last speaker (unless not `last_speaker`: a paraphrase
        is read after its block's quotes, so the last quoted may be one the text names after it)."""
        if written.lower() in ("he", "she"):
            if (named := self.last_named(before, written)) is not None:
                if named:
                    self.speakers.append(named)  # quoted last now: a later "he" with no one named is them
                return named  # "" when the one speaking is not named ("a spokesman said ... he added")
            return (self.speakers[-1] if last_speaker and self.speakers and self.may_be(self.speakers[-1], written,
                                                                                          before) else "")
        name = self.forms.get(written) or self._full(self._bare(written))  # "Mr Yushchenko", an alias as it is
        if name and name not in self.organisations:
            self.speakers.append(name)
            return name
        return ""

    def _bare(self, written: str) -> list[str]:
        """The words of a name without a title ("Culture Secretary Tessa Jowell" is Tessa Jowell) or a word
        before the name of someone named before ("Defiant Matt Williams says")."""
        words = written.split()
        titled = [i for i, w in enumerate(words) if w in TITLES]
        words = words[titled[-1] + 1:] if titled else words
        if len(words) >= 3 and " ".join(words[1:]) in {*self.forms, *self.speakers, *self.names}:
            words = words[1:]
        return words

    def _full(self, words: list[str]) -> str:
        """The full name a name's words stand for: a surname, the person named or quoted last who has it."""
        name = " ".join(words)
        if len(words) == 1:
            earlier = [s for s in [*reversed(self.speakers), *reversed(self.names)]
                       if name in self.words.get(s, s.split())]
            return self.forms.get(name) or (earlier[0] if earlier else "")
        if name in self.forms:
            return self.forms[name]
        # "Brown's Britain" (a book) is Brown's, not a person's name
        owned = any(w.endswith(("'s", "’s")) for w in words[:-1])
        return "" if not words or owned or any(w in STOP or w in ORG for w in words) else name


def _only_addressed(part: str, found: list[tuple[int, int, str]]) -> bool:
    """Whether everyone `part` names is named as one spoken to or of ("and thanked director Taylor Hackford"), by
    one of the places it names them (in full: "Hackford" alone follows no such word)."""
    addressed = {name for start, _, name in found if _ADDRESSED.search(part, 0, start)}
    return all(name in addressed for _, _, name in found)


def _goes_on(part: str, pronoun: str) -> bool:
    """Whether the only one a sentence says spoke is "he" or "she" (`pronoun`, if given) at its end ("The sale was
    badly handled, he said."): one named before, as the "he" asked about."""
    said = _PRONOUN_SAYS.sub(lambda m: " " if m[1] == (pronoun.lower() or m[1]) else m[0], part)
    return said != part and not _SPEECH.search(said)


def _speaking(part: str, named: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Those `named` in a sentence who say something there: "said Harvard's Lee." speaks; "a spokesman said
    Mr Betts-Green was" does not."""
    return [f for f in named if _SAYS_AFTER.match(part, f[1])
            or (_SAYS_BEFORE.search(part[:f[0]]) and _ENDS.match(part, f[1]))]


def sentence_ends(text: str) -> list[int]:
    """Where the sentences of `text` begin and end, in order: 0, each boundary, len(text)."""
    return [0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]


def _backwards(text: str) -> Iterator[str]:
    """The sentences of `text`, last first (a paragraph ends one too), but those led by "he" or "she", who goes
    on from before ("He said that ... Mr Houston may be interviewed": Houston is no subject)."""
    ends = sorted({*sentence_ends(text), *(at + 1 for at, c in enumerate(text) if c == "\n")})
    for start, end in reversed(list(zip(ends, ends[1:]))):
        if not _PRONOUN_LED.match(part := text[start:end]):
            yield part


def _first(text: str, form: str) -> int:
    """Where the first whole-word `form` in `text` ends, or -1."""
    found = re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text)
    return found.end() if found else -1


def same_person(a: str, b: str) -> bool:
    """Whether two names are one person's spelt two ways, as `Speakers.near` judges a known person's."""
    x, y = _spelling(a), _spelling(b)
    if x == y:
        return True
    from rapidfuzz import fuzz
    return min(len(x), len(y)) >= 8 and fuzz.ratio(x, y) >= SAME_NAME and _initials(a) == _initials(b)


def _initials(name: str) -> str:
    words = name.split()
    return (words[0][:1] + words[-1][:1]).upper() if words else ""


def _spelling(name: str) -> str:
    """A name as letters only, of any script, without accents: "Kim Jong-un", "Kim Jong Un" and "Kim Jongun" are
    one (a name in Cyrillic is its letters, not nothing, which every such name would have shared)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name).lower() if c.isalpha())


def unquoted(text: str) -> str:
    """`text` with the quoted words blanked out: a name someone says is not who says it."""
    for start, end in quoted(text):  # its closing full stop kept: where the sentences end stays known
        last = text[end - 1] if end > start and text[end - 1] in ".!?" else " "
        text = text[:start] + " " * (end - start - 1) + last + text[end:]
    return text


def quoted(text: str) -> Iterator[tuple[int, int]]:
    """The words between quotation marks (start, end). A straight mark opens a quote where words follow it and
    closes one where words come before it; a quote opened again before it is closed ended there (a quote that goes
    on into the next paragraph opens again there, as British papers write it), and one never closed runs on to
    the end of the block."""
    opened = -1
    for m in re.finditer(r'[“”"]', text):
        at = m.start()
        opens = m[0] == "“" or (m[0] == '"' and (at == 0 or not text[at - 1].isalnum() and text[at - 1] not in _SHUTS)
                                and at + 1 < len(text) and not text[at + 1].isspace())
        if opened >= 0 and (opens or m[0] != "“"):
            yield opened, len(text[opened:at].rstrip()) + opened
            opened = -1
            if not opens:
                continue
        if opens:
            opened = at + 1
    if opened >= 0:
        yield opened, len(text[opened:].rstrip()) + opened
