"""/quotes/ (quotes_page.py, static/quotes.js): every quote grouped by speaker at its permanent anchor without
scripts; with them, filters by kind of speaker, theme, event, source and speaker, kept in the address, and the
list a page at a time; a link to a quote shows it and who speaks. The facets' results are checked against the
same filters worked out in Python from data/briefing.json, and the one rule for a quote's themes against the theme
pages, the search index and the data."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from bs4 import Tag

from conftest import ARTICLES, EVENTS, PROJECT, QUOTES, THEMES, make_briefing, run_build, soup
from test_quality import AXE
from test_search import Index

FACETS = ("kind", "theme", "event", "source", "speaker")
PAGE = 50  # quotes_page.PAGE_SIZE: what a reader sees first
MANY = 120  # the generated briefing's quotes (the fixture's one and MANY - 1 more): more than two pages
SPEAKERS = ("jane-roe", "kim-jong-un", "kim-yo-jong", "xi-jinping")


def load(site: Path) -> dict[str, Any]:
    return json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def office(person: dict[str, Any]) -> str:
    """A speaker's role with their institution, as a quote card should name them."""
    role, affiliation = person["role"], person["affiliation"] or ""
    return f"{role}, {affiliation}" if affiliation and affiliation not in role else role


def values(data: dict[str, Any], quote: dict[str, Any]) -> dict[str, set[str]]:
    """What each filter matches a quote on, worked out from the data file alone."""
    kind = {p["id"]: p["kind"] for p in data["people"]}[quote["speaker"]]
    return {"kind": {kind}, "theme": set(quote["themes"]), "event": set(quote["events"]),
            "source": {quote["source"]["article"]}, "speaker": {quote["speaker"]}}


def expected(data: dict[str, Any], order: list[str], chosen: dict[str, str]) -> list[str]:
    """The anchors the filters keep, in the page's order (the list as it is without scripts)."""
    by_anchor = {f"q-{q['id']}": q for q in data["quotes"]}
    return [a for a in order if all(v in values(data, by_anchor[a])[k] for k, v in chosen.items() if v)]


def order_of(site: Path) -> list[str]:
    return [str(f["id"]) for f in soup(site / "quotes" / "index.html").select("main figure.quote")]


