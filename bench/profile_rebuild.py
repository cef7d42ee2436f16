"""Where a dev-server rebuild spends its time: stage timings and a cProfile of one rebuild.

    python bench/profile_rebuild.py [--articles 2000] [--rounds 3] [--top 15] [--edit event] [--json FILE]

Makes the briefing (bench/corpus.py; --articles 0 for the bundled one) in a temporary
folder, then, in this process, does what `python build.py --serve` does: it keeps one
`briefing.serve.Rebuilder` (and so its in-memory `Cache`, kept from save to save), calls
it once for the first build, then once after each save (by default an edit of an event
title in events.yaml, different every time; --edit article|template makes the other
saves of bench/reload.py). Between rebuilds it collects and freezes the heap
(`serve._tidy`), as the server does a second after each rebuild.

Reports

1. the stages of `pipeline.build`, timed by wrapping, for the duration of the measurement,
   the functions it calls (STAGES below): `inputs.read_all` (hashing every input),
   `loader.load_content`, `pipeline.validate`, `resolve.resolve`, `published.check`,
   `pages.makers`, `render.render` (every page and the files that are not pages, on every
   core), `Writer.commit` and `Cache.keep`; "other" is the rest of the rebuild (the
   imports, waiting for the work done ahead on another core, the template environment,
   the sitemap, the Rebuilder's own work). Median of --rounds rebuilds;
2. the top functions by cumulative and by own time in a cProfile of one more rebuild
   after a save. cProfile roughly doubles the time of Python-heavy code, so read its
   seconds as proportions; it sees this process only, not the forked render workers (the
   parent renders its share of the pages, then waits for theirs).

Nothing in briefing/ is changed.
"""
from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(BENCH))

from briefing import pipeline, serve  # noqa: E402

import common  # noqa: E402
from reload import Edits  # noqa: E402


def prepare_paths(root: Path, articles: int | None, made: Path | None = None) -> pipeline.Paths:
    common.prepare(root, articles, made)
    return pipeline.Paths(root / "content", root / "seeds", root / "templates", root / "static", root / "site", root)


# The stages of pipeline.build: (label, module, the name pipeline.build calls in it). Each
# is looked up where pipeline.build finds it at run time (a module attribute, or a method
# of a class), so wrapping it there times every call.
STAGES = (
    ("inputs.read_all (hash every input)", "inputs", "read_all"),
    ("load (YAML)", "loader", "load_content"),
    ("validate (schema)", "pipeline", "validate"),
    ("resolve (articles, quotes, mentions)", "resolve", "resolve"),
    ("published.check", "published", "check"),
    ("pages.makers", "pages", "makers"),
    ("render (pages, feed, data, search index; every core)", "render", "render"),
    ("write (static files, then swap or move in)", "write", "Writer.commit"),
    ("Cache.keep", "cache", "Cache.keep"),
)


