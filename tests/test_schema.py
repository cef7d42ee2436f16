"""briefing.schema (and the loader and YAML reader under it), seen through the build.

Each broken briefing must stop the build with exit 1 and exactly the expected
`file:line:col: message` lines, no traceback, and leave the previous site/ as it was
(see conftest.assert_build_fails).
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from briefing.schema import derive_quote_id
from conftest import (
    ARTICLES, CLAIMS, EVENTS, GRADED_ARTICLES, JUDGED_SITE, PEOPLE, QUOTES, RESOLVED_CLAIMS, SITE, THEMES,
    assert_build_fails, assert_build_fails_lines, make_briefing, position, run_build, soup,
)

DATE_FORMS = ("write YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, optionally marked ? (probably), ~ (about) "
              "or % (both), or a range: 2019-01/2019-03, 2019-01/.. (open end) or ../2011 (open start)")


# -- YAML ------------------------------------------------------------------

def test_yaml_syntax_error(tmp_path: Path) -> None:
    people = PEOPLE.replace("aliases: [Kim Jong-un, Kim]", "aliases: [Kim Jong-un, Kim")
    assert_build_fails(tmp_path, "content/people.yaml:3:12: YAML syntax error: expected ',' or ']', but got ':' on "
                       "line 4 (a [ or { opens a list or mapping that must close on its line: a text holding one goes "
                       "in quotes)", people=people)


def test_duplicate_key(tmp_path: Path) -> None:
    people = PEOPLE.replace("  kind: analyst\n", "  kind: analyst\n  name: Jane\n")
    first = position(people, "name: Jane Roe").split(":")[0]
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, 'name: Jane' + chr(10))}: duplicate key 'name' "
        f"(first written on line {first}); keep one",
        people=people)


def test_anchor_and_alias(tmp_path: Path) -> None:
    events = EVENTS.replace("themes: [china-ties]", "themes: &t [china-ties]", 1).replace("themes: [china-ties]",
                                                                                          "themes: *t")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '&t')}: YAML anchors and aliases (&name, *name) are not supported; "
        "write the value out",
        events=events)


def test_tab_indentation(tmp_path: Path) -> None:
    themes = THEMES.replace("  title", "\ttitle")
    assert_build_fails(
        tmp_path,
        "content/themes.yaml:2:1: YAML syntax error: found character '\\t' that cannot start any token "
        "(indent with spaces, not tabs)",
        themes=themes)


def test_yaml_file_not_utf8(tmp_path: Path) -> None:
    themes = THEMES.encode("utf-8").replace("–".encode("utf-8"), b"\x96")  # a cp1252 en dash
    assert_build_fails(tmp_path, "content/themes.yaml:2: file is not UTF-8 text; save it as UTF-8", themes=themes)


def test_unknown_collection_file(tmp_path: Path) -> None:
    assert_build_fails(
        tmp_path,
        "content/persons.yaml: unknown collection 'persons.yaml'; did you mean 'people.yaml' or 'events.yaml' "
        "or 'themes.yaml'?",
        files={"content/persons.yaml": "- id: someone\n"})


def test_missing_site_yaml(tmp_path: Path) -> None:
    assert_build_fails(
        tmp_path, "content/site.yaml: missing site.yaml: it holds the briefing's title, description and as_of",
        site=None)


# -- fields ----------------------------------------------------------------

def test_missing_required_field(tmp_path: Path) -> None:
    people = PEOPLE.replace("  role: President of China\n", "")
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, 'id: xi-jinping')}: people[2]: missing required field 'role' "
        "for a person",
        people=people)


def test_unknown_optional_field_suggests_the_right_one(tmp_path: Path) -> None:
    people = PEOPLE.replace("affiliation: Example Institute", "afiliation: Example Institute")
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, 'afiliation')}: people[3]: unknown field 'afiliation'; "
        "did you mean 'affiliation'?",
        people=people)


def test_misspelt_required_field_is_one_error(tmp_path: Path) -> None:
    """One typo, one line: the 'did you mean' already says how to fix it, so the
    'missing required field' line for the same field is noise (and sorts first)."""
    people = PEOPLE.replace("  summary: Host of the parade.", "  sumary: Host of the parade.")
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, 'sumary')}: people[2]: unknown field 'sumary'; "
        "did you mean 'summary'?",
        people=people)


def test_unknown_field_without_close_match_lists_the_known_ones(tmp_path: Path) -> None:
    people = PEOPLE.replace("  country: China\n", "  country: China\n  birthday: 1953\n")
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, 'birthday')}: people[2]: unknown field 'birthday'; known fields: "
        "id, name, aliases, kind, role, country, affiliation, summary, former_ids, draft, found_in",
        people=people)


def test_empty_text(tmp_path: Path) -> None:
    people = PEOPLE.replace("role: Analyst", "role: ''")
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, chr(39) * 2)}: people[3].role: is empty; write the text or "
        "remove the field",
        people=people)


def test_list_where_text_belongs(tmp_path: Path) -> None:
    themes = THEMES.replace("summary: How", "summary:\n    - How")
    assert_build_fails(
        tmp_path,
        f"content/themes.yaml:{position(themes, '- How')}: themes[0].summary: expected text, found a list",
        themes=themes)


def test_a_bad_item_in_a_list_of_ids_is_reported_once_and_the_others_kept(tmp_path: Path) -> None:
    """The mapping is one mistake, at its own index; the valid id after it is still read (an
    unknown one there is reported, at its own index too)."""
    events = EVENTS.replace("people: [kim-jong-un, kim-yo-jong]", "people: [{name: x}, kim-jong-un, nobody-here]")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '{name')}: events[0].people[0]: expected text, found a mapping",
        f"content/events.yaml:{position(events, 'nobody-here')}: events[0].people[2]: unknown person 'nobody-here'",
        events=events)


def test_invalid_id_suggests_a_valid_one(tmp_path: Path) -> None:
    themes = THEMES.replace("id: china-ties", "id: China_Ties")
    assert_build_fails(
        tmp_path,
        f"content/themes.yaml:{position(themes, 'China_Ties')}: themes[0].id: invalid id 'China_Ties': use "
        "lowercase letters, digits and single hyphens; try 'china-ties'",
        themes=themes)


def test_bad_person_kind(tmp_path: Path) -> None:
    people = PEOPLE.replace("kind: analyst", "kind: analist")
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, 'analist')}: people[3].kind: 'analist' is not one of leader, "
        "official, analyst, other; did you mean 'analyst'?",
        people=people)


def test_bad_status(tmp_path: Path) -> None:
    events = EVENTS.replace("status: confirmed", "status: rumoured")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'rumoured')}: events[1].status: 'rumoured' is not one of "
        "confirmed, reported, expected",
        events=events)


def test_bad_claim_status(tmp_path: Path) -> None:
    claims = RESOLVED_CLAIMS.replace("status: settled", "status: resolved")
    assert_build_fails(
        tmp_path,
        f"content/claims.yaml:{position(claims, 'resolved')}: claims[1].status: 'resolved' is not one of open, "
        "settled, superseded",
        claims=claims)


def test_a_settled_claim_without_a_resolution(tmp_path: Path) -> None:
    claims = RESOLVED_CLAIMS.replace("  resolution: Settled by [[radio-report]] ¶1, which says so in as many words.\n",
                                     "")
    assert_build_fails(
        tmp_path,
        f"content/claims.yaml:{position(claims, 'settled')}: claims[1].status: a settled claim says what settled "
        "it: add a resolution, citing the articles",
        claims=claims)


def test_a_resolution_on_an_open_claim(tmp_path: Path) -> None:
    claims = CLAIMS + "  resolution: The radio's count is the final one.\n"
    assert_build_fails(
        tmp_path,
        f"content/claims.yaml:{position(claims, 'The radio')}: claims[0].resolution: is for a settled or superseded "
        "claim: add status: settled (or superseded), or move the text to note",
        claims=claims)


def test_a_resolution_links_only_to_known_items(tmp_path: Path) -> None:
    claims = RESOLVED_CLAIMS.replace("[[kim-arrives]]", "[[kim-arrival]]")
    assert_build_fails(
        tmp_path,
        f"content/claims.yaml:{position(claims, 'Overtaken')}: claims[2].resolution: unknown id 'kim-arrival'; "
        "did you mean 'kim-arrives'?",
        claims=claims)


def test_bad_reliability_grade(tmp_path: Path) -> None:
    articles = GRADED_ARTICLES.replace("reliability: B", "reliability: b")
    assert_build_fails(
        tmp_path,
        f"content/articles.yaml:{position(articles, 'b' + chr(10) + '  summary')}: articles[0].reliability: 'b' is "
        "not one of A, B, C, D, E, F; did you mean 'B'?",  # as 'Superseded' is offered 'superseded'
        articles=articles, claims=RESOLVED_CLAIMS)


def test_bad_credibility_grade(tmp_path: Path) -> None:
    claims = RESOLVED_CLAIMS.replace("credibility: 6", "credibility: 7")
    assert_build_fails(
        tmp_path,
        f"content/claims.yaml:{position(claims, '7')}: claims[1].statements[0].credibility: '7' is not one of "
        "1, 2, 3, 4, 5, 6",
        claims=claims)


def test_bad_confidence(tmp_path: Path) -> None:
    site = JUDGED_SITE.replace("confidence: moderate", "confidence: medium")
    assert_build_fails(
        tmp_path,
        f"content/site.yaml:{position(site, 'medium')}: site.key_judgments[1].confidence: 'medium' is not one of "
        "low, moderate, high",
        site=site)


def test_a_key_judgment_is_text_or_text_with_confidence(tmp_path: Path) -> None:
    site = SITE.replace('  - "[[kim-jong-un]] went to Beijing to mend ties."\n', "  - [a, list]\n")
    assert_build_fails(
        tmp_path,
        f"content/site.yaml:{position(site, '[a, list]')}: site.key_judgments[0]: expected text or "
        "{text: ..., confidence: low, moderate or high}, found a list",
        site=site)


def test_a_key_judgment_with_a_confidence_has_text(tmp_path: Path) -> None:
    site = JUDGED_SITE.replace("text: Ties", "txt: Ties")
    assert_build_fails(
        tmp_path,
        f"content/site.yaml:{position(site, 'txt')}: site.key_judgments[1]: unknown field 'txt'; did you mean "
        "'text'?",
        site=site)


def test_the_analysis_fields_are_read(tmp_path: Path) -> None:
    """Grades, statuses and confidence build; none of them is required (the base fixture has none)."""
    root = make_briefing(tmp_path, site=JUDGED_SITE, articles=GRADED_ARTICLES, claims=RESOLVED_CLAIMS)
    assert run_build(root, "--out", "site", "-q") == (0, "", "")
    assert ARTICLES in GRADED_ARTICLES.replace("  reliability: B\n", "")


def test_bad_draft_flag(tmp_path: Path) -> None:
    people = PEOPLE.replace("  name: Xi Jinping\n", "  name: Xi Jinping\n  draft: maybe\n")
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, 'maybe')}: people[2].draft: expected true or false, found 'maybe'",
        people=people)


def test_bad_paraphrase_flag(tmp_path: Path) -> None:
    quotes = QUOTES + "  paraphrase: sometimes\n"
    assert_build_fails(
        tmp_path,
        f"content/quotes.yaml:{position(quotes, 'sometimes')}: quotes[0].paraphrase: expected true or false, "
        "found 'sometimes'",
        quotes=quotes)


def test_claim_needs_two_statements(tmp_path: Path) -> None:
    claims = CLAIMS.replace("    - source: {article: radio-report}\n      says: 26 world leaders\n", "")
    assert_build_fails(
        tmp_path,
        f"content/claims.yaml:{position(claims, '- source')}: claims[0].statements: expected a list of at least "
        "two statements, each {source: {article: ID}, says: \"...\"}",
        claims=claims)


def test_citation_with_both_paragraph_and_excerpt(tmp_path: Path) -> None:
    events = EVENTS.replace("paragraph: 1", "paragraph: 1\n      excerpt: State radio")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'article: radio-report')}: events[1].sources[0]: give either "
        "paragraph or excerpt, not both",
        events=events)


def test_paragraph_must_be_a_positive_number(tmp_path: Path) -> None:
    events = EVENTS.replace("paragraph: 1", "paragraph: 0")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '0', nth=events.count('0'))}: events[1].sources[0].paragraph: "
        "expected a paragraph number (1, 2, ...), found '0'",
        events=events)


def test_article_file_must_be_a_plain_name(tmp_path: Path) -> None:
    from conftest import ARTICLES
    articles = ARTICLES.replace("file: beta.txt", "file: ../beta.txt")
    assert_build_fails(
        tmp_path,
        f"content/articles.yaml:{position(articles, '../beta.txt')}: articles[1].file: '../beta.txt' must be a "
        "plain file name inside seeds/, without folders",
        articles=articles)


# -- dates -----------------------------------------------------------------

def test_invalid_date_form(tmp_path: Path) -> None:
    events = EVENTS.replace("date: 2025-09-03", "date: Sept 2025")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'Sept 2025')}: events[1].date: 'Sept 2025' is not a date; "
        + DATE_FORMS,
        events=events)


def test_impossible_day(tmp_path: Path) -> None:
    events = EVENTS.replace("date: 2025-09-03", "date: 2025-02-30")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '2025-02-30')}: events[1].date: '2025-02-30' is not a day: "
        "February 2025 has 28 days",
        events=events)


def test_impossible_month(tmp_path: Path) -> None:
    events = EVENTS.replace("date: 2025-09-03", "date: 2025-13")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '2025-13')}: events[1].date: '2025-13' has month 13; months run "
        "01 to 12",
        events=events)


def test_year_zero_is_an_error_not_a_crash(tmp_path: Path) -> None:
    """dt.date(0, 1, 1) does not exist: `date: 0000` must be an error line, not a ValueError traceback."""
    events = EVENTS.replace("date: 2025-09-03", "date: 0000")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '0000')}: events[1].date: '0000' has year 0; the calendar starts "
        "at year 1",
        events=events)


def test_end_before_start(tmp_path: Path) -> None:
    events = EVENTS.replace("end: 2025-09-01", "end: 2025-08-30")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '2025-08-30')}: events[0].end: ends (30 August 2025) before it "
        "starts (31 August 2025); swap or fix the dates",
        events=events)


def test_as_of_must_be_a_day(tmp_path: Path) -> None:
    site = SITE.replace("as_of: 2025-09-05", "as_of: 2025-09")
    assert_build_fails(tmp_path, f"content/site.yaml:{position(site, '2025-09')}: site.as_of: must be a day, "
                                 "YYYY-MM-DD", site=site)
    # a date typed as Windows shows it is no day, in words that offer no form as_of refuses (months, ranges)
    site = SITE.replace("as_of: 2025-09-05", "as_of: 30/09/2025")
    assert_build_fails(tmp_path / "typed", f"content/site.yaml:{position(site, '30/09')}: site.as_of: '30/09/2025' "
                                           "is not a day; write YYYY-MM-DD, such as 2025-09-30", site=site)


@pytest.mark.parametrize("typed", ["2025-09-05?", "~2025-09-05", "2025-09-05%", "2025-09-05/.."])
def test_as_of_must_be_a_day_for_certain(tmp_path: Path, typed: str) -> None:
    site = SITE.replace("as_of: 2025-09-05", f"as_of: {typed}")
    assert_build_fails(tmp_path, f"content/site.yaml:{position(site, typed)}: site.as_of: must be a day for "
                                 "certain: write 2025-09-05, with no ?, ~, % or open side", site=site)


def test_as_of_is_not_a_range(tmp_path: Path) -> None:
    site = SITE.replace("as_of: 2025-09-05", "as_of: 2025-09-01/2025-09-05")
    assert_build_fails(tmp_path, f"content/site.yaml:{position(site, '2025-09-01/')}: site.as_of: "
                                 "'2025-09-01/2025-09-05' is a range of two dates; write one date here (a range "
                                 "belongs in an event's date)", site=site)


# -- dates as uncertain as the sources (issue 25) ----------------------------

@pytest.mark.parametrize("typed", ["2019-01/2019-03", "2019-01/..", "../2025-09-01"])
def test_a_range_in_date_and_an_end_too_is_refused_naming_both(tmp_path: Path, typed: str) -> None:
    events = EVENTS.replace("date: 2025-08-31", f"date: {typed}")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '2025-09-01', 2 if typed.startswith('..') else 1)}: events[0].end: "
        f"date '{typed}' is already a range; write the range in date alone, or date and end as one date each",
        events=events)


@pytest.mark.parametrize("typed", ["../2025-09-01", "2025-09-01/.."])
def test_an_end_has_no_open_side(tmp_path: Path, typed: str) -> None:
    events = EVENTS.replace("end: 2025-09-01", f"end: {typed}")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, typed)}: events[0].end: '{typed}' is open-ended; end is one date: "
        "write an open range in date alone, as 2019-01/.. or ../2011",
        events=events)


def test_an_end_is_not_a_range(tmp_path: Path) -> None:
    events = EVENTS.replace("end: 2025-09-01", "end: 2025-09-01/2025-09-02")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '2025-09-01/')}: events[0].end: '2025-09-01/2025-09-02' is a range of "
        "two dates; write one date here (a range belongs in an event's date)",
        events=events)


def test_a_range_in_date_may_not_end_before_it_starts(tmp_path: Path) -> None:
    events = EVENTS.replace("date: 2025-09-03", "date: 2025-09-03/2025-09-02?")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '2025-09-03/')}: events[1].date: '2025-09-03/2025-09-02?' ends "
        "(probably 2 September 2025) before it starts (3 September 2025); swap or fix the dates",
        events=events)


def test_a_marked_end_before_its_start_is_refused_in_words(tmp_path: Path) -> None:
    events = EVENTS.replace("end: 2025-09-01", "end: 2025-07%")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, '2025-07%')}: events[0].end: ends (probably about July 2025) "
        "before it starts (31 August 2025); swap or fix the dates",
        events=events)


@pytest.mark.parametrize(("typed", "message"), [
    ("2025-02-30?", "'2025-02-30?' is not a day: February 2025 has 28 days"),
    ("~2025?", "'~2025?' is marked twice; write one mark after the date: ? (probably), ~ (about) or % (both)"),
    ("2025/", "'2025/' leaves a side empty; write .. for an open side, as 2019-01/.. or ../2011"),
    ("../..", "'../..' leaves both sides open; write at least one date, as 2019-01/.. or ../2011"),
    ("2025-9/..", f"'2025-9/..' is not a date; {DATE_FORMS}"),
])
def test_a_malformed_new_form_is_one_error_line(tmp_path: Path, typed: str, message: str) -> None:
    events = EVENTS.replace("date: 2025-09-03", f"date: {typed}")
    assert_build_fails(tmp_path, f"content/events.yaml:{position(events, typed)}: events[1].date: {message}",
                       events=events)


def test_a_publication_date_may_be_marked_or_open_but_not_a_range(tmp_path: Path) -> None:
    articles = ARTICLES.replace("published: 2025-09-03", "published: 2025-09-01/2025-09-03")
    assert_build_fails(
        tmp_path,
        f"content/articles.yaml:{position(articles, '2025-09-01/')}: articles[0].published: '2025-09-01/2025-09-03' "
        "is a range of two dates; write one date here (a range belongs in an event's date)",
        articles=articles)


def test_base_url_must_be_absolute(tmp_path: Path) -> None:
    site = SITE.replace("as_of: 2025-09-05", "as_of: 2025-09-05\nbase_url: example.org")
    assert_build_fails(
        tmp_path,
        f"content/site.yaml:{position(site, 'example.org')}: site.base_url: 'example.org' is not an absolute "
        "http(s) URL like https://example.org/briefing/",
        site=site)


@pytest.mark.parametrize(("url", "problem"), [
    ('https://example.org/x"><script>alert(1)</script>', "holds '\"', which an address may not: write it %-encoded"),
    ("https://example.org/a b/", "holds ' ', which an address may not: write it %-encoded"),
    ("https://example.org/b?lang=en", "has a ?query or #fragment, and each page's address is added to its end"),
    ("https:///briefing/", "is not an absolute http(s) URL like https://example.org/briefing/"),
    ("https://user:pw@example.org/", "holds a user name or password, which every page would publish in its links: "
                                     "leave it out"),
    ("https://example.org/briefing/index.html", "names a page (index.html); give the folder the site is published "
                                                "at, like https://example.org/briefing/"),
], ids=["quote", "space", "query", "no-host", "password", "a-page"])
def test_a_base_url_that_would_break_the_addresses_it_starts(tmp_path: Path, url: str, problem: str) -> None:
    """It starts the links of the 404 page, which had none escaped: a quote in it ran a script there."""
    site = SITE + f"base_url: '{url}'\n"
    at = position(site, f"'{url}")
    assert_build_fails(tmp_path, f"content/site.yaml:{at}: site.base_url: '{url[:60]}"
                                 f"{'…' if len(url) > 60 else ''}' {problem}", site=site)


@pytest.mark.parametrize("url", ["https://example.org", "http://localhost:8000/b/",
                                 "https://例え.jp/ブリーフィング/", "https://example.org/a%20b/(2025)/",
                                 "HTTPS://Example.ORG/B/"])  # a scheme and a host are any case
def test_base_urls_that_build(tmp_path: Path, url: str) -> None:
    root = make_briefing(tmp_path, site=SITE + f"base_url: '{url}'\n")
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    links = [a["href"] for a in soup(root / "site" / "404.html").find_all("a", href=True)]
    root_path = urlsplit(url).path.rstrip("/") + "/"  # from the root of any host serving that path
    assert links and all(link.startswith(root_path) for link in links if not link.startswith("#"))


def test_vague_dates_that_are_valid_build(tmp_path: Path) -> None:
    events = EVENTS.replace("date: 2025-08-31\n  end: 2025-09-01", "date: 1950s").replace(
        "date: 2025-09-03", "date: ~2025-09")
    root = make_briefing(tmp_path, events=events)
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    page = soup(root / "site" / "events" / "kim-arrives" / "index.html")
    assert page.select_one("main .date").get_text() == "the 1950s"
    assert page.select_one("main .date").name == "span"  # no <time>: "1950s" would be read as 1,950 seconds
    page = soup(root / "site" / "events" / "victory-parade" / "index.html")
    assert page.select_one("main .date").get_text() == "about September 2025"


# -- scalars mean what the editor typed --------------------------------------

def test_scalars_that_yaml_would_retype_stay_text(tmp_path: Path) -> None:
    people = PEOPLE.replace("country: United States", "country: NO").replace("role: Analyst", "role: 2025")
    events = EVENTS.replace("date: 2025-09-03", "date: '2025-09-03'")
    root = make_briefing(tmp_path, people=people, events=events)
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    page = soup(root / "site" / "people" / "jane-roe" / "index.html")
    facts = {dt.get_text(): dd.get_text() for dt, dd in zip(page.select("dl.summary-list dt"),
                                                           page.select("dl.summary-list dd"))}
    assert facts["Country"] == "NO"
    assert facts["Role"] == "2025"
    data = json.loads((root / "site" / "data" / "briefing.json").read_text(encoding="utf-8"))
    (parade,) = [e for e in data["events"] if e["id"] == "victory-parade"]
    assert parade["date"]["text"] == "2025-09-03"


# -- collections as folders ------------------------------------------------------

def test_collection_folder_mixed_with_file(tmp_path: Path) -> None:
    extra_one = ("id: moon-jae-in\nname: Moon Jae-in\nkind: leader\nrole: Former President of South Korea\n"
                 "country: South Korea\nsummary: Met Kim in 2018.\n")
    extra_list = ("- id: lee-jae-myung\n  name: Lee Jae-myung\n  kind: leader\n  role: President of South Korea\n"
                  "  country: South Korea\n  summary: New president.\n")
    root = make_briefing(tmp_path, files={"content/people/moon.yaml": extra_one,
                                          "content/people/lee.yml": extra_list})
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    people = soup(root / "site" / "people" / "index.html")
    names = {a.get_text() for a in people.select("main h3 a")}
    assert names == {"Kim Jong Un", "Kim Yo Jong", "Xi Jinping", "Jane Roe", "Moon Jae-in", "Lee Jae-myung"}
    assert (root / "site" / "people" / "moon-jae-in" / "index.html").is_file()


def test_error_in_a_folder_file_names_that_file(tmp_path: Path) -> None:
    extra = "- id: moon-jae-in\n  name: Moon Jae-in\n  kind: leader\n  country: South Korea\n  summary: S.\n"
    assert_build_fails(
        tmp_path, "content/people/moon.yaml:1:3: people[0]: missing required field 'role' for a person",
        files={"content/people/moon.yaml": extra})


def test_a_file_in_a_collection_folder_that_is_no_yaml_or_holds_nothing_is_said(tmp_path: Path) -> None:
    """A person's file with the wrong extension was skipped without a word, and an empty one too: the person
    then went missing from the site, or an event naming them failed as if nobody had written them. What an
    editor's program leaves beside a file (a backup, an autosave, a swap file) is no content, and fails nothing."""
    moon = "id: moon-jae-in\nname: Moon Jae-in\nkind: leader\nrole: President\ncountry: South Korea\nsummary: S.\n"
    assert assert_build_fails_lines(tmp_path, files={
        "content/people/moon.yaml.txt": moon, "content/people/roe.YAML": moon, "content/people/lee": moon,
        "content/people/empty.yaml": "# to write\n", "content/people/.hidden.swp": "x",
        "content/people/park.yaml": moon.replace("moon-jae-in", "park").replace("Moon Jae-in", "Park"),
        "content/people/park.yaml~": moon, "content/people/#park.yaml#": moon, "content/people/park.yaml.bak": moon,
        "content/people/old/kim.yaml": moon, "content/people/README.md": "# One person a file.\n",
        "content/people/readme.txt": "notes"}) == [
        "content/people/empty.yaml: holds no people item: write one, or delete the file",
        "content/people/lee: not read: of a folder of people, only .yaml (or .yml) files "
        "are read; rename it lee.yaml, or move it out",
        "content/people/moon.yaml.txt: not read: of a folder of people, only .yaml (or .yml) "
        "files are read; rename it moon.yaml, or move it out",
        "content/people/old: not read: a folder of people holds no folders; move its files up into content/people/, "
        "or move it out",
        "content/people/park.yaml.bak: not read: of a folder of people, only .yaml (or .yml) "
        "files are read; a copy of park.yaml: delete it, or move it out",
        "content/people/roe.YAML: not read: of a folder of people, only .yaml (or .yml) files "
        "are read; rename it roe.yaml, or move it out"]


