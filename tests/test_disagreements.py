"""briefing.disagreements: the counts articles give differently, for `suggest` to draft as claims."""
from __future__ import annotations

from briefing.articles import parse
from briefing.disagreements import dates, disagreements


def found(*texts: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(d.noun, [(s.article, s.stated) for s in d.statements])
            for d in disagreements((f"a{i}", parse(text)) for i, text in enumerate(texts))]


def test_counts_of_one_thing_that_differ_between_articles_are_a_disagreement() -> None:
    assert found("More than 25 world leaders attended the parade in Beijing.",
                 "The parade in Beijing drew twenty-six foreign leaders.",
                 "The Beijing parade drew about two dozen global leaders.") == [
        ("leaders", [("a0", "more than 25"), ("a1", "twenty-six"), ("a2", "about two dozen")])]


def test_the_same_count_everywhere_one_article_alone_or_far_apart_numbers_are_none() -> None:
    assert found("26 leaders came to the parade in Beijing.", "The parade in Beijing drew 26 leaders.") == []  # agree
    assert found("26 leaders came to the Beijing parade, or 24 leaders by another count of the parade.",
                 "Nothing counted here.") == []  # one article
    assert found("Three leaders stood on the rostrum at the Beijing parade.",
                 "Some 26 leaders came to the Beijing parade.") == []  # two groups, not one count


def test_counts_of_the_same_noun_in_sentences_about_other_things_are_none() -> None:
    """"10 singles in the Top 40" (a band) and "12 UK hit singles" (a rapper) count different things."""
    assert found("Korn have enjoyed chart success in the UK, with 10 singles breaking into the Top 40.",
                 "He has had 12 UK hit singles, including Hot in Herre.") == []


def test_a_name_that_holds_a_number_counts_nothing() -> None:
    assert found("Wales beat England in the Six Nations opener in Cardiff.",
                 "England lost in the Five Nations opener in Cardiff.") == []


def test_years_durations_decimals_and_millions_are_not_counts() -> None:
    assert found("In 2019 talks collapsed after 70 years of tension; this is 10 times more.",
                 "In 2018 talks began after 75 years of tension; this is 12 times more.") == []
    assert found("Fosters bought shares in Southcorp for 4.17 Australian dollars per share.",
                 "Fosters bought shares in Southcorp for 20 Australian dollars per share.") == []
    assert found("Cable firms in the US account for 18 million lines.",
                 "Cable firms in the US account for 20 million lines.") == []


def test_large_numbers_with_commas_and_a_dozen() -> None:
    assert found("Up to 15,000 troops were sent to the front in Ukraine.",
                 "About 12,500 troops were sent to the front in Ukraine.") == [
        ("troops", [("a0", "up to 15,000"), ("a1", "about 12,500")])]
    assert found("A dozen envoys came to the summit in Seoul.", "Some 13 envoys came to the Seoul summit.") == [
        ("envoys", [("a0", "a dozen"), ("a1", "some 13")])]


def test_an_article_gives_each_number_and_each_sentence_once() -> None:
    assert found("26 leaders came to the Beijing parade; 26 leaders stayed. Later 24 leaders left the Beijing "
                 "parade, not 25 leaders.", "About 25 leaders came to the Beijing parade.") == [
        ("leaders", [("a0", "26"), ("a0", "24"), ("a1", "about 25")])]


def test_one_thing_dated_differently_by_two_articles_is_a_disagreement_and_two_things_are_not() -> None:
    found_dates = [[(s.article, s.stated) for s in d.statements] for d in dates(
        (f"a{i}", parse(text)) for i, text in enumerate((
            "Kim last visited China in January 2019, meeting Xi Jinping in Beijing for talks.",
            "Kim last visited China in June 2018, meeting Xi Jinping in Beijing for talks.",
            "Kim met Trump in Hanoi in 2019 for a summit that collapsed.",  # another summit, not another date
            "Kim met Trump in Singapore in 2018 for a first summit.",
            "Kim last visited China in early 2019, meeting Xi Jinping in Beijing for talks.")))]
    # one question, three answers: January 2019 and early 2019 agree, June 2018 does not
    assert found_dates == [[("a0", "January 2019"), ("a1", "June 2018"), ("a4", "early 2019")]]
