"""Recording an edition (`edition`) and reading snapshots back in every build (editions.py, loader.py)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from briefing import editions
from conftest import (ALPHA, CLAIMS, EVENTS, QUOTES, THEMES, assert_build_fails, make_briefing, position, rewrite, run_build,
                      soup)

FILE = "content/editions/2025-09-05.json"
Q = '"'  # YAML places a JSON string at its opening quote


def recorded(tmp_path: Path, *args: str, **overrides: str) -> tuple[Path, str]:
    root = make_briefing(tmp_path, **overrides)
    code, out, err = run_build(root, "edition", *args)
    assert (code, err) == (0, ""), err
    return root, out


def test_an_edition_records_the_curated_fields_stably(tmp_path: Path) -> None:
    root, out = recorded(tmp_path, "--note", "First look.",
                         themes=THEMES + "- id: later\n  title: Later\n  summary: A draft.\n  draft: true\n")
    assert out == (f"{FILE}: recorded the edition '2025-09-05' as of 5 September 2025 (2 articles, 4 people, "
                   "1 theme, 2 events, 1 quote, 1 claim)\n")
    raw = (root / FILE).read_bytes()
    data = json.loads(raw)
    assert {k: data[k] for k in ("format_version", "name", "date", "note")} == {
        "format_version": editions.FORMAT, "name": "2025-09-05", "date": "2025-09-05", "note": "First look."}
    assert data["site"]["as_of"] == "2025-09-05" and len(data["site"]["key_judgments"]) == 2
    assert [t["id"] for t in data["themes"]] == ["china-ties"]  # no draft
    assert data["texts"] == {"afp-report": hashlib.sha256(ALPHA.encode()).hexdigest(),
                             "radio-report": hashlib.sha256((root / "seeds/beta.txt").read_bytes()).hexdigest()}
    parade = next(e for e in data["events"] if e["id"] == "victory-parade")
    assert parade["sources"][0] == {"article": "radio-report", "paragraph": 1, "excerpt": None}
    assert "mentions" not in parade and "quotes" not in parade  # nothing derived
    assert raw.decode() == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    # Again: refused without --replace, byte for byte the same with it.
    assert run_build(root, "edition", "--note", "First look.") == (
        1, "", f"{FILE} already records the edition '2025-09-05'; pass --replace to record it again, or --name to "
               "give this one a name of its own\n")
    assert run_build(root, "edition", "--note", "First look.", "--replace")[0] == 0
    assert (root / FILE).read_bytes() == raw


def test_an_edition_may_take_another_name(tmp_path: Path) -> None:
    root, _ = recorded(tmp_path, "--name", "2025-09-05-correction")
    assert json.loads((root / "content/editions/2025-09-05-correction.json").read_text())["name"] == \
        "2025-09-05-correction"
    code, _, err = run_build(root, "edition", "--name", "Sept 5")
    assert code == 2 and "--name 'Sept 5' is not a name an edition can have" in err


def test_an_edition_out_of_turn_is_refused(tmp_path: Path) -> None:
    """One that records nothing new, or is dated before the last one (as_of moved back by mistake), would tell
    the editions' history wrong on /changes/: refused, and nothing written."""
    root, _ = recorded(tmp_path)
    code, out, err = run_build(root, "edition", "--name", "2025-09-05-again")
    assert (code, out) == (1, "") and err == (
        "content/editions/2025-09-05-again.json: nothing changed since the edition '2025-09-05'; nothing recorded\n")
    site = root / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("as_of: 2025-09-05", "as_of: 2025-09-01"), "utf-8")
    early = ("content/site.yaml:4:8: site.as_of: as_of (1 September 2025) is before the last edition, '2025-09-05' "
             "of 5 September 2025: an edition records the briefing as it moves on; set as_of in site.yaml")
    code, out, err = run_build(root, "edition")
    assert (code, out) == (1, "") and err == f"{early}\nedition failed: 1 error; nothing written\n"
    assert sorted(p.name for p in (root / "content/editions").iterdir()) == ["2025-09-05.json"]
    # a build or a check says so too: the site would stand as of a day before an edition it lists as past
    assert run_build(root, "check")[2] == f"{early}\ncheck failed: 1 error\n"
    assert run_build(root, "--out", "site")[2].splitlines()[0] == early
    site.write_text(site.read_text(encoding="utf-8").replace("as_of: 2025-09-01", "as_of: 2025-09-06"), "utf-8")
    assert run_build(root, "edition")[0] == 0  # as_of moved on: the briefing as of a later day


