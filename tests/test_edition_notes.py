"""Each item's edition (edition_notes.py): "New in" or "Changed in the edition of …" on its page (and in its block on
/quotes/ and /claims/), linked to its own entry on /changes/; the home page's list of the latest edition's changes;
the data file's `edition` of each item."""
from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from briefing import changes  # not its history(): test_changes' fixture of that name is imported below
from briefing.changes import Since
from briefing.dates import VagueDate
from briefing.editions import Edition, Entry, Snapshot
from conftest import rewrite, run_build, soup
from test_changes import history  # noqa: F401  (the fixture: two editions of the fixture briefing, built)

NEW_PERSON = """\
- id: li-qiang
  name: Li Qiang
  kind: official
  role: Premier
  country: China
  summary: China's premier.
"""


def marks(page: BeautifulSoup) -> list[Tag]:
    return page.find_all("p", class_="edition-mark")


def lands(page_file: Path, href: str) -> bool:
    """Whether a link from a page leads to an element with its fragment's id in the page it names."""
    path, _, fragment = href.partition("#")
    target = (page_file.parent / path).resolve()
    return target.is_file() and soup(target).find(id=fragment) is not None


def note(site: Path, page: str) -> tuple[str, str]:
    """An item page's line and its link ("", "" when it has none), after checking the link lands."""
    found = marks(soup(site / page))
    assert len(found) <= 1
    if not found:
        return "", ""
    href = str(found[0].a["href"])
    assert lands(site / page, href), href
    return found[0].get_text(" ", strip=True), href


def test_an_item_added_in_the_second_edition_is_new_in_it(history: Path) -> None:  # noqa: F811
    site = history / "site"
    assert note(site, "people/wang-yi/index.html") == (
        "New in the edition of 6 September 2025", "../../changes/index.html#e-2025-09-06-person-wang-yi")
    assert note(site, "sources/gamma-report/index.html")[0] == "New in the edition of 6 September 2025"


def test_a_changed_or_renamed_item_is_changed_in_it(history: Path) -> None:  # noqa: F811
    site = history / "site"
    # what changed, in a few words beside the link: the reader need not go to /changes/ to know
    assert note(site, "people/jane-roe/index.html") == (
        "Changed in the edition of 6 September 2025 : role", "../../changes/index.html#e-2025-09-06-person-jane-roe")
    assert note(site, "events/victory-parade/index.html")[0] == (
        "Changed in the edition of 6 September 2025 : status confirmed → expected; date, summary and sources")
    assert note(site, "themes/china-ties-2025/index.html") == (
        "Changed in the edition of 6 September 2025 : renamed from china-ties; summary",  # the rename said too
        "../../changes/index.html#e-2025-09-06-theme-china-ties-2025")
    entry = soup(site / "changes/index.html").find(id="e-2025-09-06-theme-china-ties-2025")
    assert "renamed from china-ties" in entry.get_text()


def test_an_item_unchanged_since_the_first_edition_says_nothing(history: Path) -> None:  # noqa: F811
    assert note(history / "site", "people/kim-jong-un/index.html") == ("", "")


def test_quotes_and_claims_say_it_in_their_block(history: Path) -> None:  # noqa: F811
    site = history / "site"
    quote = soup(site / "quotes/index.html").find(id="q-roe-calculus")
    claim = soup(site / "claims/index.html").find(id="c-how-many-leaders")
    for block, page, anchor in ((quote, "quotes", "quote-roe-calculus"), (claim, "claims", "claim-how-many-leaders")):
        (mark,) = marks(block)
        assert mark.get_text(strip=True) == "Changed in the edition of 6 September 2025" + {"quotes": ": text",
                                                                                              "claims": ": statement"}[page]
        assert mark.a["href"] == f"../changes/index.html#e-2025-09-06-{anchor}"
        assert lands(site / page / "index.html", str(mark.a["href"]))


