"""No published address ever disappears: content/published.txt, checked by every build,
`--check` and the dev server, and extended by `--accept-new-urls`."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from briefing.pipeline import Paths
from briefing.published import HEADER
from briefing.serve import ERRORS_JSON, Rebuilder
from conftest import (ALPHA, ARTICLES, CLAIMS, EVENTS, PEOPLE, PROJECT, QUOTES, STATIC, TEMPLATES, THEMES,
                      assert_build_fails, assert_build_fails_lines, make_briefing, run_build, snapshot, soup)

# Every page of the fixture briefing but the 404 page, as --accept-new-urls lists them.
ADDRESSES = ["/", "/changes/", "/claims/", "/events/kim-arrives/", "/events/victory-parade/", "/people/",
             "/people/jane-roe/", "/people/kim-jong-un/", "/people/kim-yo-jong/", "/people/xi-jinping/", "/quotes/", "/search/", "/sources/",
             "/sources/afp-report/", "/sources/radio-report/", "/themes/", "/themes/china-ties/", "/timeline/"]
# The anchors analysts cite in them: the quote, the claim, each numbered paragraph (alpha.txt has 4, beta.txt 2).
ANCHORS = ["/claims/#c-how-many-leaders", "/quotes/#q-roe-calculus",
           *(f"/sources/afp-report/#p{n}" for n in range(1, 5)), *(f"/sources/radio-report/#p{n}" for n in (1, 2))]
EVERY = sorted(ADDRESSES + ANCHORS)
LISTED = HEADER + "".join(f"{a}\n" for a in EVERY)
PAGES_ONLY = HEADER + "".join(f"{a}\n" for a in ADDRESSES)  # a list from before anchors were kept
BUILT = r"^built site/: {} pages, \d+ files from 2 articles, 2 events, 4 people, 1 theme, 1 quote and 1 claim in \d+\.\d\d s$"
PUBLISHED = "content/published.txt"


def line_of(text: str, address: str) -> int:
    return text.splitlines().index(address) + 1


def renamed(former: bool) -> dict[str, str | bytes | None]:
    """The parade event renamed (references too), its old id kept in former_ids or not."""
    new = "victory-day-parade"
    events = EVENTS.replace("victory-parade", new)
    if former:
        events = events.replace(f"- id: {new}\n", f"- id: {new}\n  former_ids: [victory-parade]\n")
    return {"content/events.yaml": events, "content/quotes.yaml": QUOTES.replace("victory-parade", new),
            "content/claims.yaml": CLAIMS.replace("victory-parade", new)}


def pages(site: Path) -> list[str]:
    """The addresses of the HTML pages in a built site, 404 page aside."""
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html")
                  for p in site.rglob("*.html") if p.name != "404.html")


def listed(root: Path) -> list[str]:
    return [line for line in (root / PUBLISHED).read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def listed_pages(root: Path) -> list[str]:
    return [address for address in listed(root) if "#" not in address]


def missing_anchors(root: Path, site: Path) -> list[str]:
    """The anchors the list holds that no element of their page has as its id."""
    ids: dict[str, set[str]] = {}
    missing = []
    for address in listed(root):
        page, _, anchor = address.partition("#")
        if anchor:
            if page not in ids:
                ids[page] = {str(t["id"]) for t in soup(site / page.lstrip("/") / "index.html").find_all(id=True)}
            if anchor not in ids[page]:
                missing.append(address)
    return missing


LOST = ("/events/victory-parade/ was published but this build no longer writes it: no event has the id "
        "'victory-parade' now. If it was renamed, add 'victory-parade' to the former_ids of the renamed event "
        "(perhaps 'victory-day-parade') and the build writes a redirect here; to retire the address on purpose, "
        "delete this line")


# -- recording -----------------------------------------------------------------------------

def test_accept_new_urls_creates_the_list_of_every_page(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    code, out, err = run_build(root, "--accept-new-urls")
    assert (code, err) == (0, "")
    built, created = out.splitlines()
    assert re.match(BUILT.format(19), built)
    assert created == "content/published.txt: created, listing the 26 addresses this build writes"
    assert (root / PUBLISHED).read_text(encoding="utf-8") == LISTED
    assert listed_pages(root) == pages(root / "site")
    assert missing_anchors(root, root / "site") == []
    assert run_build(root, "--accept-new-urls")[1].splitlines()[1] == \
        "content/published.txt: no new addresses; it lists all 26 this build writes"


def test_the_list_includes_redirects_and_matches_the_pages_written(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files=renamed(former=True))
    assert run_build(root, "--accept-new-urls", "-q") == (0, "", "")
    assert "/events/victory-parade/" in listed(root)  # the redirect keeps the old address
    assert listed_pages(root) == pages(root / "site")


def test_the_bundled_briefing_lists_every_address_it_writes(bundled: tuple[Path, float, str]) -> None:
    """Adding content? `python build.py --accept-new-urls` records the new addresses for good."""
    assert listed_pages(PROJECT) == pages(bundled[0]), "run python build.py --accept-new-urls and commit the list"
    assert missing_anchors(PROJECT, bundled[0]) == []


def test_accept_adds_new_addresses_in_place_and_keeps_every_line(tmp_path: Path) -> None:
    kept = LISTED.replace("/people/\n", "# people pages since the first edition\n/people/\n")
    root = make_briefing(tmp_path, files={**renamed(former=True), PUBLISHED: kept})
    code, out, err = run_build(root, "--accept-new-urls")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == "content/published.txt: added 1 new address: /events/victory-day-parade/"
    assert (root / PUBLISHED).read_text(encoding="utf-8") == kept.replace(
        "/events/victory-parade/\n", "/events/victory-day-parade/\n/events/victory-parade/\n")


def test_accept_is_quiet_with_q(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files={**renamed(former=True), PUBLISHED: LISTED})
    assert run_build(root, "--accept-new-urls", "-q") == (0, "", "")
    assert "/events/victory-day-parade/" in listed(root)


def test_accept_never_removes_a_lost_address(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files={**renamed(former=False), PUBLISHED: LISTED})
    code, out, err = run_build(root, "--accept-new-urls")
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"{PUBLISHED}:{line_of(LISTED, '/events/victory-parade/')}: {LOST}",
                                "build failed: 1 error; nothing written"]
    assert (root / PUBLISHED).read_text(encoding="utf-8") == LISTED
    assert not (root / "site").exists()


# -- checking ------------------------------------------------------------------------------

def test_a_lost_address_fails_the_build_and_leaves_the_site(tmp_path: Path) -> None:
    assert_build_fails(tmp_path, f"{PUBLISHED}:{line_of(LISTED, '/events/victory-parade/')}: {LOST}",
                       files={**renamed(former=False), PUBLISHED: LISTED})


def test_every_lost_address_is_named_with_its_line(tmp_path: Path) -> None:
    """A person renamed beyond recognition, and a page no build of this briefing writes (/maps/)."""
    text = LISTED.replace("/quotes/\n", "/quotes/\n/maps/\n")
    lines = assert_build_fails_lines(tmp_path, files={PUBLISHED: text}, **{
        name: yaml.replace("xi-jinping", "host") for name, yaml in (("people", PEOPLE), ("events", EVENTS),
                                                                    ("themes", THEMES))})
    assert lines == [
        f"{PUBLISHED}:{line_of(text, '/people/xi-jinping/')}: /people/xi-jinping/ was published but this build no "
        "longer writes it: no person has the id 'xi-jinping' now. If it was renamed, add 'xi-jinping' to the "
        "former_ids of the renamed person and the build writes a redirect here; to retire the address on purpose, "
        "delete this line",
        f"{PUBLISHED}:{line_of(text, '/maps/')}: /maps/ was published but this build no longer writes it; "
        "to retire the address on purpose, delete this line",
    ]


def test_renaming_with_former_ids_keeps_the_address_and_names_the_new_one(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files={**renamed(former=True), PUBLISHED: LISTED})
    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    built, note = out.splitlines()
    assert re.match(BUILT.format(20), built), built  # one page more: the redirect
    assert note == ("content/published.txt does not list 1 new address yet: /events/victory-day-parade/; "
                    "python build.py build --accept-new-urls adds it")
    assert (root / "site" / "events" / "victory-parade" / "index.html").is_file()
    assert (root / PUBLISHED).read_text(encoding="utf-8") == LISTED  # a build never writes content/


def test_check_honours_the_list(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files={**renamed(former=False), PUBLISHED: LISTED})
    code, out, err = run_build(root, "--check")
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"{PUBLISHED}:{line_of(LISTED, '/events/victory-parade/')}: {LOST}",
                                "check failed: 1 error"]
    assert run_build(root, "--report")[0] == 1
    rewrite_events(root, renamed(former=True))
    code, out, err = run_build(root, "--check")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == ("content/published.txt does not list 1 new address yet: "
                                   "/events/victory-day-parade/; python build.py build --accept-new-urls adds it")
    assert sorted(p.name for p in root.iterdir()) == ["content", "seeds"]


def rewrite_events(root: Path, files: dict[str, str | bytes | None]) -> None:
    for rel, text in files.items():
        assert isinstance(text, str)
        (root / rel).write_text(text, encoding="utf-8")


def test_a_draft_that_was_published_is_named_as_such(tmp_path: Path) -> None:
    events = EVENTS.replace("- id: kim-arrives\n", "- id: kim-arrives\n  draft: true\n")
    root = make_briefing(tmp_path, events=events, files={PUBLISHED: LISTED})
    code, _, err = run_build(root)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{PUBLISHED}:{line_of(LISTED, '/events/kim-arrives/')}: /events/kim-arrives/ was published but this build "
        "no longer writes it: the event 'kim-arrives' is a draft now; publish it (remove draft: true), or to retire "
        "the address on purpose, delete this line")
    code, out, err = run_build(root, "--drafts")  # a preview with the drafts writes it: fine, and no note
    assert (code, err) == (0, "") and len(out.splitlines()) == 1


def test_malformed_lines_are_errors_with_their_line(tmp_path: Path) -> None:
    text = LISTED + "\n  # an indented comment, and a blank line above\n  /timeline/  \nevents/kim-arrives/\n" \
                    "/Events/Kim/\nsources/afp-report#p3\n"
    n = LISTED.count("\n")
    pattern = ("'{}' is not an address of this site: addresses start and end with / (an anchor follows it, like "
               "/quotes/#q-ID) and hold lowercase letters, digits and hyphens; {} (comment lines start with #)")
    generic = "write one address per line, like /events/ID/"
    assert_build_fails(
        tmp_path,
        f"{PUBLISHED}:{n + 4}: " + pattern.format("events/kim-arrives/", "did you mean '/events/kim-arrives/'?"),
        f"{PUBLISHED}:{n + 5}: " + pattern.format("/Events/Kim/", generic),
        f"{PUBLISHED}:{n + 6}: " + pattern.format("sources/afp-report#p3", "did you mean '/sources/afp-report/#p3'?"),
        files={PUBLISHED: text})


def test_a_list_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    assert_build_fails(tmp_path, f"{PUBLISHED}:3: not UTF-8 text (byte 11); save the file as UTF-8",
                       files={PUBLISHED: b"/\n/claims/\n\xff/people/\n"})


def test_without_the_list_nothing_is_checked_or_said(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files=renamed(former=False))
    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    assert re.match(BUILT.format(19), out) and out.count("\n") == 1
    assert not (root / PUBLISHED).exists()


@pytest.mark.parametrize(("other", "message"), [
    ("--drafts", "python build.py build: error: --accept-new-urls records the addresses of a published build; it "
                 "cannot go with --drafts"),
    ("--check", "python build.py check: error: unrecognized arguments: --accept-new-urls"),
    ("--report", "python build.py report: error: unrecognized arguments: --accept-new-urls"),
    ("--serve", "python build.py serve: error: unrecognized arguments: --accept-new-urls"),
])
def test_accept_new_urls_is_for_a_published_build_only(tmp_path: Path, other: str, message: str) -> None:
    root = make_briefing(tmp_path)
    code, out, err = run_build(root, "--accept-new-urls", other)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == message
    assert sorted(p.name for p in root.iterdir()) == ["content", "seeds"]


def test_the_dev_server_reports_a_lost_address_like_the_build(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files={PUBLISHED: LISTED})
    paths = Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root)
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None)
    rebuild()
    assert rebuild.errors == []
    rewrite_events(root, renamed(former=False))
    before = snapshot(root / "site")
    rebuild()
    expected = f"{PUBLISHED}:{line_of(LISTED, '/events/victory-parade/')}: {LOST}"
    assert [str(e) for e in rebuild.errors] == [expected]
    assert json.loads((root / "site" / ERRORS_JSON).read_text(encoding="utf-8")) == [expected]
    assert {k: v for k, v in snapshot(root / "site").items() if k != ERRORS_JSON} == \
           {k: v for k, v in before.items() if k != ERRORS_JSON}
    rewrite_events(root, renamed(former=True))
    rebuild()
    assert rebuild.errors == []
    assert (root / "site" / "events" / "victory-parade" / "index.html").is_file()


# -- anchors -------------------------------------------------------------------------------

ITEMS = {"quote": ("roe-calculus", "roe-changes-calculus", "quotes", "q"),
         "claim": ("how-many-leaders", "how-many-leaders-came", "claims", "c")}


def renamed_item(kind: str, former: bool) -> dict[str, str | bytes | None]:
    """The fixture's quote or claim under a new id (references too), its old id in former_ids or not."""
    old, new, _, _ = ITEMS[kind]
    files = {"content/events.yaml": EVENTS, "content/quotes.yaml": QUOTES, "content/claims.yaml": CLAIMS}
    changed = {rel: text.replace(old, new) for rel, text in files.items()}
    if former:
        rel = f"content/{ITEMS[kind][2]}.yaml"
        changed[rel] = changed[rel].replace(f"- id: {new}\n", f"- id: {new}\n  former_ids: [{old}]\n")
    return dict(changed)


