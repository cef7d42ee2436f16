"""briefing.parallel: work in forked processes gives what it would give here."""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from briefing import parallel


def _result(work: Callable[[], object]) -> object:
    def once() -> Iterator[object]:
        yield work()
    background = parallel.Background(once)
    try:
        return background.next()
    finally:
        background.stop()


def test_background_work_runs_in_another_process_and_returns_its_result() -> None:
    pid, value = _result(lambda: (os.getpid(), [1, 2, 3]))  # type: ignore[misc]
    assert pid != os.getpid() and value == [1, 2, 3]


@pytest.mark.parametrize("fork", [True, False])
def test_background_work_gives_its_parts_in_order_while_it_goes_on(fork: bool, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The first part is taken while the work still makes the second; each part is made once."""
    monkeypatch.setattr(parallel, "can_fork", lambda: fork)
    second = tmp_path / "second"

    def parts() -> Iterator[object]:
        yield os.getpid()
        second.write_text("made")
        yield os.getpid()

    background = parallel.Background(parts)
    first = background.next()
    if not fork:  # made when asked, here
        assert first == os.getpid() and not second.exists()
    assert background.next() == first and second.read_text() == "made"
    background.stop()
    assert (first != os.getpid()) == fork


def test_background_work_raises_what_the_work_raised() -> None:
    def fails() -> None:
        raise ValueError("no such page")

    with pytest.raises(ValueError, match="no such page"):
        _result(fails)


def test_background_work_reports_a_process_that_died() -> None:
    with pytest.raises(RuntimeError, match="exit code 3"):
        _result(lambda: os._exit(3))


def test_stopping_ends_the_background_work(tmp_path: Path) -> None:
    """An error (or Ctrl-C) in the build stops the process before the staging folder is removed."""
    def writes_forever() -> Iterator[None]:
        while True:
            (tmp_path / "beat").write_text(str(time.monotonic()))
            time.sleep(0.01)

    background = parallel.Background(writes_forever)
    while not (tmp_path / "beat").exists():
        time.sleep(0.01)
    background.stop()
    (tmp_path / "beat").unlink()
    time.sleep(0.2)
    assert not (tmp_path / "beat").exists()


def test_on_every_core_gives_every_item_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every process takes the next item as it goes: none is made twice or left out, and
    every process took some."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)

    def work(which: Iterable[int]) -> tuple[int, list[int]]:
        taken = []
        for i in which:
            taken.append(i)
            time.sleep(0.02)  # long enough for every worker to start and take some
        return os.getpid(), taken
    shares = parallel.on_every_core(60, work)
    assert sorted(i for _, items in shares for i in items) == list(range(60))
    assert len({pid for pid, items in shares if items}) == 3


def test_below_the_threshold_everything_runs_here() -> None:
    assert parallel.on_every_core(5, lambda which: (os.getpid(), list(which))) == [(os.getpid(), [0, 1, 2, 3, 4])]


def _build_in_a_daemon(root: str) -> int:
    from conftest import run_build
    code, _, err = run_build(Path(root), "--out", "site", "-q")
    assert code == 0, err
    return code


def test_a_build_inside_a_daemonic_process_runs_in_that_process(tmp_path: Path) -> None:
    """A daemonic process (a pool worker) may not fork: the build then does its work in it."""
    import multiprocessing

    from conftest import make_briefing, snapshot
    root = make_briefing(tmp_path)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_build_in_a_daemon, (str(root),)) == 0
    assert (root / "site" / "index.html").is_file() and len(snapshot(root / "site")) > 20
