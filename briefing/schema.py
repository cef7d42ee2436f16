"""The collections: which fields each has, and one builder per collection that reads them with fields.py's
readers. Every validation message lives in the two."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .citations import STYLES
from .dates import DateError, VagueDate, ends_before, parse_range
from .errors import ContentError, indefinite, shown
from .fields import Fields, field_loc, is_null, kind_of, loc_of, own_loc, suggest_id
from .model import (CLAIM_STATUSES, CONFIDENCE, CREDIBILITY, KINDS, PERSON_KINDS, RELIABILITY, Article, Citation,
                    Claim, Content, Event, Loc, Person, Quote, Ref, Site, Statement, Theme)
from .urls import base_url_problem
from .yamlio import YList, YMap, YStr

STATUSES = ("confirmed", "reported", "expected")

# field name -> required?  (the order is the order fields are documented in)
FIELDS: Mapping[str, Mapping[str, bool]] = MappingProxyType({
    "site": {"title": True, "subtitle": False, "description": True, "language": False,
             "as_of": True, "base_url": False, "key_judgments": True, "publisher": False,
             "citation_style": False},
    "articles": {"id": True, "file": True, "title": True, "outlet": True, "author": False,
                 "published": True, "url": False, "archived_url": False, "summary": False, "reliability": False,
                 "language": False},
    "people": {"id": True, "name": True, "aliases": False, "kind": True, "role": True,
               "country": True, "affiliation": False, "summary": True},
    "themes": {"id": True, "title": True, "summary": True},
    "events": {"id": True, "title": True, "date": True, "end": False, "location": False,
               "people": False, "themes": False, "summary": True, "sources": True, "status": False},
    "quotes": {"id": False, "speaker": True, "text": True, "source": True, "events": False,
               "themes": False, "context": False, "paraphrase": False},
    "claims": {"id": True, "question": True, "statements": True, "note": False, "status": False,
               "resolution": False},
})
COMMON = MappingProxyType({"former_ids": False, "draft": False, "found_in": False})
STATEMENT_FIELDS = MappingProxyType({"source": True, "says": True, "credibility": False})
JUDGMENT_FIELDS = MappingProxyType({"text": True, "confidence": False})


@dataclass
class RawItem:  # one item as loaded, with its index in its file
    collection: str
    index: int
    data: Any
    file: str


_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$")  # en, fr, pt-BR, zh-Hant-TW


def _language_tag(written: str) -> str:
    """A BCP 47 tag in any case, as it allows ("FR", "en-gb"), in the case it advises ("fr", "en-GB")."""
    first, *rest = written.split("-")
    return "-".join([first.lower(), *(p.title() if len(p) == 4 else p.upper() for p in rest)])


def _language(f: Fields, m: YMap, path: str) -> str | None:
    """A `language`: a BCP 47 tag in the case it advises ("FR" is fr), a page's `lang` and a citation's language;
    None if unset (or not a tag: an error)."""
    if (written := f.text(m, "language", path)) is None:
        return None
    if not _LANGUAGE.match(language := _language_tag(written)):
        f.err_at(m, "language", path, f"{shown(written)} is not a language tag: write one like en, fr, de or pt-BR "
                                      "(BCP 47)")
        return None
    return language


class Checker(Fields):
    """Turns raw items into model objects, collecting every error; and learns which ids are
    drafts left out, and which items are broken (so that references to them are not news)."""

    def __init__(self, drafts_included: bool) -> None:
        super().__init__()
        self.drafts: set[str] = set()
        self.shown_drafts: dict[str, Citation | None] = {}  # built with --drafts: where each was found, if said
        self.broken: set[str] = set()
        self.drafts_included = drafts_included

    def site(self, value: Any, file: str) -> Site | None:
        """The site's settings; None (after recording errors) when unusable."""
        m = self.mapping(value, "site", FIELDS["site"], Loc(file, 1, 1), "the site")
        if m is None:
            return None
        title = self.text(m, "title", "site")
        description = self.text(m, "description", "site")
        as_of = self.dated(m, "as_of", "site", _day)
        base_url = self.text(m, "base_url", "site")
        if base_url is not None and (problem := base_url_problem(base_url)):
            self.err_at(m, "base_url", "site", f"{shown(base_url)} {problem}")
            base_url = None
        elif base_url and not base_url.endswith("/"):
            base_url += "/"  # so that page addresses can be added to it
        judgments = self.judgments(m)
        language = _language(self, m, "site") or "en"
        if title is None or description is None or as_of is None:
            return None
        return Site(title, self.text(m, "subtitle", "site") or "", description,
                    language, as_of, base_url, tuple(kj for kj, _ in judgments),
                    own_loc(m), self.text(m, "publisher", "site") or "",
                    self.choice(m, "citation_style", "site", tuple(STYLES), "chicago-author-date"),
                    tuple(confidence for _, confidence in judgments))

    def judgments(self, m: YMap) -> list[tuple[str, str]]:
        """The key judgments, each Markdown text with the editors' confidence ("" when none is stated): an item is
        the text alone, or {text, confidence}; a single text is a list of one. Their links are checked."""
        value = m.get("key_judgments")
        if is_null(value):
            return []
        if not isinstance(value, (YList, YStr)):
            self.err_at(m, "key_judgments", "site", f"expected a list, found {kind_of(value)}")
            return []
        out = []
        for i, item in enumerate(value if isinstance(value, YList) else [value]):
            path = f"site.key_judgments[{i}]"
            found = self._judgment(item, path, own_loc(m))
            if found:
                self.links(found[0], found[2], path, "site")
                out.append(found[:2])
        return out

    def _judgment(self, item: Any, path: str, here: Loc) -> tuple[str, str, Loc] | None:
        """One key judgment: its text, its confidence and where its text is; None (reported) when unusable."""
        if isinstance(item, YMap):
            jm = self.mapping(item, path, JUDGMENT_FIELDS, here, "a key judgment {text, confidence}")
            text = self.text(item, "text", path)
            confidence = self.choice(item, "confidence", path, tuple(CONFIDENCE), "")
            return (text, confidence, field_loc(item, "text")) if jm is not None and text else None
        if not isinstance(item, YStr) or is_null(item) or not item.strip():
            self.err(loc_of(item, here), path, "expected text or {text: ..., confidence: low, moderate or high}, "
                                               f"found {kind_of(item)}")
            return None
        return str(item).strip(), "", loc_of(item, here)

    def item(self, raw: RawItem) -> Any:
        """Validate one item of a collection; None (after recording errors) when unusable."""
        kind = raw.collection
        path = f"{kind}[{raw.index}]"
        m = self.mapping(raw.data, path, {**FIELDS[kind], **COMMON}, Loc(raw.file, 1, 1), indefinite(KINDS[kind]))
        if m is None:
            return None
        ident = None
        if not is_null(m.get("id")):
            ident = self.ident(m["id"], f"{path}.id", own_loc(m))
            if ident is None:  # already reported: references to it (as written or as fixed) are not news
                self.broken.update({str(m["id"]), suggest_id(str(m["id"]))})
        draft = self.flag(m, "draft", path)
        if draft and not self.drafts_included:  # left out, and not checked: a stale draft fails no build
            if ident:
                self.drafts.add(ident)
            return None
        former, found_in = self.common(m, path)
        built = _BUILDERS[kind](self, m, path, ident, former)
        if draft and built is not None:
            self.shown_drafts[built.id] = found_in
        if built is None and ident:
            self.broken.add(ident)
        return built

    def content(self, site: Site, parts: list[Checked], unreadable: set[str]) -> Content:
        """The valid items of every file as the content model; a collection with an unreadable file is broken."""
        items: dict[str, list[Any]] = {c: [] for c in KINDS}
        for part in parts:
            items[part.collection] += part.items
        kinds = {KINDS.get(c, c) for c in unreadable}
        return Content(site, **{c: tuple(found) for c, found in items.items()},
                       refs=(*self.refs, *(ref for part in parts for ref in part.refs)),
                       drafts=frozenset(self.drafts.union(*(part.drafts for part in parts))),
                       shown_drafts={k: v for part in parts for k, v in part.shown_drafts},
                       broken=frozenset(self.broken.union(kinds, *(part.broken for part in parts))))


