"""What a pasted link shows and what tools read: canonical links, Open Graph and
Twitter cards, schema.org JSON-LD, citations and the anchors worth citing."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import EVENTS, SITE, make_briefing, run_build

BASE = "https://example.org/briefing/"


def build(tmp: Path, **files: str) -> Path:
    root = make_briefing(tmp, **files)
    code, _, err = run_build(root, "--out", "site")
    assert code == 0, err
    return root / "site"


@pytest.fixture(scope="module")
def relative(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("rel"))


@pytest.fixture(scope="module")
def absolute(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("abs"), site=SITE.replace("as_of: 2025-09-05",
                                                                   f"as_of: 2025-09-05\nbase_url: {BASE}"))


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return str(tag["content"]) if tag else ""


def jsonld(page: BeautifulSoup) -> dict[str, object]:
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("which", ["relative", "absolute"])
def test_every_page_has_one_unique_canonical_address_and_a_preview(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    canonical: dict[str, str] = {}
    for path in pages(site):
        rel = path.relative_to(site).as_posix()
        page = soup(path)
        links = page.find_all("link", rel="canonical")
        if rel == "404.html":  # served at any address: it has none of its own
            assert links == []
        else:
            assert len(links) == 1, rel
            address = urljoin(f"https://host.invalid/{rel}", str(links[0]["href"]))
            if page.find("meta", attrs={"http-equiv": "refresh"}) is None:
                assert address not in canonical.values(), (rel, address)
                canonical[rel] = address
                if which == "absolute":
                    assert address == BASE + rel.removesuffix("index.html"), rel
                else:
                    assert address == f"https://host.invalid/{rel}", rel
        if page.find("meta", attrs={"http-equiv": "refresh"}) is not None:
            continue  # a redirect page: its canonical link names the new page
        assert meta(page, "og:title") and meta(page, "og:description"), rel
        assert meta(page, "twitter:card") == "summary" and meta(page, "twitter:title") == meta(page, "og:title")
        og_url = meta(page, "og:url")
        assert (og_url == canonical.get(rel, og_url)) if which == "absolute" else og_url == "", rel
    assert len(canonical) > 10


def test_preview_text_comes_from_the_item(relative: Path) -> None:
    page = soup(relative / "events" / "victory-parade" / "index.html")
    assert meta(page, "og:title") == "Victory Day parade"
    assert meta(page, "og:description").startswith("The parade.")
    assert meta(page, "og:type") == "article"
    assert meta(soup(relative / "people" / "kim-jong-un" / "index.html"), "og:type") == "profile"
    assert meta(soup(relative / "index.html"), "og:type") == "website"


def test_json_ld_names_the_right_types(absolute: Path) -> None:
    event = jsonld(soup(absolute / "events" / "victory-parade" / "index.html"))
    assert (event["@context"], event["@type"], event["name"]) == ("https://schema.org", "Event", "Victory Day parade")
    assert event["startDate"] == "2025-09-03" and event["url"] == BASE + "events/victory-parade/"
    assert event["location"] == {"@type": "Place", "name": "Beijing"}
    span = jsonld(soup(absolute / "events" / "kim-arrives" / "index.html"))
    assert (span["startDate"], span["endDate"]) == ("2025-08-31", "2025-09-01")
    person = jsonld(soup(absolute / "people" / "kim-jong-un" / "index.html"))
    assert (person["@type"], person["name"], person["alternateName"]) == ("Person", "Kim Jong Un", ["Kim Jong-un", "Kim"])
    article = jsonld(soup(absolute / "sources" / "afp-report" / "index.html"))
    assert (article["@type"], article["publisher"], article["sameAs"], article["datePublished"]) == \
        ("NewsArticle", {"@type": "Organization", "name": "AFP"}, "https://example.com/afp-report", "2025-09-03")
    unknown = jsonld(soup(absolute / "sources" / "radio-report" / "index.html"))
    assert "publisher" not in unknown and "datePublished" not in unknown  # outlet and date unknown: not invented
    quotes = jsonld(soup(absolute / "quotes" / "index.html"))
    graph = quotes["@graph"]
    assert isinstance(graph, list) and [q["@type"] for q in graph] == ["Quotation"]
    assert graph[0]["text"] == "The visit changes the calculus completely"
    assert graph[0]["spokenByCharacter"]["name"] == "Jane Roe"
    assert graph[0]["url"] == BASE + "quotes/#q-roe-calculus"


def test_vague_dates_stay_vague_in_json_ld(tmp_path: Path) -> None:
    events = EVENTS.replace("date: 2025-09-03", "date: 2025-09").replace("date: 2025-08-31\n  end: 2025-09-01",
                                                                        "date: ~2025-08-31")
    site = build(tmp_path, events=events)
    assert jsonld(soup(site / "events" / "victory-parade" / "index.html"))["startDate"] == "2025-09"
    assert "startDate" not in jsonld(soup(site / "events" / "kim-arrives" / "index.html"))  # ~: no made-up day


def test_a_script_end_tag_in_content_cannot_leave_the_json_ld(tmp_path: Path) -> None:
    evil = 'The parade.</script><script>alert(1)</script> & <!-- more'
    site = build(tmp_path, events=EVENTS.replace(
        "summary: The parade. See [[roe-calculus]] and [[how-many-leaders]].", f"summary: '{evil}'"))
    page = soup(site / "events" / "victory-parade" / "index.html")
    assert [s.get("src") or s.get("type") for s in page.find_all("script")] == \
        ["application/ld+json", "../../static/theme.js", "../../static/copy.js"]
    assert "alert(1)" in str(jsonld(page)["description"])  # still there, as data


def test_json_ld_text_escapes_what_could_end_the_script() -> None:
    from briefing.linked_data import script

    text = script({"name": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><!-- & -->"}


def test_cite_blocks_give_title_briefing_date_and_permalink(relative: Path, absolute: Path) -> None:
    cite = soup(absolute / "events" / "victory-parade" / "index.html").select_one("section.cite .cite-text")
    assert cite is not None
    assert cite.get_text() == ("Victory Day parade (3 September 2025). In: Test Briefing, briefing as of "
                               f"5 September 2025. {BASE}events/victory-parade/")
    person = soup(relative / "people" / "kim-jong-un" / "index.html").select_one("section.cite .cite-text")
    assert person is not None and person.get_text() == ("Kim Jong Un, Leader of North Korea. In: Test Briefing, "
                                                         "briefing as of 5 September 2025. people/kim-jong-un/")
    quote = soup(absolute / "quotes" / "index.html").select_one("#q-roe-calculus .cite-text")
    assert quote is not None and quote.get_text() == (
        "Jane Roe: “The visit changes the calculus completely”. In: Test Briefing, briefing as of 5 September 2025. "
        f"{BASE}quotes/#q-roe-calculus")


def test_sections_and_quotes_have_links_to_themselves(relative: Path) -> None:
    for rel in ("events/victory-parade/index.html", "people/kim-jong-un/index.html"):
        page = soup(relative / rel)
        headings = page.select("main h2[id]")
        assert headings, rel
        for h in headings:
            if h["id"] in ("cite", "notes"):
                continue
            link = h.find("a", class_="anchor")
            assert link is not None and link["href"] == f"#{h['id']}" and link.get("aria-label"), (rel, h["id"])
    quotes = soup(relative / "quotes" / "index.html")
    assert quotes.select_one('#q-roe-calculus a.anchor[href="#q-roe-calculus"]') is not None


def test_anchor_and_citation_copy_in_a_browser(relative: Path) -> None:
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(relative)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
            page = context.new_page()
            page.goto(base + "events/victory-parade/")
            anchor = page.locator("h2#sources a.anchor")
            assert anchor.evaluate("a => getComputedStyle(a).opacity") == "0"  # hidden until wanted
            page.keyboard.press("Tab")
            anchor.focus()
            assert anchor.evaluate("a => getComputedStyle(a).opacity") == "1"  # shown on keyboard focus
            anchor.click()
            page.wait_for_function("navigator.clipboard.readText().then(t => t.endsWith('#sources'))")
            assert page.evaluate("navigator.clipboard.readText()") == base + "events/victory-parade/#sources"
            assert page.url.endswith("#sources")  # and the link still does what a link does
            page.get_by_role("button", name="Copy citation").click()
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied == page.locator("section.cite .cite-text").inner_text().strip()
            assert page.get_by_role("button", name="Copied").is_visible()
            browser.close()
    finally:
        server.shutdown()
