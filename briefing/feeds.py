"""Atom feeds (RFC 4287): the rules every feed follows (ids, links, dates, entries: `head`, `entry`), and the feeds
to follow besides the main one (outputs.feed): /changes/feed.xml, an entry per edition with its changes in words,
and a feed per person and per theme, with its events and the editions' changes that concern it."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from . import urls
from .changes import GROUPS, Change, FieldChange
from .dates import VagueDate, range_label
from .edition_notes import KIND_WORDS, anchor
from .editions import Entry, Snapshot
from .fields import suggest_id
from .markup import plain
from .model import Event
from .resolve import Resolved
from .write import Writer

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
CHANGES_FEED = "changes/feed.xml"
Item = tuple[VagueDate, str, str, str]  # an entry: its date, site path (maybe with #fragment), title, summary


@dataclass(frozen=True)
class FeedLink:
    """A page's own feed, as its head links it (`<link rel="alternate">`)."""

    title: str
    url: str


def stamp(d: VagueDate) -> str:
    """A date as Atom's one instant: its earliest day (an open start, which has none, its end's: where it sorts)."""
    return d.sort_key()[0].isoformat() + "T00:00:00Z"


def href(r: Resolved, path: str, here: str = "") -> str:
    """A link: absolute under base_url, else relative to the feed at site path `here` (the main feed's: the root)."""
    return urls.absolute(r.content.site.base_url, path) if r.content.site.base_url else urls.relative(path, here)


def ident(r: Resolved, path: str) -> str:
    """An entry's id, which must never change: its permalink (a renamed item's first: `former_ids[0]`), or without
    base_url a tag of the briefing's name (not its as_of, which moves with every edition and would make every old
    entry new to a feed reader)."""
    site = r.content.site
    name = suggest_id(site.title) or "briefing"
    section, _, rest = path.partition("/")
    ident_, _, tail = rest.partition("/")
    if section in urls.SECTIONS.values() and (item := r.by_id.get(ident_)) is not None and item.former_ids:
        path = f"{section}/{item.former_ids[0]}/{tail}"  # a renamed item keeps its first id: the entry is not new
    return site.base_url + path if site.base_url else f"tag:briefing.invalid,2000:{name}:{path or 'home'}"


def head(r: Resolved, title: str, subtitle: str, page: str, here: str, feed_id: str) -> ET.Element:
    """A feed's own elements: its title, id, date (as_of), the page it follows, itself, its author."""
    site = r.content.site
    ET.register_namespace("", ATOM)
    # its language, as the pages': a reader sets the briefing's titles and summaries in it (right to left in Arabic)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": site.language})
    for tag, text in (("title", title), ("subtitle", subtitle), ("id", ident(r, feed_id)),
                      ("updated", stamp(site.as_of))):
        ET.SubElement(root, f"{{{ATOM}}}{tag}").text = text
    ET.SubElement(root, f"{{{ATOM}}}link", href=href(r, page, here), rel="alternate", type="text/html")
    ET.SubElement(root, f"{{{ATOM}}}link", href=href(r, here, here), rel="self", type="application/atom+xml")
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = site.title
    return root


def entry(root: ET.Element, r: Resolved, path: str, title: str, when: VagueDate, summary: str,
          here: str = "") -> None:
    made = ET.SubElement(root, f"{{{ATOM}}}entry")
    for tag, text in (("title", title), ("id", ident(r, path)), ("updated", stamp(when))):
        ET.SubElement(made, f"{{{ATOM}}}{tag}").text = text
    ET.SubElement(made, f"{{{ATOM}}}link", href=href(r, path, here), rel="alternate", type="text/html")
    ET.SubElement(made, f"{{{ATOM}}}summary").text = summary


def event_item(r: Resolved, e: Event, changed: dict[str, VagueDate]) -> Item:
    """An event as every feed has it: its dates and summary, dated by its earliest day (or as_of for one expected
    later), or by the last edition that changed it (`changed`), if later: a feed reader shows it again then."""
    when = later(min(e.date, r.content.site.as_of, key=lambda d: d.sort_key()[0]), e.id, changed)
    return when, urls.page("event", e.id), e.title, f"{range_label(e.date, e.end)}. {plain(e.summary, r.name)}"


def changed_on(r: Resolved, kind: str = "event") -> dict[str, VagueDate]:
    """Each item's of a kind last change by a recorded edition (its date), by the item's id now: one renamed since
    is still dated by it (its feed entry going back in time would not read as changed)."""
    return {r.redirects.get(c.id, c.id): step.edition.date for step in r.steps for c in step.made
            if c.kind == kind and c.what != "added"}


def later(when: VagueDate, ident: str, changed: dict[str, VagueDate]) -> VagueDate:
    """An entry's date: its own, or the last edition's that changed the item, if later."""
    return changed[ident] if ident in changed and changed[ident].sort_key()[0] > when.sort_key()[0] else when


