"""Markdown with `[[id|label]]` links, and article text with highlights and mention links."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import markdown as md
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from .fields import LINK_RE
from .urls import ROOT

_MD_SPECIAL = re.compile(r"([\\`*_\[\]>])")
# How far Python-Markdown looks for a link's end (unbounded, quadratic on a run of brackets); longer: shown as written.
LINK_TEXT_MOST = 300
LINK_MOST = 2_000


def _within(find: Callable[..., tuple[Any, ...]], most: int) -> Callable[..., tuple[Any, ...]]:
    """`find(data, index, ...)`, returning (..., end, handled), handed only `most` characters from `index` on."""
    def bounded(data: str, index: int, *args: Any) -> tuple[Any, ...]:
        *found, end, handled = find(data[index:index + most], 0, *args)
        return (*found, index + end, handled)

    return bounded


# A link and the full stop after it, if any: a name that ends a question ("… attend?") takes no stop after it.
_LINKED = re.compile(LINK_RE.pattern + r"(\.(?!\.))?")


def _stopped(words: str, stop: str | None) -> str:
    return words if not stop or words.endswith(("?", "!", ".")) else words + stop


def plain(text: str, name: Callable[[str], str]) -> str:
    """Markdown as the words a reader sees, [[id]] links as names: for meta descriptions and the search index."""
    text = _LINKED.sub(lambda m: _stopped((m[2] or "").strip() or name(m[1].strip()), m[3]), text)
    return " ".join(re.sub(r"[*_`#>|]|!?\[|\]\([^)]*\)|\]", "", text).split())  # an image's "!", a table's "|" too


class _NoImages(Treeprocessor):
    """An image as a link to it, named by its words: no page of the briefing asks another host for anything (and
    one on paper would print as a broken image)."""

    def run(self, root: Any) -> None:
        for parent in root.iter():
            for image in (child for child in parent if child.tag == "img"):
                src, alt = image.get("src", ""), image.get("alt", "")
                image.attrib.clear()
                image.tag, image.text = ("span", alt or src) if parent.tag == "a" else ("a", alt or src)
                if image.tag == "a":
                    image.set("href", src)


class _Directions(Treeprocessor):
    """Every block of the editors' text sets its own direction (`dir="auto"`): a summary written in Arabic reads
    right to left in a page whose language is English, its full stop at its end, not at its start."""

    def run(self, root: Any) -> None:
        for block in root.iter():
            if block.tag in _BLOCKS:
                block.set("dir", "auto")


_BLOCKS = frozenset(("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dt", "dd"))


class Markdown:
    """Markdown to HTML with `[[id|label]]` links: one parser a build, and a text met again rendered once."""

    def __init__(self) -> None:
        # Python-Markdown as the site wants it: raw HTML shown as text, a link's end looked for only so far.
        # Tables, fenced code and lists as a writer expects them; an image as a link to it (_NoImages).
        self._parser = md.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
        self._parser.treeprocessors.register(_NoImages(self._parser), "no_images", 0)
        self._parser.treeprocessors.register(_Directions(self._parser), "directions", 0)
        self._parser.preprocessors.deregister("html_block")
        self._parser.inlinePatterns.deregister("html")
        for processor in self._parser.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                processor.getText = _within(processor.getText, LINK_TEXT_MOST)  # type: ignore[method-assign]
                processor.getLink = _within(processor.getLink, LINK_MOST)  # type: ignore[method-assign]
                if hasattr(processor, "evalId"):  # a reference link's `[name]`
                    processor.evalId = _within(processor.evalId, LINK_TEXT_MOST)
        self._html: dict[str, str] = {}  # Markdown (links written out) -> HTML, for this object's life

    def html(self, text: str, resolve: Callable[[str], tuple[str, str]]) -> Markup:
        """Render Markdown; `resolve(id)` gives (site path, default label) for `[[id]]`, the path "" for words
        left unlinked (an earlier edition's item no longer published)."""
        def link(m: re.Match[str]) -> str:
            target, label = resolve(m[1].strip())
            shown = (m[2] or "").strip() or label
            words = _MD_SPECIAL.sub(r"\\\1", shown)
            stop = _stopped(shown, m[3])[len(shown):]  # a question's name takes no full stop after it
            return (f"[{words}]({ROOT}{target})" if target else words) + stop

        source = _LINKED.sub(link, text)
        if (html := self._html.get(source)) is None:
            self._parser.reset()
            html = self._html[source] = self._parser.convert(source)
        return Markup(html)

    def inline(self, text: str, resolve: Callable[[str], tuple[str, str]]) -> Markup:
        """Markdown for one line (a key judgment): the surrounding <p> dropped."""
        html = str(self.html(text, resolve))
        if html.startswith(_ONE) and html.endswith("</p>") and html.count("<p") == 1:
            html = html[len(_ONE):-4]
        return Markup(html)


_ONE = '<p dir="auto">'


@dataclass(frozen=True)
class Span:  # a stretch of a block's text to mark up: a highlight, a link, or a labelled part
    start: int
    end: int
    tag: str  # "mark", "a" or "span"
    attrs: tuple[tuple[str, str], ...]


def inline(text: str, spans: list[Span]) -> Markup:
    """Escape `text` and wrap each span; a span crossing another's edge is split so tags nest."""
    if not spans:  # most paragraphs
        return escape(text)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[Span] = []
    active: list[Span] = []
    for a, b in zip(cuts, cuts[1:]):
        # The spans over a..b, kept from cut to cut (searching all is quadratic); outer first, marks outside links.
        active = [s for s in active if s.end > a]
        if a in starting:
            active += [s for s in starting[a] if s.end > a]
            active.sort(key=lambda s: (s.start, -s.end, s.tag != "span", s.tag == "a"))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        out.extend(f"</{s.tag}>" for s in reversed(stack[keep:]))
        for s in active[keep:]:
            attrs = "".join(f' {k}="{escape(v)}"' for k, v in s.attrs)
            out.append(f"<{s.tag}{attrs}>")
        stack = active
        out.append(escape(text[a:b]))
    out.extend(f"</{s.tag}>" for s in reversed(stack))
    return Markup("".join(out))
