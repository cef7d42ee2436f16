"""`python build.py new KIND` (briefing.scaffold): append a skeleton with a fresh id; the build accepts it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import THEMES, make_briefing, run_build, snapshot

from briefing.cli import main
from briefing.scaffold import slug

GAMMA = "A third report.\n\nKim left Beijing by train.\n"


def new(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
        ) -> tuple[int, str, str]:
    """`python build.py new *args` run in `root` through the real command line."""
    monkeypatch.chdir(root)
    try:
        code = main(["new", *args], prog="python build.py")
    except SystemExit as exc:  # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("args", "ident", "file"), [
    (["event", "--title", "Kim arrives", "--date", "2025-08-31", "--source", "afp-report"], "kim-arrives-2",
     "events.yaml"),
    (["event", "--title", "Sanctions bite", "--date", "2019-01?/..", "--source", "afp-report"], "sanctions-bite",
     "events.yaml"),
    (["event", "--title", "Talks", "--date", "2019-01/2019-03", "--source", "afp-report"], "talks", "events.yaml"),
    (["person", "--name", "Jane Roe", "--kind", "analyst"], "jane-roe-2", "people.yaml"),
    (["theme", "--title", "China ties"], "china-ties-2", "themes.yaml"),
    (["quote", "--speaker", "jane-roe", "--text", "changes the calculus", "--source", "afp-report"],
     "jane-roe-changes-the-calculus", "quotes.yaml"),
    (["article", "--file", "gamma.txt", "--title", "Kim leaves Beijing"], "kim-leaves-beijing", "articles.yaml"),
])
def test_each_kind_appends_an_item_the_build_accepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], args: list[str],
                                                     ident: str, file: str) -> None:
    root = make_briefing(tmp_path, files={"seeds/gamma.txt": GAMMA})
    before = (root / "content" / file).read_bytes()
    code, out, err = new(root, monkeypatch, capsys, *args)
    assert (code, err) == (0, "")
    after = (root / "content" / file).read_bytes()
    assert after.startswith(before)  # appended: not one earlier byte changed
    line = after.decode().splitlines().index(f"- id: {ident}") + 1
    assert out == f"added {args[0]} '{ident}' to content/{file}:{line}; fill in the TODO fields\n"
    assert run_build(root, "--check", "-q") == (0, "", "")


def test_the_id_is_unique_across_every_collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = make_briefing(tmp_path)
    assert new(root, monkeypatch, capsys, "theme", "--title", "Kim Jong Un")[1].startswith(
        "added theme 'kim-jong-un-2'")  # kim-jong-un is a person
    assert new(root, monkeypatch, capsys, "theme", "--title", "Kim Jong Un")[1].startswith(
        "added theme 'kim-jong-un-3'")
    assert run_build(root, "--check", "-q") == (0, "", "")


def test_an_event_without_date_or_source_leaves_them_as_todo_comments(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_briefing(tmp_path)
    code, out, _ = new(root, monkeypatch, capsys, "event", "--title", "Banquet in Beijing")
    assert code == 0
    assert out.endswith("; fill in the TODO fields; the build fails until its date and sources are written\n")
    line = out.split(":")[1].split(";")[0]
    code, _, err = run_build(root, "--check")
    assert code == 1
    assert err.splitlines() == [
        f"content/events.yaml:{line}:3: events[2]: missing required field 'date' for an event",
        f"content/events.yaml:{line}:3: events[2]: missing required field 'sources' for an event",
        "check failed: 2 errors",
    ]


def test_a_quote_without_its_words_names_them_as_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = make_briefing(tmp_path)
    out = new(root, monkeypatch, capsys, "quote", "--speaker", "jane-roe")[1]
    assert out.startswith("added quote 'jane-roe-quote' to content/quotes.yaml:")
    assert out.endswith("the build fails until its text and source are written\n")


def test_a_file_without_final_newline_or_indented_gets_a_matching_item(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    themes = "".join("  " + line if line else line for line in THEMES.splitlines(keepends=True)).rstrip("\n")
    root = make_briefing(tmp_path, themes=themes)
    assert new(root, monkeypatch, capsys, "theme", "--title", "Sanctions")[0] == 0
    text = (root / "content" / "themes.yaml").read_text()
    assert text.startswith(themes + "\n\n  - id: sanctions\n    title: Sanctions\n")
    assert run_build(root, "--check", "-q") == (0, "", "")


def test_a_collection_kept_in_a_folder_gets_a_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = make_briefing(tmp_path, themes=None, files={"content/themes/ties.yaml": THEMES})
    code, out, _ = new(root, monkeypatch, capsys, "theme", "--title", "Sanctions")
    assert (code, out) == (0, "added theme 'sanctions' to content/themes/sanctions.yaml:1; fill in the TODO fields\n")
    assert (root / "content" / "themes" / "ties.yaml").read_text() == THEMES
    assert run_build(root, "--check", "-q") == (0, "", "")


def test_a_folder_beside_the_collections_file_gets_the_new_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Tried by an editor moving to one file an item: with content/themes/ made beside themes.yaml (as its
    comment says to), `new` still appended to themes.yaml."""
    root = make_briefing(tmp_path, files={"content/themes/ties-2.yaml": THEMES.replace("china-ties", "ties-2")})
    code, out, _ = new(root, monkeypatch, capsys, "theme", "--title", "Sanctions")
    assert (code, out) == (0, "added theme 'sanctions' to content/themes/sanctions.yaml:1; fill in the TODO fields\n")
    assert (root / "content" / "themes.yaml").read_text() == THEMES