def test_a_broken_site_yaml_is_its_one_error_not_an_as_of_before_the_last_edition(tmp_path: Path) -> None:
    """Found merging branches: a site.yaml that could not be read also gave "as_of (1 January 2000) is before the last
    edition", a date nobody wrote (the stand-in of a site.yaml not read)."""
    root, _ = recorded(tmp_path)
    site = root / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "foo: [\n", "utf-8")
    code, out, err = run_build(root, "check")
    assert code == 1 and "as_of" not in err and err.count("\n") == 2 and "YAML syntax error" in err, err


def test_the_history_of_editions_is_not_rewritten(tmp_path: Path) -> None:
    """A second edition of the same day must sort after the first (editions go by date, then name), and only the
    latest may be recorded again: a past one replaced by today's content would rewrite what /changes/ tells."""
    root, _ = recorded(tmp_path)
    site = root / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("as_of: 2025-09-05", "as_of: 2025-09-06"), "utf-8")
    assert run_build(root, "edition", "--name", "2025-09-06-morning")[0] == 0
    rewrite(root, events=EVENTS.replace("The parade.", "The parade, watched by millions."))
    code, _, err = run_build(root, "edition", "--name", "2025-09-06-evening")
    assert code == 1 and err == (
        "content/editions/2025-09-06-evening.json: '2025-09-06-evening' would be listed before '2025-09-06-morning', "
        "an edition of the same day (editions go by date, then name); give it a name that sorts after, such as "
        "'2025-09-06-morning-2'; nothing recorded\n")
    code, _, err = run_build(root, "edition", "--name", "2025-09-05", "--replace")
    assert code == 1 and err == (
        "content/editions/2025-09-05.json: only the latest edition, '2025-09-06-morning', may be recorded again: "
        "'2025-09-05' is part of the history /changes/ tells; give this one a name of its own (--name); nothing "
        "recorded\n")
    assert run_build(root, "edition", "--name", "2025-09-06-morning", "--replace")[0] == 0  # the latest: it may


def test_invalid_content_is_not_recorded(tmp_path: Path) -> None:
    events = EVENTS.replace("people: [kim-jong-un, xi-jinping]", "people: [kim-jong-un, nobody]")
    root = make_briefing(tmp_path, events=events)
    code, out, err = run_build(root, "edition")
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"content/events.yaml:{position(events, 'nobody')}: events[1].people[1]: unknown "
                                "person 'nobody'", "edition failed: 1 error; nothing written"]
    assert not (root / "content/editions").exists()


def test_a_snapshot_that_is_not_json_is_one_error_with_its_line(tmp_path: Path) -> None:
    assert_build_fails(tmp_path, "content/editions/2025-09-05.json:2:3: not valid JSON: Expecting property name "
                                 "enclosed in double quotes; was the snapshot edited by hand?",
                       files={FILE: '{\n  name: "2025-09-05"\n}\n'})


def test_a_snapshot_saved_with_a_bom_is_read(tmp_path: Path) -> None:
    """Tried by a Windows editor: an edition opened and saved in Notepad was "not valid JSON: Unexpected UTF-8 BOM
    (decode using utf-8-sig)"."""
    root, _ = recorded(tmp_path)
    file = root / FILE
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    assert run_build(root, "check", "-q") == (0, "", "")


def test_a_snapshot_cut_short_says_where_its_text_stops(tmp_path: Path) -> None:
    assert_build_fails(tmp_path, "content/editions/2025-09-05.json:2:11: not valid JSON: Unterminated string "
                                 "starting at line 2, column 11; was the snapshot edited by hand?",
                       files={FILE: '{\n  "name": "2025-09'})


