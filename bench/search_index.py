"""Issue 5: how big the search index gets, and how much of it one query loads.

    python bench/search_index.py [--sizes 10000,2000] [--runs 3] [--timeout 600]

Not part of the test suite. For each size N, a briefing of N BBC articles is made with
bench/corpus.py (`make_briefing`) in a temporary folder. A fresh Python process (so
memory and timings are the build's own) then

1. builds it --runs times with `briefing.pipeline.build` into an empty folder, each time
   with a new, empty in-memory `Cache` (the whole build, nothing reused: load, validate,
   resolve, pages, render with the outputs and the search index, write);
2. resolves it once (`pipeline.check`) and times `search.files` alone --runs times (the
   index in memory, not written);
3. measures the written index (site/search/*.js, the search page aside): total bytes,
   files, the largest word part ("shard") and the largest document part;
4. for each example query, follows static/search.js's lookup rules over the written
   files to count what a browser loads: meta.js, the word parts of each query word and
   of its title form `!word` (ranking), including the longer parts a 3+ letter word
   matches as a prefix (at most 12, as search.js), and the document parts holding the
   first 20 results.

If a size's child process runs longer than --timeout seconds, that size is reported as
timed out. Prints Markdown tables; writes nothing in the repository.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(PROJECT))

import common  # noqa: E402

QUERIES = ("prime minister", "oil prices", "election", "mobile phone", "chelsea")
PAGE = 20              # results search.js shows at a time
MAX_PREFIX_PARTS = 12  # as search.js: a prefix spanning more word parts than this is matched whole
WRAPPER = "briefingSearch.add("


# -- the index as search.js reads it ---------------------------------------------------------

def parse_script(text: str) -> tuple[str, str, Any]:
    """`briefingSearch.add("part","key",{...});` -> (part, key, data)."""
    if not (text.startswith(WRAPPER) and text.endswith(");\n")):
        raise ValueError(f"not an index script: {text[:60]!r}")
    decoder = json.JSONDecoder()
    at, values = len(WRAPPER), []
    for _ in range(3):
        value, at = decoder.raw_decode(text, at)
        values.append(value)
        at += 1  # the comma, or the closing parenthesis
    return values[0], values[1], values[2]


def file_name(key: str) -> str:
    """search.js's fileName."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in key) or "_"


class Index:
    """The written index under site/search/, parsed lazily as a browser would load it."""

    def __init__(self, site: Path) -> None:
        self.folder = site / "search"
        self.meta = parse_script((self.folder / "meta.js").read_text(encoding="utf-8"))[2]
        self.keys: list[str] = self.meta["shards"]
        self.key_set = set(self.keys)
        self._shards: dict[str, dict[str, list[int]]] = {}

    def shard_file(self, key: str) -> Path:
        return self.folder / "w" / f"{file_name(key)}.js"

    def doc_file(self, n: int) -> Path:
        return self.folder / "d" / f"{n}.js"

    def shard(self, key: str) -> dict[str, list[int]]:
        if key not in self._shards:
            data = parse_script(self.shard_file(key).read_text(encoding="utf-8"))[2]
            out = {}
            for w, gaps in data.items():
                ids, at = [], 0
                for g in gaps:
                    at += g
                    ids.append(at)
                out[w] = ids
            self._shards[key] = out
        return self._shards[key]

    def shard_of(self, term: str) -> str | None:
        for n in range(len(term), 0, -1):
            if term[:n] in self.key_set:
                return term[:n]
        return None

    def lookup(self, term: str, exact: bool) -> tuple[set[int], list[str]]:
        """search.js's lookup: (ids, the word parts it loads)."""
        own = self.shard_of(term)
        keys = [own] if own else []
        if not exact and len(term) >= 3:
            longer = [k for k in self.keys if k != own and k.startswith(term)]
            if len(longer) <= MAX_PREFIX_PARTS:
                keys += longer
            else:
                exact = True
        ids: set[int] = set()
        for k in keys:
            for w, found in self.shard(k).items():
                if w == term or (not exact and len(term) >= 3 and w.startswith(term)):
                    ids.update(found)
        return ids, keys

    def doc_part(self, n: int) -> int:
        starts = self.meta["docs"]
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) >> 1
            if starts[mid] <= n:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def query(self, q: str) -> dict[str, Any]:
        """What search.js loads to show the first PAGE results of q (no filters)."""
        from briefing import search
        terms = list(dict.fromkeys(search.words(q)))  # search.js keeps the words in query order
        keys: set[str] = set()
        asks, titles = [], []
        for t in terms:
            ids, k = self.lookup(t, False)
            asks.append(ids)
            keys.update(k)
        for t in terms:
            ids, k = self.lookup("!" + t, False)
            titles.append(ids)
            keys.update(k)
        found = sorted(set.intersection(*asks)) if asks else []
        found.sort(key=lambda i: -sum(i in t for t in titles))
        parts = sorted({self.doc_part(i) for i in found[:PAGE]})
        meta_bytes = (self.folder / "meta.js").stat().st_size
        shard_bytes = sum(self.shard_file(k).stat().st_size for k in keys)
        doc_bytes = sum(self.doc_file(n).stat().st_size for n in parts)
        return {"query": q, "results": len(found), "word_parts": sorted(keys), "doc_parts": parts,
                "meta_bytes": meta_bytes, "shard_bytes": shard_bytes, "doc_bytes": doc_bytes,
                "bytes": meta_bytes + shard_bytes + doc_bytes, "files": 1 + len(keys) + len(parts)}