def test_content_option_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = make_briefing(tmp_path, files={"seeds/gamma.txt": GAMMA})
    code, out, err = new(root.parent, monkeypatch, capsys, "article", "--content", "briefing/content",
                         "--file", "gamma.txt")
    assert (code, err) == (0, "")
    assert out.startswith("added article 'gamma' to briefing/content/articles.yaml:")


@pytest.mark.parametrize(("args", "message"), [
    (["article", "--title", "No file"], "an article needs --file SEED, a text file in the seeds folder"),
    (["article", "--file", "gama.txt"], "--file 'gama.txt' not found in seeds/; did you mean 'gamma.txt' or 'alpha.txt' or 'beta.txt'?"),
    (["article", "--file", "alpha.txt"], "--file 'alpha.txt' is already the source of article 'afp-report'"),
    (["event", "--title", "X", "--source", "afp-reprot"],
     "--source 'afp-reprot' is not an article id; did you mean 'afp-report' or 'radio-report'?"),
    (["event", "--title", "X", "--date", "3 Sept"], "--date: '3 Sept' is not a date; write YYYY-MM-DD, YYYY-MM, "
                                                    "YYYY or a decade like 1950s, optionally marked ? (probably), ~ "
                                                    "(about) or % (both), or a range: 2019-01/2019-03, 2019-01/.. "
                                                    "(open end) or ../2011 (open start)"),
    (["event", "--title", "X", "--date", "2019-03/2019-01"],
     "--date: '2019-03/2019-01' ends (January 2019) before it starts (March 2019); swap or fix the dates"),
    (["article", "--file", "gamma.txt", "--published", "2019-01/2019-03"],
     "--published: '2019-01/2019-03' is a range of two dates; write one date here (a range belongs in an event's "
     "date)"),
    (["quote", "--speaker", "kim-jong-eun"],
     "--speaker 'kim-jong-eun' is not a person id; did you mean 'kim-jong-un' or 'kim-yo-jong'?"),
    (["theme", "--title", "X", "--date", "2025"], "--date not used for a theme"),
    (["person", "--id", "china-ties"], "--id 'china-ties' is already the id of a theme; ids are unique across all files"),
    (["person", "--id", "Jane_Roe"], "--id 'Jane_Roe': use lowercase letters, digits and single hyphens"),
])
def test_usage_errors_exit_2_and_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str], args: list[str],
                                                message: str) -> None:
    root = make_briefing(tmp_path, files={"seeds/gamma.txt": GAMMA})
    before = snapshot(root)
    assert new(root, monkeypatch, capsys, *args) == (2, "", f"python build.py new: error: {message}\n")
    assert snapshot(root) == before


