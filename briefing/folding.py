"""How text becomes index words, as static/search.js does it: lower case, accents dropped (NFKD without
marks), runs of letters and digits, stop words and single letters left out, British spellings made American
(breame's list: "armoured" is "armored"; and any "-isation" is "-ization", as every one of the list's is:
"denuclearisation" is not in it). search.js gets the spellings it needs from the index (`spellings`), and folds
"-isation" by the same rule."""
from __future__ import annotations

import bisect
import re
import string
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

STOP = frozenset(
    "a an and are as at be been but by for from had has have he her his i in into is it its of on or our she "
    "so than that the their them then there these they this those to was we were which who will with would you".split())
_WORD = re.compile(r"[^\W_]+")
# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, kana, Chinese characters): a word may
# start or end at any of their letters. Korean spaces its words, but joins a particle to a name ("김정은은").
UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
HANGUL = "\uac00-\ud7af"
_RUN = re.compile(f"[{UNSPACED}]+")
_RUNS = re.compile(f"[{UNSPACED}]+|[^{UNSPACED}]+")
# Capital and small letters of the alphabets a name may be written in, accents and all: "Émile", "Großmann",
# "Wiśniewski" (Latin, Greek, Cyrillic), for a regular expression's [...]
UPPER = "".join(c for c in map(chr, (*range(0x41, 0x530), *range(0x1E00, 0x1F00))) if c.isupper())
LOWER = "".join(c for c in map(chr, (*range(0x61, 0x530), *range(0x1E00, 0x1F00))) if c.islower())
# The same for ASCII text, as str methods: every ASCII character but a-z and 0-9 becomes a space.
_ASCII_GAPS = MappingProxyType({c: " " for c in range(128) if not chr(c).isalnum() or chr(c).isupper()})
_DROPPED = STOP | set(string.ascii_lowercase)  # stop words and single letters (not digits) are not indexed
# Combining marks, the same ranges search.js strips: "Séoul" is found by "seoul"; and Arabic's vowel marks and
# hamzas (NFKD writes "أ" as "ا" and a hamza) and its tatweel, a stretch of the line: "يُعَدُّ" is found by "يعد";
# and kana's voicing marks ("が" is "か" and one), which split a Japanese word where NFKD wrote them.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u3099\u309a]")
# British spelling -> American, one word each (no American form is a British one: folding twice changes nothing).
SPELLING: Mapping[str, str] = MappingProxyType(BRITISH_ENGLISH_SPELLINGS)
_BRITISH = frozenset(SPELLING)  # a set, so that a text's words are checked against it in one set operation
# The first three letters of every form (both letters of "ax"): a word that a form begins starts with one of them.
_HEADS = frozenset(form[:3] for pair in SPELLING.items() for form in pair)
_ISATION = re.compile(r"isation(s?)$")  # search.js: the same expression
# Letters that NFKD leaves as they are, each as the plain letters it is written as where it is missing: "Straße"
# is found by "strasse", "œuvre" by "oeuvre"; ids are made of them too. search.js: the same table (FOLD).
LETTERS = MappingProxyType(str.maketrans({"ß": "ss", "ẞ": "ss", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o",
                                          "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
                                          "þ": "th", "Þ": "th", "ı": "i",
                                          # Arabic's letters written for one another, and its digits as 0-9
                                          "ٱ": "ا", "ى": "ي", "ة": "ه",
                                          **{chr(0x660 + d): str(d) for d in range(10)},
                                          **{chr(0x6f0 + d): str(d) for d in range(10)}}))


# An apostrophe between Cyrillic letters, as Ukrainian writes one inside a word ("п'ять", "м’який"): no gap
# between words, so "п'ять" is found by "пять" as typed without it. search.js: the same expression.
_INNER_APOSTROPHE = re.compile("(?<=[а-яёіїєґ])['’ʼ](?=[а-яёіїєґ])")


# German umlauts as written where they cannot be: "Muenchen", "Mueller", "Oeztuerk"
_UMLAUTS = MappingProxyType(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"}))


def sortable(text: str) -> str:
    """What lists order a name or title by: its letters as an alphabet orders them, case and accents aside
    ("Élisabeth" beside "Elisabeth", not after "Zola" as by code point)."""
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.translate(LETTERS))).casefold()


def words(text: str) -> set[str]:
    """The distinct index words of a text (search.js folds a query the same way)."""
    folded = text.lower()
    if folded.isascii():  # most text: split by str methods, cheaper than the regex
        found = set(folded.translate(_ASCII_GAPS).split())
        found -= _DROPPED  # set arithmetic, not a loop: this runs over every paragraph of every article
        return found if found.isdisjoint(_BRITISH) and "isation" not in folded else {spelt(w) for w in found}
    if "'" in folded or "’" in folded or "ʼ" in folded:  # Ukrainian's apostrophe is inside a word: "п'ять"
        folded = _INNER_APOSTROPHE.sub("", folded)
    found = set(_WORD.findall(_MARKS.sub("", unicodedata.normalize("NFKD", folded.translate(LETTERS)))))
    if _RUN.search(folded):  # Chinese, Japanese, Thai: a word is any two letters next to each other
        found = {piece for w in found for piece in pairs(w)}
    if "ä" in folded or "ö" in folded or "ü" in folded:  # "München" is found by "muenchen" as well as "munchen"
        found |= words(folded.translate(_UMLAUTS))
    found -= _DROPPED
    return {spelt(w) for w in found if len(w) > 1 or w.isdigit()}  # nor a single letter of another script


def pairs(word: str) -> list[str]:
    """A word as indexed: its runs of a script written without spaces as each two letters next to each other
    ("承担汇率风险": "承担", "担汇", "汇率", ...), as search engines index Chinese, so that a word is found
    inside a sentence, which is one run of letters; the rest of it as it is. search.js cuts a query alike."""
    return [piece for run in _RUNS.findall(word)
            for piece in ([run[i:i + 2] for i in range(max(1, len(run) - 1))] if _RUN.match(run) else [run])]


def spelt(word: str) -> str:
    """A folded word as the index spells it: British as American."""
    if (american := SPELLING.get(word)) is not None:
        return american
    return _ISATION.sub(r"ization\1", word) if "isation" in word else word


def spellings(indexed: Iterable[str]) -> dict[str, str]:
    """The British spellings search.js must fold: those of which either form begins an indexed word (a query word
    matches as a prefix, so "armour", as "armor", finds "armored"). Of the others neither form finds anything, so
    folding them or not gives a query the same results, and the index does not carry the whole list."""
    ordered = sorted(w for w in indexed if w[:3] in _HEADS or w[:2] in _HEADS)  # not all: sorting them takes long

    def begins(prefix: str) -> bool:
        at = bisect.bisect_left(ordered, prefix)
        return at < len(ordered) and ordered[at].startswith(prefix)

    return {british: american for british, american in sorted(SPELLING.items()) if begins(american) or begins(british)}