def test_a_snapshot_edited_into_an_invalid_state_is_a_content_error_at_its_line(tmp_path: Path) -> None:
    root, _ = recorded(tmp_path)
    text = (root / FILE).read_text().replace('"date": "2025-09-03"', '"date": "2025-13-03"')
    text = text.replace('"status": "open"', '"status": "closed"')
    errors = [f"{FILE}:{position(text, Q + 'closed')}: claims[0].status: 'closed' is not one of open, settled, "
              "superseded",
              f"{FILE}:{position(text, Q + '2025-13-03')}: events[1].date: '2025-13-03' has month 13; months run 01 "
              "to 12"]
    assert_build_fails(tmp_path / "b", *errors, files={FILE: text})


def test_a_snapshot_named_unlike_its_file_or_too_new_is_refused(tmp_path: Path) -> None:
    root, _ = recorded(tmp_path)
    text = (root / FILE).read_text().replace(f'"format_version": {editions.FORMAT}', '"format_version": 99')
    text = text.replace('"name": "2025-09-05"', '"name": "2025-09-06"')
    assert_build_fails(tmp_path / "b",
                       f"{FILE}:{position(text, '99')}: edition.format_version: 99 is newer than this version of "
                       f"briefing reads (up to {editions.FORMAT}); update briefing",
                       f"{FILE}:{position(text, Q + '2025-09-06')}: edition.name: '2025-09-06' is not the file's name "
                       "'2025-09-05.json': rename the file or fix the name", files={FILE: text})


def test_other_files_in_content_are_still_errors(tmp_path: Path) -> None:
    assert_build_fails(tmp_path, "content/editions/notes.txt: not an edition: content/editions/ holds one NAME.json "
                                 "file an edition, as the edition command records them",
                       "content/editionz: unknown collection 'editionz'; expected one of articles, articles.yaml, "
                       "claims, claims.yaml, events, events.yaml, people, people.yaml, quotes, quotes.yaml, "
                       "site.yaml, themes, themes.yaml",
                       files={"content/editions/notes.txt": "x", "content/editionz/a.json": "{}"})


