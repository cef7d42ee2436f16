"""briefing.urls: site paths, and links relative to the page that holds them."""
from __future__ import annotations

import posixpath

import pytest

from briefing import urls


@pytest.mark.parametrize(
    ("kind", "ident", "path"),
    [("home", "", ""), ("timeline", "", "timeline/"), ("event", "parade", "events/parade/"),
     ("person", "kim-jong-un", "people/kim-jong-un/"), ("theme", "t", "themes/t/"), ("article", "a", "sources/a/"),
     ("person", "", "people/"), ("quotes", "", "quotes/"), ("claims", "", "claims/")],
)
def test_page_paths(kind: str, ident: str, path: str) -> None:
    assert urls.page(kind, ident) == path


def test_quotes_and_claims_live_at_anchors() -> None:
    assert urls.item("quote", "q1") == "quotes/#q-q1"
    assert urls.item("claim", "c1") == "claims/#c-c1"
    assert urls.item("event", "e1") == "events/e1/"


def test_paragraph_addresses() -> None:
    assert urls.paragraph("afp", "p3") == "sources/afp/#p3"
    assert urls.paragraph("afp", "") == "sources/afp/"


@pytest.mark.parametrize(("path", "file"), [("", "index.html"), ("events/x/", "events/x/index.html"),
                                            ("feed.xml", "feed.xml"), ("404.html", "404.html")])
def test_output_files(path: str, file: str) -> None:
    assert urls.output_file(path) == file


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        ("events/x/", "people/y/", "../../events/x/index.html"),
        ("", "events/x/", "../../index.html"),
        ("", "", "index.html"),
        ("quotes/#q-a", "quotes/", "#q-a"),
        ("quotes/#q-a", "events/x/", "../../quotes/index.html#q-a"),
        ("static/style.css", "404.html", "static/style.css"),
        ("feed.xml", "timeline/", "../feed.xml"),
        ("events/x/", "events/x/", "../../events/x/index.html"),
        ("timeline/?theme=t", "themes/t/", "../../timeline/index.html?theme=t"),  # a filtered page, from file:// too
        ("quotes/?speaker=k#q-a", "people/k/", "../../quotes/index.html?speaker=k#q-a"),
    ],
)
def test_relative_links(target: str, page: str, link: str) -> None:
    assert urls.relative(target, page) == link


@pytest.mark.parametrize("page", ["", "timeline/", "events/x/", "404.html", "people/kim/"])
@pytest.mark.parametrize("target", ["", "events/x/", "sources/a/#p3", "static/style.css", "data/briefing.json"])
def test_relative_links_resolve_to_the_target_file(page: str, target: str) -> None:
    link = urls.relative(target, page)
    path, _, fragment = link.partition("#")
    here = posixpath.dirname(urls.output_file(page))
    resolved = posixpath.normpath(posixpath.join(here, path)) if path else urls.output_file(page)
    want, _, want_fragment = target.partition("#")
    assert resolved == urls.output_file(want)
    assert fragment == want_fragment


def test_relativize_rewrites_href_and_src() -> None:
    html = '<a href="@/people/">x</a><img src="@/static/a.png"><a href="@/#kj">k</a><a href="https://e.org/">e</a>'
    assert urls.relativize(html, "themes/t/") == (
        '<a href="../../people/index.html">x</a><img src="../../static/a.png"><a href="../../index.html#kj">k</a>'
        '<a href="https://e.org/">e</a>')


_PAGES = ["", "events/x/", "sources/a/", "404.html", "static/style.css", "x/y/z/"]


@pytest.mark.parametrize("page", _PAGES)
def test_relativize_does_what_relative_does_for_every_link(page: str) -> None:
    """The regex rewrite agrees with `relative`, link by link: fragments of the page itself,
    folders, files, every attribute that links, in double quotes or single; text outside a tag is left alone."""
    targets = [p + f for p in _PAGES for f in ("", "#p1", "#q-a")]
    html = "".join(f'<a {attr}={q}@/{t}{q}>x</a> @/{t} ' for attr in ("href", "src", "action") for t in targets
                   for q in "\"'")
    want = "".join(f'<a {attr}={q}{urls.relative(t, page)}{q}>x</a> @/{t} '
                   for attr in ("href", "src", "action") for t in targets for q in "\"'")
    assert urls.relativize(html, page) == want


def test_a_root_the_build_makes_no_link_of_is_an_error_not_a_dead_address() -> None:
    """Tried by a designer: `<meta property="og:image" content="{{ root }}...">`, an href without quotes and a
    srcset shipped "@/..." in the page, which leads nowhere, and the build said nothing."""
    for html in ('<meta property="og:image" content="@/static/logo.svg">', '<a href=@/events/x/>x</a>',
                 '<img srcset="@/a.png 1x, @/b.png 2x">'):
        with pytest.raises(urls.Unlinked):
            urls.relativize(html, "events/x/")


def test_from_root_and_absolute() -> None:
    """The page not found is served at any address: its links from the root, base_url's path, so that a staging
    copy under the same path works too (tried by a web developer: with base_url every link left for production)."""
    html = '<a href="@/people/">x</a><a href="@/">home</a><a href="@/quotes/#q-a">q</a>'
    assert urls.from_root(html, "https://ex.org/b/") == (
        '<a href="/b/people/">x</a><a href="/b/">home</a><a href="/b/quotes/#q-a">q</a>')
    assert urls.from_root('<a href="@/x/">x</a>', "https://ex.org/") == '<a href="/x/">x</a>'
    assert urls.absolute("https://ex.org/b/", "events/x/") == "https://ex.org/b/events/x/"
    assert urls.absolute(None, "events/x/") == "events/x/"


def test_from_root_escapes_the_base_url_it_writes_into_attributes() -> None:
    html = '<a href="@/people/">x</a>'
    assert urls.from_root(html, 'https://ex.org/"&<') == '<a href="/&quot;&amp;&lt;people/">x</a>'
