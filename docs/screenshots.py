"""Regenerate the README screenshots: `python docs/screenshots.py [SITE_DIR] [OUT_DIR]`.

Opens the built site from file:// in Debian's headless Chromium (via Playwright) at
1280 and 390 px and saves the home, an event, a source, the timeline, the people (with
who met whom) and a search page.
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    events = sorted((site / "events").iterdir())
    event = events[len(events) // 2]
    source = sorted((site / "sources").iterdir())[0]
    pages = {"home": (site / "index.html").as_uri(), "event": (event / "index.html").as_uri(),
             "source": (source / "index.html").as_uri(), "timeline": (site / "timeline" / "index.html").as_uri(),
             "people": (site / "people" / "index.html").as_uri() + "#met",
             "search": (site / "search" / "index.html").as_uri() + "?q=parade+beijing"}
    extra = sys.argv[3:]  # more pages, as name=relative/path/index.html
    for spec in extra:
        name, _, rel = spec.partition("=")
        pages[name] = (site / rel).as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width, height in ((1280, 900), (390, 844)):
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, url in pages.items():
                page.goto(url)
                page.wait_for_timeout(200)  # the search page loads its index parts
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=width == 390)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
