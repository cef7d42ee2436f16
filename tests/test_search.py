"""Full-text search (/search/): the index files as a browser reads them, and the search page in Chromium.

The index is read the way search.js reads it: every search/*.js file is a call
`briefingSearch.add(part, key, data)`; the wrapper is stripped and the JSON parsed.
`Index.query` follows search.js's lookup rules (a word's part is the longest shard key
that starts it, words of 3 letters or more match as prefixes, filters are words too,
title matches first), so the browser's results can be compared with what the index holds.

The browser tests share one Chromium (module fixture) and the bundled briefing, built
once into a temporary folder with briefing.pipeline.build.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import string
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, unquote, urlsplit

import pytest
import yaml
from conftest import (
    ALPHA,
    BUILD_PY,
    EVENTS,
    PEOPLE,
    PROJECT,
    STATIC,
    TEMPLATES,
    http_site,
    make_briefing,
    run_build,
    soup,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from briefing import folding, search
from briefing.cache import Cache
from briefing.pipeline import Options, Paths, build, check

KIND_NAMES = {"event": "Event", "person": "Person", "theme": "Theme", "quote": "Quote", "claim": "Claim",
              "source": "Source", "paragraph": "Article text"}  # the labels a result shows (search.js)
PAGE = 20  # results search.js shows at a time


# -- reading the index as the browser does ----------------------------------------------------

_WRAPPER = "briefingSearch.add("


def parse_script(text: str) -> tuple[str, str, Any]:
    """`briefingSearch.add("part","key",{...});` -> (part, key, data); anything else fails."""
    assert text.startswith(_WRAPPER) and text.endswith(");\n"), text[:80]
    decoder = json.JSONDecoder()
    at = len(_WRAPPER)
    values = []
    for n in range(3):
        value, at = decoder.raw_decode(text, at)
        values.append(value)
        expected = "," if n < 2 else ");\n"
        assert text[at:at + len(expected)] == expected, text[at - 20:at + 20]
        at += len(expected)
    assert at == len(text)
    return values[0], values[1], values[2]


def decode(gaps: list[int]) -> list[int]:
    ids, at = [], 0
    for g in gaps:
        at += g
        ids.append(at)
    return ids


def fold(text: str) -> str:
    """search.js's fold: lower case, NFKD, combining marks dropped."""
    return re.sub("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]", "",
                  unicodedata.normalize("NFKD", text.lower()))


@dataclass
class Index:
    """The whole index, parsed from the script files (by path relative to the site)."""

    meta: dict[str, Any]
    shards: dict[str, dict[str, list[int]]]  # shard key -> word -> document ids
    parts: dict[int, dict[str, Any]]  # document part number -> {"docs": [...], "articles": {...}}
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, files: dict[str, str]) -> Index:
        meta: dict[str, Any] | None = None
        shards: dict[str, dict[str, list[int]]] = {}
        parts: dict[int, dict[str, Any]] = {}
        for rel, text in files.items():
            part, key, data = parse_script(text)
            if rel == "search/meta.js":
                assert (part, key) == ("meta", "")
                meta = data
            elif rel.startswith("search/w/"):
                assert part == "w" and rel == f"search/w/{file_name(key)}.js", rel
                shards[key] = {w: decode(g) for w, g in data.items()}
            else:
                assert part == "d" and rel == f"search/d/{key}.js", rel
                parts[int(key)] = data
        assert meta is not None, "no search/meta.js"
        return cls(meta, shards, parts, files)

    @classmethod
    def from_site(cls, site: Path) -> Index:
        return cls.read({p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
                         for p in sorted((site / "search").rglob("*.js"))})

    # search.js's rules
    def shard_of(self, term: str) -> str | None:
        keys = set(self.meta["shards"])
        for n in range(len(term), 0, -1):
            if term[:n] in keys:
                return term[:n]
        return None

    def lookup(self, term: str, exact: bool) -> set[int]:
        own = self.shard_of(term)
        keys = [own] if own else []
        if not exact and len(term) >= 3:
            longer = [k for k in self.meta["shards"] if k != own and k.startswith(term)]
            if len(longer) <= 12:
                keys += longer
            else:
                exact = True
        found: set[int] = set()
        for k in keys:
            for w, ids in self.shards[k].items():
                if w == term or (not exact and len(term) >= 3 and w.startswith(term)):
                    found.update(ids)
        return found

    def query(self, q: str = "", kind: str = "", person: str = "", theme: str = "", status: str = "",
              since: str = "", until: str = "") -> list[int]:
        """The ids search.js lists, in its order; with no word nor person, theme or status, every document."""
        terms = [t for t in dict.fromkeys(search.words(q))]
        asks = [self.lookup(t, False) for t in terms]
        for prefix, value in (("@p:", person), ("@t:", theme), ("@s:", status)):
            if value:
                asks.append(self.lookup(prefix + value, True))
        ids = sorted(set.intersection(*asks)) if asks else self.ids()
        titles = [self.lookup("!" + t, False) for t in terms]
        whole = self.lookup("=" + "_".join(sorted(terms)), True) if terms else set()  # a title of just these words
        ids.sort(key=lambda i: -sum(i in t for t in titles) - (len(titles) + 1) * (i in whole))  # stable
        if kind:
            ranges = [r for r in self.meta["kinds"] if r[0] == kind]
            ids = [i for i in ids if ranges and ranges[0][1] <= i < ranges[0][2]]
        if since or until:  # search.js's within(): an undated document is in no range
            ids = [i for i in ids if (r := self.record(i))["start"] and (not until or r["start"] <= until)
                   and (not since or r["end"] >= since)]
            # its inside(): those certainly within first, then those dated too loosely to tell, each in index order
            def loose(i: int) -> bool:
                r = self.record(i)
                return not ((not since or r["start"] >= since) and (not until or r["end"] <= until))
            ids.sort(key=loose)
        return ids

    def suggest(self, q: str, kind: str = "", person: str = "", theme: str = "", status: str = "") -> list[str]:
        """The queries search.js offers ("Did you mean") when `q` finds nothing: each word the index lacks replaced
        by one of the 3 words of its part nearest to it (OSA distance at most 1 for 4 letters or fewer, else 2;
        nearest, then most frequent, first), or with none lacking one word at a time, and if none of those finds
        anything each word alone; only those that find something with the same filters, at most 3."""
        terms = ordered_words(q)
        found = {t: self.lookup(t, False) for t in terms}
        near = {t: [w for w in self.nearest(t) if w != t] for t in terms}
        exact = {w: set(self.shards[self.shard_of(t) or ""].get(w, [])) for t in terms for w in near[t]}
        if any(not found[t] for t in terms):
            tries: list[list[str]] = [[]]
            for t in terms:
                tries = [words + [c] for words in tries for c in ([t] if found[t] else near[t])]
        else:
            tries = [terms[:i] + [w] + terms[i + 1:] for i, t in enumerate(terms) for w in near[t]]
        filters = [self.lookup(prefix + value, True) for prefix, value in (("@p:", person), ("@t:", theme),
                                                                            ("@s:", status)) if value]
        ranges = [r for r in self.meta["kinds"] if r[0] == kind]
        offered: list[str] = []
        alone = [[t] for t in terms] if all(found.values()) and len(terms) > 1 else []
        for group in (tries, alone):  # each word alone only if nothing else finds anything
            for words in group if not offered else ():
                query = " ".join(words)
                if query == " ".join(terms) or query in offered or len(offered) >= 3:
                    continue
                ids = set.intersection(*[found[w] if w in found else exact[w] for w in words], *filters)
                if kind:
                    ids = {i for i in ids if ranges and ranges[0][1] <= i < ranges[0][2]}
                if ids:
                    offered.append(query)
        return offered

    def nearest(self, term: str) -> list[str]:
        own = self.shard_of(term)
        part = self.shards[own] if own else {}
        most = 2 if len(term) > 4 else 1
        close = [(OSA.distance(term, w), -len(ids), w) for w, ids in part.items()]
        return [w for d, _, w in sorted(c for c in close if c[0] <= most)[:3]]

    def postings(self) -> dict[str, list[int]]:
        return {w: ids for shard in self.shards.values() for w, ids in shard.items()}

    def record(self, n: int) -> dict[str, str]:
        """Document n as a result shows it: kind, title, url (site-relative), text, start, end."""
        starts = self.meta["docs"]
        part = max(i for i, s in enumerate(starts) if s <= n)
        data = self.parts[part]
        docs = data["docs"]  # search.js's part.docs[id - start]: a list, or by string key where ids skip
        doc = docs[str(n - starts[part])] if isinstance(docs, dict) else docs[n - starts[part]]
        if doc[0] == "paragraph":
            a = data["articles"][str(doc[1])]
            return {"kind": "paragraph", "title": a[0], "url": f"{a[1]}#{doc[2]}", "text": doc[3],
                    "start": a[3], "end": a[4]}
        return dict(zip(("kind", "title", "url", "sub", "text", "start", "end"), doc))

    def ids(self) -> list[int]:
        """Every document's id, in order, as the document parts hold them."""
        out: list[int] = []
        for n, start in enumerate(self.meta["docs"]):
            docs = self.parts[n]["docs"]
            out += sorted(start + int(k) for k in docs) if isinstance(docs, dict) else range(start, start + len(docs))
        return out

    def by_url(self) -> dict[str, int]:
        out = {self.record(n)["url"]: n for n in self.ids()}
        assert len(out) == self.meta["count"], "two documents share a link"
        return out


