"""Editions: the briefing as it stood when an editor recorded it, one JSON file each in content/editions/, so that
every later build can say what changed between them (changes.py) and reproduce it.

A snapshot holds the curated fields of every published item in the editors' own shape (the fields of the YAML
files), and is read back by the same builders that check the YAML (schema.check_file), through the YAML reader
(JSON is YAML), so a hand edit that breaks one is a content error at its line, and a field added since a snapshot
was recorded takes its default. Items are compared as `record` writes them from the model, never as read, so two
snapshots differ only where the content did."""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Union

from .dates import VagueDate
from .errors import ContentError, counted, shown, where
from .fields import ID_RE, MAX_ID, is_null, kind_of, loc_of, own_loc
from .model import COLLECTION_OF, KINDS, Article, Citation, Claim, Content, Event, Loc, Person, Quote, Site, Theme
from .schema import Checker, RawItem, check_file
from .yamlio import YList, YMap, YStr

if TYPE_CHECKING:
    from .pipeline import Paths
    from .resolve import Resolved

FORMAT = 2  # of the snapshot files: raised when a field is added, so that a tool knows which it may find (2: an
# article's language)
FOLDER = "editions"  # content/editions/
Json = Union[str, int, bool, None, list["Json"], dict[str, "Json"]]
Record = dict[str, Json]  # an item's curated fields as a snapshot file holds them (its id aside)
Item = Union[Article, Person, Theme, Event, Quote, Claim]
_TOP = MappingProxyType({"format_version": True, "name": True, "date": True, "note": False, "site": True,
                         "texts": True, **{collection: False for collection in KINDS}})
_SITE = MappingProxyType({"as_of": True, "key_judgments": False})
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
# Characters JSON leaves as they are but YAML, which reads the file back, takes as line breaks or refuses.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Entry:
    """One item of a snapshot: its kind ("event"), its id and its curated fields."""

    kind: str
    id: str
    fields: Record

    @property
    def former_ids(self) -> tuple[str, ...]:
        """The ids it had, as its fields record them."""
        value = self.fields.get("former_ids")
        return tuple(map(str, value)) if isinstance(value, list) else ()


@dataclass(frozen=True)
class Snapshot:
    """The curated fields of every published item, the site's as_of and key judgments, and each article's text
    digest (sha256 of its file's bytes, by article id)."""

    site: Record
    items: Mapping[str, Entry]
    texts: Mapping[str, str]


@dataclass(frozen=True)
class Edition:
    """A recorded edition: its name (the address of its entry on /changes/), its date and note, the snapshot."""

    name: str
    date: VagueDate
    note: str
    format_version: int
    file: str  # as messages show it
    snapshot: Snapshot
    events: tuple[Event, ...] = ()  # as they stood, checked as the YAML's are: for the edition's own page

    @property
    def title(self) -> str:
        """How pages and feeds head it: "Edition of 5 September 2025", its name added when that is not its date."""
        return f"Edition of {self.date.label()}" + (f" ({self.name})" if self.name != self.date.iso() else "")


def record(item: Item) -> Record:
    """An item's curated fields in the editors' shape: what a snapshot holds and two snapshots compare.
    Every field is written ("" and absent as null), so that a snapshot reads the same field by field."""
    fields: Record
    if isinstance(item, Article):
        fields = {"file": item.file, "title": item.title, "outlet": item.outlet, "author": item.author,
                  "published": item.published.text() if item.published else "unknown", "url": item.url,
                  "archived_url": item.archived_url, "summary": item.summary or None,
                  "reliability": item.reliability, "language": item.language}
    elif isinstance(item, Person):
        fields = {"name": item.name, "aliases": list(item.aliases), "kind": item.kind, "role": item.role,
                  "country": item.country, "affiliation": item.affiliation, "summary": item.summary or None}
    elif isinstance(item, Theme):
        fields = {"title": item.title, "summary": item.summary or None}
    elif isinstance(item, Event):
        fields = {"title": item.title, "date": item.date.text(), "end": item.end.text() if item.end else None,
                  "location": item.location, "status": item.status, "people": list(item.people),
                  "themes": list(item.themes), "summary": item.summary or None,
                  "sources": [_cited(c) for c in item.sources]}
    elif isinstance(item, Quote):
        fields = {"speaker": item.speaker, "text": item.text, "source": _cited(item.source),
                  "events": list(item.events), "themes": list(item.themes), "context": item.context,
                  "paraphrase": item.paraphrase}
    else:
        fields = {"question": item.question, "note": item.note or None, "status": item.status,
                  "resolution": item.resolution or None,
                  "statements": [{"source": _cited(s.source), "says": s.says, "credibility": s.credibility}
                                 for s in item.statements]}
    return {**fields, "former_ids": list(item.former_ids)}


