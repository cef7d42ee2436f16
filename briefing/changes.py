"""What changed between two snapshots (editions.py), as typed changes worded for readers, field by field: an item
added, removed (and where its address leads now), renamed (its old id among the new one's former_ids) or changed,
a changed text with its removed and inserted words. Pages (edition_pages.py) lay them out; nothing here knows
addresses or markup."""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from .dates import DateError, VagueDate
from .editions import Edition, Entry, Json, Record, Snapshot
from .markup import plain
from .model import quote_name

T = TypeVar("T")
# Fields a reader is not shown: an address change is a rename (or a removal's "now leads to"), a file a text digest.
_UNSHOWN = frozenset({"former_ids", "file"})
_TEXTS = frozenset({"summary", "note", "resolution", "text"})  # Markdown or long text: shown as a word diff
_DATES = frozenset({"date", "end", "published"})
_NAMED = frozenset({"people", "themes", "events", "speaker"})  # ids, shown by their items' names
_LABELS = MappingProxyType({"url": "original address", "archived_url": "archived copy", "paraphrase": "reported, not "
                            "quoted", "reliability": "source grade", "as_of": "as of"})
GROUPS = MappingProxyType({"added": "Added", "renamed": "Renamed", "changed": "Changed", "removed": "Removed"})
# Words and punctuation marks, each with the space before it: no token is a bare space, which would match half of
# any text and make the diff four times slower, and a run of changed words is marked as one.
_TOKEN = re.compile(r" ?(?:\w+|[^\w\s])")
_WORD = re.compile(r"\w+")
_PLACES = 5  # a text changed in more places than this reads better removed and inserted whole


@dataclass(frozen=True)
class Word:
    """A run of a changed text's words, spaces included: kept ("same"), removed ("del") or inserted ("ins")."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field's change in words: `label: before → after`, a list's members added and removed, or a text's
    words marked (`words`). `before` is "" for a value that is new, "none" for a field that was empty."""

    label: str
    before: str = ""
    after: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Change:
    """An item's change between two snapshots: `what` is added, removed, renamed or changed; `kind` "site" for
    the briefing's own fields (as_of, key judgments). `id` is its id in the newer snapshot (the older's when
    removed); `former_id` what a renamed item was called; `leads_to` the item a removed one's address now leads
    to, "" when it is no longer published."""

    what: str
    kind: str
    id: str
    name: str
    fields: tuple[FieldChange, ...] = ()
    former_id: str = ""
    leads_to: str = ""


def between(old: Snapshot, new: Snapshot) -> tuple[Change, ...]:
    """Every change from `old` to `new`: the briefing's own first, then items added, renamed, changed, removed."""
    names = ItemNames(old, new)
    renamed = _renames(old, new)
    leads = {former: e.id for e in new.items.values() for former in e.former_ids}

    def now(ident: str) -> str:  # an id the older snapshot names, as the newer one calls the item
        return ident if ident in new.items else leads.get(ident, ident)
    made: list[Change] = []
    if site := _site(old.site, new.site, names):
        made.append(Change("changed", "site", "", "The briefing", site))
    for ident, entry in new.items.items():
        before = old.items.get(ident) or old.items.get(renamed.get(ident, ""))
        if before is None:
            made.append(Change("added", entry.kind, ident, names.of(entry)))
        elif (fields := _fields(before, entry, old, new, names, now)) or before.id != ident:
            what = "changed" if before.id == ident else "renamed"
            made.append(Change(what, entry.kind, ident, names.of(entry), fields,
                               former_id="" if before.id == ident else before.id))
    gone = set(renamed.values())
    made += [Change("removed", entry.kind, ident, names.of(entry), leads_to=leads.get(ident, ""))
             for ident, entry in old.items.items() if ident not in new.items and ident not in gone]
    order = {"added": 1, "renamed": 2, "changed": 3, "removed": 4}
    return tuple(sorted(made, key=lambda c: (c.kind != "site", order[c.what], c.kind, c.name.casefold(), c.id)))


