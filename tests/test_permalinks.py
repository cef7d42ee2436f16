"""Permalinks that last: an item's address comes from its id, and a renamed id keeps its old
address working (a redirect page, or the old anchor on the quotes and claims pages)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from conftest import (ARTICLES, CLAIMS, EVENTS, PEOPLE, QUOTES, SITE, THEMES, assert_build_fails, http_site,
                      make_briefing, position, run_build, soup)


def with_former(text: str, ident: str, former: str) -> str:
    return text.replace(f"- id: {ident}\n", f"- id: {ident}\n  former_ids: {former}\n")


def build_renamed(tmp_path: Path) -> Path:
    """The fixture with the parade event, the quote and the claim renamed, each keeping its old id."""
    files = {"events": EVENTS, "quotes": QUOTES, "claims": CLAIMS}
    for old, new in (("victory-parade", "beijing-parade"), ("roe-calculus", "roe-changes-calculus"),
                     ("how-many-leaders", "leader-count")):
        files = {name: text.replace(old, new) for name, text in files.items()}
    files["events"] = with_former(files["events"], "beijing-parade", "[victory-parade]")
    files["quotes"] = with_former(files["quotes"], "roe-changes-calculus", "[roe-calculus]")
    files["claims"] = with_former(files["claims"], "leader-count", "[how-many-leaders]")
    root = make_briefing(tmp_path, **files)
    code, _, err = run_build(root, "--out", "site", "-q")
    assert (code, err) == (0, "")
    return root / "site"


def resolve(page: Path, href: str) -> Path:
    """The file a relative link on `page` leads to."""
    target = (page.parent / href.partition("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


def main_links(doc: BeautifulSoup) -> list[str]:
    main = doc.find("main")
    assert isinstance(main, Tag)
    return [str(a["href"]) for a in main.find_all("a")]


def test_the_old_address_of_a_renamed_event_redirects_to_the_new_page(tmp_path: Path) -> None:
    site = build_renamed(tmp_path)
    old = site / "events" / "victory-parade" / "index.html"
    new = site / "events" / "beijing-parade" / "index.html"
    assert new.is_file()
    h1 = soup(new).h1
    assert h1 is not None and h1.get_text() == "Victory Day parade"
    page = soup(old)
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    assert isinstance(refresh, Tag)
    delay, _, url = str(refresh["content"]).partition("; url=")
    assert delay == "0" and resolve(old, url) == new.resolve()
    canonical = page.find_all("link", rel="canonical")
    assert len(canonical) == 1 and resolve(old, str(canonical[0]["href"])) == new.resolve()
    links = main_links(page)
    assert len(links) == 1 and resolve(old, links[0]) == new.resolve()  # a plain link, for when refresh is off
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"}) is not None


def test_a_renamed_quote_and_claim_keep_their_old_anchors_on_the_same_item(tmp_path: Path) -> None:
    site = build_renamed(tmp_path)
    quotes = soup(site / "quotes" / "index.html")
    old_quote = quotes.find(id="q-roe-calculus")
    assert isinstance(old_quote, Tag)
    assert old_quote.find_parent(id="q-roe-changes-calculus") is not None  # the old link lands on the quote
    claims = soup(site / "claims" / "index.html")
    old_claim = claims.find(id="c-how-many-leaders")
    assert isinstance(old_claim, Tag)
    assert old_claim.find_parent(id="c-leader-count") is not None
    # Anchors, not pages: no redirect page is written for quotes or claims.
    assert not (site / "quotes" / "roe-calculus").exists() and not (site / "claims" / "how-many-leaders").exists()


def test_renames_are_in_the_data(tmp_path: Path) -> None:
    site = build_renamed(tmp_path)
    data = json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))
    event = next(e for e in data["events"] if e["id"] == "beijing-parade")
    assert (event["url"], event["former_ids"], event["former_urls"]) == (
        "events/beijing-parade/", ["victory-parade"], ["events/victory-parade/"])
    (quote,) = data["quotes"]
    assert quote["former_urls"] == ["quotes/#q-roe-calculus"]
    (claim,) = data["claims"]
    assert claim["former_urls"] == ["claims/#c-how-many-leaders"]
    assert data["redirects"] == {"how-many-leaders": "leader-count", "roe-calculus": "roe-changes-calculus",
                                 "victory-parade": "beijing-parade"}


def test_a_renamed_person_theme_and_article_redirect_too(tmp_path: Path) -> None:
    renames = {"jane-roe": "jane-roe-analyst", "china-ties": "china-nk-ties", "afp-report": "afp-wire-report"}

    def swap(text: str) -> str:
        for old, new in renames.items():
            text = text.replace(old, new)
        return text

    base = {"site": SITE, "articles": ARTICLES, "people": PEOPLE, "themes": THEMES, "events": EVENTS,
            "quotes": QUOTES, "claims": CLAIMS}
    files: dict[str, str | bytes | None] = {name: swap(text) for name, text in base.items()}
    for name, (old, new) in zip(("people", "themes", "articles"), renames.items()):
        files[name] = with_former(swap(base[name]), new, f"[{old}]")
    root = make_briefing(tmp_path, **files)
    code, _, err = run_build(root, "--out", "site", "-q")
    assert (code, err) == (0, "")
    site = root / "site"
    for section, (old, new) in zip(("people", "themes", "sources"), renames.items()):
        page = site / section / old / "index.html"
        refresh = soup(page).find("meta", attrs={"http-equiv": "refresh"})
        assert isinstance(refresh, Tag)
        target = resolve(page, str(refresh["content"]).partition("; url=")[2])
        assert target == (site / section / new / "index.html").resolve() and target.is_file()


# -- ids that collide with former ids ------------------------------------------------------
# Every address leads to one item: a former id may be neither a current id nor another
# item's former id, nor listed twice.

def test_a_former_id_that_is_another_items_id_fails(tmp_path: Path) -> None:
    events = with_former(EVENTS, "victory-parade", "[kim-arrives]")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'id: victory-parade')}: former id 'kim-arrives' of 'victory-parade' "
        "is already used by 'kim-arrives'; an address can lead to one item only",
        events=events)


def test_a_new_id_that_is_another_items_former_id_fails(tmp_path: Path) -> None:
    """A theme added with the id the parade used to have would take over the parade's old address."""
    events = with_former(EVENTS, "victory-parade", "[parade]")
    themes = THEMES + "- id: parade\n  title: Parades\n  summary: Military parades.\n"
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'id: victory-parade')}: former id 'parade' of 'victory-parade' "
        "is already used by 'parade'; an address can lead to one item only",
        events=events, themes=themes)


