"""The event `suggest` drafts of a sentence that dates something: its title the sentence's first words (less
the dateline), its date at the precision and as sure as the words give it. Its id, made of both, is also how
`report` knows a date whose draft the editors rejected."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .report import Finding, future, sentence
from .resolve import Resolved
from .scaffold import scalar, slug
from .speakers import ROLES
from .textdates import Span

_BULLET = re.compile(r"\s*[-•*–·]\s+")
# a page's own dates, not the story's: "Last updated 4 June 2026", "Published 3 June 2026 at 09:00"
_STAMP = re.compile(r"(?i)(?:last\s+)?(?:updated|published|posted|modified|first published)\b")
# a date that no longer holds: "the conference planned for March 20 has been postponed" is no event on 20 March
_CALLED_OFF = re.compile(r"(?i)\b(?:postponed|put off|delayed|cancell?ed|called off|scrapped|pushed back)\b")
_ABOUT = re.compile(r"\b(?:around|about|circa|c\.|roughly|approximately)\s+(?:the\s+)?$")
# "by March 2005" is no later than it ("../2005-03"), "since March 2005" from it on ("2005-03/.."): a date stays as open
_OPEN = re.compile(r"\b(by|since)\s+(?:the\s+end\s+of\s+|the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class EventDraft:
    """A date finding's event, as far as its id needs: the sentence it is drafted from and the date."""

    id: str
    title: str
    said: str  # the sentence
    start: int  # where it starts in its block
    span: Span
    expected: bool  # said in the future tense, of a date after the article's (or the briefing's)


def event_draft(r: Resolved, article: str, f: Finding) -> EventDraft | None:
    """The event draft a date finding makes, by its id; None when it makes none."""
    block = r.blocks[article][f.block]
    text = block.text
    start, end = sentence(text, f.at)
    start = max(start, block.lead)  # not the dateline ("KARSTA, March 15 (Wire) — "): the page shows it apart
    if bullet := _BULLET.match(text, start):  # nor a list item's mark ("- by the end of 2026, ...")
        start = bullet.end()
    said = text[start:end].strip()
    span = f.span
    # A sentence holding a quotation dates an event only where the date comes first ("In October 2004, the club
    # said it had a “preliminary approach”"), not inside or after someone's words ("a “reciprocal visit” in October")
    quoted = any(mark in text[start:f.at] for mark in '“"')
    if span is None or len(said.split()) < 5 or quoted or said.endswith("?") or _STAMP.match(said) \
            or _CALLED_OFF.search(said):
        return None  # a fragment, a date in or after someone's words, or a question: an editor's call, not a draft
    ahead, when = future(said), r.by_id[article].published or r.content.site.as_of
    if ahead and span.last < when.earliest():
        return None  # "will boost its 2004 dividend": what is to come is the event, and the year is not its date
    words = re.sub(r"[“”\"]", "", said).rstrip(".").split()  # the title, the editors' words: no quotation marks
    title = " ".join(words[:12]).rstrip(",;:") + ("…" if len(words) > 12 else "")  # a draft's: cut, and said to be
    return EventDraft(f"{slug(title, 6)}-{span.form.replace(' to ', '-')}", title, said, start, span,
                      ahead and span.last > when.latest())


def event_fields(r: Resolved, article: str, f: Finding, draft: EventDraft, ids: dict[str, str]) -> list[str]:
    """The draft's fields as YAML lines: the date as vague as the words before it, `expected` if its verb is future
    or conditional, the people it names (by a name or an alias the content has, or a person suggested before:
    `ids`, by name), its summary and its source's excerpt the sentence itself."""
    text, said = r.blocks[article][f.block].text, draft.said
    dates = _written(draft.span, text[max(0, f.at - 20):f.at])
    before = " ".join(b.text for b in r.blocks[article][:f.block]) + " " + text[:draft.start]
    people = sorted(_named(said, ids, before))
    return [f"title: {scalar(draft.title)}", f"date: {scalar(dates[0])}",
            *([f"end: {scalar(dates[-1])}"] if len(dates) > 1 else []),
            *(["status: expected"] if draft.expected else []),
            *([f"people: [{', '.join(people)}]"] if people else []),
            f"summary: {scalar(said)}",
            f"sources: [{{article: {article}, excerpt: {json.dumps(said, ensure_ascii=False)}}}]"]


def _written(span: Span, before: str) -> list[str]:
    """A date as an event gives it, as vague as the words `before` it say: "around 2018" about, "by March 2024" open
    at its start, "since June 2023" at its end; a range of years ("2016 to 2017") its start and end."""
    if _ABOUT.search(before):
        return ["~" + d for d in span.form.split(" to ")]
    dates = span.form.split(" to ")
    if len(dates) == 1 and (side := _OPEN.search(before)):
        return [f"../{dates[0]}" if side[1].lower() == "by" else f"{dates[0]}/.."]
    return dates


def _named(text: str, ids: dict[str, str], before: str = "") -> set[str]:
    """The people a sentence names: by a whole name or alias, or by a family or last name that is one person's
    only ("Xi", "Putin"); a name several people share ("Kim") is the one the article named in full last."""
    owners: dict[str, set[str]] = {}
    for name, ident in ids.items():
        for word in {name.split()[0], name.split()[-1]}:
            owners.setdefault(word, set()).add(ident)
    words = re.findall(r"[\w'’-]+", text)
    joined = f" {' '.join(words)} "  # whole words only: "Xi" is not in "Xinhua"
    found = {ident for name, ident in ids.items() if f" {name} " in joined}
    # A word next to another capitalised one is part of another name: "Peter" of "Peter Hulme-Cross"
    alone = {w for i, w in enumerate(words) if not any(0 <= j < len(words) and words[j][:1].isupper()
                                                          and words[j].lower() not in ROLES for j in (i - 1, i + 1))}
    for word in alone:
        who = owners.get(word, set()) if len(word) > 1 else set()
        if len(who) == 1:
            found |= who
        elif who:  # the last named in full before this sentence, if any
            last = max(((before.rfind(name), ident) for name, ident in ids.items() if ident in who), default=(-1, ""))
            found |= {last[1]} if last[0] >= 0 else set()
    return found