def test_the_home_page_lists_the_latest_editions_changes(history: Path) -> None:  # noqa: F811
    home = soup(history / "site/index.html")
    box = home.select_one(".key-judgments .latest-edition")
    assert isinstance(box, Tag)
    assert " ".join(box.p.get_text().split()) == (
        "In the edition of 6 September 2025: key judgments revised, 1 source added, 1 person added, 1 renamed, 5 changed, 2 removed.")
    assert box.find("time")["datetime"] == "2025-09-06"
    assert [" ".join(li.get_text().split()) for li in box.select("ul > li")] == [
        "Victory Day parade (confirmed → expected)"]
    more = box.find("a", class_="more")
    assert more["href"] == "changes/index.html#e-2025-09-06" and lands(history / "site/index.html", more["href"])


def test_the_data_file_says_each_items_editions(history: Path) -> None:  # noqa: F811
    data = json.loads((history / "site/data/briefing.json").read_text())
    edition = {item["id"]: item["edition"] for kind in ("articles", "people", "themes", "events", "quotes", "claims")
               for item in data[kind]}
    assert edition["wang-yi"] == {"added": "2025-09-06", "changed": None}
    assert edition["jane-roe"] == {"added": "2025-09-05", "changed": "2025-09-06"}
    assert edition["china-ties-2025"] == {"added": "2025-09-05", "changed": "2025-09-06"}  # renamed: its history kept
    assert edition["kim-jong-un"] == {"added": "2025-09-05", "changed": None}


def test_an_item_not_in_an_edition_yet_says_so_only_with_drafts(history: Path, tmp_path: Path) -> None:  # noqa: F811
    root = tmp_path / "b"
    for f in ("content", "seeds"):
        (root / f).mkdir(parents=True)
        for p in (history / f).rglob("*"):
            if p.is_file():
                (root / p.relative_to(history)).parent.mkdir(parents=True, exist_ok=True)
                (root / p.relative_to(history)).write_bytes(p.read_bytes())
    people = (root / "content/people.yaml").read_text()
    rewrite(root, people=people + NEW_PERSON)
    for args, said in ((("--out", "site"), ("", "")), (("--out", "drafts", "--drafts"), ("Not yet in an edition",))):
        code, _, err = run_build(root, *args, "-q")
        assert (code, err) == (0, ""), err
        got = note(root / args[1], "people/li-qiang/index.html")
        assert got[0] == said[0]
    data = json.loads((root / "site/data/briefing.json").read_text())
    assert next(p for p in data["people"] if p["id"] == "li-qiang")["edition"] is None


def test_history_follows_renames_and_removals() -> None:
    def snap(**items: str) -> Snapshot:
        return Snapshot({"as_of": "2025-09-05"}, {i: Entry("theme", i, {"title": t, "former_ids": f.split()})
                                                  for i, spec in items.items() for t, _, f in [spec.partition("|")]},
                        {})
    def editions_of(named: list[tuple[str, Snapshot]]) -> dict[str, Since]:
        day = VagueDate.parse("2025-09-05")
        return changes.history(changes.steps([Edition(name, day, "", 1, f"{name}.json", s) for name, s in named]))
    got = editions_of([("one", snap(a="A", b="B", c="C")), ("two", snap(a="A", b2="B|b", d="D")),
                       ("three", snap(a="A2", b2="B|b", d="D"))])
    assert {i: (s.added, s.changed) for i, s in got.items()} == {
        "a": ("one", "three"), "b2": ("one", "two"), "d": ("two", "")}


def test_every_item_page_of_the_bundled_briefing_lands_on_its_entry(bundled: tuple[Path, float, str]) -> None:
    site = bundled[0]
    changes = soup(site / "changes/index.html")
    said = 0
    for kind in ("events", "people", "themes", "sources"):
        for page in sorted((site / kind).glob("*/index.html")):
            html = soup(page)
            if html.find("meta", attrs={"http-equiv": "refresh"}):
                continue  # a former address
            for mark in marks(html):
                path, _, fragment = str(mark.a["href"]).partition("#")
                assert (page.parent / path).resolve() == (site / "changes/index.html").resolve()
                entry = changes.find(id=fragment)
                assert isinstance(entry, Tag) and entry.name == "li", (page, fragment)
                assert entry.find_parent("section", class_="edition")["id"] == "e-2025-09-05"
                said += 1
    for page in ("quotes", "claims"):
        for mark in marks(soup(site / page / "index.html")):
            assert lands(site / page / "index.html", str(mark.a["href"]))
            said += 1
    assert said > 20