def test_a_file_not_read_is_the_one_error_not_each_use_of_what_it_holds(tmp_path: Path) -> None:
    """Tried by an editor of folders: renamed `Soo-Kim.YAML`, a person's file gave an "unknown id" line for every
    quote and claim naming her, the first of them before the line saying the file was not read."""
    people = PEOPLE.split("- id: jane-roe")
    roe = "- id: jane-roe" + people[1]
    assert assert_build_fails_lines(tmp_path, people=people[0], files={"content/people/Jane-Roe.YAML": roe}) == [
        "content/people/Jane-Roe.YAML: not read: of a folder of people, only .yaml (or .yml) files are read; rename "
        "it Jane-Roe.yaml, or move it out"]


def test_two_documents_in_a_file_and_an_empty_list_in_a_folder_say_what_to_write(tmp_path: Path) -> None:
    """Tried by an editor of folders: two items apart by '---' gave "but found another document", and a file
    holding [] passed where an empty one failed."""
    lines = assert_build_fails_lines(tmp_path, files={
        "content/themes/more.yaml": "- id: a\n  title: A\n  summary: S.\n---\n- id: b\n  title: B\n  summary: S.\n",
        "content/themes/empty.yaml": "[]\n"})
    assert lines == ["content/themes/empty.yaml: holds no themes item: write one, or delete the file",
                     "content/themes/more.yaml:4:1: YAML syntax error: but found another document (a file holds one "
                     "YAML document: write several items as one list, each starting '- id:', without '---' between "
                     "them)"]


