"""The pages of editions: /changes/, what changed from each recorded edition to the next (changes.py), newest
first, and what is not recorded yet where drafts are shown; each edition as it stood (/editions/NAME/), and their
list. Ready-made data, as pages.py makes it."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from markupsafe import Markup, escape

from . import urls
from .cards import STATUS_LABELS, Cards, Link
from .changes import GROUPS, Change, FieldChange, ItemNames, Step, Word, between
from .dates import machine_readable, range_label
from .edition_notes import anchor as change_anchor
from .edition_notes import changes_url
from .editions import Edition, Snapshot, snapshot
from .errors import counted, listed
from .feeds import CHANGES_FEED, alternate
from .grades import confidence_legend
from .markup import plain
from .model import KINDS, Event, chronological
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
    page: str = ""  # the edition as it stood (/editions/NAME/); "" for the unreleased changes


def changes(cards: Cards) -> Page:
    """/changes/: an entry per edition, newest first; above them, with --drafts or in the dev server, the changes
    since the last one not recorded yet."""
    recorded = cards.c.editions
    sections = [_section(cards, step) for step in cards.r.steps][::-1]
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
    anchor, page = f"e-{edition.name}", urls.ROOT + urls.edition(edition.name)
    if before is None:
        return Section(anchor, edition.title, edition.date.iso(), edition.note, "The first recorded edition: the "
                       f"starting point later editions are compared with. It held {_counts(edition.snapshot)}.", (),
                       page)
    said = ", ".join(f"{len(of)} {group.lower()}" for what, group in GROUPS.items()
                     if (of := [c for c in made if c.what == what and c.kind != "site"]))
    itself = "; the briefing itself changed too" if any(c.kind == "site" for c in made) else ""  # listed, not counted
    intro = f"Since the edition of {before.date.label()}: {said or 'no item changed'}{itself}."
    return Section(anchor, edition.title, edition.date.iso(), edition.note, intro, _groups(cards, made, anchor), page)


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
        # its id in another's former_ids: merged into it (a rename is a change of its own)
        detail = Markup('merged into <a href="{}">{}</a>, where its address leads').format(cards.url(target),
                                                                                          cards.r.name(target))
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
        return label + Markup("").join(_marked(w, after) for w, after in zip(f.words, (*f.words[1:], None)))
    if f.added or f.removed:
        return label + "; ".join(f"{said} {', '.join(values)}" for said, values in (("added", f.added),
                                                                                   ("removed", f.removed)) if values)
    return label + (f"{f.before} → {f.after}" if f.before else f.after)


def _marked(w: Word, after: Word | None) -> Markup:
    """A run of words as a changed text shows it: kept as it is, or marked, its spaces outside the mark, and a
    space between words removed and those put in their place."""
    if w.op == "same":
        return escape(w.text)
    words = w.text.strip()
    lead, tail = w.text[:w.text.index(words)], w.text[w.text.index(words) + len(words):]
    spaced = tail or after is None or after.op != "ins" or after.text.startswith(" ")
    between = "" if w.op != "del" or spaced else " "
    return Markup('{0}<{1}><span class="visually-hidden">{2}</span>{3}</{1}>{4}{5}').format(
        lead, w.op, _MARKED[w.op], words, tail, between)


@dataclass(frozen=True)
class Judgment:
    """A key judgment as an edition held it, and what became of it: "" when the briefing still holds it so."""

    text: Markup
    confidence: str
    since: str


@dataclass(frozen=True)
class PastEvent:
    """An event as an edition held it, linked to its page now (`url`, "" when it is no longer published), with what
    changed since (`since`, "" when nothing did)."""

    title: str
    url: str
    date: str
    iso: str
    status: str
    location: str
    people: tuple[Link, ...]  # a person no longer published has no url
    summary: Markup
    since: str
    leads_to: Link | None  # where a removed event's address leads now


@dataclass(frozen=True)
class EditionCard:
    """An edition in the list of editions."""

    title: str
    iso: str
    url: str
    note: str
    held: str  # "12 events, 3 key judgments"
    changes: str  # its entry on /changes/


def editions_index(cards: Cards) -> Page:
    """/editions/: every recorded edition, newest first, each linked to the briefing as it stood then."""
    listed = [EditionCard(e.title, e.date.iso(), urls.ROOT + urls.edition(e.name), e.note, _held(e),
                          changes_url(f"e-{e.name}")) for e in reversed(cards.c.editions)]
    return _page(cards, urls.edition(), "editions.html", "Editions", "Every recorded edition of the briefing, newest "
                 "first: each as it stood then, its key judgments and events, with what changed since.", "",
                 editions=listed, as_of=cards.c.site.as_of.label(), as_of_iso=cards.c.site.as_of.iso())


def edition(cards: Cards, index: int) -> Page:
    """/editions/NAME/: the key judgments and the events as an edition held them, each with what changed since
    and a link to its page now. Nothing of it is the current content's but those links and notes."""
    recorded = cards.c.editions
    e = recorded[index]
    made = between(e.snapshot, snapshot(cards.c, {}))
    by_then = {c.former_id if c.what == "renamed" else c.id: c for c in made if c.kind == "event"}
    added = sum(1 for c in made if c.what == "added" and c.kind == "event")
    later = [Link(urls.ROOT + urls.edition(o.name), o.title) for o in recorded[index + 1:index + 2]]
    earlier = [Link(urls.ROOT + urls.edition(o.name), o.title) for o in recorded[max(index - 1, 0):index]]
    judged = [(str(j.get("text")), str(j.get("confidence") or "")) for j in _list(e.snapshot.site.get("key_judgments"))]
    now = {(_words(cards, t), c) for t, c in cards.c.site.judged()}
    names = ItemNames(e.snapshot)  # the items as the edition named them
    return _page(
        cards, urls.edition(e.name), "edition.html", e.title,
        f"The briefing as it stood on {e.date.label()}: its key judgments and {counted(len(e.events), 'event')}, "
        "with what changed since.", "",
        heading=e.title, note=e.note, iso=e.date.iso(), as_of=cards.c.site.as_of.label(),
        changes=changes_url(f"e-{e.name}"),
        later=later[0] if later else None, earlier=earlier[0] if earlier else None,
        judgments=[Judgment(_text(cards, names, t, inline=True), f"{c.capitalize()} confidence" if c else "",
                            _judgment_since(_words(cards, t), c, now)) for t, c in judged],
        confidence_legend=confidence_legend(c for _, c in judged),
        events=[_past(cards, names, ev, by_then.get(ev.id)) for ev in reversed(chronological(e.events))],
        added=counted(added, "event") + " added since" if added else "")


