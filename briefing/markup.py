"""Markdown with `[[id|label]]` links, and article text with highlights and mention links."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import markdown as md
from markdown.inlinepatterns import LinkInlineProcessor
from markupsafe import Markup, escape

from .urls import ROOT

WIKI = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")  # as schema.LINK_RE, with the words
_MD_SPECIAL = re.compile(r"([\\`*_\[\]>])")


# How far Python-Markdown looks for the end of a link's text (`]`) and of its address (`)`).
# Unbounded, it looked from every `[` to the end of the text: 8,000 "[[" took 27 s, and 8,000
# "[a](" 10 s. A link's text or address longer than this is shown as written.
LINK_TEXT_MOST = 300
LINK_MOST = 2_000


class _Renderer:
    def __init__(self) -> None:
        self.md = md.Markdown(extensions=[], output_format="html")
        # Raw HTML in content is shown as text, never passed through.
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        for processor in self.md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                _bounded(processor)

    def convert(self, text: str) -> str:
        self.md.reset()
        return self.md.convert(text)


def _bounded(processor: LinkInlineProcessor) -> None:
    """Make `processor` look at most LINK_TEXT_MOST characters on for a link's text, and
    LINK_MOST for its address, by handing it that stretch of the text alone."""
    text, link, ref = processor.getText, processor.getLink, getattr(processor, "evalId", None)

    def get_text(data: str, index: int) -> tuple[str, int, bool]:
        found, end, handled = text(data[index:index + LINK_TEXT_MOST], 0)
        return found, index + end, handled

    def get_link(data: str, index: int) -> tuple[str, str | None, int, bool]:
        href, title, end, handled = link(data[index:index + LINK_MOST], 0)
        return href, title, index + end, handled

    def eval_id(data: str, index: int, label: str) -> tuple[str | None, int, bool]:
        assert ref is not None
        found, end, handled = ref(data[index:index + LINK_TEXT_MOST], 0, label)
        return found, index + end, handled

    processor.getText = get_text  # type: ignore[method-assign]
    processor.getLink = get_link  # type: ignore[method-assign]
    if ref is not None:
        processor.evalId = eval_id  # type: ignore[attr-defined]


_renderer = _Renderer()
_cache: dict[str, str] = {}


def plain(text: str, name: Callable[[str], str]) -> str:
    """Markdown as the words a reader sees ([[id]] links become names, marks go): for
    meta descriptions and the search index."""
    text = WIKI.sub(lambda m: (m[2] or "").strip() or name(m[1].strip()), text)
    return " ".join(re.sub(r"[*_`#>]|\[|\]\([^)]*\)|\]", "", text).split())


def markdown(text: str, resolve: Callable[[str], tuple[str, str]]) -> Markup:
    """Render Markdown; `resolve(id)` gives (site path, default label) for `[[id]]`."""
    def link(m: re.Match[str]) -> str:
        target, label = resolve(m[1].strip())
        words = _MD_SPECIAL.sub(r"\\\1", (m[2] or "").strip() or label)
        return f"[{words}]({ROOT}{target})"

    source = WIKI.sub(link, text)
    if source not in _cache:
        _cache[source] = _renderer.convert(source)
    return Markup(_cache[source])


def markdown_inline(text: str, resolve: Callable[[str], tuple[str, str]]) -> Markup:
    """Markdown for one line (a key judgment): the surrounding <p> dropped."""
    html = str(markdown(text, resolve))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


@dataclass(frozen=True)
class Span:
    """A stretch of a block's text to mark up: a highlight, a link, or a labelled part."""

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
        # The spans over a..b, kept from one cut to the next (looked for among all of them at
        # every cut, 20,000 names in a paragraph took 9 s). Outer first: the earliest start,
        # then the longest; marks outside links.
        active = [s for s in active if s.end > a]
        if a in starting:
            active += [s for s in starting[a] if s.end > a]
            active.sort(key=lambda s: (s.start, -s.end, s.tag != "span", s.tag == "a"))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        for s in reversed(stack[keep:]):
            out.append(f"</{s.tag}>")
        for s in active[keep:]:
            attrs = "".join(f' {k}="{escape(v)}"' for k, v in s.attrs)
            out.append(f"<{s.tag}{attrs}>")
        stack = active
        out.append(escape(text[a:b]))
    out.extend(f"</{s.tag}>" for s in reversed(stack))
    return Markup("".join(out))
