"""`briefing import PATH...`: saved web pages and text files become seeds and articles.yaml entries.

The article's text and metadata are trafilatura's: it is made for this (the main text without menus,
share buttons, related links, banners and comments; title, author, date and site from the page's
<meta>, JSON-LD and byline), and is kept up to date against the markup news sites use. What is
decided here: the character set the page declares, the address a browser saved it from, whether
it is an article at all, whether the briefing has its text already, and a plain title.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from .charsets import decode
from .articles import CAPTION_LABEL, DATELINE, YEAR_WORD
from .errors import counted, where
from .folding import UNSPACED
from .loader import load_content
from .scaffold import CannotAppend

PAGES = (".html", ".htm", ".xhtml")
TEXTS = (".txt",)
MIN_WORDS = 120  # less text than this is a teaser, a video page or an index, not an article
_YEAR_WORD = re.compile(rf"{YEAR_WORD}(?=,|\s|$)")  # "3 сентября 2025 года": the year's word, for dateparser
_SMALL = frozenset("a an and as at but by for from in into of on or the to with".split())
_HEADLINE_WORDS = 20  # a text file's first line of more words than this is a paragraph, not its headline
MIN_MARKED = 40  # ... unless the page says it is an article (NewsArticle, og:type article): then a brief
SAME_SHARE = 0.9  # an article sharing this share of its word 5-grams with a seed is that seed again
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_ARTICLE_TYPES = re.compile(r'"@type"\s*:\s*\[?\s*"(?:News|Reportage|Analysis|Opinion|Report|Scholarly|Tech)?'
                            r'(?:Article|BlogPosting|LiveBlogPosting)"')
_HEADLINE_LINK = re.compile(r"<a\b[^>]*>\s*(?:<[^>]+>\s*)*([^<]{25,})</", re.I)
_BYLINE = re.compile(r"^(?:by|von|par|автор(?:ка|ы|и)?:?)\s+(.{3,80})$", re.I)
_SCREEN_READER_ONLY = ("//*[contains(concat(' ', normalize-space(@class), ' '), ' visually-hidden ') or "
                       "contains(concat(' ', normalize-space(@class), ' '), ' sr-only ')]")
_UNSPACED = re.compile(f"[{UNSPACED}]")
PULL_QUOTE_WORDS = 6  # the fewest words of a paragraph dropped as another's pull-quote


class Refused(Exception):
    """This file is not an article that can be imported (said with the reason)."""


@dataclass(frozen=True)
class Found:
    """An article as imported: its text (paragraphs apart by a blank line) and what the page says of it."""

    text: str
    title: str
    outlet: str
    author: str | None
    published: str  # YYYY-MM-DD, or unknown
    url: str | None


def main(targets: list[str], content: Path, seeds: Path, prog: str) -> int:
    """Import each file (a folder: its pages and texts); 0 if every one was imported or already there."""
    refused = already = imported = 0
    known = dict(_seed_texts(seeds))
    ids: dict[str, str] | None = None  # every id in use, read once the first article is to be added
    for path in _files([Path(t) for t in targets]):
        try:
            found = read(path)
        except Refused as exc:
            print(f"{path}: not imported: {exc}", file=sys.stderr)
            refused += 1
            continue
        if (same := duplicate(found.text, known)) is not None:
            print(f"{path}: not imported: the briefing has this article already (seeds/{same})")
            already += 1
            continue
        try:
            ids = _ids(content) if ids is None else ids
            ident, name, file, line = add(found, content, seeds, ids)
        except (OSError, ValueError, CannotAppend) as exc:  # the seed stays; the entry can be added by hand
            print(f"{path}: not imported: {exc}", file=sys.stderr)
            refused += 1
            continue
        known[name] = _grams(found.text)
        imported += 1
        print(f"imported {path} as '{ident}': seeds/{name}, {where(file, Path.cwd())}:{line}")
    if imported + already + refused > 1 and (refused or already):  # what became of them all, said once at the end
        print(f"{prog} import: {counted(imported, 'file')} imported, {already} already in the briefing, "
              f"{refused} not imported", file=sys.stderr if refused else sys.stdout)
    elif refused:
        print(f"{prog} import: {counted(refused, 'file')} not imported", file=sys.stderr)
    return 1 if refused else 0


def _files(targets: list[Path]) -> Iterator[Path]:
    for target in targets:
        if target.is_dir():
            yield from sorted(p for p in target.rglob("*") if p.is_file() and p.suffix.lower() in PAGES + TEXTS
                              and not any(part.endswith("_files") for part in p.relative_to(target).parts[:-1]))
        else:
            yield target


def read(path: Path) -> Found:
    """The article in a saved page or a text file. Raises Refused."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror or exc}") from None
    if path.suffix.lower() in TEXTS:
        return _from_text(_text(raw, page=False))
    if path.suffix.lower() not in PAGES:
        raise Refused(f"not a saved web page or a text file (import takes {', '.join(PAGES + TEXTS)})")
    return _from_page(_text(raw), _saved_from(raw))