class StepTimer:
    """Wraps the STAGES while installed; `spent` is each stage's seconds since it was cleared."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.undo: list[tuple[object, str, object]] = []

    def install(self) -> None:
        for label, module, name in STAGES:
            owner: object = importlib.import_module(f"briefing.{module}")
            *classes, attr = name.split(".")
            for cls in classes:
                owner = getattr(owner, cls)
            original = getattr(owner, attr)  # an AttributeError here: pipeline.build changed, update STAGES
            setattr(owner, attr, self._wrap(label, original))
            self.undo.append((owner, attr, original))

    def uninstall(self) -> None:
        for owner, attr, original in reversed(self.undo):
            setattr(owner, attr, original)
        self.undo.clear()

    def _wrap(self, label: str, fn):  # type: ignore[no-untyped-def]
        spent = self.spent

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start
        return timed


def profile(articles: int | None, rounds: int = 3, top: int = 15, made: Path | None = None,
            kind: str = "event") -> dict[str, object]:
    """Rebuild as the dev server does (one briefing.serve.Rebuilder, kept between saves)."""
    with tempfile.TemporaryDirectory(prefix="briefing-profile-") as tmp:
        paths = prepare_paths(Path(tmp), articles, made)
        log: list[str] = []
        rebuild = serve.Rebuilder(paths, False, log.append)
        edits = Edits(Path(tmp))

        def timed_rebuild() -> float:
            before = len(log)
            mark = time.perf_counter()
            rebuild()
            spent = time.perf_counter() - mark
            if not any(line.startswith("rebuilt ") for line in log[before:]):
                raise RuntimeError("rebuild failed: " + "\n".join(log[before:]))
            serve._tidy()  # as the server does once the browser has its reload
            return spent

        cold = timed_rebuild()  # the server's first build: empty cache, no previous site
        pages = int(log[-1].split()[1])
        stages: list[dict[str, float]] = []
        timer = StepTimer()
        timer.install()
        try:
            for _ in range(rounds):
                edits.apply(kind)
                timer.spent.clear()
                total = timed_rebuild()
                stages.append({**timer.spent, "other": total - sum(timer.spent.values()), "total": total})
        finally:
            timer.uninstall()
        labels = list(dict.fromkeys(k for s in stages for k in s))
        median = {k: statistics.median(s.get(k, 0.0) for s in stages) for k in labels}
        edits.apply(kind)
        prof = cProfile.Profile()
        mark = time.perf_counter()
        prof.enable()
        rebuild()
        prof.disable()
        profiled = time.perf_counter() - mark
        if not log[-1].startswith("rebuilt "):
            raise RuntimeError("profiled rebuild failed: " + log[-1])
        stats = pstats.Stats(prof)
        rows: list[dict[str, Any]] = []
        for (file, line, name), (cc, nc, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
            rows.append({"function": f"{_short(file)}:{line}({name})", "ncalls": nc, "tottime": tt, "cumtime": ct})
        rows.sort(key=lambda r: -r["cumtime"])
        by_tottime = sorted(rows, key=lambda r: -r["tottime"])
        project = [r for r in rows if str(r["function"]).startswith("briefing/")
                   and not str(r["function"]).startswith(("briefing/serve.py", "briefing/pipeline.py"))]
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(top)
        return {"articles": articles or "bundled", "pages": pages, "edit": kind, "cold_build_s": cold,
                "stages_s": median, "rounds": rounds, "profiled_build_s": profiled, "top_cumulative": rows[:top],
                "top_tottime": by_tottime[:top], "top_project": project[:top], "pstats_text": text.getvalue()}


def _short(file: str) -> str:
    for marker in ("/briefing/", "/site-packages/", "/lib/python3"):
        if marker in file:
            return file[file.index(marker) + 1:]
    return file


def _name(articles: object) -> str:
    return "bundled" if articles == "bundled" else f"{articles}-article"


def report(result: dict[str, object]) -> str:
    stages = result["stages_s"]
    assert isinstance(stages, dict)
    lines = [f"Dev-server rebuild of the {_name(result['articles'])} briefing ({result['pages']} pages), "
             f"each after a save ({result.get('edit', 'event')} edit), stage by stage (median of {result['rounds']}; the server's "
             f"first build {result['cold_build_s']:.2f} s):", ""]
    lines += ["| stage | seconds | share |", "| --- | ---: | ---: |"]
    for k, v in stages.items():
        if k != "total":
            lines.append(f"| {k} | {v:.3f} | {v / stages['total']:.0%} |")
    lines.append(f"| **total** | **{stages['total']:.3f}** | |")
    lines += ["", f"cProfile of one rebuild ({result['profiled_build_s']:.2f} s under the profiler), "
              "top functions by cumulative time:", "",
              "| # | function | calls | tottime s | cumtime s |", "| ---: | --- | ---: | ---: | ---: |"]
    for i, r in enumerate(result["top_cumulative"], 1):  # type: ignore[arg-type]
        lines.append(f"| {i} | `{r['function']}` | {r['ncalls']} | {r['tottime']:.3f} | {r['cumtime']:.3f} |")
    lines += ["", "The project's own functions (briefing/, less serve.py and pipeline.py) by cumulative time:", "",
              "| # | function | calls | tottime s | cumtime s |", "| ---: | --- | ---: | ---: | ---: |"]
    for i, r in enumerate(result["top_project"], 1):  # type: ignore[arg-type]
        lines.append(f"| {i} | `{r['function']}` | {r['ncalls']} | {r['tottime']:.3f} | {r['cumtime']:.3f} |")
    lines += ["", "Top functions by own time (tottime):", "",
              "| # | function | calls | tottime s | cumtime s |", "| ---: | --- | ---: | ---: | ---: |"]
    for i, r in enumerate(result["top_tottime"], 1):  # type: ignore[arg-type]
        lines.append(f"| {i} | `{r['function']}` | {r['ncalls']} | {r['tottime']:.3f} | {r['cumtime']:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Profile one dev-server rebuild.")
    p.add_argument("--articles", type=int, default=2000, help="corpus briefing size; 0 for the bundled briefing")
    p.add_argument("--rounds", type=int, default=3, help="timed rebuilds (median)")
    p.add_argument("--top", type=int, default=15, help="rows of each cProfile table")
    p.add_argument("--edit", choices=("event", "article", "template"), default="event",
                   help="what each save changes (as bench/reload.py does)")
    p.add_argument("--json", type=Path, help="also write the raw results here")
    args = p.parse_args(argv)
    result = profile(args.articles or None, args.rounds, args.top, kind=args.edit)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
