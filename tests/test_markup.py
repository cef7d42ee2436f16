"""briefing.markup: Markdown with [[id]] links, raw HTML shown as text; marked-up article text."""
from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.markup import LINK_MOST, LINK_TEXT_MOST, Markdown, Span, inline, plain

TARGETS = {"kim-jong-un": ("people/kim-jong-un/", "Kim *Jong* Un"), "q1": ("quotes/#q-q1", "Kim: “We won”")}


def resolve(ident: str) -> tuple[str, str]:
    return TARGETS[ident]


def html(markup: object) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


def test_wiki_links_use_the_item_name_or_the_given_words() -> None:
    doc = html(Markdown().html("See [[kim-jong-un]], [[ kim-jong-un | the leader ]] and [[q1]].", resolve))
    links = [(a["href"], a.get_text()) for a in doc.find_all("a")]
    assert links == [("@/people/kim-jong-un/", "Kim *Jong* Un"), ("@/people/kim-jong-un/", "the leader"),
                     ("@/quotes/#q-q1", "Kim: “We won”")]
    assert doc.find("em") is None  # the name's asterisks are text, not emphasis
    assert doc.p.get_text() == "See Kim *Jong* Un, the leader and Kim: “We won”."


def test_markdown_formatting_is_rendered() -> None:
    doc = html(Markdown().html("**Bold** and *italic*.\n\n- one\n- two", resolve))
    assert doc.strong.get_text() == "Bold"
    assert doc.em.get_text() == "italic"
    assert [li.get_text() for li in doc.find_all("li")] == ["one", "two"]


def test_raw_html_is_shown_as_text() -> None:
    doc = html(Markdown().html('<script>alert(1)</script> <b onclick="x()">bold</b>\n\n<div>block</div>', resolve))
    assert doc.find("script") is None and doc.find("b") is None and doc.find("div") is None
    texts = [p.get_text() for p in doc.find_all("p")]
    assert texts == ['<script>alert(1)</script> <b onclick="x()">bold</b>', "<div>block</div>"]


def test_inline_markdown_drops_the_paragraph() -> None:
    out = str(Markdown().inline("A *judgment* on [[kim-jong-un]].", resolve))
    assert out == 'A <em>judgment</em> on <a href="@/people/kim-jong-un/">Kim *Jong* Un</a>.'
    two = html(Markdown().inline("First.\n\nSecond.", resolve))
    assert [p.get_text() for p in two.find_all("p")] == ["First.", "Second."]


def test_inline_escapes_text_and_attributes() -> None:
    out = inline('Kim & Xi <met> "here"', [Span(0, 3, "span", (("title", 'a "b" <c>'),))])
    doc = html(out)
    assert doc.get_text() == 'Kim & Xi <met> "here"'
    assert doc.span["title"] == 'a "b" <c>'
    assert "<met>" not in str(out)


def test_inline_nests_a_link_inside_a_highlight() -> None:
    text = "Kim Jong Un said “we won” today"
    out = inline(text, [Span(0, 11, "a", (("href", "@/people/kim-jong-un/"),)),
                        Span(0, 25, "mark", (("class", "hl-quote"),))])
    doc = html(out)
    assert doc.get_text() == text
    assert doc.mark.get_text() == "Kim Jong Un said “we won”"
    assert doc.mark.a.get_text() == "Kim Jong Un"


def test_inline_splits_crossing_spans_so_tags_nest() -> None:
    out = str(inline("abcdefgh", [Span(0, 5, "mark", (("class", "x"),)), Span(3, 8, "a", (("href", "h"),))]))
    assert out == '<mark class="x">abc<a href="h">de</a></mark><a href="h">fgh</a>'


def test_inline_without_spans_is_just_escaped() -> None:
    assert str(inline("a < b", [])) == "a &lt; b"


def test_a_wiki_link_after_a_run_of_brackets_is_still_a_link() -> None:
    doc = html(Markdown().html("[[[[[[[[kim-jong-un]] and [[a|b[[q1|the quote]]", resolve))
    assert [(a["href"], a.get_text()) for a in doc.find_all("a")] == [
        ("@/people/kim-jong-un/", "Kim *Jong* Un"), ("@/quotes/#q-q1", "the quote")]


def test_python_markdown_looks_for_a_link_end_only_so_far() -> None:
    """It looked from every `[` to the end of the text for the `]`, and from every `](` for the
    `)`: 8,000 "[[" took 27 s to render. A link whose text or address runs longer than
    LINK_TEXT_MOST or LINK_MOST is shown as written."""
    near = f"[{'a' * (LINK_TEXT_MOST - 2)}](https://example.com/{'x' * (LINK_MOST - 30)})"
    far_text = f"[{'a' * LINK_TEXT_MOST}](https://example.com/)"
    far_link = f"[a](https://example.com/{'x' * LINK_MOST})"
    nested = "[a [b [c] d] e](https://example.com/)"
    doc = html(Markdown().html("\n\n".join([near, far_text, far_link, nested]), resolve))
    assert [len(p.find_all("a")) for p in doc.find_all("p")] == [1, 0, 0, 1]
    assert doc.find_all("p")[1].get_text() == far_text
    assert doc.find_all("a")[1].get_text() == "a [b [c] d] e"
    assert html(Markdown().html("![" * 3000, resolve)).p.get_text() == "![" * 3000


