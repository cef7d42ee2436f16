"""Markdown with `[[id|label]]` links, and article text with highlights and mention links."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import markdown as md
from markdown.inlinepatterns import LinkInlineProcessor
from markupsafe import Markup, escape

from .urls import ROOT

WIKI = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")  # as fields.LINK_RE, with the words
_MD_SPECIAL = re.compile(r"([\\`*_\[\]>])")
# How far Python-Markdown looks for the end of a link's text (`]`) and of its address (`)`).
# Unbounded, it looks from every `[` to the end of the text: quadratic time on a run of
# brackets. A link's text or address longer than this is shown as written.
LINK_TEXT_MOST = 300
LINK_MOST = 2_000


def _parser() -> md.Markdown:
    """Python-Markdown as the site wants it: raw HTML in content is shown as text, never
    passed through, and a link's end looked for only so far (`_bounded`)."""
    parser = md.Markdown(extensions=[], output_format="html")
    parser.preprocessors.deregister("html_block")
    parser.inlinePatterns.deregister("html")
    for processor in parser.inlinePatterns:
        if isinstance(processor, LinkInlineProcessor):
            _bounded(processor)
    return parser


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


def plain(text: str, name: Callable[[str], str]) -> str:
    """Markdown as the words a reader sees ([[id]] links become names, marks go): for
    meta descriptions and the search index."""
    text = WIKI.sub(lambda m: (m[2] or "").strip() or name(m[1].strip()), text)
    return " ".join(re.sub(r"[*_`#>]|\[|\]\([^)]*\)|\]", "", text).split())


class Markdown:
    """Markdown to HTML, `[[id|label]]` links included: one is made for a build and handed to
    what renders its fields (cards.Cards), since setting up Python-Markdown's parser for each
    field would add up; and a text met again (many items share a summary) is rendered once."""

    def __init__(self) -> None:
        self._parser = _parser()
        self._html: dict[str, str] = {}  # Markdown (links written out) -> HTML, for this object's life

    def html(self, text: str, resolve: Callable[[str], tuple[str, str]]) -> Markup:
        """Render Markdown; `resolve(id)` gives (site path, default label) for `[[id]]`."""
        def link(m: re.Match[str]) -> str:
            target, label = resolve(m[1].strip())
            words = _MD_SPECIAL.sub(r"\\\1", (m[2] or "").strip() or label)
            return f"[{words}]({ROOT}{target})"

        source = WIKI.sub(link, text)
        if (html := self._html.get(source)) is None:
            self._parser.reset()
            html = self._html[source] = self._parser.convert(source)
        return Markup(html)

    def inline(self, text: str, resolve: Callable[[str], tuple[str, str]]) -> Markup:
        """Markdown for one line (a key judgment): the surrounding <p> dropped."""
        html = str(self.html(text, resolve))
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
        # The spans over a..b, kept from one cut to the next rather than looked for among all
        # of them at every cut (quadratic). Outer first: the earliest start, then the longest;
        # marks outside links.
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