def test_a_cross_kind_collision_fails_too(tmp_path: Path) -> None:
    """One namespace: an event may not take over the address a person once had."""
    events = with_former(EVENTS, "victory-parade", "[jane-roe]")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'id: victory-parade')}: former id 'jane-roe' of 'victory-parade' "
        "is already used by 'jane-roe'; an address can lead to one item only",
        events=events)


def test_the_same_former_id_on_two_items_fails(tmp_path: Path) -> None:
    events = with_former(with_former(EVENTS, "kim-arrives", "[parade]"), "victory-parade", "[parade]")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'id: victory-parade')}: former id 'parade' of 'victory-parade' "
        "is already used by 'kim-arrives'; an address can lead to one item only",
        events=events)


def test_circular_former_ids_fail_on_both_items(tmp_path: Path) -> None:
    """Two items each claiming the other's id: neither old address could redirect."""
    events = with_former(with_former(EVENTS, "kim-arrives", "[victory-parade]"), "victory-parade", "[kim-arrives]")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'id: kim-arrives')}: former id 'victory-parade' of 'kim-arrives' "
        "is already used by 'victory-parade'; an address can lead to one item only",
        f"content/events.yaml:{position(events, 'id: victory-parade')}: former id 'kim-arrives' of 'victory-parade' "
        "is already used by 'kim-arrives'; an address can lead to one item only",
        events=events)