def ordered_words(q: str) -> list[str]:
    """A query's index words in the order it gives them, each once (search.js's words())."""
    return list(dict.fromkeys(w for token in re.findall(r"[^\W_]+", fold(q)) for w in search.words(token)))


def file_name(key: str) -> str:
    """search.js's fileName (ASCII letters and digits as they are, anything else as _hex_)."""
    return "".join(c if re.fullmatch("[A-Za-z0-9]", c) else f"_{ord(c):x}_" for c in key) or "_"


# -- the sites ------------------------------------------------------------------------------------


def build_bundled(out: Path) -> Path:
    build(Paths(PROJECT / "content", PROJECT / "seeds", TEMPLATES, STATIC, out, PROJECT), Options(), Cache())
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled briefing, built once for this module."""
    return build_bundled(tmp_path_factory.mktemp("search") / "site")


@pytest.fixture(scope="module")
def index(site: Path) -> Index:
    return Index.from_site(site)


@pytest.fixture(scope="module")
def small_parts(monkeypatch_module: pytest.MonkeyPatch) -> Index:
    """The bundled index cut into many small parts (word parts split by two or three letters)."""
    monkeypatch_module.setattr(search, "SHARD_BYTES", 400)
    monkeypatch_module.setattr(search, "DOC_BYTES", 3000)
    resolved = check(Paths(PROJECT / "content", PROJECT / "seeds", TEMPLATES, STATIC, PROJECT / "unused", PROJECT))
    files = dict(search.each_file(resolved))
    monkeypatch_module.undo()
    return Index.read(files)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


# -- unit: words ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Pyongyang's", {"pyongyang"}),                  # the possessive 's is a single letter
    ("PYÖNGYANG", {"pyongyang", "pyoengyang"}),      # case and accents folded; an umlaut spelt out too
    ("PYŎNGYANG", {"pyongyang"}),                    # a breve is no umlaut
    ("Pyŏngyang Séoul Tōkyō", {"pyongyang", "seoul", "tokyo"}),
    ("The leaders of the world and their allies", {"leaders", "world", "allies"}),  # stop words out
    ("a b c x Kim 7", {"kim", "7"}),                 # single letters out, single digits kept
    ("snake_case __init__", {"snake", "case", "init"}),  # underscores split words
    ("Kim Jong-un, Kim Jong Un", {"kim", "jong", "un"}),
    ("97% in 2025-09-03", {"97", "2025", "09", "03"}),
    ("", set()),
])
def test_words_folds_case_and_accents_and_drops_stop_words(text: str, expected: set[str]) -> None:
    assert search.words(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(max_codepoint=127)) | st.text())
def test_ascii_words_are_split_as_the_regex_splits_them(text: str) -> None:
    """ASCII text is split by str methods (faster); the words are the regex's, as in search.js."""
    folded = text.lower()
    if folded.isascii():
        split = set(re.findall(r"[^\W_]+", folded)) - search.STOP - set(string.ascii_lowercase)
        assert search.words(text) == {folding.spelt(w) for w in split}  # "-isation" too, as any word of the list


def test_the_index_lists_the_stop_words_search_js_drops(index: Index) -> None:
    assert set(index.meta["stop"]) == set(search.STOP)
    assert not any(w in index.postings() for w in search.STOP)


# -- unit: every word in its part, every document in its part ---------------------------------------


def _every_term_in_its_shard(ix: Index) -> None:
    keys = ix.meta["shards"]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert set(ix.shards) == set(keys), "meta.js lists a word part that is missing, or misses one"
    lost = []
    for key, shard in ix.shards.items():
        for term, ids in shard.items():
            assert ids == sorted(set(ids)) and ids, term
            home = ix.shard_of(term)
            if home != key or term not in ix.shards[home]:
                lost.append(f"{term!r} is in part {key!r}, search.js looks in {home!r}")
    assert lost == []


def test_every_term_is_in_the_shard_its_longest_prefix_key_names(index: Index) -> None:
    _every_term_in_its_shard(index)
    assert len(index.postings()) > 1000


def test_every_term_is_found_when_shards_are_split_finely(small_parts: Index) -> None:
    assert max(len(k) for k in small_parts.meta["shards"]) >= 3, "the small sizes did not split the word parts"
    _every_term_in_its_shard(small_parts)


def _document_parts_cover_every_document(ix: Index) -> None:
    count, starts = ix.meta["count"], ix.meta["docs"]
    assert starts[0] == 0 and starts == sorted(set(starts))
    assert set(ix.parts) == set(range(len(starts))), "document parts on disk differ from meta.js"
    ids = ix.ids()
    assert len(ids) == count and ids == sorted(set(ids))
    for n, (start, end) in enumerate(zip(starts, starts[1:] + [ids[-1] + 1])):
        docs = ix.parts[n]["docs"]
        records = list(docs.values()) if isinstance(docs, dict) else docs
        mine = [i for i in ids if start <= i < end]
        assert len(mine) == len(records), f"part {n} holds {len(records)} records for ids {start}..{end - 1}"
        needed = {str(d[1]) for d in records if d[0] == "paragraph"}
        assert needed == set(ix.parts[n]["articles"]), f"part {n} lacks the articles of its paragraphs, or more"
    # Each record is the document its id stands for in the word lists: a paragraph's text has
    # exactly its words, and a title word (!word) is in the title it ranks (a quote's, its speaker's name, ranks none).
    words_of: dict[int, set[str]] = {}
    for term, ids in ix.postings().items():
        for i in ids:
            words_of.setdefault(i, set()).add(term)
    assert words_of.keys() <= set(ix.ids()), "a word lists a document no part holds"
    for n in ix.ids():
        rec = ix.record(n)
        plain = {w for w in words_of.get(n, set()) if w[0] not in "!@"}
        titles = {w[1:] for w in words_of.get(n, set()) if w[0] == "!"}
        if rec["kind"] == "paragraph":
            assert plain == search.words(rec["text"]), f"document {n}: {rec['url']}"
        if rec["kind"] in ("paragraph", "quote"):
            assert titles == set()
        else:
            assert titles == search.words(rec["title"]), f"document {n}: {rec['url']}"
            assert titles <= plain


def test_document_parts_cover_every_id_once_and_hold_its_record(index: Index) -> None:
    _document_parts_cover_every_document(index)


