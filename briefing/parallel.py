"""Work spread over forked processes, which share the build's data copy-on-write."""
from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

PARALLEL_FROM = 50  # below this many pages and files, starting worker processes costs more than it saves
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

_T = TypeVar("_T")


def can_fork() -> bool:
    """Fork is there (not on Windows) and allowed (a daemonic process may have no children)."""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


class Tickets:
    """The numbers 0 to count - 1, each handed out once to whichever process asks first: made before
    forking, it is shared, so the processes split the work as they go and one slowed down takes less."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._next = multiprocessing.Value("q", 0)

    def __iter__(self) -> Iterator[int]:
        while True:
            with self._next.get_lock():
                i: int = self._next.value
                self._next.value = i + 1
            if i >= self.count:
                return
            yield i


def on_every_core(count: int, work: Callable[[Iterable[int]], _T]) -> list[_T]:
    """`work` over range(count) here and in a forked process per other core (below PARALLEL_FROM, all here)."""
    workers = os.cpu_count() or 1
    if workers <= 1 or count < PARALLEL_FROM or not can_fork():
        return [work(range(count))]
    tickets = Tickets(count)
    others = [Background(functools.partial(_once, work, tickets)) for _ in range(workers - 1)]
    try:
        return [work(tickets), *(background.next() for background in others)]
    finally:
        for background in others:
            background.stop()


def _once(work: Callable[[Iterable[int]], _T], tickets: Tickets) -> Iterator[_T]:
    yield work(tickets)


class Background(Generic[_T]):
    """What `work` yields, begun in a forked process at once and taken in order by `next` (without fork,
    made here when asked), so that a later part is still being made while an earlier one is used."""

    def __init__(self, work: Callable[[], Iterator[_T]]) -> None:
        self.work = work
        self.process: Any = None
        self.here: Iterator[_T] | None = None  # without fork
        if not can_fork():
            return
        gc.freeze()
        try:
            ctx = multiprocessing.get_context("fork")
            self.receive, send = ctx.Pipe(duplex=False)
            self.process = ctx.Process(target=_run, args=(work, send, os.getpid()), daemon=True)
            self.process.start()
        finally:
            gc.unfreeze()
        send.close()

    def next(self) -> _T:
        """The next part the work yields; raises what it raised, or RuntimeError if its process died."""
        if self.process is None:
            self.here = self.here or self.work()
            return next(self.here)
        try:
            ok, value = self.receive.recv()
        except (EOFError, OSError):
            self.process.join()
            raise RuntimeError(f"a build process ended without its result (exit code {self.process.exitcode})")
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        if self.process is not None:
            self.receive.close()
            if self.process.is_alive():
                self.process.kill()
            self.process.join()


def _run(work: Callable[[], Iterator[Any]], send: Connection, parent: int) -> None:
    # End when the build is killed, not write on into a staging folder (Linux only).
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # killed before the line above took effect
        os._exit(1)
    try:
        for part in work():
            send.send((True, part))
    except BaseException as exc:  # sent to the parent, which raises it
        send.send((False, exc))
    send.close()