def test_a_removed_quote_fails_the_build_naming_its_anchor(tmp_path: Path) -> None:
    assert_build_fails(
        tmp_path,
        f"{PUBLISHED}:{line_of(LISTED, '/quotes/#q-roe-calculus')}: /quotes/#q-roe-calculus was published but this "
        "build no longer writes it: no quote has the id 'roe-calculus' now. If it was renamed, retired or merged into "
        "another, add 'roe-calculus' to the former_ids of the quote that replaces it and its page keeps this anchor; "
        "to retire the address on purpose, delete this line",
        quotes="[]\n", events=EVENTS.replace("See [[roe-calculus]] and ", "See "), files={PUBLISHED: LISTED})


@pytest.mark.parametrize("kind", ["quote", "claim"])
def test_a_quote_or_claim_renamed_without_its_former_id_fails(tmp_path: Path, kind: str) -> None:
    old, new, page, prefix = ITEMS[kind]
    address = f"/{page}/#{prefix}-{old}"
    assert_build_fails(
        tmp_path,
        f"{PUBLISHED}:{line_of(LISTED, address)}: {address} was published but this build no longer writes it: no "
        f"{kind} has the id '{old}' now. If it was renamed, retired or merged into another, add '{old}' to the "
        f"former_ids of the {kind} that replaces it (perhaps '{new}') and its page keeps this anchor; to retire the "
        "address on purpose, delete this line",
        files={**renamed_item(kind, former=False), PUBLISHED: LISTED})


