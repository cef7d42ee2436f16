"""JSON Schemas of the content files, for editors: completion, hover help and inline errors.

Made from the field tables the build itself validates with (schema.FIELDS), so the
two cannot drift apart; `python -m briefing.editor_schema docs/schemas` writes them.
Cross-file checks (ids that exist, quotes found in their article, 30 February) are
beyond JSON Schema: the build and `--check` make those.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .dates import MARK, OPEN, POINT
from .fields import ID_RE, MAX_ID
from .model import CLAIM_STATUSES, CONFIDENCE, CREDIBILITY, PERSON_KINDS, RELIABILITY
from .citations import STYLES
from .schema import FIELDS, STATUSES

# The date forms as dates.py reads them: one date (`~` before it, or a mark after it); one perhaps open on a side;
# or a range. The calendar (30 February) and a range's order are the build's to check.
_ONE, _OPEN = rf"(?:~{POINT}|{POINT}{MARK}?)", re.escape(OPEN)
ONE_DATE = rf"^{_ONE}$"
OPEN_DATE = rf"^(?:{_ONE}(?:/{_OPEN})?|{_OPEN}/{_ONE})$"
DATE_RANGE = rf"^(?:{_ONE}(?:/(?:{_ONE}|{_OPEN}))?|{_OPEN}/{_ONE})$"
MARKED = "2025-09-03, 2025-09, 2025 or a decade like 1950s, marked ? (probably), ~ (about) or % (both) if need be"
# Read-only: schemas() copies what it uses into new dicts and lists (json cannot write a
# MappingProxyType, and what it returns shares nothing with these).
ID = MappingProxyType({"type": "string", "pattern": ID_RE.pattern, "maxLength": MAX_ID,
                       "description": f"lowercase letters, digits and hyphens, at most {MAX_ID}"})
TEXT = MappingProxyType({"type": "string", "minLength": 1})
MARKDOWN = MappingProxyType({"type": "string", "description": "Markdown; link to any item with [[id]] or [[id|words]]"})


def _date(pattern: str, description: str) -> Mapping[str, Any]:
    """A date field: text of the forms `pattern` matches, or a bare year, which YAML reads as a number."""
    return MappingProxyType({"anyOf": [{"type": "string", "pattern": pattern}, {"type": "integer", "minimum": 1}],
                             "description": description})


IDS = MappingProxyType({"anyOf": [ID, {"type": "array", "items": ID}]})
URL = MappingProxyType({"type": "string", "pattern": r"^https?://\S+$"})
CITATION = MappingProxyType({
    "type": "object", "additionalProperties": False, "required": ["article"],
    "description": "{article: ID} with an optional paragraph number or a verbatim excerpt",
    "properties": {
        "article": {**ID, "description": "the id of an article in articles.yaml"},
        "paragraph": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^[1-9]\d*$"}],
                      "description": "the number shown beside the paragraph on the article page (#pN)"},
        "excerpt": {**TEXT, "description": "words from the article, verbatim (quote marks, dashes, spacing and "
                                           "... elisions are forgiven)"},
    },
    "not": {"required": ["paragraph", "excerpt"]},
})

FLAG = MappingProxyType({"anyOf": [{"type": "boolean"}, {"enum": ["true", "false", "yes", "no"]}]})
# What a collection's items must satisfy besides their fields: a settled or superseded claim has a resolution,
# and an open one has none.
RULES: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    "claims": {"if": {"required": ["status"], "properties": {"status": {"enum": ["settled", "superseded"]}}},
               "then": {"required": ["resolution"]}, "else": {"not": {"required": ["resolution"]}}},
    "events": {"if": {"required": ["date"], "properties": {"date": {"type": "string", "pattern": "/"}}},
               "then": {"not": {"required": ["end"]}}},
})

COMMON = MappingProxyType({
    "id": {**ID, "description": "the item's permanent address; unique across all collections"},
    "former_ids": {"type": "array", "items": ID, "description": "earlier ids; each gets a redirect page"},
    "draft": {**FLAG, "description": "true leaves the item out of the site unless built with --drafts"},
    "found_in": {**CITATION, "description": "where `briefing suggest` found a suggestion: {article: ID, paragraph: N}"},
})

PROPERTIES: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    "site": {
        "title": TEXT, "subtitle": TEXT, "description": {**TEXT, "description": "plain sentences for previews"},
        "language": TEXT, "as_of": {"anyOf": [{"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}],
                                    "description": "the day the briefing speaks for, YYYY-MM-DD"},
        "base_url": {"type": "string", "pattern": r'^https?://[^\s/"<>\\^`{|}?#]+[^\s"<>\\^`{|}?#]*$',
                     "description": "absolute address the site is published at"},
        "key_judgments": {"type": "array", "items": {"anyOf": [{**MARKDOWN, "minLength": 1}, {
            "type": "object", "additionalProperties": False, "required": ["text"],
            "properties": {"text": {**MARKDOWN, "minLength": 1},
                           "confidence": {"enum": list(CONFIDENCE),
                                          "description": "the editors' analytic confidence, as in ICD 203; never "
                                                         "guessed"}}}]},
                          "description": "the bottom line up front, Markdown; an item may be {text, confidence}"},
        "publisher": {**TEXT, "description": "who publishes the briefing, as citations name it (default: the title)"},
        "citation_style": {"enum": list(STYLES), "description": "the style of 'Cite this' text: chicago-author-date "
                                                               "(default) or apa"},
    },
    "articles": {
        "file": {"type": "string", "pattern": r"^[^/\\.][^/\\]*$", "description": "a file name in seeds/"},
        "title": {**TEXT, "description": "written by the editors, plain and descriptive"},
        "outlet": {**TEXT, "description": "the outlet, or unknown"}, "author": TEXT,
        "published": {"anyOf": [_date(OPEN_DATE, f"{MARKED}; ../2011 (by 2011) or 2019/.. (since 2019)"),
                                {"const": "unknown"}], "description": "as precise as the text supports"},
        "url": URL, "archived_url": {**URL, "description": "a copy of url in a web archive, shown beside it"},
        "summary": MARKDOWN,
        "reliability": {"enum": list(RELIABILITY), "description": "the source's grade on the Admiralty scale, A "
                                                                  "(completely reliable) to F (cannot be judged); "
                                                                  "the editors' judgment, never guessed"},
        "language": {**TEXT, "description": "the language of its text, a BCP 47 tag (ar, zh, pt-BR), where it is "
                                            "not the site's"},
    },
    "people": {
        "name": TEXT, "aliases": {"anyOf": [TEXT, {"type": "array", "items": TEXT}],
                                  "description": "other spellings that appear in the articles"},
        "kind": {"enum": list(PERSON_KINDS)}, "role": TEXT, "country": TEXT, "affiliation": TEXT,
        "summary": MARKDOWN,
    },
    "themes": {"title": TEXT, "summary": MARKDOWN},
    "events": {
        "title": TEXT,
        "date": _date(DATE_RANGE, f"{MARKED}; or a range: 2019-01/2019-03, 2019-01/.. (since), ../2011 (by)"),
        "end": _date(ONE_DATE, f"makes a range with date, not before it: {MARKED}"),
        "location": TEXT, "people": {**IDS, "description": "person ids"}, "themes": {**IDS, "description": "theme ids"},
        "summary": MARKDOWN, "sources": {"type": "array", "items": CITATION, "minItems": 1},
        "status": {"enum": list(STATUSES), "description": "confirmed (default), reported, or expected"},
    },
    "quotes": {
        "speaker": {**ID, "description": "a person id"}, "text": {**TEXT, "description": "verbatim, without the "
                                                                                      "surrounding quote marks"},
        "source": CITATION, "events": IDS, "themes": IDS, "context": {**TEXT, "description": "e.g. told AFP"},
        "paraphrase": {**FLAG, "description": "true: `text` is the article's sentence reporting what "
                                                         "the speaker said, not their own words"},
    },
    "claims": {
        "question": TEXT, "note": MARKDOWN,
        "statements": {"type": "array", "minItems": 2, "items": {
            "type": "object", "additionalProperties": False, "required": ["source", "says"],
            "properties": {"source": CITATION, "says": {**TEXT, "description": "verbatim excerpt"},
                           "credibility": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": len(CREDIBILITY)},
                                                     {"enum": list(CREDIBILITY)}],
                                           "description": "the information's grade on the Admiralty scale, 1 "
                                                          "(confirmed) to 6 (cannot be judged); never guessed"}}}},
        "status": {"enum": list(CLAIM_STATUSES), "description": "open (default), settled or superseded; the last two "
                                                               "need a resolution"},
        "resolution": {**MARKDOWN, "description": "Markdown: what settled the question, or what overtook it, citing "
                                                  "the articles; only with status settled or superseded"},
    },
})


def _plain(value: Any) -> Any:
    """`value` as new dicts and lists, all the way down: JSON can write it, and changing it
    changes none of the constants above."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def schemas() -> dict[str, dict[str, Any]]:
    """One schema per collection, keyed by collection name."""
    out = {}
    for collection, fields in FIELDS.items():
        extra: Mapping[str, Any] = {} if collection == "site" else COMMON
        props = {name: _plain({**extra, **PROPERTIES[collection]}[name]) for name in [*fields, *extra]}
        item = {"type": "object", "additionalProperties": False, "properties": props,
                "required": [name for name, required in fields.items() if required],
                **_plain(RULES.get(collection, {}))}
        body: dict[str, Any] = item if collection == "site" else {
            "anyOf": [{"type": "array", "items": {"$ref": "#/$defs/item"}}, {"$ref": "#/$defs/item"}],
            "$defs": {"item": item}}
        out[collection] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                           "$id": f"{collection}.schema.json",
                           "title": f"briefing content: {collection}", **body}
    return out


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas().items():
        (folder / f"{name}.schema.json").write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schemas"))
