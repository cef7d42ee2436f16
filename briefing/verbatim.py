"""Finds a quote or excerpt in article text despite quote-mark, dash, space and ellipsis differences."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from types import MappingProxyType

from .errors import cut

# Double quotation marks are no part of the words: spaces, as French sets « » apart with them ("« du temps »" is
# "du temps" typed with straight marks or none); single ones are apostrophes too ("Kim’s"), kept as one.
_TABLE = MappingProxyType(str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
    "“": " ", "”": " ", "„": " ", "‟": " ", "″": " ", "«": " ", "»": " ", '"': " ",
    "「": " ", "」": " ", "『": " ", "』": " ",  # Chinese and Japanese quotation marks
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "\u00a0": " ", "\u202f": " ",
    "ё": "е", "Ё": "Е",  # Russian writes ё as е as often as not: "пройдет" is the article's "пройдёт"
}))
_QUOTE_MARKS = "".join(chr(c) for c, to in _TABLE.items() if to == " " and not chr(c).isspace())  # made spaces
_SPACES = " " + "".join(chr(c) for c, to in _TABLE.items() if chr(c).isspace())
# Three dots or more, spaced or not ("election. ... we": a sentence's full stop, then the elision), or "…".
_ELLIPSIS = re.compile(r"\s*(?:\.(?:\s*\.){2,}|…)\s*")
_EDGE_QUOTE = re.compile(r"(?<!\w)'|'(?!\w)")
_DASHES = re.compile(r"--+")
_PIECE = re.compile(r"-+|[^\s-]+")  # the comparable form's words: a run of dashes is one, however spaced
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")  # soft hyphen, zero-width space, word joiner, BOM
_TOKEN = re.compile(r"\w+(?:'\w+)*")  # words: the diff names words, the passage shows punctuation
_DIFFERENCE = MappingProxyType({"replace": "“{mine}” where the article has “{theirs}”",
                                "delete": "“{mine}” is not in the article",
                                "insert": "the article has “{theirs}” here"})
# A longer quote is compared this many words from a little before it stops matching (the cost is quadratic).
HINT_WORDS = 60
_TRAILING = re.compile(r"[.,;:!?]*")  # the marks right after a passage


def composed(text: str) -> str:
    """`text` with its accents composed (Unicode NFC), as article files and YAML are read: macOS and PDFs write "é"
    as e and a combining accent, which no quote typed on another keyboard would match; and without the characters
    that show nothing (a soft hyphen, a zero-width space, which Word and web pages leave in a word: "tempo­rary"
    matched no quote of "temporary", nor a search)."""
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def comparable(text: str) -> str:
    """`text` with plain quote marks and dashes (_plain), single spaces between words, and a dash (or a hyphen, or
    "--") a word of its own however it is spaced: "valve — and" is "valve—and" is "valve -- and"."""
    plain = _plain(text)
    if "-" not in plain:
        return " ".join(plain.split())
    if "--" in plain:
        plain = _DASHES.sub("-", plain)
    return " ".join(plain.replace("-", " - ").split())  # as _PIECE's words: str methods, not a regex (the cost)


def elided(text: str) -> str:
    """The comparable form with every elision written one way ("..." or "…", spaced or not): one quote's words."""
    return " … ".join(comparable(part) for part in _ELLIPSIS.split(text))


def _plain(text: str) -> str:
    """`text` with plain quote marks and dashes, of the same length: an apostrophe not inside a word ("‘welcome but
    late’", "the ministers’ plan") a single quotation mark, so a space, as a double one is."""
    plain = text.translate(_TABLE)
    return _EDGE_QUOTE.sub(" ", plain) if "'" in plain else plain


def _spaced(text: str) -> str:
    """`text` with plain quote marks and dashes, and single spaces between words: as an error message quotes it."""
    return " ".join(text.translate(_TABLE).split())


def wrapped(text: str) -> str:
    """The quotation marks a text is written inside ("“ ”", "« »", "‘ ’"), or "": no part of a quote's words."""
    text = text.strip()
    opening, closing = "“„«\"‟″「『‘", "”»\"“″」』’"
    return f"{text[0]} {text[-1]}" if len(text) > 1 and text[0] in opening and text[-1] in closing else ""


