"""briefing.outputs: the Atom feed, the sitemap and the briefing as JSON data."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import GRADED_ARTICLES, JUDGED_SITE, RESOLVED_CLAIMS, SITE, make_briefing, run_build

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
EVENT_IDS = {"kim-arrives", "victory-parade"}
ARTICLE_IDS = {"afp-report", "radio-report"}


@pytest.fixture(scope="module")
def absolute(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture briefing built with base_url in site.yaml."""
    site = SITE.replace("as_of: 2025-09-05", "as_of: 2025-09-05\nbase_url: https://example.org/briefing")
    root = make_briefing(tmp_path_factory.mktemp("abs"), site=site)
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    return root / "site"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with the editors' analysis: a key judgment's confidence, grades, settled and superseded claims."""
    root = make_briefing(tmp_path_factory.mktemp("analysed"), site=JUDGED_SITE, articles=GRADED_ARTICLES,
                         claims=RESOLVED_CLAIMS)
    code, _, err = run_build(root, "--out", "site")
    assert (code, err) == (0, "")
    return root / "site"


def test_feed_is_atom_with_the_key_judgments_then_one_entry_per_event_and_article(built: Path) -> None:
    feed = ET.parse(built / "feed.xml").getroot()
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}title") == "Test Briefing"
    assert feed.findtext(f"{A}updated") == "2025-09-05T00:00:00Z"
    judgments, *entries = feed.findall(f"{A}entry")
    assert judgments.findtext(f"{A}title") == "Key judgments"
    assert judgments.find(f"{A}link").get("href") == "index.html"  # type: ignore[union-attr]
    links = [e.find(f"{A}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert sorted(links) == sorted([f"events/{i}/index.html" for i in EVENT_IDS]
                                   + [f"sources/{i}/index.html" for i in ARTICLE_IDS])
    ids = [e.findtext(f"{A}id") for e in [judgments, *entries]]
    assert len(set(ids)) == len(ids) == 5
    for entry in entries:
        assert entry.findtext(f"{A}title")
        assert entry.findtext(f"{A}updated", "").endswith("T00:00:00Z")
    titles = {e.findtext(f"{A}title"): e for e in entries}
    assert titles["Victory Day parade"].findtext(f"{A}summary") == (  # its dates and summary, as words
        "3 September 2025. The parade. See Jane Roe: “The visit changes the calculus completely” and How many world "
        "leaders attended the parade?")


def test_feed_links_resolve_from_the_site_root(built: Path) -> None:
    feed = ET.parse(built / "feed.xml").getroot()
    for link in feed.iter(f"{A}link"):
        assert (built / link.get("href", "")).is_file(), link.get("href")


def test_feed_with_base_url_is_absolute(absolute: Path) -> None:
    feed = ET.parse(absolute / "feed.xml").getroot()
    assert feed.findtext(f"{A}id") == "https://example.org/briefing/"
    self_link = [ln for ln in feed.findall(f"{A}link") if ln.get("rel") == "self"]
    assert [ln.get("href") for ln in self_link] == ["https://example.org/briefing/feed.xml"]
    hrefs = [e.find(f"{A}link").get("href") for e in feed.findall(f"{A}entry")]  # type: ignore[union-attr]
    assert "https://example.org/briefing/events/victory-parade/" in hrefs
    assert all(h.startswith("https://example.org/briefing/") for h in hrefs)


def test_without_base_url_there_is_no_sitemap_and_robots_names_none(built: Path) -> None:
    assert not (built / "sitemap.xml").exists()  # the protocol wants absolute addresses
    assert (built / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"


def test_sitemap_lists_every_page_but_404_and_robots_names_it(absolute: Path) -> None:
    root = ET.parse(absolute / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    locs = [u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")]
    pages = sorted("https://example.org/briefing/" + p.relative_to(absolute).as_posix().removesuffix("index.html")
                   for p in absolute.rglob("*.html") if p.name != "404.html")
    assert sorted(locs) == pages  # type: ignore[type-var]
    assert "Sitemap: https://example.org/briefing/sitemap.xml" in \
        (absolute / "robots.txt").read_text(encoding="utf-8").splitlines()


def test_sitemap_with_base_url_is_absolute(absolute: Path) -> None:
    root = ET.parse(absolute / "sitemap.xml").getroot()
    locs = {u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")}
    assert "https://example.org/briefing/" in locs
    assert "https://example.org/briefing/people/kim-jong-un/" in locs
    assert all(loc and loc.startswith("https://example.org/briefing/") for loc in locs)


def test_json_lists_every_item_with_its_url(built: Path) -> None:
    data = json.loads((built / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert data["site"]["title"] == "Test Briefing"
    assert data["site"]["as_of"] == "2025-09-05"
    urls = {c: {i["id"]: i["url"] for i in data[c]} for c in
            ("articles", "people", "themes", "events", "quotes", "claims")}
    assert urls == {
        "articles": {"afp-report": "sources/afp-report/", "radio-report": "sources/radio-report/"},
        "people": {"kim-jong-un": "people/kim-jong-un/", "kim-yo-jong": "people/kim-yo-jong/",
                   "xi-jinping": "people/xi-jinping/", "jane-roe": "people/jane-roe/"},
        "themes": {"china-ties": "themes/china-ties/"},
        "events": {"kim-arrives": "events/kim-arrives/", "victory-parade": "events/victory-parade/"},
        "quotes": {"roe-calculus": "quotes/#q-roe-calculus"},
        "claims": {"how-many-leaders": "claims/#c-how-many-leaders"},
    }
    for items in urls.values():
        for url in items.values():
            assert (built / url.partition("#")[0] / "index.html").is_file()


def test_json_back_references_and_locations(built: Path) -> None:
    data = json.loads((built / "data" / "briefing.json").read_text(encoding="utf-8"))
    (quote,) = data["quotes"]
    assert quote["source"] == {"article": "afp-report", "paragraph": 3, "url": "sources/afp-report/#p3"}
    people = {p["id"]: p for p in data["people"]}
    assert people["kim-jong-un"]["events"] == ["kim-arrives", "victory-parade"]
    assert people["jane-roe"]["quotes"] == ["roe-calculus"]
    assert [m["url"] for m in people["kim-jong-un"]["mentions"]] == ["sources/afp-report/#p1",
                                                                     "sources/afp-report/#p2"]
    events = {e["id"]: e for e in data["events"]}
    assert events["kim-arrives"]["date"]["label"] == "31 August 2025"
    assert events["kim-arrives"]["end"]["text"] == "2025-09-01"
    assert events["victory-parade"]["sources"][0]["url"] == "sources/radio-report/#p1"
    articles = {a["id"]: a for a in data["articles"]}
    assert [p["n"] for p in articles["afp-report"]["paragraphs"]] == [1, 2, 3, 4]
    assert articles["radio-report"]["published"] is None
    (claim,) = data["claims"]
    assert [s["url"] for s in claim["statements"]] == ["sources/afp-report/#p1", "sources/radio-report/#p1"]


def test_the_feed_carries_each_key_judgment_with_its_confidence(analysed: Path, built: Path) -> None:
    """One entry, "Key judgments", each with the editors' confidence where stated, as feed readers parse it."""
    import feedparser
    feed = feedparser.parse((analysed / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    entry = feed.entries[0]
    assert entry.title == "Key judgments"
    # without base_url, an id of the briefing's name: not of its as_of, which moves with every edition
    assert entry.id == "tag:briefing.invalid,2000:test-briefing:#kj" and entry.updated == "2025-09-05T00:00:00Z"
    assert entry.summary == ("1. Kim Jong Un went to Beijing to mend ties.\n"
                             "2. Ties with China matter most (see the theme). (moderate confidence)")
    (content,) = entry.content
    html = BeautifulSoup(content.value, "html.parser")
    assert [(" ".join(li.get_text().split()), [s.get_text() for s in li.find_all("strong")])
            for li in html.find_all("li")] == [
        ("Kim Jong Un went to Beijing to mend ties.", []),
        ("Ties with China matter most (see the theme). Moderate confidence", ["Moderate confidence"])]
    assert "ICD 203" in html.p.get_text()  # type: ignore[union-attr]
    plain = feedparser.parse((built / "feed.xml").read_bytes()).entries[0]
    assert "confidence" not in plain.summary and BeautifulSoup(plain.content[0].value, "html.parser").p is None


def test_the_data_carries_the_editors_analysis(analysed: Path, built: Path) -> None:
    data = json.loads((analysed / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert data["format_version"] == 9
    assert data["site"]["key_judgments"] == ["[[kim-jong-un]] went to Beijing to mend ties.",
                                             "Ties with China matter most ([[china-ties|see the theme]])."]
    assert data["site"]["key_judgment_confidence"] == [None, "moderate"]
    assert {a["id"]: a["reliability"] for a in data["articles"]} == {"afp-report": "B", "radio-report": None}
    assert [(c["id"], c["status"], c["resolution"], [s["credibility"] for s in c["statements"]])
            for c in data["claims"]] == [
        ("how-many-leaders", "open", "", [None, 2]),
        ("banquet", "settled", "Settled by [[radio-report]] ¶1, which says so in as many words.", [6, None]),
        ("rare-trip", "superseded", "Overtaken by his arrival ([[kim-arrives]]).", [None, None])]
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["banquet"]["links"] == ["radio-report"] and claims["rare-trip"]["links"] == ["kim-arrives"]
    plain = json.loads((built / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert plain["site"]["key_judgment_confidence"] == [None, None]
    assert [(c["status"], c["resolution"]) for c in plain["claims"]] == [("open", "")]


def test_the_data_written_in_parts_is_one_compact_json_document(built: Path) -> None:
    """data/briefing.json is made and written an item at a time; it must read as the one
    document json.dumps would have written."""
    text = (built / "data" / "briefing.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    assert text == json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert list(doc) == ["version", "format_version", "site", "articles", "people", "themes", "events", "quotes",
                         "claims", "redirects", "editions"]
    assert all(isinstance(doc[k], list) and doc[k] for k in ("articles", "people", "themes", "events", "quotes"))


def test_the_feed_dates_a_vague_date_by_its_earliest_day_with_its_words(uncertain: Path) -> None:
    """Atom wants an instant: a date's earliest day (an open start's end's, where it sorts), the words in the
    summary; newest first, in the one order of events (`model.chronological`: an open end after a closed one)."""
    feed = ET.parse(uncertain / "feed.xml").getroot()
    entries = {e.findtext(f"{A}id", "").rsplit(":", 1)[1]: e for e in feed.findall(f"{A}entry")}
    events = [(e.findtext(f"{A}title"), e.findtext(f"{A}updated"),
               f"{e.findtext(f'{A}summary', '').split('. ', 1)[0]}. {e.findtext(f'{A}title')}")  # its dates' words
              for key, e in entries.items() if key.startswith("events/")]
    assert events == [
        ("Victory Day parade", "2025-09-03T00:00:00Z", "3 September 2025. Victory Day parade"),
        ("Kim arrives in Beijing", "2025-08-31T00:00:00Z", "31 August – 1 September 2025. Kim arrives in Beijing"),
        ("Sanctions bite", "2019-01-01T00:00:00Z", "since January 2019. Sanctions bite"),
        ("Talks", "2019-01-01T00:00:00Z", "probably January 2019 – March 2019. Talks"),
        ("Meeting", "2018-03-05T00:00:00Z", "probably 5 March 2018 – about 6 March 2018. Meeting"),
        ("Visit", "2018-01-01T00:00:00Z", "probably about 2018. Visit"),
        ("Handover", "2011-01-01T00:00:00Z", "by 2011. Handover"),
    ]
    radio = entries["sources/radio-report/"]
    assert (radio.findtext(f"{A}updated"), radio.findtext(f"{A}summary")) == (
        "2025-09-04T00:00:00Z", "Outlet unknown, by 4 September 2025")
    import feedparser
    assert not feedparser.parse((uncertain / "feed.xml").read_bytes()).bozo


def test_the_data_gives_each_date_its_form_words_and_days(uncertain: Path) -> None:
    data = json.loads((uncertain / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert data["format_version"] == 9
    events = {e["id"]: (e["date"], e["end"]) for e in data["events"]}
    assert [e["id"] for e in data["events"]] == ["handover", "visit", "meeting", "talks", "sanctions", "kim-arrives",
                                                 "victory-parade"]
    assert events["sanctions"] == ({
        "text": "2019-01/..", "label": "since January 2019", "precision": "month", "approximate": False,
        "uncertain": False, "open": "end", "edtf": "2019-01/..", "earliest": "2019-01-01", "latest": None}, None)
    assert events["handover"][0] == {
        "text": "../2011", "label": "by 2011", "precision": "year", "approximate": False, "uncertain": False,
        "open": "start", "edtf": "../2011", "earliest": None, "latest": "2011-12-31"}
    # a range written in one field is the same as date and end
    assert [(d["text"], d["label"], d["uncertain"], d["earliest"], d["latest"]) for d in events["talks"]] == [
        ("2019-01?", "probably January 2019", True, "2019-01-01", "2019-01-31"),
        ("2019-03", "March 2019", False, "2019-03-01", "2019-03-31")]
    assert [(d["text"], d["edtf"], d["approximate"], d["uncertain"]) for d in events["meeting"]] == [
        ("2018-03-05?", "2018-03-05?", False, True), ("~2018-03-06", "2018-03-06~", True, False)]
    assert events["visit"][0]["text"] == "2018%" and events["visit"][0]["label"] == "probably about 2018"
    radio = next(a for a in data["articles"] if a["id"] == "radio-report")
    assert (radio["published"]["text"], radio["published"]["earliest"], radio["published"]["latest"]) == (
        "../2025-09-04", None, "2025-09-04")


def test_an_article_save_remakes_what_reads_the_article_files_only(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Each output is keyed by what it is made of: the feeds that follow a person, a theme or the editions read no
    article file, so a paragraph added to an article leaves them unmade, and the citation files too unless a cited
    paragraph moved; the data file, which holds the text, is made again."""
    from briefing import feeds, outputs, parallel
    from briefing.cache import Cache
    from briefing.pipeline import Options, Paths, build
    from conftest import STATIC, TEMPLATES
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)  # one process: every job is made here, and counted
    made: list[str] = []
    for module, name in ((feeds, "follow_feeds"), (feeds, "changes_feed"), (outputs, "data_parts"),
                         (outputs, "csl_json")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda r, real=real, name=name: made.append(name) or real(r))
    root = make_briefing(tmp_path)
    paths = Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root)
    cache = Cache()
    build(paths, Options(), cache)
    assert sorted(made) == ["changes_feed", *["csl_json"] * 6, "data_parts", "follow_feeds"]
    made.clear()
    seed = root / "seeds" / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA paragraph added by the test.\n", encoding="utf-8")
    build(paths, Options(), cache)
    assert made == ["data_parts"]  # nor the citation files: no cited paragraph moved
    data = json.loads((root / "site" / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert any(p["text"] == "A paragraph added by the test." for a in data["articles"] for p in a["paragraphs"])
    made.clear()
    seed.write_text("A paragraph before them all.\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    build(paths, Options(), cache)  # every paragraph of the article one further: what cites them says so
    assert sorted(made) == [*["csl_json"] * 6, "data_parts"]


def test_the_feed_gives_the_latest_events_and_the_newest_sources(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Tried on 2,000 articles: the feed held every event and source, 2,501 entries and 910 KB that a feed reader
    polls whole, the sources in the editors' order; it gives the latest FEED_MOST of each (here 1)."""
    from briefing import outputs
    monkeypatch.setattr(outputs, "FEED_MOST", 1)
    root = make_briefing(tmp_path)
    assert run_build(root, "--out", "site")[0] == 0
    entries = ET.parse(root / "site" / "feed.xml").getroot().findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries] == ["Key judgments", "Victory Day parade",
                                                          "Kim arrives in Beijing"]  # the dated source, not radio's
