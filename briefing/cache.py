"""The one cache: every result kept under a digest of exactly what it was made from, and only what the last
build used (`keep`). The dev server keeps one in memory; a one-shot build one SQLite file beside the site.
A file that is corrupt, truncated or written by another version is emptied or made anew."""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Callable
import importlib.util
from pathlib import Path
from typing import Any, TypeVar

_T = TypeVar("_T")
LIBRARIES = (("jinja2", "jinja2"), ("markdown", "markdown"), ("yaml", "pyyaml"), ("markupsafe", "markupsafe"),
             ("breame", "breame"),  # breame: its spellings fold the search words cached with an article's blocks
             ("citeproc", "citeproc_py"))  # the shapes of "Cite this" in a style (citations.Styler), cached
FORMAT = "1"  # of the cache file itself
CODE = Path(__file__).resolve().parent


def digest(*parts: str | bytes) -> str:
    """One sha256 over the parts, each length-prefixed so that ("ab", "c") != ("a", "bc")."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def pickled(value: Any) -> bytes:
    """A result as the cache file holds it."""
    return pickle.dumps(value, protocol=5)


def generator_version() -> str:
    """The generator's own code and its libraries' versions: a result made by other code is not this code's."""
    parts: list[str | bytes] = [FORMAT, *map(_installed, LIBRARIES)]
    for file in sorted(CODE.glob("*.py")):
        parts += [file.name, file.read_bytes()]
    return digest(*parts)


def _installed(library: tuple[str, str]) -> str:
    """A library's distribution and version, by the name of its dist-info folder beside it: what
    importlib.metadata finds, without its imports, which would take longer than a build with nothing to do."""
    module, distribution = library
    spec = importlib.util.find_spec(module)
    try:
        names = os.listdir(Path(spec.origin).parent.parent) if spec is not None and spec.origin else []
    except OSError:
        names = []
    return ",".join(sorted(name for name in names if name.lower().startswith(distribution + "-")
                           and name.endswith(".dist-info"))) or f"{distribution}: none"


def cache_file(out: Path) -> Path:
    """Where a one-shot build keeps its cache: beside the site, never inside it."""
    return out.parent / f".{out.name}-build.cache"


def served_beside(out: Path) -> list[str]:
    """A note when the cache file lands in a folder a web server serves (a web root holds an index.html or a
    server's settings): it holds the articles' text and the folder's path, and would be published too."""
    parent = out.resolve().parent
    if not any((parent / name).exists() for name in ("index.html", ".htaccess", "web.config")):
        return []
    return [f"note: the build's cache ({cache_file(out).name}) is kept beside {out.name}/ in {parent}/, which "
            "looks served (it holds a site's own files): if it is, the cache is published too; build into a "
            "folder that is not served and copy the site from there, or build with --no-cache"]