def _cited(c: Citation) -> Record:
    return {"article": c.article, "paragraph": c.paragraph, "excerpt": c.excerpt}


def _site(site: Site) -> Record:
    return {"as_of": site.as_of.text(),
            "key_judgments": [{"text": text, "confidence": level or None} for text, level in site.judged()]}


def snapshot(content: Content, texts: Mapping[str, str]) -> Snapshot:
    """The published content as an edition would record it: drafts shown by --drafts left out."""
    items = {item.id: Entry(KINDS[collection], item.id, record(item)) for collection in KINDS
             for item in sorted(getattr(content, collection), key=lambda i: i.id)
             if item.id not in content.shown_drafts}
    return Snapshot(_site(content.site), items, {a: texts[a] for a in sorted(texts) if a in items})


# What makes an item the one it was, should an id a recorded edition retired come back: a quote is its speaker's words.
_IDENTITY = MappingProxyType({"article": ("file",), "person": ("name",), "theme": ("title",), "event": ("title",),
                              "quote": ("speaker", "text"), "claim": ("question",)})


def reused(content: Content) -> list[ContentError]:
    """An id a recorded edition retired, back on another item: the old links to it, cited and saved, would lead to
    that item. The same item brought back (its identity as recorded) is welcome."""
    retired: dict[str, tuple[Edition, Entry]] = {}  # id -> the edition that retired it, and the item it was
    for before, edition in zip(content.editions, content.editions[1:]):
        retired.update((ident, (edition, entry)) for ident, entry in before.snapshot.items.items()
                       if ident not in edition.snapshot.items)
    if not retired:
        return []
    latest = content.editions[-1].snapshot.items
    errors = []
    for collection, kind in KINDS.items():
        for item in getattr(content, collection):
            if item.id not in retired or item.id in latest or retired[item.id][1].kind != kind:
                continue
            edition, was = retired[item.id]
            fields = _IDENTITY[kind]
            now = record(item)
            if all(now[f] == was.fields.get(f) for f in fields):
                continue
            what = ", ".join(f"{f} {shown(was.fields.get(f))}" for f in fields)
            errors.append(ContentError(item.loc.file, item.loc.line, item.loc.column, (
                f"{collection}: '{item.id}' was the id of another {kind} ({what}) until the "
                f"{edition.title[0].lower()}{edition.title[1:]} retired it, and the links to it that readers saved or "
                f"cited would lead to this one: give this {kind} an id of its own, or, to bring that {kind} back, give "
                f"it its {' and '.join(fields)} again" + (
                    f" (if it was added on another branch, merged after that edition was recorded, record the edition "
                    f"again: briefing edition --name {edition.name} --replace)" if edition is content.editions[-1]
                    else ""))))
    return errors


def restored(content: Content) -> list[str]:
    """A line when the latest edition lacks items of the one before that the content holds now: /changes/ says they
    were removed in it, which is what an edition recorded on one Git branch, merged after another's, tells of the
    other's items (docs/content-model.md, "Working on branches")."""
    if len(content.editions) < 2:
        return []
    before, latest = content.editions[-2:]
    back = sorted(i.id for c in KINDS for i in getattr(content, c) if i.id in before.snapshot.items
                  and i.id not in latest.snapshot.items and i.id not in content.shown_drafts)
    if not back:
        return []
    return [f"{latest.file}: the edition '{latest.name}' lacks {counted(len(back), 'item')} of '{before.name}' that "
            f"the content holds now ({', '.join(back[:5])}{', ...' if back[5:] else ''}): /changes/ says it removed "
            "them; if they were added on another branch, merged after this edition was recorded, record it again: "
            f"briefing edition --name {latest.name} --replace"]


def texts(content: Content, seeds: Path) -> dict[str, str]:
    """Each article's text digest: the sha256 of its file's bytes (every file already read by resolving)."""
    return {a.id: hashlib.sha256((seeds / a.file).read_bytes()).hexdigest() for a in content.articles}


