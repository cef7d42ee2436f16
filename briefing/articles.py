"""Raw pasted article text -> blocks: paragraphs, headings, byline, captions, ...

No word is lost: every non-space character of the file ends up, in order, in exactly one block's text; but, in a
text hard-wrapped at a width (a report copied from a PDF), its pages' numbers and running heads, and the hyphen that
broke a word at a line's end."""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType

from .folding import LOWER, UPPER, words

# A paragraph that lost its line break: "...in late 2011.Russian President ..."
_GLUED = re.compile(r"(?<=[a-z0-9)%][.!?])([”\"’]?)(?=[“\"]?[A-Z][a-z])")
# What every _GLUED match starts with, without its look-behind: a cheap test first, since nearly no line has it.
_MAYBE_GLUED = re.compile(r"[.!?][”\"’]?[“\"]?[A-Z]")
# A run of spaces, tabs and the like, as one space; not a no-break space, which the text keeps as written: French
# puts one inside « » and before : ; ! ?, and between a number's thousands ("1 234,5"), so as never to break there.
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")
_SEPARATOR = re.compile(r"^(?:[_\-=*~•·]\s*){3,}$")
_BYLINE = re.compile(r"^By\s+(?:(?:[A-Z][\w.'’-]*|and|de|da|di|van|von|der|den|la|le|bin|al|el)(?:,?\s+|$)){1,8}$"
                     # Russian, Ukrainian
                     r"|^Автор(?:ка|ы|и)?:?\s+(?:(?:[А-ЯЁІЇЄҐ][\w.'’-]*|и|і|та)(?:,?\s+|$)){1,8}$")
# Russian and Ukrainian months (their stems: "сентября", "вересня"), and what may follow a year ("года", "р.")
_CYRILLIC_MONTH = (r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|січ|лют|берез"
                   r"|квіт|травн|червн|липн|серп|верес|жовт|листопад|груд)[а-яіїєґ]*")
YEAR_WORD = r"\s+(?:года|году|г\.|року|р\.)"  # after a year in Russian and Ukrainian: "2025 года" (import too)
_YEAR_WORD = f"(?:{YEAR_WORD})?"
_ARABIC = "\u0621-\u064a"  # Arabic's letters
_TOP_DATE = re.compile(
    r"^(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|(?:\w+day,?\s+)?\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{4}年\d{1,2}月\d{1,2}日(?:\s*\d{1,2}:\d{2})?"  # Chinese, Japanese: 2026年12月4日 09:30
    rf"|\d{{1,2}}\s+[{_ARABIC}]{{3,}}\s+\d{{4}}"  # Arabic: 4 ديسمبر 2026 (\d: its own digits too)
    rf"|(?:[А-ЯЁІЇЄҐа-яёіїєґ]+,\s+)?\d{{1,2}}\s+{_CYRILLIC_MONTH}\s+\d{{4}}{_YEAR_WORD}(?:,?\s*\d{{1,2}}:\d{{2}})?)$"
)
_CAPTION = re.compile(r"\s(?:[—–]\s?|-\s)[A-Z][\w.&' ]{0,30}?\s(?:pic|photo|picture|image)\.?$", re.IGNORECASE)
_CAPTION_ENDS = ("pic", "photo", "picture", "image")  # what every caption _CAPTION finds ends with
# A line the importer writes for an image's caption; the page prints its own label, not this one twice.
CAPTION_LABEL = "Photo caption: "
# A dateline: "SEOUL, Sept 3 — ", "BRUSSELS, Sept 3, 2025 (AFP) — ", "BRUXELLES, 3 septembre 2025 — ",
# "BRÜSSEL, 3. September 2025 – ", "الرياض، 3 ديسمبر 2026 (رويترز) — " (Arabic, without capitals to tell a place
# by: only with its date); its date, if it gives one, the group "date"
DATELINE = re.compile(
    rf"^(?:[{UPPER}][{UPPER}.'’\- ]{{1,40}}(?:,\s*[{UPPER}][{UPPER}{LOWER}.]+)?|[{_ARABIC} ]{{2,30}}(?=،\s*\d))"
    rf"(?:[,،]\s*(?P<date>[{UPPER}][{LOWER}]{{2,8}}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?"
    rf"|\d{{1,2}}\.?\s+[{UPPER}{LOWER}{_ARABIC}][{LOWER}{_ARABIC}]{{2,9}}\.?(?:\s+\d{{4}})?){_YEAR_WORD})?"
    rf"(?:\s*\([{UPPER}{LOWER}{_ARABIC} ]+\))?\s*[—–-]\s+"
)
_SIGNOFF = re.compile(r"\s+[—–]\s?[A-Z]{2,}(?:=[A-Z]+)?$")
# A disclaimer has one of these, in any case, or starts with one of those.
_DISCLAIMER_HAS = ("views expressed", "do not necessarily reflect", "all rights reserved")
_DISCLAIMER_STARTS = ("disclaimer", "copyright", "©")
# The letters a case-blind match (re.IGNORECASE) also reads as i or s, which lower() keeps.
_ALSO_I_OR_S = MappingProxyType(str.maketrans({"İ": "i", "ı": "i", "ſ": "s"}))
# Scripts without capitals whose sentences end in a mark (Hebrew, Arabic, Chinese, Japanese, Korean): a short line
# of one, ending in none, is a heading ("中沙签署吉赞港开发协议" was paragraph 1, every #pN after it one off)
_CASELESS = re.compile("[\u0590-\u06ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_CLOSING = tuple(".!?:;,\"”’)…。！？：；，」』؟،؛")  # Chinese, Japanese and Arabic marks too

