"""briefing.articles: raw pasted text -> blocks, never losing a word."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.articles import Block, parse
from conftest import PROJECT

SEEDS = PROJECT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def seed(prefix: str) -> list[Block]:
    (path,) = [p for p in SEED_FILES if p.name.startswith(prefix)]
    return parse(path.read_text(encoding="utf-8"))


def kinds(blocks: list[Block]) -> list[str]:
    return [b.kind for b in blocks]


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_the_five_seed_files_are_there() -> None:
    assert [p.name[:3] for p in SEED_FILES] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_every_non_space_character_is_kept_in_order(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    blocks = parse(text)
    assert squeeze("".join(b.text for b in blocks)) == squeeze(text)
    assert all(b.text == b.text.strip() and b.text for b in blocks)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_paragraph_numbers_run_1_to_n(path: Path) -> None:
    blocks = parse(path.read_text(encoding="utf-8"))
    numbered = [b for b in blocks if b.kind in ("paragraph", "caption", "disclaimer")]
    assert [b.number for b in numbered] == list(range(1, len(numbered) + 1))
    assert [b.anchor for b in numbered] == [f"p{i}" for i in range(1, len(numbered) + 1)]
    headings = [b for b in blocks if b.kind == "heading"]
    assert [b.anchor for b in headings] == [f"s{i}" for i in range(1, len(headings) + 1)]


def test_000_dateline_on_first_paragraph() -> None:
    blocks = seed("000")
    first = blocks[0]
    assert first.kind == "paragraph" and first.number == 1
    assert first.text[: first.lead] == "SEOUL, Sept 3 — "
    assert first.text[first.lead:].startswith("North Korean leader Kim Jong Un is in China")
    assert all(b.lead == 0 for b in blocks[1:])


@pytest.mark.parametrize("line", ["BRUSSELS, Sept 3, 2025 — ", "BRUXELLES, 3 septembre 2025 — ",
                                  "BRÜSSEL, 3. September 2025 – ", "WASHINGTON, D.C., March 4 (Reuters) — ",
                                  # Arabic, its own digits or not (tried on an Arabic briefing: body text)
                                  "الرياض، 3 ديسمبر 2026 (رويترز) — ", "بكين، ١٠ ديسمبر ٢٠٢٦ — "])
def test_a_dateline_with_its_year_or_in_french_or_german_is_one(line: str) -> None:
    """Tried on French and German articles: only "SEOUL, Sept 3 — " was a dateline, not one with its year, one
    in another language, nor a city with an accent."""
    (block,) = parse(line + "The ministers met again on Wednesday and agreed on a cap.\n")
    assert block.text[:block.lead] == line


def test_000_two_photo_captions() -> None:
    captions = [b for b in seed("000") if b.kind == "caption"]
    assert len(captions) == 2
    assert captions[0].text.startswith("China’s President Xi Jinping attends a meeting")
    assert captions[0].text.endswith("— AFP pic")
    assert captions[1].text.startswith("US President Donald Trump shakes hands")
    assert captions[1].text.endswith("— Reuters pic")


def test_000_question_headings() -> None:
    headings = [b.text for b in seed("000") if b.kind == "heading"]
    assert headings == ["What’s going on?", "What might it mean?", "What does it mean for Kim?",
                        "What about Trump?", "What will come afterwards?"]


def test_000_sign_off_on_last_paragraph() -> None:
    blocks = seed("000")
    last = blocks[-1]
    assert last.kind == "paragraph"
    assert last.text.startswith("“Kim is no longer just a recipient of aid.")
    assert last.text[len(last.text) - last.tail:] == " — AFP"
    assert all(b.tail == 0 for b in blocks[:-1])


def test_000_lead_in_line_is_a_paragraph_not_a_heading() -> None:
    blocks = seed("000")
    (intro,) = [b for b in blocks if b.text == "AFP takes a look at what we know:"]
    assert intro.kind == "paragraph"


def test_001_is_six_plain_paragraphs() -> None:
    blocks = seed("001")
    assert kinds(blocks) == ["paragraph"] * 6
    assert blocks[0].lead == 0 and blocks[-1].tail == 0


def test_002_byline_date_heading_separator_disclaimer() -> None:
    blocks = seed("002")
    assert kinds(blocks) == ["byline", "date", "heading", "paragraph", "heading", "paragraph", "paragraph",
                             "heading", "paragraph", "paragraph", "separator", "disclaimer"]
    assert blocks[0].text == "By Ramon Pacheco Pardo"
    assert blocks[0].anchor == "byline"
    assert blocks[1].text == "5.9.2025"
    assert blocks[2].text == "Introduction"
    assert blocks[3].text.startswith("On 3 September 2025, North Korean leader Kim Jong-un attended")
    assert blocks[4].text == "What are the main reasons behind Kim’s attendance at China’s Victory Day parade?"
    assert blocks[10].text == "__________"
    assert blocks[11].text.startswith("The views expressed in this publication are solely those of the author")
    assert blocks[11].number == 6


def test_003_glued_paragraphs_are_split() -> None:
    blocks = seed("003")
    starts = [b.text for b in blocks]
    assert all(b.kind == "paragraph" for b in blocks)
    assert starts[0].endswith("since he took power in late 2011.")
    assert any(t.startswith("Russian President Vladimir Putin will also attend") for t in starts)
    assert any(t.startswith("Since inheriting power") for t in starts)
    assert any(t.startswith("Observers also note that") for t in starts)
    assert any(t.startswith("Other leaders attending the parade include") for t in starts)
    assert any(t.startswith("“Kim’s attendance is significant") for t in starts)
    # the quote that was glued to "Since inheriting power" keeps its closing mark
    (quote,) = [t for t in starts if t.startswith("“We warmly welcome")]
    assert quote.endswith("the Chinese government.”")
    assert len(blocks) == 11


def test_003_abbreviations_are_not_split() -> None:
    blocks = seed("003")
    assert any("between the U.S. and China" in b.text for b in blocks)
    assert not any(b.text.endswith("U.S.") or b.text.startswith("S.") for b in blocks)
    for b in seed("001"):
        assert not b.text.endswith("U.S.")


def test_004_title_case_headings() -> None:
    headings = [b.text for b in seed("004") if b.kind == "heading"]
    assert headings == ["Reemergence on the Global Stage", "Renewed Strategic Alignments",
                        "High-Level Engagements Reveal Shared Interests", "Public Display and Military Signaling"]
    assert [b.kind for b in seed("004")].count("paragraph") == 9


# -- synthetic cases -------------------------------------------------------

def test_hard_wrapped_lines_are_joined() -> None:
    blocks = parse("The quick brown fox\njumps over the\nlazy dog.\n\nSecond paragraph.\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "The quick brown fox jumps over the lazy dog."),
        ("paragraph", "Second paragraph."),
    ]


def test_crlf_and_cr_line_ends_parse_like_lf() -> None:
    lf = "BEIJING, Sept 3 — Kim arrived.\n\nWhat next?\n\nHe said so\nand left.\n\nEnd. — AFP\n"
    expected = parse(lf)
    assert parse(lf.replace("\n", "\r\n")) == expected
    assert parse(lf.replace("\n", "\r")) == expected
    assert [b.kind for b in expected] == ["paragraph", "heading", "paragraph", "paragraph"]
    assert expected[2].text == "He said so and left."


def test_whitespace_inside_lines_is_collapsed_but_a_no_break_space() -> None:
    """A no-break space is the writer's: French puts one inside « » and in "1 234,5", never to break a line there
    (tried on a French briefing: the site broke "prudent. «" from "Nous voulons")."""
    (block,) = parse("  Kim \t met   Xi\u00a0in Beijing, « \u00a0oui\u202f» 1\u202f234,5.  \n")
    assert block.text == "Kim met Xi\u00a0in Beijing, « \u00a0oui\u202f» 1\u202f234,5."


# Every character str.split() takes for a space, and some that only look like one.
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\u200b\u2060\ufeff"


@given(st.lists(st.sampled_from(["Kim", "met", "Xi.", "a"]) | st.sampled_from([" ", "  "]) | st.sampled_from(_SPACES),
                max_size=12))
@settings(max_examples=300, deadline=None)
def test_spaces_in_a_line_become_single_spaces_between_its_words(words: list[str]) -> None:
    text = "".join(words)
    blocks = parse(text)
    kept = "\u00a0\u2007\u202f"  # no-break spaces, as written
    assert all(b.text == re.sub(rf"[^\S{kept}]+", " ", b.text).strip() and "  " not in b.text for b in blocks)
    assert "".join("".join(b.text.split()) for b in blocks) == "".join(text.split())


def test_sentence_glued_after_closing_quote_is_split() -> None:
    blocks = parse("He said “no.”Then he left. It was late.Next day they met.")
    assert [b.text for b in blocks] == ["He said “no.”", "Then he left. It was late.", "Next day they met."]


def test_initials_and_decimals_are_not_split() -> None:
    blocks = parse("Mr. Kim met the U.S. envoy. Growth was 3.5 percent. Ties with the U.N. are weak.")
    assert len(blocks) == 1


def test_separator_and_closing_disclaimer() -> None:
    blocks = parse("He said so.\n\n* * *\n\nCopyright 2025 Example News. All rights reserved.\n")
    assert [(b.kind, b.anchor) for b in blocks] == [("paragraph", "p1"), ("separator", ""), ("disclaimer", "p2")]


@pytest.mark.parametrize("text", ["ALL RIGHTS RESERVED.", "The views expressed are the author's own.",
                                  "DISCLAIMER: none.", "© 2025 Example", "All rİghts reſerved",
                                  "The vıews expressed here are his."])
def test_a_closing_disclaimer_is_found_in_any_case(text: str) -> None:
    """Case-blind as a regular expression with re.IGNORECASE, which also reads İ and ı as i
    and ſ as s."""
    assert [b.kind for b in parse(f"He said so.\n\n{text}\n")] == ["paragraph", "disclaimer"]


def test_a_closing_paragraph_that_only_mentions_copyright_is_no_disclaimer() -> None:
    assert [b.kind for b in parse("He said so.\n\nThey argued over copyright.\n")] == ["paragraph", "paragraph"]


def test_text_ending_in_a_short_line_is_not_a_heading() -> None:
    blocks = parse("Kim arrived.\n\nHe left on Friday")
    assert [b.kind for b in blocks] == ["paragraph", "paragraph"]


def test_first_paragraph_starting_with_by_is_not_a_byline() -> None:
    """A byline names a person; a one-sentence opening paragraph that happens to start with
    'By' ("By Tuesday the talks had failed.") is body text and must keep its paragraph number."""
    blocks = parse("By Tuesday the talks had failed.\n\nKim left Beijing on Friday.\n")
    assert [(b.kind, b.number) for b in blocks] == [("paragraph", 1), ("paragraph", 2)]


def test_paragraph_ending_in_a_hyphenated_image_is_not_a_caption() -> None:
    """Captions end '— AFP pic'; a sentence ending 'anti-Western image.' is not one."""
    blocks = parse("Kim sought to polish his anti-Western image.\n\nHe left.\n")
    assert [b.kind for b in blocks] == ["paragraph", "paragraph"]


def test_caption_with_other_agency() -> None:
    blocks = parse("The summit ended.\n\nXi greets Kim at the station. — Yonhap photo\n\nEnd.\n")
    assert [b.kind for b in blocks] == ["paragraph", "caption", "paragraph"]
    assert blocks[1].anchor == "p2"


def test_a_paragraph_wrapped_over_many_lines_is_joined_back_whole() -> None:
    """Each wrapped line was added to the paragraph one by one: 500,000 of them took 5 s."""
    text = "First line of a wrapped paragraph\n" + "and one more line\n" * 1000 + "\nThe next paragraph.\n"
    blocks = parse(text)
    assert [b.text for b in blocks if b.kind == "paragraph"] == [
        "First line of a wrapped paragraph " + " ".join(["and one more line"] * 1000), "The next paragraph."]


def test_a_chinese_or_arabic_headline_and_top_date_are_a_heading_and_a_date() -> None:
    """Tried on an Arabic and Chinese briefing: the headline line was paragraph 1 (every #pN after it one off), and
    "2026年12月4日" a section heading: a script without capitals has headings too, and dates written its way."""
    chinese = parse("中沙签署吉赞港开发协议\n\n2026年12月4日 09:30\n\n新华社北京12月3日电　中国与沙特阿拉伯签署协议。\n\n第二段。\n")
    assert [(b.kind, b.anchor) for b in chinese] == [("heading", "s1"), ("date", ""), ("paragraph", "p1"),
                                                    ("paragraph", "p2")]
    arabic = parse("ميناء جازان: أسئلة حول التمويل\n\n٤ ديسمبر ٢٠٢٦\n\nنص الفقرة الأولى هنا.\n\nهل يكفي التمويل؟\n\nآخر.\n")
    assert [(b.kind, b.anchor) for b in arabic] == [("heading", "s1"), ("date", ""), ("paragraph", "p1"),
                                                   ("heading", "s2"), ("paragraph", "p2")]


def test_an_arabic_paragraph_with_a_dash_is_no_dateline_without_a_date() -> None:
    """Arabic has no capitals to tell a place by: a place and a dash alone ("قال المسؤول — ...") are the text."""
    (block,) = parse("قال المسؤول — إن المحادثات مستمرة حتى الأسبوع المقبل.\n")
    assert block.lead == 0


_REPORT = [  # paragraphs of a report, hard-wrapped at 60 below as a PDF's copy is
    "1.1 The Harbour Board's own engineers warned in 2009, in 2013 and again in 2016 that the wall was too low. "
    "The Environment Agency knew enough by 2014 to act, and did not.",
    "1.2 Nobody on the board was shown a paper that said otherwise. The flood-gate at Quay 4 was not maintained "
    "for eleven years in any meaningful sense, 14 November 2024 being the night it was needed.",
    "1.3 The Inquiry heard 21 of its witnesses in public. Their evidence is summarised in the chapters that follow, "
    "with what each of them said about the wall, the gate and the warnings issued that night.",
]


def _wrapped(paragraphs: list[str], width: int = 60) -> str:
    import textwrap
    return "\n\n".join(textwrap.fill(p, width, break_on_hyphens=False) for p in paragraphs) + "\n"


def test_a_text_hard_wrapped_at_a_width_is_one_paragraph_a_block_whatever_its_lines_start_with() -> None:
    """Tried on an inquiry's report copied from a PDF: a line opening with a capital or a digit ("2009, in 2013",
    "Environment Agency knew") started a paragraph of its own: 298 paragraphs were 758, every #pN off."""
    text = _wrapped(_REPORT)
    assert any(line[:1].isdigit() for line in text.splitlines()[1:])  # the case it is about
    assert [b.text for b in parse(text)] == _REPORT


