"""Save-to-reload latency of the dev server (`python build.py --serve`), issue 3.

    python bench/reload.py [--briefings bundled,2000] [--reps 10] [--json FILE]

For each briefing (the bundled one; one of N articles made by bench/corpus.py) it
copies the briefing, templates and static files into a temporary folder, starts the
real server there as a subprocess (`python /work/main/build.py --serve --port P`,
cwd = that folder), and connects to livereload's websocket as livereload.js does
(`hello` handshake, then `info` with the page URL, which is what makes livereload
count the socket as a browser to reload).

Then, for each kind of save, --reps times:

- sleeps a random 0.05-0.85 s (seeded), so that saves fall at every point of
  the watcher's polling cycle (briefing.serve.POLL_MS; stock livereload polls every
  800 ms, and --poll-ms N runs the server polling every N ms), as an editor's saves do;
- saves one file: writes the new text to a file outside the watched folders and
  renames it over the original (as many editors do; a reader never sees half a
  file), taking `t0 = time.perf_counter()` right after the rename;
- waits for the `{"command": "reload"}` message and takes `t1` on receipt;
- then does what the browser does: fetches its page (the home page) and, as a
  reader clicking on, the last article page, checking (for template saves) that
  both show the save; a page served stale is reported;
- waits for the server's "rebuilt N pages" (or "build failed") line before the next
  save.

Kinds of save, each different from the one before so the content really changes:
`event` (an event's title in content/events.yaml gets " (edit i)"), `article` (a
paragraph "Benchmark edit i." appended to an article text in seeds/) and
`template` (an HTML comment with i added to templates/base.html, which changes
every page).

Per save it records, from the server's stderr (read line by line in a thread and
time-stamped on arrival):

- save -> reload: t1 - t0, what the editor waits for;
- save -> detected: when livereload logs "Running task" (the watcher has noticed
  the change) minus t0: the polling wait (0 to one polling interval) plus the time to
  stat every watched file; the server rebuilds once the files have been still for
  briefing.serve.SETTLE_S after that;
- rebuild: the server's own "rebuilt N pages in X s" (10 ms resolution): the whole
  build, every page and file written, before livereload is told;
- the rest (t1 minus the "rebuilt" line's arrival): livereload sending the message.

It also records when the two pages fetched after the reload arrived (from t0) and the
server's resident memory once the save is done (/proc).

A save whose build fails, or that triggers more than one rebuild, is reported.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import common  # noqa: E402

PROJECT = common.PROJECT
KINDS = ("event", "article", "template")
SEED = 3
_REBUILT = re.compile(r"rebuilt (\d+) pages in ([\d.]+) s")
# a rebuild is over: the site written whole (the server writes everything before the reload), or failed
_SETTLED = re.compile(r"rebuilt \d+ pages in [\d.]+ s: |nothing changed since|build failed")
_SERVING = re.compile(r"serving .* at http://[^:]+:(\d+)/")


@dataclass
class Sample:
    kind: str
    index: int
    save_to_reload: float
    save_to_detect: float | None
    rebuild: float | None
    reload_after_rebuilt: float | None
    pages: int | None
    rebuilds: int  # "rebuilt" lines between this save and the next
    failed: bool
    save_to_page: float | None = None  # until the browser's page, fetched after the reload, shows the save
    save_to_far_page: float | None = None  # the same for a page far down the list
    stale: bool = False  # a page fetched after the reload did not show the save
    rss_mb: float | None = None  # the server's resident memory once the save is done (Linux /proc)


@dataclass
class Run:
    briefing: str
    startup_s: float  # server start to "serving" (includes the first, cold build)
    first_build_s: float | None
    samples: list[Sample] = field(default_factory=list)
    log_tail: list[str] = field(default_factory=list)


class ServerLog:
    """The server's stderr, line by line, each line with its time of arrival."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            stamp = time.perf_counter()
            with self.lock:
                self.lines.append((stamp, line.rstrip("\n")))

    def since(self, t0: float) -> list[tuple[float, str]]:
        with self.lock:
            return [(t, line) for t, line in self.lines if t >= t0]

    def wait_for(self, pattern: re.Pattern[str], after: float, timeout: float,
                 proc: subprocess.Popen[str]) -> tuple[float, re.Match[str]] | None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for t, line in self.since(after):
                if (m := pattern.search(line)):
                    return t, m
            if proc.poll() is not None:
                return None
            time.sleep(0.005)
        return None


