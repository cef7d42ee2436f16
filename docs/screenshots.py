"""Regenerate the README screenshots: `python docs/screenshots.py [SITE_DIR] [OUT_DIR]`.

Opens the built site from file:// in Debian's headless Chromium (via Playwright) at
1280 and 390 px and saves the home, an event, a source, the timeline, the people (with
who met whom) and a search page; the timeline and the event in the dark scheme too. A phone's
page is shot whole up to three screens.
"""
from __future__ import annotations

import sys
from itertools import product
from pathlib import Path

from playwright.sync_api import sync_playwright

DARK = ("timeline", "event")  # the pages shot in the dark scheme too
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
        for (width, height), scheme in product(((1280, 900), (390, 844)), ("light", "dark")):
            page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
            for name, url in pages.items():
                if scheme == "dark" and name not in DARK:
                    continue
                page.goto(url)
                page.wait_for_timeout(200)  # the search page loads its index parts
                # a phone's page whole, up to three screens (the timeline's list runs on for many)
                tall = min(page.evaluate("document.documentElement.scrollHeight"), 3 * height)
                clip = {"x": 0, "y": 0, "width": width, "height": tall} if width == 390 else None
                page.screenshot(path=str(out / f"{name}-{width}{'-dark' if scheme == 'dark' else ''}.png"),
                                full_page=width == 390, clip=clip)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
