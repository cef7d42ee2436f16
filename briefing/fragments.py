"""Text fragments (`#:~:text=`, WICG "URL Fragment Text Directives") that lead from a quote in our copy of an
article to the same words at the original page.

A browser highlights the *first* passage of the page that fits a directive. So candidate directives, made of the
quote's own words, are tried in order (least context first) against a model of the spec's "find a range from a text
directive" run over the article's blocks, and the first that lands exactly on the quote wins. The model errs on the
side of finding more (looser word boundaries; case, accents and quote marks ignored), so that what it accepts a browser
should too: as far as the page's text is the article's (menus and teasers around it are not seen, hence the edges'
four words at least)."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import product
from urllib.parse import quote

from .folding import UNSPACED

# The spec's TextDirectiveExplicitChar, the only URL code points a part may hold as they are. Everything else is
# percent-encoded (UTF-8): "&", "," and "-" (the directive's own syntax), "%", "#", spaces, non-ASCII, ...
_EXPLICIT = "!$'()*+./:;=?@_~"
_EXACT_MOST = 10  # a contiguous quote of up to this many words is given whole (text=start), a longer one as start,end
_EDGE = (4, 8)  # the fewest and most words tried for each of start and end: fewer might match a page's menus first
_CONTEXT_MOST = 5  # the most words of prefix or of suffix
_WORD = re.compile(r"\S+")
_MID = "'’‘.·,;"  # UAX #29 MidLetter/MidNum/MidNumLet: one word in "Kim’s", "U.S", "3.5", "1,000"
_UNSPACED = re.compile(f"[{UNSPACED}]")  # a browser's dictionary may see a word boundary between any two

Doc = Sequence[tuple[str, str]]  # each block's text (whitespace collapsed) and its _fold
Parts = tuple[str, str, str, str]  # prefix, start, end, suffix; "" for none


def text_directive(blocks: Sequence[str], block: int, spans: Sequence[tuple[int, int]]) -> str:
    """The `text=` directive (without the leading `#:~:`) that selects exactly the words at `spans` of
    `blocks[block]`, in a document whose text is `blocks` (an article's paragraphs, in order)."""
    texts = [" ".join(text.split()) for text in blocks]
    text, raw = texts[block], blocks[block]
    if not spans or not raw[spans[0][0]:spans[-1][1]].strip():
        raise ValueError(f"no words at {list(spans)} of block {block}")
    start, end = _collapsed(raw, spans[0][0]), _collapsed(raw, spans[-1][1], True)
    while _inside(text, start):  # a browser only matches whole words: a quote cut inside one gets all of it
        start -= 1
    while _inside(text, end):
        end += 1
    doc = [(t, _fold(t)) for t in texts]
    tries = _candidates(texts, block, start, end, len(spans) > 1)
    for parts in tries:
        if _first(doc, *(_fold(part) for part in parts)) == (block, start, block, end):
            return _directive(*parts)
    return _directive(*tries[0])  # none lands on it (it repeats, context and all): its plain words, found elsewhere


def _collapsed(raw: str, offset: int, is_end: bool = False) -> int:
    """An offset in a block's text as rendered (whitespace runs as one space, none at the ends), spaces trimmed."""
    if is_end:
        return len(" ".join(raw[:offset].split()))
    return len(" ".join((raw[:offset] + raw[offset:].lstrip()[:1]).split())) - 1


def _candidates(texts: Sequence[str], block: int, start: int, end: int, elided: bool) -> list[Parts]:
    """Directives to try, in order: least context (the words just before and after) first; context from the block
    before (after) last, and only where the quote starts (ends) its own: a page may put something between two blocks.
    A long or elided quote is given by its first and last words, by its whole text only if nothing else works."""
    text = texts[block]
    firsts = [m.start() for m in _WORD.finditer(text, start, end)]
    lasts = [m.end() for m in _WORD.finditer(text, start, end)]
    words = len(firsts)
    edges = range(max(1, min(_EDGE[0], words // 2)), min(_EDGE[1], words // 2) + 1)
    forms = [(text[start:lasts[k - 1]], text[firsts[-k]:end]) for k in edges if elided or words > _EXACT_MOST]
    forms.append((text[start:end], ""))
    before = text[:start] or next((t for t in reversed(texts[:block]) if t), "")
    after = text[end:] or next((t for t in texts[block + 1:] if t), "")
    prefixes = ["", *[before[m.start():].rstrip() for m in reversed(list(_WORD.finditer(before)))][:_CONTEXT_MOST]]
    suffixes = ["", *[after[:m.end()].lstrip() for m in _WORD.finditer(after)][:_CONTEXT_MOST]]

    def rank(choice: tuple[int, int, int]) -> tuple[int, ...]:
        form, pre, suf = choice
        across = (pre > 0 and start == 0) or (suf > 0 and end == len(text))
        return (0 < form == len(forms) - 1, across, pre + suf, form, suf)
    order = sorted(product(range(len(forms)), range(len(prefixes)), range(len(suffixes))), key=rank)
    return [(prefixes[pre], *forms[form], suffixes[suf]) for form, pre, suf in order]


def _first(doc: Doc, prefix: str, start: str, end: str, suffix: str) -> tuple[int, int, int, int] | None:
    """Where a browser's search lands: the spec's "find a range from a text directive", step by step, over the
    blocks (positions are (block, offset)). Returns (start block, start offset, end block, end offset)."""
    at = (0, 0)
    while at[0] < len(doc):
        if prefix:
            before = _find(doc, prefix, at, True, False)
            if before is None:
                return None
            at = (before[0], before[1] + 1)
            if (next_word := _skip(doc, (before[0], before[2]))) is None:
                return None
            match = _find(doc, start, next_word, False, bool(end or not suffix), True)
            if match is None:
                continue
        else:
            if (match := _find(doc, start, at, True, bool(end or not suffix))) is None:
                return None
            at = (match[0], match[1] + 1)
        if (found := _ending(doc, (match[0], match[1], match[0], match[2]), end, suffix)) or end:
            return found  # a start,end directive is done with its first start
    return None


def _ending(doc: Doc, found: tuple[int, int, int, int], end: str, suffix: str) -> tuple[int, int, int, int] | None:
    """The spec's inner loop: take a start match to the first end after it whose suffix follows."""
    while True:
        if end:
            if (last := _find(doc, end, found[2:], True, not suffix)) is None:
                return None
            found = (found[0], found[1], last[0], last[2])
        if not suffix:
            return found
        if (after := _skip(doc, found[2:])) and _find(doc, suffix, after, False, True, True):
            return found
        if not end:
            return None


def _find(doc: Doc, query: str, at: tuple[int, ...], start_bounded: bool, end_bounded: bool,
          at_beginning: bool = False) -> tuple[int, int, int] | None:
    """The spec's "find a string in range" from `at` on: the first match, within one block, as (block, start, end)."""
    for block in range(at[0], len(doc)):
        text, folded = doc[block]
        offset = at[1] if block == at[0] else 0
        while (k := folded.find(query, offset)) >= 0 and not (at_beginning and k != at[1]):
            if (not start_bounded or _bounded(text, k)) and (not end_bounded or _bounded(text, k + len(query))):
                return block, k, k + len(query)
            offset = k + 1
        if at_beginning:
            return None
    return None


def _skip(doc: Doc, at: tuple[int, ...]) -> tuple[int, int] | None:
    """The spec's "next non-whitespace position", which may be in a later block; None at the document's end."""
    offset = at[1]
    for block in range(at[0], len(doc)):
        offset += doc[block][0].startswith(" ", offset)
        if offset < len(doc[block][0]):
            return block, offset
        offset = 0
    return None


def _bounded(text: str, k: int) -> bool:
    """Whether a browser may see a word boundary at k. Looser than UAX #29 (which joins "Kim’s" at the apostrophe,
    see _inside): a model that finds more words is the safer check."""
    if k <= 0 or k >= len(text):
        return True
    a, b = text[k - 1], text[k]
    return not (_wordy(a) and _wordy(b)) or bool(_UNSPACED.match(a) or _UNSPACED.match(b))


def _inside(text: str, k: int) -> bool:
    """Whether k is inside a word for UAX #29: between letters or digits, before a mark, or at an apostrophe,
    period or comma that joins two ("Kim’s", "U.S", "3.5", "1,000")."""
    if k <= 0 or k >= len(text):
        return False
    a, b = text[k - 1], text[k]
    if (_wordy(a) and _wordy(b)) or unicodedata.category(b).startswith("M"):
        return True
    joint = text[max(k - 2, 0):k + 1] if a in _MID else text[k - 1:k + 2] if b in _MID else ""
    return len(joint) == 3 and ((joint[0].isdigit() and joint[2].isdigit())
                                or (joint[0].isalpha() and joint[2].isalpha() and joint[1] not in ",;"))


def _wordy(c: str) -> bool:
    return c.isalnum() or c == "_" or unicodedata.category(c).startswith("M")


def _fold(text: str) -> str:
    """Text as the spec compares it (its "primary level"), one character for one: case, accents and quote marks
    ignored. (Not ß against ss, nor ligatures: one for two.)"""
    text = text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')  # as browsers' find folds them
    return text.lower() if text.isascii() else "".join(c.lower() if c < "\x80" else _base(c) for c in text)


def _base(c: str) -> str:
    parts = unicodedata.normalize("NFKD", c)  # "é" is "e" and a mark, "Ａ" is "A"; "한" is three letters: kept whole
    return (parts[0] if all(unicodedata.combining(m) for m in parts[1:]) else c).lower()[0]


def _directive(prefix: str, start: str, end: str, suffix: str) -> str:
    """`text=[prefix-,]start[,end][,-suffix]`: `quote` never encodes "-", which the spec requires encoded."""
    parts = (prefix and _escape(prefix) + "-", _escape(start), _escape(end), suffix and "-" + _escape(suffix))
    return "text=" + ",".join(part for part in parts if part)


def _escape(part: str) -> str:
    return quote(part, safe=_EXPLICIT).replace("-", "%2D")
