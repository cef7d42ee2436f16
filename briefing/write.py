"""Writes the site into a temporary folder beside the target, then swaps it in whole."""
from __future__ import annotations

import array
import ctypes
import filecmp
import hashlib
import json
import os
import secrets
import shutil
import signal
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from stat import S_ISREG

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


Stat = tuple[int, int]  # a file's size and modification time (ns)


class CollisionError(Exception):
    """Two outputs want the same file."""


def write_site(files: dict[str, str | bytes], static: Path, out: Path) -> int:
    """Write `files` (site path -> content) plus `static/` to `out`; returns the number of files.

    The previous site stays whole until the new one is complete: a failed or
    interrupted build never leaves `out` half-written.
    """
    with Staging(out) as site:
        for rel, content in sorted(files.items()):
            site.put(rel, content)
        return site.commit(static, set(files))


class Staging:
    """A new site written into a folder beside `out`, then swapped in whole by `commit`.

    If anything fails first, the folder is removed and `out` stays as it was. A file
    whose bytes are unchanged is hard-linked from the previous site, so it keeps its
    mtime. Forked render workers write through the same object.

    Each top-level folder (sources/, people/, search/, ...) is made under a name of this
    build's (`sources~1f2e3d4c`) and renamed at commit. ext4 places a folder made in the
    marked staging folder (`spread`) by a hash of its name: under its own name, every
    build's sources/ went to the same part of the disk as the one before it, just
    deleted. Where ext4 runs without a journal (as on the bench machine), it then passes
    over each inode freed in the last minute before it takes one, for every file and
    folder made: up to a millisecond each. Full builds of 2,000 articles run one after
    another, each into a folder just emptied, took 2.1, 2.4, 3.3, 3.2, 3.4, 3.9, 4.1 and
    4.5 s under the real names, and 1.9-2.3 s under names of their own (alternated).
    """

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.folder = self.out.parent / f".{self.out.name}.building-{os.getpid()}"
        self.suffix = f"~{secrets.token_hex(4)}"  # of the top-level folders until commit
        self.made: set[Path] = set()  # folders made (by this process): one mkdir each, not one per file
        self.previous = False  # whether there is a previous site to reuse unchanged files from
        self.listing: dict[str, Stat] = {}  # the files this process put: the site's listing, for uptodate

    def __enter__(self) -> Staging:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out)
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir()
        spread(self.folder)
        self.previous = self.out.is_dir()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.folder.exists():  # a failure before the swap (after it, the folder is gone)
            shutil.rmtree(self.folder, ignore_errors=True)

    def put(self, rel: str, content: str | bytes) -> Stat:
        """Write one file of the new site; returns its size and modification time."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        dest, previous = self._dest(rel), self.out / rel
        try:
            if self.previous and S_ISREG((st := previous.stat()).st_mode) and st.st_size == len(data) \
                    and previous.read_bytes() == data:
                os.link(previous, dest)
                return self._listed(rel, st)
        except OSError:
            pass  # no such file before, a file system without hard links, or a file put twice: write it afresh
        fd = _create(dest)
        try:
            _write_all(fd, data)
            return self._listed(rel, os.fstat(fd))
        finally:
            os.close(fd)

    def _listed(self, rel: str, st: os.stat_result) -> Stat:
        """What uptodate lists of a file, known as it is written: no walk of the site after."""
        self.listing[rel] = (st.st_size, st.st_mtime_ns)
        return self.listing[rel]

    def put_parts(self, rel: str, parts: Iterable[str]) -> None:
        """Write a large file as it is made, part by part, so it is never whole in memory;
        the previous site's file is kept instead if the bytes came out the same."""
        dest, previous = self._dest(rel), self.out / rel
        fd = _create(dest)
        try:
            for part in parts:
                _write_all(fd, part.encode("utf-8"))
            self._listed(rel, os.fstat(fd))
        finally:
            os.close(fd)
        try:
            if self.previous and previous.is_file() and filecmp.cmp(previous, dest, shallow=False):
                same = dest.with_name(dest.name + ".same")
                os.link(previous, same)
                os.replace(same, dest)
                self._listed(rel, dest.stat())
        except OSError:
            pass  # keep the file just written

    def _dest(self, rel: str) -> Path:
        top, sep, rest = rel.partition("/")
        dest = self.folder / f"{top}{self.suffix}/{rest}" if sep else self.folder / rel
        if dest.parent not in self.made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(dest.parent)
        return dest

    def commit(self, static: Path, written: Collection[str]) -> int:
        """Add static/, then put the new site in place of the old; returns the number of files."""
        copied = _static_files(static, written)
        for rel, data in copied:
            self.put(rel, data)
        for entry in os.scandir(self.folder):
            if entry.name.endswith(self.suffix):
                os.rename(entry.path, self.folder / entry.name.removesuffix(self.suffix))
        _swap(self.folder, self.out)
        return len(written) + len(copied)