class Cache:
    """Results by key, in memory, and in an SQLite file when given one: read from the file only when
    asked for (a build that finds nothing to do reads one row), pickled there."""

    def __init__(self, file: Path | None = None, version: str = "") -> None:
        self.file = file
        self.kept: dict[str, Any] = {}  # found or made, by key
        self.used: set[str] = set()  # asked for or stored by the build under way
        self.new: set[str] = set()  # made by the build under way (to write to the file)
        self.pickled: dict[str, bytes] = {}  # of those, the ones another process pickled already (offer)
        self.db: sqlite3.Connection | None = _open(file, version) if file is not None else None
        self.owner = os.getpid()  # a forked worker reads only what is in memory: no connection crosses a fork

    @classmethod
    def beside(cls, out: Path) -> Cache:
        """The cache of a one-shot build into `out`, read from (and kept in) its file."""
        return cls(cache_file(out), generator_version())

    def get(self, key: str, durable: bool = True) -> Any:
        """The result stored under `key`, or None; one not `durable` is never looked for in the file."""
        self.used.add(key)
        if key in self.kept:
            return self.kept[key]
        if self.db is None or os.getpid() != self.owner or not durable:
            return None
        try:
            row = self.db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            value = pickle.loads(row[0]) if row else None
        except Exception:  # a damaged row: made again, like a missing one
            return None
        if value is not None:
            self.kept[key] = value
        return value

    def entries(self, prefix: str) -> dict[str, Any]:
        """Every entry whose key starts with `prefix`, for work shared out to other processes
        (which cannot ask this one); none is counted as used until asked for or stored."""
        found = {key: value for key, value in self.kept.items() if key.startswith(prefix)}
        with contextlib.suppress(Exception):  # a damaged file: as if empty
            found.update((key, pickle.loads(value)) for key, value in self._stored(prefix, "key, value")
                         if key not in found)
        return found

    def keys(self, prefix: str) -> set[str]:
        """The keys that start with `prefix`: what work shared out to other processes need not make again."""
        found = {key for key in self.kept if key.startswith(prefix)}
        with contextlib.suppress(sqlite3.Error):  # a damaged file: as if empty
            found.update(key for (key,) in self._stored(prefix, "key"))
        return found

    def _stored(self, prefix: str, columns: str) -> list[Any]:
        """The file's rows whose key starts with `prefix` (none in a forked process)."""
        if self.db is None or os.getpid() != self.owner:
            return []
        return self.db.execute(f"SELECT {columns} FROM entries WHERE key >= ? AND key < ?",
                               (prefix, prefix + "\U0010ffff")).fetchall()

    def put(self, key: str, value: Any, durable: bool = True) -> None:
        """Store a result; one not `durable` is kept in memory only: quicker to make again than to read back."""
        self.used.add(key)
        if durable:
            self.new.add(key)
        self.kept[key] = value

    def offer(self, key: str, value: Any, data: bytes | None = None) -> None:
        """A result made ahead (ahead.work_ahead): kept only if the build then asks for it. `data`: it
        pickled, as the process that made it sent it, written to the file as it is."""
        self.new.add(key)
        self.kept[key] = value
        if data is not None:
            self.pickled[key] = data

    def made(self, key: str, make: Callable[[], _T], durable: bool = True) -> _T:
        """The result under `key`, made (and stored) if there is none."""
        found = self.get(key, durable)
        if found is None:
            found = make()
            self.put(key, found, durable)
        return found  # type: ignore[no-any-return]

    def keep(self) -> None:
        """A build ended well: drop what it did not use, and write what it made to the file."""
        self.kept = {key: value for key, value in self.kept.items() if key in self.used}
        if self.db is not None:
            try:
                with self.db:
                    self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)",
                                        [(k, self.pickled.get(k) or pickled(self.kept[k]))
                                         for k in self.new if k in self.kept])
                    unused = [(k,) for (k,) in self.db.execute("SELECT key FROM entries") if k not in self.used]
                    self.db.executemany("DELETE FROM entries WHERE key = ?", unused)
            except sqlite3.Error:  # a damaged file: the next build starts without it
                self.close()
                if self.file is not None:
                    _remove(self.file)
        self.forget()

    def forget(self) -> None:
        """Start the next build's count (after a failed build, nothing is dropped or written)."""
        self.used, self.new, self.pickled = set(), set(), {}

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _open(file: Path, version: str) -> sqlite3.Connection | None:
    """The cache file, emptied if another version wrote it; made anew if it is not a cache
    (corrupt, truncated); None if it cannot be opened at all (the build runs without)."""
    for _ in range(2):
        try:
            file.parent.mkdir(parents=True, exist_ok=True)  # the build makes it too: its first build keeps a cache
            db = sqlite3.connect(file, timeout=30)
            db.execute("CREATE TABLE IF NOT EXISTS meta (version TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            row = db.execute("SELECT version FROM meta").fetchone()
            if row is None or row[0] != version:
                with db:
                    db.execute("DELETE FROM entries")
                    db.execute("DELETE FROM meta")
                    db.execute("INSERT INTO meta VALUES (?)", (version,))
            return db
        except (sqlite3.Error, OSError):
            _remove(file)
    return None


def _remove(file: Path) -> None:
    for leftover in (file, Path(f"{file}-journal")):
        leftover.unlink(missing_ok=True)
