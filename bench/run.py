"""The whole issue-3 benchmark in one command:

    python bench/run.py [--reps-bundled 20] [--reps-large 10] [--articles 2000] [--quick]

1. makes the 2,000-article briefing from the BBC corpus (bench/corpus.py) in a
   temporary folder and checks it with `python build.py --check`;
2. times one livereload poll (stat of every watched file) for both briefings;
3. save -> reload signal of the real dev server (bench/reload.py), bundled briefing
   and the 2,000-article one, three kinds of save each;
4. the same for the bundled briefing with the server polling every --poll-ms
   (default 800, stock livereload's period; bench/poll_server.py, an experiment, not
   the shipped server), to show what the polling interval alone costs;
5. stage timings and a cProfile of a dev-server rebuild after a save (an event edit;
   bench/profile_rebuild.py), both briefings.

Writes bench/last-run.md (the tables) and bench/last-run.json (every sample), and
prints the tables. bench/RESULTS.md is the written-up copy of one such run.
Nothing outside a temporary folder and those two files is written.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import common  # noqa: E402
import corpus  # noqa: E402
import profile_rebuild  # noqa: E402
import reload  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=2000, help="size of the corpus briefing (default 2000)")
    p.add_argument("--reps-bundled", type=int, default=20, help="saves per kind, bundled briefing (default 20)")
    p.add_argument("--reps-large", type=int, default=10, help="saves per kind, corpus briefing (default 10)")
    p.add_argument("--poll-ms", type=float, default=800,
                   help="polling interval of the experiment (default 800, stock livereload)")
    p.add_argument("--quick", action="store_true", help="3 saves per kind, to try the harness out")
    p.add_argument("--out", type=Path, default=BENCH, help="folder for last-run.md and last-run.json")
    args = p.parse_args(argv)
    if args.quick:
        args.reps_bundled = args.reps_large = 3
    n = args.articles
    began = time.perf_counter()
    info = {**common.machine(), "code": common.code_fingerprint()}
    log = lambda msg: print(f"[{time.perf_counter() - began:6.1f} s] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    result: dict[str, object] = {"machine": info, "articles": n}

    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        made = Path(tmp) / "made"
        log(f"making the {n}-article briefing")
        mark = time.perf_counter()
        corpus.make_briefing(n, made)
        result["make_briefing_s"] = time.perf_counter() - mark
        check = subprocess.run([sys.executable, str(common.PROJECT / "build.py"), "--check",
                                "--content", str(made / "content"), "--seeds", str(made / "seeds")],
                               capture_output=True, text=True, cwd=tmp)
        result["check"] = (check.stdout + check.stderr).strip().splitlines()[-1:]
        log(f"check: {result['check']}")
        if check.returncode != 0:
            print(check.stdout + check.stderr, file=sys.stderr)
            return 1

        log("timing one livereload poll")
        result["poll_cost_s"] = {"bundled": reload.poll_cost(None), f"{n} articles": reload.poll_cost(n, made)}

        runs = []
        log(f"dev server, bundled briefing, {args.reps_bundled} saves per kind")
        runs.append(reload.measure(None, args.reps_bundled))
        log(f"dev server, {n} articles, {args.reps_large} saves per kind")
        runs.append(reload.measure(n, args.reps_large, made=made))
        log(f"experiment: bundled briefing, livereload polling every {args.poll_ms:g} ms")
        runs.append(reload.measure(None, max(10, args.reps_bundled // 2) if not args.quick else 3,
                                   interval_ms=args.poll_ms))
        result["runs"] = [asdict(r) for r in runs]
        result["summary"] = [row for r in runs for row in reload.summary(r)]

        log("profiling a dev-server rebuild, bundled")
        small = profile_rebuild.profile(None, rounds=5, top=15)
        log(f"profiling a dev-server rebuild, {n} articles")
        large = profile_rebuild.profile(n, rounds=3, top=15, made=made)
        result["profile"] = {"bundled": small, f"{n} articles": large}
    info["loadavg_after"] = common.machine()["loadavg"]
    result["wall_s"] = time.perf_counter() - began
    log("done")

    report = render(result, runs, small, large)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "last-run.md").write_text(report, encoding="utf-8")
    (args.out / "last-run.json").write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print(report)
    return 0


def render(result: dict[str, object], runs: list[reload.Run], small: dict[str, object],
           large: dict[str, object]) -> str:
    m = result["machine"]
    assert isinstance(m, dict)
    lines = [
        "# Benchmark run (generated by `python bench/run.py`)", "",
        f"- date: {m['date']}; wall time of the run {result['wall_s']:.0f} s",
        f"- machine: {m['nproc']} cores ({m['cpu']}), {m['memory']}, {m['platform']}, Python {m['python']}",
        f"- load average before / after: {m['loadavg']} / {m['loadavg_after']} (other work shares the machine)",
        f"- code measured: briefing/ + templates/ fingerprint `{m['code']}`",
        f"- corpus briefing: {result['articles']} articles, made in {result['make_briefing_s']:.1f} s; "
        f"`build.py --check`: {' '.join(result['check'])}",  # type: ignore[arg-type]
        "",
        "## Save → reload signal", "",
    ]
    for r in runs:
        lines.append(f"- {r.briefing}: server up in {r.startup_s:.2f} s (first build {r.first_build_s} s)")
    lines += ["", reload.table(result["summary"]),  # type: ignore[arg-type]
              "save→reload = file renamed into place → `{\"command\": \"reload\"}` received on the websocket; "
              "save→detected = until livereload logs \"Running task\" (polling wait + stat of every watched file); "
              "rebuild = the server's own \"rebuilt N pages in X s\".", ""]
    poll = result["poll_cost_s"]
    assert isinstance(poll, dict)
    lines += ["One livereload poll that finds nothing (stat of every watched file), median: " +
              ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in poll.items()), ""]
    lines += ["## Where a rebuild goes", "", profile_rebuild.report(small), profile_rebuild.report(large)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
