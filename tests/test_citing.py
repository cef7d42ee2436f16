"""What an analyst cites: "Cite this" blocks and an anchor link on everything worth citing
(sections, paragraphs, article headings, quotes, questions), and the small script that
copies them, which must leave every link a plain link without JavaScript."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import SITE, http_site, make_briefing, run_build

BASE = "https://example.org/briefing/"
AFP = ("AFP. 2025. “Kim Arrives in Beijing.” September 3. Accessed September 5, 2025. "
       "https://example.com/afp-report.")


def styled(title: str, url: str) -> str:
    """An item of the test briefing cited in the default style (Chicago author-date, with the day of access)."""
    return f"Test Briefing. 2025. “{title}.” September 5. Accessed September 5, 2025. {url}."


def build(tmp: Path, **files: str) -> Path:
    root = make_briefing(tmp, None, **files)
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


def main_of(path: Path) -> Tag:
    main = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("main")
    assert isinstance(main, Tag)
    return main


def cite(main: Tag, selector: str) -> tuple[str, str]:
    """A citation as a reader copies it (whitespace collapsed), and where its permalink leads."""
    block = main.select_one(selector)
    assert block is not None, selector
    link = block.select_one("a.cite-link")
    assert link is not None
    return " ".join(block.get_text().split()), str(link["href"])


# -- "Cite this" ------------------------------------------------------------------------------

def test_an_event_citation_has_title_briefing_date_and_absolute_permalink(absolute: Path) -> None:
    main = main_of(absolute / "events" / "victory-parade" / "index.html")
    section = main.select_one("section.cite")
    assert section is not None and section.h2 is not None and section.h2.get_text() == "Cite this"
    assert cite(main, "section.cite .cite-text") == (
        styled("Victory Day Parade (3 September 2025)", f"{BASE}events/victory-parade/") + " Sources: Jane Roe. "
        f"n.d. “What State Radio Said.” Test Briefing. Accessed September 5, 2025. {BASE}sources/radio-report/. ¶ 1; {AFP}",
        "../../events/victory-parade/index.html")  # and the permalink is a link that works from this copy


def test_without_base_url_the_permalink_is_the_address_within_the_site(relative: Path) -> None:
    main = main_of(relative / "events" / "kim-arrives" / "index.html")
    assert cite(main, "section.cite .cite-text") == (
        styled("Kim Arrives in Beijing (31 August – 1 September 2025)", "events/kim-arrives/") + f" Sources: {AFP} ¶ 1",
        "../../events/kim-arrives/index.html")
    person = main_of(relative / "people" / "kim-jong-un" / "index.html")
    assert cite(person, "section.cite .cite-text") == (
        styled("Kim Jong Un, Leader of North Korea", "people/kim-jong-un/"), "../../people/kim-jong-un/index.html")


def test_every_quote_on_the_quotes_page_has_its_own_citation(relative: Path, absolute: Path) -> None:
    for site, permalink in ((relative, "quotes/#q-roe-calculus"), (absolute, f"{BASE}quotes/#q-roe-calculus")):
        main = main_of(site / "quotes" / "index.html")
        figures = main.select("figure.quote")
        assert figures and all(f.select_one(".cite-text") for f in figures)
        assert cite(main, "#q-roe-calculus .cite-text") == (  # the speaker's words as spoken: never re-cased
            styled("Jane Roe (Example Institute): ‘The visit changes the calculus completely’", permalink)
            + f" Sources: {AFP} ¶ 3", "#q-roe-calculus")


def test_item_pages_have_one_citation_and_other_pages_none(relative: Path) -> None:
    for path in sorted(relative.rglob("*.html")):
        rel = path.relative_to(relative).as_posix()
        expected = 1 if rel.count("/") == 2 and rel.startswith(("events/", "people/", "themes/", "sources/")) else 0
        assert len(main_of(path).select("section.cite")) == expected, rel


# -- anchors ------------------------------------------------------------------------------------

def anchor_of(tag: Tag) -> Tag:
    """The link to an element, in it or beside it."""
    link = tag.find("a", href=f"#{tag['id']}")
    if link is None and tag.parent is not None:
        link = tag.parent.find("a", href=f"#{tag['id']}", recursive=False)
    assert isinstance(link, Tag), f"no link to #{tag['id']}"
    return link


def test_every_section_of_event_and_person_pages_links_to_itself(relative: Path) -> None:
    for rel in ("events/victory-parade/index.html", "events/kim-arrives/index.html", "people/kim-jong-un/index.html",
                "people/jane-roe/index.html"):
        headings = main_of(relative / rel).select("h2[id]")
        assert len(headings) >= 3, rel
        for h in headings:
            if h["id"] in ("cite", "notes"):  # the citation itself, and footnotes that exist on paper only
                continue
            link = anchor_of(h)
            assert "anchor" in link["class"] and link.get_text() == "#", (rel, h["id"])
            assert h.find("a") is None  # beside the heading: it and its section are named by its words alone
            assert str(link["aria-label"]).startswith("Link to the section "), (rel, h["id"])


def test_every_paragraph_and_heading_of_an_article_links_to_itself(relative: Path) -> None:
    for rel, numbers, headings in (("sources/afp-report/index.html", 4, ["s1"]),
                                   ("sources/radio-report/index.html", 2, ["s1"])):
        main = main_of(relative / rel)
        paras = main.select("article.source-text div.para[id]")
        assert len(paras) == numbers, rel
        for n, para in enumerate(paras, 1):
            link = anchor_of(para)
            assert (link.get_text(), link["aria-label"]) == (str(n), f"Link to paragraph {n}"), rel
        found = main.select("article.source-text h2[id]")
        assert [h["id"] for h in found] == headings, rel
        for h in found:  # each named by its heading: "Link to this heading" five times told them not apart
            assert anchor_of(h)["aria-label"] == f"Link to the heading {h.get_text(' ', strip=True)}"


def test_every_quote_and_question_links_to_itself(relative: Path) -> None:
    """Each link named by what it leads to (tried by an accessibility auditor: "Link to this quote" on every
    quote of /quotes/, which a list of the page's links told not apart)."""
    quote = main_of(relative / "quotes" / "index.html").select_one("figure#q-roe-calculus")
    assert quote is not None
    assert anchor_of(quote)["aria-label"] == "Link to the quote The visit changes the calculus completely"
    claim = main_of(relative / "claims" / "index.html").select_one("section#c-how-many-leaders")
    assert claim is not None
    link = claim.select_one('a.anchor[href="#c-how-many-leaders"]')
    assert link is not None and str(link["aria-label"]).startswith("Link to the question How many")


def test_every_anchor_link_leads_to_an_element_of_its_page(relative: Path) -> None:
    links = 0
    for path in sorted(relative.rglob("*.html")):
        main = main_of(path)
        ids = {t["id"] for t in main.find_all(id=True)}
        for a in main.select("a.anchor, a.pnum"):
            links += 1
            assert str(a["href"]).removeprefix("#") in ids, (path, a["href"])
            assert a.get("aria-label"), (path, a["href"])
    assert links > 20


# -- the copying, in a browser ----------------------------------------------------------------------


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """The site over HTTP on this machine: its address."""
    with http_site(site) as (address, _):
        yield address


@contextlib.contextmanager
def tab(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def clipboard(page: Any) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


def test_an_anchor_shows_on_focus_and_copies_its_address(browser: Any, relative: Path) -> None:
    with served(relative) as base, tab(browser) as page:
        page.goto(base + "events/victory-parade/")
        anchor = page.locator("h2#sources + a.anchor")
        assert anchor.evaluate("a => getComputedStyle(a).opacity") == "0"  # out of the way until wanted
        anchor.focus()
        assert anchor.evaluate("a => getComputedStyle(a).opacity") == "1"  # there for the keyboard
        page.keyboard.press("Enter")
        page.wait_for_function("navigator.clipboard.readText().then(t => t.endsWith('#sources'))")
        assert clipboard(page) == base + "events/victory-parade/#sources"
        assert page.url.endswith("#sources")  # and the link still does what a link does
        status = page.get_by_role("status")
        status.get_by_text("Link copied").wait_for()
        assert status.inner_text() == f"Link copied: {base}events/victory-parade/#sources"
        assert status.is_visible()


def test_with_base_url_a_copied_anchor_is_the_published_address(browser: Any, absolute: Path) -> None:
    with served(absolute) as base, tab(browser) as page:
        page.goto(base + "sources/afp-report/")
        page.locator('a.pnum[href="#p3"]').click()
        page.wait_for_function("navigator.clipboard.readText().then(t => t.endsWith('#p3'))")
        assert clipboard(page) == BASE + "sources/afp-report/#p3"  # not the copy it was read from
        # the article is cited as the original, at its own address
        assert page.locator("a.cite-link").get_attribute("href") == "https://example.com/afp-report"


def test_copy_citation_copies_the_citation_with_the_address_it_is_served_at(browser: Any, relative: Path) -> None:
    with served(relative) as base, tab(browser) as page:
        page.goto(base + "events/victory-parade/")
        text = page.locator("section.cite .cite-text")
        expected = (styled("Victory Day Parade (3 September 2025)", f"{base}events/victory-parade/") + " Sources: "
                    f"Jane Roe. n.d. “What State Radio Said.” Test Briefing. Accessed September 5, 2025. {base}sources/radio-report/. "
                    f"¶ 1; {AFP}")
        assert " ".join(text.inner_text().split()) == expected  # each source on a line of its own
        page.get_by_role("button", name="Copy citation").click()
        page.get_by_role("button", name="Copied").wait_for()
        assert clipboard(page) == expected  # and copied as one text
        page.get_by_role("status").get_by_text("Citation copied").wait_for()


def test_the_copied_message_never_covers_the_focused_control(browser: Any, relative: Path) -> None:
    """Tried by an accessibility auditor at 400% zoom (320 by 256 px): the message at the foot of the window covered
    the "Copy citation" button just pressed, then the link the focus went to next (WCAG 2.4.11)."""
    with served(relative) as base, tab(browser, viewport={"width": 320, "height": 256}) as page:
        page.goto(base + "events/victory-parade/")
        button = page.get_by_role("button", name="Copy citation")
        button.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 256 - document.querySelector('.copy-button').getBoundingClientRect().bottom"
                      " - 4)")  # the button at the foot of the window, where the message shows
        button.click()
        page.get_by_role("status").get_by_text("Citation copied").wait_for()
        overlap = page.evaluate("""() => { const a = document.querySelector('.copy-status').getBoundingClientRect(),
            b = document.activeElement.getBoundingClientRect();
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }""")
        assert overlap is False
        page.keyboard.press("Tab")
        assert page.inner_text(".copy-status") == ""  # gone once the focus moves on


def test_from_disk_a_citation_keeps_the_address_within_the_site(browser: Any, relative: Path) -> None:
    with tab(browser) as page:
        page.goto((relative / "quotes" / "index.html").as_uri())
        page.get_by_text("Cite this quote").click()
        link = page.locator("#q-roe-calculus a.cite-link").first  # the quote's own; then its source's
        assert link.inner_text() == "quotes/#q-roe-calculus"  # never a file:// address in a citation


def test_when_the_clipboard_refuses_the_citation_is_selected_to_copy_by_hand(browser: Any, relative: Path) -> None:
    with served(relative) as base, tab(browser) as page:
        page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'))")
        page.goto(base + "people/kim-jong-un/")
        page.get_by_role("button", name="Copy citation").click()
        page.get_by_role("status").get_by_text("Citation selected").wait_for()
        assert page.evaluate("getSelection().toString()").strip() == page.locator(".cite-text").inner_text()
        assert page.get_by_role("button", name="Copy citation").is_visible()  # it never claims "Copied"


def test_without_javascript_anchors_are_links_and_citations_text(browser: Any, relative: Path) -> None:
    with served(relative) as base, tab(browser, java_script_enabled=False) as page:
        page.goto(base + "events/victory-parade/")
        # no copy buttons, nor the header's search box (search runs in the browser)
        assert [b.inner_text() for b in page.get_by_role("button").all()] == []
        assert page.locator("section.cite .cite-text").inner_text().startswith(
            styled("Victory Day Parade (3 September 2025)", "events/victory-parade/"))
        page.locator("h2#sources + a.anchor").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**#sources")