def _text(raw: bytes, page: bool = True) -> str:
    if (text := decode(raw, page)) is None:
        raise Refused("not text in any character set")
    return text


def _saved_from(raw: bytes) -> str | None:
    """The address a browser's "save page" notes at the top of the file."""
    m = _SAVED_FROM.search(raw[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _from_page(page: str, saved_from: str | None) -> Found:
    import lxml.html
    tree = lxml.html.document_fromstring(page)
    for label in tree.xpath(_SCREEN_READER_ONLY):  # "Image caption, " and the like: words for screen readers
        label.drop_tree()
    doc, text = _extracted(tree, saved_from)
    _refuse_unless_article(page, text)
    headline = _plain(doc.title or "")
    outlet = _plain(doc.sitename or "") or _outlet_in_title(tree.findtext(".//title") or "", headline) or "unknown"
    author = _plain(doc.author or "") or _byline(tree)
    url = saved_from or doc.url or _article_url(page) or _printed_from(tree)
    return Found(text, title(headline, outlet, _plain(tree.findtext(".//h1") or "")), outlet, _joined(author),
                 doc.date if doc.date and re.fullmatch(r"\d{4}-\d\d-\d\d", doc.date) else "unknown", url)


def _extracted(tree: Any, url: str | None) -> tuple[Any, str]:
    """trafilatura's extraction and its text, paragraphs apart by a blank line, an image as its caption. A page
    laid out in tables (as sites were before CSS) has its text in them: tried again with tables."""
    import trafilatura
    from trafilatura.settings import Document
    # by the image's address as written and as trafilatura writes it, made absolute by the page's ("Web Page,
    # complete": saved_from/x_files/photo.jpg)
    captions = {src: _plain(cap.text_content()) for fig in tree.iter("figure") for img in fig.iter("img", "amp-img")
                for cap in fig.iter("figcaption") for src in {img.get("src"), urljoin(url or "", img.get("src") or "")}}
    for tables in (False, True):
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                          include_tables=tables, include_images=True, favor_precision=True,
                                          date_extraction_params={"extensive_search": False, "original_date": True})
        if isinstance(doc, Document) and doc.text:
            lines = [_caption(line, captions) if line.startswith("![") else line.strip()
                     for line in doc.text.split("\n")]
            return doc, "\n\n".join(_once(line for line in lines if line))
    raise Refused("no article text found in it (is it an article page?)")


def _once(paragraphs: Iterable[str]) -> list[str]:
    """The paragraphs but a pull-quote: one of PULL_QUOTE_WORDS or more whose words another paragraph holds whole
    (quotation marks aside). A shorter one ("He declined to comment.") may well be the article's own words twice."""
    found = list(paragraphs)
    bare = [" ".join(re.sub(r"[“”\"‘’']", "", p).split()) for p in found]

    def repeated(i: int) -> bool:
        if len(bare[i].split()) < PULL_QUOTE_WORDS:
            return False
        whole = re.compile(rf"(?<!\w){re.escape(bare[i])}(?!\w)")  # as words, not inside longer ones
        return any(j != i and len(b) > len(bare[i]) and whole.search(b) for j, b in enumerate(bare))
    return [p for i, p in enumerate(found) if not repeated(i)]


def _refuse_unless_article(page: str, text: str) -> None:
    """An index of articles has no article markup and many headline links; a teaser or a video page, little text."""
    marked = _ARTICLE_TYPES.search(page) or re.search(r'property=["\']og:type["\'][^>]*content=["\']article', page)
    if not marked and len(_HEADLINE_LINK.findall(page)) >= 12:
        raise Refused("it looks like an index of articles, not an article (no article markup, many headline "
                      "links); save the article's own page")
    if _words(text) < (MIN_MARKED if marked else MIN_WORDS):
        raise Refused(f"only {_words(text)} words of text found (an article has {MIN_MARKED if marked else MIN_WORDS} "
                      "or more): a teaser or a video page, not an article")


def _outlet_in_title(page_title: str, headline: str) -> str | None:
    """The site's name where the page's <title> gives it beside the headline ("Site :: Section :: Headline")."""
    parts = [p for p in re.split(r"\s+(?:[|–—-]|::|»)\s+", _plain(page_title)) if p]
    if len(parts) < 2 or headline not in (parts[0], parts[-1]):
        return None
    name = parts[-1] if parts[0] == headline else parts[0]
    return name if len(name.split()) <= 5 else None


def _byline(tree: Any) -> str | None:
    """A visible "By Firstname Lastname" line."""
    for element in tree.iter("span", "p", "div", "a", "address"):
        if len(text := _plain(element.text_content())) < 80 and (m := _BYLINE.match(text)):
            return m.group(1)
    return None


def _article_url(page: str) -> str | None:
    """The article's own address in its JSON-LD (`url`, or the page it is the main entity of)."""
    for block in re.findall(r'<script[^>]+application/ld\+json[^>]*>(.*?)</script>', page, re.S | re.I):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]):
            if isinstance(item, dict) and _ARTICLE_TYPES.search(json.dumps({"@type": item.get("@type")})):
                main = item.get("mainEntityOfPage")
                found = item.get("url") or (main.get("@id") if isinstance(main, dict) else main)
                if isinstance(found, str) and found.startswith(("http://", "https://")):
                    return found
    return None


