"""Writes the site into a temporary folder beside the target, then swaps it in whole."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


class CollisionError(Exception):
    """Two outputs want the same file."""


def write_site(files: dict[str, str | bytes], static: Path, out: Path) -> int:
    """Write `files` (site path -> content) plus `static/` to `out`; returns the number of files.

    The previous site stays whole until the new one is complete: a failed or
    interrupted build never leaves `out` half-written. A file whose bytes are
    unchanged is hard-linked from the previous site, so it keeps its mtime.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        count = 0
        if static.is_dir():
            for src in sorted(static.rglob("*")):
                if src.is_file():
                    rel = "static/" + src.relative_to(static).as_posix()
                    if rel in files:
                        raise CollisionError(f"{rel} is both a page and a static file")
                    _put(staging / rel, out / rel, src.read_bytes())
                    count += 1
        for rel, content in sorted(files.items()):
            _put(staging / rel, out / rel, content.encode("utf-8") if isinstance(content, str) else content)
            count += 1
        _swap(staging, out)
        return count
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _put(dest: Path, previous: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        if previous.is_file() and previous.stat().st_size == len(data) and previous.read_bytes() == data:
            os.link(previous, dest)
            return
    except OSError:
        pass  # a file system without hard links: write it afresh
    dest.write_bytes(data)


def _swap(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    try:
        os.replace(staging, out)
    except OSError:
        if old.exists():
            os.replace(old, out)  # put the previous site back before reporting
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
