"""What a build is made of, as one digest; and what a site folder holds, as a listing.

The digest covers the bytes of every input file (content/, seeds/, templates/, static/)
and the options: the key under which the cache keeps a build's result, so that a build of
the very same inputs over an untouched site has nothing to do. (The generator's own code
and libraries are the cache file's version, `cache.generator_version`: another version
finds the file empty.) The inputs are hashed before the build reads them: a file saved
meanwhile is built from its new bytes but recorded under its old ones, so the next build
makes it again. This module imports nothing heavy: it runs before the stages are imported.
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
    parts: list[str | bytes] = [repr(options),
                                *(str(p.resolve()) for p in (paths.content, paths.seeds, paths.templates,
                                                             paths.static, paths.out, paths.root))]
    for folder in (paths.content, paths.seeds, paths.templates, paths.static):
        parts.append(folder_digest(folder))
    return digest(*parts)


def folder_digest(folder: Path) -> str:
    """The name and bytes of every file under `folder`."""
    parts: list[str | bytes] = []
    for rel, entry in files(folder):
        try:
            data = Path(entry.path).read_bytes()
        except OSError:  # unreadable now: the build itself will say what is wrong
            data = b"\0unreadable"
        parts += [rel, data]
    return digest(*parts)


def on_disk(out: Path) -> dict[str, tuple[int, int]]:
    """The size and modification time of every file under `out`."""
    return {rel: (st.st_size, st.st_mtime_ns) for rel, entry in files(out) for st in [entry.stat()]}


def files(folder: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """Every file under `folder`, as os.walk finds them (a folder's files by name, then its
    folders'; no symlinked folder followed, __pycache__ left out), by scandir and without a
    Path each: a site has thousands."""
    found: list[tuple[str, os.DirEntry[str]]] = []

    def walk(at: str, prefix: str) -> None:
        try:
            with os.scandir(at) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:  # missing or unreadable: the build itself will say what is wrong
            return
        folders = []
        for entry in entries:
            if entry.is_dir():
                if not entry.is_symlink() and entry.name != "__pycache__":
                    folders.append(entry)
            else:
                found.append((prefix + entry.name, entry))
        for entry in folders:
            walk(entry.path, f"{prefix}{entry.name}/")
    walk(str(folder), "")
    return found
