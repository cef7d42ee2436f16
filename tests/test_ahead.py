"""briefing.ahead: the articles parsed and the templates compiled on another core, ahead."""
from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import ALPHA, STATIC, TEMPLATES, make_briefing, snapshot

from briefing import ahead, seedfiles
from briefing.articles import parse
from briefing.cache import Cache
from briefing.pipeline import Options, Paths, build


def paths_of(root: Path, out: str = "site") -> Paths:
    return Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / out, root)


def test_what_is_made_ahead_is_what_the_build_would_make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the work ahead forced on (a small briefing), the article blocks and compiled
    templates come from the other process, and the site is the one a build makes alone."""
    root = make_briefing(tmp_path)
    build(paths_of(root, "alone"), Options(), Cache())
    monkeypatch.setattr(ahead, "AHEAD_FROM", 1)
    cache = Cache()
    build(paths_of(root), Options(), cache)
    assert snapshot(root / "site") == snapshot(root / "alone")
    blocks = [key for key in cache.kept if key.startswith(seedfiles.BLOCKS)]
    assert cache.kept[seedfiles.key((root / "seeds" / "alpha.txt").read_bytes())] == parse(ALPHA)
    assert len(blocks) == 2 and any(key.startswith(ahead.TEMPLATE) for key in cache.kept)


def _all(parts: Iterator[dict[str, bytes]]) -> dict[str, Any]:
    """What the work ahead sends, as it was before pickling."""
    return {key: pickle.loads(data) for part in parts for key, data in part.items()}


def test_only_what_the_cache_lacks_is_made_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_briefing(tmp_path)
    names = sorted(os.listdir(root / "seeds"))
    known = {seedfiles.key((root / "seeds" / "alpha.txt").read_bytes())}
    made = _all(ahead._made(root / "seeds", names, range(len(names)), known, (TEMPLATES,), set(), Cache()))
    assert [key for key in made if key.startswith(seedfiles.BLOCKS)] == [
        seedfiles.key((root / "seeds" / "beta.txt").read_bytes())]
    compiled = {key: code for key, code in made.items() if key.startswith(ahead.TEMPLATE)}
    assert len(compiled) == len(list(TEMPLATES.rglob("*.html")))
    # The dev server's cache holds its compiled templates in memory: none is compiled again.
    warm = Cache()
    warm.kept.update(compiled)
    compiling = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *args, **kw: pytest.fail("compiled again"))
    assert [key for key in _all(ahead._made(root / "seeds", names, range(len(names)), known, (TEMPLATES,),
                                            set(compiled), warm)) if key.startswith(ahead.TEMPLATE)] == []
    monkeypatch.setattr(jinja2.Environment, "compile", compiling)


def test_when_the_process_ahead_dies_the_build_makes_it_all_itself(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_briefing(tmp_path)
    build(paths_of(root, "alone"), Options(), Cache())
    monkeypatch.setattr(ahead, "AHEAD_FROM", 1)
    monkeypatch.setattr(ahead, "_made", lambda *args: os._exit(9))  # as the out-of-memory killer would end it
    build(paths_of(root), Options(), Cache())
    assert snapshot(root / "site") == snapshot(root / "alone")


def test_a_build_with_nothing_to_do_stops_the_work_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The work ahead starts before the build knows whether there is anything to do: a
    build that finds nothing to do stops it rather than wait for it."""
    root = make_briefing(tmp_path)
    cache = Cache()
    build(paths_of(root), Options(), cache)
    for key in [key for key in cache.kept if key.startswith(seedfiles.BLOCKS)]:
        del cache.kept[key]  # so that there is work to do ahead
    monkeypatch.setattr(ahead, "AHEAD_FROM", 1)
    monkeypatch.setattr(ahead, "_made", lambda *args: time.sleep(60))
    started = time.perf_counter()
    assert build(paths_of(root), Options(), cache).unchanged
    assert time.perf_counter() - started < 10


def test_no_work_ahead_when_the_cache_has_most_of_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a save, the articles are in the cache but the one saved: resolving parses it."""
    root = make_briefing(tmp_path)
    cache = Cache()
    build(paths_of(root), Options(), cache)
    monkeypatch.setattr(ahead, "AHEAD_FROM", 2)
    started = tmp_path / "started"
    monkeypatch.setattr(ahead, "_made", lambda *args: started.touch() or {})  # in the process ahead
    seed = root / "seeds" / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA paragraph added by the test.\n", encoding="utf-8")
    build(paths_of(root), Options(), cache)
    assert not started.exists()
    build(paths_of(root, "alone"), Options(), Cache())
    assert snapshot(root / "site") == snapshot(root / "alone")
