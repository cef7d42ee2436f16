"""Generic readers of one field of loaded YAML, shared by every collection's builder (schema.py).
Each returns the value, or a default after recording an error: one run reports every mistake."""
from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from anyascii import anyascii

from .dates import DateError, VagueDate, parse_range
from .folding import HANGUL, LETTERS, UNSPACED
from .errors import ContentError, did_you_mean, shown
from .model import Citation, Loc, Ref
from .yamlio import YList, YMap, YStr

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# An id names a folder of the site: 255 bytes a name, and on Windows about 260 characters a path.
MAX_ID = 100
CITATION_FIELDS = MappingProxyType({"article": True, "paragraph": False, "excerpt": False})
# `[[id]]` and `[[id|words]]`, holding no bracket, so that a run of brackets is not scanned quadratically.
LINK_RE = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
# Markdown link targets: inline `[text](url)` and reference definitions `[name]: url`.
URL_RE = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)|^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)
SAFE_SCHEMES = ("http", "https", "mailto")
# Python-Markdown recurses per level of nested lists: deep enough, RecursionError. Content nests 2 or 3.
NESTING_MOST = 20
_MARKERS = re.compile(r"(?:[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])|>)[ \t]*")  # a list item's or a quote's
# Letters of other scripts that pass for Latin ones in an id (Cyrillic and Greek look-alikes).
_LOOKALIKES = MappingProxyType(str.maketrans("аеорсухіјѕοιν", "aeopcyxijsoiv"))
T = TypeVar("T")