def measure_index(site: Path) -> dict[str, Any]:
    folder = site / "search"
    shards = {p.name: p.stat().st_size for p in (folder / "w").glob("*.js")}
    docs = {p.name: p.stat().st_size for p in (folder / "d").glob("*.js")}
    meta = (folder / "meta.js").stat().st_size
    biggest_shard = max(shards, key=lambda k: shards[k])
    biggest_doc = max(docs, key=lambda k: docs[k])
    index = Index(site)
    return {"documents": index.meta["count"], "bytes": meta + sum(shards.values()) + sum(docs.values()),
            "files": 1 + len(shards) + len(docs), "word_parts": len(shards), "doc_parts": len(docs),
            "meta_bytes": meta, "word_bytes": sum(shards.values()), "doc_bytes": sum(docs.values()),
            "largest_shard": [biggest_shard, shards[biggest_shard]],
            "median_shard_bytes": statistics.median(shards.values()),
            "largest_doc": [biggest_doc, docs[biggest_doc]],
            "queries": [index.query(q) for q in QUERIES],
            "search_js_bytes": (PROJECT / "static" / "search.js").stat().st_size,
            "search_page_bytes": (folder / "index.html").stat().st_size}


# -- the child: one size, in a fresh process ------------------------------------------------------

def child(root: Path, runs: int) -> int:
    import shutil

    from briefing import search
    from briefing.cache import Cache
    from briefing.pipeline import Options, Paths, build, check

    def paths(out: Path) -> Paths:
        return Paths(root / "content", root / "seeds", PROJECT / "briefing" / "theme" / "templates", PROJECT / "briefing" / "theme" / "static", out, root)

    site = root / "site"
    builds = []
    line = ""
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        mark = time.perf_counter()
        result = build(paths(site), Options(), Cache())
        builds.append(time.perf_counter() - mark)
        line = f"{result.pages} pages, {result.files} files, {result.counts}"
    rss_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    resolved = check(paths(root / "unused"))
    index_s = []
    for _ in range(runs):
        mark = time.perf_counter()
        files = dict(search.each_file(resolved))
        index_s.append(time.perf_counter() - mark)
    written = {rel: (site / rel).read_text(encoding="utf-8") for rel in files}
    assert files == written, "search.each_file differs from what the build wrote"
    out = {"build_s": builds, "index_s": index_s, "build_line": line,
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           "peak_rss_build_mb": rss_build,
           "worker_processes_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
           **measure_index(site)}
    print(json.dumps(out))
    return 0


# -- the parent ---------------------------------------------------------------------------------

def run_size(n: int, runs: int, timeout: float, log: Any) -> dict[str, Any]:
    import corpus
    with tempfile.TemporaryDirectory(prefix=f"briefing-search-{n}-") as tmp:
        root = Path(tmp)
        mark = time.perf_counter()
        corpus.make_briefing(n, root)
        made = time.perf_counter() - mark
        log(f"N={n}: briefing made in {made:.1f} s; building {runs}x and measuring the index ...")
        mark = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(root),
                                   "--runs", str(runs)], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"n": n, "timed_out": True, "timeout_s": timeout}
        if done.returncode != 0:
            raise RuntimeError(f"N={n}: the child failed:\n{done.stdout}\n{done.stderr}")
        data = json.loads(done.stdout.strip().splitlines()[-1])
        data.update(n=n, made_s=made, child_s=time.perf_counter() - mark)
        log(f"N={n}: done in {data['child_s']:.1f} s")
        return data


