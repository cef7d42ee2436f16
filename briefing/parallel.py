"""Work spread over forked processes, which share the build's data copy-on-write."""
from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any, TypeVar

# Below this many items, starting worker processes costs more than it saves.
PARALLEL_FROM = 400

_T = TypeVar("_T")
_WORK: Callable[[range], Any] | None = None  # what forked workers do, set up before forking


def can_fork() -> bool:
    """Fork is there (not on Windows) and allowed (a daemonic process may have no children)."""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


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
        with multiprocessing.get_context("fork").Pool(workers - 1, _die_with_parent, (os.getpid(),)) as pool:
            theirs = pool.map_async(_work_slice, slices[1:])
            return [work(slices[0]), *theirs.get()]
    finally:
        _WORK = None
        gc.unfreeze()


def _work_slice(which: range) -> Any:
    """In a forked worker: its share of the work the parent set up before forking."""
    assert _WORK is not None
    return _WORK(which)


@contextlib.contextmanager
def in_background(work: Callable[[], _T]) -> Iterator[Callable[[], _T]]:
    """Start `work` in a forked process now; what the block is given waits for its result
    (raising what it raised). Leaving the block stops the process if it is still at work
    (an error, Ctrl-C), before the caller cleans up what it was writing into.
    Without fork, the work is done when the result is asked for."""
    if not can_fork():
        yield work
        return
    gc.freeze()
    try:
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_run, args=(work, send, os.getpid()), daemon=True)
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
        process.join()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]
    try:
        yield result
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()


def _run(work: Callable[[], Any], send: Connection, parent: int) -> None:
    _die_with_parent(parent)
    try:
        outcome = (True, work())
    except BaseException as exc:  # sent to the parent, which raises it
        outcome = (False, exc)
    send.send(outcome)
    send.close()


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """In a forked worker: end when the build is killed, rather than go on writing into a
    staging folder that the next build removes (Linux; elsewhere a worker finishes its share)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # killed before the line above took effect
        os._exit(1)