def _inline_span_by_span(text: str, spans: list[Span]) -> str:
    """inline() as it was: the spans over each stretch looked for among all of them."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    stack: list[Span] = []
    for a, b in zip(cuts, cuts[1:]):
        active = sorted((s for s in spans if s.start <= a and b <= s.end),
                        key=lambda s: (s.start, -s.end, s.tag != "span", s.tag == "a"))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        out += [f"</{s.tag}>" for s in reversed(stack[keep:])]
        out += ["<" + s.tag + "".join(f' {k}="{v}"' for k, v in s.attrs) + ">" for s in active[keep:]]
        stack = active
        out.append(text[a:b])
    out += [f"</{s.tag}>" for s in reversed(stack)]
    return "".join(out)


@st.composite
def spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(st.text(alphabet="abcdef", min_size=1, max_size=30))
    found = []
    for n in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        tag = draw(st.sampled_from(["mark", "a", "span"]))
        found.append(Span(start, end, tag, (("id", str(n)),)))
    return text, found


@settings(max_examples=500, deadline=None)
@given(spans())
def test_inline_wraps_as_when_it_looked_at_every_span_for_every_stretch(case: tuple[str, list[Span]]) -> None:
    text, found = case
    assert str(inline(text, found)) == _inline_span_by_span(text, found)


def test_a_question_linked_at_the_end_of_a_sentence_takes_no_full_stop_after_it() -> None:
    resolve = lambda ident: ("claims/#c-x", "How many leaders came?")  # noqa: E731
    html = str(Markdown().html("See [[x]]. And [[x|the count]]. Then [[x]]...", resolve))
    assert html == ('<p dir="auto">See <a href="@/claims/#c-x">How many leaders came?</a> And <a href="@/claims/#c-x">'
                    'the count</a>. Then <a href="@/claims/#c-x">How many leaders came?</a>...</p>')
    assert plain("See [[x]].", lambda ident: "How many leaders came?") == "See How many leaders came?"


def test_tables_code_and_lists_render_and_an_image_is_a_link_to_it() -> None:
    """Tried with extreme content: a table came out as a paragraph of pipes, fenced code as one inline line, an
    ordered list merged into the bullets before it, and an image was loaded from its host on every page showing it
    (the site asks no other host for anything)."""
    from bs4 import BeautifulSoup
    from briefing.markup import Markdown

    html = BeautifulSoup(str(Markdown().html(
        "| Year | Leaders |\n|---|---|\n| 2019 | 2 |\n\n```\nline one\n  indented\n```\n\n- a\n- b\n\n"
        "1. first\n2. second"
        "\n\nSee ![A map of the route](https://example.org/map.png) and [![logo](https://example.org/l.png)]"
        "(https://example.org/).", lambda i: ("", i))), "html.parser")
    assert [[c.get_text() for c in row.find_all(["th", "td"])] for row in html.find_all("tr")] == [
        ["Year", "Leaders"], ["2019", "2"]]
    assert html.pre is not None and html.pre.get_text() == "line one\n  indented\n"
    assert [[li.get_text() for li in lst.find_all("li")] for lst in html.find_all(["ul", "ol"])] == [
        ["a", "b"], ["first", "second"]]
    assert html.find("img") is None
    assert [(a.get_text(), a["href"]) for a in html.find_all("a")] == [
        ("A map of the route", "https://example.org/map.png"), ("logo", "https://example.org/")]


def test_each_block_of_the_editors_text_sets_its_own_direction() -> None:
    """Tried on an Arabic briefing: a summary "الحربي يزور بكين." in an English page showed its full stop at its
    start, and a key judgment's parts out of order: each block now reads in the direction of its own words."""
    from bs4 import BeautifulSoup
    resolve = lambda ident: ("people/x/", "سارة")  # noqa: E731
    html = str(Markdown().html("الحربي يزور بكين.\n\n- [[x]] و\n- two\n\n> quoted\n\n| a |\n|---|\n| b |", resolve))
    blocks = BeautifulSoup(html, "html.parser").find_all(["p", "li", "blockquote", "th", "td"])
    assert blocks and all(b.get("dir") == "auto" for b in blocks), html
    assert str(Markdown().inline("الحربي يزور بكين.", resolve)) == "الحربي يزور بكين."  # a line: no block of its own