def test_a_file_holding_one_item_is_not_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = make_briefing(tmp_path, themes=THEMES.replace("- id", "id").replace("\n  ", "\n"))
    before = snapshot(root)
    code, out, err = new(root, monkeypatch, capsys, "theme", "--title", "Sanctions")
    assert (code, out) == (1, "")
    assert "holds a single item" in err
    assert snapshot(root) == before


def test_a_file_the_build_reads_with_a_tab_after_a_value_is_an_error_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Tried by an editor pasting from Excel: `- id: p<TAB>` builds, and `new` and `accept` crashed on it."""
    root = make_briefing(tmp_path, themes=THEMES.replace("- id: china-ties\n", "- id: china-ties\t\n"))
    assert run_build(root, "check", "-q")[0] == 0
    before = snapshot(root)
    code, out, err = new(root, monkeypatch, capsys, "theme", "--title", "Sanctions")
    assert (code, out) == (1, "")
    assert err.endswith("content/themes.yaml:1:17: cannot add to the file as it stands: a tab, which it cannot "
                        "read there: write spaces instead; nothing written\n")
    assert snapshot(root) == before


def test_slug_makes_ids_from_words() -> None:
    assert slug("Kim Jong Un’s trip to Beijing") == "kim-jong-uns-trip-to-beijing"
    assert slug("Lee Jae-myung: élu en 2025!") == "lee-jae-myung-elu-en-2025"
    assert slug("Blair–Brown rivalry") == "blair-brown-rivalry"  # a dash parts words, as a hyphen does
    assert slug("one two three four five six seven eight nine") == "one-two-three-four-five-six-seven-eight"
    # letters NFKD keeps whole were dropped ("strae", "ukasenka"): written as the plain letters they stand for
    assert [slug(n) for n in ("Die Straße", "Alaksandr Łukašenka", "Lars Løkke", "Zoran Đinđić", "Œuvre")] == [
        "die-strasse", "alaksandr-lukasenka", "lars-lokke", "zoran-dindic", "oeuvre"]
    # names and titles in other alphabets, spelt in Latin letters (they were "new-person", "new-person-2", ...)
    assert [slug(n) for n in ("张华", "تشانغ هوا", "김정은", "Москва", "Αθήνα", "ひらがな")] == [
        "zhang-hua", "tshngh-hw", "gim-jeong-eun", "moskva", "athina", "hi-ra-ga-na"]
    assert slug("chinа-ties") == "china-ties"  # a Cyrillic look-alike in a Latin word is the Latin letter


def test_a_title_of_several_lines_or_blank_or_long_gives_an_item_the_build_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A title with a line break was written plain and broke the file (a traceback); a blank
    one was written as the title; a long one made an id longer than the build takes."""
    root = make_briefing(tmp_path)
    long_title = " ".join(["Extraordinarilyextraordinarily"] * 8)  # a slug of 247 characters
    for title in ["Talks\nin Beijing", "   ", long_title, long_title]:
        code, out, err = new(root, monkeypatch, capsys, "theme", "--title", title)
        assert (code, err) == (0, ""), err
    themes = (root / "content" / "themes.yaml").read_text(encoding="utf-8")
    ids = [line[len("- id: "):] for line in themes.splitlines() if line.startswith("- id: ")]
    cut = "-".join(["extraordinarilyextraordinarily"] * 3)  # cut at a hyphen: room for a -2 within 100
    assert ids[1:] == ["talks-in-beijing", "new-theme", cut, f"{cut}-2"]
    assert 'title: "Talks\\nin Beijing"' in themes and "title: TODO: title" not in themes
    code, _, err = run_build(root, "--check")
    assert code == 0, err


def test_an_id_too_long_for_an_address_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = make_briefing(tmp_path)
    before = snapshot(root)
    assert new(root, monkeypatch, capsys, "theme", "--id", "t" * 101, "--title", "T") == (
        2, "", "python build.py new: error: --id is 101 characters long; an id is part of its page's address: "
               "keep it to 100 at most\n")
    assert snapshot(root) == before