def test_a_word_lists_each_document_once(tmp_path: Path) -> None:
    """An event may name a person or theme twice; its document is still listed once under the filter."""
    root = make_briefing(tmp_path, events=EVENTS.replace("people: [kim-jong-un, kim-yo-jong]",
                                                         "people: [kim-jong-un, kim-yo-jong, kim-jong-un]")
                                                .replace("themes: [china-ties]", "themes: [china-ties, china-ties]", 1))
    assert subprocess.run([sys.executable, str(BUILD_PY), "--out", "site", "--templates", str(TEMPLATES),
                           "--static", str(STATIC)], cwd=root, capture_output=True).returncode == 0
    ix = Index.from_site(root / "site")
    for term, ids in ix.postings().items():
        assert ids == sorted(set(ids)), term
    assert len(ix.query(person="kim-jong-un", theme="china-ties", kind="event")) == 2


def test_document_parts_when_cut_small(small_parts: Index) -> None:
    assert len(small_parts.meta["docs"]) >= 5, "the small size did not cut the documents into parts"
    _document_parts_cover_every_document(small_parts)


def test_kind_ranges_are_disjoint_in_order_and_cover_every_document(index: Index) -> None:
    ranges = index.meta["kinds"]
    kinds = [r[0] for r in ranges]
    assert kinds == [k for k in search.KINDS if k in kinds]
    assert kinds == list(search.KINDS), "the bundled briefing has every kind of result"
    at, ids = 0, index.ids()
    for kind, start, end in ranges:
        assert start == at and end > start, f"{kind} covers {start}..{end}, expected to start at {at}"
        at = end
        wrong = [n for n in ids if start <= n < end and index.record(n)["kind"] != kind]
        assert wrong == [], f"the {kind} range holds other kinds: {wrong[:5]}"
    assert ids[-1] < at, "a document lies beyond the last range"


def test_the_index_names_its_build_and_another_index_another(tmp_path: Path) -> None:
    """meta.js names the build of its parts, which search.js asks for under it: an article's words changed, the
    name changes; the same inputs, the same name."""
    def build(alpha: str, where: str) -> str:
        root = make_briefing(tmp_path / where, alpha=alpha)
        assert run_build(root, "-q")[0] == 0
        meta = (root / "site" / "search" / "meta.js").read_text(encoding="utf-8")
        found = re.search(r'"build":"([0-9a-f]{16})"', meta)
        assert found is not None
        return found[1]
    first = build(ALPHA, "a")
    assert build(ALPHA, "b") == first
    assert build(ALPHA + "\nA new closing paragraph about the harbour.\n", "c") != first


def test_two_builds_write_byte_identical_index_files(site: Path, tmp_path: Path) -> None:
    """The second build is a separate process with another hash seed: no set order leaks out."""
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYTHONHASHSEED": "4242"}
    result = subprocess.run([sys.executable, str(BUILD_PY), "--templates", str(TEMPLATES), "--static", str(STATIC),
                             "--out", str(out), "-q"], cwd=PROJECT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / "search").rglob("*.js"))}

    first, second = files(site), files(out)
    assert len(first) > 10
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


# -- in Chromium -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """The bundled site over HTTP from a sub-folder: (its address, every (path, status) asked for)."""
    root = tmp_path_factory.mktemp("http")
    shutil.copytree(site, root / "sub" / "briefing")
    with http_site(root) as (address, asked):
        yield address + "sub/briefing/", asked


