"""briefing.feeds: the feeds to follow: /changes/feed.xml (an entry per edition) and a feed per person and theme,
each valid Atom, linked from its page's head, absolute with base_url."""
from __future__ import annotations

import re

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from conftest import SITE, broken_links, make_briefing, run_build, soup
from test_changes import history  # noqa: F401  (the fixture: two editions of the fixture briefing, built)
from test_edition_notes import lands

A = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/briefing/"


@pytest.fixture(scope="module")
def absolute(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = SITE.replace("as_of: 2025-09-05", "as_of: 2025-09-05\nbase_url: https://example.org/briefing")
    root = make_briefing(tmp_path_factory.mktemp("abs-feeds"), site=site)
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    return root / "site"


def follow_feeds(site: Path) -> list[Path]:
    return sorted([*site.glob("people/*/feed.xml"), *site.glob("themes/*/feed.xml")])


def atom(path: Path) -> ET.Element:
    """The feed, after checking it is Atom as feed readers parse it, with the elements RFC 4287 requires."""
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = ET.parse(path).getroot()
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert root.findtext(f"{A}{tag}"), tag
    ids = [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")]
    assert all(ids) and len(ids) == len(set(ids)), ids
    for e in root.findall(f"{A}entry"):
        assert e.findtext(f"{A}title") and e.findtext(f"{A}updated") and e.findtext(f"{A}summary")
        assert e.find(f"{A}link") is not None
    return root


def links(root: ET.Element) -> list[str]:
    return [str(ln.get("href")) for ln in root.iter(f"{A}link")]


def test_the_changes_feed_has_an_entry_per_edition_newest_first(history: Path) -> None:  # noqa: F811
    feed_file = history / "site/changes/feed.xml"
    entries = atom(feed_file).findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == ["Edition of 6 September 2025", "Edition of 5 September 2025"]
    assert [e.findtext(f"{A}updated") for e in entries] == ["2025-09-06T00:00:00Z", "2025-09-05T00:00:00Z"]
    hrefs = [str(e.find(f"{A}link").get("href")) for e in entries]  # type: ignore[union-attr]
    assert hrefs == ["../changes/index.html#e-2025-09-06", "../changes/index.html#e-2025-09-05"]
    assert all(lands(feed_file, h) for h in hrefs)
    summary = entries[0].findtext(f"{A}summary", "")
    assert summary.startswith("Corrections & a new source. Added: source Wang Yi meets Kim, person Wang Yi.")
    assert "Changed: the briefing (as of, key judgment 1)" in summary
    assert ("Removed: event Kim arrives in Beijing (merged into Victory Day parade, where its address leads), person Kim Yo "
            "Jong.") in summary  # merged into the parade: not simply withdrawn


def test_a_follow_feed_holds_the_changes_that_concern_its_item(history: Path) -> None:  # noqa: F811
    site = history / "site"
    feed_file = site / "people/jane-roe/feed.xml"
    entries = atom(feed_file).findall(f"{A}entry")
    titles = [e.findtext(f"{A}title") for e in entries]
    assert "Changed in the edition of 6 September 2025: Jane Roe" in titles
    for e in entries:
        assert lands(feed_file, str(e.find(f"{A}link").get("href")))  # type: ignore[union-attr]
    theme = atom(site / "themes/china-ties-2025/feed.xml").findall(f"{A}entry")
    assert "Renamed in the edition of 6 September 2025: China–North Korea ties" in [
        e.findtext(f"{A}title") for e in theme]
    assert "Changed in the edition of 6 September 2025: Victory Day parade" in [e.findtext(f"{A}title") for e in theme]


def test_each_person_and_theme_feed_holds_exactly_its_events(built: Path) -> None:
    data = json.loads((built / "data/briefing.json").read_text(encoding="utf-8"))
    for kind in ("people", "themes"):
        for item in data[kind]:
            root = atom(built / f"{kind}/{item['id']}/feed.xml")
            got = {str(e.findtext(f"{A}id")).rsplit(":", 1)[1] for e in root.findall(f"{A}entry")}
            assert got == {f"events/{ident}/" for ident in item["events"]}, item["id"]
            assert all((built / kind / item["id"] / href).is_file() for href in links(root))


def test_the_pages_link_their_feeds_in_the_head(history: Path) -> None:  # noqa: F811
    site = history / "site"
    refresh = {"http-equiv": "refresh"}
    moved = {f for f in follow_feeds(site) if soup(f.parent / "index.html").find("meta", attrs=refresh)}
    assert [f.parent.name for f in moved] == ["china-ties"]  # renamed: its feed goes on at the old address
    pages = {"changes/index.html": "changes/feed.xml"} | {
        str(f.parent.relative_to(site) / "index.html"): str(f.relative_to(site)) for f in follow_feeds(site)
        if f not in moved}
    assert len(pages) == 6
    for page, feed in pages.items():
        alternates = soup(site / page).head.find_all("link", rel="alternate",  # type: ignore[union-attr]
                                                     type="application/atom+xml")
        hrefs = [str(ln["href"]) for ln in alternates]
        assert len(hrefs) == 2 and hrefs[0].endswith("feed.xml"), hrefs
        assert ((site / page).parent / hrefs[1]).resolve() == (site / feed).resolve(), page
        atom(site / feed)
    assert broken_links(site) == []


def test_the_feeds_are_absolute_with_base_url(absolute: Path) -> None:
    for feed_file in [absolute / "changes/feed.xml", *follow_feeds(absolute)]:
        root = atom(feed_file)
        assert str(root.findtext(f"{A}id")).startswith(BASE)
        assert all(str(e.findtext(f"{A}id")).startswith(BASE) for e in root.findall(f"{A}entry"))
        assert links(root) and all(h.startswith(BASE) for h in links(root)), links(root)
    assert links(atom(absolute / "changes/feed.xml"))[1] == BASE + "changes/feed.xml"


def test_without_base_url_an_entrys_id_stays_when_the_briefing_moves_on(tmp_path: Path) -> None:
    """A feed reader knows an entry by its id: one made of the as_of would show every old entry as new after each
    edition. Without base_url the ids are tags of the briefing's name."""
    root = make_briefing(tmp_path)

    def ids() -> list[str]:
        assert run_build(root, "--out", "site", "-q")[0] == 0
        return [str(e.findtext(f"{A}id")) for e in ET.parse(root / "site" / "feed.xml").getroot().iter(f"{A}entry")]
    before = ids()
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("as_of: 2025-09-05", "as_of: 2025-10-01"), "utf-8")
    assert ids() == before and "tag:briefing.invalid,2000:test-briefing:events/kim-arrives/" in before


def test_an_event_changed_by_an_edition_is_updated_then(history: Path) -> None:  # noqa: F811
    """A feed reader shows an entry again when its `updated` moves: an event an edition changed (its status, say)
    is dated by that edition, not only by its own date, in the site's feed and in its people's."""
    for feed in ("feed.xml", "people/kim-jong-un/feed.xml"):
        root = ET.parse(history / "site" / feed).getroot()
        updated = {e.findtext(f"{A}title"): e.findtext(f"{A}updated") for e in root.iter(f"{A}entry")}
        assert updated["Victory Day parade"] == "2025-09-06T00:00:00Z", feed  # its date: 3 September
    # a source too (found by a data analyst: a source's correction never surfaced in a feed reader)
    root = ET.parse(history / "site" / "feed.xml").getroot()
    updated = {e.findtext(f"{A}title"): e.findtext(f"{A}updated") for e in root.iter(f"{A}entry")}
    assert updated["Kim arrives in Beijing by train"] == "2025-09-06T00:00:00Z"  # its date: 3 September
    assert updated["Wang Yi meets Kim"] == "2025-09-05T00:00:00Z"  # new in that edition: its own date


def test_an_event_renamed_after_an_edition_changed_it_keeps_that_date(history: Path,  # noqa: F811
                                                                      tmp_path: Path) -> None:
    """Tried with a data consumer's tools: renamed (former_ids kept), the event's entry went back to its own date,
    as the edition's change was found by its old id only."""
    import shutil
    root = tmp_path / "b"
    shutil.copytree(history, root, ignore=shutil.ignore_patterns("site", ".site*"))
    for name in ("events", "quotes", "claims"):  # the id, and every reference to it
        file = root / "content" / f"{name}.yaml"
        text = re.sub(r"(?<![\w-])victory-parade(?![\w-])", "parade-2025", file.read_text(encoding="utf-8"))
        file.write_text(text.replace("- id: parade-2025\n  former_ids: [kim-arrives]\n",
                                     "- id: parade-2025\n  former_ids: [kim-arrives, victory-parade]\n"),
                        encoding="utf-8")
    assert run_build(root, "--out", "site", "-q")[0] == 0
    root_ = ET.parse(root / "site" / "feed.xml").getroot()
    updated = {e.findtext(f"{A}title"): e.findtext(f"{A}updated") for e in root_.iter(f"{A}entry")}
    assert updated["Victory Day parade"] == "2025-09-06T00:00:00Z"


def test_an_editions_note_and_its_changes_read_as_sentences() -> None:
    """A note without its full stop gets one before "Added: …"; a change ending on a quote's stop gets no second."""
    from briefing.feeds import _sentence
    assert _sentence("Week 3: the FA decides") == "Week 3: the FA decides."
    quoted = "Removed: quote Jose Mourinho: “It is pathetic.”"
    assert _sentence(quoted) == quoted
    assert _sentence("Did they meet?") == "Did they meet?"


def test_a_renamed_persons_feed_goes_on_at_the_old_address(tmp_path: Path) -> None:
    """A feed reader subscribed to people/OLD/feed.xml still gets the person's feed after the rename."""
    from conftest import EVENTS, PEOPLE, QUOTES, THEMES
    renamed = {"people": PEOPLE.replace("- id: jane-roe\n", "- id: jane-roe-analyst\n  former_ids: [jane-roe]\n"),
               "quotes": QUOTES.replace("speaker: jane-roe", "speaker: jane-roe-analyst"),
               "events": EVENTS, "themes": THEMES}
    root = make_briefing(tmp_path, **renamed)
    assert run_build(root, "--out", "site", "-q")[0] == 0
    old, new = (root / "site" / "people" / who / "feed.xml" for who in ("jane-roe", "jane-roe-analyst"))
    assert old.read_bytes() == new.read_bytes() and not feedparser.parse(old.read_bytes()).bozo


def test_a_renamed_items_entry_keeps_its_id(tmp_path: Path) -> None:
    """RFC 4287: an entry's id never changes; a renamed event keeps the id of its first address, so that a feed
    reader does not take it for a new entry."""
    from conftest import CLAIMS, EVENTS, QUOTES
    ids = []
    for new in ("victory-parade", "parade-2025"):
        files = {name: text.replace("victory-parade", new) for name, text in
                 (("events", EVENTS), ("quotes", QUOTES), ("claims", CLAIMS))}
        files["events"] = files["events"].replace(f"- id: {new}\n", f"- id: {new}\n  former_ids: [victory-parade]\n"
                                                  if new != "victory-parade" else f"- id: {new}\n")
        root = make_briefing(tmp_path / new, site=SITE + "base_url: https://example.org/b/\n", **files)
        code, _, err = run_build(root, "--out", "site", "-q")
        assert code == 0, err
        feed = atom(root / "site" / "feed.xml")
        ids.append(sorted(e.findtext(f"{A}id", "") for e in feed.findall(f"{A}entry")))
    assert ids[0] == ids[1] and "https://example.org/b/events/victory-parade/" in ids[0]


def test_an_article_of_unknown_date_and_outlet_says_so_in_the_site_feed(built: Path) -> None:
    """Atom wants a date for every entry: one of unknown date has the briefing's, and its summary says that it is
    no date of the article's (it said only its outlet, "unknown")."""
    root = atom(built / "feed.xml")
    summaries = {e.findtext(f"{A}title"): e.findtext(f"{A}summary") for e in root.findall(f"{A}entry")}
    assert summaries["What state radio said"] == "Outlet unknown, date unknown"
    # with the editors' summary (a reader in a feed reader had only "AFP, 3 September 2025" to go by)
    assert summaries["Kim arrives in Beijing"] == "AFP, 3 September 2025. The wire report on the arrival of Kim Jong Un."


def test_every_feed_says_the_briefings_language(tmp_path: Path) -> None:
    """Tried on an Arabic briefing: feed.xml had no xml:lang, so a feed reader set its Arabic titles and summaries
    left to right; the pages say their language (`<html lang>`), the feeds now do too."""
    root = make_briefing(tmp_path, site=SITE + "language: ar\n")
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    site = root / "site"
    for feed in [site / "feed.xml", site / "changes" / "feed.xml", *follow_feeds(site)]:
        assert atom(feed).get("{http://www.w3.org/XML/1998/namespace}lang") == "ar", feed
        assert feedparser.parse(feed.read_bytes()).feed.get("language") == "ar"
