"""briefing.verbatim: finding quotes despite quote-mark, dash, whitespace and elision differences."""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.verbatim import _TOKEN, HINT_WORDS, Forms, Match, _trimmed, closest, comparable, find
from conftest import ALPHA, QUOTES, make_briefing, run_build

TEXTS = [
    "He said “it is done” – and left for Pyongyang’s station.",
    "The parade is “political theatre of the highest order... the primary message is the political solidarity”.",
    "Kim Jong-un met Xi—twice—in Beijing.",
    "Berlin a dit qu’il faudrait «\u00a0du temps\u00a0» pour convaincre.",
]


def found(needle: str, texts: list[str] = TEXTS) -> list[str]:
    """The original passages a match covers, one per elided part."""
    m = find(needle, texts)
    assert m is not None, f"{needle!r} not found"
    return [texts[m.block][a:b] for a, b in m.spans]


@pytest.mark.parametrize(
    ("needle", "passage"),
    [
        ('"it is done" - and', "“it is done” – and"),          # straight quotes and hyphen for curly and en dash
        ("“it is done” – and", "“it is done” – and"),          # exact
        ("it is done” – and", "it is done” – and"),            # a mark the needle does not start with is not taken
        ("qu’il faudrait \"du temps\" pour", "qu’il faudrait «\u00a0du temps\u00a0» pour"),  # French « » spaced inside
        ("qu'il faudrait du temps pour", "qu’il faudrait «\u00a0du temps\u00a0» pour"),  # or no marks at all
        ("Pyongyang's station", "Pyongyang’s station"),        # straight apostrophe for curly
        ("Xi-twice-in", "Xi—twice—in"),                        # hyphen for em dash
        ("Kim Jong—un", "Kim Jong-un"),                        # em dash in the needle, hyphen in the text
    ],
)
def test_quote_marks_and_dashes_are_equivalent(needle: str, passage: str) -> None:
    assert found(needle) == [passage]


def test_whitespace_differences_are_ignored() -> None:
    assert found("it   is\n done") == ["it is done"]
    assert found("  left for  ") == ["left for"]


@pytest.mark.parametrize("ellipsis", ["...", "…", " ... ", ". . ."])
def test_elision_stands_for_any_text(ellipsis: str) -> None:
    parts = found(f"political theatre{ellipsis}the political solidarity")
    assert parts == ["political theatre", "the political solidarity"]


def test_elision_may_swallow_punctuation_and_the_texts_own_ellipsis() -> None:
    assert found("the highest order... the primary message") == ["the highest order", "the primary message"]
    assert found("highest order…primary") == ["highest order", "primary"]


@pytest.mark.parametrize("ellipsis", [". ...", "....", ". . . .", ". …"])
def test_an_elision_after_a_full_stop(ellipsis: str) -> None:
    """The full stop that ends a sentence, then the elision: nothing of it is left on the next part."""
    texts = ["I will stand at the election. I shall lead a campaign. We shall be honest, open and straight."]
    assert found(f"I will stand at the election{ellipsis} We shall be honest", texts)[1] == "We shall be honest"
    assert find(f"the election{ellipsis} I shall lead", texts) is not None  # nothing left out


def test_elided_parts_must_be_in_order_and_in_one_text() -> None:
    assert find("solidarity ... political theatre", TEXTS) is None
    assert find("it is done ... political theatre", TEXTS) is None


def test_leading_and_trailing_elision() -> None:
    assert found("...it is done...") == ["it is done"]


def test_case_and_words_must_match() -> None:
    assert find("he said", TEXTS) is None
    assert find("it is finished", TEXTS) is None


def test_not_found_returns_none_and_empty_needles_never_match() -> None:
    assert find("nothing like this", TEXTS) is None
    assert find("", TEXTS) is None
    assert find("...", TEXTS) is None
    assert find("anything", []) is None


def test_match_reports_the_block_index() -> None:
    m = find("twice", TEXTS)
    assert m == Match(2, ((19, 24),))
    assert TEXTS[2][19:24] == "twice"


def test_closest_names_the_most_similar_passage_and_the_difference() -> None:
    passage, diff = closest("political theatre of the lowest order", TEXTS)
    assert passage == "political theatre of the highest order"
    assert "lowest" in diff and "highest" in diff
    passage, diff = closest("Kim Jong-un met Xi three times in Beijing", TEXTS)
    assert passage.startswith("Kim Jong-un met Xi")
    assert "three times" in diff


@pytest.mark.parametrize(("needle", "diff"), [
    ("We will rebuild the wall before winter.", "punctuation: “.” where the article has “,” after “winter”"),
    ("We will rebuild the wall, before winter", "punctuation: “,” is not in the article after “wall”"),
    ("the plan was sound, \"We will", "punctuation: “,” where the article has “.” after “sound”"),
])
def test_closest_names_a_mark_where_the_words_agree(needle: str, diff: str) -> None:
    text = 'Officials said the plan was sound. "We will rebuild the wall before winter," the chairman said.'
    assert find(needle, [text]) is None
    assert closest(needle, [text])[1] == diff


