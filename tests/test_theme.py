"""The built-in theme (briefing/theme/), and a briefing's own templates/ and static/ replacing it file by file."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import STATIC, TEMPLATES, make_briefing, run_build

MARK = 'data-desk="our header"'


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def override_header(root: Path) -> Path:
    """templates/base.html: the built-in one with a mark on the header, as a desk restyling it would write."""
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert base.count("<header") == 1
    (root / "templates").mkdir(exist_ok=True)
    mine = root / "templates" / "base.html"
    mine.write_text(base.replace("<header", f"<header {MARK}"), encoding="utf-8")
    return mine


def test_a_briefing_without_a_theme_of_its_own_gets_the_built_in_one(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    assert not (root / "templates").exists() and not (root / "static").exists()
    assert run_build(root)[0] == 0
    built = {p.name: p.read_bytes() for p in (root / "site" / "static").iterdir()}
    assert built == {p.name: p.read_bytes() for p in STATIC.iterdir()}


def test_one_template_overrides_its_namesake_and_the_rest_stays_built_in(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    override_header(root)
    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    for page in ("index.html", "events/kim-arrives/index.html", "people/index.html", "404.html"):
        html = soup(root / "site" / page)
        assert html.header is not None and html.header.get("data-desk") == "our header", page
    event = soup(root / "site" / "events" / "kim-arrives" / "index.html")
    assert event.h1 is not None and event.h1.get_text(strip=True) == "Kim arrives in Beijing"  # event.html, built in


def test_one_static_file_overrides_its_namesake(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    (root / "static").mkdir()
    (root / "static" / "style.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    (root / "static" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", encoding="utf-8")
    assert run_build(root)[0] == 0
    built = root / "site" / "static"
    assert (built / "style.css").read_text(encoding="utf-8") == "body { color: #123456; }\n"
    assert (built / "logo.svg").is_file()
    assert (built / "search.js").read_bytes() == (STATIC / "search.js").read_bytes()


def test_an_override_that_no_longer_fits_the_theme_fails_with_its_own_file_and_line(tmp_path: Path) -> None:
    """It calls a macro the theme does not have (dropped in a newer version, say)."""
    root = make_briefing(tmp_path)
    mine = override_header(root)
    lines = mine.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "<header" in line)
    lines.insert(at + 1, '{% from "partials/macros.html" import masthead %}{{ masthead() }}\n')
    mine.write_text("".join(lines), encoding="utf-8")
    code, out, err = run_build(root)
    assert (code, out) == (1, "")
    first = err.splitlines()[0]
    assert first.startswith(f"templates/base.html:{at + 2}:"), first
    assert "masthead" in first
    assert not (root / "site").exists()


def test_the_override_is_part_of_what_a_build_is_made_of(tmp_path: Path) -> None:
    """Adding, editing and removing an override each rebuild the pages; nothing is kept from before."""
    root = make_briefing(tmp_path)
    assert run_build(root)[0] == 0
    assert soup(root / "site" / "index.html").header.get("data-desk") is None
    mine = override_header(root)
    code, out, _ = run_build(root)
    assert code == 0 and "nothing changed" not in out
    assert soup(root / "site" / "index.html").header.get("data-desk") == "our header"
    mine.unlink()
    assert run_build(root)[0] == 0
    assert soup(root / "site" / "index.html").header.get("data-desk") is None


@pytest.mark.parametrize(("line", "message"), [
    ('{{ status(event.status, colour="red") }}', "macro 'status' takes no keyword argument 'colour'"),
    ("{{ event.title() }}", "'str' object is not callable"),
    ("{{ 1 // 0 }}", "integer division or modulo by zero"),
])
def test_what_an_override_calls_wrongly_is_its_own_line_not_a_traceback(tmp_path: Path, line: str,
                                                                       message: str) -> None:
    """Tried by a theme developer: these ended the build in a Python traceback (the dev server: "internal error")."""
    root = make_briefing(tmp_path)
    mine = _override_event(root, line)
    code, out, err = run_build(root)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"templates/event.html:{mine}: template error rendering events/kim-arrives/: {message} (and 1 more pages)",
        "build failed: 1 error; nothing written"]


@pytest.mark.parametrize(("line", "at", "missing"), [
    ('{% include "partials/banner.html" %}', 4, "partials/banner.html"),
    ('{% extends "layout.html" %}', 1, "layout.html")])
def test_a_template_asked_for_but_missing_is_named_at_the_line_that_asked(tmp_path: Path, line: str, at: int,
                                                                         missing: str) -> None:
    """It was named as if it were the file at fault: "templates/partials/banner.html: template not found"."""
    root = make_briefing(tmp_path)
    _override_event(root, line, at)
    code, _, err = run_build(root)
    assert code == 1
    assert err.splitlines()[0] == f"templates/event.html:{at}: template not found: {missing} (and 1 more pages)"


def test_a_mistake_in_the_generators_own_python_below_a_template_is_still_a_bug(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a template's own mistakes are the editors' to fix: what Python of the package raised is raised."""
    import jinja2

    from briefing import render
    from briefing.pages import Page

    (tmp_path / "page.html").write_text("<p>{{ broken() }}</p>\n", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    monkeypatch.setattr(render, "_PACKAGE", str(Path(__file__).resolve().parent) + "/")  # this file as the package
    page = Page("x/", "page.html", "X", "", "", {})
    with pytest.raises(ValueError, match="a bug"):
        try:
            env.get_template("page.html").render(broken=_raises)
        except Exception as exc:
            render._error(exc, page, [tmp_path])


def _raises() -> None:
    raise ValueError("a bug")


def _override_event(root: Path, line: str, at: int = 4) -> int:
    """templates/event.html: the built-in one with `line` at line `at` (4: added after the first three, in its main
    block; 1: in place of the first); the line's number."""
    lines = (TEMPLATES / "event.html").read_text(encoding="utf-8").splitlines(keepends=True)
    (root / "templates").mkdir(exist_ok=True)
    mine = [line + "\n", *lines[1:]] if at == 1 else [*lines[:3], line + "\n", *lines[3:]]
    (root / "templates" / "event.html").write_text("".join(mine), encoding="utf-8")
    return at


def test_the_briefings_own_theme_is_found_beside_its_content_from_anywhere(tmp_path: Path) -> None:
    """Tried by a theme developer: built from another folder (`--content /path/content`), the briefing's templates/
    were looked for in the current folder, and its look silently dropped; seeds were found beside the content."""
    root = make_briefing(tmp_path)
    override_header(root)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, _, err = run_build(elsewhere, "--content", str(root / "content"))
    assert (code, err) == (0, "")
    assert soup(elsewhere / "site" / "index.html").header.get("data-desk") == "our header"


def test_a_template_nothing_uses_is_named_not_ignored_without_a_word(tmp_path: Path) -> None:
    """Tried by a theme developer: a misspelt override (events.html), a partial saved at the top (macros.html) and a
    page with no data (about.html) built with exit 0 and no word; a partial an override includes is used."""
    root = make_briefing(tmp_path)
    _override_event(root, '{% include "partials/banner.html" %}')
    (root / "templates" / "partials").mkdir()
    (root / "templates" / "partials" / "banner.html").write_text("<p>Our banner</p>\n", encoding="utf-8")
    for name in ("events.html", "macros.html", "about.html"):
        (root / "templates" / name).write_text("<p>{% if %}broken\n", encoding="utf-8")
    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    why = ("not used: no page is made with it and no template includes it (a template here replaces the built-in "
           "one of its name; a page of the briefing's own goes in static/)")
    assert out.splitlines()[1:] == [f"templates/about.html: {why}",
                                    f"templates/events.html: {why}; did you mean 'event.html'?",
                                    f"templates/macros.html: {why}; did you mean 'partials/macros.html'?"]
    assert "Our banner" in (root / "site" / "events" / "kim-arrives" / "index.html").read_text(encoding="utf-8")


def test_a_briefings_custom_css_adds_to_the_built_in_style_on_every_page(tmp_path: Path) -> None:
    """Tried by a theme developer: the only documented way to add a rule was to replace style.css whole (the pages
    then all but unstyled) or to override base.html. static/custom.css is loaded after the built-in style."""
    root = make_briefing(tmp_path)
    assert run_build(root)[0] == 0
    assert all(soup(page).find("link", href=lambda h: h and h.endswith("custom.css")) is None
               for page in (root / "site").rglob("*.html"))
    (root / "static").mkdir()
    (root / "static" / "custom.css").write_text(".masthead { background: #123456; }\n", encoding="utf-8")
    assert run_build(root)[0] == 0
    for page in ("index.html", "events/kim-arrives/index.html", "404.html"):
        sheets = [link["href"] for link in soup(root / "site" / page).find_all("link", rel="stylesheet")]
        assert [s.rsplit("/", 1)[-1] for s in sheets] == ["style.css", "custom.css"], page
    assert (root / "site" / "static" / "style.css").read_bytes() == (STATIC / "style.css").read_bytes()


def test_theming_md_names_every_variable_each_page_template_gets(tmp_path: Path) -> None:
    """docs/theming.md is what a theme's developer writes templates from: its table of each template's own data
    must be the data the build hands that template (the bundled briefing's pages, and a redirect's)."""
    import re

    from briefing import pages
    from briefing.pipeline import Paths, check
    from conftest import CLAIMS, EVENTS, PROJECT, QUOTES

    doc = (PROJECT / "docs" / "theming.md").read_text(encoding="utf-8")
    every = {name for row in re.findall(r"^\| ((?:`\w+`(?:, )?)+) \|", doc, re.M)
             for name in re.findall(r"`(\w+)`", row)}  # the variables every page gets
    assert {"meta", "jsonld", "alternates", "site", "page", "root", "as_of"} <= every
    documented: dict[str, set[str]] = {}
    for template, names in re.findall(r"^\| `([\w.]+\.html)` \| [^|]+ \| ([^|]+) \|$", doc, re.M):
        documented[template] = set(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", names)))
    made: dict[str, set[str]] = {}
    files = {name: text.replace("victory-parade", "parade") for name, text in
             (("events", EVENTS), ("quotes", QUOTES), ("claims", CLAIMS))}
    files["events"] = files["events"].replace("- id: parade\n", "- id: parade\n  former_ids: [victory-parade]\n")
    renamed = make_briefing(tmp_path, **files)
    for root in (PROJECT, renamed):
        r = check(Paths(root / "content", root / "seeds", root / "templates", root / "static", root / "site", root))
        for make in pages.makers(r, {}):
            page = make()
            made.setdefault(page.template, set()).update(set(page.data) - every)
    assert documented == made


def test_a_root_written_where_no_link_is_made_fails_at_its_line_and_base_url_unset_is_empty(tmp_path: Path) -> None:
    """Tried by a designer: `content="{{ root }}static/logo.svg"` in a meta tag shipped "@/static/logo.svg" on
    every page without a word, and `{{ base_url }}` printed "None"."""
    root = make_briefing(tmp_path)
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    lines = base.replace("</head>", '<meta property="og:image" content="{{ root }}static/logo.svg">\n</head>', 1)
    (root / "templates").mkdir()
    (root / "templates" / "base.html").write_text(lines, encoding="utf-8")
    code, _, err = run_build(root, "--out", "site", "-q")
    line = lines[:lines.index("og:image")].count("\n") + 1
    assert code == 1 and err.startswith(f"templates/base.html:{line}: “<meta property=\"og:image\" content=\"@/static"
                                        "/logo.svg\">”: {{ root }} makes a link only in an href, src or action")
    assert not (root / "site").exists()
    (root / "templates" / "base.html").write_text(
        base.replace("</body>", "<p id=published>published at [{{ base_url }}]</p></body>", 1), encoding="utf-8")
    assert run_build(root, "--out", "site", "-q")[0] == 0
    page = BeautifulSoup((root / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find(id="published").get_text() == "published at []"


def test_check_finds_a_template_that_does_not_compile_and_names_one_no_page_uses(tmp_path: Path) -> None:
    """Tried by a designer: `check` said "content OK" of a briefing whose base.html the build refused."""
    root = make_briefing(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "base.html").write_text("<p>{% if x %}</p>\n", encoding="utf-8")
    code, _, err = run_build(root, "check")
    assert code == 1 and err.startswith("templates/base.html:")
    assert "template syntax error" in err
    (root / "templates" / "base.html").unlink()
    (root / "templates" / "events.html").write_text("<p>x</p>\n", encoding="utf-8")
    code, out, _ = run_build(root, "check")
    assert code == 0 and "templates/events.html: not used" in out