def test_an_items_own_id_as_its_former_id_fails(tmp_path: Path) -> None:
    events = with_former(EVENTS, "victory-parade", "[victory-parade]")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'id: victory-parade')}: former id 'victory-parade' of "
        "'victory-parade' is already used by 'victory-parade'; an address can lead to one item only",
        events=events)


def test_a_former_id_listed_twice_fails(tmp_path: Path) -> None:
    events = with_former(EVENTS, "victory-parade", "[parade, parade]")
    assert_build_fails(
        tmp_path,
        f"content/events.yaml:{position(events, 'id: victory-parade')}: former id 'parade' of 'victory-parade' "
        "is already used by 'victory-parade'; an address can lead to one item only",
        events=events)


def test_a_redirect_lands_on_the_clean_address_over_http_and_on_the_file_from_disk(tmp_path: Path,
                                                                                   browser: Any) -> None:
    """Tried by an analyst: followed over http, the redirect landed on .../beijing-parade/index.html, the address a
    reader copies and cites; from disk only the file works. The anchor goes along both ways."""
    site = build_renamed(tmp_path)
    page = browser.new_page()
    with http_site(site) as (base, _):
        page.goto(base + "events/victory-parade/#sources")
        page.wait_for_url(base + "events/beijing-parade/#sources")
    page.goto((site / "events" / "victory-parade" / "index.html").as_uri() + "#sources")
    page.wait_for_url((site / "events" / "beijing-parade" / "index.html").as_uri() + "#sources")
    page.close()


def test_a_link_to_a_quote_no_longer_held_says_so_instead_of_leaving_the_reader_at_the_top(tmp_path: Path,
                                                                                              browser: Any) -> None:
    """Tried by an analyst: /quotes/#q-ID of a withdrawn quote landed at the top of the page with nothing said."""
    site = build_renamed(tmp_path)
    page = browser.new_page()
    quotes = (site / "quotes" / "index.html").as_uri()
    for anchor, said in (("#q-withdrawn-long-ago", True), ("#q-roe-calculus", False), ("#main", False)):
        page.goto(quotes + anchor)
        page.wait_for_load_state("load")
        assert page.is_visible("#anchor_gone") is said, anchor
    page.goto(quotes + "#q-withdrawn-long-ago")
    page.wait_for_load_state("load")
    assert page.inner_text("#anchor_gone code") == "#q-withdrawn-long-ago"
    assert page.locator("#anchor_gone a").count() == 0  # no edition recorded: /changes/ has nothing to say
    assert run_build(site.parent, "edition")[0] == 0 and run_build(site.parent, "--out", "site")[0] == 0
    page.goto((site / "sources" / "afp-report" / "index.html").as_uri() + "#p99")  # a paragraph it lost
    page.wait_for_load_state("load")
    note = page.locator("#anchor_gone")
    assert note.is_visible() and "#p99" in note.inner_text()
    page.click("#anchor_gone a")
    assert page.url.endswith("/changes/index.html")
    page.close()


def test_a_page_holds_no_notice_of_a_missing_anchor_a_text_browser_would_show(built: Path) -> None:
    """Tried in w3m and lynx, which have no `hidden`: every page began "The link you followed leads to , which this
    page does not hold"; the notice is made by copy.js, when the address names an anchor the page lacks."""
    for page in (built / "index.html", built / "quotes" / "index.html"):
        assert "The link you followed" not in page.read_text(encoding="utf-8")


def test_a_malformed_anchor_leaves_the_pages_scripts_working(tmp_path: Path, browser: Any) -> None:
    """"#%E0" cannot be decoded: the notice of a missing anchor must not stop the copy buttons being added."""
    site = build_renamed(tmp_path)
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "events" / "beijing-parade" / "index.html").as_uri() + "#%E0")
    page.wait_for_load_state("load")
    assert errors == [] and page.locator(".copy-button").count() >= 1
    page.close()
