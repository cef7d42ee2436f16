"""data/briefing.json: valid against its published schema, and in agreement with the pages.

The checks are plain functions returning what is wrong, so the tests at the end can show
they catch a wrong address or a missing item (a mutation check of the checks themselves).
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from bs4 import BeautifulSoup, Tag
from jsonschema import Draft202012Validator

from conftest import (EVENTS, GRADED_ARTICLES, JUDGED_SITE, PROJECT, QUOTES, RESOLVED_CLAIMS, make_briefing,
                      run_build, soup)

SCHEMA = json.loads((PROJECT / "docs" / "schemas" / "briefing.schema.json").read_text(encoding="utf-8"))
TITLES = ".event-title a[href]"  # an event in a list: its title links to it (its summary may link to others)
SECTIONS = {"articles": "sources", "people": "people", "themes": "themes", "events": "events"}


def load(site: Path) -> dict[str, Any]:
    return json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test fixture with a renamed event and quote (former ids) and a draft left out."""
    events = EVENTS.replace("- id: victory-parade\n", "- id: victory-parade\n  former_ids: [parade]\n") + (
        "- id: secret-talks\n  draft: true\n  title: Secret talks\n  date: 2025-09\n  summary: Unconfirmed.\n"
        "  sources:\n    - article: afp-report\n")
    quotes = QUOTES.replace("- id: roe-calculus\n", "- id: roe-calculus\n  former_ids: [calculus]\n")
    root = make_briefing(tmp_path_factory.mktemp("data"), events=events, quotes=quotes)
    code, _, err = run_build(root, "--out", "site", "-q")
    assert (code, err) == (0, "")
    return root / "site"


@pytest.fixture(params=["fixture", "bundled", "uncertain"])
def site(request: pytest.FixtureRequest, fixture_site: Path) -> Path:
    if request.param == "bundled":
        out: Path = request.getfixturevalue("bundled")[0]
        return out
    if request.param == "uncertain":  # every date form of issue 25
        made: Path = request.getfixturevalue("uncertain")
        return made
    return fixture_site


# -- the checks ------------------------------------------------------------------------------

def schema_errors(data: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in Draft202012Validator(SCHEMA).iter_errors(data)]


def urls_in(value: Any, where: str = "$") -> Iterator[tuple[str, str]]:
    """Every site address in the data: each `url` and each of `former_urls`, with where it is."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "url":
                yield f"{where}.url", inner
            elif key == "former_urls":
                yield from ((f"{where}.former_urls[{i}]", u) for i, u in enumerate(inner))
            else:
                yield from urls_in(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from urls_in(inner, f"{where}[{i}]")


class Site:
    """The built pages, parsed once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages: dict[str, BeautifulSoup] = {}

    def page(self, path: str) -> BeautifulSoup | None:
        """The page at a site path ('' for home, 'events/x/'), or None if there is none."""
        if path not in self.pages:
            file = self.root / (path + "index.html" if path == "" or path.endswith("/") else path)
            if not file.is_file():
                return None
            self.pages[path] = soup(file)
        return self.pages[path]

    def is_redirect(self, path: str) -> bool:
        doc = self.page(path)
        return doc is not None and doc.find("meta", attrs={"http-equiv": "refresh"}) is not None

    def section(self, path: str, heading: str) -> Tag | None:
        """A page's <section> labelled by `heading`, or its <main> when `heading` is ''."""
        doc = self.page(path)
        if doc is None:
            return None
        found = doc.find("section", attrs={"aria-labelledby": heading}) if heading else doc.find("main")
        return found if isinstance(found, Tag) else None

    def linked(self, path: str, scope: Tag | None, prefix: str, links: str = "a[href]") -> list[str]:
        """The site paths of the `links` in `scope` on the page at `path` that start with `prefix`."""
        out = []
        for a in scope.select(links) if scope else []:
            target = _site_path(path, str(a["href"]))
            if target.startswith(prefix):
                out.append(target)
        return out