class Fields:
    """The field readers, and what they found: the errors, and the references to resolve later."""

    def __init__(self) -> None:
        self.errors: list[ContentError] = []
        self.refs: list[Ref] = []

    def err(self, where: Loc, path: str, message: str) -> None:
        """Record a problem at `where`, named by its path in the content (`events[3].date`)."""
        self.errors.append(ContentError(where.file, where.line, where.column, f"{path}: {message}"))

    def err_at(self, m: YMap, key: str, path: str, message: str) -> None:
        self.err(field_loc(m, key), f"{path}.{key}", message)

    def mapping(self, value: Any, path: str, fields: Mapping[str, bool], here: Loc, what: str) -> YMap | None:
        """The value as a mapping, its unknown and missing fields reported; None if not a mapping."""
        if not isinstance(value, YMap):
            self.err(loc_of(value, here), path, f"expected a mapping of fields for {what}, found {kind_of(value)}")
            return None
        misspelt: set[str] = set()
        for key in value:
            if key not in fields:
                misspelt.update(difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6))
                hint = did_you_mean(key, fields) or "; known fields: " + ", ".join(fields)
                self.err(Loc(value.file, *value.key_pos[key]), path, f"unknown field {shown(key)}{hint}")
        for key, required in fields.items():  # a misspelt one is missing too, but saying so would say it twice
            if required and is_null(value.get(key)) and not (key in misspelt and key not in value):
                self.err(loc_of(value, here), path, f"missing required field '{key}' for {what}")
        return value

    def text(self, m: YMap, key: str, path: str) -> str | None:
        """A text field, stripped; None when absent, empty or not text."""
        value = m.get(key)
        if is_null(value):
            return None
        if not isinstance(value, YStr):
            self.err_at(m, key, path, f"expected text, found {kind_of(value)}")
            return None
        if not value.strip():
            self.err_at(m, key, path, "is empty; write the text or remove the field")
            return None
        return str(value).strip()

    def texts(self, m: YMap, key: str, path: str) -> list[tuple[str, int, Loc]]:
        """A list of texts, each with its index in the list and where it is; a single text is a list of one."""
        value = m.get(key)
        if is_null(value):
            return []
        if isinstance(value, YStr):
            value = YList([value])
        if not isinstance(value, YList):
            self.err_at(m, key, path, f"expected a list, found {kind_of(value)}")
            return []
        out: list[tuple[str, int, Loc]] = []
        for i, item in enumerate(value):
            if not isinstance(item, YStr) or is_null(item) or not item.strip():
                self.err(loc_of(item, own_loc(m)), f"{path}.{key}[{i}]", f"expected text, found {kind_of(item)}")
                continue
            out.append((str(item).strip(), i, loc_of(item, own_loc(m))))
        return out

    def ident(self, value: Any, path: str, here: Loc) -> str | None:
        """An id: it names a page's folder, so it is short and plain (with a fix suggested)."""
        if not isinstance(value, YStr) or is_null(value):
            self.err(loc_of(value, here), path, f"expected an id, found {kind_of(value)}")
            return None
        if len(value) > MAX_ID:
            self.err(loc_of(value, here), path, f"id {shown(value)} is {len(value)} characters long; an id is part of "
                                                f"its page's address: keep it to {MAX_ID} at most")
            return None
        if not ID_RE.match(value):
            odd = next((c for c in value if ord(c) > 127), None)  # named: often a look-alike of a Latin letter
            foreign = (f"; '{odd}' (U+{ord(odd):04X}, {unicodedata.name(odd, 'unnamed')}) is none of a-z"
                       if odd else "")
            listed = [part.strip() for part in value.split(",")]
            hint = (f"; a list of ids is written in brackets: [{', '.join(listed)}]"
                    if len(listed) > 1 and all(ID_RE.match(part) for part in listed)
                    else f"; try '{fix}'" if (fix := suggest_id(value)) else "")
            self.err(loc_of(value, here), path,
                     f"invalid id {shown(value)}: use lowercase letters, digits and single hyphens{foreign}{hint}")
            return None
        return str(value)

    def ids(self, m: YMap, key: str, path: str) -> list[tuple[str, int, Loc]]:
        """The valid ids of a list field, with each one's index and place."""
        items = m[key] if isinstance(m.get(key), YList) else [m.get(key)]
        return [(ident, i, where) for _, i, where in self.texts(m, key, path)  # i: the index, invalid items counted
                if (ident := self.ident(items[i], f"{path}.{key}[{i}]", where))]

    def idlist(self, m: YMap, key: str, path: str, kind: str, owner: str) -> tuple[str, ...]:
        """A list of ids of items of `kind`, each remembered as a reference for resolving to check."""
        found = self.ids(m, key, path)
        self.refs += (Ref(ident, kind, where, f"{path}.{key}[{i}]", owner) for ident, i, where in found)
        return tuple(ident for ident, _, _ in found)

    def date(self, m: YMap, key: str, path: str) -> VagueDate | None:
        """A date as precise as the writer knew it (a day, month, year or decade), perhaps marked or open-ended;
        a range of two dates is refused."""
        return self.dated(m, key, path, VagueDate.parse)

    def date_range(self, m: YMap, key: str, path: str) -> tuple[VagueDate, VagueDate | None] | None:
        """A date, or a range written in one field (2019-01/2019-03): its start and its end (None for one date)."""
        return self.dated(m, key, path, parse_range)

    def dated(self, m: YMap, key: str, path: str, parse: Callable[[str], T]) -> T | None:
        """A date field read by `parse`, which raises DateError with what to write instead."""
        value = m.get(key)
        if is_null(value):
            return None
        if not isinstance(value, YStr):
            self.err_at(m, key, path, f"expected a date, found {kind_of(value)}")
            return None
        try:
            return parse(value)
        except DateError as exc:
            self.err_at(m, key, path, str(exc))
            return None

    def choice(self, m: YMap, key: str, path: str, options: tuple[str, ...], default: str) -> str:
        """One of a few words; the default when absent or not one of them."""
        value = self.text(m, key, path)
        if value is not None and value not in options:
            cased = [o for o in options if o.casefold() == value.casefold()]  # "b" is B, which difflib misses
            hint = f"; did you mean '{cased[0]}'?" if cased else did_you_mean(value, options)
            self.err_at(m, key, path, f"{shown(value)} is not one of {', '.join(options)}{hint}")
            return default
        return value or default

    def markdown(self, m: YMap, key: str, path: str, owner: str) -> str:
        """A Markdown text field ("" when absent), its links checked (see links)."""
        value = self.text(m, key, path) or ""
        if value:
            self.links(value, field_loc(m, key), f"{path}.{key}", owner)
        return value

    def links(self, text: str, where: Loc, path: str, owner: str) -> None:
        """The checks of a Markdown text: where its links go, and how deep its lists nest."""
        depth = 0  # at least how deep it nests: a level per list or quote marker, and per 4 spaces of indent
        for line in text.expandtabs(4).splitlines():
            body = line.lstrip(" ")
            markers = at = 0
            while (m := _MARKERS.match(body, at)) and m.end() > at:
                markers, at = markers + 1, m.end()
            depth = max(depth, (len(line) - len(body)) // 4 + markers)
        if depth > NESTING_MOST:
            self.err(where, path, f"lists or quotes nested {depth} levels deep; Markdown here may nest "
                                  f"{NESTING_MOST} at most: flatten it")
        for match in LINK_RE.finditer(text):
            if match[1].strip():
                self.refs.append(Ref(match[1].strip(), "item", where, path, owner))
            else:
                self.err(where, path, f"link {shown(match[0])} names no item: write its id before any |, "
                                      "as [[id]] or [[id|words]]")
        for match in URL_RE.finditer(text):
            url = match.group(1) or match.group(2) or ""
            # as a browser reads it: entities decoded, control characters and spaces dropped
            seen = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
            scheme = re.match(r"([a-z][a-z0-9+.\-]*):", seen)
            if scheme and scheme[1] not in SAFE_SCHEMES:
                self.err(where, path, f"link to '{url[:60]}' refused: a link may go to an http(s) or mailto "
                                      "address, or to an item as [[id]]")

    def citation(self, value: Any, path: str, here: Loc, owner: str) -> Citation | None:
        """A citation of an article, whole or at one paragraph or excerpt; the article is a reference."""
        m = self.mapping(value, path, CITATION_FIELDS, here,
                         "a citation ({article: ID, paragraph: N or excerpt: \"...\"})")
        if m is None or "article" not in m:
            return None
        where = loc_of(m, here)
        article = self.ident(m["article"], f"{path}.article", where)
        if article:
            self.refs.append(Ref(article, "article", loc_of(m["article"], where), f"{path}.article", owner))
        raw = m.get("paragraph")
        paragraph = int(raw) if isinstance(raw, YStr) and raw.isdigit() and int(raw) > 0 else None
        if paragraph is None and not is_null(raw):
            self.err(loc_of(raw, where), f"{path}.paragraph",
                     f"expected a paragraph number (1, 2, ...), found {kind_of(raw)}")
        excerpt = self.text(m, "excerpt", path)
        if paragraph is not None and excerpt is not None:
            self.err(where, path, "give either paragraph or excerpt, not both")
        if article is None:
            return None
        return Citation(article, paragraph, excerpt, path, loc_of(m.get("excerpt"), where), loc_of(raw, where))

    def citations(self, m: YMap, key: str, path: str, owner: str) -> tuple[Citation, ...]:
        """A non-empty list of citations (an event's sources)."""
        value = m.get(key)
        if is_null(value):
            return ()
        if not isinstance(value, YList) or not value:
            self.err_at(m, key, path, f"expected a list of citations, found {kind_of(value)}")
            return ()
        found = (self.citation(item, f"{path}.{key}[{i}]", loc_of(item, own_loc(m)), owner)
                 for i, item in enumerate(value))
        return tuple(c for c in found if c)

    def common(self, m: YMap, path: str) -> tuple[tuple[str, ...], Citation | None]:
        """The fields every item may have but `draft`: its former ids (kept as redirects), and where a suggestion
        was found (checked like a citation)."""
        former = tuple(ident for ident, _, _ in self.ids(m, "former_ids", path))
        found_in = None if is_null(m.get("found_in")) else self.citation(m["found_in"], f"{path}.found_in",
                                                                          field_loc(m, "found_in"), path)
        return former, found_in

    def flag(self, m: YMap, key: str, path: str) -> bool:
        """A yes-or-no field: false when absent."""
        raw = "false" if is_null(m.get(key)) else str(m[key]).lower()
        if raw not in ("true", "yes", "false", "no"):
            self.err_at(m, key, path, f"expected true or false, found {shown(m[key])}")
        return raw in ("true", "yes")


def loc_of(value: Any, fallback: Loc) -> Loc:
    """Where a loaded value was written; `fallback` for values that do not know (plain None)."""
    line = getattr(value, "line", 0)
    return Loc(getattr(value, "file", fallback.file), line, getattr(value, "column", 0)) if line else fallback


def field_loc(m: YMap, key: str) -> Loc:
    """Where the field `key` of a loaded mapping is written; where the mapping is if it is absent."""
    return loc_of(m.get(key), own_loc(m))


def own_loc(value: Any) -> Loc:
    """Where a loaded value was written, as far as it knows."""
    return Loc(getattr(value, "file", "?"), getattr(value, "line", 0), getattr(value, "column", 0))


def is_null(value: Any) -> bool:
    """A field absent (None) or written with no value (`key:` or `key: null`)."""
    return value is None or (isinstance(value, YStr) and value.null)


def kind_of(value: Any) -> str:
    """What was found instead, as an error message says it."""
    if isinstance(value, (YMap, YList)):
        return "a mapping" if isinstance(value, YMap) else "a list"
    return "nothing" if is_null(value) else shown(value)


def suggest_id(value: str) -> str:
    """The id most likely meant: look-alike and accented letters made plain ("ß" as "ss"), letters of other
    alphabets spelt in Latin ones by anyascii ("Москва" as "moskva", "张华" as "zhang-hua", each character of a
    script written without spaces a syllable), the rest hyphens: an Arabic or a Chinese name was "new-person"."""
    text = value.translate(LETTERS)
    if not _CYRILLIC_OR_GREEK.search(looks := text.translate(_LOOKALIKES)):  # a Latin id, a look-alike slipped in
        text = looks
    # a letter spelt with an apostrophe (the soft sign ь as ') is one word: "Соловьёв" is solovev, not solov-ev
    spelt = "".join(f" {anyascii(c)} " if _SYLLABLE.match(c) else anyascii(c).strip("'\"") if c.isalpha()
                    else anyascii(c) for c in text)
    return re.sub(r"[^a-z0-9]+", "-", spelt.lower()).strip("-")


_SYLLABLE = re.compile(f"[{UNSPACED}{HANGUL}]")  # a character of these scripts is a syllable or a word
_CYRILLIC_OR_GREEK = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
