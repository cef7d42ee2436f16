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
    interrupted build never leaves `out` half-written.
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
                    dest = staging / rel
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(src, dest)
                    count += 1
        for rel, content in sorted(files.items()):
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                dest.write_text(content, encoding="utf-8", newline="\n")
            else:
                dest.write_bytes(content)
            count += 1
        _swap(staging, out)
        return count
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
