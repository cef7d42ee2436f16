"""Bad input, tried hard (issue 6): each case fails with its exact message, exit 1, no
traceback, and site/ untouched (conftest.assert_build_fails checks all of that)."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import (ALPHA, ARTICLES, EVENTS, PEOPLE, QUOTES, SITE, THEMES, assert_build_fails,
                      assert_build_fails_lines, make_briefing, position, run_build)

REFUSED = ("refused: a link may go to an http(s) or mailto address, or to an item as [[id]]")
ID_RULE = "use lowercase letters, digits and single hyphens"


@pytest.mark.parametrize(("bad", "message"), [
    ("china/ties", f"invalid id 'china/ties': {ID_RULE}; try 'china-ties'"),
    ("china ties", f"invalid id 'china ties': {ID_RULE}; try 'china-ties'"),
    ("chinа-ties", f"invalid id 'chinа-ties': {ID_RULE}; 'а' (U+0430, CYRILLIC SMALL LETTER A) is none of a-z; "
                   "try 'china-ties'"),
    ("china-tiés", f"invalid id 'china-tiés': {ID_RULE}; 'é' (U+00E9, LATIN SMALL LETTER E WITH ACUTE) is none of "
                   "a-z; try 'china-ties'"),  # a Latin letter, but no letter of an address
    ("China-Ties", f"invalid id 'China-Ties': {ID_RULE}; try 'china-ties'"),
    ("china--ties", f"invalid id 'china--ties': {ID_RULE}; try 'china-ties'"),
], ids=["slash", "space", "cyrillic-look-alike", "accent", "capitals", "double-hyphen"])
def test_ids_that_would_make_bad_addresses(tmp_path: Path, bad: str, message: str) -> None:
    themes = THEMES.replace("id: china-ties", f"id: {bad}")
    assert_build_fails(tmp_path, f"content/themes.yaml:{position(themes, bad)}: themes[0].id: {message}",
                       themes=themes)


LONG = "china-ties-" + "and-more-" * 60  # 550 characters: a folder name longer than a disk allows
LONG_SHOWN = f"'{LONG[:60]}…'"


@pytest.mark.parametrize(("field", "text"), [
    ("themes[1].id", THEMES + f"- id: {LONG}\n  title: Another theme\n  summary: About it.\n"),
    ("themes[0].former_ids[0]", THEMES + f"  former_ids: [{LONG}]\n"),
], ids=["id", "former-id"])
def test_an_id_too_long_for_an_address(tmp_path: Path, field: str, text: str) -> None:
    """An id is a folder name in the site: one of 550 characters failed the build with
    'File name too long' from the disk, where the editor learnt nothing of the field."""
    assert_build_fails(tmp_path, f"content/themes.yaml:{position(text, LONG)}: {field}: id {LONG_SHOWN} is "
                                 f"{len(LONG)} characters long; an id is part of its page's address: keep it to 100 "
                                 "at most", themes=text)


def test_an_id_of_100_characters_builds(tmp_path: Path) -> None:
    ident = ("china-ties-" * 10)[:99] + "x"
    root = make_briefing(tmp_path, themes=THEMES.replace("id: china-ties", f"id: {ident}"),
                         site=SITE.replace("[[china-ties|see the theme]]", f"[[{ident}|see the theme]]"),
                         events=EVENTS.replace("themes: [china-ties]", f"themes: [{ident}]"),
                         quotes=QUOTES.replace("themes: [china-ties]", f"themes: [{ident}]"))
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    assert (root / "site" / "themes" / ident / "index.html").is_file()


def test_a_long_value_is_cut_short_in_its_message(tmp_path: Path) -> None:
    """A message is one line: a page pasted into the wrong field is not echoed whole."""
    people = PEOPLE.replace("kind: analyst", "kind: " + "analyst " * 100)
    lines = assert_build_fails_lines(tmp_path, people=people)
    assert [len(line) < 300 for line in lines] == [True]
    assert f"'{('analyst ' * 100)[:60]}…'" in lines[0]


def test_lists_nested_too_deep_for_markdown(tmp_path: Path) -> None:
    """Python-Markdown parses a list in a list by recursion: 250 levels stopped the build with
    a RecursionError traceback."""
    nested = "\n".join("    " * i + "- level" for i in range(300))
    themes = THEMES.replace("summary: How [[kim-jong-un]] and [[xi-jinping]] mend relations.",
                            "summary: |\n" + "".join(f"    {line}\n" for line in nested.splitlines()))
    assert_build_fails(tmp_path, "content/themes.yaml:3:12: themes[0].summary: lists or quotes nested 300 levels "
                                 "deep; Markdown here may nest 20 at most: flatten it", themes=themes)


def test_lists_nested_20_deep_build(tmp_path: Path) -> None:
    nested = "\n".join("    " * i + "- level" for i in range(19)) + "\n" + "    " * 19 + "- the deepest"
    themes = THEMES.replace("summary: How [[kim-jong-un]] and [[xi-jinping]] mend relations.",
                            "summary: |\n" + "".join(f"    {line}\n" for line in nested.splitlines()))
    root = make_briefing(tmp_path, themes=themes)
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    page = BeautifulSoup((root / "site" / "themes" / "china-ties" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    deepest = [li for li in page.find_all("li") if li.get_text(strip=True) == "the deepest"]
    assert [len(li.find_parents("ul")) for li in deepest] == [20]


def test_an_id_of_dots_is_refused(tmp_path: Path) -> None:
    themes = THEMES.replace("id: china-ties", "id: ..")
    lines = assert_build_fails_lines(tmp_path, themes=themes)
    assert f"content/themes.yaml:{position(themes, '..')}: themes[0].id: invalid id '..': {ID_RULE}" in lines


@pytest.mark.parametrize("name", ["/etc/passwd", "sub/beta.txt", "..", ".", "../seeds/beta.txt"])
def test_article_files_outside_seeds(tmp_path: Path, name: str) -> None:
    articles = ARTICLES.replace("file: beta.txt", f"file: '{name}'")
    assert_build_fails(
        tmp_path,
        f"content/articles.yaml:{position(articles, repr(name))}: articles[1].file: '{name}' must be a plain file "
        "name inside seeds/, without folders",
        articles=articles)


def test_a_binary_article_file(tmp_path: Path) -> None:
    assert_build_fails(
        tmp_path,
        "seeds/beta.txt:2: not text: a NUL byte, as in a binary file (a PDF, an image, a Word file); save the "
        "article as plain UTF-8 text",
        files={"seeds/beta.txt": b"%PDF-1.4\n\x00\x01\x02 binary"})


def test_a_huge_article_file(tmp_path: Path) -> None:
    huge = ("A line of a very long article about Kim Jong Un. " * 20 + "\n\n") * 50_000  # 50 MB
    assert_build_fails(
        tmp_path,
        f"seeds/beta.txt: article file is {len(huge.encode()) / 1e6:.1f} MB, more than the 5 MB an article may "
        "be; is it the right file?",
        files={"seeds/beta.txt": huge})


def test_a_quote_of_nothing(tmp_path: Path) -> None:
    blank = '"   "'
    quotes = QUOTES.replace("text: The visit changes the calculus completely", f"text: {blank}")
    assert_build_fails(
        tmp_path,
        f"content/quotes.yaml:{position(quotes, blank)}: quotes[0].text: is empty; write the text or remove "
        "the field",
        quotes=quotes)


def test_a_former_id_that_is_the_id_itself(tmp_path: Path) -> None:
    people = PEOPLE.replace("  name: Jane Roe\n", "  name: Jane Roe\n  former_ids: [jane-roe]\n")
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, 'id: jane-roe')}: former id 'jane-roe' of 'jane-roe' is already "
        "used by 'jane-roe'; an address can lead to one item only",
        people=people)


def test_two_items_naming_each_other_as_former_ids(tmp_path: Path) -> None:
    people = PEOPLE.replace("  name: Jane Roe\n", "  name: Jane Roe\n  former_ids: [xi-jinping]\n") \
                   .replace("  name: Xi Jinping\n", "  name: Xi Jinping\n  former_ids: [jane-roe]\n")
    assert_build_fails(
        tmp_path,
        f"content/people.yaml:{position(people, 'id: xi-jinping')}: former id 'jane-roe' of 'xi-jinping' is "
        "already used by 'jane-roe'; an address can lead to one item only",
        f"content/people.yaml:{position(people, 'id: jane-roe')}: former id 'xi-jinping' of 'jane-roe' is already "
        "used by 'xi-jinping'; an address can lead to one item only",
        people=people)


@pytest.mark.parametrize("link", [
    "[this](javascript:alert(1))", "[this](JavaScript:alert(1))", "[this](&#106;avascript:alert(1))",
    "[this](java&#x09;script:alert(1))", "[this](data:text/html,hello)", "[this](vbscript:msgbox)",
    "[this](  javascript:alert(1))",
], ids=["plain", "capitals", "entity", "entity-tab", "data", "vbscript", "spaces"])
def test_script_links_in_markdown_are_refused(tmp_path: Path, link: str) -> None:
    themes = THEMES.replace("summary: How", f"summary: 'See {link}. How")
    themes = themes.replace("\n- id: sanctions", "'\n- id: sanctions", 1) if "\n- id: sanctions" in themes else \
        themes.rstrip("\n") + "'\n"
    target = link[link.index("(") + 1:-1].strip()
    assert_build_fails(
        tmp_path,
        f"content/themes.yaml:{position(themes, chr(39) + 'See ')}: themes[0].summary: link to '{target}' {REFUSED}",
        themes=themes)


def test_a_script_link_in_a_reference_definition_is_refused(tmp_path: Path) -> None:
    themes = THEMES.replace("summary: How", "summary: |\n    See [this][x].\n\n    [x]: JavaScript:alert(1)\n\n    How")
    assert_build_fails(
        tmp_path,
        f"content/themes.yaml:{position(themes, '|')}: themes[0].summary: link to 'JavaScript:alert(1)' {REFUSED}",
        themes=themes)


def test_the_billion_laughs(tmp_path: Path) -> None:
    bomb = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")))
    assert_build_fails(
        tmp_path,
        "content/themes.yaml:1:4: YAML anchors and aliases (&name, *name) are not supported; write the value out",
        themes=bomb)


def test_a_control_character_in_yaml(tmp_path: Path) -> None:
    themes = THEMES.replace("title: China", "title: \x1fChina")
    assert_build_fails(
        tmp_path,
        f"content/themes.yaml:{position(themes, chr(0x1f))}: character U+001F is not allowed in YAML (a control "
        "character); delete it",
        themes=themes)


def test_a_line_break_inside_a_value_stays_on_the_error_line(tmp_path: Path) -> None:
    typed = '"2025\\r09"'  # YAML's escape for a carriage return
    events = EVENTS.replace("date: 2025-09-03", f"date: {typed}")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, typed)}: events[1].date: '2025\\r09' is not a date; write "
        "YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1950s, optionally marked ? (probably), ~ (about) or % (both), "
        "or a range: 2019-01/2019-03, 2019-01/.. (open end) or ../2011 (open start)",
        events=events)


CONFLICT = ("a merge conflict is left in the file ('<<<<<<< HEAD'): keep what each side should keep, delete the lines "
            "<<<<<<<, ======= and >>>>>>>, and save")


def _conflicted(text: str, after: str, ours: str, theirs: str) -> str:
    """`text` with a Git merge conflict after the line holding `after`: our line, then theirs."""
    head, sep, rest = text.partition(after)
    end = rest.index("\n") + 1
    return head + sep + rest[:end] + f"<<<<<<< HEAD\n{ours}\n=======\n{theirs}\n>>>>>>> editor-b\n" + rest[end:]


def test_a_merge_conflict_in_an_article_fails_the_build_at_its_line(tmp_path: Path) -> None:
    """Tried by two editors on Git branches: an article merged with its conflict markers built and was published,
    the markers as paragraphs of the article page (and their #pN anchors listed as new addresses)."""
    alpha = _conflicted(ALPHA, "state media said.", "Ours.", "Theirs.")
    line = alpha.splitlines().index("<<<<<<< HEAD") + 1
    assert_build_fails(tmp_path, f"seeds/alpha.txt:{line}: {CONFLICT}", files={"seeds/alpha.txt": alpha})


def test_a_merge_conflict_in_a_yaml_file_is_said_to_be_one(tmp_path: Path) -> None:
    """It was "YAML syntax error: could not find expected ':'", a line after the marker."""
    themes = _conflicted(THEMES, "title:", "  note: ours", "  note: theirs")
    line = themes.splitlines().index("<<<<<<< HEAD") + 1
    assert_build_fails(tmp_path, f"content/themes.yaml:{line}: {CONFLICT}", themes=themes)


def test_a_merge_conflict_in_published_txt_is_said_to_be_one(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    assert run_build(root, "--out", "site", "-q", "--accept-new-urls")[0] == 0
    published = (root / "content" / "published.txt").read_text(encoding="utf-8")
    first = published.splitlines()[0]
    conflicted = _conflicted(published, first, "/events/ours/", "/events/theirs/")
    (root / "content" / "published.txt").write_text(conflicted, encoding="utf-8")
    code, out, err = run_build(root, "--out", "site")
    assert (code, out) == (1, "") and err.splitlines()[0] == f"content/published.txt:2: {CONFLICT}", err


def test_a_merge_conflict_in_an_edition_says_how_to_record_it_again(tmp_path: Path) -> None:
    """Two editors recorded an edition of the same day on their branches: the merge's conflict was "not valid
    JSON ...; was the snapshot edited by hand?", and `edition --replace` failed on it the same way."""
    root = make_briefing(tmp_path)
    assert run_build(root, "edition", "--name", "2025-09-05")[0] == 0
    edition = root / "content" / "editions" / "2025-09-05.json"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(_conflicted(text, "{", '  "ours": 1,', '  "theirs": 2,'), encoding="utf-8")
    code, out, err = run_build(root, "--out", "site")
    assert (code, out) == (1, "") and err.splitlines()[0] == (
        f"content/editions/2025-09-05.json:2: {CONFLICT}; or, as an edition is recorded whole, keep one side (git "
        "checkout --ours FILE) and record it again (edition --replace)"), err