def _renames(old: Snapshot, new: Snapshot) -> dict[str, str]:
    """New id -> the id it had: an item new in `new` whose former ids hold an item of its kind gone from it."""
    found: dict[str, str] = {}
    for ident, entry in new.items.items():
        if ident in old.items:
            continue
        for former in entry.former_ids:
            was = old.items.get(former)
            if was is not None and was.kind == entry.kind and former not in new.items:
                found[ident] = former
                break
    return found


class ItemNames:
    """Items' names in words, from the last snapshot given that holds the item (the newer, else the older: an item
    removed since), else the id."""

    def __init__(self, *snapshots: Snapshot) -> None:
        self.entries = {ident: entry for snap in snapshots for ident, entry in snap.items.items()}

    def of(self, entry: Entry) -> str:
        f = entry.fields
        if entry.kind == "quote":
            return quote_name(self(str(f["speaker"])), str(f["text"]), bool(f.get("paraphrase")))
        return str(f.get("name") or f.get("title") or f.get("question") or entry.id)

    def __call__(self, ident: str) -> str:
        entry = self.entries.get(ident)
        return self.of(entry) if entry is not None else ident

    def told(self, ident: str) -> str:
        """The name told apart from a namesake's: with the person's role, else the id."""
        entry = self.entries.get(ident)
        role = entry.fields.get("role") if entry is not None else None
        return f"{self(ident)} ({role if role and role != 'unknown' else ident})"


def _fields(old: Entry, new: Entry, was: Snapshot, then: Snapshot, names: ItemNames,
            now: Callable[[str], str]) -> tuple[FieldChange, ...]:
    """The fields of an item that differ, each in words; an article's text too, by its digest. The ids the older
    fields name are compared as the newer snapshot calls their items (`now`): a theme renamed is not a theme
    removed from its events and another added."""
    made: list[FieldChange] = []
    for key, after in new.fields.items():
        before = _current(key, old.fields.get(key), now)
        if key in _UNSHOWN or before == after:
            continue
        made += _statements(_list(before), _list(after), names) if key == "statements" else [
            _field(key, before, after, names)]
    if new.kind == "article" and was.texts.get(old.id) != then.texts.get(new.id):
        made.append(FieldChange("text", after="revised (the article's file holds other words)"))
    return tuple(f for f in made if _says(f))


def _current(key: str, value: Json, now: Callable[[str], str]) -> Json:
    """A field's value with the ids it names as `now` calls their items."""
    if value is None:
        return None
    if key in _NAMED:
        return [now(str(v)) for v in value] if isinstance(value, list) else now(str(value))
    if key in ("source", "sources", "statements") and isinstance(value, (list, dict)):
        if isinstance(value, list):
            return [_current(key, v, now) for v in value]
        return {k: (now(str(v)) if k == "article" else _current(k, v, now)) for k, v in value.items()}
    return value


def _says(f: FieldChange) -> bool:
    """Whether a change shows a reader anything: not a reference to an item renamed meanwhile, which reads alike."""
    return f.before != f.after or bool(f.added or f.removed or any(w.op != "same" for w in f.words))


def _field(key: str, before: Json, after: Json, names: ItemNames) -> FieldChange:
    label = _LABELS.get(key, key)
    if key in _TEXTS:
        return FieldChange(label, words=word_diff(_plain(before, names), _plain(after, names)))
    if isinstance(before, list) or isinstance(after, list):
        return _members(key, label, _list(before), _list(after), names)
    values = _value(key, before, names), _value(key, after, names)
    if values[0] == values[1] and key in _NAMED and before != after:  # namesakes: one put for the other
        values = names.told(str(before)), names.told(str(after))
    return FieldChange(label, *values)


