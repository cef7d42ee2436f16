"""The bundled briefing (content/ + seeds/ of the project), built once per session.

These tests read the real YAML with plain PyYAML and check the built site
independently of the generator's own code: links, anchors, verbatim quotes, counts.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import Tag

from conftest import PROJECT, broken_links, html_pages, soup

CONTENT = PROJECT / "content"
SEEDS = PROJECT / "seeds"
COLLECTIONS = ("articles", "people", "themes", "events", "quotes", "claims")


def load_collection(name: str) -> list[dict[str, Any]]:
    """Items of a collection from content/NAME.yaml and content/NAME/*.yaml (BaseLoader: all text)."""
    items: list[dict[str, Any]] = []
    files = [CONTENT / f"{name}.yaml", CONTENT / f"{name}.yml"]
    if (CONTENT / name).is_dir():
        files += sorted(p for p in (CONTENT / name).iterdir() if p.suffix in (".yaml", ".yml"))
    for file in files:
        if not file.is_file():
            continue
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if data is None:
            continue
        for item in data if isinstance(data, list) else [data]:
            if str(item.get("draft", "false")).lower() not in ("true", "yes"):
                items.append(item)
    return items


@pytest.fixture(scope="session")
def content() -> dict[str, Any]:
    assert (CONTENT / "site.yaml").is_file(), "content/site.yaml is missing: the bundled briefing is not written yet"
    data: dict[str, Any] = {c: load_collection(c) for c in COLLECTIONS}
    data["site"] = yaml.load((CONTENT / "site.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return data


@pytest.fixture(scope="session")
def site(bundled: tuple[Path, float, str]) -> Path:
    return bundled[0]


# -- text comparison, written independently of briefing.verbatim ------------------------------

_SAME = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def norm(text: str) -> str:
    return " ".join(text.translate(_SAME).split())


def parts(quote: str) -> list[str]:
    return [p for p in (norm(x) for x in re.split(r"\.\s*\.\s*\.|…", quote)) if p]


def occurs(quote: str, passage: str) -> bool:
    """Every elided part of `quote`, in order, in `passage`."""
    hay, at = norm(passage), 0
    for part in parts(quote):
        found = hay.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return bool(parts(quote))


def article_files(content: dict[str, Any]) -> dict[str, Path]:
    return {a["id"]: SEEDS / a["file"] for a in content["articles"]}


def raw_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main_of(page: Path) -> Tag:
    main = soup(page).find("main")
    assert isinstance(main, Tag), page
    return main


# -- the build ------------------------------------------------------------------------------

def test_bundled_briefing_builds_quickly_and_quietly(bundled: tuple[Path, float, str]) -> None:
    _, elapsed, err = bundled
    assert err == ""
    assert elapsed < 5.0, f"the build took {elapsed:.2f} s"


def test_every_internal_link_and_fragment_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_every_page_has_exactly_one_h1(site: Path) -> None:
    counts = {p.relative_to(site).as_posix(): len(soup(p).find_all("h1")) for p in html_pages(site)}
    assert {p: n for p, n in counts.items() if n != 1} == {}


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for page in html_pages(site):
        doc = soup(page)
        for tag in doc.find_all(["link", "script", "img", "iframe", "source", "video", "audio"]):
            for attr in ("src", "href"):
                value = str(tag.get(attr) or "")
                if tag.name == "link" and "canonical" in (tag.get("rel") or []):
                    continue
                assert not value.startswith(("http:", "https:", "//")), f"{page}: {tag}"
    css = (site / "static" / "style.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert "@import" not in css


# -- counts and names ---------------------------------------------------------------------------

def test_collection_sizes(content: dict[str, Any]) -> None:
    sizes = {c: len(content[c]) for c in COLLECTIONS}
    assert sizes["articles"] == 5
    assert sizes["people"] >= 15, sizes
    assert sizes["events"] >= 20, sizes
    assert sizes["quotes"] >= 20, sizes
    assert 6 <= sizes["themes"] <= 10, sizes
    assert sizes["claims"] >= 2, sizes


def test_every_seed_is_an_article(content: dict[str, Any]) -> None:
    assert sorted(a["file"] for a in content["articles"]) == sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("spelling", ["Kim Jong-un", "Lee Jae-myung", "Kim Il-sung"])
def test_spellings_in_the_texts_are_aliases(content: dict[str, Any], spelling: str) -> None:
    owners = [p["id"] for p in content["people"] if spelling in (p.get("aliases") or [])]
    assert len(owners) == 1, f"{spelling!r} is an alias of {owners}"


def test_aliases_identify_one_person(content: dict[str, Any]) -> None:
    forms: dict[str, list[str]] = {}
    for p in content["people"]:
        for form in [p["name"], *(p.get("aliases") or [])]:
            forms.setdefault(form, []).append(p["id"])
    assert {f: ids for f, ids in forms.items() if len(ids) > 1} == {}


# -- every item has its page or anchor ------------------------------------------------------------

@pytest.mark.parametrize(("collection", "folder"), [("people", "people"), ("events", "events"),
                                                    ("themes", "themes"), ("articles", "sources")])
def test_every_item_has_its_page(site: Path, content: dict[str, Any], collection: str, folder: str) -> None:
    missing = [i["id"] for i in content[collection] if not (site / folder / i["id"] / "index.html").is_file()]
    assert missing == []
    names = {i["id"]: i.get("name") or i.get("title") for i in content[collection]}
    for ident, name in names.items():
        h1 = main_of(site / folder / ident / "index.html").find("h1")
        assert h1 is not None and " ".join(h1.get_text().split()) == " ".join(str(name).split())


def test_every_quote_has_its_anchor(site: Path, content: dict[str, Any]) -> None:
    ids = {str(t["id"]) for t in main_of(site / "quotes" / "index.html").find_all(id=True)}
    explicit = [q["id"] for q in content["quotes"] if "id" in q]
    assert len(explicit) == len(content["quotes"]), "give every bundled quote an explicit id"
    assert [q for q in explicit if f"q-{q}" not in ids] == []
    figures = main_of(site / "quotes" / "index.html").select("figure.quote")
    assert len(figures) == len(content["quotes"])


def test_every_claim_has_its_anchor(site: Path, content: dict[str, Any]) -> None:
    main = main_of(site / "claims" / "index.html")
    for claim in content["claims"]:
        section = main.find(id=f"c-{claim['id']}")
        assert isinstance(section, Tag), claim["id"]
        assert len(section.select("ul.statements > li")) == len(claim["statements"])


# The one the articles settle. An independent reading found the other two once marked settled only compatible
# (what the parade commemorated) or settled on another point than the question (home "throughout" the pandemic).
SETTLED = {"three-leaders-first-meeting"}


def test_the_claims_the_articles_settle_are_marked_with_what_settles_them(site: Path, content: dict[str, Any]) -> None:
    main = main_of(site / "claims" / "index.html")
    statuses = {c["id"]: c.get("status", "open") for c in content["claims"]}
    assert {i for i, status in statuses.items() if status != "open"} == SETTLED
    assert {statuses[i] for i in SETTLED} == {"settled"}
    for claim in content["claims"]:
        section = main.find(id=f"c-{claim['id']}")
        assert isinstance(section, Tag) and section.h2 is not None
        tags = [t.get_text() for t in section.h2.select(".tag")]
        assert tags == (["Settled"] if claim["id"] in SETTLED else []), claim["id"]
        assert (section.select_one(".resolution") is not None) is (claim["id"] in SETTLED)


def test_each_resolution_cites_paragraphs_that_exist_and_quotes_the_articles(site: Path,
                                                                            content: dict[str, Any]) -> None:
    """A resolution's `[[article]] ¶N` names a paragraph the article has, and its words in quotation marks are in
    one of the articles (the claims' statements are checked by the build; a resolution's quotes are not)."""
    files = article_files(content)
    texts = [line for f in files.values() for line in raw_lines(f)]
    for claim in content["claims"]:
        resolution = claim.get("resolution", "")
        for article, n in re.findall(r"\[\[([a-z0-9-]+)(?:\|[^\]]*)?\]\]\s*\(?¶(\d+)", resolution):
            page = main_of(site / "sources" / article / "index.html")
            assert page.find(id=f"p{n}") is not None, (claim["id"], article, n)
        for quoted in re.findall(r'"([^"]+)"', resolution):
            assert any(occurs(quoted, line) for line in texts), (claim["id"], quoted)


def test_the_bundled_briefing_grades_nothing_and_states_no_confidence(site: Path, content: dict[str, Any]) -> None:
    """Grades and confidence are the editors' judgment: the bundled briefing leaves them unset rather than guess."""
    assert [a["id"] for a in content["articles"] if "reliability" in a] == []
    assert [c["id"] for c in content["claims"] for s in c["statements"] if "credibility" in s] == []
    assert [j for j in content["site"]["key_judgments"] if not isinstance(j, str)] == []
    assert main_of(site / "claims" / "index.html").select(".grade, .legend") == []
    assert main_of(site / "index.html").select(".tag-confidence, .key-judgments .legend") == []


# -- verbatim ---------------------------------------------------------------------------------

def test_every_quote_is_in_its_source_article(content: dict[str, Any]) -> None:
    files = article_files(content)
    missing = []
    for q in content["quotes"]:
        lines = raw_lines(files[q["source"]["article"]])
        if not any(occurs(q["text"], line) for line in lines):
            missing.append(q.get("id") or q["text"])
    assert missing == []


def test_every_claim_statement_and_excerpt_is_in_its_article(content: dict[str, Any]) -> None:
    files = article_files(content)
    missing = []
    for claim in content["claims"]:
        for st in claim["statements"]:
            if not any(occurs(st["says"], line) for line in raw_lines(files[st["source"]["article"]])):
                missing.append(f"{claim['id']}: {st['says']}")
    for event in content["events"]:
        for src in event.get("sources") or []:
            if "excerpt" in src and not any(occurs(src["excerpt"], line)
                                            for line in raw_lines(files[src["article"]])):
                missing.append(f"{event['id']}: {src['excerpt']}")
    assert missing == []


def test_quotes_page_blockquotes_link_to_the_paragraph_that_holds_them(site: Path) -> None:
    quotes_page = site / "quotes" / "index.html"
    problems = []
    figures = main_of(quotes_page).select("figure.quote")
    assert figures
    for figure in figures:
        said = figure.blockquote.get_text() if figure.blockquote else ""
        link = figure.select_one(".quote-source a")
        assert link is not None
        path, _, anchor = str(link["href"]).partition("#")
        target = (quotes_page.parent / path).resolve()
        assert anchor.startswith("p"), f"{figure['id']} links to {link['href']}, not to a paragraph"
        para = main_of(target).find(id=anchor)
        assert isinstance(para, Tag)
        if not occurs(said, para.get_text()):
            problems.append(f"{figure['id']}: not in {link['href']}")
        marks = [m.get_text() for m in para.select("mark.hl-quote")]
        if not any(occurs(parts(said)[0], m) or occurs(m, said) for m in marks):
            problems.append(f"{figure['id']}: not highlighted in {link['href']}")
    assert problems == []


def test_article_pages_keep_every_word(site: Path, content: dict[str, Any]) -> None:
    """The text of each article page is the seed file, character for character (whitespace aside)."""
    for article in content["articles"]:
        body = main_of(site / "sources" / article["id"] / "index.html").select_one("article.source-text")
        assert body is not None
        for label in body.select("span.label"):
            label.decompose()
        for used in body.select(".quoted-by, a.pnum"):
            used.decompose()
        shown = "".join(body.get_text().split())
        lines = (SEEDS / article["file"]).read_text(encoding="utf-8").splitlines()
        words = [line for line in lines if not re.fullmatch(r"[\s_\-=*~•·]{3,}", line)]  # separators become <hr>
        raw = "".join("".join(words).split())
        assert shown == raw, article["id"]


# -- home -------------------------------------------------------------------------------------

def test_home_shows_the_key_judgments(site: Path, content: dict[str, Any]) -> None:
    judgments = content["site"]["key_judgments"]
    items = main_of(site / "index.html").select("section.key-judgments > ol > li")
    assert len(items) == len(judgments)
    for judgment, li in zip(judgments, items):
        shown = " ".join(li.get_text().split())
        labelled = re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]", r"\1", judgment)
        for chunk in re.split(r"\[\[[^\]]*\]\]", labelled):
            words = " ".join(re.sub(r"[*_`]", "", chunk).split())
            assert words in shown, (words, shown)
        assert "[[" not in shown


def test_home_links_to_every_theme(site: Path, content: dict[str, Any]) -> None:
    hrefs = {str(a["href"]) for a in main_of(site / "index.html").find_all("a")}
    assert {f"themes/{t['id']}/index.html" for t in content["themes"]} <= hrefs


# -- provenance across the whole site (issue 4) ------------------------------------------------

def test_every_quote_on_any_page_links_to_the_paragraph_that_holds_it(site: Path) -> None:
    problems, seen = [], 0
    for page in html_pages(site):
        for figure in main_of(page).select("figure.quote"):
            seen += 1
            said = figure.blockquote.get_text() if figure.blockquote else ""
            link = figure.select_one(".quote-source a")
            assert link is not None, page
            path, _, anchor = str(link["href"]).partition("#")
            para = main_of((page.parent / path).resolve()).find(id=anchor) if anchor.startswith("p") else None
            if not isinstance(para, Tag) or not occurs(said, para.get_text()):
                problems.append(f"{page.relative_to(site)}: {said[:40]} -> {link['href']}")
    assert problems == []
    assert seen > 50


def test_every_highlighted_passage_links_back_to_its_quote_or_claim(site: Path) -> None:
    for page in sorted((site / "sources").glob("*/index.html")):
        for para in main_of(page).select("article.source-text div.para"):
            if para.select("mark.hl-quote, mark.hl-claim"):
                back = para.select(".quoted-by a")
                assert back, f"{page.relative_to(site)}#{para['id']}"
                for a in back:
                    target, _, anchor = str(a["href"]).partition("#")
                    assert anchor.startswith(("q-", "c-")), a["href"]
                    assert main_of((page.parent / target).resolve()).find(id=anchor) is not None, a["href"]


