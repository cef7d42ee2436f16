"""Shared by the benchmark scripts: preparing a briefing folder, describing the machine and the code."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent


def prepare(root: Path, articles: int | None, made: Path | None = None, corpus_dir: Path | None = None) -> Path:
    """Fill `root` with content/, seeds/, templates/, static/; returns root.

    articles=None: the bundled briefing (the project's content/ + seeds/). Otherwise a
    briefing of that many corpus articles, copied from `made` if given (a folder that
    corpus.make_briefing already wrote), else made afresh from the corpus folder `corpus_dir`
    (None: corpus.corpus_dir()'s default: $BRIEFING_CORPUS, else ../shared/corpus/bbc).
    """
    root.mkdir(parents=True, exist_ok=True)
    if articles is None:
        for name in ("content", "seeds"):
            shutil.copytree(PROJECT / name, root / name)
    elif made is not None:
        for name in ("content", "seeds"):
            shutil.copytree(made / name, root / name)
    else:
        sys.path.insert(0, str(BENCH))
        import corpus
        corpus.make_briefing(articles, root, corpus_dir)
    for name in ("templates", "static"):
        shutil.copytree(PROJECT / "briefing" / "theme" / name, root / name)
    return root


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "date": subprocess.run(["date"], capture_output=True, text=True).stdout.strip(),
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
        "cpu": cpu,
        "memory": mem,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def code_fingerprint() -> str:
    """A short hash of briefing/ (its code and its theme), to tell which code a run measured."""
    h = hashlib.sha256()
    for folder in ("briefing",):
        for path in sorted((PROJECT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(PROJECT).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:12]


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")
