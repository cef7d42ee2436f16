"""No published address ever disappears: content/published.txt, checked by every build,
`--check` and the dev server, and extended by `--accept-new-urls`."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefing.pipeline import Paths
from briefing.published import HEADER
from briefing.serve import ERRORS_JSON, Rebuilder
from conftest import (CLAIMS, EVENTS, PEOPLE, PROJECT, QUOTES, STATIC, TEMPLATES, THEMES, assert_build_fails,
                      assert_build_fails_lines, make_briefing, run_build, snapshot)

# Every page of the fixture briefing but the 404 page, as --accept-new-urls lists them.
ADDRESSES = ["/", "/claims/", "/events/kim-arrives/", "/events/victory-parade/", "/people/", "/people/jane-roe/",
             "/people/kim-jong-un/", "/people/kim-yo-jong/", "/people/xi-jinping/", "/quotes/", "/search/", "/sources/",
             "/sources/afp-report/", "/sources/radio-report/", "/themes/", "/themes/china-ties/", "/timeline/"]
LISTED = HEADER + "".join(f"{a}\n" for a in ADDRESSES)
BUILT = r"^built site/: {} pages, \d+ files from 2 articles, 2 events, 4 people, 1 quote in \d+\.\d\d s$"
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
    assert re.match(BUILT.format(18), built)
    assert created == "content/published.txt: created, listing the 17 addresses this build writes"
    assert (root / PUBLISHED).read_text(encoding="utf-8") == LISTED
    assert listed(root) == pages(root / "site")
    assert run_build(root, "--accept-new-urls")[1].splitlines()[1] == \
        "content/published.txt: no new addresses; it lists all 17 this build writes"


def test_the_list_includes_redirects_and_matches_the_pages_written(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files=renamed(former=True))
    assert run_build(root, "--accept-new-urls", "-q") == (0, "", "")
    assert "/events/victory-parade/" in listed(root)  # the redirect keeps the old address
    assert listed(root) == pages(root / "site")


def test_the_bundled_briefing_lists_every_address_it_writes(bundled: tuple[Path, float, str]) -> None:
    """Adding content? `python build.py --accept-new-urls` records the new addresses for good."""
    assert listed(PROJECT) == pages(bundled[0]), "run python build.py --accept-new-urls and commit the list"


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
                                "build failed: 1 error; site/ left as it was"]
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
    assert re.match(BUILT.format(19), built), built  # one page more: the redirect
    assert note == ("content/published.txt does not list 1 new address yet: /events/victory-day-parade/; "
                    "python build.py build --accept-new-urls adds it")
    assert (root / "site" / "events" / "victory-parade" / "index.html").is_file()
    assert (root / PUBLISHED).read_text(encoding="utf-8") == LISTED  # a build never writes content/


def test_check_honours_the_list(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files={**renamed(former=False), PUBLISHED: LISTED})
    code, out, err = run_build(root, "--check")
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"{PUBLISHED}:{line_of(LISTED, '/events/victory-parade/')}: {LOST}",
                                "build failed: 1 error; nothing written"]
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
                    "/Events/Kim/\n/sources/afp-report/#p3\n<<<<<<< HEAD\n"
    n = LISTED.count("\n")
    pattern = ("'{}' is not an address of this site: addresses start and end with / and hold lowercase letters, "
               "digits and hyphens; {} (comment lines start with #)")
    generic = "write one address per line, like /events/ID/"
    assert_build_fails(
        tmp_path,
        f"{PUBLISHED}:{n + 4}: " + pattern.format("events/kim-arrives/", "did you mean '/events/kim-arrives/'?"),
        f"{PUBLISHED}:{n + 5}: " + pattern.format("/Events/Kim/", generic),
        f"{PUBLISHED}:{n + 6}: " + pattern.format("/sources/afp-report/#p3", generic),
        f"{PUBLISHED}:{n + 7}: " + pattern.format("<<<<<<< HEAD", generic),
        files={PUBLISHED: text})


def test_a_list_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    assert_build_fails(tmp_path, f"{PUBLISHED}:3: not UTF-8 text (byte 11); save the file as UTF-8",
                       files={PUBLISHED: b"/\n/claims/\n\xff/people/\n"})


def test_without_the_list_nothing_is_checked_or_said(tmp_path: Path) -> None:
    root = make_briefing(tmp_path, files=renamed(former=False))
    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    assert re.match(BUILT.format(18), out) and out.count("\n") == 1
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