HONG_LEI = "id: hong-lei\nname: Hong Lei\nkind: official\nrole: Chinese official\ncountry: China\nsummary: Spoke.\n"


def test_accept_keeps_a_suggestion_it_cannot_write_and_says_why(tmp_path: Path) -> None:
    """People as a folder of files, one written by hand with the id of a suggestion: accepting it neither
    crashes nor loses the suggestion; it says what to do. A file that holds one item under another id cannot take
    a second one: the suggestion stays too."""
    root = make_briefing(tmp_path)
    people = root / "content" / "people"
    people.mkdir()
    for person in yaml.safe_load((root / "content" / "people.yaml").read_text(encoding="utf-8")):
        (people / f"{person['id']}.yaml").write_text(yaml.safe_dump(person), encoding="utf-8")
    (root / "content" / "people.yaml").unlink()
    suggestions = root / "content" / "suggested" / "people.yaml"
    suggestions.parent.mkdir()
    suggestions.write_text("- " + HONG_LEI.replace("\n", "\n  ") + "draft: true\n", encoding="utf-8")
    (people / "hong-lei.yaml").write_text(HONG_LEI, encoding="utf-8")
    code, out, err = run_build(root, "accept", "hong-lei")
    assert (code, out) == (1, "")
    assert err == ("python build.py accept: content/people/hong-lei.yaml already holds 'hong-lei': keep one, "
                   "`python build.py reject hong-lei` to drop the suggestion, or give one of them another id\n")
    assert yaml.safe_load(suggestions.read_text(encoding="utf-8"))[0]["id"] == "hong-lei"  # still there
    (people / "hong-lei.yaml").write_text(HONG_LEI.replace("id: hong-lei", "id: lei-hong"), encoding="utf-8")
    code, out, err = run_build(root, "accept", "hong-lei")
    assert (code, out) == (1, "")
    assert err.startswith("python build.py accept: 'hong-lei' is still a suggestion: content/people/hong-lei.yaml: "
                          "holds a single item") and "Traceback" not in err
    assert yaml.safe_load(suggestions.read_text(encoding="utf-8"))[0]["id"] == "hong-lei"
    (people / "hong-lei.yaml").unlink()
    code, out, err = run_build(root, "accept", "hong-lei")
    assert (code, out, err) == (0, "accepted 'hong-lei': content/people/hong-lei.yaml:1\n", "")
    assert yaml.safe_load(suggestions.read_text(encoding="utf-8")) in (None, [])
    assert run_build(root, "check", "-q") == (0, "", "")


def test_a_new_item_named_as_a_pending_suggestion_points_to_accept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Not a silent 'hong-lei-2' beside the suggestion 'hong-lei': the editor meant that one."""
    root = make_briefing(tmp_path, files={"content/suggested/people.yaml": "- " + HONG_LEI.replace("\n", "\n  ")
                                          + "draft: true\n"})
    code, out, err = new(root, monkeypatch, capsys, "person", "--name", "Hong Lei", "--kind", "official")
    assert (code, out) == (2, "")
    assert err == ("python build.py new: error: 'hong-lei' is a suggestion in content/suggested/: the accept command "
                   "publishes it; to add another person anyway, give it an --id\n")
    code, out, err = new(root, monkeypatch, capsys, "person", "--name", "Hong Lei", "--kind", "official",
                         "--id", "hong-lei-2")
    assert (code, err) == (0, "") and out.startswith("added person 'hong-lei-2'")


def test_a_cyrillic_soft_sign_is_no_hyphen_in_an_id() -> None:
    """Tried by an analyst in Kyiv: "Дмитрий Соловьёв" was `dmitriy-solov-ev`, "Наталья Ильина" `natal-ya-il-ina`."""
    from briefing.fields import suggest_id
    assert [suggest_id(n) for n in ("Дмитрий Соловьёв", "Наталья Ильина", "Sean O’Neill")] == [
        "dmitriy-solovev", "natalya-ilina", "sean-o-neill"]