@pytest.mark.parametrize("kind", ["quote", "claim"])
def test_a_former_id_keeps_the_anchor_and_it_lands(tmp_path: Path, kind: str) -> None:
    old, new, page, prefix = ITEMS[kind]
    root = make_briefing(tmp_path, files={**renamed_item(kind, former=True), PUBLISHED: LISTED})
    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == (f"content/published.txt does not list 1 new address yet: /{page}/#{prefix}-{new}; "
                                   "python build.py build --accept-new-urls adds it")
    html = soup(root / "site" / page / "index.html")
    assert html.find(id=f"{prefix}-{old}") is not None and html.find(id=f"{prefix}-{new}") is not None
    assert missing_anchors(root, root / "site") == []


def test_an_article_that_loses_a_paragraph_fails(tmp_path: Path) -> None:
    shorter = ALPHA.replace("\nKim and Xi Jinping met for two hours on Thursday. — AFP\n", "")
    assert_build_fails(
        tmp_path,
        f"{PUBLISHED}:{line_of(LISTED, '/sources/afp-report/#p4')}: /sources/afp-report/#p4 was published but this "
        "build no longer writes it: the text of the article 'afp-report' lost paragraph 4 (it has 3 numbered "
        "paragraphs now, and removing or merging one renumbers those after it); restore the paragraph in alpha.txt, "
        "or to retire the address on purpose, delete this line",
        alpha=shorter, files={PUBLISHED: LISTED})


