"""The bundled site in a real browser (Playwright driving Debian's Chromium).

Opened straight from disk (file://) and served from a sub-folder of a local HTTP
server: real link clicks, no console errors, no request to any other host, and no
horizontal scrolling on a 390 px wide phone screen.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from conftest import http_site


class Visit:
    """A page with every request, console error and failed response recorded."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def click(self, selector: str) -> None:
        link = self.page.locator(selector).first
        assert link.count() == 1, f"no link matches {selector} on {self.page.url}"
        with self.page.expect_navigation():
            link.click()

    def h1(self) -> str:
        assert self.page.locator("h1").count() == 1, self.page.url
        return " ".join(self.page.locator("h1").inner_text().split())

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def site(bundled: tuple[Path, float, str]) -> Path:
    return bundled[0]


def test_click_through_from_disk(browser: Any, site: Path) -> None:
    v = Visit(browser)
    try:
        v.page.goto((site / "index.html").as_uri())
        assert v.h1() == v.page.title().split(" · ")[-1]

        v.click(".col-main .event-title a >> nth=0")
        assert "/events/" in v.page.url and v.page.url.endswith("/index.html")
        event_title = v.h1()
        assert event_title and v.page.title().startswith(event_title)

        v.click("main dl.summary-list a[href*='people/']")
        assert "/people/" in v.page.url
        assert v.h1()

        v.click("main ol.mentions a")
        url = urlparse(v.page.url)
        assert "/sources/" in url.path and url.fragment.startswith("p")
        assert v.h1()
        assert v.page.locator(f"[id='{url.fragment}']").count() == 1

        v.click("nav.site-nav a:text-is('Quotes')")
        assert v.page.url.endswith("/quotes/index.html")
        v.click("main figure.quote .quote-source a")
        assert "/sources/" in v.page.url and "#p" in v.page.url
        assert v.page.locator("main mark.hl-quote").count() >= 1

        assert v.errors == []
        others = [r for r in v.requests if not r.startswith("file://")]
        assert others == [], "requests to other hosts"
    finally:
        v.close()


@pytest.mark.parametrize("which", ["home", "event", "article"])
def test_no_horizontal_scroll_on_a_phone(browser: Any, site: Path, which: str) -> None:
    pages = {"home": site / "index.html",
             "event": sorted((site / "events").iterdir())[0] / "index.html",
             "article": sorted((site / "sources").iterdir())[0] / "index.html"}
    v = Visit(browser, width=390, height=844)
    try:
        v.page.goto(pages[which].as_uri())
        width = v.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{which} page is {width} px wide at 390 px"
        assert v.errors == []
        assert [r for r in v.requests if not r.startswith("file://")] == []
    finally:
        v.close()


def test_served_from_a_sub_folder(browser: Any, site: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(site, root / "sub")

    with http_site(root) as (address, served):
        base = address.rstrip("/")
        v = Visit(browser)
        try:
            v.page.goto(f"{base}/sub/")
            assert v.h1()
            v.click("nav.site-nav a:text-is('Timeline')")
            assert v.page.url == f"{base}/sub/timeline/index.html"
            v.click("main article.event-item:has(a[href*='people/']) .event-title a")
            assert v.page.url.startswith(f"{base}/sub/events/")
            assert v.h1()
            v.click("main dl.summary-list a[href*='people/']")
            assert v.page.url.startswith(f"{base}/sub/people/")
            v.click("nav.site-nav a:text-is('Sources')")
            v.click("main ol.source-list h2 a")
            assert v.page.url.startswith(f"{base}/sub/sources/")
            assert v.page.locator("main article.source-text [id='p1']").count() == 1
            v.click("a.brand")
            assert v.page.url == f"{base}/sub/index.html"
            stylesheet = v.page.evaluate("getComputedStyle(document.body).fontFamily")
            assert stylesheet  # the CSS loaded from the sub-folder
            assert [r for r in v.requests if not r.startswith(f"{base}/sub/")] == []
            # Chromium asks the host root for /favicon.ico by itself (the pages declare no icon);
            # everything else the server was asked for is in the sub-folder and was found.
            asked = [(path, code) for path, code in served if path != "/favicon.ico"]
            assert [(path, code) for path, code in asked if not path.startswith("/sub/") or code not in (200, 304)] == []
            assert len(asked) >= 12
            favicon_misses = sum(1 for path, code in served if path == "/favicon.ico" and code == 404)
            load_failures = [e for e in v.errors if "Failed to load resource" in e]
            assert len(load_failures) == favicon_misses
            assert [e for e in v.errors if e not in load_failures] == []
        finally:
            v.close()
