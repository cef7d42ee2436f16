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

PARALLEL_FROM = 400  # below this many items, starting worker processes costs more than it saves
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
    others = [Background(functools.partial(work, tickets)) for _ in range(workers - 1)]
    try:
        return [work(tickets), *(background.result() for background in others)]
    finally:
        for background in others:
            background.stop()


class Background(Generic[_T]):
    """`work` begun in a forked process at once (without fork, run when first asked); `result` raises what it raised."""

    def __init__(self, work: Callable[[], _T]) -> None:
        self.work = work
        self.process: Any = None
        self.outcome: tuple[bool, Any] | None = None
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

    def result(self) -> _T:
        if self.outcome is None:
            self.outcome = self._receive()
        ok, value = self.outcome
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def _receive(self) -> tuple[bool, Any]:
        if self.process is None:
            try:
                return True, self.work()
            except Exception as exc:
                return False, exc
        try:
            received: tuple[bool, Any] = self.receive.recv()
        except EOFError:
            self.process.join()
            return False, RuntimeError(f"a build process ended without its result (exit code {self.process.exitcode})")
        self.process.join()
        return received

    def stop(self) -> None:
        if self.process is not None:
            self.receive.close()
            if self.process.is_alive():
                self.process.kill()
            self.process.join()


def _run(work: Callable[[], Any], send: Connection, parent: int) -> None:
    # End when the build is killed, not write on into a staging folder (Linux only).
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # killed before the line above took effect
        os._exit(1)
    try:
        outcome = (True, work())
    except BaseException as exc:  # sent to the parent, which raises it
        outcome = (False, exc)
    send.send(outcome)
    send.close()