def test_anchors_the_list_does_not_keep_are_named(tmp_path: Path) -> None:
    """A heading's anchor (#s1) is on the page but not kept; an anchor of a page without any, never written."""
    text = LISTED.replace("/timeline/\n", "/timeline/\n/timeline/#latest\n").replace(
        "/sources/afp-report/#p4\n", "/sources/afp-report/#p4\n/sources/afp-report/#s1\n")
    keeps = ("the list keeps the anchors of quotes (/quotes/#q-ID), claims (/claims/#c-ID) and paragraphs "
             "(/sources/ID/#pN) only; to retire the address on purpose, delete this line")
    assert assert_build_fails_lines(tmp_path, files={PUBLISHED: text}) == [
        f"{PUBLISHED}:{line_of(text, a)}: {a} was published but this build no longer writes it; {keeps}"
        for a in ("/sources/afp-report/#s1", "/timeline/#latest")]


def test_accept_records_anchors_in_a_list_of_pages_only(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files={PUBLISHED: PAGES_ONLY})
    code, out, err = run_build(root, "--accept-new-urls")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == ("content/published.txt: added 8 new addresses: /claims/#c-how-many-leaders, "
                                   "/quotes/#q-roe-calculus, /sources/afp-report/#p1, /sources/afp-report/#p2, "
                                   "/sources/afp-report/#p3 and 3 more")
    assert (root / PUBLISHED).read_text(encoding="utf-8") == LISTED  # each in its place, every page line kept