def _members(key: str, label: str, before: list[Json], after: list[Json], names: ItemNames) -> FieldChange:
    """A list's members added and removed, in words: a citation by its article, an id by its item's name (told
    apart from a namesake's where one was put for the other)."""
    if key == "sources":
        old, new = [_cited(c, names) for c in before], [_cited(c, names) for c in after]
        return FieldChange(label, added=tuple(v for v in new if v not in old),
                           removed=tuple(v for v in old if v not in new))
    says = names if key in _NAMED else str
    lost, gained = [str(v) for v in before if v not in after], [str(v) for v in after if v not in before]
    alike = {says(v) for v in lost} & {says(v) for v in gained}

    def shown(v: str) -> str:
        return names.told(v) if says(v) in alike else says(v)
    return FieldChange(label, added=tuple(map(shown, gained)), removed=tuple(map(shown, lost)))


def _value(key: str, value: Json, names: ItemNames) -> str:
    """One value as a reader reads it: a date in words, an id as its item's name, a citation by its article."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return _cited(value, names)
    if key in _DATES or key == "as_of":
        try:
            return VagueDate.parse(str(value)).label()
        except DateError:  # `unknown`, an article's date not known
            return str(value)
    return names(str(value)) if key in _NAMED else str(value)


def _cited(value: Json, names: ItemNames) -> str:
    """A citation in words: 'Kim arrives in Beijing, paragraph 3', or its excerpt in quotation marks."""
    c = value if isinstance(value, dict) else {}
    where = (f", paragraph {c['paragraph']}" if c.get("paragraph") else
             f", “{c['excerpt']}”" if c.get("excerpt") else "")
    return names(str(c.get("article"))) + where


def _statements(before: list[Json], after: list[Json], names: ItemNames) -> list[FieldChange]:
    """A claim's statements, paired in order by what they say and where: one whose words changed is shown word by
    word, its source and grade as values; one added or removed with its words and article."""
    def key(s: Json) -> str:
        return repr(s)

    def said(s: Json) -> str:
        d = s if isinstance(s, dict) else {}
        return f"“{d.get('says')}” ({_cited(d.get('source'), names)})"

    made: list[FieldChange] = []
    added: list[str] = []  # one line for the statements added and removed, however many
    removed: list[str] = []
    for n, old, new in _paired(before, after, key):
        o, w = (old if isinstance(old, dict) else {}), (new if isinstance(new, dict) else {})
        if old is None:
            added.append(said(new))
            continue
        if new is None:
            removed.append(said(old))
            continue
        if o.get("says") != w.get("says"):
            made.append(FieldChange(f"statement {n}", words=word_diff(str(o.get("says")), str(w.get("says")))))
        for part, label in (("source", "source"), ("credibility", "information grade")):
            if o.get(part) != w.get(part):
                made.append(FieldChange(f"statement {n} {label}", _value(part, o.get(part), names),
                                        _value(part, w.get(part), names)))
    if added or removed:
        made.insert(0, FieldChange("statements", added=tuple(added), removed=tuple(removed)))
    return made


def _site(old: Record, new: Record, names: ItemNames) -> tuple[FieldChange, ...]:
    """The briefing's own changes: its as_of, and its key judgments, paired in order, each as a word diff."""
    made: list[FieldChange] = []
    if old.get("as_of") != new.get("as_of"):
        made.append(_field("as_of", old.get("as_of"), new.get("as_of"), names))

    def text(j: Json) -> str:
        return _plain(j.get("text") if isinstance(j, dict) else j, names)

    def level(j: Json) -> str:
        return str(j.get("confidence") or "none") if isinstance(j, dict) else "none"

    for n, was, now in _paired(_list(old.get("key_judgments")), _list(new.get("key_judgments")), text):
        if was is None or now is None:
            made.append(FieldChange("key judgments", added=(text(now),) if was is None else (),
                                    removed=(text(was),) if now is None else ()))
            continue
        if text(was) != text(now):
            made.append(FieldChange(f"key judgment {n}", words=word_diff(text(was), text(now))))
        if level(was) != level(now):
            made.append(FieldChange(f"key judgment {n} confidence", level(was), level(now)))
    return tuple(f for f in made if _says(f))