def text(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _named(r: Resolved, c: Change) -> str:
    """A change in a few words: "event Summit (status, date)"; a removed item whose address leads to another (a
    quote merged into it) names that one, as /changes/ does."""
    what = "the briefing" if c.kind == "site" else f"{KIND_WORDS[c.kind]} {c.name}"
    said = ([f"from {c.former_id}"] if c.former_id else []) + ([leads] if (leads := _leads(r, c)) else [])
    return what + (f" ({', '.join(said + [f.label for f in c.fields])})" if said or c.fields else "")


def _leads(r: Resolved, c: Change) -> str:
    """Where a removed item's address leads now, in words ("merged into X, where its address leads"), or ""."""
    leads = r.redirects.get(c.leads_to, c.leads_to)  # renamed since, maybe
    return f"merged into {r.name(leads)}, where its address leads" if c.what == "removed" and leads in r.kind_of else ""


def said(r: Resolved, made: Iterable[Change]) -> str:
    """An edition's changes in words: "Added: event X, claim Y. Changed: event Z (status, date). Removed: W."."""
    made = tuple(made)
    return " ".join(_sentence(f"{group}: {', '.join(_named(r, c) for c in made if c.what == what)}")
                    for what, group in GROUPS.items() if any(c.what == what for c in made)) or "No item changed."


def _sentence(words: str) -> str:
    """Words ended as a sentence: a full stop, unless they end with one already (a quote's “… pathetic.”)."""
    return words if re.search(r"[.?!][”’\"]?$", words) else words + "."


def changes_feed(r: Resolved) -> str:
    """/changes/feed.xml: an entry per recorded edition, newest first, linked to its section of /changes/."""
    site = r.content.site
    root = head(r, f"{site.title}: what changed", "What changed in the briefing from one edition to the next.",
                urls.page("changes"), CHANGES_FEED, CHANGES_FEED)
    for step in reversed(r.steps):
        e = step.edition
        words = said(r, step.made) if step.before is not None else \
            "The first recorded edition: the starting point later editions are compared with."
        entry(root, r, f"{urls.page('changes')}#e-{e.name}", e.title, e.date,
              " ".join(filter(None, (e.note and _sentence(e.note), words))), CHANGES_FEED)
    return text(root)


def _field(f: FieldChange) -> str:
    if f.words:
        return f"{f.label} reworded"
    if f.added or f.removed:
        return f"{f.label}: " + "; ".join(f"{w} {', '.join(v)}" for w, v in (("added", f.added),
                                                                          ("removed", f.removed)) if v)
    return f"{f.label}: " + (f"{f.before} → {f.after}" if f.before else f.after)


def _ids(entry: Entry | None, key: str) -> list[str]:
    value = entry.fields.get(key) if entry else None
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(
        value, list) else []


def _concerns(c: Change, new: Snapshot, old: Snapshot) -> set[str]:
    """The ids a change concerns: its item's (now and before), and the people and themes of a changed event (or
    quote: its speaker too)."""
    now, then = new.items.get(c.id), old.items.get(c.former_id or c.id)
    return {c.id, c.former_id} | {i for e in (now, then) for key in ("people", "themes", "speaker")
                                  for i in _ids(e, key)}


def follow_feeds(r: Resolved) -> dict[str, str]:
    """`people/ID/feed.xml` and `themes/ID/feed.xml`: each item's events and the changes that concern it, newest
    first."""
    edited = changed_on(r)
    changed: dict[str, list[Item]] = {}
    for step in reversed(r.steps):
        e, before = step.edition, step.before
        if before is None:
            continue
        for c in step.made:
            line = "; ".join([f"{KIND_WORDS.get(c.kind, 'briefing').capitalize()} {c.name}: {GROUPS[c.what].lower()}",
                              *map(_field, c.fields), *filter(None, [_leads(r, c)])])
            item = (e.date, f"{urls.page('changes')}#{anchor(f'e-{e.name}', c.kind, c.id)}",
                    f"{GROUPS[c.what]} in the {e.title[0].lower()}{e.title[1:]}: {c.name}", line + ".")
            for i in _concerns(c, e.snapshot, before.snapshot):
                changed.setdefault(i, []).append(item)
    files: dict[str, str] = {}
    for kind, items in (("person", r.content.people), ("theme", r.content.themes)):
        for it in items:
            page = urls.page(kind, it.id)
            name = r.name(it.id)
            root = head(r, f"{r.content.site.title}: {name}", f"The events of {name} and what changed.", page,
                        page + FEED_FILE, page + FEED_FILE)
            entries = [event_item(r, e, edited) for e in r.events_of.get(it.id, [])]
            entries += list({x[1]: x for i in (it.id, *it.former_ids) for x in changed.get(i, [])}.values())
            for when, path, title, summary in sorted(entries, key=lambda x: (stamp(x[0]), x[1]), reverse=True):
                entry(root, r, path, title, when, summary, page + FEED_FILE)
            files[page + FEED_FILE] = text(root)
            for old in it.former_ids:  # a reader subscribed at the old address goes on getting it (its self link: new)
                files[urls.page(kind, old) + FEED_FILE] = files[page + FEED_FILE]
    return files


def alternate(r: Resolved, path: str, title: str) -> tuple[FeedLink, ...]:
    """A page's own feed as its head links it: `path` is the feed's site path."""
    return (FeedLink(f"{r.content.site.title}: {title}", urls.ROOT + path),)


def write_changes(r: Resolved, site: Writer) -> None:
    site.put(CHANGES_FEED, changes_feed(r))


def write_follow(r: Resolved, site: Writer) -> None:
    for rel, made in follow_feeds(r).items():
        site.put(rel, made)
