"""Which pages read which data found in the articles, so that a dev-server save that changed
only article text makes and renders only the pages that show it.

With the YAML unchanged, a page's data can change only through what resolving found in the
article files: their blocks, where quotes and excerpts sit, the mentions (`DERIVED`).
While a page is made, every key it reads from those dicts is noted; after the next save the
dicts of both builds are compared key by key, and a page is made again only if a key it read
changed. Nothing is assumed about what a page shows: what it read is what it depends on.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from .resolve import Resolved

DERIVED = ("blocks", "located", "quote_at", "statement_at", "mentions", "highlights", "mentions_of")
ALL = object()  # the key noted when a page goes through a whole dict (iterates it, takes its length)

Key = tuple[str, Any]
_T = TypeVar("_T")


class Reads:
    """The keys read while making each page (a stack: a card made inside a page is a frame too)."""

    def __init__(self) -> None:
        self.frames: list[set[Key]] = []
        self.outside: set[Key] = set()  # read while no page was being made: every page depends on it
        self.closed = False  # the pages are made: later reads (the search index, the data) are not theirs

    def note(self, key: Key) -> None:
        if self.frames:
            self.frames[-1].add(key)
        elif not self.closed:
            self.outside.add(key)

    def noting(self, make: Callable[[], _T]) -> tuple[_T, frozenset[Key]]:
        """What `make` returns, and every key it read."""
        self.frames.append(set())
        try:
            made = make()
        finally:
            keys = frozenset(self.frames.pop())
        self.add(keys)
        return made, keys

    def add(self, keys: frozenset[Key]) -> None:
        """Count keys read earlier (a card made once, shown on many pages) as read now as well."""
        if self.frames:
            self.frames[-1].update(keys)


class _Watched(dict):  # type: ignore[type-arg]
    """A dict of Resolved that notes every read."""

    def __init__(self, name: str, reads: Reads, data: dict[Any, Any]) -> None:
        super().__init__(data)
        self.name = name
        self.reads = reads

    def __getitem__(self, key: Any) -> Any:
        self.reads.note((self.name, key))
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self.reads.note((self.name, key))
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.reads.note((self.name, key))
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self.reads.note((self.name, ALL))
        return super().__iter__()

    def __len__(self) -> int:
        self.reads.note((self.name, ALL))
        return super().__len__()

    def keys(self) -> Any:
        self.reads.note((self.name, ALL))
        return super().keys()

    def values(self) -> Any:
        self.reads.note((self.name, ALL))
        return super().values()

    def items(self) -> Any:
        self.reads.note((self.name, ALL))
        return super().items()


def watch(r: Resolved, reads: Reads) -> Resolved:
    """`r` with derived dicts that note their reads in `reads` (`r` itself is left as it is)."""
    watched: dict[str, Any] = {name: _Watched(name, reads, getattr(r, name)) for name in DERIVED}
    return dataclasses.replace(r, **watched)


def changed(old: Resolved, new: Resolved) -> set[Key]:
    """The keys of the derived dicts whose values differ between two builds of the same YAML
    (an unchanged article's blocks are the very same list: compared at no cost)."""
    out: set[Key] = set()
    for name in DERIVED:
        a: dict[Any, Any] = getattr(old, name)
        b: dict[Any, Any] = getattr(new, name)
        for key in dict.keys(a) | dict.keys(b):
            before, after = dict.get(a, key, _MISSING), dict.get(b, key, _MISSING)
            if before is not after and (before is _MISSING or after is _MISSING or before != after):
                out.add((name, key))
    if out:
        out |= {(name, ALL) for name, _ in out}
    return out


_MISSING = object()


def stale(read: list[frozenset[Key]], outside: frozenset[Key], keys: set[Key]) -> list[int]:
    """The pages (by index) that read one of `keys`; all of them if something read outside
    any page did."""
    if not keys:
        return []
    if outside & keys:
        return list(range(len(read)))
    return [i for i, page in enumerate(read) if not page.isdisjoint(keys)]