# linux/fs.h: the ioctls of `chattr` (their size field is that of a long) and its flag T.
_FS_IOC_GETFLAGS = (2 << 30) | (ctypes.sizeof(ctypes.c_long) << 16) | (ord("f") << 8) | 1
_FS_IOC_SETFLAGS = (1 << 30) | (ctypes.sizeof(ctypes.c_long) << 16) | (ord("f") << 8) | 2
_FS_TOPDIR_FL = 0x00020000


def spread(folder: Path) -> None:
    """Mark the new site's folder as the top of a hierarchy (`chattr +T`), so that ext4
    puts each section folder made in it (and so the page folders made in those, near
    their section) in an empty part of the disk. Otherwise they go near the site's
    parent folder, and where the disk is full there, making each folder and each file
    in it searches for room: on the bench machine half a millisecond apiece, as much as
    rendering the page (2,000 articles, alternated runs: 4.7 s without the mark, 3.2 s
    with it; marking the sections too spreads the pages over many parts of the disk,
    slower when the disk is cold). Other file systems and systems refuse or lack the
    flag: nothing changes."""
    if fcntl is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        flags = array.array("i", [0])
        fcntl.ioctl(fd, _FS_IOC_GETFLAGS, flags, True)
        if not flags[0] & _FS_TOPDIR_FL:
            flags[0] |= _FS_TOPDIR_FL
            fcntl.ioctl(fd, _FS_IOC_SETFLAGS, flags, True)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create(dest: Path) -> int:
    try:
        return os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:  # put twice: never write through a link into the previous site
        dest.unlink()
        return os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)


def _write_all(fd: int, data: bytes) -> None:
    """The plain system calls: a Python file object costs four more per page."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place of the old in one step, so that `out` is whole at every
    instant, even if the process is killed here; then remove the old one."""
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
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(done == 0)


def remove_leftovers(out: Path) -> None:
    """Staging and old folders beside `out` left by a build that was killed (its process is
    gone); a patch killed while it moved its files in is finished first (`Patch`)."""
    parent = out.resolve().parent
    if not parent.is_dir():
        return
    for folder in parent.glob(f".{out.resolve().name}.*-*"):
        kind, _, pid = folder.name.rpartition("-")
        if kind.endswith((".building", ".old", ".patching")) and pid.isdigit() and not _alive(int(pid)):
            if kind.endswith(".patching"):
                Patch.finish(folder, out.resolve())
            shutil.rmtree(folder, ignore_errors=True)


_HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}  # what Ctrl-C, kill and a closed terminal send