def to_json(name: str, date: VagueDate, note: str, snap: Snapshot) -> str:
    """A snapshot file's text: pretty, keys sorted, items by id, so that the same content gives the same bytes."""
    by_collection: dict[str, list[Json]] = {collection: [] for collection in KINDS}
    for entry in sorted(snap.items.values(), key=lambda e: e.id):
        by_collection[COLLECTION_OF[entry.kind]].append({"id": entry.id, **entry.fields})
    data: Record = {"format_version": FORMAT, "name": name, "date": date.text(), "note": note or None,
                    "site": snap.site, "texts": dict(snap.texts), **by_collection}
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def read(trees: list[tuple[str, Any]]) -> tuple[tuple[Edition, ...], list[ContentError]]:
    """The editions loaded (each file as shown in messages, and its tree), oldest first, and every problem in them."""
    found: list[Edition] = []
    errors: list[ContentError] = []
    for file, tree in trees:
        edition, problems = _edition(file, tree)
        errors += problems
        if edition is not None and not problems:
            found.append(edition)
    return tuple(sorted(found, key=lambda e: (e.date, e.name))), errors


def _edition(file: str, tree: Any) -> tuple[Edition | None, list[ContentError]]:
    f = Checker(drafts_included=False)
    m = f.mapping(tree, "edition", _TOP, Loc(file, 1, 1), "an edition")
    if m is None:
        return None, f.errors
    version = _version(f, m)
    name = None if is_null(m.get("name")) else f.ident(m["name"], "edition.name", own_loc(m))
    stem = Path(file).stem
    if name is not None and name != stem:
        f.err_at(m, "name", "edition", f"{shown(name)} is not the file's name '{stem}.json': rename the file or fix "
                                       "the name")
    date = _day(f, m, "date", "edition")
    note = f.text(m, "note", "edition") or ""
    sm = f.mapping(m.get("site"), "edition.site", _SITE, own_loc(m), "the site's as_of and key judgments")
    as_of = _day(f, sm, "as_of", "site") if sm is not None else None
    judged = f.judgments(sm) if sm is not None else []
    items: dict[str, Entry] = {}
    events: list[Event] = []
    for collection, kind in KINDS.items():
        for entry in _items(f, m, collection, file):
            if entry.id in items:
                f.err(entry.loc, f"edition.{collection}", f"duplicate id '{entry.id}'")
            items[entry.id] = Entry(kind, entry.id, record(entry))
            if isinstance(entry, Event):
                events.append(entry)
    digests = _texts(f, m, items)
    if name is None or date is None or as_of is None or version is None:
        return None, f.errors
    site: Record = {"as_of": as_of.text(), "key_judgments": [{"text": t, "confidence": c or None} for t, c in judged]}
    return Edition(name, date, note, version, file, Snapshot(site, items, digests), tuple(events)), f.errors


def _version(f: Checker, m: YMap) -> int | None:
    value = m.get("format_version")
    if isinstance(value, YStr) and value.isdigit() and 1 <= int(value) <= FORMAT:
        return int(value)
    if isinstance(value, YStr) and value.isdigit() and int(value) > FORMAT:
        f.err_at(m, "format_version", "edition", f"{value} is newer than this version of briefing reads (up to "
                                                 f"{FORMAT}); update briefing")
    elif value is not None:
        f.err_at(m, "format_version", "edition", f"expected a format version, 1 to {FORMAT}, found {kind_of(value)}")
    return None


def _day(f: Checker, m: YMap, key: str, path: str) -> VagueDate | None:
    day = f.date(m, key, path)
    if day is not None and (day.precision != "day" or not day.plain()):
        f.err_at(m, key, path, f"{shown(day.text())} must be a day, YYYY-MM-DD")
        return None
    return day


def _items(f: Checker, m: YMap, collection: str, file: str) -> tuple[Item, ...]:
    """A collection's items, checked as the YAML's are; their references are not: an edition may name items
    since removed."""
    value = m.get(collection)
    if is_null(value):
        return ()
    if not isinstance(value, YList):
        f.err_at(m, collection, "edition", f"expected a list of items, found {kind_of(value)}")
        return ()
    if not value:
        return ()
    checked = check_file([RawItem(collection, i, entry, file) for i, entry in enumerate(value)], False)
    f.errors += checked.errors
    return checked.items