def test_an_older_format_reads_without_spurious_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A snapshot recorded before fields were added (format 1 lacked an article's language; here, as if it lacked a
    claim's status and resolution, a quote's paraphrase and an article's grade too) reads them at their defaults:
    no change against a newer one."""
    root, _ = recorded(tmp_path)
    data = json.loads((root / FILE).read_text())
    data["format_version"] = 1
    for claim in data["claims"]:
        del claim["status"], claim["resolution"]
    for quote in data["quotes"]:
        del quote["paraphrase"]
    for article in data["articles"]:
        del article["reliability"], article["archived_url"], article["language"]
    (root / FILE).write_text(json.dumps(data, indent=2))
    monkeypatch.setattr(editions, "FORMAT", 3)
    rewrite(root, site=(root / "content/site.yaml").read_text().replace("2025-09-05", "2025-09-06"))
    assert run_build(root, "edition")[0] == 0
    assert json.loads((root / "content/editions/2025-09-06.json").read_text())["format_version"] == 3
    assert run_build(root, "--out", "site", "-q") == (0, "", "")
    section = soup(root / "site/changes/index.html").find("section", id="e-2025-09-06")
    assert [" ".join(li.get_text().split()) for li in section.select("ul.fields > li")] == [
        "as of: 5 September 2025 → 6 September 2025"]
    assert section.find("p", class_="meta").get_text() == ("Since the edition of 5 September 2025: no item changed; "
                                                           "the briefing itself changed too.")


def test_a_new_edition_remakes_the_data_and_the_page(tmp_path: Path) -> None:
    """Editions are inputs: the outputs' keys hold their bytes, so the data file lists one recorded since."""
    root = make_briefing(tmp_path, claims=CLAIMS)
    assert run_build(root, "--out", "site", "-q") == (0, "", "")
    assert json.loads((root / "site/data/briefing.json").read_text())["editions"] == []
    assert run_build(root, "edition", "--note", "One")[0] == 0
    assert run_build(root, "--out", "site", "-q") == (0, "", "")
    assert [e["note"] for e in json.loads((root / "site/data/briefing.json").read_text())["editions"]] == ["One"]
    assert run_build(root, "edition", "--note", "Two", "--replace")[0] == 0
    assert run_build(root, "--out", "site", "-q") == (0, "", "")
    assert [e["note"] for e in json.loads((root / "site/data/briefing.json").read_text())["editions"]] == ["Two"]
    assert soup(root / "site/changes/index.html").find("p", class_="edition-note").get_text() == "Two"


def test_help_lists_the_command(tmp_path: Path) -> None:
    code, out, _ = run_build(tmp_path, "--help")
    assert code == 0
    assert "edition   record the briefing as it stands, for /changes/ to compare with" in out


def test_an_id_an_edition_retired_is_not_given_to_another_item(tmp_path: Path) -> None:
    """Tried by an editor: a quote retired in one edition, its id given to another quote later. An analyst's saved
    link to the first would have led to the second, without a word. The quote itself may come back."""
    root, _ = recorded(tmp_path)
    site = root / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("as_of: 2025-09-05", "as_of: 2025-09-06"), "utf-8")
    rewrite(root, quotes="[]\n", events=EVENTS.replace(" See [[roe-calculus]] and", " See"))
    assert run_build(root, "edition")[0] == 0  # the edition of 6 September retires it
    other = ("- id: roe-calculus\n  speaker: xi-jinping\n  text: a military parade with more than 25 world leaders\n"
             "  source: {article: afp-report}\n")
    rewrite(root, quotes=other)
    assert run_build(root, "-q")[1:] == ("", (
        "content/quotes.yaml:1:3: quotes: 'roe-calculus' was the id of another quote (speaker 'jane-roe', text 'The "
        "visit changes the calculus completely') until the edition of 6 September 2025 retired it, and the links to "
        "it that readers saved or cited would lead to this one: give this quote an id of its own, or, to bring that "
        "quote back, give it its speaker and text again (if it was added on another branch, merged after that "
        "edition was recorded, record the edition again: briefing edition --name 2025-09-06 --replace)\n"
        "build failed: 1 error; nothing written\n"))
    rewrite(root, quotes=other.replace("roe-calculus", "xi-parade"))
    assert run_build(root)[0] == 0
    rewrite(root, quotes=QUOTES)  # brought back as it was
    assert run_build(root)[0] == 0


def test_an_edition_recorded_on_another_branch_is_said_and_recorded_again(tmp_path: Path) -> None:
    """Tried by two editors on Git branches: each recorded an edition; merged, the later one (which never held the
    other branch's theme) made /changes/ say the theme was removed, without a word from the build, and editing
    the theme then failed as the reuse of an id that edition had retired."""
    later = "- id: later\n  title: Later\n  summary: Added on branch a.\n"
    root, _ = recorded(tmp_path, themes=THEMES + later)  # branch a's edition, 2025-09-05, holds it
    site = root / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("as_of: 2025-09-05", "as_of: 2025-09-06"), "utf-8")
    rewrite(root, themes=THEMES)
    assert run_build(root, "edition")[0] == 0  # branch b's edition, 2025-09-06, without it
    rewrite(root, themes=THEMES + later)  # the merge: both editions, and the theme
    said = ("content/editions/2025-09-06.json: the edition '2025-09-06' lacks 1 item of '2025-09-05' that the "
            "content holds now (later): /changes/ says it removed them; if they were added on another branch, merged "
            "after this edition was recorded, record it again: briefing edition --name 2025-09-06 --replace")
    code, out, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "") and said in out.splitlines(), out
    assert said in run_build(root, "check")[1].splitlines()
    rewrite(root, themes=THEMES + later.replace("title: Later", "title: Later still"))
    code, _, err = run_build(root, "check")
    assert code == 1 and err.splitlines()[0].endswith(
        "(if it was added on another branch, merged after that edition was recorded, record the edition again: "
        "briefing edition --name 2025-09-06 --replace)"), err
    rewrite(root, themes=THEMES + later)
    assert run_build(root, "edition", "--name", "2025-09-06", "--replace")[0] == 0
    code, out, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "") and "lacks" not in out
    changes = (root / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "no longer published" not in changes