def test_a_hard_wrapped_texts_page_furniture_goes_and_a_paragraph_goes_on_over_the_break() -> None:
    head = "HALLMOUTH PORT FLOOD DEFENCES INQUIRY - FINAL REPORT"
    lines = _wrapped(_REPORT * 3).splitlines()
    cut = lines.index("") + 2  # inside the second paragraph: a page break there
    page = ["", "", head, "Page 14 of 120", "", head, ""]
    text = "\n".join(lines[:cut] + page + lines[cut:] + ["", head, "Page 15 of 120", "", head]) + "\n"
    assert [b.text for b in parse(text)] == _REPORT * 3
    # a year on a line of its own is no page's number
    assert [b.text for b in parse(_wrapped(_REPORT) + "\n2025\n")][-1] == "2025"


def test_a_word_hyphenated_at_a_wrapped_lines_end_is_one_word_again() -> None:
    """"main-" "tained" was "main- tained", which no quote of "maintained" matched; a word the text writes with
    its hyphen elsewhere keeps it."""
    text = _wrapped(_REPORT).replace("maintained", "main-\ntained", 1).replace(" flood-gate ", " flood-\ngate ", 1)
    text += "\nThe flood-gate was closed at last in 2025, after the Inquiry had reported.\n"
    blocks = parse(text)
    assert blocks[1].text == _REPORT[1]


