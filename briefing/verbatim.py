"""Finds a quote or excerpt in article text despite quote-mark, dash, space and ellipsis differences."""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Sequence

_TABLE = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "\u00a0": " ",
})
_ELLIPSIS = re.compile(r"\s*(?:\.\s*\.\s*\.|…)\s*")


def normalise(text: str) -> tuple[str, list[int]]:
    """The comparable form of `text`, and for each of its characters the index in `text`."""
    out: list[str] = []
    index: list[int] = []
    pending_space = False
    for i, ch in enumerate(text.translate(_TABLE)):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            index.append(i - 1)
            pending_space = False
        out.append(ch)
        index.append(i)
    return "".join(out), index


def parts_of(needle: str) -> list[str]:
    """The pieces of a quote between its elisions, each in comparable form."""
    return [p for p in (normalise(s)[0] for s in _ELLIPSIS.split(needle)) if p]


@dataclass(frozen=True)
class Match:
    block: int  # index into the blocks searched
    spans: tuple[tuple[int, int], ...]  # (start, end) in the block's original text


def find(needle: str, texts: Sequence[str]) -> Match | None:
    """The first text containing every part of `needle`, in order."""
    parts = parts_of(needle)
    if not parts:
        return None
    for n, text in enumerate(texts):
        hay, index = normalise(text)
        spans = []
        cursor = 0
        for part in parts:
            at = hay.find(part, cursor)
            if at < 0:
                break
            spans.append((index[at], index[at + len(part) - 1] + 1))
            cursor = at + len(part)
        else:
            return Match(n, tuple(spans))
    return None


def closest(needle: str, texts: Sequence[str]) -> str:
    """The passage most like `needle`, for an error message saying how they differ."""
    want = normalise(needle)[0]
    best, best_size, best_at = "", 0, 0
    for text in texts:
        hay = normalise(text)[0]
        m = SequenceMatcher(None, hay, want, autojunk=False).find_longest_match(0, len(hay), 0, len(want))
        if m.size > best_size:
            best, best_size, best_at = hay, m.size, m.a - m.b
    if not best:
        return ""
    start = max(0, best_at)
    return best[start:start + len(want) + 10].strip()