def _kb(b: float) -> str:
    return f"{b / 1024:,.1f} KB"


def _mb(b: float) -> str:
    return f"{b / 1024 / 1024:,.2f} MB"


def report(results: list[dict[str, Any]]) -> str:
    ok = [r for r in results if not r.get("timed_out")]
    lines = ["| articles | index documents | index total | files (word parts + document parts + meta.js) "
             "| largest word part | median word part | largest document part | meta.js | search.files s "
             "| whole build s | index share of build | peak RSS MB |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in ok:
        idx, full = statistics.median(r["index_s"]), statistics.median(r["build_s"])
        shard_name, shard_bytes = r["largest_shard"]
        doc_name, doc_bytes = r["largest_doc"]
        lines.append(
            f"| {r['n']:,} | {r['documents']:,} | {_mb(r['bytes'])} | {r['files']:,} ({r['word_parts']:,} + "
            f"{r['doc_parts']:,} + 1) | {_kb(shard_bytes)} (w/{shard_name}) | {_kb(r['median_shard_bytes'])} "
            f"| {_kb(doc_bytes)} (d/{doc_name}) | {_kb(r['meta_bytes'])} | {idx:.2f} | {full:.2f} "
            f"| {idx / full:.0%} | {r['peak_rss_mb']:.0f} |")
    for r in results:
        if r.get("timed_out"):
            lines.append(f"| {r['n']:,} | timed out after {r['timeout_s']:.0f} s | | | | | | | | | | |")
    lines += ["", "What one query loads (meta.js + the word parts of its words and of their title forms, prefix "
              "parts included, + the document parts of the first 20 results):", "",
              "| articles | query | results | files loaded | meta.js | word parts | document parts | total |",
              "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in ok:
        for q in r["queries"]:
            lines.append(f"| {r['n']:,} | \"{q['query']}\" | {q['results']:,} | {q['files']} "
                         f"({len(q['word_parts'])} w + {len(q['doc_parts'])} d + meta) | {_kb(q['meta_bytes'])} "
                         f"| {_kb(q['shard_bytes'])} | {_kb(q['doc_bytes'])} | **{_kb(q['bytes'])}** |")
        loads = [q["bytes"] for q in r["queries"]]
        lines.append(f"| {r['n']:,} | median of the {len(loads)} | | | | | | **{_kb(statistics.median(loads))}** "
                     f"(max {_kb(max(loads))}, {max(loads) / r['bytes']:.1%} of the index) |")
    lines += ["", "The table's timings are the medians of these runs: " + "; ".join(
        f"{r['n']:,}: whole build {', '.join(f'{s:.2f}' for s in r['build_s'])} s, search.files "
        f"{', '.join(f'{s:.2f}' for s in r['index_s'])} s ({r['build_line']})" for r in ok) + "."]
    if ok:
        r = ok[0]
        lines.append(f"Not counted above: static/search.js ({_kb(r['search_js_bytes'])}) and the search page "
                     f"itself ({_kb(r['search_page_bytes'])} at {r['n']:,} articles: its filters list every person "
                     "and theme).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10000,2000", help="numbers of articles, comma-separated")
    p.add_argument("--runs", type=int, default=3, help="whole builds and search.files runs per size (median)")
    p.add_argument("--timeout", type=float, default=600, help="seconds allowed per size (after making the briefing)")
    p.add_argument("--json", type=Path, help="also write every number to this file")
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args.child, args.runs)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    machine = common.machine()
    log(f"{machine['date']}: {machine['nproc']} cores, {machine['memory']}, Python {machine['python']}, "
        f"load {machine['loadavg']}")
    results = [run_size(int(n), args.runs, args.timeout, log) for n in args.sizes.split(",")]
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "code": common.code_fingerprint(),
                                         "results": results}, indent=1), encoding="utf-8")
    print(f"`python bench/search_index.py --sizes {args.sizes} --runs {args.runs}`; code "
          f"`{common.code_fingerprint()}`; {machine['nproc']} cores, {machine['memory']}, Python {machine['python']}, "
          f"{machine['date']}; load before {machine['loadavg']}, after "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.\n")
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
