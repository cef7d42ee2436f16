"""The files that are not HTML pages: Atom feed, sitemap, the briefing as JSON data."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from markupsafe import escape

from . import feeds, search, urls, web_annotations
from .cache import digest
from .citations import FORMATS, bibtex, csl_json, named_once, public, ris
from .dates import VagueDate
from .edition_notes import found
from .feeds import ATOM, FEED_FILE, changed_on, event_item, head, later
from .feeds import entry as _entry
from .feeds import href as _href
from .feeds import ident as _id
from .feeds import stamp as _stamp
from .feeds import text as atom_text
from .grades import confidence_legend
from .markup import plain
from .model import KINDS, chronological, known, newest_first, text_language
from .references import cite_file, reference
from .resolve import Resolved
from .write import Writer

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
DATA = "data/briefing.json"
SITEMAP_FILE = "sitemap.xml"
Job = tuple[str, Callable[[Writer], None]]  # a key (of what it is made from) and the work


def jobs(r: Resolved, extra: dict[str, str], made_of: str) -> list[Job]:
    """Every file that is not a page, as pieces of work (largest first), each keyed by what it is made of: `made_of`
    (the content's key), and the article files and `extra` where it reads them; not by the templates: a template
    save leaves them as they are, and an article save the feeds that follow a person, a theme or the editions, and
    the citation files unless a cited paragraph moved."""
    def write_index(site: Writer) -> None:
        for rel, text in search.each_file(r):
            site.put(rel, text)

    def write_data(site: Writer) -> None:
        site.put(DATA, "".join(data_parts(r)))

    def write_rest(site: Writer) -> None:
        files = {FEED_FILE: feed(r), "robots.txt": robots(r), web_annotations.FILE: web_annotations.collection(r)}
        for rel, text in {**files, **extra}.items():
            site.put(rel, text)
    key = digest(made_of, *r.files.values(), repr(sorted(extra.items())))
    made: list[Job] = [(digest(key, job.__name__), job) for job in (write_index, write_data, write_rest)]
    made += [(digest(made_of, job.__name__), partial(job, r)) for job in (feeds.write_follow, feeds.write_changes)]
    # the citation files read of the article files only the paragraphs their items cite
    cited = digest(made_of, *(loc.anchor for at in (r.located, r.quote_at, r.statement_at) for loc in at.values()))
    return made + [(digest(cited, "cites", c), partial(write_cites, r, c)) for c in KINDS]


def write_cites(r: Resolved, collection: str, site: Writer) -> None:
    """The citations of a collection's items as CSL-JSON, BibTeX and RIS, each under its id (`cite/events.bib`)."""
    # named as "Cite this" names them: an author that is the outlet is not its outlet again, where a reference
    # manager's style would print it twice ("AFP. 2025. “Title.” AFP, September 3.")
    items = getattr(r.content, collection)
    refs = [named_once(replace(ref, url=public(ref.url)))
            for ref in (reference(r, item.id, noted=True) for item in items)]
    former = {item.id: item.former_ids for item in items if item.former_ids}
    for ext, text in (("json", csl_json(refs)), ("bib", bibtex(refs, former)), ("ris", ris(refs))):
        site.put(cite_file(KINDS[collection], ext), text)


def write_sitemap(r: Resolved, page_paths: list[str], site: Writer) -> None:
    """Every page at its absolute address, less the 404 page and the redirects from former addresses; only with
    `base_url`: the sitemap protocol wants absolute addresses and a relative one helps no crawler."""
    if not r.content.site.base_url:
        return
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    moved = {urls.page(r.kind_of[new], old) for old, new in r.redirects.items()}
    for path in sorted(p for p in page_paths if p != "404.html" and p not in moved):
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = _href(r, path)
    site.put(SITEMAP_FILE, ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")


def robots(r: Resolved) -> str:
    base = r.content.site.base_url
    return "User-agent: *\nAllow: /\n" + (f"\nSitemap: {base}{SITEMAP_FILE}\n" if base else "")


def feed(r: Resolved) -> str:
    """Atom (RFC 4287): the key judgments as one entry, the latest FEED_MOST events, newest first, then the newest
    FEED_MOST sources."""
    site = r.content.site
    root = head(r, site.title, site.subtitle or site.description, "", FEED_FILE, "")
    _judgments_entry(root, r)
    edited = changed_on(r)
    for e in chronological(r.content.events)[::-1][:FEED_MOST]:  # the one order of events, newest first
        when, path, title, summary = event_item(r, e, edited)
        _entry(root, r, path, title, when, summary)
    revised = changed_on(r, "article")
    for a in newest_first(r.content.articles)[:FEED_MOST]:
        # dated as_of when its own date is unknown (Atom wants one), which the summary says it is not; or by the
        # edition that last changed it (a correction), if later: a feed reader shows it again then
        said = f"{known(a.outlet) or 'Outlet unknown'}, {a.published.label() if a.published else 'date unknown'}"
        # and the editors' summary: enough to tell in a feed reader what the article is
        _entry(root, r, urls.page("article", a.id), a.title, later(a.published or site.as_of, a.id, revised),
               f"{said}. {plain(a.summary, r.name)}" if a.summary else said)
    return atom_text(root)


# What a feed reader is given of each: the latest (a briefing of 2,000 sources was a feed of 2,501 entries and
# 910 KB, polled whole; the data file holds every item)
FEED_MOST = 100


def _judgments_entry(root: ET.Element, r: Resolved) -> None:
    """The key judgments, the briefing's bottom line, as one entry dated as_of, each with the editors' confidence
    where they state one: in words in the summary, and as a list in the HTML content with the ICD 203 legend."""
    site = r.content.site
    if not site.key_judgments:
        return
    judged = [(plain(k, r.name), level) for k, level in site.judged()]
    entry = ET.SubElement(root, f"{{{ATOM}}}entry")
    for tag, text in (("title", "Key judgments"), ("id", _id(r, "#kj")), ("updated", _stamp(site.as_of))):
        ET.SubElement(entry, f"{{{ATOM}}}{tag}").text = text
    ET.SubElement(entry, f"{{{ATOM}}}link", href=_href(r, ""), rel="alternate", type="text/html")
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = "\n".join(
        f"{n}. {words}" + (f" ({level} confidence)" if level else "") for n, (words, level) in enumerate(judged, 1))
    items = "".join(f"<li>{escape(words)}" + (f" <strong>{level.capitalize()} confidence</strong>" if level else "")
                    + "</li>" for words, level in judged)
    legend = confidence_legend(level for _, level in judged)
    ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = f"<ol>{items}</ol>" + (
        f"<p>{escape(legend)}</p>" if legend else "")


def _date(d: VagueDate | None) -> dict[str, Any] | None:
    """A date for tools: as written, in words, and the days it may mean, null for an open side (unbounded)."""
    return None if d is None else {
        "text": d.text(), "label": d.label(), "precision": d.precision, "approximate": d.approx,
        "uncertain": d.uncertain, "open": d.open or None, "edtf": d.edtf(),
        "earliest": None if d.open == "start" else d.earliest().isoformat(),
        "latest": None if d.open == "end" else d.latest().isoformat()}


def _links(r: Resolved) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The [[id]] links written in Markdown fields, both ways: item -> ids it links to, id -> items linking to it
    ("site" for the key judgments). They tie together what the model does not, such as an event and a claim."""
    out: dict[str, dict[str, None]] = {}
    back: dict[str, dict[str, None]] = {}
    for ref in r.content.refs:
        owner = "site" if ref.path.startswith("site.") else ref.owner
        if ref.kind == "item" and ref.id in r.kind_of and (owner == "site" or owner in r.kind_of):
            out.setdefault(owner, {})[ref.id] = None
            back.setdefault(ref.id, {})[owner] = None
    return {k: list(v) for k, v in out.items()}, {k: list(v) for k, v in back.items()}


def data_parts(r: Resolved) -> Iterator[str]:
    """The resolved briefing as JSON (docs/content-model.md, docs/schemas/briefing.schema.json), as json.dumps
    writes it compact (the C encoder serves only that), but each item made when asked for: a large briefing's
    objects take several times its data's size."""
    yield "{"
    for i, (key, value) in enumerate(_data(r).items()):
        yield ("," if i else "") + _json(key) + ":"
        yield "[" + ",".join(_json(make()) for make in value) + "]" if key in KINDS else _json(value)
    yield "}\n"


def _data(r: Resolved) -> dict[str, Any]:
    """The data file's top-level values in order, each section's items as the calls that make them."""
    c = r.content
    site = c.site
    links, linked_from = _links(r)
    author_of = {form: p.id for p in c.people for form in (p.name, *p.aliases)}  # as the article page links it
    editions = {ident: {"added": since.added, "changed": since.changed or None}
                for ident, (since, _) in found(r).items()}  # null for an item in no edition yet

    def ident(kind: str, item: Any) -> dict[str, Any]:  # where it lives, and former addresses leading to it
        return {"id": item.id, "url": urls.item(kind, item.id), "former_ids": list(item.former_ids),
                "former_urls": [urls.item(kind, old) for old in item.former_ids],
                "citation_files": {ext: cite_file(kind, ext) for ext, _ in FORMATS},
                "edition": editions.get(item.id)}

    def linked(item_id: str) -> dict[str, list[str]]:
        return {"links": links.get(item_id, []), "linked_from": linked_from.get(item_id, [])}

    def cite(article: str, loc: Any = None) -> dict[str, Any]:
        anchor = loc.anchor if loc else ""
        return {"article": article, "paragraph": int(anchor[1:]) if anchor.startswith("p") else None,
                "url": urls.paragraph(article, anchor)}

    def mentioned(article: str) -> list[str]:
        found = r.mentions.get(article, {})
        return list(dict.fromkeys(m.person for block in sorted(found) for m in found[block]))

    def ids(of: Mapping[str, Sequence[Any]], key: str) -> list[str]:
        return [item.id for item in of.get(key, [])]

    def article(a: Any) -> dict[str, Any]:
        return {**ident("article", a), "file": a.file, "title": a.title, "outlet": a.outlet, "author": a.author,
                "author_person": author_of.get(a.author or ""), "published": _date(a.published), "source_url": a.url,
                "archived_url": a.archived_url, "reliability": a.reliability, "language": text_language(a, site),
                "summary": a.summary,
                "paragraphs": [{"n": b.number, "kind": b.kind, "text": b.text, "url": urls.paragraph(a.id, b.anchor)}
                               for b in r.blocks[a.id] if b.anchor.startswith("p")],
                # its headings and byline, which a mention's place may point at (#s2, #byline)
                "headings": [{"kind": b.kind, "text": b.text, "url": urls.paragraph(a.id, b.anchor)}
                             for b in r.blocks[a.id] if b.anchor and not b.anchor.startswith("p")],
                "people": mentioned(a.id),
                "events": ids(r.events_of, a.id), "quotes": ids(r.quotes_of, a.id), "claims": ids(r.claims_of, a.id),
                **linked(a.id)}

    def person(p: Any) -> dict[str, Any]:
        return {**ident("person", p), "name": p.name, "aliases": list(p.aliases), "kind": p.kind, "role": p.role,
                "country": p.country, "affiliation": p.affiliation, "summary": p.summary,
                "events": ids(r.events_of, p.id), "quotes": ids(r.quotes_of, p.id),
                "mentions": [cite(m.article, loc=m) for m in r.mentions_of.get(p.id, [])], **linked(p.id)}

    def theme(t: Any) -> dict[str, Any]:
        return {**ident("theme", t), "title": t.title, "summary": t.summary, "events": ids(r.events_of, t.id),
                "quotes": ids(r.quotes_of, t.id),
                "people": sorted({p for e in r.events_of.get(t.id, []) for p in e.people},
                                 key=lambda i: (r.name(i), i)), **linked(t.id)}

    def event(e: Any) -> dict[str, Any]:
        return {**ident("event", e), "title": e.title, "date": _date(e.date), "end": _date(e.end),
                "location": e.location, "status": e.status, "people": list(e.people), "themes": list(e.themes),
                "summary": e.summary,
                "sources": [{**cite(s.article, loc=r.located.get(s)), "excerpt": s.excerpt} for s in e.sources],
                "quotes": ids(r.quotes_of, e.id), **linked(e.id)}

    def quote(q: Any) -> dict[str, Any]:
        return {**ident("quote", q), "speaker": q.speaker, "text": q.text, "paraphrase": q.paraphrase,
                "context": q.context,
                "source": cite(q.source.article, loc=r.quote_at.get(q.id)), "events": list(q.events),
                "themes": list(r.quote_themes(q)), **linked(q.id)}

    def claim(cl: Any) -> dict[str, Any]:
        return {**ident("claim", cl), "question": cl.question, "note": cl.note, "status": cl.status,
                "resolution": cl.resolution,
                "statements": [{**cite(s.source.article, loc=r.statement_at.get((cl.id, i))), "says": s.says,
                                "credibility": int(s.credibility) if s.credibility else None}
                               for i, s in enumerate(cl.statements)], **linked(cl.id)}

    return {
        "version": 1,  # changed only when a field is removed or changes meaning
        # changed when fields are added too (2: citations, archived_url; 3: claims' status and resolution, the
        # Admiralty grades, the key judgments' confidence; 4: dates' uncertain, open and edtf, and open sides;
        # 5: the editions; 6: each item's edition, added and changed; 7: each edition's own page; 8: an article's
        # language; docs/content-model.md)
        "format_version": 9,
        "site": {"title": site.title, "subtitle": site.subtitle, "description": site.description,
                 "language": site.language, "as_of": site.as_of.iso(), "base_url": site.base_url,
                 "url": urls.page("home"), "key_judgments": list(site.key_judgments),
                 "key_judgment_confidence": [level or None for _, level in site.judged()],
                 "links": links.get("site", []), "publisher": site.publisher, "citation_style": site.citation_style},
        "articles": [partial(article, a) for a in c.articles], "people": [partial(person, p) for p in c.people],
        "themes": [partial(theme, t) for t in c.themes], "events": [partial(event, e) for e in chronological(c.events)],
        "quotes": [partial(quote, q) for q in c.quotes], "claims": [partial(claim, cl) for cl in c.claims],
        "redirects": dict(sorted(r.redirects.items())),
        "editions": [{"name": e.name, "date": e.date.iso(), "note": e.note, "url": f"changes/#e-{e.name}",
                      "page": urls.edition(e.name)}
                     for e in reversed(c.editions)]}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
