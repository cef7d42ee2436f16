"""Checks loaded YAML against the content model; every validation message lives here."""
from __future__ import annotations

import difflib
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from .dates import DateError, VagueDate
from .errors import ContentError, did_you_mean, shown
from .model import (
    Article, Citation, Claim, Content, Event, Loc, Person, Quote, Ref, Site, Statement, Theme,
)
from .urls import base_url_problem
from .yamlio import YList, YMap, YStr

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# An id is a folder name in the site (events/ID/index.html): file systems take 255 bytes
# per name, and Windows about 260 characters per path, the site's own folders included.
MAX_ID = 100
PERSON_KINDS = ("leader", "analyst", "official", "other")
STATUSES = ("confirmed", "reported", "expected")

# field name -> required?  (the order is the order fields are documented in)
FIELDS: dict[str, dict[str, bool]] = {
    "site": {"title": True, "subtitle": False, "description": True, "language": False,
             "as_of": True, "base_url": False, "key_judgments": True},
    "articles": {"id": True, "file": True, "title": True, "outlet": True, "author": False,
                 "published": True, "url": False, "summary": False},
    "people": {"id": True, "name": True, "aliases": False, "kind": True, "role": True,
               "country": True, "affiliation": False, "summary": True},
    "themes": {"id": True, "title": True, "summary": True},
    "events": {"id": True, "title": True, "date": True, "end": False, "location": False,
               "people": False, "themes": False, "summary": True, "sources": True, "status": False},
    "quotes": {"id": False, "speaker": True, "text": True, "source": True, "events": False,
               "themes": False, "context": False},
    "claims": {"id": True, "question": True, "statements": True, "note": False},
}
COMMON = {"former_ids": False, "draft": False}
CITATION_FIELDS = {"article": True, "paragraph": False, "excerpt": False}
STATEMENT_FIELDS = {"source": True, "says": True}
# `[[id]]` and `[[id|words]]`, neither holding a bracket: a run of brackets is then passed
# over in one step each, not scanned to its end from every one (quadratic: 16,000 "[" took 3 s).
LINK_RE = re.compile(r"\[\[([^\[\]|]*)(?:\|[^\[\]]*)?\]\]")
# Markdown link targets: inline `[text](url)` and reference definitions `[name]: url`.
URL_RE = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)|^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)
SAFE_SCHEMES = ("http", "https", "mailto")
# Python-Markdown parses each level of a list in a list by recursion: 250 levels raised
# RecursionError and stopped the build. Content nests two or three.
NESTING_MOST = 20
_MARKERS = re.compile(r"(?:[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])|>)[ \t]*")  # a list item's or a quote's


@dataclass
class RawItem:
    """One item as loaded, with the collection and its index in its file."""

    collection: str
    index: int
    data: Any
    file: str


def loc_of(value: Any, fallback: Loc) -> Loc:
    line = getattr(value, "line", 0)
    if not line:
        return fallback
    return Loc(getattr(value, "file", fallback.file), line, getattr(value, "column", 0))