def test_a_list_of_pages_only_still_builds_and_names_the_anchors(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files={PUBLISHED: PAGES_ONLY})
    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == ("content/published.txt does not list 8 new addresses yet: "
                                   "/claims/#c-how-many-leaders, /quotes/#q-roe-calculus, /sources/afp-report/#p1, "
                                   "/sources/afp-report/#p2, /sources/afp-report/#p3 and 3 more; "
                                   "python build.py build --accept-new-urls adds them")
    assert (root / PUBLISHED).read_text(encoding="utf-8") == PAGES_ONLY


def test_paragraphs_are_listed_in_their_order(tmp_path: Path) -> None:
    """#p2 before #p10, as a reader counts, not as text sorts."""
    longer = ALPHA + "".join(f"\nMore on the visit, part {n}.\n" for n in range(5, 12))
    root = make_briefing(tmp_path, alpha=longer, files={PUBLISHED: PAGES_ONLY})
    assert run_build(root, "--accept-new-urls", "-q") == (0, "", "")
    assert [a for a in listed(root) if a.startswith("/sources/afp-report/#")] == \
           [f"/sources/afp-report/#p{n}" for n in range(1, 12)]


def test_a_renamed_article_keeps_its_paragraph_anchors_at_its_redirect(tmp_path: Path) -> None:
    """The redirect page leads to the article; its paragraphs are still there, so their old anchors are not lost."""
    new = "afp-wire"
    files: dict[str, str | bytes | None] = {
        f"content/{name}.yaml": text.replace("afp-report", new)
        for name, text in (("events", EVENTS), ("quotes", QUOTES), ("claims", CLAIMS))}
    files["content/articles.yaml"] = ARTICLES.replace("- id: afp-report\n",
                                                      f"- id: {new}\n  former_ids: [afp-report]\n")
    root = make_briefing(tmp_path, files={**files, PUBLISHED: LISTED})
    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == ("content/published.txt does not list 5 new addresses yet: /sources/afp-wire/, "
                                   "/sources/afp-wire/#p1, /sources/afp-wire/#p2, /sources/afp-wire/#p3, "
                                   "/sources/afp-wire/#p4; python build.py build --accept-new-urls adds them")


def test_a_paragraph_link_to_a_renamed_article_lands_on_the_paragraph(browser: Any, tmp_path: Path) -> None:
    """/sources/OLD/#p3, as an analyst cited it, leads to the paragraph itself on the renamed article's page."""
    files: dict[str, str | bytes | None] = {
        f"content/{name}.yaml": text.replace("afp-report", "afp-wire")
        for name, text in (("events", EVENTS), ("quotes", QUOTES), ("claims", CLAIMS))}
    files["content/articles.yaml"] = ARTICLES.replace("- id: afp-report\n",
                                                      "- id: afp-wire\n  former_ids: [afp-report]\n")
    root = make_briefing(tmp_path, files=files)
    assert run_build(root, "--out", "site", "-q")[0] == 0
    page = browser.new_page()
    try:
        page.goto((root / "site" / "sources" / "afp-report" / "index.html").as_uri() + "#p3")
        page.wait_for_url("**/sources/afp-wire/index.html#p3", timeout=5000)
    finally:
        page.close()


def test_the_command_that_adds_new_addresses_is_this_builds_with_its_folders(tmp_path: Path) -> None:
    """Tried by an analyst building another folder's briefing: the hint said `build --accept-new-urls`, which would
    have built ./content and added to its list, not to the one it spoke of."""
    root = make_briefing(tmp_path, files={**renamed(former=True), PUBLISHED: LISTED})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, out, err = run_build(elsewhere, "--content", str(root / "content"), "--out", "my site")
    assert (code, err) == (0, "")
    hint = out.splitlines()[1].split("; ", 1)[1]
    assert hint == (f"python build.py build --content {root / 'content'} --out 'my site' --accept-new-urls adds it")
    code, out, err = run_build(elsewhere, *hint.removeprefix("python build.py ").removesuffix(" adds it")
                               .replace("'my site'", "my-site").split())
    assert code == 0 and "/events/victory-day-parade/" in (root / PUBLISHED).read_text(encoding="utf-8")
