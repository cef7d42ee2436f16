"""What a build is made of, as one digest; and what a site folder holds, as a listing.

The digest of every input file's bytes (content/, seeds/, templates/, static/) and the options keys
a build's result in the cache: the same inputs over an untouched site leave nothing to do. (The
generator's code and libraries are the cache file's version, `cache.generator_version`.) Inputs are
hashed before the build reads them: a file saved meanwhile is recorded under its old bytes, so the
next build makes it again. Nothing heavy is imported here: it runs before the stages are imported.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import digest

if TYPE_CHECKING:
    from .pipeline import Options, Paths


def key(paths: Paths, options: Options) -> str:
    """One digest of every input's bytes and the options."""
    folders = (paths.content, paths.seeds, *paths.template_folders, *paths.static_folders)
    return digest(repr(options), *(str(p.resolve()) for p in (*folders, paths.out, paths.root)),
                  *map(folder_digest, folders))


def folder_digest(folder: Path) -> str:
    """The name and bytes of every file under `folder`."""
    parts: list[str | bytes] = []
    for rel, entry in files(folder):
        try:
            data = read(entry.path)
        except OSError:  # unreadable now: the build itself will say what is wrong
            data = b"\0unreadable"
        parts += [rel, data]
    return digest(*parts)


def read(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, unbuffered: quicker than Path.read_bytes, and a build reads thousands."""
    with open(path, "rb", buffering=0) as f:
        return f.read()


def on_disk(out: Path) -> dict[str, tuple[int, int]]:
    """The size and modification time of every file under `out`."""
    return {rel: (st.st_size, st.st_mtime_ns) for rel, entry in files(out) for st in [entry.stat()]}


def files(folder: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """Every file under `folder`, as os.walk finds them (a folder's files by name, then its folders'; no
    symlinked folder followed, __pycache__ left out), by scandir and without a Path each: a site has thousands."""
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
                walk(entry.path, f"{prefix}{entry.name}/")
    walk(str(folder), "")
    return found