def _forms(content: dict[str, Any]) -> dict[str, set[str]]:
    forms: dict[str, set[str]] = {}
    for p in content["people"]:
        for form in [p["name"], *(p.get("aliases") or [])]:
            forms.setdefault(form, set()).add(p["id"])
    return forms


def test_every_unambiguous_name_in_the_articles_links_to_its_person(site: Path, content: dict[str, Any]) -> None:
    """Scanned independently of the build: each whole-word occurrence of a name or alias that
    names one person only sits inside a mention link to that person; no mention is nested in
    another link or starts or ends inside a word."""
    forms = {f: ids for f, ids in _forms(content).items() if len(ids) == 1}
    problems = []
    for page in sorted((site / "sources").glob("*/index.html")):
        body = main_of(page).select_one("article.source-text")
        assert body is not None
        for a in body.select("a.mention"):
            assert a.find_parent("a") is None and a.find("a") is None, a
            before, after = a.previous_sibling, a.next_sibling
            if isinstance(before, str) and before and before[-1].isalnum():
                problems.append(f"{page.parent.name}: mention starts inside a word: {before[-10:]}|{a.get_text()}")
            if isinstance(after, str) and after and after[0].isalnum() and not after.startswith("s "):
                problems.append(f"{page.parent.name}: mention ends inside a word: {a.get_text()}|{after[:10]}")
        for para in body.select("div.para p:not(.quoted-by)"):
            text = para.get_text()
            linked = [(a.get_text(), str(a["href"])) for a in para.select("a.mention")]
            for form, ids in forms.items():
                person = next(iter(ids))
                found = [m for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text)
                         # part of a longer name, which is linked instead
                         if not any(form in other and other != form and other in text[max(0, m.start() - 40):m.end() + 40]
                                    for other in forms)]
                links = [t for t, h in linked if form in t and f"people/{person}/" in h]
                if len(links) < len(found):
                    problems.append(f"{page.parent.name}: '{form}' {len(found)} times, {len(links)} linked to {person}")
    assert problems == []