def _site_path(page: str, href: str) -> str:
    """A relative link on the page at `page` as a site path: '../../events/x/index.html' -> 'events/x/'."""
    path, _, fragment = href.partition("#")
    parts = page.split("/")[:-1]
    for piece in path.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    joined = "/".join(parts)
    joined = joined.removesuffix("index.html") if joined.endswith("index.html") else joined
    if not path:
        joined = page
    return joined + (f"#{fragment}" if fragment else "")


def missing_addresses(site: Site, data: dict[str, Any]) -> list[str]:
    """Each url in the data that is not a built page, or an anchor that page lacks."""
    problems = []
    for where, url in urls_in(data):
        path, _, fragment = url.partition("#")
        doc = site.page(path)
        if doc is None:
            problems.append(f"{where}: {url}: no such page")
        elif fragment and doc.find(id=fragment) is None:
            problems.append(f"{where}: {url}: no element with id '{fragment}'")
    return problems


def disagreements(site: Site, data: dict[str, Any]) -> list[str]:
    """Where the data and the pages differ: which items there are, and their back-references."""
    problems = []

    def same(what: str, in_data: list[str] | set[str], on_pages: list[str] | set[str]) -> None:
        if sorted(in_data) != sorted(on_pages):
            problems.append(f"{what}: data {sorted(in_data)} != pages {sorted(on_pages)}")

    # Which items: one page per item (redirects aside), and the index pages list them all.
    for collection, section in SECTIONS.items():
        folder = site.root / section
        pages = {f"{section}/{p.parent.name}/" for p in folder.glob("*/index.html")}
        same(f"{collection} pages", {i["url"] for i in data[collection]},
             {p for p in pages if not site.is_redirect(p)})
        same(f"{collection} former pages", {u for i in data[collection] for u in i["former_urls"]},
             {p for p in pages if site.is_redirect(p)})
    same("timeline", [e["url"] for e in data["events"]],
         site.linked("timeline/", site.section("timeline/", ""), "events/", TITLES))
    for collection, section in (("people", "people"), ("themes", "themes"), ("articles", "sources")):
        index = f"{section}/"
        same(f"{index} index", {i["url"] for i in data[collection]},
             {t for t in site.linked(index, site.section(index, ""), index)
              if not t.startswith(index + "#")} - {index})  # less links within the page (people/#met)
    quotes = site.page("quotes/")
    same("quotes/ page", [q["url"] for q in data["quotes"]],
         [f"quotes/#{f['id']}" for f in quotes.select("figure.quote[id]")] if quotes else [])
    claims = site.page("claims/")
    same("claims/ page", [c["url"] for c in data["claims"]],
         [f"claims/#{s['id']}" for s in claims.select("section.claim[id]")] if claims else [])

    # Back-references: what each page lists is what the data says.
    known = {i["id"]: i["url"] for c in ("articles", "people", "themes", "events", "quotes", "claims") for i in data[c]}

    def url(ident: str) -> str:
        return known.get(ident, f"(no item '{ident}')")
    for p in data["people"]:
        same(f"{p['id']} events", [url(e) for e in p["events"]],
             site.linked(p["url"], site.section(p["url"], "events"), "events/", TITLES))
        same(f"{p['id']} quotes", [url(q) for q in p["quotes"]],  # the quotes, then the paraphrases
             [*site.linked(p["url"], site.section(p["url"], "quotes"), "quotes/#"),
              *site.linked(p["url"], site.section(p["url"], "reported"), "quotes/#")])
        same(f"{p['id']} mentions", [m["url"] for m in p["mentions"]],
             site.linked(p["url"], site.section(p["url"], "mentions"), "sources/"))
    for t in data["themes"]:
        same(f"{t['id']} events", [url(e) for e in t["events"]],
             site.linked(t["url"], site.section(t["url"], "events"), "events/", TITLES))
        same(f"{t['id']} quotes", [url(q) for q in t["quotes"]],
             site.linked(t["url"], site.section(t["url"], "quotes"), "quotes/#"))
    for e in data["events"]:
        same(f"{e['id']} quotes", [url(q) for q in e["quotes"]],
             site.linked(e["url"], site.section(e["url"], "quotes"), "quotes/#"))
        same(f"{e['id']} sources", [s["url"] for s in e["sources"]],
             site.linked(e["url"], site.section(e["url"], "sources"), "sources/"))
    for a in data["articles"]:
        cited = site.section(a["url"], "cited")
        same(f"{a['id']} events", [url(e) for e in a["events"]], site.linked(a["url"], cited, "events/"))
        same(f"{a['id']} claims", [url(c) for c in a["claims"]], site.linked(a["url"], cited, "claims/#"))
    return problems