class Tab:
    """A page in its own context, with console errors, page errors and failed requests recorded."""

    def __init__(self, browser: Any, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        # a request the page's own navigation cut short (the favicon, leaving by Back) is no failure of the site
        self.page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else self.errors.append(
            f"failed: {r.url} ({r.failure})"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()

    def search(self, url: str) -> list[dict[str, Any]]:
        """Open a search page address and wait for its answer; the results as shown."""
        self.page.goto(url)
        return self.results()

    def results(self) -> list[dict[str, Any]]:
        self.page.wait_for_function(
            "() => /^(\\d+ results?|No results)/.test(document.getElementById('search-status').textContent)",
            timeout=10_000)
        found: list[dict[str, Any]] = self.page.evaluate("""() => Array.from(document.querySelectorAll('#search-results > li')).map(li => {
            const a = li.querySelector('h2 a'), snip = li.querySelector('.result-snippet');
            return {href: a.href, title: a.textContent, kind: li.querySelector('.result-kind').textContent,
                    snippet: snip ? snip.textContent : '', marks: snip ? Array.from(snip.querySelectorAll('mark'),
                    m => m.textContent) : [], elements: Array.from(li.querySelectorAll('*'), e => e.tagName)};
        })""")
        return found

    def status(self) -> str:
        return str(self.page.locator("#search-status").inner_text())

    def every(self, url: str) -> list[dict[str, Any]]:
        """Every result of a search, "Show more results" clicked until it hides."""
        self.search(url)
        while self.page.locator("#search-more").is_visible():
            self.page.evaluate("window.__said = document.getElementById('search-status').firstChild")
            self.page.click("#search-more")
            self.page.wait_for_function("document.getElementById('search-status').firstChild !== window.__said")
        return self.results()


def site_relative(href: str, base: str) -> str:
    assert href.startswith(base), f"{href} is not under {base}"
    return unquote(href[len(base):])


def ids_of(results: list[dict[str, Any]], index: Index, base: str) -> list[int]:
    urls = index.by_url()
    return [urls[site_relative(r["href"], base)] for r in results]


def check_results(results: list[dict[str, Any]], index: Index, base: str, expected: list[int], word: str) -> None:
    """The results are the index's first PAGE answers, each labelled with its kind, matches marked."""
    assert ids_of(results, index, base) == expected[:PAGE]
    for r, n in zip(results, expected):
        rec = index.record(n)
        assert r["kind"].startswith(KIND_NAMES[rec["kind"]]), (r["kind"], rec["kind"])
        assert r["title"] == rec["title"]
        shown = [w for w in re.findall(r"[^\W_]+", r["snippet"]) if fold(w).startswith(word)]
        assert [fold(m) for m in r["marks"]] == [fold(w) for w in shown], r["snippet"]
    assert any(r["marks"] for r in results), "no match is marked"


def test_search_from_disk_shows_results_with_kind_and_marked_match(browser: Any, site: Path, index: Index) -> None:
    expected = index.query("parade")
    assert len(expected) > PAGE
    assert {index.record(n)["kind"] for n in expected} >= {"event", "paragraph", "quote"}
    base = (site / "x").as_uri()[:-1]
    with Tab(browser) as tab:
        results = tab.search((site / "search" / "index.html").as_uri() + "?q=parade")
        assert len(results) == PAGE
        check_results(results, index, base, expected, "parade")
        assert tab.status() == f"{len(expected)} results for \u201cparade\u201d, the first {PAGE} shown."
        assert tab.page.input_value("#q") == "parade"
        # The title matches come first: the parade event leads.
        assert results[0]["title"] == "Beijing Victory Day parade"
        assert tab.page.locator("#search-more").is_visible()
        tab.page.click("#search-more")
        tab.page.wait_for_function(f"document.querySelectorAll('#search-results > li').length > {PAGE}")
        more = tab.results()
        assert ids_of(more, index, base) == expected[:2 * PAGE]
        assert tab.errors == []
        assert [u for u in tab.requests if not u.startswith("file://")] == []
        # each part asked for under the index's build: a cached part of an earlier build is never mixed in (a
        # web developer's trial: an old meta.js with new parts, "Cannot read properties of undefined")
        parts = [u for u in tab.requests if re.search(r"/search/[wd]/", u)]
        assert parts and all(u.endswith(f".js?v={index.meta['build']}") for u in parts), parts


def test_a_query_is_folded_as_the_index_is(browser: Any, site: Path, index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    expected = index.query("beijing")
    assert expected
    with Tab(browser) as tab:
        url = (site / "search" / "index.html").as_uri()
        results = tab.search(url + "?q=B%C3%8BIJING%27s")  # "BËIJING's"
        assert ids_of(results, index, base) == expected[:PAGE]
        assert tab.status().startswith(f"{len(expected)} results")
        assert tab.errors == []


def test_search_over_http_from_a_sub_folder(browser: Any, served: tuple[str, list[tuple[str, int]]],
                                            index: Index) -> None:
    base, asked = served
    expected = index.query("parade")
    with Tab(browser) as tab:
        results = tab.search(base + "search/index.html?q=parade")
        check_results(results, index, base, expected, "parade")
        assert all(r["href"].startswith(base) for r in results)
        assert tab.errors == []
    wanted = [(p, code) for p, code in asked if p != "/favicon.ico"]
    assert any(p.startswith("/sub/briefing/search/w/") for p, _ in wanted), "no word part was loaded"
    assert any(p.startswith("/sub/briefing/search/d/") for p, _ in wanted), "no document part was loaded"
    assert [(p, code) for p, code in wanted if not p.startswith("/sub/briefing/") or code not in (200, 304)] == []


def test_a_paragraph_result_leads_to_that_paragraph(browser: Any, site: Path, index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    expected = index.query("parade", kind="paragraph")
    assert len(expected) >= 3
    with Tab(browser) as tab:
        results = tab.search((site / "search" / "index.html").as_uri() + "?q=parade&kind=paragraph")
        assert ids_of(results, index, base) == expected[:PAGE]
        for r in results:
            path, _, fragment = site_relative(r["href"], base).partition("#")
            target = site / path
            assert target.is_file(), r["href"]
            assert fragment, r["href"]
            element = soup(target).find(id=fragment)
            assert element is not None, f"{path} has no element with id {fragment!r}"
            assert any(w.startswith("parade") for w in search.words(element.get_text())), element.get_text()
        first = results[0]
        with tab.page.expect_navigation():
            tab.page.locator("#search-results > li h2 a").first.click()
        assert tab.page.url == first["href"]
        fragment = urlsplit(first["href"]).fragment
        shown = tab.page.locator(f"[id='{fragment}']")
        assert shown.count() == 1
        assert "parade" in fold(shown.inner_text())
        assert tab.errors == []


def test_kind_filter_shows_only_that_kind(browser: Any, site: Path, index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    with Tab(browser) as tab:
        for kind, word in (("quote", "kim"), ("source", "kim"), ("event", "parade")):
            expected = index.query(word, kind=kind)
            assert expected, kind
            results = tab.search((site / "search" / "index.html").as_uri() + f"?q={word}&kind={kind}")
            assert {r["kind"].split(" \u00b7 ")[0] for r in results} == {KIND_NAMES[kind]}, kind
            assert {index.record(n)["kind"] for n in ids_of(results, index, base)} == {kind}
            assert ids_of(results, index, base) == expected[:PAGE]
            assert tab.page.locator("#search-narrow").get_attribute("open") is not None  # the filters shown open
        assert tab.errors == []


def test_person_filter_keeps_only_items_linked_to_that_person(browser: Any, site: Path, index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    events = {e["id"]: e for e in yaml.safe_load((PROJECT / "content" / "events.yaml").read_text(encoding="utf-8"))}
    quotes = {q["id"]: q for q in yaml.safe_load((PROJECT / "content" / "quotes.yaml").read_text(encoding="utf-8"))}
    linked = set(index.postings()["@p:vladimir-putin"])
    with Tab(browser) as tab:
        results = tab.search((site / "search" / "index.html").as_uri() + "?q=beijing&person=vladimir-putin")
        ids = ids_of(results, index, base)
        assert ids and ids == index.query("beijing", person="vladimir-putin")[:PAGE]
        assert set(ids) <= linked
        assert len(ids) < len(index.query("beijing")[:PAGE]) or set(ids) != set(index.query("beijing")[:PAGE])
        kinds = set()
        for n in ids:
            rec = index.record(n)
            kinds.add(rec["kind"])
            page = rec["url"].split("/")
            if rec["kind"] == "event":
                assert "vladimir-putin" in events[page[1]]["people"], rec["url"]
            elif rec["kind"] == "quote":
                assert quotes[rec["url"].split("#")[1]]["speaker"] == "vladimir-putin", rec["url"]
        assert "event" in kinds
        assert "Vladimir Putin" in tab.status()
        assert tab.errors == []


def test_theme_filter_keeps_only_items_on_that_theme(browser: Any, site: Path, index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    events = {e["id"]: e for e in yaml.safe_load((PROJECT / "content" / "events.yaml").read_text(encoding="utf-8"))}
    on_theme = {i for i, e in events.items() if "trilateral-alignment" in e.get("themes", [])}
    with Tab(browser) as tab:
        results = tab.search((site / "search" / "index.html").as_uri() + "?theme=trilateral-alignment&kind=event")
        ids = ids_of(results, index, base)
        assert set(ids) <= set(index.postings()["@t:trilateral-alignment"])
        shown = {index.record(n)["url"].split("/")[1] for n in ids}
        assert shown == on_theme  # every event on the theme, and only those
        results = tab.search((site / "search" / "index.html").as_uri() + "?q=putin&theme=trilateral-alignment")
        ids = ids_of(results, index, base)
        assert ids and ids == index.query("putin", theme="trilateral-alignment")[:PAGE]
        assert set(ids) <= set(index.postings()["@t:trilateral-alignment"])
        assert tab.errors == []


def test_date_range_excludes_events_outside_it(browser: Any, site: Path, index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    with Tab(browser) as tab:
        url = (site / "search" / "index.html").as_uri() + "?q=summit&kind=event"
        everything = [r["title"] for r in tab.search(url)]
        assert "Kim Jong Un holds summits with Donald Trump" in everything  # 2018
        assert "Kim Jong Un and Xi Jinping hold a summit" in everything  # 2025
        results = tab.search(url + "&from=2019-01-01&to=2019-12-31")
        titles = [r["title"] for r in results]
        assert "Kim–Trump summit in Hanoi collapses" in titles  # 2019
        assert "Kim Jong Un holds summits with Donald Trump" not in titles
        assert "Kim Jong Un and Xi Jinping hold a summit" not in titles
        for n in ids_of(results, index, base):
            rec = index.record(n)
            assert rec["start"] <= "2019-12-31" and rec["end"] >= "2019-01-01", rec
        expected = [n for n in index.query("summit", kind="event")
                    if index.record(n)["start"] and index.record(n)["start"] <= "2019-12-31"
                    and index.record(n)["end"] >= "2019-01-01"]
        assert ids_of(results, index, base) == expected
        assert tab.status() == (f"{len(expected)} result{'s' if len(expected) != 1 else ''} for \u201csummit\u201d "
                                "(Events) dated 2019-01-01 to 2019-12-31.")
        # Only "to": everything before 2019 and nothing after.
        results = tab.search((site / "search" / "index.html").as_uri() + "?q=summit&kind=event&to=2018-12-31")
        assert results and all(index.record(n)["start"] <= "2018-12-31" for n in ids_of(results, index, base))
        assert tab.errors == []


def test_open_sides_are_unbounded_in_the_index(uncertain: Path) -> None:
    ix = Index.from_site(uncertain)
    events = {r["title"]: (r["start"], r["end"]) for r in map(ix.record, ix.ids()) if r["kind"] == "event"}
    assert events["Sanctions bite"] == ("2019-01-01", "9999-12-31")  # since January 2019
    assert events["Handover"] == ("0001-01-01", "2011-12-31")  # by 2011
    assert events["Talks"] == ("2019-01-01", "2019-03-31")  # a range in one field: from its start to its end
    assert events["Visit"] == ("2018-01-01", "2018-12-31")  # a mark does not widen the span


def test_a_date_filter_keeps_an_open_event_whose_span_overlaps_it(browser: Any, uncertain: Path) -> None:
    with Tab(browser) as tab:
        url = (uncertain / "search" / "index.html").as_uri() + "?person=kim-jong-un&kind=event"
        assert {r["title"] for r in tab.search(url)} == {"Handover", "Sanctions bite", "Kim arrives in Beijing",
                                                        "Victory Day parade"}
        assert [r["title"] for r in tab.search(url + "&from=2030-01-01")] == ["Sanctions bite"]  # still open
        assert [r["title"] for r in tab.search(url + "&to=2000-12-31")] == ["Handover"]  # by 2011: perhaps then
        assert tab.errors == []


def test_the_header_box_on_another_page_searches(browser: Any, site: Path, index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    with Tab(browser) as tab:
        tab.page.goto((site / "people" / "kim-jong-un" / "index.html").as_uri())
        tab.page.fill("#site-q", "parade")
        with tab.page.expect_navigation():
            tab.page.press("#site-q", "Enter")
        assert urlsplit(tab.page.url).path == (site / "search" / "index.html").as_posix()
        assert urlsplit(tab.page.url).query == "q=parade"
        results = tab.results()
        assert tab.page.input_value("#q") == "parade"
        assert ids_of(results, index, base) == index.query("parade")[:PAGE]
        assert tab.errors == []


def test_without_javascript_the_page_says_search_needs_it(browser: Any, site: Path) -> None:
    with Tab(browser, javascript=False) as tab:
        tab.page.goto((site / "search" / "index.html").as_uri() + "?q=parade")
        status = " ".join(tab.status().split())
        assert "needs JavaScript" in status
        assert tab.page.locator("#search-status").is_visible()
        assert tab.page.locator("#search-results > li").count() == 0
        assert tab.page.locator("#search-more").is_hidden()


# -- a payload in the content is shown as text --------------------------------------------------------

PAYLOAD_IMG = '<img src=x onerror="window.__xss=1">'
PAYLOAD_SCRIPT = '"><script>window.__xss=1</script>'


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    title = f"Zanzibar parade {PAYLOAD_IMG} {PAYLOAD_SCRIPT}"
    events = EVENTS.replace("title: Victory Day parade", f"title: {json.dumps(title)}")
    alpha = ALPHA + f"\nZanzibar watchers saw {PAYLOAD_IMG} and {PAYLOAD_SCRIPT} at the parade.\n"
    root = make_briefing(tmp_path_factory.mktemp("evil"), events=events, alpha=alpha)
    build(Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root), Options(), Cache())
    return root / "site"


def test_a_script_in_the_content_is_shown_as_text_not_run(browser: Any, evil_site: Path) -> None:
    index = Index.from_site(evil_site)
    assert any(PAYLOAD_IMG in rec["title"] for rec in map(index.record, range(index.meta["count"])))
    dialogs: list[str] = []
    with Tab(browser) as tab:
        def dismiss(d: Any) -> None:
            dialogs.append(d.message)
            d.dismiss()

        tab.page.on("dialog", dismiss)
        results = tab.search((evil_site / "search" / "index.html").as_uri() + "?q=zanzibar")
        kinds = {r["kind"].split(" \u00b7 ")[0] for r in results}
        assert {"Event", "Article text"} <= kinds
        event = next(r for r in results if r["kind"].startswith("Event"))
        assert PAYLOAD_IMG in event["title"] and PAYLOAD_SCRIPT in event["title"]
        paragraph = next(r for r in results if r["kind"].startswith("Article text"))
        assert PAYLOAD_IMG in paragraph["snippet"] and PAYLOAD_SCRIPT in paragraph["snippet"]
        assert [m.lower() for m in paragraph["marks"]] == ["zanzibar"]
        for r in results:  # nothing but the elements search.js makes
            assert set(r["elements"]) <= {"H2", "A", "P", "MARK"}, r["elements"]
        assert tab.page.locator("#search-results img, #search-results script").count() == 0
        assert tab.page.evaluate("typeof window.__xss") == "undefined"
        tab.page.wait_for_timeout(200)  # an onerror would have fired by now
        assert tab.page.evaluate("typeof window.__xss") == "undefined"
        assert dialogs == []
        assert tab.errors == []


def test_a_word_beyond_the_basic_plane_is_found(browser: Any, tmp_path: Path) -> None:
    """Python counts characters, JavaScript UTF-16 units: the part's file name and the
    one-letter rule must agree for a letter such as U+2000B (two units in JavaScript)."""
    alpha = ALPHA + "\nThe archive lists \U0002000b\U0002000bdoc among the papers.\n"
    root = make_briefing(tmp_path, alpha=alpha)
    build(Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root), Options(), Cache())
    assert (root / "site" / "search" / "w" / "_2000b_.js").is_file()
    with Tab(browser) as tab:
        results = tab.search((root / "site" / "search" / "index.html").as_uri() + "?q=\U0002000b\U0002000bdoc")
        assert [r["kind"].split(" \u00b7 ")[0] for r in results] == ["Article text"]
        assert results[0]["marks"] == ["\U0002000b\U0002000bdoc"]
        assert tab.errors == []


def test_arabic_typed_without_its_marks_finds_the_words_written_with_them(browser: Any, tmp_path: Path) -> None:
    """Tried on an Arabic briefing: "يعد" found nothing where the article wrote "يُعَدُّ", nor "اكتوبر" its
    "أكتوبر", nor "12" its "١٢"."""
    alpha = ALPHA + "\nالـمـشـروع يُعَدُّ اختباراً في أكتوبر ١٢.\n"
    root = make_briefing(tmp_path, alpha=alpha)
    build(Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root), Options(), Cache())
    page = (root / "site" / "search" / "index.html").as_uri()
    with Tab(browser) as tab:
        for typed in ("يعد", "المشروع اكتوبر", "أكتوبر 12", "يُعَدُّ"):
            results = tab.search(page + "?q=" + typed)
            assert [r["kind"].split(" \u00b7 ")[0] for r in results] == ["Article text"], typed
        assert tab.errors == []


def test_words_sharing_a_long_beginning_stay_in_a_part_with_a_short_name(browser: Any, tmp_path: Path) -> None:
    """A pasted table of codes: hundreds of words alike in their first 300 letters. Split
    letter by letter, their part's key (and file name) grew as long as that beginning, and
    the build failed on a file name too long for the disk; the key stops at SHARD_KEY_MOST."""
    codes = " ".join("q" * 300 + f"{i:04d}" for i in range(400))
    root = make_briefing(tmp_path, alpha=ALPHA + f"\nThe leaked table: {codes}\n")
    build(Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root), Options(), Cache())
    ix = Index.from_site(root / "site")
    assert max(len(k) for k in ix.meta["shards"]) == search.SHARD_KEY_MOST
    assert max(len(p.name) for p in (root / "site" / "search").rglob("*")) < 100
    _every_term_in_its_shard(ix)
    with Tab(browser) as tab:
        results = tab.search((root / "site" / "search" / "index.html").as_uri() + "?q=" + "q" * 300 + "0123")
        assert [r["kind"].split(" \u00b7 ")[0] for r in results] == ["Article text"]
        assert tab.errors == []


# -- filters without words: status, kind, dates ---------------------------------------------------


def site_data(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))
    return data


def as_in_data(url: str) -> str:
    """A result's site-relative link as data/briefing.json writes it: a folder's address, not its index.html."""
    return re.sub(r"(^|/)index\.html(?=#|$)", r"\1", url)


def test_the_status_filter_lists_the_events_of_that_status(browser: Any, site: Path, index: Index) -> None:
    """`?status=X` alone: every event of that status in data/briefing.json, in the index's (time) order."""
    events = site_data(site)["events"]
    base = (site / "x").as_uri()[:-1]
    url = (site / "search" / "index.html").as_uri()
    with Tab(browser) as tab:
        for status, label in (("expected", "Expected"), ("reported", "Reported"), ("confirmed", "Confirmed")):
            results = tab.every(f"{url}?status={status}")
            wanted = {e["url"] for e in events if e["status"] == status}
            assert wanted, status
            assert {as_in_data(site_relative(r["href"], base)) for r in results} == wanted
            assert ids_of(results, index, base) == index.query(status=status)
            firsts = [index.record(n)["start"] for n in ids_of(results, index, base)]
            assert firsts == sorted(firsts), "events in time order"
            assert tab.page.input_value("#status") == status
            assert tab.page.locator("#search-narrow").get_attribute("open") is not None
            assert tab.status() == f"{len(wanted)} result{'s' if len(wanted) != 1 else ''} ({label})."
        assert len(index.query(status="confirmed")) > PAGE, "the confirmed events take more than one page"
        options = tab.page.eval_on_selector_all("#status option", "os => os.map(o => [o.value, o.textContent])")
        assert options == [["", "Any status"], *([s, lab] for s, lab in search.STATUS_FILTERS.items())]
        results = tab.search(f"{url}?q=kim&status=expected")
        assert ids_of(results, index, base) == index.query("kim", status="expected")
        assert {index.record(n)["kind"] for n in index.query("kim", status="expected")} <= {"event"}
        assert tab.errors == []


def test_choosing_a_status_in_the_form_searches_and_keeps_it_in_the_address(browser: Any, site: Path,
                                                                            index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    with Tab(browser) as tab:
        tab.search((site / "search" / "index.html").as_uri() + "?q=summit")
        tab.page.click("#search-narrow summary")
        tab.page.evaluate("window.__said = document.getElementById('search-status').firstChild")
        tab.page.select_option("#status", "expected")
        tab.page.wait_for_function("document.getElementById('search-status').firstChild !== window.__said")
        results = tab.results()
        assert results and ids_of(results, index, base) == index.query("summit", status="expected")
        assert urlsplit(tab.page.url).query == "q=summit&status=expected"
        tab.page.fill("#q", "")
        tab.page.wait_for_function("location.search === '?status=expected'")
        results = tab.results()
        assert ids_of(results, index, base) == index.query(status="expected")
        assert tab.errors == []


def _dated(rec: dict[str, Any] | None) -> tuple[str, str]:
    """A date of data/briefing.json as search.js compares it: (earliest day, latest day)."""
    return (rec["earliest"], rec["latest"]) if rec else ("", "")


def _in_data_between(data: dict[str, Any], since: str, until: str) -> dict[str, set[str]]:
    """What a search by dates alone must find, worked out from data/briefing.json: by kind, the addresses of the
    events whose span, the quotes whose earliest event (else their article), the sources and the paragraphs
    whose article's date overlaps the range."""
    def overlaps(span: tuple[str, str]) -> bool:
        return bool(span[0]) and span[0] <= until and span[1] >= since

    events = {e["id"]: e for e in data["events"]}
    articles = {a["id"]: a for a in data["articles"]}
    found: dict[str, set[str]] = {"event": set(), "quote": set(), "source": set(), "paragraph": set()}
    for e in events.values():
        if overlaps((e["date"]["earliest"], (e["end"] or e["date"])["latest"])):
            found["event"].add(e["url"])
    for q in data["quotes"]:
        first = min((events[i] for i in q["events"]), key=lambda e: (_dated(e["date"]), e["id"]), default=None)
        if overlaps(_dated(first["date"] if first else articles[q["source"]["article"]]["published"])):
            found["quote"].add(q["url"])
    for a in articles.values():
        if overlaps(_dated(a["published"])):
            found["source"].add(a["url"])
            found["paragraph"] |= {p["url"] for p in a["paragraphs"]}
    return found


def test_dates_alone_list_everything_dated_in_the_range(browser: Any, site: Path, index: Index) -> None:
    since, until = "2025-08-01", "2025-09-01"
    wanted = _in_data_between(site_data(site), since, until)
    assert all(wanted.values()), wanted
    base = (site / "x").as_uri()[:-1]
    with Tab(browser) as tab:
        results = tab.every((site / "search" / "index.html").as_uri() + f"?from={since}&to={until}")
        ids = ids_of(results, index, base)
        assert ids == index.query(since=since, until=until)
        assert len(ids) > PAGE
        shown: dict[str, set[str]] = {}
        for n in ids:
            rec = index.record(n)
            shown.setdefault(rec["kind"], set()).add(as_in_data(rec["url"]))
        # headings and bylines are in the index, not in the data's paragraphs
        assert {u for u in shown.pop("paragraph") if re.search("#p[0-9]+$", u)} == wanted.pop("paragraph")
        assert shown == wanted
        assert tab.status() == f"{len(ids)} results dated {since} to {until}."
        # those dated too loosely to tell (a year, a decade) after those certainly within, and said to be
        note = " \u00b7 dated too loosely to tell whether it falls within these dates"
        loose = [r["kind"].endswith(note) for r in results]
        assert 0 < sum(loose) < len(loose) and loose == sorted(loose)
        assert all(index.record(n)["start"] < since or index.record(n)["end"] > until
                   for n, is_loose in zip(ids, loose) if is_loose)
        assert tab.errors == []


def test_a_kind_alone_lists_every_document_of_that_kind(browser: Any, site: Path, index: Index) -> None:
    data = site_data(site)
    base = (site / "x").as_uri()[:-1]
    url = (site / "search" / "index.html").as_uri()
    with Tab(browser) as tab:
        results = tab.every(url + "?kind=event")
        assert [site_relative(r["href"], base) for r in results] == [index.record(n)["url"] for n in
                                                                     index.query(kind="event")]
        assert {as_in_data(site_relative(r["href"], base)) for r in results} == {e["url"] for e in data["events"]}
        assert tab.status() == f"{len(data['events'])} results (Events)."
        first = tab.search(url + "?kind=paragraph")  # their ids are read from the document parts as they load
        assert ids_of(first, index, base) == index.query(kind="paragraph")[:PAGE]
        results = tab.every(url + "?kind=paragraph")
        assert ids_of(results, index, base) == index.query(kind="paragraph")
        paragraphs = {p["url"] for a in data["articles"] for p in a["paragraphs"]}
        assert paragraphs <= {as_in_data(site_relative(r["href"], base)) for r in results}
        assert tab.status() == f"{len(results)} results (Article text)."
        assert tab.errors == []


def test_without_words_or_filters_the_page_asks_for_one(browser: Any, site: Path) -> None:
    said = "s => document.getElementById('search-status').textContent.startsWith(s)"
    with Tab(browser) as tab:
        tab.page.goto((site / "search" / "index.html").as_uri())
        tab.page.wait_for_function(said, arg="Type a word")
        assert tab.status() == "Type a word or a name, or choose a kind, a person, a theme, a status or dates."
        tab.page.goto((site / "search" / "index.html").as_uri() + "?q=the")
        tab.page.wait_for_function(said, arg="Those words are too common")
        assert tab.page.locator("#search-results > li").count() == 0
        assert tab.errors == []


# -- spelling: British and American alike, aliases, did you mean --------------------------------------


def test_the_index_ships_only_the_spellings_its_words_need(index: Index) -> None:
    spelling = index.meta["spelling"]
    assert spelling == folding.spellings(index.postings())
    assert spelling["armoured"] == "armored" and spelling["travelling"] == "traveling"
    assert len(spelling) < len(folding.SPELLING) / 20, "most of the list's words are not in the index"
    indexed = sorted(w for w in index.postings() if w[0] not in "!@")
    for british, american in spelling.items():
        assert folding.SPELLING[british] == american
        assert any(w.startswith(american) or w.startswith(british) for w in indexed), british


def test_a_british_spelling_finds_the_american_one_and_back(browser: Any, site: Path, index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    url = (site / "search" / "index.html").as_uri()
    assert "armoured" not in fold((PROJECT / "content" / "events.yaml").read_text(encoding="utf-8"))
    with Tab(browser) as tab:
        results = tab.search(url + "?q=armoured+train")
        assert ids_of(results, index, base) == index.query("armored train") != []
        assert "Kim Jong Un travels into China by armored train" in [r["title"] for r in results]
        assert {fold(m) for r in results for m in r["marks"]} >= {"armored"}
        results = tab.search(url + "?q=armour")  # a prefix, folded: "armor" begins "armored"
        assert ids_of(results, index, base) == index.query("armored")
        results = tab.search(url + "?q=denuclearization")  # the text says "denuclearisation", not in the list
        assert ids_of(results, index, base) == index.query("denuclearisation") != []
        assert "denuclearisation" in {fold(m) for r in results for m in r["marks"]}
        results = tab.search(url + "?q=traveling")  # the text says "travelling"
        assert ids_of(results, index, base) == index.query("travelling") != []
        assert "travelling" in {fold(m) for r in results for m in r["marks"]}
        assert tab.errors == []


def test_a_persons_alias_finds_the_person(browser: Any, tmp_path: Path) -> None:
    """An alias that shares no word with the name ("Xi Dada") finds the person."""
    people = PEOPLE.replace("  name: Xi Jinping\n", "  name: Xi Jinping\n  aliases: [Xi Dada]\n")
    assert people != PEOPLE
    root = make_briefing(tmp_path, people=people)
    build(Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root), Options(), Cache())
    ix = Index.from_site(root / "site")
    base = (root / "site" / "x").as_uri()[:-1]
    with Tab(browser) as tab:
        results = tab.search((root / "site" / "search" / "index.html").as_uri() + "?q=dada")
        assert [(r["title"], r["kind"].split(" \u00b7 ")[0]) for r in results] == [("Xi Jinping", "Person")]
        assert ids_of(results, ix, base) == ix.query("dada")
        assert tab.errors == []


def test_a_query_finding_nothing_suggests_the_nearest_words(browser: Any, site: Path, index: Index) -> None:
    base = (site / "x").as_uri()[:-1]
    url = (site / "search" / "index.html").as_uri()
    assert index.query("parde") == []
    offered = index.suggest("Kim parde", kind="event")
    assert offered and offered[0] == "kim parade"
    with Tab(browser) as tab:
        tab.search(url + "?q=Kim+parde&kind=event")
        assert tab.status() == "No results for \u201cKim parde\u201d (Events)."
        tab.page.wait_for_selector("#search-suggest:not([hidden])")
        links = tab.page.eval_on_selector_all("#search-suggest a", "as => as.map(a => [a.textContent, a.href])")
        assert [text for text, _ in links] == offered
        assert tab.page.locator("#search-suggest").inner_text().startswith("Did you mean kim parade")
        assert all(urlsplit(href).query == f"q={text.replace(' ', '+')}&kind=event" for text, href in links)
        with tab.page.expect_navigation():
            tab.page.click("#search-suggest a >> nth=0")
        results = tab.results()
        assert ids_of(results, index, base) == index.query("kim parade", kind="event") != []
        assert tab.page.locator("#search-suggest").is_hidden()
        # Words all in the index, found together nowhere: a word near one of them that finds something, if any.
        assert index.query("parade", status="expected") == [] and index.suggest("parade", status="expected") == []
        tab.search(url + "?q=parade&status=expected")
        assert tab.status().startswith("No results")
        assert tab.page.locator("#search-suggest").is_hidden()
        assert tab.errors == []


# the last two: every word in the index, never together ("gordon browne" found nothing and offered nothing)
@pytest.mark.parametrize("q", ["parde", "beijng", "xii", "pyongyng summt", "trilateal", "xi alignments",
                               "kim accounted"])
def test_suggestions_are_the_nearest_words_of_the_index(browser: Any, site: Path, index: Index, q: str) -> None:
    with Tab(browser) as tab:
        tab.search((site / "search" / "index.html").as_uri() + "?q=" + q.replace(" ", "+"))
        offered = index.suggest(q)
        assert offered and all(index.query(o) for o in offered), q  # each finds something: "tony blake" did not
        tab.page.wait_for_selector("#search-suggest:not([hidden])")
        assert tab.page.eval_on_selector_all("#search-suggest a", "as => as.map(a => a.textContent)") == offered
        assert tab.errors == []


def test_a_claims_status_is_shown_and_what_settled_it_is_searched(tmp_path: Path) -> None:
    """"Overtaken" is in no statement, only in what overtook the claim: it finds it, and the result says the claim
    is superseded, not only that the sources differ."""
    from conftest import RESOLVED_CLAIMS
    root = make_briefing(tmp_path, claims=RESOLVED_CLAIMS)
    build(Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root), Options(), Cache())
    ix = Index.from_site(root / "site")
    (found,) = ix.query("overtaken")
    assert ix.record(found)["url"].endswith("#c-rare-trip")
    assert ix.record(found)["sub"] == "Where the sources differ · Superseded"
    subs = {ix.record(n)["url"].rsplit("#c-", 1)[-1]: ix.record(n)["sub"] for n in ix.query(kind="claim")}
    assert subs == {"how-many-leaders": "Where the sources differ", "banquet": "Where the sources differ · Settled",
                    "rare-trip": "Where the sources differ · Superseded"}
    texts = [ix.record(n)["text"] for n in ix.query(kind="claim")]
    assert all(" · " in text for text in texts), texts  # the statements apart, not run into one another


def test_a_theme_result_says_how_many_events_it_holds_not_theme_again(index: Index) -> None:
    themes = [index.record(n) for kind, start, end in index.meta["kinds"] if kind == "theme" for n in range(start, end)]
    assert themes and all(re.fullmatch(r"\d+ events?", t["sub"]) for t in themes), themes


def test_results_shown_by_show_more_come_back_on_reload_and_back(browser: Any, site: Path, index: Index) -> None:
    """Tried by a reader: "Show more" twice, a result opened, Back: the first 20 again, the place lost."""
    assert len(index.query("kim")) > 2 * PAGE
    with Tab(browser) as tab:
        tab.search((site / "search" / "index.html").as_uri() + "?q=kim")
        tab.page.evaluate("window.__said = document.getElementById('search-status').firstChild")
        tab.page.click("#search-more")
        tab.page.wait_for_function("document.getElementById('search-status').firstChild !== window.__said")
        assert len(tab.results()) == 2 * PAGE and tab.page.url.endswith(f"?q=kim&shown={2 * PAGE}")
        link = tab.page.locator("#search-results > li h2 a").nth(2 * PAGE - 3)
        link.scroll_into_view_if_needed()
        y = tab.page.evaluate("window.scrollY")
        assert y > 0
        link.click()
        tab.page.wait_for_load_state()
        tab.page.go_back()
        tab.page.wait_for_function(f"document.querySelectorAll('#search-results > li').length === {2 * PAGE}")
        tab.page.wait_for_function(f"Math.abs(window.scrollY - {y}) < 5")
        tab.page.reload()
        tab.page.wait_for_function(f"document.querySelectorAll('#search-results > li').length === {2 * PAGE}")
        assert tab.errors == []


def test_an_articles_title_heading_is_not_a_second_result_beside_its_source(tmp_path: Path) -> None:
    """Tried on 300 BBC articles, whose text starts with the headline: "tv debate" found each article three
    times, as its source, its heading 1 and its paragraph."""
    root = make_briefing(tmp_path, alpha="Kim arrives in Beijing\n\n" + ALPHA)
    build(Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root), Options(), Cache())
    ix = Index.from_site(root / "site")
    kinds = [(ix.record(n)["kind"], ix.record(n)["url"]) for n in ix.query("arrives")]
    assert ("source", "sources/afp-report/index.html") in kinds
    assert not any(url.startswith("sources/afp-report/index.html#s") for _, url in kinds), kinds


def test_letters_written_two_ways_find_each_other(browser: Any, tmp_path: Path) -> None:
    """Tried with German and French text: "strasse" found no "Straße", "oeuvre" no "œuvre"."""
    root = make_briefing(tmp_path, alpha=ALPHA + "\nThe envoy spoke of die Straße nach Europa and of l’œuvre "
                                                  "commune with Mr Łukašenka.\n")
    build(Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root), Options(), Cache())
    ix = Index.from_site(root / "site")
    url = (root / "site" / "search" / "index.html").as_uri()
    with Tab(browser) as tab:
        for typed, plain in (("Straße", "strasse"), ("œuvre", "oeuvre"), ("Łukašenka", "lukasenka")):
            found = ix.query(plain)
            assert found and ix.query(typed) == found, typed
            assert len(tab.search(url + "?q=" + typed)) == len(tab.search(url + "?q=" + plain)) == len(found), typed
        assert tab.errors == []


def test_a_chinese_name_is_found_by_its_first_characters_and_symbols_alone_are_said_to_be_no_words(
        browser: Any, tmp_path: Path) -> None:
    """Tried with extreme content: "欧阳" (the surname of 欧阳建国) found nothing, though Chinese is written without
    spaces; and "🎉" was "too common to search for"."""
    root = make_briefing(tmp_path, alpha=ALPHA.replace("Kim and Xi Jinping met for two hours on Thursday.",
                                                       "欧阳建国表示，双方同意继续保持沟通。"),
                         people=PEOPLE + "- id: ouyang\n  name: 欧阳建国\n  kind: official\n  role: Envoy\n"
                                         "  country: China\n  summary: An envoy.\n")
    assert run_build(root, "--out", "site")[0] == 0
    page = (root / "site" / "search" / "index.html").as_uri()
    with Tab(browser) as tab:
        found = tab.search(page + "?q=" + quote("欧阳"))
        assert {r["title"] for r in found} >= {"欧阳建国", "Kim arrives in Beijing"}  # the person, and the article
        assert any(m.startswith("欧阳") for r in found for m in r["marks"])  # marked where it stands
        tab.page.goto(page + "?q=" + quote("🎉"))
        tab.page.wait_for_function("document.getElementById('search-status').textContent.startsWith('Search finds')")
        assert tab.status() == "Search finds words, names and numbers; \u201c🎉\u201d holds none."
        assert tab.errors == []


def test_a_chinese_word_is_found_inside_a_sentence_and_marked_there(browser: Any, tmp_path: Path) -> None:
    """Tried on a Chinese briefing: "汇率" found nothing in "目前最大的问题是：谁来承担汇率风险？" (a sentence is one run of
    letters, and a word was found only at the start of one); "签署" not in "中沙签署吉赞港开发协议"."""
    root = make_briefing(tmp_path, alpha=ALPHA.replace("Kim and Xi Jinping met for two hours on Thursday.",
                                                       "目前最大的问题是：谁来承担汇率风险？中沙签署吉赞港开发协议。"))
    assert run_build(root, "--out", "site")[0] == 0
    page = (root / "site" / "search" / "index.html").as_uri()
    with Tab(browser) as tab:
        for typed, marked in (("汇率", ["汇率"]), ("汇率风险", ["汇率风险"]), ("签署 协议", ["签署", "协议"])):
            found = tab.search(page + "?q=" + quote(typed))
            assert [r["kind"].split(" \u00b7 ")[0] for r in found] == ["Article text"], typed
            assert found[0]["marks"] == marked, typed
        assert tab.search(page + "?q=" + quote("风险汇率")) == []  # the words, not each letter, in another order
        assert tab.errors == []


def test_a_persons_name_finds_the_person_first(browser: Any, tmp_path: Path) -> None:
    """Tried with a cast of 300: "Kim Jong Un" listed 176 results, the first 20 of them events titled "Kim Jong Un
    inspection ...", the person 65th; a title (or a person's other name) of just the words asked for comes first."""
    events = EVENTS + "".join(f"- id: kim-visit-{n}\n  title: Kim Jong Un visits a farm {n}\n  date: 2025-08-{n:02d}\n"
                              "  people: [kim-jong-un]\n  summary: A visit.\n  sources:\n    - article: afp-report\n"
                              for n in range(1, 25))
    root = make_briefing(tmp_path, events=events)
    assert run_build(root, "--out", "site")[0] == 0
    page = (root / "site" / "search" / "index.html").as_uri()
    with Tab(browser) as tab:
        for typed in ("Kim Jong Un", "kim jong-un", "Un Jong Kim"):
            found = tab.search(page + "?q=" + quote(typed))
            assert found[0]["title"] == "Kim Jong Un" and found[0]["kind"].startswith("Person"), (typed, found[:2])
        # a quote's title is its speaker's name, not its own: Jane Roe's quotes come after the events and her
        found = [r["kind"].split(" \u00b7 ")[0] for r in tab.search(page + "?q=" + quote("Jane Roe"))]
        assert found[:1] == ["Person"] and "Quote" in found
        assert all(kind != "Event" for kind in found[found.index("Quote"):]), found
        ix = Index.from_site(root / "site")
        assert ix.lookup("=jane_roe", True) == {n for n in ix.ids() if ix.record(n)["kind"] == "person"
                                                 and ix.record(n)["title"] == "Jane Roe"}
        assert tab.search(page + "?q=" + quote("Kim Jong Un visits"))[0]["title"].startswith("Kim Jong Un visits")
        assert tab.errors == []
    ix = Index.from_site(root / "site")
    assert ix.record(ix.query("Kim Jong Un")[0])["kind"] == "person"


def test_a_persons_name_finds_the_events_they_are_in(site: Path, index: Index) -> None:
    """Tried on 2,000 articles: "Tony Blair" with the Events filter found none of his 27 events (only those whose
    words name him); a person's name is now among the words of each event they are in."""
    data = json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))
    kim = {e["id"] for e in data["events"] if "kim-jong-un" in e["people"]}
    found = {re.search(r"events/([^/]+)", index.record(n)["url"])[1] for n in index.query("Kim Jong Un", kind="event")}
    assert kim and kim <= found, kim - found