@pytest.fixture(scope="module")
def site(bundled: tuple[Path, float, str]) -> Path:
    return bundled[0]


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture briefing with MANY quotes, all but one from one article: four speakers, two themes, some quotes
    on an event."""
    text = "\n\n".join(f"Remark number {n} was about the plan for stage {n} in full." for n in range(1, MANY))
    quotes = QUOTES + "".join(
        f"- id: remark-{n}\n  speaker: {SPEAKERS[n % 4]}\n  text: number {n} was about the plan for stage {n}\n"
        f"  source: {{article: plan}}\n  themes: [{'china-ties' if n % 3 else 'planning'}]\n"
        + ("  events: [victory-parade]\n" if n % 5 == 0 else "") for n in range(1, MANY))
    root = make_briefing(
        tmp_path_factory.mktemp("many"), quotes=quotes,
        articles=ARTICLES + "- id: plan\n  file: plan.txt\n  title: The plan\n  outlet: AFP\n  published: 2025-09-04\n",
        themes=THEMES + "- id: planning\n  title: Planning\n  summary: Plans.\n", files={"seeds/plan.txt": text})
    code, _, err = run_build(root, "--out", "site", "-q")
    assert (code, err) == (0, "")
    return root / "site"


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def shown(page: Any) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(".q-item:not([hidden]) figure.quote", "fs => fs.map(f => f.id)")
    return ids


def chosen_in(page: Any) -> dict[str, str]:
    return {name: page.input_value(f"#quotes_{name}") for name in FACETS}


# -- without scripts ----------------------------------------------------------------------------


def test_without_scripts_every_quote_is_listed_grouped_by_speaker(site: Path) -> None:
    data, page = load(site), soup(site / "quotes" / "index.html")
    people = {p["id"]: p for p in data["people"]}
    main = page.find("main")
    assert isinstance(main, Tag)
    form = main.find("form", id="quotes_filter")
    assert isinstance(form, Tag) and form.has_attr("hidden")  # only scripts show the filters
    assert not main.select("[hidden] figure.quote, figure.quote[hidden]")
    groups = main.select("section.q-group")
    speakers = [str(s.h2.a["href"]).split("/")[-2] for s in groups if s.h2 and s.h2.a]
    assert speakers == sorted(dict.fromkeys(speakers), key=lambda p: people[p]["name"])  # one group each, by name
    by_quote = {f"q-{q['id']}": q["speaker"] for q in data["quotes"]}
    for section, speaker in zip(groups, speakers):
        assert section.h2 is not None and section.h2.small is not None
        assert section.h2.small.get_text() == office(people[speaker])
        assert {by_quote[str(f["id"])] for f in section.select("figure.quote")} == {speaker}
    assert sorted(order_of(site)) == sorted(by_quote)
    cited = {line.split("#", 1)[1] for line in (PROJECT / "content" / "published.txt").read_text().splitlines()
             if line.startswith("/quotes/#")}
    anchors = {str(t["id"]) for t in main.find_all(id=True)}
    assert cited and cited <= anchors  # every anchor analysts cite lands on this page


def test_each_quote_holds_what_the_filters_match_on(site: Path) -> None:
    data = load(site)
    items = soup(site / "quotes" / "index.html").select("main .q-item")
    by_anchor = {f"q-{q['id']}": q for q in data["quotes"]}
    assert len(items) == len(data["quotes"])
    for item in items:
        figure = item.find("figure")
        assert isinstance(figure, Tag)
        held = {name: set(str(item.get(f"data-{name}", "")).split()) for name in FACETS}
        assert held == values(data, by_anchor[str(figure["id"])])


def test_every_quote_card_names_its_speaker_with_their_office(site: Path) -> None:
    data = load(site)
    people = {p["id"]: p for p in data["people"]}
    speaker = {q["id"]: people[q["speaker"]] for q in data["quotes"]}
    affiliated = [p for p in people.values() if p["affiliation"] and p["affiliation"] not in p["role"]]
    seen: set[str] = set()
    for path in [site / "quotes" / "index.html", *(site / "themes").glob("*/index.html"),
                 *(site / "events").glob("*/index.html")]:
        for figure in soup(path).select("main figure.quote"):
            link = figure.select_one("a.permalink, a.anchor")
            assert link is not None
            ident = str(link["href"]).split("#q-", 1)[1]
            person = speaker[ident]
            line = figure.select_one(".speaker")
            assert line is not None, f"{path}: {ident} does not say who speaks"
            assert " ".join(line.get_text().split()) == f"— {person['name']}, {office(person)}"
            seen.add(person["id"])
    assert affiliated and {p["id"] for p in affiliated} & seen  # an institution is shown, not the role alone


# -- the one rule for a quote's themes ----------------------------------------------------------


def test_theme_page_search_and_data_list_the_same_quotes_for_a_theme(site: Path) -> None:
    data, index = load(site), Index.from_site(site)
    postings = index.postings()
    curated = {q["id"]: q for q in _yaml("quotes")}
    items = soup(site / "quotes" / "index.html").select("main .q-item")
    assert {q["id"]: q["themes"] for q in data["quotes"]} == {q["id"]: curated[q["id"]].get("themes", [])
                                                               for q in data["quotes"]}  # the editors' own
    counts = []
    for theme in data["themes"]:
        t = theme["id"]
        rule = {q["id"] for q in data["quotes"] if t in q["themes"]}
        page = {str(a["href"]).split("#q-", 1)[1]
                for a in soup(site / "themes" / t / "index.html").select("main figure.quote a.permalink")}
        records = [index.record(n) for n in postings.get(f"@t:{t}", [])]
        found = {r["url"].split("#q-", 1)[1] for r in records if r["kind"] == "quote"}
        facet = {str(i.figure["id"])[2:] for i in items if i.figure and t in str(i.get("data-theme", "")).split()}
        assert page == set(theme["quotes"]) == rule == found == facet, t
        counts.append(len(rule))
    assert sum(counts) > 0


def test_a_quote_is_not_under_the_themes_of_its_events_it_is_not_tagged_with(many: Path) -> None:
    data, index = load(many), Index.from_site(many)
    on_parade = {q["id"] for q in data["quotes"] if "victory-parade" in q["events"]}
    untagged = {q["id"] for q in data["quotes"] if "china-ties" not in q["themes"]} & on_parade
    assert untagged  # the parade is on china-ties; these quotes at it are tagged planning only
    found = {index.record(n)["url"].split("#q-", 1)[1] for n in index.postings()["@t:china-ties"]
             if index.record(n)["kind"] == "quote"}
    theme = {str(a["href"]).split("#q-", 1)[1]
             for a in soup(many / "themes" / "china-ties" / "index.html").select("main figure.quote a.permalink")}
    assert found == theme and not untagged & found


def _yaml(name: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load((PROJECT / "content" / f"{name}.yaml").read_text(encoding="utf-8"))
    return items


# -- with scripts: the filters --------------------------------------------------------------------


def test_every_filter_value_keeps_the_quotes_the_data_says(tab: Any, site: Path) -> None:
    data, order = load(site), order_of(site)
    tab.goto((site / "quotes" / "index.html").as_uri())
    assert tab.is_visible("#quotes_filter")
    assert shown(tab) == order[:PAGE] and tab.inner_text("#quotes_count") == f"{len(order)} quotes"
    tried = 0
    for name in FACETS:
        options = tab.eval_on_selector_all(f"#quotes_{name} option", "os => os.map(o => o.value).filter(Boolean)")
        assert options
        for value in options:
            tab.select_option(f"#quotes_{name}", value)
            want = expected(data, order, {name: value})
            assert want, (name, value)  # only values some quote holds are offered
            assert shown(tab) == want[:PAGE], (name, value)
            assert tab.inner_text("#quotes_count").startswith(f"{len(want)} of {len(order)} quote")
            assert tab.url.endswith(f"?{name}={value}")
            tried += 1
        tab.select_option(f"#quotes_{name}", "")
    assert tried > 20 and "?" not in tab.url


def test_filters_combine_and_survive_a_reload(tab: Any, site: Path) -> None:
    data, order = load(site), order_of(site)
    analyst = next(q for q in data["quotes"] if values(data, q)["kind"] == {"analyst"} and q["themes"])
    chosen = {"kind": "analyst", "theme": analyst["themes"][0], "event": "", "source": "", "speaker": ""}
    tab.goto((site / "quotes" / "index.html").as_uri() + f"?kind=analyst&theme={chosen['theme']}&speaker=nobody")
    assert chosen_in(tab) == chosen  # a value no option has is dropped, and the form says so
    assert tab.inner_text(".filter-note") == "Not applied, as nothing here matches it: speaker “nobody”."
    want = expected(data, order, chosen)
    assert shown(tab) == want and f"q-{analyst['id']}" in want
    speakers = {f"q-{q['id']}": q["speaker"] for q in data["quotes"]}
    open_groups = tab.eval_on_selector_all("section.q-group:not([hidden]) h2 a", "as => as.map(a => a.textContent)")
    names = {p["id"]: p["name"] for p in data["people"]}
    assert open_groups == list(dict.fromkeys(names[speakers[a]] for a in want))  # no empty heading left
    tab.select_option("#quotes_source", analyst["source"]["article"])
    assert tab.locator(".filter-note").count() == 0  # a new choice: the note has said its piece
    query = tab.url.split("?", 1)[1]
    tab.reload()
    assert tab.url.split("?", 1)[1] == query
    chosen["source"] = analyst["source"]["article"]
    assert chosen_in(tab) == chosen and shown(tab) == expected(data, order, chosen)
    tab.click("button[type=reset]")
    tab.wait_for_function("() => !location.search")
    assert shown(tab) == order[:PAGE]


# -- with scripts: pages, and a link to one quote ----------------------------------------------------


def test_the_list_comes_a_page_at_a_time(tab: Any, many: Path) -> None:
    data, order = load(many), order_of(many)
    assert len(order) == MANY
    tab.goto((many / "quotes" / "index.html").as_uri())
    assert shown(tab) == order[:PAGE]
    assert tab.inner_text("#quotes_count") == f"{MANY} quotes, the first {PAGE} shown"
    assert tab.inner_text("#quotes_more") == f"Show {PAGE} more"
    tab.click("#quotes_more")
    assert shown(tab) == order[:2 * PAGE]
    assert tab.evaluate("() => document.activeElement.querySelector('figure').id") == order[PAGE]
    assert tab.inner_text("#quotes_more") == f"Show {MANY - 2 * PAGE} more"
    tab.click("#quotes_more")
    assert shown(tab) == order and tab.is_hidden("#quotes_more") and tab.inner_text("#quotes_count") == f"{MANY} quotes"
    tab.select_option("#quotes_theme", "planning")  # a new choice starts at its first page again
    want = expected(data, order, {"theme": "planning"})
    assert len(want) == (MANY - 1) // 3 and shown(tab) == want


def test_a_link_to_a_quote_shows_it_and_its_speaker_whatever_the_filters(tab: Any, many: Path) -> None:
    data, order = load(many), order_of(many)
    people = {p["id"]: p for p in data["people"]}
    last = order[-1]  # far beyond the first page
    quote = next(q for q in data["quotes"] if f"q-{q['id']}" == last)
    other = next(s for s in SPEAKERS if s != quote["speaker"])
    tab.goto((many / "quotes" / "index.html").as_uri() + f"?speaker={other}#{last}")
    assert shown(tab) == [*expected(data, order, {"speaker": other})[:PAGE], last]
    figure = tab.locator(f"#{last}")
    assert figure.is_visible() and 0 <= top_of(tab, last) < tab.viewport_size["height"]
    person = people[quote["speaker"]]
    assert figure.locator(".speaker").inner_text() == f"— {person['name']}, {office(person)}"
    middle = order[PAGE + 5]
    tab.evaluate(f"() => {{ location.hash = '{middle}'; }}")  # a link followed within the page
    tab.wait_for_function(f"() => !document.getElementById('{middle}').closest('.q-item').hidden")
    assert 0 <= top_of(tab, middle) < tab.viewport_size["height"]
    tab.select_option("#quotes_kind", "leader")  # the reader chose again: the linked quote is no longer kept
    assert shown(tab) == expected(data, order, {"kind": "leader", "speaker": other})[:PAGE]


def top_of(tab: Any, anchor: str) -> float:
    top: float = tab.evaluate(f"() => document.getElementById('{anchor}').getBoundingClientRect().top")
    return top


# -- accessible, light and dark, on a phone ----------------------------------------------------------


@pytest.mark.parametrize("mode", ["light", "dark", "phone"])
def test_axe_finds_no_violation_with_the_filters_and_nothing_scrolls_sideways(browser: Any, site: Path,
                                                                              mode: str) -> None:
    assert AXE.is_file(), f"axe-core is not installed: npm ci --prefix tests/js; looked for {AXE}"
    size = {"width": 390, "height": 844} if mode == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=size, color_scheme="dark" if mode == "dark" else "light")
    try:
        page = context.new_page()
        theme = load(site)["themes"][0]["id"]
        page.goto((site / "quotes" / "index.html").as_uri() + f"?kind=analyst&theme={theme}")
        assert page.is_visible("#quotes_filter") and page.input_value("#quotes_kind") == "analyst"
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in found] == []
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= size["width"]
    finally:
        context.close()



def test_an_address_from_before_a_rename_still_filters(tab: Any, tmp_path: Path) -> None:
    """A quotes page linked with an event's former id (a bookmark made before the rename) filters by the event it
    became, not by nothing."""
    events = EVENTS.replace("- id: victory-parade\n", "- id: victory-parade\n  former_ids: [parade-2025]\n")
    root = make_briefing(tmp_path, events=events)
    assert run_build(root, "--out", "site", "-q")[0] == 0
    tab.goto((root / "site" / "quotes" / "index.html").as_uri() + "?event=parade-2025")
    assert tab.input_value("#quotes_event") == "victory-parade" and tab.locator(".filter-note").count() == 0


def test_a_speakers_quotes_come_in_the_order_they_were_said(tmp_path: Path) -> None:
    """By their article's date, then where the article gives them: not by id."""
    quotes = QUOTES + ("- id: aa-later\n  speaker: jane-roe\n  text: Kim and Xi Jinping met for two hours\n"
                       "  source: {article: afp-report}\n- id: zz-earlier\n  speaker: jane-roe\n"
                       "  text: a rare trip abroad\n  source: {article: afp-report}\n")
    root = make_briefing(tmp_path, quotes=quotes)
    assert run_build(root, "--out", "site", "-q")[0] == 0
    figures = soup(root / "site" / "quotes" / "index.html").select("section.q-group figure.quote")
    assert [f["id"] for f in figures][-3:] == [
        "q-zz-earlier", "q-roe-calculus", "q-aa-later"]


