"""Work a build does on another core while this one imports the stages and loads and checks
the YAML: the article files parsed and the templates compiled, where the cache lacks them.

The results are offered to the cache, where resolving and rendering find them (or make them, if the work failed).
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from . import parallel, seedfiles
from .cache import Cache

TEMPLATE = "template:"  # the cache's keys of compiled templates (render.py)


@contextlib.contextmanager
def work_ahead(folder: Path, templates: tuple[Path, ...], cache: Cache) -> Iterator[Callable[[], None]]:
    """Start parsing the article files of `folder` and compiling `templates` on another core;
    the block is given the call that waits for them and offers them to the cache. Leaving
    the block without it (a build with nothing to do, an error) stops the work."""
    try:
        names = os.listdir(folder)
    except OSError:
        names = []
    # Only for a briefing large enough to pay for the process (the cache is not asked otherwise), and
    # whose articles the cache mostly lacks (a first build): after a save, resolving parses the few new ones.
    if (len(names) < parallel.PARALLEL_FROM or not parallel.can_fork()
            or len(names) - len(parsed := cache.keys(seedfiles.BLOCKS)) < parallel.PARALLEL_FROM):
        yield lambda: None
        return
    tickets = parallel.Tickets(len(names))  # each file parsed by whichever core takes it first
    background = parallel.Background(partial(_made, folder, names, tickets, parsed, templates, cache.keys(TEMPLATE),
                                             cache))

    def take() -> None:
        mine = seedfiles.parsed(folder, (names[i] for i in tickets), parsed)  # what is left, on this core too
        try:
            found = {**mine, **background.result()}
        except RuntimeError:  # the process died (the out-of-memory killer, say): resolving parses the rest
            found = mine
        for key, value in found.items():
            cache.offer(key, value)
    try:
        yield take
    finally:
        background.stop()


def _made(folder: Path, names: list[str], tickets: Iterable[int], known: set[str], templates: tuple[Path, ...],
          compiled: set[str], cache: Cache) -> dict[str, Any]:
    from .render import compiled as compile_new  # Jinja is imported there, not here
    return {**compile_new(templates, compiled, cache), **seedfiles.parsed(folder, (names[i] for i in tickets), known)}