class Edits:
    """The three kinds of save, each call a new version of the file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.events = root / "content" / "events.yaml"
        self.events_text = self.events.read_text(encoding="utf-8")
        # the first title written as a plain (unquoted) scalar, so a suffix keeps it valid YAML
        self.title_line = next(line for line in self.events_text.splitlines(keepends=True)
                               if re.match(r"^\s+title: [^\"'\s>|]", line))
        article_file = _first_article_file(root / "content")
        self.article = root / "seeds" / article_file
        self.article_text = self.article.read_text(encoding="utf-8")
        self.template = root / "templates" / "base.html"
        self.template_text = self.template.read_text(encoding="utf-8")
        self.count = 0

    def apply(self, kind: str) -> Path:
        self.count += 1
        i = self.count
        if kind == "event":
            new = self.title_line.rstrip("\n") + f" (edit {i})\n"
            return self._save(self.events, self.events_text.replace(self.title_line, new, 1))
        if kind == "article":
            return self._save(self.article, self.article_text.rstrip("\n") + f"\n\nBenchmark edit {i}.\n")
        if kind == "template":
            text = self.template_text
            at = text.rfind("</body>")
            at = at if at >= 0 else len(text)
            return self._save(self.template, text[:at] + f"<!-- benchmark edit {i} -->\n" + text[at:])
        raise ValueError(kind)

    def marker(self, kind: str) -> str | None:
        """Text the pages fetched after the latest save must show (template saves only:
        they change every page; the others change pages the harness does not fetch)."""
        return f"<!-- benchmark edit {self.count} -->" if kind == "template" else None

    def _save(self, path: Path, text: str) -> Path:
        tmp = self.root / f".save-{path.name}"  # outside the watched folders, same file system
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        return path


def _first_article_file(content: Path) -> str:
    for line in (content / "articles.yaml").read_text(encoding="utf-8").splitlines():
        if (m := re.match(r"^\s*file:\s*['\"]?([^'\"\s]+)", line)):
            return m[1]
    raise RuntimeError("no article file found in articles.yaml")


def _far_page(site: Path) -> str:
    """The URL path of the last article page: far down the list of pages, so that a
    template save written only in part before the reload would show there."""
    last = sorted(p.parent.name for p in (site / "sources").glob("*/index.html"))[-1]
    return f"/sources/{last}/"


def _fetch_after_reload(port: int, far: str, marker: str | None) -> tuple[float, float, bool]:
    """What a browser does on reload: ask for its page (the home page here), then a
    reader clicks through to another. Returns when each arrived, and whether any was stale."""
    import urllib.request

    stale = False
    stamps = []
    for path in ("/", far):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
            body = r.read().decode("utf-8")
        stamps.append(time.perf_counter())
        stale |= marker is not None and marker not in body
    return stamps[0], stamps[1], stale


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _connect(port: int):  # type: ignore[no-untyped-def]
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    await ws.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    hello = json.loads(await asyncio.wait_for(ws.read_message(), 10))
    if hello.get("command") != "hello":
        raise RuntimeError(f"unexpected handshake reply: {hello}")
    # livereload.js sends "info" next; livereload's server only reloads sockets that did
    await ws.write_message(json.dumps({"command": "info", "plugins": {}, "url": f"http://127.0.0.1:{port}/"}))
    return ws


async def _drain(ws, seconds: float) -> list[str]:  # type: ignore[no-untyped-def]
    got = []
    deadline = time.perf_counter() + seconds
    while (left := deadline - time.perf_counter()) > 0:
        try:
            msg = await asyncio.wait_for(ws.read_message(), left)
        except asyncio.TimeoutError:
            break
        if msg is None:
            raise RuntimeError("the server closed the websocket")
        got.append(msg)
    return got


async def _measure(root: Path, label: str, reps: int, kinds: tuple[str, ...], timeout: float,
                   startup_timeout: float, interval_ms: float | None) -> Run:
    port = _free_port()
    server = [str(PROJECT / "build.py")] if interval_ms is None else [str(BENCH / "poll_server.py"), str(interval_ms)]
    cmd = [sys.executable, *server, "--serve", "--port", str(port),
           "--content", str(root / "content"), "--seeds", str(root / "seeds"),
           "--templates", str(root / "templates"), "--static", str(root / "static"), "--out", str(root / "site")]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    log = ServerLog(proc)
    try:
        ready = await asyncio.to_thread(log.wait_for, _SERVING, 0.0, startup_timeout, proc)
        if ready is None:
            raise RuntimeError("server did not start:\n" + "\n".join(line for _, line in log.since(0.0)))
        port = int(ready[1][1])
        # the server says "serving" once its first build is written whole
        first = next((float(m[2]) for _, line in log.since(0.0) if (m := _REBUILT.search(line))), None)
        run = Run(label, ready[0] - started, first)
        ws = await _connect(port)
        await _drain(ws, 2.0)  # anything livereload sends on start-up
        edits = Edits(root)
        far = _far_page(root / "site")
        rng = random.Random(SEED)
        samples: list[tuple[str, int, float, float, float, float, bool]] = []  # kind, i, t0, t1, page, far, stale
        rss: list[float | None] = []  # the server's memory after each save is done: it must not grow save by save
        for kind in kinds:
            for i in range(reps):
                await asyncio.sleep(rng.uniform(0.05, 0.85))
                edits.apply(kind)
                t0 = time.perf_counter()
                while True:
                    msg = await asyncio.wait_for(ws.read_message(), timeout)
                    t1 = time.perf_counter()
                    if msg is None:
                        raise RuntimeError("the server closed the websocket:\n" +
                                           "\n".join(line for _, line in log.since(t0)))
                    if json.loads(msg).get("command") == "reload":
                        break
                pages = await asyncio.to_thread(_fetch_after_reload, port, far, edits.marker(kind))
                samples.append((kind, i, t0, t1, *pages))
                # the next save once its rebuild is over (the server says so before livereload sends the reload)
                await asyncio.to_thread(log.wait_for, _SETTLED, t0, timeout, proc)
                rss.append(_rss_mb(proc.pid))
        await _drain(ws, 1.5)  # late rebuilds of the last save, if any
        ws.close()
        ends = [t0 for _, _, t0, *_ in samples[1:]] + [time.perf_counter()]
        for (kind, i, t0, t1, page, far_page, stale), end, mb in zip(samples, ends, rss):
            lines = [(t, line) for t, line in log.since(t0) if t < end]
            detect = next((t - t0 for t, line in lines if "Running task" in line), None)
            built = [(t, m) for t, line in lines if (m := _REBUILT.search(line))]
            failed = any("build failed" in line or "internal error" in line for _, line in lines)
            run.samples.append(Sample(
                kind, i, t1 - t0, detect,
                float(built[0][1][2]) if built else None,
                t1 - built[0][0] if built else None,
                int(built[0][1][1]) if built else None,
                len(built), failed, page - t0, far_page - t0, stale, mb))
        run.log_tail = [line for _, line in log.since(0.0)][-5:]
        return run
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def measure(articles: int | None, reps: int = 10, kinds: tuple[str, ...] = KINDS, made: Path | None = None,
            timeout: float = 60.0, interval_ms: float | None = None) -> Run:
    """One server session on a fresh copy of the briefing (None: the bundled one).

    interval_ms: run bench/poll_server.py (livereload polling every interval_ms)
    instead of the real build.py, to see what a faster watcher would give.
    """
    label = "bundled" if articles is None else f"{articles} articles"
    if interval_ms is not None:
        label += f", poll {interval_ms:g} ms (experiment)"
    with tempfile.TemporaryDirectory(prefix="briefing-reload-") as tmp:
        root = common.prepare(Path(tmp), articles, made)
        return asyncio.run(_measure(root, label, reps, kinds, timeout, 600.0, interval_ms))


def poll_cost(articles: int | None, made: Path | None = None, rounds: int = 20) -> float:
    """Median seconds of one livereload poll that finds nothing changed (stat every watched file).

    The server does this on its IOLoop at every poll: it is the price of each poll, and
    what a shorter polling interval would multiply.
    """
    from livereload.watcher import Watcher

    with tempfile.TemporaryDirectory(prefix="briefing-poll-") as tmp:
        root = common.prepare(Path(tmp), articles, made)
        watcher = Watcher()
        for name in ("content", "seeds", "templates", "static"):
            watcher.watch(str(root / name), lambda: None)
        watcher.examine()  # the first look records every file's mtime
        times = []
        for _ in range(rounds):
            mark = time.perf_counter()
            watcher.examine()
            times.append(time.perf_counter() - mark)
        return statistics.median(times)


# -- statistics and the table ---------------------------------------------------------


def quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(values)
    if len(xs) == 1:
        return xs[0]
    pos = q * (len(xs) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summary(run: Run) -> list[dict[str, object]]:
    rows = []
    for kind in dict.fromkeys(s.kind for s in run.samples):
        ss = [s for s in run.samples if s.kind == kind]
        total = [s.save_to_reload for s in ss]
        detect = [s.save_to_detect for s in ss if s.save_to_detect is not None]
        rebuild = [s.rebuild for s in ss if s.rebuild is not None]
        rows.append({
            "briefing": run.briefing, "kind": kind, "n": len(ss), "pages": ss[0].pages,
            "total_median": statistics.median(total), "total_p90": quantile(total, 0.9),
            "total_min": min(total), "total_max": max(total),
            "detect_median": statistics.median(detect) if detect else None,
            "detect_p90": quantile(detect, 0.9) if detect else None,
            "rebuild_median": statistics.median(rebuild) if rebuild else None,
            "rebuild_p90": quantile(rebuild, 0.9) if rebuild else None,
            "failed": sum(s.failed for s in ss), "extra_rebuilds": sum(max(0, s.rebuilds - 1) for s in ss),
            "page_median": _median([s.save_to_page for s in ss]),
            "far_page_median": _median([s.save_to_far_page for s in ss]),
            "stale": sum(s.stale for s in ss),
            "rss_first_mb": ss[0].rss_mb, "rss_last_mb": ss[-1].rss_mb,
        })
    return rows


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            return next((int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:")), None)
    except OSError:
        return None


def _mb(x: object) -> str:
    return "–" if x is None else f"{float(x):.0f}"  # type: ignore[arg-type]


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _ms(x: object) -> str:
    return "–" if x is None else f"{float(x) * 1000:.0f}"  # type: ignore[arg-type]


def table(rows: list[dict[str, object]]) -> str:
    out = ["| briefing | save | n | pages | save→reload median ms | p90 ms | min–max ms | "
           "save→detected median ms | p90 ms | rebuild median ms | p90 ms | "
           "save→page served ms | save→far page served ms | "
           "server RSS after the first → last save MB |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        out.append(f"| {r['briefing']} | {r['kind']} | {r['n']} | {r['pages']} | {_ms(r['total_median'])} | "
                   f"{_ms(r['total_p90'])} | {_ms(r['total_min'])}–{_ms(r['total_max'])} | "
                   f"{_ms(r['detect_median'])} | {_ms(r['detect_p90'])} | {_ms(r['rebuild_median'])} | "
                   f"{_ms(r['rebuild_p90'])} | {_ms(r.get('page_median'))} | {_ms(r.get('far_page_median'))} | "
                   f"{_mb(r.get('rss_first_mb'))} → {_mb(r.get('rss_last_mb'))} |")
    problems = [r for r in rows if r["failed"] or r["extra_rebuilds"] or r.get("stale")]
    for r in problems:
        out.append(f"\n{r['briefing']} / {r['kind']}: {r['failed']} failed builds, "
                   f"{r['extra_rebuilds']} extra rebuilds, {r.get('stale', 0)} stale pages served after the reload")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Measure save -> livereload reload latency of build.py --serve.")
    p.add_argument("--briefings", default="bundled,2000",
                   help="comma-separated: 'bundled' and/or article counts for bench/corpus.py (default: bundled,2000)")
    p.add_argument("--reps", type=int, default=10, help="saves per kind of edit (default 10)")
    p.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of {', '.join(KINDS)}")
    p.add_argument("--poll-ms", type=float, help="experiment: livereload polling every N ms (bench/poll_server.py)")
    p.add_argument("--json", type=Path, help="write every sample and the summary here")
    args = p.parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    runs = []
    for name in args.briefings.split(","):
        articles = None if name == "bundled" else int(name)
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        runs.append(measure(articles, args.reps, kinds, interval_ms=args.poll_ms))
    rows = [row for run in runs for row in summary(run)]
    for run in runs:
        print(f"{run.briefing}: server up in {run.startup_s:.2f} s (first build {run.first_build_s} s)")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps({"runs": [asdict(r) for r in runs], "summary": rows}, indent=2),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
