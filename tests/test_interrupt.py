"""Nothing lost, ever: a build killed or interrupted midway leaves the previous site whole,
and two builds of the same input are byte-identical."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ARTICLES, BUILD_PY, STATIC, TEMPLATES, make_briefing, rewrite, run_build, snapshot

N = 300  # enough articles that writing the site takes a while


KEPT = (".site-build.cache", ".site-build.lock")  # the cache beside the site, and the lock of who writes it


def big_briefing(tmp_path: Path) -> Path:
    extra = "".join(f"- id: filler-{i}\n  file: filler-{i}.txt\n  title: Filler report {i}\n  outlet: unknown\n"
                    f"  published: unknown\n" for i in range(N))
    seeds = {f"seeds/filler-{i}.txt": "\n\n".join(
        f"Paragraph {j} of filler report {i}, with Kim Jong Un and Xi Jinping named in it." for j in range(40))
        for i in range(N)}
    return make_briefing(tmp_path, articles=ARTICLES + extra, files=seeds)  # type: ignore[arg-type]


def start_build(root: Path) -> subprocess.Popen[str]:
    """The build in a process of its own, which takes Ctrl-C as a terminal would send it even
    when this test process was started with SIGINT ignored (`nohup ... &`): Python leaves an
    ignored SIGINT ignored, and a child inherits that."""
    return subprocess.Popen([sys.executable, str(BUILD_PY), "--templates", str(TEMPLATES), "--static", str(STATIC),
                             "--out", "site"], cwd=root, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for_staging(root: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not list(root.glob(".site.building-*/*")):
        assert proc.poll() is None, "the build ended before it started writing"
        assert time.monotonic() < deadline
        time.sleep(0.001)


def test_a_killed_build_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    root = big_briefing(tmp_path)
    code, _, err = run_build(root, "--out", "site", "-q")
    assert code == 0, err
    before = snapshot(root / "site")
    rewrite(root, files={"content/site.yaml": (root / "content" / "site.yaml").read_text(encoding="utf-8")
                         .replace("title: Test Briefing", "title: Test Briefing, edited")})
    code, _, err = run_build(root, "--out", "expected", "-q")
    assert code == 0, err
    after = snapshot(root / "expected")
    proc = start_build(root)
    wait_for_staging(root, proc)
    proc.kill()
    proc.wait()
    # Whole, every file of it: the previous site (or, had the kill come after the one-step
    # swap, the new one; never a mix).
    assert snapshot(root / "site") in (before, after)
    code, _, err = run_build(root, "--out", "site", "-q")  # the next build cleans up after the killed one
    assert code == 0, err
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site") and p.name not in KEPT) == []
    assert "Test Briefing, edited" in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_ctrl_c_stops_the_build_and_keeps_the_previous_site(tmp_path: Path) -> None:
    root = big_briefing(tmp_path)
    code, _, err = run_build(root, "--out", "site", "-q")
    assert code == 0, err
    before = snapshot(root / "site")
    rewrite(root, files={"seeds/filler-1.txt": "A changed text.\n", "content/site.yaml": (  # YAML too: a full build
        root / "content" / "site.yaml").read_text(encoding="utf-8").replace("title: Test Briefing", "title: Edited")})
    proc = start_build(root)
    wait_for_staging(root, proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert [p.name for p in root.iterdir() if p.name.startswith(".site") and p.name not in KEPT] == []
    if proc.returncode == 0:
        return  # the signal came after the build had finished: nothing to check
    assert proc.returncode == 130, err
    said = err.strip().splitlines()[-1]
    if said == "build interrupted; site/ left as it was":
        assert snapshot(root / "site") == before
    else:  # interrupted after the one-step swap: the new site is whole and in place
        assert said == "build interrupted; site/ already holds the new site"
        assert "A changed text." in (root / "site" / "sources" / "filler-1" / "index.html").read_text(encoding="utf-8")


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    for out in ("one", "two"):
        code, _, err = run_build(root, "--out", out, "-q")
        assert code == 0, err
    assert snapshot(root / "one") == snapshot(root / "two")
    os.utime(root / "content" / "events.yaml")  # a touch changes no byte either
    code, _, err = run_build(root, "--out", "two", "-q")
    assert code == 0 and snapshot(root / "one") == snapshot(root / "two")


def test_rendering_on_every_core_gives_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing import parallel

    root = make_briefing(tmp_path)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)  # one process
    code, _, err = run_build(root, "--out", "serial", "-q")
    assert code == 0, err
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)  # forked workers, even for 18 pages
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    code, _, err = run_build(root, "--out", "parallel", "-q")
    assert code == 0, err
    assert snapshot(root / "parallel") == snapshot(root / "serial")
    # A template mistake in a worker's share is reported like any other.
    bad = tmp_path / "templates"
    shutil.copytree(TEMPLATES, bad)
    person = bad / "person.html"
    person.write_text(person.read_text(encoding="utf-8").replace("{% block main %}",
                                                                  "{% block main %}{{ nothing.here }}", 1), encoding="utf-8")
    code, _, err = run_build(root, "--out", "parallel", "--templates", str(bad))
    assert code == 1 and "'nothing' is undefined (and 3 more pages)" in err, err