NUMBERED = ("paragraph", "caption", "disclaimer")
# In a hard-wrapped text (a report copied from a PDF): a page's number, a line ending in a word's hyphen, the start
# of a list's item, a contents line's dots and page number
# (a bare number of four digits is a year on a line of its own, not a page)
_PAGE = re.compile(r"^[Pp]age\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^\d{1,3}(?:\s*(?:of|/)\s*\d{1,4})?$"
                   r"|^[-–—]\s*\d{1,4}\s*[-–—]$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_ITEM = re.compile(r"^(?:[-•*–·]\s|\(?[0-9a-z]{1,3}[.)]\s)")
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*\d+$")


@dataclass(frozen=True)
class Block:
    """One unit of an article as a reader sees it."""

    kind: str  # paragraph | heading | byline | date | caption | separator | disclaimer
    text: str
    number: int = 0  # paragraph number (#pN) for NUMBERED kinds, section number for headings
    lead: int = 0  # length of a dateline at the start of text ("SEOUL, Sept 3 — "), or of a caption's label
    tail: int = 0  # length of a sign-off at the end of text (" — AFP")
    words: str = ""  # its search-index words, space-separated: cached with the blocks, not folded at every build

    @property
    def anchor(self) -> str:
        if self.kind in NUMBERED:
            return f"p{self.number}"
        if self.kind == "heading":
            return f"s{self.number}"
        return "byline" if self.kind == "byline" else ""


def parse(text: str) -> list[Block]:
    """Recover the structure of one article's text."""
    pieces = [piece for line in _lines(text) for piece in _unglue(line)]
    kinds = _classify(pieces)
    blocks: list[Block] = []
    para = section = 0
    last_para = max((i for i, k in enumerate(kinds) if k == "paragraph"), default=-1)
    for i, (piece, kind) in enumerate(zip(pieces, kinds)):
        number = lead = tail = 0
        if kind in NUMBERED:
            para = number = para + 1
        elif kind == "heading":
            section = number = section + 1
        if kind == "caption" and piece.startswith(CAPTION_LABEL):
            lead = len(CAPTION_LABEL)
        if kind == "paragraph":
            if para == 1 and (m := DATELINE.match(piece)):
                lead = m.end()
            if i == last_para and ("—" in piece or "–" in piece) and (s := _SIGNOFF.search(piece)):
                tail = len(piece) - s.start()
        blocks.append(Block(kind, piece, number, lead, tail, " ".join(words(piece))))
    return blocks


def _lines(text: str) -> list[str]:
    """Non-empty lines, hard-wrapped ones joined back (all parts at once: one by one is quadratic on a long run)."""
    lines = [raw if raw.isprintable() and "  " not in raw and raw[:1] != " " and raw[-1:] != " "
             else _SPACES.sub(" ", raw).strip()  # spaces squeezed, but a no-break one; most lines need no regex
             for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    width = _wrap_width(lines)
    furniture = _furniture(lines) if width else frozenset()
    out: list[list[str]] = []
    after_blank = paged = True
    last = ""  # the last line kept, whole
    for line in lines:
        if line in furniture or (width and _PAGE.match(line)):  # a page's number or running head, cut into a text
            paged = True
            continue
        if not line:
            after_blank = True
            continue
        goes_on = bool(out) and _goes_on(last, line, width, after_blank, paged)
        if goes_on and width and _HYPHENATED.search(last) and line[0].islower():  # "main-" "tained": one word
            head, _, rest = line.partition(" ")
            out[-1][-1] = _unhyphenated(out[-1][-1], head, text)
            out[-1].append(rest)
        elif goes_on:
            out[-1].append(line)
        else:
            out.append([line])
        last, after_blank, paged = line, False, False
    return [" ".join(filter(None, parts)) for parts in out]


def _goes_on(last: str, line: str, width: int, after_blank: bool, paged: bool) -> bool:
    """Whether `line` goes on the paragraph whose last line was `last`: it opens in small letters after no
    sentence's end; or, in a text wrapped at `width`, it was wrapped there, over a page's break too (`paged`) unless
    a sentence ended."""
    if after_blank and not (width and paged):
        return False
    if width and after_blank:
        return not last.endswith(_CLOSING) and _soft(last, line, width)
    return (not last.endswith(_CLOSING) and line[0].islower()) or bool(width) and _soft(last, line, width)


def _wrap_width(lines: list[str]) -> int:
    """The width a text was hard-wrapped at (a report copied from a PDF, a plain-text e-mail), or 0 if it was not:
    most lines followed by another are too full for the next one's first word to have fitted."""
    pairs = [(len(a), len(b.split(" ", 1)[0])) for a, b in pairwise(lines) if a and b]
    if len(pairs) < 4:  # too few to tell
        return 0
    width = sorted(n for n, _ in pairs)[len(pairs) * 19 // 20]
    wrapped = sum(n + 1 + first > width for n, first in pairs)
    return width if 30 <= width <= 100 and wrapped * 2 >= len(pairs) else 0


def _soft(last: str, line: str, width: int) -> bool:
    """Whether `line` goes on the paragraph `last` ended: its first word would not have fitted after it, and it
    opens no list item, and `last` is no contents line ("2.1 History .......... 11")."""
    return (len(last) + 1 + len(line.split(" ", 1)[0]) > width and not _ITEM.match(line)
            and not _LEADERS.search(last))


def _furniture(lines: list[str]) -> frozenset[str]:
    """A hard-wrapped text's running heads: a short line, not a sentence's end, standing alone (between blank
    lines or a page's number) three times or more."""
    counts: dict[str, int] = {}
    for before, line, after in zip(["", *lines], lines, [*lines[1:], ""]):
        if (line and len(line) <= 80 and not line.endswith(_CLOSING)
                and all(not x or _PAGE.match(x) for x in (before, after))):
            counts[line] = counts.get(line, 0) + 1
    return frozenset(line for line, n in counts.items() if n >= 3)


def _unhyphenated(kept: str, tail: str, text: str) -> str:
    """The text so far, ending in a word's first part and the hyphen the wrapping put there, with its second part
    `tail` joined to it ("main-" "tained": "maintained"), the hyphen kept where the text writes the word with it
    elsewhere ("flood-gate")."""
    head = kept.rsplit(" ", 1)[-1][:-1]
    if re.search(rf"(?<!\w){re.escape(head)}-{re.escape(tail)}(?!\w)", text):
        return kept + tail
    return kept[:-1] + tail


def _unglue(line: str) -> list[str]:
    if not _MAYBE_GLUED.search(line):
        return [line]
    cuts = [0, *(m.end() for m in _GLUED.finditer(line)), len(line)]
    return [line[a:b] for a, b in pairwise(cuts) if a < b]


def _classify(pieces: list[str]) -> list[str]:
    kinds: list[str] = []
    seen_body = False
    for i, piece in enumerate(pieces):
        is_last = i == len(pieces) - 1
        if _SEPARATOR.match(piece):
            kind = "separator"
        elif not seen_body and _BYLINE.match(piece):
            kind = "byline"
        elif not seen_body and _TOP_DATE.match(piece):
            kind = "date"
        elif piece.startswith(CAPTION_LABEL) or (
                piece.rstrip(".").lower().endswith(_CAPTION_ENDS) and _CAPTION.search(piece)):  # the search is dear
            kind = "caption"
        elif (is_last or (kinds and kinds[-1] == "separator")) and _is_disclaimer(piece):
            kind = "disclaimer"
        elif not is_last and _is_heading(piece):
            kind = "heading"
        else:
            kind = "paragraph"
            seen_body = True
        kinds.append(kind)
    return kinds


def _is_disclaimer(piece: str) -> bool:
    """Whether the piece has or starts with disclaimer words, in any case (lower() and `in`: cheaper than a regex)."""
    if "İ" in piece or "ı" in piece or "ſ" in piece:
        piece = piece.translate(_ALSO_I_OR_S)
    low = piece.lower()
    return low.startswith(_DISCLAIMER_STARTS) or any(words in low for words in _DISCLAIMER_HAS)


def _is_heading(piece: str) -> bool:
    words = piece.split()
    if not piece[0].isupper() and not piece[0].isdigit() and not _CASELESS.match(piece):
        return False
    if piece.endswith(("?", "؟", "？")):
        return len(words) <= 16 and not piece.startswith(("“", '"', "‘"))
    return len(words) <= 10 and len(piece) <= 80 and not piece.endswith(_CLOSING)