@dataclass(frozen=True)
class Checked:
    """One file's items checked: the valid ones, and what checking them found."""

    collection: str
    items: tuple[Any, ...]
    errors: tuple[ContentError, ...]
    refs: tuple[Ref, ...]
    drafts: frozenset[str]
    broken: frozenset[str]
    shown_drafts: tuple[tuple[str, Citation | None], ...] = ()


def _day(written: str) -> VagueDate:
    """The day the briefing stands: a day for certain, as every other form a date may take is refused in words
    that name only this one (the dates' own message offered months and ranges, which as_of refuses)."""
    try:
        day = VagueDate.parse(written)
    except DateError as exc:
        try:
            parse_range(written)
        except DateError:
            raise DateError(f"{shown(written)} is not a day; write YYYY-MM-DD, such as 2025-09-30") from None
        raise exc from None  # a range, said so
    if day.precision != "day":
        raise DateError("must be a day, YYYY-MM-DD")
    if not day.plain():
        raise DateError(f"must be a day for certain: write {day.iso()}, with no ?, ~, % or open side")
    return day


def check_file(raws: list[RawItem], drafts_included: bool) -> Checked:
    """The items of one file (all of one collection), by a Checker of their own."""
    c = Checker(drafts_included)
    items = tuple(x for raw in raws if (x := c.item(raw)) is not None)
    return Checked(raws[0].collection, items, tuple(c.errors), tuple(c.refs), frozenset(c.drafts), frozenset(c.broken),
                   tuple(c.shown_drafts.items()))