class Patch:
    """Some files of a built site changed as one (the one-shot build after an edit of article
    text, `patch.py`), without copying the thousands of others as `Staging` would.

    Each new file is first written whole in a folder beside the site. Only when all are
    there does `commit` move them in, one rename each, with Ctrl-C and kill held off
    meanwhile (a millisecond): the site is the old one or the new one, never a mix. The
    list of moves is kept in that folder first, so that after a SIGKILL in between, which
    nothing can hold off, the next build finishes them before it looks at the site.
    """

    JOURNAL = "moves.json"

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.folder = self.out.parent / f".{self.out.name}.patching-{os.getpid()}"
        self.moves: dict[str, str | None] = {}  # site path -> file in the folder, or None to remove
        self.committed = False
        self.kept = False

    def __enter__(self) -> Patch:
        remove_leftovers(self.out)
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir()
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.kept:
            shutil.rmtree(self.folder, ignore_errors=True)

    def put(self, rel: str, data: bytes) -> None:
        name = str(len(self.moves))
        fd = _create(self.folder / name)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        self.moves[rel] = name

    def remove(self, rel: str) -> None:
        self.moves[rel] = None

    def commit(self, then: Callable[[dict[str, Stat | None]], None]) -> dict[str, Stat | None]:
        """Move the new files in and remove the others, then call `then` with the size and
        mtime of each (None: removed), all with the signals held; returns the same."""
        journal = self.folder / self.JOURNAL
        tmp = journal.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.moves), encoding="utf-8")
        os.replace(tmp, journal)  # from here on, the patch is made even if the process is killed
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if hasattr(signal, "pthread_sigmask") else None
        try:
            try:
                stats = self._move(self.folder, self.out, self.moves)
            except OSError:
                self.kept = True  # the next build, this process gone, makes the moves again (remove_leftovers)
                raise
            self.committed = True
            then(stats)
        finally:
            if held is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held off is raised here
        return stats

    @staticmethod
    def _move(folder: Path, out: Path, moves: dict[str, str | None]) -> dict[str, Stat | None]:
        stats: dict[str, Stat | None] = {}
        for rel, name in moves.items():
            dest = out / rel
            if name is None:
                dest.unlink(missing_ok=True)
                stats[rel] = None
                continue
            src = folder / name
            if src.exists():
                try:
                    os.replace(src, dest)
                except FileNotFoundError:  # a new folder of the site (a new word part's)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(src, dest)
            st = dest.stat()
            stats[rel] = (st.st_size, st.st_mtime_ns)
        return stats

    @classmethod
    def finish(cls, folder: Path, out: Path) -> None:
        """Make the moves of a patch whose process was killed after it listed them."""
        try:
            moves = json.loads((folder / cls.JOURNAL).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # killed before the list was complete: nothing of it reached the site
        try:
            cls._move(folder, out, moves)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LiveWriter:
    """Writes for the dev server: in place, only files whose bytes changed.

    The first write is a full atomic build; after that it remembers what it wrote,
    so a rebuild costs one write per changed file and no scan of the site.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: dict[str, str] = {}  # site path -> sha256 of its bytes
        self.last: dict[str, str | bytes] = {}  # site path -> the very object written last time

    def forget(self, rel: str) -> None:
        """Someone else wrote this file: write it again next time."""
        self.written.pop(rel, None)

    def write(self, files: dict[str, str | bytes], static: Path, keep: Callable[[str], bool] | None = None) -> int:
        """Write the site's files; those `keep` picks that are not among them are left as they
        are (the dev server's search index and data, written after the reload)."""
        everything = dict(_static_files(static, files))
        # A page the renderer reused is the same object as last time: no need to encode and hash it.
        same = {rel for rel, c in files.items() if self.last.get(rel) is c and rel in self.written}
        everything.update((rel, b"" if rel in same else c.encode("utf-8") if isinstance(c, str) else c)
                          for rel, c in files.items())
        digests = {rel: self.written[rel] if rel in same else hashlib.sha256(data).hexdigest()
                   for rel, data in everything.items()}
        if not self.written or not self.out.is_dir():
            count = write_site(files, static, self.out)
        else:
            count = len(everything)
            for rel, data in everything.items():
                dest = self.out / rel
                if self.written.get(rel) == digests[rel] and dest.is_file():
                    continue
                if rel in same:  # unchanged, but gone from disk: write it again
                    page = files[rel]
                    data = page.encode("utf-8") if isinstance(page, str) else page
                _replace(dest, data)
            for rel in set(self.written) - set(everything):
                if not (keep and keep(rel)):
                    (self.out / rel).unlink(missing_ok=True)
        kept = {rel: d for rel, d in self.written.items() if keep and keep(rel) and rel not in everything}
        self.written = {**kept, **digests}
        self.last = {**{rel: c for rel, c in self.last.items() if rel in kept}, **files}
        return count

    def put_later(self, belongs: Callable[[str], bool], files: dict[str, str]) -> None:
        """Write the files the build left for later (those `belongs` picks): the changed
        ones, and remove those it no longer has."""
        for rel, content in files.items():
            data = content.encode("utf-8")
            digest = hashlib.sha256(data).hexdigest()
            if self.written.get(rel) != digest:
                _replace(self.out / rel, data)
            self.written[rel] = digest
            self.last[rel] = content
        for rel in [r for r in self.written if belongs(r) and r not in files]:
            (self.out / rel).unlink(missing_ok=True)
            del self.written[rel]
            self.last.pop(rel, None)

    def took(self, belongs: Callable[[str], bool], digests: dict[str, str]) -> None:
        """What another process wrote of the files `belongs` picks (by `put_later` there):
        their digests, for the writes that follow here."""
        self.written = {**{rel: d for rel, d in self.written.items() if not belongs(rel)}, **digests}
        self.last = {rel: c for rel, c in self.last.items() if not belongs(rel)}

    def put(self, rel: str, page: str) -> None:
        """Write one page the renderer finished after the rest of the build."""
        data = page.encode("utf-8")
        _replace(self.out / rel, data)
        self.written[rel] = hashlib.sha256(data).hexdigest()
        self.last[rel] = page


def _replace(dest: Path, data: bytes) -> None:
    """Overwrite a file in place. The dev server reads each file whole, in this same
    thread, so it never sees half of one; a temporary file and a rename per page
    cost twice as much (ext4 flushes a file renamed over another)."""
    try:
        dest.write_bytes(data)
    except FileNotFoundError:
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


def _static_files(static: Path, files: Collection[str]) -> list[tuple[str, bytes]]:
    out = []
    if static.is_dir():
        for src in sorted(static.rglob("*")):
            if src.is_file():
                rel = "static/" + src.relative_to(static).as_posix()
                if rel in files:
                    raise CollisionError(f"{rel} is both a page and a static file")
                out.append((rel, src.read_bytes()))
    return out
