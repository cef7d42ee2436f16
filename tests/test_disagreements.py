"""briefing.disagreements: the counts articles give differently, for `suggest` to draft as claims."""
from __future__ import annotations

from briefing.articles import parse
from briefing.disagreements import disagreements


def found(*texts: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(d.noun, [(s.article, s.stated) for s in d.statements])
            for d in disagreements((f"a{i}", parse(text)) for i, text in enumerate(texts))]


def test_counts_of_one_thing_that_differ_between_articles_are_a_disagreement() -> None:
    assert found("More than 25 world leaders attended the parade.", "It drew twenty-six foreign leaders.",
                 "The event drew about two dozen global leaders.") == [
        ("leaders", [("a0", "more than 25"), ("a1", "twenty-six"), ("a2", "about two dozen")])]


def test_the_same_count_everywhere_one_article_alone_or_far_apart_numbers_are_none() -> None:
    assert found("26 leaders came.", "It drew 26 leaders.") == []  # they agree
    assert found("26 leaders came, or 24 leaders by another count.", "Nothing counted here.") == []  # one article
    assert found("Three leaders stood on the rostrum.", "Some 26 leaders came.") == []  # two groups, not one count


def test_years_durations_and_words_that_only_end_in_s_are_not_counts() -> None:
    assert found("In 2019 talks collapsed after 70 years of tension; this is 10 times more.",
                 "In 2018 talks began after 75 years of tension; this is 12 times more.") == []


def test_large_numbers_with_commas_and_a_dozen() -> None:
    assert found("Up to 15,000 troops were sent.", "About 12,500 troops were sent.") == [
        ("troops", [("a0", "up to 15,000"), ("a1", "about 12,500")])]
    assert found("A dozen envoys came.", "Some 13 envoys came.") == [("envoys", [("a0", "a dozen"), ("a1", "some 13")])]


def test_an_article_gives_each_number_and_each_sentence_once() -> None:
    assert found("26 leaders came; 26 leaders stayed. Later 24 leaders left, not 25 leaders.",
                 "About 25 leaders came.") == [
        ("leaders", [("a0", "26"), ("a0", "24"), ("a1", "about 25")])]
