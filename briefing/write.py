"""Writes the site: a one-shot build into a folder beside the target, swapped in whole;
the dev server in place, only the files whose bytes changed. One build at a time (`lock`)."""
from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from types import MappingProxyType
from urllib.parse import quote, unquote

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Entry:
    """A file of the site as written: the digest of its bytes; size and mtime (ns) tell nobody touched it since."""

    digest: str
    size: int
    mtime: int


Listing = dict[str, Entry]  # every file of a site, by its path in the site


class CollisionError(Exception):
    """Two outputs want the same file."""


class LockedError(Exception):
    """Another build is writing the same site."""


_HELD = MappingProxyType({
    "build": "{site}/ is being written by another build ({who}); wait for it to end (or stop the dev server), or "
             "build into another --out",
    "serve": "{site}/ is served by another dev server ({who}); use that one, stop it, or serve another --out"})


@contextlib.contextmanager
def lock(out: Path, holder: str = "build") -> Iterator[None]:
    """Hold the site `out` for this build (a second build into it at once would interleave their writes), or, for
    "serve", for this dev server (a second one would rebuild it between the first's rebuilds, each its own way)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    file = out.parent / f".{out.name}-{holder}.lock"
    with open(file, "a+", encoding="utf-8") as held:
        if fcntl is not None:
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                held.seek(0)
                who = held.read().strip() or "another process"
                raise LockedError(_HELD[holder].format(site=out.name, who=who)) from None
        held.seek(0)
        held.truncate()
        held.write(f"process {os.getpid()}")
        held.flush()
        yield


def unsafe_out(out: Path, here: Path, inputs: list[str]) -> str:
    """Why writing the site to `out` would destroy something, or ''."""
    target = out.resolve()
    if target == here.resolve() or target in here.resolve().parents:
        return "is the project folder (or holds it)"
    for name in inputs:
        folder = Path(name).resolve()
        if target == folder or target in folder.parents or folder in target.parents:
            return f"overlaps the input folder {name}"
    # a folder of someone else's (a web root): never replaced, as a site a build wrote (or the dev server's
    # page of a first build that failed) is
    held = sorted(p.name for p in target.iterdir()) if target.is_dir() else []
    if held and not ((target / "data" / "briefing.json").is_file() or (target / "_briefing").is_dir()):
        return f"holds files no build of a briefing wrote ({', '.join(held[:3])}{', ...' if held[3:] else ''})"
    return ""


class Writer:
    """The site's files, written into a folder beside `out` first: a build that fails leaves `out` as it was.
    Staged, the folder is the whole new site, swapped in by `commit`; a file unchanged since the previous site
    (`before`) is hard-linked from it, keeping its mtime. In place (the dev server after its first build), it
    holds only the changed files, moved into `out`; files not written are removed."""

    def __init__(self, out: Path, before: Listing, in_place: bool = False) -> None:
        self.out = out.resolve()
        self.before = before
        self.in_place = in_place and bool(before) and self.out.is_dir()
        self.folder = self.out.parent / f".{self.out.name}.building-{os.getpid()}"
        self.made: set[Path] = set()  # folders made (by this process): one mkdir each, not one per file
        self.listing: Listing = {}  # the files this process put (a forked render worker hands its own back)

    def __enter__(self) -> Writer:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out)
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir()
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)  # what `commit` left (in place), or a failed build's

    def put(self, rel: str, content: str | bytes) -> None:
        """Write one file of the new site."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.sha256(data).hexdigest()
        if self.reuse(rel, digest):
            return
        fd = _create(self._dest(rel))
        try:
            view = memoryview(data)  # the plain system calls: a Python file object costs four more per page
            while view:
                view = view[os.write(fd, view):]
            st = os.fstat(fd)
        finally:
            os.close(fd)
        self.listing[rel] = Entry(digest, st.st_size, st.st_mtime_ns)

    def changed(self) -> int:
        """How many files the new site holds that the previous one did not hold as they are, or lost."""
        return sum(self.before.get(rel) != entry for rel, entry in self.listing.items()) + len(
            self.before.keys() - self.listing.keys())

    def reuse(self, rel: str, digest: str) -> bool:
        """Keep the previous site's file if it holds these bytes and nobody touched it; False if not."""
        was = self.before.get(rel)
        if was is None or was.digest != digest:
            return False
        previous = self.out / rel
        try:
            st = previous.stat()
            if not S_ISREG(st.st_mode) or (st.st_size, st.st_mtime_ns) != (was.size, was.mtime):
                return False
            if not self.in_place:
                _link_or_copy(previous, self._dest(rel))
        except OSError:
            return False
        self.listing[rel] = was
        return True

    def _dest(self, rel: str) -> Path:
        if self.in_place:  # only the changed files, in one flat folder: no tree of folders made and removed
            return self.folder / quote(rel, safe="")
        dest = self.folder / rel
        if dest.parent not in self.made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(dest.parent)
        return dest

    def commit(self, static: tuple[Path, ...]) -> int:
        """Add the static files (of the first folder holding each name), then put the new site in place of the
        old; returns the number of files."""
        pages = set(self.listing)
        for folder in static:
            for src in sorted(folder.rglob("*")):  # none if there is no such folder
                rel = "static/" + src.relative_to(folder).as_posix()
                if rel in pages and src.is_file():
                    raise CollisionError(f"{rel} is both a page and a static file")
                if rel not in self.listing and src.is_file():
                    self.put(rel, src.read_bytes())
        if self.in_place:
            for name in os.listdir(self.folder):  # each renamed into place: it keeps its mtime
                dest = self.out / unquote(name)
                try:
                    os.replace(self.folder / name, dest)
                except FileNotFoundError:  # a new folder of the site
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.folder / name, dest)
            for gone in sorted(self.before.keys() - self.listing.keys()):
                (self.out / gone).unlink(missing_ok=True)
                _prune(self.out, (self.out / gone).parent)
        else:
            _swap(self.folder, self.out)
        return len(self.listing)


def _prune(out: Path, folder: Path) -> None:
    """`folder` and the folders above it in `out` that a removal left empty (a deleted event's events/ID/)."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty, or gone: done
            return
        folder = folder.parent


def _link_or_copy(src: Path, dest: Path) -> None:
    """A hard link where the file system allows one, else a copy that keeps the mtime."""
    try:
        os.link(src, dest)
    except FileExistsError:  # put twice: never write through a link into the previous site
        dest.unlink()
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def _create(dest: Path) -> int:
    try:
        return os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:  # put twice: never write through a link into the previous site
        dest.unlink()
        return os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place of the old in one step (`out` is whole at every instant); remove the old."""
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous site
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    try:
        os.replace(staging, out)
    except OSError:
        if old.exists():
            os.replace(old, out)  # put the previous site back before reporting
        raise
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100  # linux/fcntl.h
_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    return bool(renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0)


def remove_leftovers(out: Path) -> None:
    """Staging and old folders beside `out` left by a build that was killed (its process is gone)."""
    for folder in out.resolve().parent.glob(f".{out.resolve().name}.*-*"):
        kind, _, pid = folder.name.rpartition("-")
        if kind.endswith((".building", ".old")) and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