def _texts(f: Checker, m: YMap, items: Mapping[str, Entry]) -> dict[str, str]:
    """Each article's text digest: a sha256 in hex, by the id of an article of the snapshot."""
    value = m.get("texts")
    if not isinstance(value, YMap):
        if value is not None:
            f.err_at(m, "texts", "edition", f"expected a mapping of article ids to digests, found {kind_of(value)}")
        return {}
    digests = {}
    for key, digest in value.items():
        if key not in items or items[key].kind != "article":
            f.err(Loc(value.file, *value.key_pos[key]), "edition.texts", f"'{key}' is no article of this edition")
        elif not isinstance(digest, YStr) or not _DIGEST.match(digest):
            f.err(loc_of(digest, own_loc(value)), f"edition.texts.{key}",
                  f"expected a sha256 digest (64 hex digits), found {kind_of(digest)}")
        else:
            digests[key] = str(digest)
    return digests


def name_problem(name: str) -> str:
    """Why `name` cannot name an edition (it names a file, and the edition's address), or ''."""
    if len(name) > MAX_ID or not ID_RE.match(name):
        return (f"--name {shown(name)} is not a name an edition can have: use lowercase letters, digits and single "
                f"hyphens, at most {MAX_ID} (such as 2025-09-05 or 2025-09-05-correction)")
    return ""


def _out_of_turn(content: Content, name: str, snap: Snapshot) -> str:
    """Why this edition cannot follow the last one recorded (another than the one it replaces): it would replace a
    past one, or sort before the last one of its day, and /changes/ would tell the editions' history out of order;
    or it would record no change at all. (One dated before the last is refused earlier, as a build refuses it:
    `as_of_problem`, in pipeline.validate.)"""
    from .changes import between  # it builds on this module
    earlier = [e for e in content.editions if e.name != name]
    if not earlier:
        return ""
    last = earlier[-1]
    if any(e.name == name for e in content.editions) and content.editions[-1].name != name:
        return (f"only the latest edition, '{last.name}', may be recorded again: '{name}' is part of the history "
                "/changes/ tells; give this one a name of its own (--name)")
    if (content.site.as_of, name) < (last.date, last.name):  # the same day: editions go by date, then name
        return (f"'{name}' would be listed before '{last.name}', an edition of the same day (editions go by "
                f"date, then name); give it a name that sorts after, such as '{last.name}-2'")
    if not between(last.snapshot, snap):
        return f"nothing changed since the edition '{last.name}'"
    return ""


def as_of_problem(as_of: VagueDate, last: Edition) -> str:
    """Why the briefing cannot be dated before its last recorded edition ("" if it is not): the site would then say
    it stands as of a day before an edition it lists as past."""
    if as_of < last.date:
        return (f"as_of ({as_of.label()}) is before the last edition, '{last.name}' of {last.date.label()}: an "
                "edition records the briefing as it moves on; set as_of in site.yaml")
    return ""


def main(resolved: Resolved, paths: Paths, name: str | None, note: str, replace: bool) -> int:
    """`edition`: record the content as it stands (already checked as a build checks it) in content/editions/."""
    content = resolved.content
    name = name or content.site.as_of.iso()
    file = paths.content / FOLDER / f"{name}.json"
    shown_file = where(file, paths.root)
    if file.exists() and not replace:
        print(f"{shown_file} already records the edition '{name}'; pass --replace to record it again, or --name to "
              "give this one a name of its own", file=sys.stderr)
        return 1
    snap = snapshot(content, texts(content, paths.seeds))
    if problem := _out_of_turn(content, name, snap):
        print(f"{shown_file}: {problem}; nothing recorded", file=sys.stderr)
        return 1
    file.parent.mkdir(parents=True, exist_ok=True)
    staged = file.with_name(f".{file.name}.tmp")
    staged.write_bytes(to_json(name, content.site.as_of, note, snap).encode("utf-8"))
    os.replace(staged, file)  # whole or not at all: a build never reads half a snapshot
    counts = ", ".join(counted(sum(1 for e in snap.items.values() if e.kind == kind), kind, collection)
                       for collection, kind in KINDS.items())
    print(f"{shown_file}: recorded the edition '{name}' as of {content.site.as_of.label()} ({counts})")
    return 0