def derive_quote_id(speaker: str, text: str) -> str:
    """`speaker-first-four-words`: stable as long as the quote's opening stays the same. (Its letters a-z only, "É"
    and all dropped: so it has been since the first briefing, and the id of a quote written without one is its
    address; `new` and `suggest`, which write the id out, spell the words in full: written_quote_id.)"""
    words = re.findall(r"[a-z0-9]+", text.lower())[:4]
    return "-".join([speaker, *words]) if words else speaker


def written_quote_id(speaker: str, text: str) -> str:
    """`speaker-first-four-words` for a quote whose id is written out: accented and other letters spelt in plain
    ones ("Élodie" as "elodie", not "lodie")."""
    words = suggest_id(text).split("-")[:4]
    return "-".join([speaker, *filter(None, words)])


# One builder per collection: every field read (all of an item's mistakes at once), None if a required one is unusable.

def _article(f: Fields, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Article | None:
    file = f.text(m, "file", path)
    if file is not None and ("/" in file or "\\" in file or file.startswith(".")):
        f.err_at(m, "file", path, f"{shown(file)} must be a plain file name inside seeds/, without folders")
        file = None
    title = f.text(m, "title", path)
    outlet = f.text(m, "outlet", path)
    unknown = not isinstance(m.get("published"), YStr) or str(m["published"]).strip() == "unknown"
    published = None if unknown else f.date(m, "published", path)
    url, archived = (_address(f, m, key, path) for key in ("url", "archived_url"))
    summary = f.markdown(m, "summary", path, ident or path)
    reliability = f.choice(m, "reliability", path, tuple(RELIABILITY), "") or None
    language = _language(f, m, path)
    if ident is None or file is None or title is None or outlet is None:
        return None
    return Article(ident, file, title, outlet, f.text(m, "author", path), published, url, summary,
                   former, own_loc(m), field_loc(m, "file"), archived, reliability, language)


def _address(f: Fields, m: YMap, key: str, path: str) -> str | None:
    """An http(s) address field."""
    url = f.text(m, key, path)
    if url is not None and not re.match(r"^https?://\S+$", url):
        f.err_at(m, key, path, f"{shown(url)} is not an http(s) URL")
        return None
    return url


def _person(f: Fields, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Person | None:
    name = f.text(m, "name", path)
    written = f.texts(m, "aliases", path)
    aliases = tuple(a for a, _, _ in written)
    for alias, i, at in written:
        if ";" in alias:  # a row of a spreadsheet pasted: one "alias" no text writes, so no mention found
            f.err(at, f"{path}.aliases[{i}]", f"{shown(alias)} holds a ';': write each spelling as an item of a list, "
                                              f"[{', '.join(part.strip() for part in alias.split(';'))}]")
    kind = f.choice(m, "kind", path, tuple(PERSON_KINDS), "other")
    role = f.text(m, "role", path)
    country = f.text(m, "country", path)
    summary = f.markdown(m, "summary", path, ident or path)
    if ident is None or name is None or role is None or country is None:
        return None
    return Person(ident, name, aliases, kind, role, country, f.text(m, "affiliation", path), summary,
                  former, own_loc(m))


def _theme(f: Fields, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Theme | None:
    title = f.text(m, "title", path)
    summary = f.markdown(m, "summary", path, ident or path)
    if ident is None or title is None:
        return None
    return Theme(ident, title, summary, former, own_loc(m))


def _event(f: Fields, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Event | None:
    owner = ident or path
    title = f.text(m, "title", path)
    date, end = f.date_range(m, "date", path) or (None, None)
    end = _end(f, m, path, date, end)
    people = f.idlist(m, "people", path, "person", owner)
    themes = f.idlist(m, "themes", path, "theme", owner)
    summary = f.markdown(m, "summary", path, owner)
    sources = f.citations(m, "sources", path, owner)
    status = f.choice(m, "status", path, STATUSES, "confirmed")
    if ident is None or title is None or date is None:
        return None
    return Event(ident, title, date, end, f.text(m, "location", path), people, themes, summary,
                 sources, status, former, own_loc(m))


def _end(f: Fields, m: YMap, path: str, date: VagueDate | None, ranged: VagueDate | None) -> VagueDate | None:
    """An event's last date: the end of the range written in `date`, or the field `end` (never both), one date
    with no open side (an open range is written in `date`), not before the start."""
    end = f.date(m, "end", path)
    if end is None:
        return ranged
    if ranged is not None or (date is not None and date.open):
        f.err_at(m, "end", path, f"date {shown(str(m['date']).strip())} is already a range; write the range in date "
                                 "alone, or date and end as one date each")
        return ranged
    if end.open:
        f.err_at(m, "end", path, f"{shown(end.text())} is open-ended; end is one date: write an open range in date "
                                 "alone, as 2019-01/.. or ../2011")
        return None
    if date is not None and (problem := ends_before(date, end)):
        f.err_at(m, "end", path, problem)
        return None
    return end


def _quote(f: Fields, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Quote | None:
    speaker = None if is_null(m.get("speaker")) else f.ident(m["speaker"], f"{path}.speaker", own_loc(m))
    text = f.text(m, "text", path)
    derived = ident is None
    if derived and speaker and text:
        ident = derive_quote_id(speaker, text)
    owner = ident or path
    if speaker:
        f.refs.append(Ref(speaker, "person", field_loc(m, "speaker"), f"{path}.speaker", owner))
    source = None if is_null(m.get("source")) else f.citation(m["source"], f"{path}.source", field_loc(m, "source"),
                                                               owner)
    events = f.idlist(m, "events", path, "event", owner)
    themes = f.idlist(m, "themes", path, "theme", owner)
    context = f.text(m, "context", path)
    paraphrase = f.flag(m, "paraphrase", path)
    if ident is None or speaker is None or text is None or source is None:
        return None
    return Quote(ident, speaker, text, source, events, themes, context, former, own_loc(m),
                 field_loc(m, "text"), derived, paraphrase)


def _claim(f: Fields, m: YMap, path: str, ident: str | None, former: tuple[str, ...]) -> Claim | None:
    owner = ident or path
    question = f.text(m, "question", path)
    note = f.markdown(m, "note", path, owner)
    value = m.get("statements")
    if not isinstance(value, YList) or len(value) < 2:  # at least two: a claim sets sources side by side
        if not is_null(value):
            f.err_at(m, "statements", path,
                     "expected a list of at least two statements, each {source: {article: ID}, says: \"...\"}")
        value = ()
    statements = tuple(s for i, item in enumerate(value)
                       if (s := _statement(f, item, f"{path}.statements[{i}]", own_loc(m), owner)))
    status = f.choice(m, "status", path, tuple(CLAIM_STATUSES), "open")
    resolution = f.markdown(m, "resolution", path, owner)
    _check_resolution(f, m, path, status)
    if ident is None or question is None:
        return None
    return Claim(ident, question, statements, note, former, own_loc(m), status, resolution)


def _check_resolution(f: Fields, m: YMap, path: str, status: str) -> None:
    """A settled or superseded claim says why, and only such a claim has a resolution (a status written wrong has
    been reported already)."""
    written = "open" if is_null(m.get("status")) else str(m["status"]).strip()
    if status != written:
        return
    if status != "open" and is_null(m.get("resolution")):
        overtook = "settled" if status == "settled" else "overtook"
        f.err_at(m, "status", path, f"a {status} claim says what {overtook} it: add a resolution, citing the articles")
    elif status == "open" and not is_null(m.get("resolution")):
        f.err_at(m, "resolution", path, "is for a settled or superseded claim: add status: settled (or superseded), "
                                        "or move the text to note")


def _statement(f: Fields, item: Any, path: str, here: Loc, owner: str) -> Statement | None:
    """One source's answer to a claim's question, with the editors' grade of its information if they gave one."""
    sm = f.mapping(item, path, STATEMENT_FIELDS, loc_of(item, here), "a statement {source, says}")
    if sm is None or "source" not in sm:
        return None
    source = f.citation(sm["source"], f"{path}.source", field_loc(sm, "source"), owner)
    says = f.text(sm, "says", path)
    credibility = f.choice(sm, "credibility", path, tuple(CREDIBILITY), "") or None
    return Statement(source, says, field_loc(sm, "says"), credibility) if source and says else None


_BUILDERS: Mapping[str, Callable[[Fields, YMap, str, str | None, tuple[str, ...]], Any]] = MappingProxyType({
    "articles": _article, "people": _person, "themes": _theme, "events": _event, "quotes": _quote, "claims": _claim})
