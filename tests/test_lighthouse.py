"""Lighthouse in Debian's Chromium, on the published bundled briefing, and page weight.

Lighthouse (npm, tests/js) runs with its default settings, a mid-range phone on a
slow 4G network: 100 for accessibility, best practices and SEO and at least 95 for
performance, on the home page, the timeline and an event page. The median page
(HTML + CSS + JS + images, uncompressed) weighs under 60 KB.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import PROJECT, http_site, run_build

LIGHTHOUSE = PROJECT / "tests" / "js" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update " \
        "--disable-sync --no-first-run"
BASE_URL = "https://briefings.example.org/kim-beijing/"
WANTED = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lighthouse") / "site"
    code, _, err = run_build(PROJECT, "--out", str(out), "--base-url", BASE_URL, "-q")
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def served(published: Path) -> Iterator[str]:
    with http_site(published) as (address, _):
        yield address


def _first_event(site: Path) -> str:
    return sorted(p.parent.name for p in (site / "events").glob("*/index.html"))[0]


@pytest.mark.parametrize("page", ["", "timeline/", "event", "quotes/", "search/", "people/xi-jinping/"])
def test_lighthouse_scores(served: str, published: Path, tmp_path: Path, page: str) -> None:
    assert LIGHTHOUSE.is_file(), f"Lighthouse is not installed: npm ci --prefix tests/js (.ci/install does); looked for {LIGHTHOUSE}"
    assert CHROMIUM.is_file(), f"Lighthouse needs Chromium at {CHROMIUM} (apt-get install chromium)"
    url = served + (f"events/{_first_event(published)}/" if page == "event" else page)
    report = tmp_path / "report.json"
    run = subprocess.run([str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={FLAGS}", "--output=json",
                          f"--output-path={report}", "--only-categories=" + ",".join(WANTED)],
                         env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0 and report.is_file(), run.stderr[-2000:]
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {k: result["categories"][k]["score"] for k in WANTED}
    failing = [f"{c}: {r['id']} {result['audits'][r['id']].get('displayValue', '')}"
               for c in WANTED for r in result["categories"][c]["auditRefs"]
               if r["weight"] and (result["audits"][r["id"]]["score"] or 0) < 1
               and result["audits"][r["id"]]["scoreDisplayMode"] in ("binary", "numeric")]
    assert all(scores[k] >= v for k, v in WANTED.items()), (url, scores, failing)


def test_median_page_weight_is_under_60_kb(published: Path) -> None:
    weights = []
    for page in sorted(published.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        refs = {str(t.get("href")) for t in soup.find_all("link", rel=lambda r: r and ("stylesheet" in r or "icon" in r))}
        refs |= {str(t.get("src")) for t in soup.find_all(["script", "img"]) if t.get("src")}
        total = page.stat().st_size
        for ref in refs:
            parts = urlsplit(ref)
            if not parts.scheme and not parts.path.startswith("/"):  # the page not found's are from the root
                total += (page.parent / parts.path).resolve().stat().st_size
        weights.append(total)
    assert statistics.median(weights) < 60_000, statistics.median(weights)