class Checker:
    """Turns raw items into model objects, collecting every error on the way."""

    def __init__(self, drafts_included: bool, memo: dict[Any, Any] | None = None) -> None:
        self.memo = memo
        self.used: set[Any] = set()
        self.errors: list[ContentError] = []
        self.refs: list[Ref] = []
        self.drafts: set[str] = set()
        self.broken: set[str] = set()
        self.drafts_included = drafts_included

    # -- reporting ---------------------------------------------------------
    def err(self, where: Loc, path: str, message: str) -> None:
        prefix = f"{path}: " if path else ""
        self.errors.append(ContentError(where.file, where.line, where.column, prefix + message))

    # -- generic shape -----------------------------------------------------
    def mapping(self, value: Any, path: str, fields: dict[str, bool], here: Loc, what: str) -> YMap | None:
        if not isinstance(value, YMap):
            self.err(loc_of(value, here), path, f"expected a mapping of fields for {what}, found {_kind(value)}")
            return None
        misspelt: set[str] = set()
        for key in value:
            if key not in fields:
                line, col = value.key_pos[key]
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                misspelt.update(close)
                hint = did_you_mean(key, fields) or "; known fields: " + ", ".join(fields)
                self.err(Loc(value.file, line, col), path, f"unknown field {shown(key)}{hint}")
        for key, required in fields.items():
            if key in misspelt and key not in value:
                continue  # the misspelling is the one mistake; "missing" would say it twice
            if required and (key not in value or _is_null(value[key])):
                self.err(loc_of(value, here), path, f"missing required field '{key}' for {what}")
        return value

    def text(self, m: YMap, key: str, path: str, default: str | None = None) -> str | None:
        value = m.get(key)
        if value is None or _is_null(value):
            return default
        if not isinstance(value, YStr):
            self.err(loc_of(value, _loc(m)), f"{path}.{key}", f"expected text, found {_kind(value)}")
            return default
        if not value.strip():
            self.err(loc_of(value, _loc(m)), f"{path}.{key}", "is empty; write the text or remove the field")
            return default
        return str(value).strip()

    def texts(self, m: YMap, key: str, path: str) -> list[tuple[str, Loc]]:
        value = m.get(key)
        if value is None or _is_null(value):
            return []
        if isinstance(value, YStr):
            value = YList([value])
        if not isinstance(value, YList):
            self.err(loc_of(value, _loc(m)), f"{path}.{key}", f"expected a list, found {_kind(value)}")
            return []
        out: list[tuple[str, Loc]] = []
        for i, item in enumerate(value):
            if not isinstance(item, YStr) or _is_null(item) or not item.strip():
                self.err(loc_of(item, _loc(m)), f"{path}.{key}[{i}]", f"expected text, found {_kind(item)}")
                continue
            out.append((str(item).strip(), loc_of(item, _loc(m))))
        return out

    def ident(self, value: Any, path: str, here: Loc) -> str | None:
        if not isinstance(value, YStr) or _is_null(value):
            self.err(loc_of(value, here), path, f"expected an id, found {_kind(value)}")
            return None
        if len(value) > MAX_ID:
            self.err(loc_of(value, here), path, f"id {shown(value)} is {len(value)} characters long; an id is part of "
                                                f"its page's address: keep it to {MAX_ID} at most")
            return None
        if not ID_RE.match(value):
            fix = _suggest_id(value)
            hint = f"; try '{fix}'" if fix else ""
            self.err(loc_of(value, here), path,
                     f"invalid id {shown(value)}: use lowercase letters, digits and single hyphens{_foreign(value)}{hint}")
            return None
        return str(value)

    def idlist(self, m: YMap, key: str, path: str, kind: str, owner: str) -> tuple[str, ...]:
        out: list[str] = []
        for i, (value, where) in enumerate(self.texts(m, key, path)):
            ys = m[key][i] if isinstance(m[key], YList) else m[key]
            ident = self.ident(ys, f"{path}.{key}[{i}]", where)
            if ident:
                out.append(ident)
                self.refs.append(Ref(ident, kind, where, f"{path}.{key}[{i}]", owner))
        return tuple(out)

    def date(self, m: YMap, key: str, path: str) -> VagueDate | None:
        value = m.get(key)
        if value is None or _is_null(value):
            return None
        if not isinstance(value, YStr):
            self.err(loc_of(value, _loc(m)), f"{path}.{key}", f"expected a date, found {_kind(value)}")
            return None
        try:
            return VagueDate.parse(value)
        except DateError as exc:
            self.err(loc_of(value, _loc(m)), f"{path}.{key}", str(exc))
            return None

    def choice(self, m: YMap, key: str, path: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(m, key, path)
        if value is None:
            return default
        if value not in options:
            hint = did_you_mean(value, options)
            self.err(loc_of(m[key], _loc(m)), f"{path}.{key}",
                     f"{shown(value)} is not one of {', '.join(options)}{hint}")
            return default
        return value

    def markdown(self, m: YMap, key: str, path: str, owner: str, default: str = "") -> str:
        value = self.text(m, key, path, default)
        if value:
            self.links(value, loc_of(m.get(key), _loc(m)), f"{path}.{key}", owner)
        return value or default

    def links(self, text: str, where: Loc, path: str, owner: str) -> None:
        """The checks of a Markdown text: where its links go, and how deep its lists nest."""
        if (depth := _nesting(text)) > NESTING_MOST:
            self.err(where, path, f"lists or quotes nested {depth} levels deep; Markdown here may nest "
                                  f"{NESTING_MOST} at most: flatten it")
        for match in LINK_RE.finditer(text):
            target = match.group(1).strip()
            self.refs.append(Ref(target, "item", where, path, owner))
        for match in URL_RE.finditer(text):
            url = match.group(1) or match.group(2) or ""
            # as a browser reads it: entities decoded, control characters and spaces dropped
            seen = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
            scheme = re.match(r"([a-z][a-z0-9+.\-]*):", seen)
            if scheme and scheme[1] not in SAFE_SCHEMES:
                self.err(where, path, f"link to '{url[:60]}' refused: a link may go to an http(s) or mailto "
                                      "address, or to an item as [[id]]")

    def citation(self, value: Any, path: str, here: Loc, owner: str) -> Citation | None:
        m = self.mapping(value, path, CITATION_FIELDS, here, "a citation ({article: ID, paragraph: N or excerpt: \"...\"})")
        if m is None or "article" not in m:
            return None
        where = loc_of(m, here)
        article = self.ident(m["article"], f"{path}.article", where)
        if article:
            self.refs.append(Ref(article, "article", loc_of(m["article"], where), f"{path}.article", owner))
        paragraph: int | None = None
        if "paragraph" in m and not _is_null(m["paragraph"]):
            raw = m["paragraph"]
            if isinstance(raw, YStr) and raw.isdigit() and int(raw) > 0:
                paragraph = int(raw)
            else:
                self.err(loc_of(raw, where), f"{path}.paragraph",
                         f"expected a paragraph number (1, 2, ...), found {_kind(raw)}")
        excerpt = self.text(m, "excerpt", path)
        if paragraph is not None and excerpt is not None:
            self.err(where, path, "give either paragraph or excerpt, not both")
        if article is None:
            return None
        return Citation(article, paragraph, excerpt, where, path, loc_of(m.get("excerpt"), where),
                        loc_of(m.get("paragraph"), where))

    def common(self, m: YMap, path: str, owner: str) -> tuple[tuple[str, ...], bool]:
        former = tuple(
            f for i, (v, w) in enumerate(self.texts(m, "former_ids", path))
            if (f := self.ident(m["former_ids"][i] if isinstance(m["former_ids"], YList) else m["former_ids"],
                                f"{path}.former_ids[{i}]", w))
        )
        draft = False
        if "draft" in m and not _is_null(m["draft"]):
            raw = str(m["draft"]).lower()
            if raw in ("true", "yes"):
                draft = True
            elif raw not in ("false", "no"):
                self.err(loc_of(m["draft"], _loc(m)), f"{path}.draft", f"expected true or false, found {shown(m['draft'])}")
        return former, draft

    # -- collections -------------------------------------------------------
    def site(self, value: Any, file: str) -> Site | None:
        here = Loc(file, 1, 1)
        m = self.mapping(value, "site", FIELDS["site"], here, "the site")
        if m is None:
            return None
        title = self.text(m, "title", "site")
        description = self.text(m, "description", "site")
        as_of = self.date(m, "as_of", "site")
        if as_of is not None and as_of.precision != "day":
            self.err(loc_of(m["as_of"], here), "site.as_of", "must be a day, YYYY-MM-DD")
        base_url = self.text(m, "base_url", "site")
        if base_url is not None and (problem := base_url_problem(base_url)):
            self.err(loc_of(m["base_url"], here), "site.base_url", f"{shown(base_url)} {problem}")
            base_url = None
        judgments = []
        for i, (kj, where) in enumerate(self.texts(m, "key_judgments", "site")):
            self.links(kj, where, f"site.key_judgments[{i}]", "site")
            judgments.append(kj)
        if title is None or description is None or as_of is None:
            return None
        if base_url and not base_url.endswith("/"):
            base_url += "/"
        return Site(title, self.text(m, "subtitle", "site", "") or "", description,
                    self.text(m, "language", "site", "en") or "en", as_of, base_url, tuple(judgments), _loc(m))

    def item(self, raw: RawItem) -> Any:
        """Validate one item of a collection; None (after recording errors) when unusable.

        With a memo (the dev server's), an item whose YAML is unchanged (the very same
        parsed object) is not checked again: its result and findings are replayed.
        """
        if self.memo is None:
            return self._item(raw)
        key = (id(raw.data), raw.collection, raw.index, self.drafts_included)
        self.used.add(key)
        known = self.memo.get(key)
        if known is None or known[0] is not raw.data:
            marks = (len(self.errors), len(self.refs), set(self.drafts), set(self.broken))
            built = self._item(raw)
            known = (raw.data, built, self.errors[marks[0]:], self.refs[marks[1]:],
                     self.drafts - marks[2], self.broken - marks[3])
            self.memo[key] = known
            return built
        self.errors.extend(known[2])
        self.refs.extend(known[3])
        self.drafts.update(known[4])
        self.broken.update(known[5])
        return known[1]

    def forget_unused(self) -> None:
        """Drop memo entries of YAML that this build no longer has (edited or removed files)."""
        if self.memo is not None:
            for key in set(self.memo) - self.used:
                del self.memo[key]

    def _item(self, raw: RawItem) -> Any:
        kind = raw.collection
        path = f"{kind}[{raw.index}]"
        here = Loc(raw.file, 1, 1)
        m = self.mapping(raw.data, path, FIELDS[kind] | COMMON, here, _SINGULAR[kind])
        if m is None:
            return None
        ident = None
        if "id" in m and not _is_null(m["id"]):
            ident = self.ident(m["id"], f"{path}.id", _loc(m))
            if ident is None:  # already reported: references to it (as written or as fixed) are not news
                self.broken.update({str(m["id"]), _suggest_id(str(m["id"]))})
        owner = ident or path
        former, draft = self.common(m, path, owner)
        if draft and not self.drafts_included:
            if ident:
                self.drafts.add(ident)
            return None
        built = _BUILDERS[kind](self, m, path, ident, former)
        if built is None and ident:
            self.broken.add(ident)
        return built

    def article(self, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Article | None:
        file = self.text(m, "file", path)
        if file is not None and ("/" in file or "\\" in file or file.startswith(".")):
            self.err(loc_of(m["file"], _loc(m)), f"{path}.file",
                     f"{shown(file)} must be a plain file name inside seeds/, without folders")
            file = None
        title = self.text(m, "title", path)
        outlet = self.text(m, "outlet", path)
        published: VagueDate | None = None
        if isinstance(m.get("published"), YStr) and str(m["published"]).strip() != "unknown":
            published = self.date(m, "published", path)
        url = self.text(m, "url", path)
        if url is not None and not re.match(r"^https?://\S+$", url):
            self.err(loc_of(m["url"], _loc(m)), f"{path}.url", f"{shown(url)} is not an http(s) URL")
            url = None
        summary = self.markdown(m, "summary", path, ident or path)
        if None in (ident, file, title, outlet):
            return None
        assert ident and file and title and outlet
        return Article(ident, file, title, outlet, self.text(m, "author", path), published, url, summary,
                       former, _loc(m), loc_of(m["file"], _loc(m)))

    def person(self, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Person | None:
        name = self.text(m, "name", path)
        aliases = tuple(a for a, _ in self.texts(m, "aliases", path))
        kind = self.choice(m, "kind", path, PERSON_KINDS, "other")
        role = self.text(m, "role", path)
        country = self.text(m, "country", path)
        summary = self.markdown(m, "summary", path, ident or path)
        if None in (ident, name, role, country):
            return None
        assert ident and name and role and country
        return Person(ident, name, aliases, kind, role, country, self.text(m, "affiliation", path), summary,
                      former, _loc(m))

    def theme(self, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Theme | None:
        title = self.text(m, "title", path)
        summary = self.markdown(m, "summary", path, ident or path)
        if ident is None or title is None:
            return None
        return Theme(ident, title, summary, former, _loc(m))

    def event(self, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Event | None:
        owner = ident or path
        title = self.text(m, "title", path)
        date = self.date(m, "date", path)
        end = self.date(m, "end", path)
        if date and end and end.latest() < date.earliest():
            self.err(loc_of(m["end"], _loc(m)), f"{path}.end",
                     f"ends ({end.label()}) before it starts ({date.label()}); swap or fix the dates")
            end = None
        people = self.idlist(m, "people", path, "person", owner)
        themes = self.idlist(m, "themes", path, "theme", owner)
        summary = self.markdown(m, "summary", path, owner)
        sources = self.citations(m, "sources", path, owner)
        status = self.choice(m, "status", path, STATUSES, "confirmed")
        if None in (ident, title, date):
            return None
        assert ident and title and date
        return Event(ident, title, date, end, self.text(m, "location", path), people, themes, summary,
                     sources, status, former, _loc(m))

    def citations(self, m: YMap, key: str, path: str, owner: str) -> tuple[Citation, ...]:
        value = m.get(key)
        if value is None or _is_null(value):
            return ()
        if not isinstance(value, YList) or not value:
            self.err(loc_of(value, _loc(m)), f"{path}.{key}", f"expected a list of citations, found {_kind(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            c = self.citation(item, f"{path}.{key}[{i}]", loc_of(item, _loc(m)), owner)
            if c:
                out.append(c)
        return tuple(out)

    def quote(self, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Quote | None:
        speaker = None
        if "speaker" in m and not _is_null(m["speaker"]):
            speaker = self.ident(m["speaker"], f"{path}.speaker", _loc(m))
        text = self.text(m, "text", path)
        derived = ident is None
        if derived and speaker and text:
            ident = derive_quote_id(speaker, text)
        owner = ident or path
        if speaker:
            self.refs.append(Ref(speaker, "person", loc_of(m["speaker"], _loc(m)), f"{path}.speaker", owner))
        source = None
        if "source" in m and not _is_null(m["source"]):
            source = self.citation(m["source"], f"{path}.source", loc_of(m["source"], _loc(m)), owner)
        events = self.idlist(m, "events", path, "event", owner)
        themes = self.idlist(m, "themes", path, "theme", owner)
        context = self.text(m, "context", path)
        if None in (ident, speaker, text, source):
            return None
        assert ident and speaker and text and source
        return Quote(ident, speaker, text, source, events, themes, context, former, _loc(m),
                     loc_of(m["text"], _loc(m)), derived)

    def claim(self, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Claim | None:
        owner = ident or path
        question = self.text(m, "question", path)
        note = self.markdown(m, "note", path, owner)
        statements: list[Statement] = []
        value = m.get("statements")
        if isinstance(value, YList) and len(value) >= 2:
            for i, item in enumerate(value):
                spath = f"{path}.statements[{i}]"
                sm = self.mapping(item, spath, STATEMENT_FIELDS, loc_of(item, _loc(m)), "a statement {source, says}")
                if sm is None or "source" not in sm:
                    continue
                source = self.citation(sm["source"], f"{spath}.source", loc_of(sm["source"], _loc(sm)), owner)
                says = self.text(sm, "says", spath)
                if source and says:
                    statements.append(Statement(source, says, loc_of(sm.get("says"), _loc(sm))))
        elif value is not None and not _is_null(value):
            self.err(loc_of(value, _loc(m)), f"{path}.statements",
                     "expected a list of at least two statements, each {source: {article: ID}, says: \"...\"}")
        if None in (ident, question):
            return None
        assert ident and question
        return Claim(ident, question, tuple(statements), note, former, _loc(m))

    def content(self, site: Site, items: dict[str, list[Any]], unreadable: set[str]) -> Content:
        kinds = {_KIND[c] for c in unreadable}
        return Content(site, tuple(items["articles"]), tuple(items["people"]), tuple(items["themes"]),
                       tuple(items["events"]), tuple(items["quotes"]), tuple(items["claims"]),
                       tuple(self.refs), frozenset(self.drafts), frozenset(self.broken | kinds))


# Letters of other scripts that pass for Latin ones in an id (Cyrillic and Greek look-alikes).
_LOOKALIKES = str.maketrans("аеорсухіјѕοιν", "aeopcyxijsoiv")


def _suggest_id(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value.translate(_LOOKALIKES)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _foreign(value: str) -> str:
    """'; 'а' (U+0430, CYRILLIC SMALL LETTER A) is not a Latin letter' for the first non-ASCII character."""
    odd = next((c for c in value if ord(c) > 127), None)
    if odd is None:
        return ""
    return f"; '{odd}' (U+{ord(odd):04X}, {unicodedata.name(odd, 'unnamed')}) is not a Latin letter"


def derive_quote_id(speaker: str, text: str) -> str:
    """`speaker-first-four-words`: stable as long as the quote's opening stays the same."""
    words = re.findall(r"[a-z0-9]+", text.lower())[:4]
    return "-".join([speaker, *words]) if words else speaker


_KIND = {"articles": "article", "people": "person", "themes": "theme", "events": "event",
         "quotes": "quote", "claims": "claim", "site": "site"}
_SINGULAR = {"articles": "an article", "people": "a person", "themes": "a theme", "events": "an event",
             "quotes": "a quote", "claims": "a claim"}
_BUILDERS: dict[str, Callable[..., Any]] = {
    "articles": Checker.article, "people": Checker.person, "themes": Checker.theme,
    "events": Checker.event, "quotes": Checker.quote, "claims": Checker.claim,
}


def _nesting(text: str) -> int:
    """At least how deep a Markdown text's deepest line nests: its list and quote markers
    ("- > 1. x" is three), and a level per 4 spaces (a tab is 4) it is indented by."""
    deepest = 0
    for line in text.expandtabs(4).splitlines():
        body = line.lstrip(" ")
        markers = 0
        at = 0
        while (m := _MARKERS.match(body, at)) and m.end() > at:
            markers, at = markers + 1, m.end()
        deepest = max(deepest, (len(line) - len(body)) // 4 + markers)
    return deepest


def _loc(value: Any) -> Loc:
    return Loc(getattr(value, "file", "?"), getattr(value, "line", 0), getattr(value, "column", 0))


def _is_null(value: Any) -> bool:
    return isinstance(value, YStr) and value.null


def _kind(value: Any) -> str:
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if value is None or _is_null(value):
        return "nothing"
    return shown(value)
