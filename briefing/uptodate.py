"""Whether the site folder already holds the build of exactly these inputs.

Like make, but by content: the bytes of every input file (content/, seeds/, templates/,
static/), the options, the generator's own code and its libraries' versions make one
key. After a good build the key is kept beside the site (`.site-build.json`) with the
size and modification time of every file written. A later build with the same key, over
a site folder nobody has touched since, has nothing to do and says so. Anything else
(an edit, a new or deleted file, a hand-edited page in site/, a failed last build)
means a full build. This module imports nothing heavy: it runs before the pipeline is
even imported, so a build with nothing to do costs little more than reading the inputs.
"""
from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

LIBRARIES = ("jinja2", "markdown", "pyyaml", "markupsafe")
_CODE = Path(__file__).resolve().parent


def state_file(out: Path) -> Path:
    return out.parent / f".{out.name}-build.json"


def parts(inputs: list[Path], options: dict[str, Any], known: dict[Path, str] | None = None,
          sums: dict[str, str] | None = None) -> dict[str, str]:
    """What a build's key (`combined`) is made of: a digest of the options and the libraries'
    versions, and the digest of the code and of each input folder, by its path. `known`: the
    `folder_digest` of some folders, worked out before (`digests`) or elsewhere. A later build
    compares the parts one by one: one that differs in seeds/ only may patch this build's
    site (patch.py). `sums` gets the sha256 of each file hashed, by path."""
    h = hashlib.sha256(json.dumps(options, sort_keys=True).encode("utf-8"))
    for name in LIBRARIES:
        try:
            h.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"\0{name}=none".encode())
    out = {"options": h.hexdigest()}
    for folder in [_CODE, *inputs]:
        out[str(folder.resolve())] = known[folder] if known and folder in known else folder_digest(folder, sums=sums)
    return out


def combined(parts: dict[str, str]) -> str:
    """One digest of the inputs' bytes, the options, the code and the libraries: the build's key."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8", "surrogateescape")).hexdigest()


def digests(folders: list[Path]) -> dict[Path, str]:
    """The `folder_digest` of these folders and of the code, for `parts` to use later: a build
    hashes its inputs before it reads them, so that an input saved meanwhile is not taken
    for built."""
    return {folder: folder_digest(folder) for folder in [_CODE, *folders]}


def folder_digest(folder: Path, kept: dict[str, bytes] | None = None, sums: dict[str, str] | None = None) -> str:
    """A digest of the name and bytes of every file under `folder` (of the code: its .py
    files). `kept` gets the bytes of each file by path, for the caller to use without
    reading the file again; `sums` the sha256 of each."""
    h = hashlib.sha256()
    for rel, entry in _files(folder, only=".py" if folder == _CODE else ""):
        try:
            data = Path(entry.path).read_bytes()
        except OSError:  # unreadable now: the build itself will say what is wrong
            data = b"\0unreadable"
        else:
            if kept is not None:
                kept[entry.path] = data
            if sums is not None:
                sums[entry.path] = hashlib.sha256(data).hexdigest()
        h.update(f"\0{rel}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        h.update(data)
    return h.hexdigest()


def recorded(out: Path) -> bool:
    """Whether a build of `out` was recorded: only then may a build have nothing to do."""
    return state_file(out).is_file() and out.is_dir()


def last(out: Path) -> dict[str, Any] | None:
    """The record of the last build of `out` (key, what it said, its files), if there is one."""
    try:
        state = json.loads(state_file(out).read_text(encoding="utf-8"))
        return state if isinstance(state, dict) and {"key", "said", "files"} <= state.keys() else None
    except (OSError, ValueError):
        return None


def untouched(out: Path, files: dict[str, Any]) -> bool:
    """Whether every file under `out` has the size and mtime a build recorded, and no other is there."""
    return _listing(out) == files


def unchanged(out: Path, digest: str) -> dict[str, Any] | None:
    """What the last build said, if `out` holds the build of `digest` untouched; else None."""
    try:
        state = json.loads(state_file(out).read_text(encoding="utf-8"))
        if state.get("key") != digest or not out.is_dir():
            return None
        return state["said"] if _listing(out) == state["files"] else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record(out: Path, digest: str, said: dict[str, Any], files: dict[str, tuple[int, int]]) -> None:
    """Keep the key and the listing of the site just written, as the build wrote it: the size
    and modification time of every file (the record is written whole, then renamed)."""
    target = state_file(out)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps({"key": digest, "said": said, "files": files}), encoding="utf-8")
    os.replace(tmp, target)


def _files(folder: Path, only: str = "") -> list[tuple[str, os.DirEntry[str]]]:
    """Every file under `folder` whose name ends with `only`, as os.walk finds them (a
    folder's files by name, then its folders'; no symlinked folder followed, __pycache__
    left out), by scandir and without a Path each: a site has thousands."""
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
            elif entry.name.endswith(only):
                found.append((prefix + entry.name, entry))
        for entry in folders:
            walk(entry.path, f"{prefix}{entry.name}/")
    walk(str(folder), "")
    return found


def _listing(out: Path) -> dict[str, list[int]]:
    """Size and modification time of every file under `out`."""
    return {rel: [st.st_size, st.st_mtime_ns] for rel, entry in _files(out) for st in [entry.stat()]}
