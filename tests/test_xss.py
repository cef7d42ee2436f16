"""Safe output (issue 6): an attacker's payload in every field of the content and in an
article's text is escaped wherever it lands, and no script runs in Chromium on any page."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import (ALPHA, ARTICLES, CLAIMS, EVENTS, PEOPLE, QUOTES, SITE, THEMES, make_briefing, run_build)

# Every way in: an element, an event handler, an attribute break-out, a script end inside
# JSON, an SVG, a comment. Each would set window.__xss (or open a dialog) if it ran.
PAYLOAD = ("<script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\">\"'><svg onload=window.__xss=1>"
           "</script><!--")


# Passes as an http(s) URL, and would break out of an href="..." that did not escape quotes.
URL = 'https://example.com/x"onfocus="window.__xss=1"autofocus="'


def q(text: str) -> str:
    """As a YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def evil_briefing(tmp_path: Path) -> Path:
    p = PAYLOAD
    site = (SITE.replace("title: Test Briefing", f"title: {q('Test ' + p)}")
                .replace("subtitle: A fixture for the test suite", f"subtitle: {q(p)}")
                .replace("description: A small briefing built by the tests.", f"description: {q(p)}")
                .replace('  - "[[kim-jong-un]] went to Beijing to mend ties."', f"  - {q('[[kim-jong-un|' + p.replace(']', '') + ']] went ' + p)}"))
    articles = (ARTICLES.replace("title: Kim arrives in Beijing", f"title: {q('Kim ' + p)}")
                        .replace("outlet: AFP", f"outlet: {q('AFP ' + p)}")
                        .replace("url: https://example.com/afp-report", f"url: {q(URL)}")
                        .replace("author: Jane Roe", f"author: {q('Jane ' + p)}")
                        .replace("summary: The wire report on the arrival of [[kim-jong-un]].", f"summary: {q(p)}"))
    people = (PEOPLE.replace("role: Analyst", f"role: {q(p)}").replace("country: United States", f"country: {q(p)}")
                    .replace("affiliation: Example Institute", f"affiliation: {q(p)}")
                    .replace("summary: Analyst quoted by AFP.", f"summary: {q(p)}")
                    .replace("aliases: [Kim Jong-un, Kim]", f"aliases: [Kim Jong-un, Kim, {q('Kim ' + p)}]"))
    themes = THEMES.replace("title: China–North Korea ties", f"title: {q(p)}")
    events = (EVENTS.replace("title: Victory Day parade", f"title: {q('Parade ' + p)}")
                    .replace("location: Beijing\n  status", f"location: {q(p)}\n  status")
                    .replace("summary: The parade. See [[roe-calculus]] and [[how-many-leaders]].", f"summary: {q(p)}"))
    quotes = QUOTES.replace("context: told AFP", f"context: {q(p)}") + (
        f"- id: evil-quote\n  speaker: jane-roe\n  text: {q(p)}\n  source: {{article: afp-report}}\n")
    claims = (CLAIMS.replace("question: How many world leaders attended the parade?", f"question: {q(p)}")
                    .replace("note: The counts differ by one at most; see [[victory-parade]].", f"note: {q(p)}"))
    alpha = ALPHA + f"\n{p}\n\nAnother line with {p} inside it.\n"
    return make_briefing(tmp_path, site=site, articles=articles, people=people, themes=themes, events=events,
                         quotes=quotes, claims=claims, alpha=alpha)


def test_a_payload_in_every_field_runs_nowhere(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    root = evil_briefing(tmp_path)
    code, _, err = run_build(root, "--out", "site", "--base-url", "https://example.org/b")
    assert code == 0, err
    site = root / "site"
    pages = sorted(site.rglob("*.html"))
    ran: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.on("dialog", lambda d: (ran.append(f"dialog: {d.message}"), d.dismiss()))
        for path in pages:
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            if page.evaluate("window.__xss === 1"):
                ran.append(str(path.relative_to(site)))
            # the text is there, shown as text
            assert "window.__xss=1" in page.content() or path.name == "404.html" or "moved" in page.title().lower()
        browser.close()
    assert ran == []
    assert len(pages) > 15
    # The other outputs carry it as data, escaped for their format.
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    data: Any = json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))
    assert data is not None
