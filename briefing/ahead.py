"""Work a build does on another core while this one is busy: the article files parsed while it loads and
checks the YAML, then the templates compiled while it resolves, where the cache lacks them.

Each part is offered to the cache when the build takes it, where resolving and rendering find it (or make
it, if the work failed)."""
from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from . import parallel, seedfiles
from .cache import Cache, pickled

TEMPLATE = "template:"  # the cache's keys of compiled templates (render.py)
AHEAD_FROM = 400  # article files: fewer parse in less time than a process takes to start and hand them back


class Ahead:
    """The work under way: `articles` waits for the parsed articles, `templates` then for the compiled templates."""

    def __init__(self, folder: Path, names: list[str], tickets: Iterable[int], known: set[str], cache: Cache,
                 background: parallel.Background[dict[str, bytes]] | None) -> None:
        self.folder, self.names, self.tickets, self.known = folder, names, tickets, known
        self.cache, self.background = cache, background

    def articles(self) -> None:
        if self.background is None:
            return
        mine = seedfiles.parsed(self.folder, (self.names[i] for i in self.tickets), self.known)  # on this core too
        self._offer(mine)
        self._offer_next()  # if the process died (the out-of-memory killer, say), resolving parses the rest

    def templates(self) -> None:
        if self.background is not None:
            self._offer_next()  # if the process died, rendering compiles them

    def _offer_next(self) -> None:
        assert self.background is not None
        with contextlib.suppress(RuntimeError):
            for key, data in self.background.next().items():
                self.cache.offer(key, pickle.loads(data), data)

    def _offer(self, found: dict[str, Any]) -> None:
        for key, value in found.items():
            self.cache.offer(key, value)


@contextlib.contextmanager
def work_ahead(folder: Path, templates: tuple[Path, ...], cache: Cache) -> Iterator[Ahead]:
    """Start parsing the article files of `folder`, then compiling `templates`, on another core. Leaving
    the block before taking them (a build with nothing to do, an error) stops the work."""
    try:
        names = os.listdir(folder)
    except OSError:
        names = []
    # Only for a briefing large enough to pay for the process (the cache is not asked otherwise), and
    # whose articles the cache mostly lacks (a first build): after a save, resolving parses the few new ones.
    if (len(names) < AHEAD_FROM or not parallel.can_fork()
            or len(names) - len(parsed := cache.keys(seedfiles.BLOCKS)) < AHEAD_FROM):
        yield Ahead(folder, names, (), set(), cache, None)
        return
    tickets = parallel.Tickets(len(names))  # each file parsed by whichever core takes it first
    background = parallel.Background(partial(_made, folder, names, tickets, parsed, templates, cache.keys(TEMPLATE),
                                             cache))
    try:
        yield Ahead(folder, names, tickets, parsed, cache, background)
    finally:
        background.stop()


def _made(folder: Path, names: list[str], tickets: Iterable[int], known: set[str], templates: tuple[Path, ...],
          compiled: set[str], cache: Cache) -> Iterator[dict[str, bytes]]:
    """Each part pickled here, item by item: the build keeps the bytes for its cache file."""
    yield {key: pickled(value)
           for key, value in seedfiles.parsed(folder, (names[i] for i in tickets), known).items()}
    from .render import compiled as compile_new  # Jinja is imported there, not here
    yield {key: pickled(value) for key, value in compile_new(templates, compiled, cache).items()}
