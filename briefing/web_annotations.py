"""The quotes and claim statements as W3C Web Annotations (data/annotations.jsonld): each one's words at the
article, by a TextQuoteSelector and a TextPositionSelector, so annotation tools can show them on the article."""
from __future__ import annotations

import json
from typing import Any

from . import urls
from .model import Article
from .references import speaker
from .resolve import Location, Resolved

FILE = "data/annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AROUND = 32  # characters of prefix and suffix: enough to tell apart the same words said twice
BETWEEN = "\n\n"  # between two blocks of the text positions count in


def article_text(r: Resolved, article: str) -> str:
    """The text the positions count in: the article's paragraphs as data/briefing.json gives them (its numbered
    blocks), a blank line between two, so that a tool reading the data can count in it too."""
    return BETWEEN.join(b.text for b in r.blocks[article] if b.anchor.startswith("p"))


def collection(r: Resolved) -> str:
    """One annotation per quote and claim statement found in its article, as a JSON-LD collection."""
    site = r.content.site
    found = [_annotation(r, q.id, loc, f"{speaker(r.by_id[q.speaker])}: {'reported' if q.paraphrase else 'quoted'}"
                         f" in {site.title}") for q in r.content.quotes if (loc := r.quote_at.get(q.id)) and loc.spans]
    found += [_annotation(r, c.id, loc, f"{c.question} A statement compared in {site.title}", i)
              for c in r.content.claims for i in range(len(c.statements))
              if (loc := r.statement_at.get((c.id, i))) and loc.spans]
    collection = {"@context": CONTEXT, "id": _iri(r, FILE), "type": "AnnotationCollection",
                  "label": f"{site.title}: quotes and statements in their articles", "total": len(found),
                  "first": {"id": _iri(r, FILE + "#page1"), "type": "AnnotationPage", "startIndex": 0,
                            "items": found}}
    return json.dumps(collection, ensure_ascii=False) + "\n"  # compact: with an indent, json encodes in Python


def _annotation(r: Resolved, ident: str, loc: Location, about: str, statement: int = -1) -> dict[str, Any]:
    article: Article = r.by_id[loc.article]
    blocks = r.blocks[loc.article]
    counted = blocks[loc.block].anchor.startswith("p")  # words in a heading or the byline have no position there
    text = article_text(r, loc.article) if counted else blocks[loc.block].text
    start = loc.spans[0][0] + (sum(len(b.text) + len(BETWEEN) for b in blocks[:loc.block] if b.anchor.startswith("p"))
                               if counted else 0)
    end = start + loc.spans[-1][1] - loc.spans[0][0]
    first, last = start - loc.spans[0][0], start - loc.spans[0][0] + len(blocks[loc.block].text)  # its paragraph
    here = urls.item(r.kind_of[ident], ident)
    # named as the pages' anchors are, q-ID and c-ID-N: a quote's id and a claim's statement's never the same
    name = f"c-{ident}-{statement + 1}" if statement >= 0 else f"q-{ident}"
    return {
        "id": _iri(r, f"{FILE}#{name}"), "type": "Annotation", "motivation": "linking",
        "body": [{"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": about},
                 {"type": "SpecificResource", "purpose": "linking", "source": _iri(r, here)}],
        "target": {"source": article.url or _iri(r, urls.page("article", article.id)), "selector": [
            # the words around it in its paragraph: across a paragraph's end, the page has its number and notes
            {"type": "TextQuoteSelector", "exact": text[start:end], "prefix": text[max(first, start - AROUND):start],
             "suffix": text[end:min(last, end + AROUND)]},
            *([{"type": "TextPositionSelector", "start": start, "end": end}] if counted else [])]}}


def _iri(r: Resolved, path: str) -> str:
    """An absolute address with base_url; without, one relative to this file, which JSON-LD resolves against
    the address the file was read from."""
    base = r.content.site.base_url
    return urls.absolute(base, path) if base else urls.relative(path, FILE)
