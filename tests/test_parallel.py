"""briefing.parallel: work in forked processes gives what it would give here."""
from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from briefing import parallel


def test_in_background_runs_in_another_process_and_returns_its_result() -> None:
    with parallel.in_background(lambda: (os.getpid(), [1, 2, 3])) as result:
        pid, value = result()
    assert pid != os.getpid() and value == [1, 2, 3]


@pytest.mark.parametrize("fork", [True, False])
def test_in_background_gives_the_same_result_when_asked_again(fork: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "can_fork", lambda: fork)
    calls = []
    with parallel.in_background(lambda: calls.append(1) or [os.getpid()]) as result:
        first = result()
        assert result() is first
    assert first != [os.getpid()] if fork else calls == [1] and first == [os.getpid()]


def test_in_background_raises_what_the_work_raised() -> None:
    def fails() -> None:
        raise ValueError("no such page")

    with parallel.in_background(fails) as result, pytest.raises(ValueError, match="no such page"):
        result()


def test_in_background_reports_a_process_that_died() -> None:
    with parallel.in_background(lambda: os._exit(3)) as result, pytest.raises(RuntimeError, match="exit code 3"):
        result()


def test_leaving_early_stops_the_background_work(tmp_path: Path) -> None:
    """An error (or Ctrl-C) in the build stops the process before the staging folder is removed."""
    def writes_forever() -> None:
        while True:
            (tmp_path / "beat").write_text(str(time.monotonic()))
            time.sleep(0.01)

    with pytest.raises(KeyError):
        with parallel.in_background(writes_forever):
            while not (tmp_path / "beat").exists():
                time.sleep(0.01)
            raise KeyError("a mistake in the build")
    (tmp_path / "beat").unlink()
    time.sleep(0.2)
    assert not (tmp_path / "beat").exists()


def test_on_every_core_gives_every_item_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)

    def work(which: Iterable[int]) -> tuple[int, list[int]]:
        taken = []
        for i in which:
            taken.append(i)
            time.sleep(0.02)  # long enough for every worker to start and take some
        return os.getpid(), taken
    shares = parallel.on_every_core(3, 60, work)
    assert sorted(i for _, items in shares for i in items) == list(range(60))
    assert len({pid for pid, items in shares if items}) >= 2  # this process and at least one worker


def test_a_process_forked_earlier_can_take_its_share_of_the_same_tickets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-shot build's search-index process renders pages too once its own work is
    done: it shares the render's tickets, and no page is made twice or left out."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    tickets = parallel.Tickets(60)

    def slowly(which: Iterable[int]) -> list[int]:
        taken = []
        for i in which:
            taken.append(i)
            time.sleep(0.02)  # long enough for every process to start and take some
        return taken
    with parallel.in_background(lambda: slowly(tickets)) as joined:
        shares = [*parallel.on_every_core(2, 60, slowly, tickets), joined()]
    assert sorted(i for share in shares for i in share) == list(range(60))
    assert all(shares)  # each of the three processes took some


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