class Forms(dict[str, str]):
    """Texts' comparable forms, each made once when first asked for: one resolve searches a paragraph for
    every quote and excerpt of its article."""

    def __missing__(self, text: str) -> str:
        self[text] = form = comparable(text)
        return form


@dataclass(frozen=True)
class Match:
    block: int  # index into the blocks searched
    spans: tuple[tuple[int, int], ...]  # (start, end) in the block's original text


def find(needle: str, texts: Sequence[str], forms: Forms | None = None) -> Match | None:
    """The first text containing every part of `needle`, in order (`forms`: comparable forms made already)."""
    parts = [p for p in (comparable(s) for s in _ELLIPSIS.split(needle)) if p]  # the pieces between elisions
    if not parts:
        return None
    forms = Forms() if forms is None else forms
    for n, text in enumerate(texts):
        hay = forms[text]  # the index map is made only for the text that matches
        found = []
        cursor = 0
        for part in parts:
            at = hay.find(part, cursor)
            if at < 0:
                break
            found.append((at, cursor := at + len(part)))
        else:
            if hay == text:  # already in comparable form, as most paragraphs are: nothing to map back
                return Match(n, tuple(found))
            where = originals(text, [at for a, b in found for at in (a, b - 1)])
            return Match(n, _marked(needle, text, [(where[a], where[b - 1] + 1) for a, b in found]))
    return None


