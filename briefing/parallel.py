"""Work spread over forked processes, which share the build's data copy-on-write."""
from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

# Below this many items, starting worker processes costs more than it saves.
PARALLEL_FROM = 400

_T = TypeVar("_T")
_WORK: Callable[[range], Any] | None = None  # what forked workers do, set up before forking


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def on_every_core(workers: int, count: int, work: Callable[[range], _T]) -> list[_T]:
    """`work` over range(count) in `workers` interleaved slices (even loads), this process
    doing the first. Below PARALLEL_FROM items, in this process only."""
    if workers <= 1 or count < PARALLEL_FROM or not can_fork():
        return [work(range(count))]
    global _WORK
    _WORK = work
    gc.freeze()  # the collector in a worker would touch, and so copy, every shared object
    try:
        slices = [range(i, count, workers) for i in range(workers)]
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            theirs = pool.map_async(_work_slice, slices[1:])
            return [work(slices[0]), *theirs.get()]
    finally:
        _WORK = None
        gc.unfreeze()


def _work_slice(which: range) -> Any:
    """In a forked worker: its share of the work the parent set up before forking."""
    assert _WORK is not None
    return _WORK(which)


def in_background(work: Callable[[], _T]) -> Callable[[], _T]:
    """Start `work` in a forked process now; the function returned waits for its result
    (raising what it raised). Without fork, the work is done when the result is asked for."""
    if not can_fork():
        return work
    gc.freeze()
    try:
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_run, args=(work, send), daemon=True)
        process.start()
    finally:
        gc.unfreeze()
    send.close()

    def result() -> _T:
        try:
            ok, value = receive.recv()
        except EOFError:
            process.join()
            raise RuntimeError(f"a build process ended without its result (exit code {process.exitcode})") from None
        finally:
            receive.close()
        process.join()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]
    return result


def _run(work: Callable[[], Any], send: Connection) -> None:
    try:
        outcome = (True, work())
    except BaseException as exc:  # sent to the parent, which raises it
        outcome = (False, exc)
    send.send(outcome)
    send.close()