def test_a_collections_file_left_beside_its_folder_is_said_to_be_so(tmp_path: Path) -> None:
    """Tried by an editor of folders: a stale people.yaml left beside people/ gave a "duplicate id" line for every
    person and none saying that both held them."""
    lines = assert_build_fails_lines(tmp_path, files={"content/people/jane-roe.yaml": "- id: jane-roe" +
                                                      PEOPLE.split("- id: jane-roe")[1]})
    assert lines == ["content/people.yaml:21:3: people: duplicate id 'jane-roe', also the id of the person at "
                     "content/people/jane-roe.yaml:1; both the folder people/ and a file of people hold it: once a "
                     "collection is moved into its folder, delete its file"]


def test_what_an_editors_program_leaves_among_suggestions_and_editions_is_no_content(tmp_path: Path) -> None:
    """Tried by an editor of folders: a backup of an edition (`2025-09-05.json~`), an autosave (`#x.json#`) and a
    backup of suggestions failed the build ("not an edition", "not a file of suggestions")."""
    root = make_briefing(tmp_path)
    assert run_build(root, "edition", "--name", "2025-09-05")[0] == 0
    edition = next((root / "content" / "editions").iterdir())
    for name in (edition.name + "~", f"#{edition.name}#", ".~lock." + edition.name):
        (edition.parent / name).write_bytes(edition.read_bytes())
    (root / "content" / "suggested").mkdir()
    for name in ("people.yaml~", "rejected.txt~", "#quotes.yaml#", "README.md"):
        (root / "content" / "suggested" / name).write_text("- broken: [\n", encoding="utf-8")
    code, out, err = run_build(root)
    assert (code, err) == (0, ""), err