def _held(e: Edition) -> str:
    return ", ".join((counted(len(e.events), "event"),
                      counted(len(_list(e.snapshot.site.get("key_judgments"))), "key judgment")))


def _list(value: object) -> list[dict[str, object]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _words(cards: Cards, text: str) -> str:
    """A judgment's words, its links by the ids their items have now: a rename since is no rewording."""
    return plain(text, lambda ident: _current(cards, ident) or ident)


def _judgment_since(words: str, confidence: str, now: set[tuple[str, str]]) -> str:
    """What became of an edition's key judgment: "" when the briefing still holds it, word for word."""
    if (words, confidence) in now:
        return ""
    if any(t == words for t, _ in now):
        return "The editors' confidence in it has changed since."
    return "Reworded or dropped since: it is not among the current key judgments."


def _past(cards: Cards, names: ItemNames, ev: Event, change: Change | None) -> PastEvent:
    current = _current(cards, ev.id)
    since, leads = "", None
    if change is not None and change.what == "removed":  # its address may lead to another event: not its page
        since, current = "No longer in the briefing.", ""
        if target := _current(cards, change.leads_to):
            leads = Link(cards.url(target), cards.r.name(target))
    elif change is not None:
        what = listed([f.label for f in change.fields])
        if change.what == "renamed":
            since = f"Renamed since, and its {what} changed." if what else "Renamed since."
        else:
            since = f"Changed since: {what}." if what else "Changed since."
    return PastEvent(ev.title, cards.url(current) if current else "", range_label(ev.date, ev.end),
                     machine_readable(ev.date, ev.end), STATUS_LABELS[ev.status], ev.location or "",
                     tuple(_person(cards, names, p) for p in ev.people), _text(cards, names, ev.summary), since, leads)


def _person(cards: Cards, names: ItemNames, ident: str) -> Link:
    return Link(cards.url(current) if (current := _current(cards, ident)) else "", names(ident))


def _text(cards: Cards, names: ItemNames, text: str, inline: bool = False) -> Markup:
    """An edition's Markdown, its `[[id]]` links leading to the items' pages now, named as the edition named them;
    an item no longer published is named, not linked."""
    def target(ident: str) -> tuple[str, str]:
        current = _current(cards, ident)
        name = names(ident) if ident in names.entries else cards.r.name(current) if current else ident
        return (urls.item(cards.r.kind_of[current], current) if current else "", name)
    return (cards.markdown.inline if inline else cards.markdown.html)(text, target)