def test_lines_of_no_fixed_width_are_not_joined() -> None:
    """A list, a title page, a contents page: short lines of their own, whatever follows them."""
    text = ("CONTENTS\n\n" + "\n".join(f"{n}.1 Section {n} .................................. {n * 5}"
                                       for n in range(1, 12)) + "\n\nChair: Dame Helen Marsh KC\nHC 1187\n\n"
            + "\n".join(f"- item {n} of a list, which the text wrote on a line of its own" for n in range(12)) + "\n")
    assert len(parse(text)) == 1 + 11 + 2 + 12


@pytest.mark.parametrize("top", ["3 сентября 2025 года", "3 сентября 2025 г.", "4 вересня 2025", "4 вересня 2025 р.",
                                 "Среда, 3 сентября 2025", "5 сентября 2025 года, 14:30"])
def test_a_russian_or_ukrainian_top_date_byline_and_dateline_are_recognised(top: str) -> None:
    """Tried by an analyst in Kyiv: "3 сентября 2025 г." was paragraph 1 (every #pN after it one off), "4 вересня
    2025" a heading, "Автор: Анна Петрова" a heading, and "МОСКВА, 3 сентября 2025 года —" no dateline."""
    blocks = parse(f"Заголовок новости\n\nАвтор: Анна Петрова\n\n{top}\n\nМОСКВА, 3 сентября 2025 года — Министр "
                   "сказал, что переговоры начнутся.\n\nВторой абзац.\n")
    assert [(b.kind, b.number) for b in blocks] == [("heading", 1), ("byline", 0), ("date", 0), ("paragraph", 1),
                                                    ("paragraph", 2)]
    assert blocks[3].text[:blocks[3].lead] == "МОСКВА, 3 сентября 2025 года — "