def test_back_returns_to_the_search_before_and_dates_the_wrong_way_round_are_turned(browser: Any, site: Path) -> None:
    """Tried on 2,000 articles: after searching "Blair" and then "Chelsea", Back left the search page (typing and
    Enter replaced the page's address); "from 2005-03-31 to 2005-01-01" was taken as written, and found too little."""
    page = (site / "search" / "index.html").as_uri()
    with Tab(browser) as tab:
        tab.search(page + "?q=parade")
        tab.page.fill("#q", "beijing")
        tab.page.press("#q", "Enter")
        tab.page.wait_for_function("/beijing/.test(document.getElementById('search-status').textContent)")
        tab.page.go_back()
        tab.page.wait_for_function("/\\u201cparade\\u201d/.test(document.getElementById('search-status').textContent)")
        assert tab.page.input_value("#q") == "parade" and tab.page.url.endswith("?q=parade")
        tab.page.go_forward()
        tab.page.wait_for_function("/beijing/.test(document.getElementById('search-status').textContent)")
        tab.search(page + "?q=parade&from=2025-12-31&to=2025-01-01")
        assert (tab.page.input_value("#from"), tab.page.input_value("#to")) == ("2025-01-01", "2025-12-31")
        assert "from=2025-01-01&to=2025-12-31" in tab.page.url
        assert tab.errors == []


def test_words_there_but_never_together_are_offered_each_alone(browser: Any, site: Path, index: Index) -> None:
    """Tried on 2,000 articles: "Blair Federer" said only "No results"."""
    rare = sorted((len(ids), w) for w, ids in index.postings().items() if w.isalpha() and len(w) > 6
                  and 2 <= len(ids) <= 4)
    a, b = next((x, y) for _, x in rare for _, y in rare
                if x < y and not set(index.lookup(x, False)) & set(index.lookup(y, False))
                and index.suggest(f"{x} {y}") == [x, y])
    with Tab(browser) as tab:
        tab.search((site / "search" / "index.html").as_uri() + f"?q={a}+{b}")
        tab.page.wait_for_selector("#search-suggest:not([hidden])")
        assert tab.page.eval_on_selector_all("#search-suggest a", "as => as.map(a => a.textContent)") == [a, b]