def _marked(needle: str, text: str, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The spans, the first from the quotation mark before it and the last to the one after it where the needle
    starts or ends with one (a statement that opens a quote: 'Kim “feels more comfortable”'): the marks are no
    part of the words matched, but are of what was written."""
    (start, _), (_, end) = spans[0], spans[-1]
    if needle.lstrip()[:1] in _QUOTE_MARKS and (at := len(text[:start].rstrip(_SPACES))) and \
            text[at - 1] in _QUOTE_MARKS:
        spans[0] = (at - 1, spans[0][1])
    if needle.rstrip()[-1:] in _QUOTE_MARKS and (at := len(text) - len(text[end:].lstrip(_SPACES))) < len(text) \
            and text[at] in _QUOTE_MARKS:
        spans[-1] = (spans[-1][0], at + 1)
    return tuple(spans)


def originals(text: str, positions: Iterable[int]) -> dict[int, int]:
    """For positions in the comparable form of `text`, their index in `text` (a run of spaces at its last)."""
    todo = sorted(set(positions))
    out: dict[int, int] = {}
    k = at = 0  # the next position to place; where the current word starts in the comparable form
    for m in _PIECE.finditer(_plain(text)):
        if k == len(todo):
            break
        start, end = m.span()
        length = 1 if m[0][0] == "-" else end - start  # "--" is one dash
        if at:  # the one space before every word but the first
            if todo[k] == at:
                out[at] = start - 1
                k += 1
            at += 1
        while k < len(todo) and todo[k] < at + length:
            out[todo[k]] = start + todo[k] - at if length == end - start else end - 1
            k += 1
        at += length
    return out


def _trimmed(want: list[str], window: list[re.Match[str]]) -> list[re.Match[str]]:
    """A window less the words at its edges that match nothing of a needle whose own edge is matched: a needle a
    word shorter than the text ("could not" for "cannot") takes in no word of the sentence before or after."""
    blocks = SequenceMatcher(None, want, [t[0] for t in window], autojunk=False).get_matching_blocks()[:-1]
    if not blocks:
        return window
    first, last = blocks[0], blocks[-1]
    end = last.b + last.size if last.a + last.size == len(want) else len(window)
    return window[first.b if first.a == 0 else 0:end]


def closest(needle: str, texts: Sequence[str]) -> tuple[str, str]:
    """The passage most like `needle`, and how the two differ, for an error message."""
    want = _TOKEN.findall(_spaced(needle))
    if not want or not texts:
        return "", ""
    if len(want) > HINT_WORDS:
        start = max(0, _matching(want, texts) - HINT_WORDS // 4)
        want = want[start:start + HINT_WORDS]

    # The text sharing the longest run of words with the needle, then its window of words that matches best.
    def overlap(text: str) -> int:
        hay = _TOKEN.findall(_spaced(text))
        return SequenceMatcher(None, hay, want, autojunk=False).find_longest_match(0, len(hay), 0, len(want)).size

    hay = _spaced(max(texts, key=overlap))
    tokens = list(_TOKEN.finditer(hay))
    n, at = len(want), _best_window(want, [t[0] for t in tokens])
    if not tokens:
        return "", ""
    # From there, the words holding most of the needle's, as few more or fewer as may be: the article may hold a few
    # words more ("and North America") or fewer than the quote.
    windows = (tokens[at:at + m] for m in range(max(1, n - 3), n + 4) if at + m <= len(tokens))
    best = _trimmed(want, max(windows, key=lambda w: (_shared(want, [t[0] for t in w]), -abs(len(w) - n)),
                              default=tokens[at:at + n]))
    start, end = best[0].start(), best[-1].end()
    marks = m.end() if (m := _TRAILING.match(hay, end)) else end
    differ = _differences(want, [t[0] for t in best])
    return hay[start:end], differ or _punctuation(_spaced(needle), hay[start:marks])


def _best_window(want: list[str], words: list[str]) -> int:
    """Where the window of the needle's count of words that matches it best starts; of windows alike, one starting
    with the needle's word. The words a window shares with the needle, counted as it slides, bound its ratio: most
    windows skip the diff."""
    n = len(want)
    at, best_ratio, aligned = 0, -1.0, False
    need, have = Counter(want), Counter(words[:n])
    shared = sum(min(c, need[w]) for w, c in have.items())
    for i in range(max(1, len(words) - n + 1)):
        if i:
            out, into = words[i - 1], words[i + n - 1]
            shared -= have[out] <= need[out]
            have[out] -= 1
            have[into] += 1
            shared += have[into] <= need[into]
        window = words[i:i + n]
        bound = 2 * shared / (n + len(window))
        if bound < best_ratio or (bound == best_ratio and (aligned or window[:1] != want[:1])):
            continue
        ratio = SequenceMatcher(None, want, window, autojunk=False).ratio()
        if ratio > best_ratio or (ratio == best_ratio and not aligned and window[:1] == want[:1]):
            at, best_ratio, aligned = i, ratio, window[:1] == want[:1]
    return at


def _shared(want: list[str], window: list[str]) -> int:
    """How many of the needle's words a window holds, in order."""
    return sum(b.size for b in SequenceMatcher(None, want, window, autojunk=False).get_matching_blocks())


def _punctuation(mine: str, theirs: str) -> str:
    """Where the words agree but a mark does not: a full stop where the article has a comma before "said"."""
    out = []
    for tag, a1, a2, b1, b2 in SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "insert" and b2 == len(theirs)) or (  # a quote may stop before the article's mark
                mine[a1:a2].strip() == theirs[b1:b2].strip()):  # nor is a space a mark
            continue
        after = (_TOKEN.findall(mine[:a1]) or ["the start"])[-1]
        difference = _DIFFERENCE[tag].format(mine=mine[a1:a2].strip(), theirs=theirs[b1:b2].strip())
        out.append(f"{difference} after “{after}”")
    return "punctuation: " + "; ".join(out[:3]) if out else ""


def _matching(want: list[str], texts: Sequence[str]) -> int:
    """How many of the words `want` begins with one of the texts holds in a row."""
    words = [f" {' '.join(_TOKEN.findall(_spaced(t)))} " for t in texts]
    # Binary search: if one text holds the first k words in a row, it holds the first k - 1.
    return bisect_left(range(1, len(want) + 1), True,
                       key=lambda k: not any(f" {' '.join(want[:k])} " in w for w in words))


def _differences(want: list[str], found: list[str]) -> str:
    opcodes = SequenceMatcher(None, want, found, autojunk=False).get_opcodes()
    out = [_DIFFERENCE[tag].format(mine=cut(" ".join(want[a1:a2])), theirs=cut(" ".join(found[b1:b2])))
           for tag, a1, a2, b1, b2 in opcodes if tag != "equal"]
    return "; ".join(out[:3])