def test_ambiguous_short_forms_link_to_no_one(site: Path, content: dict[str, Any]) -> None:
    # a bare "Kim" names three people here: it is no one's alias, and never a link
    ambiguous = {f for f, ids in _forms(content).items() if len(ids) > 1} | {"Kim"}
    for page in sorted((site / "sources").glob("*/index.html")):
        for a in main_of(page).select("article.source-text a.mention"):
            assert a.get_text().removesuffix("’s").removesuffix("'s") not in ambiguous, (page.parent.name, a.get_text())


def test_every_page_has_a_unique_canonical_address_a_preview_and_typed_json_ld(site: Path) -> None:
    import json
    from urllib.parse import urljoin

    kinds = {"events": "Event", "people": "Person", "sources": "NewsArticle"}
    seen: set[str] = set()
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        s = soup(page)
        if rel == "404.html" or s.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        links = s.find_all("link", rel="canonical")
        assert len(links) == 1, rel
        address = urljoin(f"https://host.invalid/{rel}", str(links[0]["href"]))
        assert address not in seen, rel
        seen.add(address)
        for key in ("og:title", "og:description"):
            tag = s.find("meta", attrs={"property": key})
            assert tag is not None and str(tag["content"]).strip(), (rel, key)
        parts = rel.split("/")
        scripts = s.find_all("script", type="application/ld+json")
        if len(parts) == 3 and parts[0] in kinds:
            assert len(scripts) == 1 and json.loads(scripts[0].string)["@type"] == kinds[parts[0]], rel
        if rel == "quotes/index.html":
            graph = json.loads(scripts[0].string)["@graph"]
            assert {q["@type"] for q in graph} == {"Quotation"} and len(graph) == 23
    assert len(seen) > 60