def _paired(old: Sequence[T], new: Sequence[T], key: Callable[[T], str]) -> Iterator[tuple[int, T | None, T | None]]:
    """Two lists' members side by side, in order: unchanged ones and those in place of one another paired (with
    their number in the newer list), the rest alone."""
    matcher = difflib.SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    for _, a1, a2, b1, b2 in matcher.get_opcodes():
        both = min(a2 - a1, b2 - b1)
        yield from ((b1 + i + 1, old[a1 + i], new[b1 + i]) for i in range(both))
        yield from ((0, old[i], None) for i in range(a1 + both, a2))
        yield from ((i + 1, None, new[i]) for i in range(b1 + both, b2))


def word_diff(before: str, after: str) -> tuple[Word, ...]:
    """`after` with the words of `before` it lost and those it gained marked, word by word (a punctuation mark a
    word of its own, runs merged); the texts joined give `after` and `before`, spaces collapsed. A text rewritten
    (fewer than half its old words kept, or changed in more than five places) is marked whole, removed then
    inserted: word by word it reads as confetti. Words added to a text that keeps its own are marked where added."""
    old, new = (_TOKEN.findall(" ".join(text.split())) for text in (before, after))
    words = _runs(old, new)
    kept = sum(len(_WORD.findall(w.text)) for w in words if w.op == "same")
    places = sum(1 for w, then in zip(words, (Word("same", ""), *words)) if w.op != "same" and then.op == "same")
    if old and new and (2 * kept < len(_WORD.findall(before)) or places > _PLACES):
        return Word("del", "".join(old)), Word("ins", "".join(new))
    return tuple(words)


def _runs(old: list[str], new: list[str]) -> list[Word]:
    """The tokens of two texts as runs kept, removed and inserted, a word the same with or without its space."""
    words: list[Word] = []
    matcher = difflib.SequenceMatcher(None, [t.lstrip() for t in old], [t.lstrip() for t in new], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        lost, gained = "".join(old[a1:a2]), "".join(new[b1:b2])
        if op != "equal":
            words += [Word(mark, text) for mark, text in (("del", lost), ("ins", gained)) if text]
            continue
        if words and words[-1].op == "del" and lost[:1] == " " != gained[:1]:  # words removed from the start
            words[-1] = Word("del", words[-1].text + " ")
        words.append(Word("same", gained))
    return words


def _plain(value: Json, names: ItemNames) -> str:
    """A text as a reader reads it: Markdown's marks dropped, [[id]] links as names."""
    return "" if value is None else plain(str(value), names)


def _list(value: Json) -> list[Json]:
    return value if isinstance(value, list) else []


@dataclass(frozen=True)
class Since:
    """The editions an item appeared in and last changed in (by name; `changed` "" when unchanged since)."""

    added: str
    changed: str = ""


@dataclass(frozen=True)
class Step:
    """An edition, the one before it (None for the first, the starting point) and what changed between them."""

    edition: Edition
    before: Edition | None
    made: tuple[Change, ...]


def steps(editions: Sequence[Edition]) -> list[Step]:
    """Each edition with its changes since the one before, oldest first: what /changes/, the feeds and every
    page's note are made from."""
    return [Step(e, editions[n - 1] if n else None, between(editions[n - 1].snapshot, e.snapshot) if n else ())
            for n, e in enumerate(editions)]


def history(editions: Sequence[Step]) -> dict[str, Since]:
    """Each item of the last edition by its id: the edition it appeared in and the last one that changed it, a
    renamed item keeping its history under its new id. Made once a build, so that every page can say it."""
    since: dict[str, Since] = {}
    for step in editions:
        name = step.edition.name
        if step.before is None:
            since = {ident: Since(name) for ident in step.edition.snapshot.items}
            continue
        for c in step.made:
            if c.what == "added":
                since[c.id] = Since(name)
            elif c.what in ("changed", "renamed") and c.kind != "site":
                since[c.id] = Since(since.pop(c.former_id or c.id, Since(name)).added, name)
            elif c.what == "removed":
                since.pop(c.id, None)
    return since