def test_closest_with_nothing_to_compare() -> None:
    assert closest("anything", []) == ("", "")
    assert closest("...", TEXTS) == ("", "")


def _normalise_char_by_char(text: str) -> tuple[str, list[int]]:
    """The plain implementation: the reference the faster one must agree with. Words are runs of characters that
    are neither spaces nor dashes, and runs of dashes, each one "-" placed at its last; one space between words,
    placed just before the word."""
    from briefing.verbatim import _TABLE
    plain = "".join(" " if ch == "'" and not (0 < i < len(text) - 1 and (chars[i - 1].isalnum() or chars[i - 1] == "_")
                                             and (chars[i + 1].isalnum() or chars[i + 1] == "_")) else ch
                    for chars in [text.translate(_TABLE)] for i, ch in enumerate(chars))
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(plain):
        kind = "space" if ch.isspace() else "dash" if ch == "-" else "word"
        if kind == "space":
            continue
        if spans and spans[-1][1] == i and (plain[i - 1] == "-") == (kind == "dash"):
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    out: list[str] = []
    index: list[int] = []
    for a, b in spans:
        if out:
            out.append(" ")
            index.append(a - 1)
        if plain[a] == "-":
            out.append("-")
            index.append(b - 1)
        else:
            out += plain[a:b]
            index += range(a, b)
    return "".join(out), index


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab “”‘’–—\u00a0\t\n\u2028\u3000\x1c.…")), max_size=40) | st.text(max_size=40))
def test_comparable_and_originals_agree_with_the_plain_implementation(text: str) -> None:
    """The comparable form made in C, and the map back to the text for any positions,
    are what the plain character-by-character normalising gives."""
    from briefing.verbatim import comparable, originals
    hay, index = _normalise_char_by_char(text)
    assert comparable(text) == hay
    assert originals(text, range(len(hay))) == dict(enumerate(index))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab “”–\u00a0\t\n\u3000.")), max_size=40), st.data())
def test_originals_of_a_few_positions(text: str, data: st.DataObject) -> None:
    from briefing.verbatim import originals
    hay, index = _normalise_char_by_char(text)
    wanted = data.draw(st.lists(st.integers(0, len(hay) - 1), max_size=6)) if hay else []
    assert originals(text, wanted) == {p: index[p] for p in wanted}


def _closest_by_every_window(needle: str, text: str) -> str:
    """The passage of `text` closest to `needle` as closest() finds it, without passing over windows: the diff of
    every window of the needle's length; of those alike, the first starting with the needle's first word; from its
    start, up to 3 words longer or shorter where that holds more of the needle's words (the fewest changed); its
    edges trimmed of words that match nothing (verbatim._trimmed)."""
    want = _TOKEN.findall(comparable(needle))
    hay = comparable(text)
    tokens = list(_TOKEN.finditer(hay))
    n, at, best_score = len(want), 0, (-1.0, False)
    for i in range(max(1, len(tokens) - n + 1)):
        window = tokens[i:i + n]
        score = (SequenceMatcher(None, want, [t[0] for t in window], autojunk=False).ratio(),
                 bool(window) and window[0][0] == want[0])
        if score > best_score:
            at, best_score = i, score

    def held(window: list[re.Match[str]]) -> int:
        blocks = SequenceMatcher(None, want, [t[0] for t in window], autojunk=False).get_matching_blocks()
        return sum(b.size for b in blocks)
    lengths = sorted((m for m in range(max(1, n - 3), n + 4) if at + m <= len(tokens)), key=lambda m: abs(m - n))
    best = max((tokens[at:at + m] for m in lengths), key=held, default=tokens[at:at + n])
    best = _trimmed(want, best) if best else best
    return hay[best[0].start():best[-1].end()] if best else ""


WORDS = st.sampled_from(["kim", "xi", "met", "in", "beijing", "the", "parade", "a", "rare", "trip", "leaders"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=80), st.lists(WORDS, min_size=1, max_size=12))
def test_closest_passes_over_only_windows_that_cannot_be_closer(text: list[str], needle: list[str]) -> None:
    assert closest(" ".join(needle), [" ".join(text)])[0] == _closest_by_every_window(" ".join(needle), " ".join(text))