# -- the tests -------------------------------------------------------------------------------

def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_data_validates_against_the_schema(site: Path) -> None:
    assert schema_errors(load(site)) == []


def test_every_address_in_the_data_is_a_built_page_or_anchor(site: Path) -> None:
    data = load(site)
    assert len(list(urls_in(data))) > 20
    assert missing_addresses(Site(site), data) == []


def test_the_data_and_the_pages_hold_the_same_items_and_back_references(site: Path) -> None:
    assert disagreements(Site(site), load(site)) == []


def test_drafts_are_left_out_and_former_addresses_listed(fixture_site: Path) -> None:
    data = load(fixture_site)
    assert "secret-talks" not in {e["id"] for e in data["events"]}
    parade = next(e for e in data["events"] if e["id"] == "victory-parade")
    assert (parade["former_ids"], parade["former_urls"]) == (["parade"], ["events/parade/"])
    (quote,) = data["quotes"]
    assert quote["former_urls"] == ["quotes/#q-calculus"]
    assert data["redirects"] == {"calculus": "roe-calculus", "parade": "victory-parade"}


def test_back_references_of_the_fixture(fixture_site: Path) -> None:
    data = load(fixture_site)
    by_id = {c: {i["id"]: i for i in data[c]} for c in ("articles", "people", "themes", "events", "quotes", "claims")}
    assert data["version"] == 1 and data["site"]["url"] == ""
    assert data["site"]["links"] == ["kim-jong-un", "china-ties"]
    parade = by_id["events"]["victory-parade"]
    assert parade["quotes"] == ["roe-calculus"]
    assert parade["links"] == ["roe-calculus", "how-many-leaders"]  # the claim its summary discusses
    assert by_id["claims"]["how-many-leaders"]["linked_from"] == ["victory-parade"]
    assert by_id["claims"]["how-many-leaders"]["links"] == ["victory-parade"]
    assert by_id["themes"]["china-ties"]["people"] == ["kim-jong-un", "kim-yo-jong", "xi-jinping"]
    assert by_id["people"]["kim-jong-un"]["linked_from"] == ["site", "afp-report", "kim-yo-jong", "china-ties",
                                                             "kim-arrives"]
    afp, radio = by_id["articles"]["afp-report"], by_id["articles"]["radio-report"]
    assert afp["people"] == ["kim-jong-un", "kim-yo-jong", "jane-roe", "xi-jinping"]
    assert (afp["quotes"], afp["claims"], radio["claims"]) == (["roe-calculus"], ["how-many-leaders"],
                                                               ["how-many-leaders"])
    assert (afp["author_person"], radio["author_person"]) == (None, "jane-roe")
    assert [p["url"] for p in afp["paragraphs"]] == [f"sources/afp-report/#p{n}" for n in (1, 2, 3, 4)]
    # the heading and byline a mention may point at are there, with their words (found by a data analyst: a place
    # "sources/afp-report/#s1" led to words the data did not hold)
    assert afp["headings"] == [{"kind": "heading", "text": "What does it mean?", "url": "sources/afp-report/#s1"}]
    assert [h["kind"] for h in radio["headings"]] == ["byline", "heading"]


# -- the checks catch what they should (mutation checks) ----------------------------------------

