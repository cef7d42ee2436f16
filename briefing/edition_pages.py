"""The pages of editions: /changes/, what changed from each recorded edition to the next (changes.py), newest
first, and what is not recorded yet where drafts are shown. Ready-made data, as pages.py makes it."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from markupsafe import Markup, escape

from . import urls
from .cards import Cards
from .changes import GROUPS, Change, FieldChange, Step, Word, between, steps
from .edition_notes import anchor as change_anchor
from .editions import Snapshot
from .errors import counted
from .feeds import CHANGES_FEED, alternate
from .model import KINDS
from .pages import Page, _page

KIND_NAMES = MappingProxyType({"site": "Briefing", "article": "Source", "person": "Person", "theme": "Theme",
                               "event": "Event", "quote": "Quote", "claim": "Claim"})
_MARKED = MappingProxyType({"del": "removed: ", "ins": "added: "})  # what a screen reader says before each mark


@dataclass(frozen=True)
class ChangeCard:
    """One item's change as /changes/ lists it: linked to its page now (`url`, "" when it has none)."""

    anchor: str  # its id on /changes/, that item pages link to
    kind: str
    label: str
    url: str
    detail: Markup  # a rename's old id, where a removed item's address leads now
    fields: tuple[Markup, ...]


@dataclass(frozen=True)
class Group:
    title: str
    changes: tuple[ChangeCard, ...]


@dataclass(frozen=True)
class Section:
    """One edition's entry (or the unreleased changes): its anchor, heading, note and what changed."""

    anchor: str
    title: str
    iso: str  # the edition's date, for <time>; "" for the unreleased changes
    note: str
    intro: str
    groups: tuple[Group, ...]


def changes(cards: Cards) -> Page:
    """/changes/: an entry per edition, newest first; above them, with --drafts or in the dev server, the changes
    since the last one not recorded yet."""
    recorded = cards.c.editions
    sections = [_section(cards, step) for step in steps(recorded)][::-1]
    if recorded and (now := cards.r.unreleased) is not None and (made := between(recorded[-1].snapshot, now)):
        since = recorded[-1].date.label()
        sections.insert(0, Section("unreleased", "Unreleased", "", "", f"Changes since the edition of {since} not "
                                   "recorded yet, shown only with drafts (--drafts, or the dev server): record them "
                                   "with the edition command.", _groups(cards, made, "unreleased")))
    return _page(cards, "changes/", "changes.html", "What changed",
                 "What changed in the briefing from one recorded edition to the next, newest first.", "",
                 sections=sections, empty=not recorded,
                 alternates=alternate(cards.r, CHANGES_FEED, "what changed, edition by edition"))


def _section(cards: Cards, step: Step) -> Section:
    edition, before, made = step.edition, step.before, step.made
    anchor = f"e-{edition.name}"
    if before is None:
        return Section(anchor, edition.title, edition.date.iso(), edition.note, "The first recorded edition: the "
                       f"starting point later editions are compared with. It held {_counts(edition.snapshot)}.", ())
    said = ", ".join(f"{len(of)} {group.lower()}" for what, group in GROUPS.items()
                     if (of := [c for c in made if c.what == what and c.kind != "site"]))
    intro = f"Since the edition of {before.date.label()}: {said or 'no item changed'}."
    return Section(anchor, edition.title, edition.date.iso(), edition.note, intro, _groups(cards, made, anchor))


def _counts(snap: Snapshot) -> str:
    return ", ".join(counted(n, kind, collection) for collection, kind in KINDS.items()
                     if (n := sum(1 for e in snap.items.values() if e.kind == kind)))


def _groups(cards: Cards, made: tuple[Change, ...], section: str) -> tuple[Group, ...]:
    return tuple(Group(title, tuple(_card(cards, c, section) for c in made if c.what == what))
                 for what, title in GROUPS.items() if any(c.what == what for c in made))


def _card(cards: Cards, c: Change, section: str) -> ChangeCard:
    """A change, linked to the item's page as it is now: its own, or the one its address leads to."""
    detail = Markup("")
    if c.what == "renamed":
        detail = Markup("renamed from <code>{}</code>; the old address leads here").format(c.former_id)
    elif c.what == "removed" and (target := _current(cards, c.leads_to)):
        detail = Markup('its address now leads to <a href="{}">{}</a>').format(cards.url(target), cards.r.name(target))
    elif c.what == "removed":
        detail = Markup("no longer published")
    current = "" if c.what == "removed" or c.kind == "site" else _current(cards, c.id)
    url = urls.ROOT if c.kind == "site" else cards.url(current) if current else ""
    return ChangeCard(change_anchor(section, c.kind, c.id), KIND_NAMES[c.kind], c.name, url, detail,
                      tuple(map(_line, c.fields)))


def _current(cards: Cards, ident: str) -> str:
    """The id an item has now: its own, or the one a later rename gave it; "" when it is not published now."""
    return ident if ident in cards.r.kind_of else cards.r.redirects.get(ident, "")


def _line(f: FieldChange) -> Markup:
    """A field's change as one line: the words of a text marked (struck through or underlined, and named for
    screen readers), a list's members added and removed, or the value before and after."""
    label = Markup('<span class="field">{}:</span> ').format(f.label)
    if f.words:
        return label + Markup("").join(_marked(w, after.op if after else "")
                                       for w, after in zip(f.words, (*f.words[1:], None)))
    if f.added or f.removed:
        return label + "; ".join(f"{said} {', '.join(values)}" for said, values in (("added", f.added),
                                                                                   ("removed", f.removed)) if values)
    return label + (f"{f.before} → {f.after}" if f.before else f.after)


def _marked(w: Word, next_op: str) -> Markup:
    """A run of words as a changed text shows it: kept as it is, or marked, its spaces outside the mark, and a
    space between words removed and those put in their place."""
    if w.op == "same":
        return escape(w.text)
    words = w.text.strip()
    lead, tail = w.text[:w.text.index(words)], w.text[w.text.index(words) + len(words):]
    between = " " if w.op == "del" and next_op == "ins" and not tail else ""
    return Markup('{0}<{1}><span class="visually-hidden">{2}</span>{3}</{1}>{4}{5}').format(
        lead, w.op, _MARKED[w.op], words, tail, between)