def _printed_from(tree: Any) -> str | None:
    """The address a print view names ("Printed from https://...")."""
    m = re.search(r"Printed from:?\s+(https?://\S+)", _plain(tree.text_content()))
    return m.group(1) if m else None


def _caption(line: str, captions: dict[str | None, str]) -> str:
    """An image (`![alt](src)` in the extracted text) as its caption, labelled so that the article's text reads it
    as one (articles.CAPTION_LABEL), or nothing: an image is not text."""
    m = re.match(r"!\[[^\]]*\]\(([^)\s]+)", line)
    caption = captions.get(m.group(1), "") if m else ""
    return CAPTION_LABEL + caption if caption else ""


def _from_text(text: str) -> Found:
    """A plain-text article: its first line is the title (unless it is a paragraph); a "By ..." line near the top,
    the author; the first line that is a date on its own, else the dateline's, the date."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]  # Mac's CRs too
    top = [line for line in lines if line][:4]
    if not top:
        raise Refused("it is empty")
    headline, author, date, metadata = _head(top)
    body = "\n".join(line for line in lines if line not in metadata).strip()
    if _words(body) < MIN_WORDS:
        raise Refused(f"only {_words(body)} words of text (an article has {MIN_WORDS} or more): not an article")
    dateline = DATELINE.match(body)  # "BRUXELLES, 3 septembre 2025 — ..."
    if date is None and dateline and dateline["date"]:
        date = next(_dates([dateline["date"]]), None)
    named = top[0] if headline else _opening(body[dateline.end() if dateline else 0:])
    return Found(body + "\n", title(named, ""), "unknown", author, date[0] if date else "unknown", None)


def _head(top: list[str]) -> tuple[bool, str | None, tuple[str, str] | None, set[str]]:
    """What a text's first lines say of it: whether the first is its headline (not a paragraph: a dateline, a long
    sentence, which the text keeps), its author, its date (as YYYY-MM-DD and as written), and the lines that
    said so, which are no part of its text."""
    headline = not DATELINE.match(top[0]) and len(top[0].split()) <= _HEADLINE_WORDS
    author = next((m.group(1) for line in top[1:] if (m := _BYLINE.match(line))), None)
    date = next(_dates(top[1:]), None)
    return headline, author, date, {*top[:headline], *(line for line in top[1:]
                                                       if _BYLINE.match(line) or (date and line == date[1]))}


def _opening(text: str) -> str:
    """A title for a text without a headline: its first sentence, less its full stop; cut ("…") if long."""
    words = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".").split()
    return " ".join(words[:_HEADLINE_WORDS]).rstrip(",;:") + ("…" if len(words) > _HEADLINE_WORDS else "")


def _dates(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each line that is a whole date on its own, as (YYYY-MM-DD, the line)."""
    import dateparser
    for line in lines:
        if len(line) <= 40 and re.search(r"\d{4}", line):
            parsed = dateparser.parse(_YEAR_WORD.sub("", line), settings={
                "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
            if parsed is not None:
                yield parsed.date().isoformat(), line


def title(text: str, outlet: str, headline: str = "") -> str:
    """A page's title as an editor would write it: the site's name and section cut off (but what the page's own
    `headline` has: "Lords wrong on detainees - Straw"), spaces and entities made plain, a shouted English title in
    title case (another language's as written: Russian has no title case, and "ЗАЯВЛЕНИЕ МИД" is no "Заявление
    Мид")."""
    plain = _plain(text)
    parts = re.split(r"\s+[|–—-]\s+", plain)
    while len(parts) > 1 and plain != headline and (len(parts[-1].split()) <= 4
                                                    or parts[-1].lower() in outlet.lower()):
        parts.pop()  # "Kim arrives in Beijing - BBC News", "... | World | The Guardian"
    plain = " - ".join(parts)
    if plain.isupper() and plain.isascii():  # shouted: each word capitalised but the small ones, names kept names
        plain = " ".join(w if i and w in _SMALL else w.capitalize() for i, w in enumerate(plain.lower().split()))
    return plain


def _joined(author: str | None) -> str | None:
    """Authors as a person writes them: "A; B" (trafilatura's) as "A and B", three as "A, B and C"."""
    names = [n.strip() for n in (author or "").split(";") if n.strip()]
    return (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]) if names else author


def _plain(text: str) -> str:
    return " ".join(html.unescape(text).split())


def _words(text: str) -> int:
    """Words of text; in a script written without spaces (Chinese, Japanese, Thai...), about two letters a word."""
    return len(text.split()) + len(_UNSPACED.findall(text)) // 2


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return set(zip(*(words[i:] for i in range(5))))


def _seed_texts(seeds: Path) -> Iterator[tuple[str, set[tuple[str, ...]]]]:
    for path in sorted(seeds.glob("*")) if seeds.is_dir() else []:
        if path.is_file() and path.suffix.lower() in TEXTS:
            try:
                yield path.name, _grams(path.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                continue


def duplicate(text: str, known: dict[str, set[tuple[str, ...]]]) -> str | None:
    """The seed whose word 5-grams hold SAME_SHARE of this text's, if any: the one holding the most of them (an
    identical copy before a near one)."""
    mine = _grams(text)
    shared = {name: len(mine & theirs) for name, theirs in known.items()}
    name = max(shared, key=lambda n: (shared[n], -len(known[n])), default=None)
    return name if mine and name is not None and shared[name] >= SAME_SHARE * len(mine) else None


def _ids(content: Path) -> dict[str, str]:
    """Every id the content uses (with its kind), for a new article's to differ."""
    from .scaffold import existing
    loaded = load_content(content, Path.cwd())
    if "articles" in loaded.unreadable:
        raise ValueError("content/articles.yaml cannot be read; fix it first (`briefing check` says where)")
    return existing(loaded.items)[0]


def add(found: Found, content: Path, seeds: Path, ids: dict[str, str]) -> tuple[str, str, Path, int]:
    """The article's text as a new seed file and its entry appended to the articles' file: (id, seed file name,
    the YAML file, the entry's line). Its id joins `ids`."""
    from .scaffold import append, fresh_id, scalar, target
    named = argparse.Namespace(id=None, title=found.title or None, file="article.txt")
    ident = fresh_id(named, "article", ids, content)
    name, n = f"{ident}.txt", 1
    while (seeds / name).exists():
        n += 1
        name = f"{ident}-{n}.txt"
    seeds.mkdir(parents=True, exist_ok=True)
    (seeds / name).write_text(found.text, encoding="utf-8")
    fields = [f"file: {scalar(name)}", f"title: {scalar(found.title or 'TODO: plain, descriptive title')}",
              f"outlet: {scalar(found.outlet)}", f"published: {scalar(found.published)}"]
    fields += [f"author: {scalar(found.author)}"] if found.author else []
    fields += [f"url: {scalar(found.url)}"] if found.url else []
    file = target(content, "articles", ident)
    line = append(file, ident, fields)
    ids[ident] = "article"
    return ident, name, file, line