def test_what_merging_leaves_is_no_content(tmp_path: Path) -> None:
    """Tried by editors on Git branches: git mergetool's backup `x.yaml.orig` was "not read: ... rename it x.yaml"
    (which would have held every item twice), and its `events_LOCAL_4242.yaml` an "unknown collection"."""
    roe = "- id: jane-roe" + PEOPLE.split("- id: jane-roe")[1]
    root = make_briefing(tmp_path, files={"content/people/roe.yaml": roe,
                                          "content/people.yaml": PEOPLE.split("- id: jane-roe")[0]})
    content = root / "content"
    for name in ("people/roe.yaml.orig", "people/roe_BASE_4242.yaml", "people/roe_REMOTE_4242.yaml",
                 "events_LOCAL_4242.yaml", "events.yaml.orig", "themes.yaml.rej",
                 "~$ople.yaml"):  # Word's lock file, while people.yaml is open (a Windows editor's trial)
        (content / name).write_text((content / "events.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_build(root)
    assert (code, err) == (0, ""), err


def test_a_list_under_the_collections_name_or_items_keyed_by_id_are_said_to_be_so(tmp_path: Path) -> None:
    """Both gave a line for every field the items seemed to lack ("missing required field 'country'" six times,
    "unknown field 'people'; did you mean 'role'?") and none for what was wrong."""
    assert assert_build_fails_lines(tmp_path, files={
        "content/people/cantona.yaml": "eric-cantona:\n  name: Eric Cantona\n  kind: other\n  role: Player\n"
                                       "  country: France\n  summary: S.\n",
        "content/themes/more.yaml": "# more\nthemes:\n  - id: x\n    title: X\n    summary: S.\n"}) == [
        "content/people/cantona.yaml:1:1: the people here are keyed by their ids ('eric-cantona:'); write each as an "
        "item with its id as a field ('id: eric-cantona')",
        "content/themes/more.yaml:2:1: the themes are under 'themes:'; write the list itself, each item starting "
        "with '- id:', without that line"]


# -- derived quote ids -----------------------------------------------------------

def test_derive_quote_id() -> None:
    assert derive_quote_id("jane-roe", "The visit changes the calculus completely") == \
        "jane-roe-the-visit-changes-the"
    assert derive_quote_id("kim-jong-un", "“Our celebration,” he said") == "kim-jong-un-our-celebration-he-said"
    assert derive_quote_id("kim-jong-un", "… ”") == "kim-jong-un"


def test_quote_without_id_gets_the_derived_anchor(tmp_path: Path) -> None:
    quotes = QUOTES.replace("- id: roe-calculus\n  speaker", "- speaker")
    events = EVENTS.replace("[[roe-calculus]]", "[[jane-roe-the-visit-changes-the]]")
    root = make_briefing(tmp_path, quotes=quotes, events=events)
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    page = soup(root / "site" / "quotes" / "index.html")
    figure = page.find(id="q-jane-roe-the-visit-changes-the")
    assert figure is not None and figure.blockquote.get_text(strip=True) == "The visit changes the calculus completely"


def test_derived_quote_id_collision_asks_for_an_explicit_id(tmp_path: Path) -> None:
    """The content model: 'a collision is an error asking for an explicit id'."""
    one = QUOTES.replace("- id: roe-calculus\n  speaker", "- speaker")
    quotes = one + one.replace("context: told AFP", "context: said again")
    events = EVENTS.replace(" See [[roe-calculus]] and", " See")
    root = make_briefing(tmp_path, quotes=quotes, events=events)
    code, out, err = run_build(root, "--out", "site")
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2 and lines[1] == "build failed: 1 error; nothing written"
    assert lines[0].startswith(f"content/quotes.yaml:{position(quotes, 'speaker', nth=2)}: ")
    assert "jane-roe-the-visit-changes-the" in lines[0]
    assert "explicit id" in lines[0]


def test_a_list_of_ids_without_its_brackets_and_a_link_without_an_id_say_what_to_write(tmp_path: Path) -> None:
    events = EVENTS.replace("people: [kim-jong-un, xi-jinping]", "people: kim-jong-un, xi-jinping").replace(
        "summary: The parade.", "summary: The parade [[|see the quote]].")
    assert assert_build_fails_lines(tmp_path, events=events) == [
        f"content/events.yaml:{position(events, 'kim-jong-un, xi')}: events[1].people[0]: invalid id "
        "'kim-jong-un, xi-jinping': use lowercase letters, digits and single hyphens; a list of ids is written in "
        "brackets: [kim-jong-un, xi-jinping]",
        f"content/events.yaml:{position(events, 'The parade [[')}: events[1].summary: link '[[|see the quote]]' "
        "names no item: write its id before any |, as [[id]] or [[id|words]]"]


@pytest.mark.parametrize("language", ["français", "fr_FR", "english", "x"])
def test_a_language_that_is_no_language_tag_is_refused(tmp_path: Path, language: str) -> None:
    """It is every page's lang attribute and every citation's language: "français" made <html lang="français">."""
    site = SITE + f"language: {language}\n"
    line = position(site, f"language: {language}").split(":")[0]
    assert_build_fails(tmp_path, f"content/site.yaml:{line}:11: site.language: '{language}' is not a language tag: "
                                 "write one like en, fr, de or pt-BR (BCP 47)", site=site)


@pytest.mark.parametrize("language, tag", [("fr", "fr"), ("de", "de"), ("pt-BR", "pt-BR"), ("en-gb", "en-GB"),
                                           ("zh-Hant-TW", "zh-Hant-TW"), ("es-419", "es-419"), ("FR", "fr"),
                                           ("ZH-HANT-tw", "zh-Hant-TW")])
def test_language_tags_that_build(tmp_path: Path, language: str, tag: str) -> None:
    """In any case, as BCP 47 allows (tried on a French briefing: "FR" was refused), written as it advises."""
    root = make_briefing(tmp_path, site=SITE + f"language: {language}\n")
    assert run_build(root, "-q") == (0, "", "")
    assert soup(root / "site" / "index.html").html["lang"] == tag


def test_aliases_pasted_as_one_text_with_semicolons_are_said_to_be_a_list(tmp_path: Path) -> None:
    """Tried by an editor pasting from Excel: `aliases: Elodie Marchetti; E. Marchetti` was one alias, which no
    article writes: no mention was found, and nothing said why."""
    people = PEOPLE.replace("  name: Xi Jinping\n", "  name: Xi Jinping\n  aliases: Xi; President Xi\n")
    assert_build_fails(tmp_path, f"content/people.yaml:{position(people, 'Xi; President')}: people[2].aliases[0]: "
                                 "'Xi; President Xi' holds a ';': write each spelling as an item of a list, "
                                 "[Xi, President Xi]", people=people)


@pytest.mark.parametrize("mark", ["–", "—", "•"])
def test_a_list_items_mark_that_word_made_a_dash_or_a_bullet_is_said_to_be(tmp_path: Path, mark: str) -> None:
    """Tried by an editor in Word: "– id:" was "expected <block end>, but found '?' (this line is indented
    differently ...)", naming neither the mark nor a '?' the file does not hold."""
    themes = THEMES.replace("- id: china-ties", f"{mark} id: china-ties")
    assert_build_fails(tmp_path, f"content/themes.yaml:1:1: YAML syntax error: '{mark}' is no list item's mark: "
                                 "write '- ' (a hyphen and a space), which Word's autoformat made a dash or a bullet",
                       themes=themes)
