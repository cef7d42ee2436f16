"""What a pasted link shows and what tools read: canonical links, Open Graph and Twitter
cards, and schema.org JSON-LD, built with and without base_url."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import EVENTS, PEOPLE, SITE, make_briefing, run_build

BASE = "https://example.org/briefing/"
HOST = "https://host.invalid/"  # where a site without base_url happens to be served: links resolve against it
RENAMED = EVENTS.replace("  title: Victory Day parade\n", "  title: Victory Day parade\n  former_ids: [parade]\n")


def build(tmp: Path, *args: str, **files: str) -> Path:
    root = make_briefing(tmp, None, **files)
    code, _, err = run_build(root, "--out", "site", *args)
    assert code == 0, err
    return root / "site"


@pytest.fixture(scope="module")
def relative(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("rel"), events=RENAMED)


@pytest.fixture(scope="module")
def absolute(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("abs"), events=RENAMED,
                 site=SITE.replace("as_of: 2025-09-05", f"as_of: 2025-09-05\nbase_url: {BASE}"))


def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> str | None:
    """The content of <meta property=key> or <meta name=key>; None when the page has none."""
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return None if tag is None else str(tag["content"])


def jsonld(page: BeautifulSoup) -> dict[str, Any]:
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].get_text())
    assert isinstance(data, dict)
    return data


def is_redirect(page: BeautifulSoup) -> bool:
    return page.find("meta", attrs={"http-equiv": "refresh"}) is not None


# -- canonical links and previews ------------------------------------------------------------

@pytest.mark.parametrize("which", ["relative", "absolute"])
def test_every_page_has_one_canonical_address_of_its_own(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    seen: dict[str, str] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        page = soup(path)
        links = page.find_all("link", rel="canonical")
        if rel == "404.html":  # served at any address: it has none of its own
            assert links == []
            continue
        assert len(links) == 1, rel
        href = str(links[0]["href"])
        address = urljoin(HOST + rel, href)
        if is_redirect(page):  # a former address names the page it moved to
            assert rel == "events/parade/index.html"
            assert address == (BASE if which == "absolute" else HOST) + "events/victory-parade/" + \
                ("" if which == "absolute" else "index.html")
            continue
        assert address not in seen.values(), (rel, address, seen)
        seen[rel] = address
        if which == "absolute":
            assert href == BASE + rel.removesuffix("index.html"), rel
        else:
            assert not href.startswith(("http:", "https:", "/")) and address == HOST + rel, rel
    assert len(seen) == 18


@pytest.mark.parametrize("which", ["relative", "absolute"])
def test_every_page_has_a_link_preview(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        page = soup(path)
        if is_redirect(page):
            continue  # never shown: browsers and crawlers follow it at once
        title, description = meta(page, "og:title"), meta(page, "og:description")
        assert title and description and title.strip() == title, rel
        assert meta(page, "og:site_name") == "Test Briefing", rel
        assert meta(page, "og:type") in ("article", "profile", "website"), rel
        assert meta(page, "twitter:card") == "summary", rel
        assert (meta(page, "twitter:title"), meta(page, "twitter:description")) == (title, description), rel
        url = meta(page, "og:url")
        if which == "absolute" and rel != "404.html":
            assert url == BASE + rel.removesuffix("index.html"), rel  # absolute, the canonical address
        else:
            assert url is None, rel  # Open Graph wants an absolute address or none


def test_preview_text_and_type_come_from_the_item(relative: Path) -> None:
    event = soup(relative / "events" / "victory-parade" / "index.html")
    assert meta(event, "og:title") == "Victory Day parade"
    assert meta(event, "og:description") == "The parade. See Jane Roe: “The visit changes the calculus completely” " \
                                             "and How many world leaders attended the parade?"
    assert meta(event, "og:type") == "article"
    person = soup(relative / "people" / "kim-jong-un" / "index.html")
    assert (meta(person, "og:type"), meta(person, "og:title")) == ("profile", "Kim Jong Un")
    assert meta(person, "og:description") == "Kim Jong Un, Leader of North Korea. Travelled to Beijing by train."
    source = soup(relative / "sources" / "afp-report" / "index.html")
    assert (meta(source, "og:type"), meta(source, "og:description")) == \
        ("article", "The wire report on the arrival of Kim Jong Un.")
    home = soup(relative / "index.html")
    assert (meta(home, "og:type"), meta(home, "og:title"), meta(home, "og:description")) == \
        ("website", "Test Briefing", "A small briefing built by the tests.")
    missing = soup(relative / "404.html")
    assert (meta(missing, "og:title"), meta(missing, "og:type")) == ("Page not found", "website")


# -- schema.org JSON-LD -----------------------------------------------------------------------

KINDS = {"events": "Event", "people": "Person", "sources": "NewsArticle"}


@pytest.mark.parametrize("which", ["relative", "absolute"])
def test_json_ld_has_the_type_of_each_kind_of_page(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    typed = 0
    for path in sorted(site.rglob("*.html")):
        parts = path.relative_to(site).parts
        page = soup(path)
        if len(parts) == 3 and parts[0] in KINDS and not is_redirect(page):
            data = jsonld(page)
            assert (data["@context"], data["@type"]) == ("https://schema.org", KINDS[parts[0]]), parts
            if which == "absolute":
                assert data["url"] == f"{BASE}{parts[0]}/{parts[1]}/"
            else:
                assert "url" not in data  # schema.org wants absolute addresses: none rather than a relative one
            typed += 1
        elif parts == ("quotes", "index.html"):
            assert [q["@type"] for q in jsonld(page)["@graph"]] == ["Quotation"]
        else:
            assert page.find_all("script", type="application/ld+json") == [], parts
    assert typed == 2 + 4 + 2


def test_json_ld_says_what_the_content_says(absolute: Path) -> None:
    event = jsonld(soup(absolute / "events" / "victory-parade" / "index.html"))
    assert (event["name"], event["startDate"], event["url"]) == \
        ("Victory Day parade", "2025-09-03", BASE + "events/victory-parade/")
    assert event["description"].startswith("The parade. See Jane Roe")
    assert event["location"] == {"@type": "Place", "name": "Beijing"}
    assert [p["name"] for p in event["attendee"]] == ["Kim Jong Un", "Xi Jinping"]
    span = jsonld(soup(absolute / "events" / "kim-arrives" / "index.html"))
    assert (span["startDate"], span["endDate"]) == ("2025-08-31", "2025-09-01")
    person = jsonld(soup(absolute / "people" / "kim-jong-un" / "index.html"))
    assert (person["name"], person["alternateName"], person["jobTitle"], person["description"]) == \
        ("Kim Jong Un", ["Kim Jong-un", "Kim"], "Leader of North Korea", "Travelled to Beijing by train.")
    assert person["nationality"] == {"@type": "Country", "name": "North Korea"}
    article = jsonld(soup(absolute / "sources" / "afp-report" / "index.html"))
    assert (article["headline"], article["publisher"], article["isBasedOn"], article["datePublished"]) == \
        ("Kim arrives in Beijing", {"@type": "Organization", "name": "AFP"}, "https://example.com/afp-report",
         "2025-09-03")
    assert "author" not in article
    unknown = jsonld(soup(absolute / "sources" / "radio-report" / "index.html"))
    assert unknown["author"] == {"@type": "Person", "name": "Jane Roe"}
    for absent in ("publisher", "datePublished", "isBasedOn"):  # outlet, date and address unknown: not invented
        assert absent not in unknown
    [quote] = jsonld(soup(absolute / "quotes" / "index.html"))["@graph"]
    assert quote["text"] == "The visit changes the calculus completely"
    assert quote["spokenByCharacter"] == {"@type": "Person", "name": "Jane Roe", "url": BASE + "people/jane-roe/"}
    assert quote["isPartOf"]["headline"] == "Kim arrives in Beijing"
    assert quote["url"] == BASE + "quotes/#q-roe-calculus"


@pytest.mark.parametrize(("date", "start"), [("2025-09", "2025-09"), ("2025", "2025"), ("1950s", None),
                                             ("~2025-09-03", None), ("~2025", None), ("2025-09-03?", None),
                                             ("2025-09-03~", None), ("2025%", None), ("2025-09/..", None),
                                             ("../2025-09-03", None)])
def test_a_vague_event_date_stays_vague_in_json_ld(tmp_path: Path, date: str, start: str | None) -> None:
    site = build(tmp_path, events=EVENTS.replace("date: 2025-09-03", f"date: '{date}'"))
    data = jsonld(soup(site / "events" / "victory-parade" / "index.html"))
    assert data.get("startDate") == start  # never a made-up day or month


def test_a_script_end_tag_in_content_stays_inside_the_json_ld(tmp_path: Path) -> None:
    evil = "The parade.</script><script>alert(1)</script> & <!-- more"
    site = build(tmp_path,
                 events=EVENTS.replace("summary: The parade. See [[roe-calculus]] and [[how-many-leaders]].",
                                       f"summary: '{evil}'"),
                 people=PEOPLE.replace("summary: Travelled to Beijing by train.", f"summary: '{evil}'"))
    for rel in ("events/victory-parade/index.html", "people/kim-jong-un/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        page = soup(site / rel)
        assert [s.get("src") or s.get("type") for s in page.find_all("script")] == \
            ["application/ld+json", "../../static/theme.js", "../../static/copy.js"], rel
        assert "alert(1)" in str(jsonld(page)["description"])  # still there, as data
        start = html.index('<script type="application/ld+json">')
        body = html[start:html.index("</script>", start)]
        assert "<!--" not in body and "<script" not in body.removeprefix('<script type="application/ld+json">')


def test_json_ld_text_escapes_what_could_end_the_script() -> None:
    from briefing.linked_data import script

    text = script({"name": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><!-- & -->"}
