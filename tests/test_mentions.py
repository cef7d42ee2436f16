"""The people's names in the articles' text (briefing.mentions): linked where they name one person, counted where
a word of several people's names stands alone."""
from __future__ import annotations

from briefing.mentions import Names, shared_names
from briefing.model import Loc, Person


def person(ident: str, name: str, *aliases: str) -> Person:
    return Person(ident, name, aliases, "official", "Minister", "UK", None, "", (), Loc("content/people.yaml"))


def test_a_title_is_no_word_of_a_name_that_people_share() -> None:
    """Tried on 300 BBC articles: every card of a person with an alias "Mr Surname" said "“Mr” alone in 100 more
    paragraphs, unlinked (shared)", as if "Mr" were a name they shared."""
    names = Names.of([person("gordon-brown", "Gordon Brown", "Mr Brown"), person("jack-straw", "Jack Straw", "Mr Straw"),
                      person("kim-jong-un", "Kim Jong Un", "Kim Jong-un"), person("kim-yo-jong", "Kim Yo Jong")])
    assert names is not None and set(names.shared) == {"Kim", "Jong"}
    found = names.find("Mr Brown met Mr Smith and Kim, then Lord Straw.")
    assert [(who, start) for who, start, _ in found] == [("gordon-brown", 0), ("", 26)]


def test_a_name_in_chinese_or_korean_is_found_beside_the_letters_it_is_written_against() -> None:
    """Tried with a Chinese article: "欧阳建国表示，…" (no space after the name, as Chinese is written) was no
    mention; a Latin name inside a longer word still is none."""
    names = Names.of([person("ouyang", "欧阳建国", "Ouyang Jianguo"), person("kim", "Kim Jong Un", "김정은")])
    assert names is not None
    assert [(who, a, b) for who, a, b in names.find("欧阳建国表示，双方同意继续保持沟通。")] == [("ouyang", 0, 4)]
    assert [who for who, _, _ in names.find("김정은은 말했다")] == ["kim"]  # a particle joined to the name
    assert names.find("x-Kim Jong Un and Kim Jong Unx") == []


def test_an_apostrophe_either_way_is_the_same_name() -> None:
    """Tried on a French briefing: with the alias "M. d'Estaing", the text's "M. d’Estaing" was no mention (quotes
    and search take the two as one)."""
    names = Names.of([person("destaing", "Jean-Luc d’Estaing", "M. d'Estaing"), person("oneill", "Sean O'Neill")])
    assert names is not None
    text = "M. d’Estaing et Jean-Luc d'Estaing ont vu Sean O’Neill’s team."
    assert [(who, text[a:b]) for who, a, b in names.find(text)] == [
        ("destaing", "M. d’Estaing"), ("destaing", "Jean-Luc d'Estaing"), ("oneill", "Sean O’Neill")]


def test_namesakes_are_found_whole_and_shared_not_their_names_words() -> None:
    """Tried with a cast of 300: two people named "Kim Yong Chol" were never linked (right) but their cards said
    "“Chol” alone in 14 more paragraphs" where the text only ever wrote the whole name."""
    names = Names.of([person("kyc-spy", "Kim Yong Chol"), person("kyc-trade", "Kim Yong Chol"),
                      person("kim-jong-un", "Kim Jong Un")])
    assert names is not None and names.whole == {"Kim Yong Chol"}
    text = "Kim Yong Chol met Kim Jong Un. Chol left."
    assert [(who, text[a:b]) for who, a, b in names.find(text)] == [
        ("", "Kim Yong Chol"), ("kim-jong-un", "Kim Jong Un"), ("", "Chol")]
    assert names.shared["Kim Yong Chol"] == ("kyc-spy", "kyc-trade")


def test_a_name_given_to_two_people_or_an_alias_without_capitals_is_said() -> None:
    """Tried with a cast of 300: "Kim Jong Un" added as an alias of Kim Jong Il unlinked 70 of Kim Jong Un's
    mentions without a word, and the alias "may" linked the verb in every article."""
    people = [person("kim-jong-un", "Kim Jong Un"), person("kim-jong-il", "Kim Jong Il", "Kim Jong Un"),
              person("theresa-may", "Theresa May", "may"), person("bell-hooks", "bell hooks")]
    assert shared_names(people) == [
        "content/people.yaml: person 'kim-jong-il': 'Kim Jong Un' is also the name or an alias of 'kim-jong-un': "
        "where the articles write it, it links to neither; if they are namesakes, leave it, else keep it for one",
        "content/people.yaml: person 'theresa-may': alias 'may' has no capital letter: every 'may' in the articles "
        "links to them, the word as well as the name; write it as their name is written"]


def test_a_name_is_no_part_of_a_longer_word_and_its_particle_may_open_a_sentence() -> None:
    """Tried with a cast of 300: "Xi'an" (a city) linked to Xi Jinping, and "Von der Leyen spoke", "Al-Assad
    denied it", "The De Gaulle legacy" were no mentions (the aliases are written "von der Leyen", ...)."""
    names = Names.of([person("xi", "Xi Jinping", "Xi"), person("vdl", "Ursula von der Leyen", "von der Leyen",
                                                               "Von der Leyen"),
                      person("assad", "Bashar al-Assad", "al-Assad"), person("dg", "Charles de Gaulle", "de Gaulle")])
    assert names is not None
    text = "Xi's visit to Xi'an. Von der Leyen spoke; von der Leyen's aide. Al-Assad denied it. The De Gaulle legacy."
    assert [(who, text[a:b]) for who, a, b in names.find(text)] == [
        ("xi", "Xi"), ("vdl", "Von der Leyen"), ("vdl", "von der Leyen"), ("assad", "Al-Assad"), ("dg", "De Gaulle")]
    assert shared_names([person("vdl", "Ursula von der Leyen", "von der Leyen", "Von der Leyen")]) == []


def test_a_no_break_space_in_a_name_is_a_space() -> None:
    """Tried by an editor in Word, which puts one between a first name and a family name: every mention of
    "Margaret Okafor" was lost, and report said to add her name as an alias of herself."""
    names = Names.of([person("okafor", "Margaret Okafor")])
    assert names is not None
    assert [m[0] for m in names.find("Judge Margaret\u00a0Okafor said.")] == ["okafor"]
    written = Names.of([person("okafor", "Margaret\u00a0Okafor")])
    assert written is not None and [m[0] for m in written.find("Judge Margaret Okafor said.")] == ["okafor"]


def test_yo_and_ye_are_one_letter_in_a_name() -> None:
    """Tried by an analyst in Kyiv: "Дмитрий Соловьев" in an article was no mention of Дмитрий Соловьёв, whom search
    found there."""
    names = Names.of([person("solovev", "Дмитрий Соловьёв")])
    assert names is not None and [m[0] for m in names.find("Дмитрий Соловьев сказал.")] == ["solovev"]