def test_a_wrong_address_is_caught(fixture_site: Path) -> None:
    data = load(fixture_site)
    wrong = copy.deepcopy(data)
    wrong["events"][0]["url"] = "events/no-such-event/"
    assert missing_addresses(Site(fixture_site), wrong) == ["$.events[0].url: events/no-such-event/: no such page"]
    wrong = copy.deepcopy(data)
    wrong["quotes"][0]["url"] = "quotes/#q-nothing"
    assert missing_addresses(Site(fixture_site), wrong) == [
        "$.quotes[0].url: quotes/#q-nothing: no element with id 'q-nothing'"]
    wrong = copy.deepcopy(data)
    wrong["people"][0]["mentions"][0]["url"] = "sources/afp-report/#p99"
    assert missing_addresses(Site(fixture_site), wrong) == [
        "$.people[0].mentions[0].url: sources/afp-report/#p99: no element with id 'p99'"]
    wrong = copy.deepcopy(data)
    wrong["events"][0]["url"] = "events/victory-parade/"  # a real page, but another item's
    assert disagreements(Site(fixture_site), wrong)


@pytest.mark.parametrize("collection", ["articles", "people", "themes", "events", "quotes", "claims"])
def test_a_missing_item_is_caught(fixture_site: Path, collection: str) -> None:
    data = copy.deepcopy(load(fixture_site))
    data[collection].pop()
    assert disagreements(Site(fixture_site), data)


def test_a_missing_back_reference_is_caught(fixture_site: Path) -> None:
    for collection, field in (("people", "events"), ("people", "quotes"), ("people", "mentions"),
                              ("themes", "events"), ("events", "sources"), ("articles", "claims")):
        data = copy.deepcopy(load(fixture_site))
        item = next(i for i in data[collection] if i[field])
        item[field].pop()
        assert disagreements(Site(fixture_site), data), (collection, field)


def test_the_schema_refuses_unknown_and_missing_fields(fixture_site: Path) -> None:
    data = copy.deepcopy(load(fixture_site))
    data["events"][0]["colour"] = "red"
    del data["quotes"][0]["url"]
    data["claims"][0]["statements"][0]["paragraph"] = "one"
    assert sorted(schema_errors(data)) == [
        "$.claims[0].statements[0].paragraph: 'one' is not of type 'integer', 'null'",
        "$.events[0]: Unevaluated properties are not allowed ('colour' was unexpected)",
        "$.quotes[0]: 'url' is a required property",
    ]



def test_the_editors_analysis_validates_and_its_slips_are_refused(tmp_path: Path) -> None:
    """Grades, a confidence, settled and superseded claims: valid data, agreeing with the pages; and the schema
    refuses a grade off the scale, a settled claim without its resolution and an open one with one."""
    root = make_briefing(tmp_path, site=JUDGED_SITE, articles=GRADED_ARTICLES, claims=RESOLVED_CLAIMS)
    assert run_build(root, "--out", "site", "-q") == (0, "", "")
    data = load(root / "site")
    assert schema_errors(data) == []
    assert disagreements(Site(root / "site"), data) == []
    wrong = copy.deepcopy(data)
    wrong["articles"][0]["reliability"] = "G"
    wrong["claims"][0]["statements"][0]["credibility"] = 7
    wrong["claims"][0]["resolution"] = "Settled after all."
    wrong["claims"][1]["resolution"] = ""
    wrong["site"]["key_judgment_confidence"][0] = "certain"
    assert sorted(schema_errors(wrong)) == [
        "$.articles[0].reliability: 'G' is not one of ['A', 'B', 'C', 'D', 'E', 'F', None]",
        "$.claims[0].resolution: '' was expected",
        "$.claims[0].statements[0].credibility: 7 is greater than the maximum of 6",
        "$.claims[1].resolution: '' should be non-empty",
        "$.site.key_judgment_confidence[0]: 'certain' is not one of ['low', 'moderate', 'high', None]",
    ]