def test_filters_that_match_nothing_together_say_so(tab: Any, site: Path) -> None:
    data, order = load(site), order_of(site)
    kinds = {p["id"]: p["kind"] for p in data["people"]}
    speaker = next(q["speaker"] for q in data["quotes"] if kinds[q["speaker"]] != "analyst")
    assert expected(data, order, {"kind": "analyst", "speaker": speaker}) == []
    tab.goto((site / "quotes" / "index.html").as_uri() + f"?kind=analyst&speaker={speaker}")
    assert shown(tab) == []
    assert tab.inner_text("#quotes_count") == (
        f"0 of {len(order)} quotes: none matches all these filters; clear one, or all")


def test_on_paper_every_quote_the_filters_keep_is_printed(tab: Any, many: Path) -> None:
    """Tried by an analyst printing /quotes/ of a 300-article briefing: 50 of 150 quotes printed (a page at a time,
    and "Show more" is not printed), under "Every quote in the briefing"."""
    import io

    from pypdf import PdfReader
    tab.goto((many / "quotes" / "index.html").as_uri())
    assert len(shown(tab)) == PAGE
    printed = " ".join(" ".join(sheet.extract_text().split()) for sheet in PdfReader(io.BytesIO(tab.pdf())).pages)
    assert all(f"number {n} was about the plan for stage {n}" in printed for n in range(1, MANY)), printed[-300:]
    assert len(shown(tab)) == PAGE  # back on screen: a page at a time again
