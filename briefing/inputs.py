"""What a build is made of, as one digest; and what a site folder holds, as a listing.

The digest of every input file's bytes (content/, seeds/, templates/, static/) and the options keys
a build's result in the cache: the same inputs over an untouched site leave nothing to do. (The
generator's code and libraries are the cache file's version, `cache.generator_version`.) Inputs are
hashed before the build reads them: a file saved meanwhile is recorded under its old bytes, so the
next build makes it again. Nothing heavy is imported here: it runs before the stages are imported.
"""
from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import digest

if TYPE_CHECKING:
    from .pipeline import Options, Paths


@dataclass(frozen=True)
class Inputs:
    key: str  # one digest of every input's bytes and the options
    seeds: dict[str, str]  # each article file's digest, by its name: resolving finds its blocks by it unread


def read_all(paths: Paths, options: Options) -> Inputs:
    """What a build is made of."""
    folders = (paths.content, paths.seeds, *paths.template_folders, *paths.static_folders)
    each = [file_digests(folder) for folder in folders]
    return Inputs(digest(repr(options), *(str(p.resolve()) for p in (*folders, paths.out, paths.root)),
                         *map(_together, each)), each[1])


def folder_digest(folder: Path) -> str:
    """The name and bytes of every file under `folder`, as one digest."""
    return _together(file_digests(folder))


def _together(digests: dict[str, str]) -> str:
    return digest(*itertools.chain.from_iterable(digests.items()))


def file_digests(folder: Path) -> dict[str, str]:
    """The digest of every file's bytes under `folder`, by its path there; each folder in it too (`rel/`): an empty
    one may be a mistake to report (a folder where a collection's files go)."""
    found = {}
    for rel, entry in files(folder, folders=True):
        if entry.is_dir():
            found[rel + "/"] = "folder"
            continue
        try:
            found[rel] = digest(read(entry.path))
        except OSError:  # unreadable now: the build itself will say what is wrong
            found[rel] = "unreadable"
    return found


def read(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, unbuffered: quicker than Path.read_bytes, and a build reads thousands."""
    with open(path, "rb", buffering=0) as f:
        return f.read()


def on_disk(out: Path) -> dict[str, tuple[int, int]]:
    """The size and modification time of every file under `out`."""
    return {rel: (st.st_size, st.st_mtime_ns) for rel, entry in files(out) for st in [entry.stat()]}


def files(folder: Path, folders: bool = False) -> list[tuple[str, os.DirEntry[str]]]:
    """Every file under `folder` (and each folder, if asked, before what it holds), as os.walk finds them (a
    folder's files by name, then its folders'; no symlinked folder followed, __pycache__ left out), by scandir and
    without a Path each: a site has thousands."""
    found: list[tuple[str, os.DirEntry[str]]] = []

    def walk(at: str, prefix: str) -> None:
        try:
            with os.scandir(at) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:  # missing or unreadable: the build itself will say what is wrong
            return
        found.extend((prefix + entry.name, entry) for entry in entries if not entry.is_dir())
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink() and entry.name != "__pycache__":
                if folders:
                    found.append((prefix + entry.name, entry))
                walk(entry.path, f"{prefix}{entry.name}/")
    walk(str(folder), "")
    return found
