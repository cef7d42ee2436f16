"""What each item's page says of the editions: "New in the edition of 5 September 2025" or "Changed in …", linked
to its own entry on /changes/, and the home page's short list of the latest edition's changes. Worked out once a
build (changes.history), following renames; ready-made data, as cards.py makes it."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from . import urls
from .changes import Change, Since, history
from .errors import counted, listed
from .resolve import Resolved

KIND_WORDS = MappingProxyType({"article": "source", "person": "person", "theme": "theme", "event": "event",
                          "quote": "quote", "claim": "claim"})
_MOST = 6  # the home page's lines at most


@dataclass(frozen=True)
class EditionNote:
    """An item's line: "New in the edition of 5 September 2025", and its entry on /changes/."""

    label: str
    url: str
    what: str = ""  # what changed then, in a few words: "status expected → confirmed; title and summary"


@dataclass(frozen=True)
class Line:
    """One of the home page's changes: an event added, a status changed."""

    label: str
    url: str
    detail: str


@dataclass(frozen=True)
class Latest:
    """The latest edition's changes as the home page lists them under the key judgments."""

    title: str  # "In the edition of 5 September 2025"
    iso: str
    summary: str  # "2 events added, 1 claim added, 5 changed"
    lines: tuple[Line, ...]
    url: str  # its entry on /changes/


def anchor(section: str, kind: str, ident: str) -> str:
    """A change's id on /changes/, within its edition's section (`e-NAME` or `unreleased`): stable and unique, an
    item's id being unique among every kind's."""
    return "-".join(filter(None, (section, kind, ident)))


def changes_url(fragment: str) -> str:
    return f"{urls.ROOT}{urls.page('changes')}#{fragment}"


def found(r: Resolved) -> dict[str, tuple[Since, str]]:
    """Each published item's editions by its id now, and the id it had in them (an id renamed since the last
    edition is found by its former ids); an item in no edition is left out."""
    since = history(r.steps)
    made: dict[str, tuple[Since, str]] = {}
    for collection in ("articles", "people", "themes", "events", "quotes", "claims"):
        for item in getattr(r.content, collection):
            then = next((i for i in (item.id, *item.former_ids) if i in since), "")
            if then:
                made[item.id] = (since[then], then)
    return made


class Notes:
    """Every item's line, by its id: made once a build, read by each item's page."""

    def __init__(self, r: Resolved) -> None:
        self.r = r
        self.editions = {e.name: e for e in r.content.editions}
        self.found = found(r) if self.editions else {}
        self.changes = {(step.edition.name, c.id): c for step in r.steps for c in step.made}

    def of(self, ident: str) -> EditionNote | None:
        """The item's line: none for an item unchanged since the first edition, the starting point; "Not yet in an
        edition" only where drafts show the changes not recorded yet."""
        kind = self.r.kind_of[ident]
        if ident not in self.found:
            now = self.r.unreleased
            if not self.editions or now is None or ident not in now.items:
                return None
            return EditionNote("Not yet in an edition", changes_url(anchor("unreleased", kind, ident)))
        since, then = self.found[ident]
        first = self.r.content.editions[0].name
        if not since.changed and since.added == first:
            return None
        name = since.changed or since.added
        said = "Changed" if since.changed else "New"
        change = self.changes.get((name, then)) if since.changed else None
        return EditionNote(f"{said} in the edition of {self.editions[name].date.label()}",
                           changes_url(anchor(f"e-{name}", kind, then)), _what(change) if change else "")


def _what(c: Change) -> str:
    """A change in a few words, as an item's page says it: a status's move, then the other fields by name."""
    renamed = [f"renamed from {c.former_id}"] if c.what == "renamed" and c.former_id else []
    moved = [f"{f.label} {f.before} → {f.after}" for f in c.fields if f.label == "status"]
    others = list(dict.fromkeys(f.label.split(" ")[0] if f.label.startswith("statement ") else f.label
                                for f in c.fields if f.label != "status"))
    return "; ".join(renamed + moved + ([listed(others)] if others else []))


def latest(r: Resolved) -> Latest | None:
    """The latest edition's changes in a few words: counts, then the events added and the statuses changed."""
    recorded = r.content.editions
    if not recorded:
        return None
    last = recorded[-1]
    title, url = f"In the {last.title[0].lower()}{last.title[1:]}", changes_url(f"e-{last.name}")
    if len(recorded) == 1:
        return Latest(title, last.date.iso(), "the first recorded edition, the starting point", (), url)
    every = r.steps[-1].made
    made = [c for c in every if c.kind != "site"]
    judged = ["key judgments revised" for c in every if c.kind == "site"
              and any(f.label.startswith("key judgment") for f in c.fields)]
    added = [counted(n, KIND_WORDS[kind], "people" if kind == "person" else "") + " added"
             for kind in KIND_WORDS if (n := sum(1 for c in made if c.what == "added" and c.kind == kind))]
    others = [f"{n} {what}" for what in ("renamed", "changed", "removed") if (n := sum(c.what == what for c in made))]
    return Latest(title, last.date.iso(), ", ".join(judged + added + others) or "no item changed",
                  tuple(_lines(r, made))[:_MOST], url)


def _lines(r: Resolved, made: list[Change]) -> list[Line]:
    """The changes a reader looks for first: events and claims whose status changed (an expected event that
    happened, a claim settled), then events added."""
    lines = []
    for c in made:
        status = next((f for f in c.fields if f.label == "status"), None)
        if status is not None and c.what in ("changed", "renamed") and c.id in r.kind_of:
            lines.append(Line(c.name, urls.ROOT + urls.item(c.kind, c.id), f"{status.before} → {status.after}"))
    return lines + [Line(c.name, urls.ROOT + urls.item(c.kind, c.id), "new event")
                    for c in made if c.what == "added" and c.kind == "event" and c.id in r.kind_of]