def test_a_long_mistyped_quote_is_explained_where_it_stops_matching() -> None:
    """A quote of 2,000 words against a long article took 49 s to explain; the hint now
    compares HINT_WORDS words from a little before the first that differs."""
    article = " ".join(f"word{i} and more" for i in range(3000))
    quote = article.split()[:2000]
    quote[1500] = "changed"
    near, diff = closest(" ".join(quote), [article[: len(article) // 2], article[len(article) // 2:]])
    assert diff == "“changed” where the article has “word500”"
    assert len(near.split()) == HINT_WORDS and "word500" in near


def test_the_words_a_hint_quotes_are_cut_short() -> None:
    _, diff = closest(" ".join(["verylongword" * 5] * 4), ["SEOUL, Sept 3 - North Korea"])
    assert all(len(part) <= 61 for part in re.findall(r"“([^”]*)”", diff)), diff
    assert diff.startswith("“" + ("verylongword" * 5)[:60] + "…” where the article has")


def test_forms_shared_between_searches_give_the_same_matches_and_are_made_once() -> None:
    texts = ["He said “no” — twice.", "Nothing  here.", "The minister said: ‘we will see’."]
    forms = Forms()
    assert [find(n, texts, forms) for n in ('said "no" - twice', "we will see", "absent")] == [
        find(n, texts) for n in ('said "no" - twice', "we will see", "absent")]
    assert forms == {t: comparable(t) for t in texts}  # each text's form made once, kept for the next search


def test_the_closest_passage_takes_in_no_word_of_the_sentence_before() -> None:
    """A quote a word longer than the text ("could not" for "cannot") took the word before to make up its length:
    "Athens. “The charge cannot be substantiated” (the article has “Athens” here; ...)"."""
    text = 'The two were cleared in Athens. "The charge cannot be substantiated," the tribunal said.'
    assert closest("The charge could not be substantiated", [text]) == (
        "The charge cannot be substantiated", "“could not” where the article has “cannot”")


def test_no_closest_passage_in_a_text_without_words() -> None:
    assert closest("26 world leaders", [":"]) == ("", "")  # a block of punctuation alone (the fuzz test found it)


@pytest.mark.parametrize(("quote", "passage", "differ"), [
    ("goes on sale in Europe and America next year", "goes on sale in Europe and North America next year",
     "the article has “North” here"),
    ("music and movies and goes on sale in Europe next year",
     "music and movies and goes on sale in Europe and North America next year",
     "the article has “and North America” here"),
])
def test_the_closest_passage_takes_in_the_words_the_article_has_more(quote: str, passage: str, differ: str) -> None:
    """A quote that leaves words out is shown against the whole passage, the words left out named, not cut short
    where the quote's count of words ends ("“year” is not in the article", when it is)."""
    article = ["Sony's PSP plays music and movies and goes on sale in Europe and North America next year, it said."]
    assert closest(quote, article) == (passage, differ)


def test_accents_written_as_a_letter_and_a_combining_mark_are_the_same_letters(tmp_path: Path) -> None:
    """Tried with a French article saved on a Mac: text in decomposed form (NFD) failed every accented quote, typed
    on another keyboard in composed form, with "“même” where the article has “me me”"; and the other way round."""
    french = "Le ministre a déclaré que la même réforme serait façonnée à Strasbourg."
    quote = QUOTES + ("- id: roe-meme\n  speaker: jane-roe\n  text: la même réforme serait façonnée\n"
                      "  source: {article: afp-report}\n")
    for article, quotes in ((unicodedata.normalize("NFD", french), quote),
                            (french, unicodedata.normalize("NFD", quote))):
        root = make_briefing(tmp_path / str(len(list(tmp_path.iterdir()))), alpha=ALPHA + "\n" + article + "\n",
                             quotes=quotes)
        assert run_build(root, "check", "-q") == (0, "", "")


@pytest.mark.parametrize(("text", "quote"), [
    ("the valve — and the gate", "the valve—and the gate"),
    ("the valve—and the gate", "the valve — and the gate"),
    ("it was—frankly—too late", "it was - frankly - too late"),
    ("it was—frankly—too late", "it was -- frankly -- too late"),
])
def test_a_dash_is_the_same_however_it_is_spaced_or_typed(text: str, quote: str) -> None:
    """Tried by an editor in Word: "valve—and" against the article's "valve — and" was not found, and said
    'punctuation: the article has “” here'."""
    assert find(quote, [text]) is not None


def test_a_space_alone_is_no_punctuation_to_name() -> None:
    assert "“”" not in closest("the valve—and the dam", ["the valve — and the gate"])[1]


def test_characters_that_show_nothing_are_not_part_of_the_text() -> None:
    from briefing.verbatim import composed
    assert composed("tempo\u00adrary ques\u200btioning\ufeff") == "temporary questioning"


def test_the_same_words_elided_either_way_are_one_key() -> None:
    from briefing.verbatim import elided
    assert elided("We lost a third ... maybe more") == elided("We lost a third… maybe more")


@pytest.mark.parametrize(("text", "quote"), [
    ("Ministers called the plan ‘welcome but late’ on Monday.", "the plan welcome but late on Monday"),
    ("Ministers called the plan ‘welcome but late’ on Monday.", "the plan 'welcome but late' on Monday"),
    ("The residents’ association called it ‘a scandal’.", "The residents' association called it a scandal"),
])
def test_single_quotation_marks_are_forgiven_as_double_ones_are(text: str, quote: str) -> None:
    """Tried by an editor of British sources, which quote in single marks: a statement without them was not found."""
    assert find(quote, [text]) is not None
    assert find("dont", ["I don’t know."]) is None  # an apostrophe inside a word is still one


def test_yo_is_ye_as_russian_writes_it_as_often_as_not() -> None:
    assert find("Но даже протокол ... шаг вперед", ["Но даже протокол — это шаг вперёд."]) is not None
