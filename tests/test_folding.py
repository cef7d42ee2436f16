"""folding.py: British and American spellings fold to one (American) form, for the index and, through the
spellings the index ships (`folding.spellings`), for search.js's queries."""
from __future__ import annotations

import pytest

from briefing import folding


@pytest.mark.parametrize("text, expected", [
    ("Armoured train", {"armored", "train"}),
    ("the armored train", {"armored", "train"}),
    ("Travelling to the theatre, he travelled", {"traveling", "theater", "traveled"}),
    ("Defence programme in the centre", {"defense", "program", "center"}),
    ("Armoured café", {"armored", "cafe"}),  # text that is not ASCII takes the other path, and folds alike
    ("colour COLOURS Colour", {"color", "colors"}),
    # any "-isation", in the list or not ("denuclearisation" is not), as every one of the list's folds
    ("Denuclearisation, renationalisations and organisation", {"denuclearization", "renationalizations",
                                                                "organization"}),
    ("denuclearisation in Séoul", {"denuclearization", "seoul"}),
    # letters NFKD keeps as they are, as the plain letters written where they are missing
    ("Die Straße, l’œuvre, Łukašenka, Løkke, Đinđić, Þórdís", {"die", "strasse", "oeuvre", "lukasenka", "lokke",
                                                             "dindic", "thordis"}),
])
def test_british_spellings_are_indexed_as_american(text: str, expected: set[str]) -> None:
    assert folding.words(text) == expected


def test_every_pair_of_the_list_folds_to_one_word_and_folding_again_changes_nothing() -> None:
    assert len(folding.SPELLING) > 1000, "breame's list, not a handful"
    assert all(american == british[:-7] + "ization" for british, american in folding.SPELLING.items()
               if british.endswith("isation")), "the -isation rule is the list's own"
    for british, american in folding.SPELLING.items():
        assert folding.words(british) == {american}, british
        assert folding.words(american) == {american}, american  # an American form is no British one


def test_only_the_spellings_whose_forms_begin_an_indexed_word_are_shipped() -> None:
    indexed = ["armored", "axis", "centers", "tyrell", "kim"]
    shipped = folding.spellings(indexed)
    assert shipped["armoured"] == "armored" and shipped["armour"] == "armor"  # "armor" begins "armored"
    assert shipped["centre"] == "center" and shipped["centres"] == "centers"
    assert shipped["tyre"] == "tire"  # the British form begins "tyrell": a query "tyre" must not find it as a prefix
    assert shipped["axe"] == "ax"  # a form of two letters
    assert "colour" not in shipped and "theatre" not in shipped
    assert set(shipped.items()) <= set(folding.SPELLING.items())
    assert folding.spellings([]) == {}


def test_search_js_knows_the_same_unspaced_scripts() -> None:
    """search.js looks for a word of these scripts as the start of longer ones: the same letters as the build's."""
    import re
    from pathlib import Path
    script = (Path(folding.__file__).parent / "theme" / "static" / "search.js").read_text("utf-8")
    unspaced = re.search(r'var UNSPACED = "(.*?)";', script)
    assert unspaced is not None and unspaced[1].encode().decode("unicode_escape") == folding.UNSPACED
    assert 'var CJK = new RegExp("[" + UNSPACED + "' + folding.HANGUL.encode("unicode_escape").decode() + ']");' \
        in script


def test_a_german_umlaut_is_found_spelt_out_too() -> None:
    """Tried on a German briefing: "Muenchen", "Mueller" and "Oeztuerk", as German is written where ü cannot be,
    found nothing, though "koenig" found "Kœnig"."""
    assert {"munchen", "muenchen", "muller", "mueller", "ozturk", "oeztuerk"} <= folding.words("München, Müller, Öztürk")
    assert folding.words("Munich and Mueller") == {"munich", "mueller"}  # nothing added to what has no umlaut


def test_chinese_is_indexed_by_each_two_letters_so_a_word_is_found_inside_a_sentence() -> None:
    """Tried on a Chinese briefing: "汇率" found nothing in "谁来承担汇率风险", a sentence being one run of letters
    (a word was found only at the start of one)."""
    assert folding.words("谁来承担汇率风险？") == {"谁来", "来承", "承担", "担汇", "汇率", "率风", "风险"}
    assert folding.words("汇率") <= folding.words("谁来承担汇率风险") and folding.words("王") == set()
    assert folding.words("Kim 欧阳建国表示") == {"kim", "欧阳", "阳建", "建国", "国表", "表示"}
    assert folding.words("ひらがな") == {"ひら", "らか", "かな"}  # が: か and a voicing mark, dropped


def test_arabic_is_found_without_its_vowel_marks_tatweel_or_its_letters_written_for_one_another() -> None:
    """Tried on an Arabic briefing: "يعد" did not find "يُعَدُّ" (the marks split it into letters), "المشروع" not
    "الـمـشـروع", "اكتوبر" not "أكتوبر", "الحربى" not "الحربي", "اتفاقيه" not "اتفاقية", "12" not "١٢"."""
    written = folding.words("الـمـشـروع يُعَدُّ لِلعلاقات في أكتوبر ١٢ الحربى اتفاقية ٱلقدس ۱۲")
    typed = folding.words("المشروع يعد للعلاقات في اكتوبر 12 الحربي اتفاقيه القدس")
    assert written == typed


def test_search_js_folds_as_the_build_does() -> None:
    """search.js strips the same marks and folds the same letters as the index was made with (lower case)."""
    import json
    import re
    from pathlib import Path
    script = (Path(folding.__file__).parent / "theme" / "static" / "search.js").read_text("utf-8")
    marks = re.search(r"var MARKS = /(\[.*?\])/g;", script)
    assert marks is not None and marks[1].encode().decode("unicode_escape") == folding._MARKS.pattern
    fold = re.search(r"var FOLD = (\{.*?\});", script, re.DOTALL)
    assert fold is not None
    assert json.loads(fold[1]) == {chr(c): to for c, to in folding.LETTERS.items() if chr(c) == chr(c).lower()}
    apostrophe = re.search(r"var APOSTROPHE = /(.*?)/g;", script)
    assert apostrophe is not None and apostrophe[1] == folding._INNER_APOSTROPHE.pattern


def test_an_apostrophe_inside_a_ukrainian_word_is_no_gap() -> None:
    """Tried by an analyst in Kyiv: "п'яти" was indexed as "п" and "яти" ("яти" found it, "пяти" did not)."""
    assert folding.words("п'яти м’який") == folding.words("пяти мякий") == {"пяти", "мякии"}
    assert folding.words("O'Neill's") == {"neill"}  # Latin text as before
