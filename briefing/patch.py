"""A one-shot build after an edit of article text only: the last build patched, not made again.

A full one-shot build keeps beside its record (uptodate.py) what a later one needs for
this (`State`): the validated content, what was found in the articles (depends.DERIVED)
and the articles as parsed, what each page and each item of the data file read of it
(depends.py), and the templates compiled. When the next build finds that only files in
seeds/ changed (the YAML, templates, static files, options and code are the same) over
a site as that build left it, it resolves the content again (parsing only the changed
articles), makes and renders only the pages that read a changed key, patches the data
file and the search index (outputs.py, search.py), and moves the changed files in
together (write.Patch). Anything else, or anything unexpected, is a full build. Either
way the site is the same, byte for byte.

A patch adds what it changed to a log beside the state (`Change`) rather than writing
the whole state again, which would cost as much as all the rest; the log is folded in
once it grows to a quarter of the state.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import depends, outputs, resolve, search, uptodate
from .articles import Block
from .errors import ContentErrors
from .model import Content
from .pipeline import Paths, Result, collector_paused, _common, _shown
from .render import Renderer, grouped
from .views import Views
from .write import Patch, Stat

VERSION = 2
# Beyond this share of the pages (and this many), a patch saves little over a full build on every core.
PAGES_MOST = 0.25
PAGES_ANYWAY = 200
_GONE = "\0gone"  # in a Change: the key was removed


@dataclass
class State:
    """What a build keeps for the next to patch it."""

    version: int
    key: str  # the key of the build it is of (uptodate)
    parts: dict[str, str]  # uptodate.parts of that build, seeds/ left out
    content: Content
    derived: dict[str, dict[Any, Any]]  # the dicts of depends.DERIVED
    paths: list[str]  # each page's site path, by maker (views.makers)
    read: list[frozenset[depends.Key]]  # what each page read of `derived`
    outside: frozenset[depends.Key]  # what was read outside any page
    data: outputs.DataIndex
    digests: dict[str, tuple[int, int, str]]  # each article file's mtime, size and sha256 (resolve)
    blocks: dict[str, list[Block]]  # each article text as parsed, by sha256
    mentions: Any  # resolve's memo of the mentions found
    compiled: dict[str, bytes] = field(default_factory=dict)  # the templates, compiled (render.py)


@dataclass(frozen=True)
class Change:
    """What a patch changed of the state, from the build with key `after` to `key`."""

    after: str
    key: str
    derived: dict[str, dict[Any, Any]]  # changed keys' values, or _GONE
    read: dict[int, frozenset[depends.Key]]
    spans: list[tuple[int, int]]  # of the data file's items (outputs.DataIndex)
    data: dict[int, frozenset[depends.Key]]  # what the items made again read
    digests: dict[str, Any]  # changed entries, or _GONE
    blocks: dict[str, Any]  # by sha256: the parsed text, or _GONE
    mentions: tuple[str, dict[Any, Any], dict[Any, Any]]  # resolve's memo: pattern, changed entries (or _GONE)
    compiled: dict[str, bytes]

    def apply(self, state: State) -> None:
        _update(state.blocks, self.blocks)
        for name, values in self.derived.items():
            _update(state.derived[name], values)
        for i, keys in self.read.items():
            state.read[i] = keys
        pattern, memo, scanned = state.mentions
        if pattern != self.mentions[0]:
            memo, scanned = {}, {}
        _update(memo, self.mentions[1])
        _update(scanned, self.mentions[2])
        state.mentions = (self.mentions[0], memo, scanned)
        _update(state.digests, self.digests)
        read = list(state.data.read)
        for i, keys in self.data.items():
            read[i] = keys
        state.key, state.data = self.key, outputs.DataIndex(self.spans, read, state.data.outside)
        state.compiled.update(self.compiled)


@dataclass(frozen=True)
class Patched:
    pages: int  # the site's pages, as a full build counts them
    files: int  # the site's files
    changed: int  # files written or removed


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or kill during a patch; `done`: held off until the new files were in."""

    def __init__(self, done: bool) -> None:
        super().__init__()
        self.done = done


def state_file(out: Path) -> Path:
    return out.parent / f".{out.name}-build.state"


def _log_file(out: Path) -> Path:
    return out.parent / f".{out.name}-build.state-log"


def keep_briefing(out: Path, r: resolve.Resolved) -> None:
    """Start the state of a full build: the larger part of it, the briefing as resolved and
    what resolving read and found, pickled into the state's temporary file. A one-shot
    build does this on the core that makes the data file and the search index while this
    one renders pages (pipeline.build's `keep`), straight into the file (8 MB at 2,000
    articles, 34 MB at 8,000, never held whole); `keep_built` adds the rest once the build
    is recorded. A file that cannot be written is left out: the next build is a full one."""
    tmp = _tmp_file(out)
    try:
        with open(tmp, "wb") as f:
            pickle.dump((r.content, {n: getattr(r, n) for n in depends.DERIVED}, dict(resolve._file_digests),
                         dict(resolve._block_cache), resolve._mention_memo), f, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


# The fields of State in the first part of its file (`keep_briefing`), in this order; the rest follow as a dict.
_BRIEFING = ("content", "derived", "digests", "blocks", "mentions")


def keep_built(out: Path, key: str, parts: dict[str, str], seeds: Path, result: Result) -> None:
    """Keep the state of a full build (with `keep`) recorded with `key`: `keep_briefing`'s
    file, with the rest added (OSError if there is no such file)."""
    made = result.made
    assert made is not None and result.data is not None
    with open(_tmp_file(out), "r+b") as f:
        f.seek(0, os.SEEK_END)
        pickle.dump({"version": VERSION, "key": key, "parts": _without(parts, seeds), "paths": made.paths,
                     "read": made.read, "outside": made.outside, "data": result.data,
                     "compiled": result.compiled or {}}, f, protocol=pickle.HIGHEST_PROTOCOL)
    _in_place(out)


def keep(out: Path, state: State) -> None:
    """Keep a state whole (a patch folding its log in)."""
    with open(_tmp_file(out), "wb") as f:
        pickle.dump(tuple(getattr(state, name) for name in _BRIEFING), f, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump({field.name: getattr(state, field.name) for field in dataclasses.fields(state)
                     if field.name not in _BRIEFING}, f, protocol=pickle.HIGHEST_PROTOCOL)
    _in_place(out)


def _in_place(out: Path) -> None:
    """The state written into the temporary file put in place of the last one and its log."""
    _log_file(out).unlink(missing_ok=True)
    os.replace(_tmp_file(out), state_file(out))


def _tmp_file(out: Path) -> Path:
    return state_file(out).with_name(state_file(out).name + ".tmp")


def forget(out: Path) -> None:
    """A build that keeps no state leaves none of an earlier one behind."""
    _log_file(out).unlink(missing_ok=True)
    state_file(out).unlink(missing_ok=True)


def _without(parts: dict[str, str], seeds: Path) -> dict[str, str]:
    return {k: v for k, v in parts.items() if k != str(seeds.resolve())}


def _load(out: Path, key: str) -> tuple[State, int] | None:
    """The state of the build recorded with `key`, and the size of its log."""
    try:
        with open(state_file(out), "rb") as f:
            briefing, rest = pickle.load(f), pickle.load(f)
            if rest["version"] != VERSION:
                return None
            state = State(**dict(zip(_BRIEFING, briefing, strict=True)), **rest)
        logged = 0
        if (log := _log_file(out)).exists():
            with open(log, "rb") as f:
                for change in _changes(f):
                    if not isinstance(change, Change) or change.after != state.key:
                        return None
                    change.apply(state)
                logged = f.tell()
    except Exception:  # missing, cut short, or of other code: the build is made in full
        return None
    return (state, logged) if state.key == key else None


def _changes(f: Any) -> Iterator[Any]:
    while True:
        try:
            yield pickle.load(f)
        except EOFError:
            return


def _update(target: dict[Any, Any], values: dict[Any, Any]) -> None:
    for k, v in values.items():
        if isinstance(v, str) and v == _GONE:
            target.pop(k, None)
        else:
            target[k] = v


def _changed(before: dict[Any, Any], after: dict[Any, Any]) -> dict[Any, Any]:
    """The entries of `after` that are not the very same objects as in `before`, and _GONE for those gone."""
    out: dict[Any, Any] = {k: v for k, v in after.items() if before.get(k) is not v}
    out.update((k, _GONE) for k in before.keys() - after.keys())
    return out


def patch(paths: Paths, record: dict[str, Any], parts: dict[str, str], sums: dict[str, str], key: str,
          said: Callable[[int, int], dict[str, Any]]) -> Patched | None:
    """Patch the last build of `paths.out` (its `record`: uptodate.last) into the build of
    these inputs (`parts`, the sha256 of every file hashed in `sums`), recorded with `key`
    and `said(pages, files)`; or None when it cannot be. Raises ContentErrors as a build
    does, the site untouched."""
    with collector_paused():
        return _patch(paths, record, parts, sums, key, said)


def _patch(paths: Paths, record: dict[str, Any], parts: dict[str, str], sums: dict[str, str], key: str,
           said: Callable[[int, int], dict[str, Any]]) -> Patched | None:
    out = paths.out
    loaded = _load(out, record["key"])
    if loaded is None or loaded[0].parts != _without(parts, paths.seeds) or not uptodate.untouched(out, record["files"]):
        return None
    state, logged = loaded
    # The articles as the last build parsed them, less those whose bytes changed since.
    digests = {p: d for p, d in state.digests.items() if sums.get(p) == d[2]}
    blocks, memo = state.blocks, state.mentions  # as loaded: resolve works on copies (restore)
    resolve.restore(digests, state.blocks, state.mentions)
    derived: dict[str, Any] = state.derived
    known = resolve.Resolved(state.content, {}, {}, **{n: derived[n] for n in depends.DERIVED})
    new = resolve.resolve(state.content, paths.seeds, _shown(paths.seeds, paths.root), (), known)
    old = dataclasses.replace(new, **derived)
    changed = depends.changed(old, new)
    reads = depends.Reads()
    watched = depends.watch(new, reads)
    views = Views(watched, None, reads)
    makers = views.makers()
    stale = depends.stale(state.read, state.outside, changed)
    if len(makers) != len(state.paths) or len(stale) > max(PAGES_ANYWAY, PAGES_MOST * len(makers)):
        return None
    html: dict[str, str] = {}
    compiled: dict[str, bytes] = dict(state.compiled)
    renderer = Renderer(paths.templates, workers=1, watch=False, compiled=compiled)
    done, errors = renderer.share(makers, _common(watched, ""), html.__setitem__, stale, reads)
    if errors:
        raise ContentErrors(grouped(errors))
    read: dict[int, frozenset[depends.Key]] = {}
    for i, (path, _, _, keys) in done.items():
        if path != state.paths[i]:
            return None  # a page moved: the sitemap and links change too
        read[i] = keys
    before = (out / outputs.DATA).read_bytes()
    data, index = outputs.patch_data(watched, before, state.data, changed, reads)
    files = _index_files(out, old, new, changed, record["files"])
    change = Change(record["key"], key, {name: {k: dict.get(getattr(new, name), k, _GONE) for n, k in changed
                                                if n == name and k is not depends.ALL} for name in depends.DERIVED},
                    read, index.spans, {i: keys for i, keys in enumerate(index.read) if keys is not state.data.read[i]},
                    _changed(digests, resolve._file_digests), _changed(blocks, resolve._block_cache),
                    (resolve._mention_memo[0], _changed(memo[1], resolve._mention_memo[1]),
                     _changed(memo[2], resolve._mention_memo[2])),
                    {k: v for k, v in compiled.items() if k not in state.compiled})
    with Patch(out) as moving:
        for rel, text in html.items():
            if (encoded := text.encode("utf-8")) != (out / rel).read_bytes():
                moving.put(rel, encoded)
        if data != before:
            moving.put(outputs.DATA, data)
        for rel, content in files.items():
            if content is None:
                moving.remove(rel)
            else:
                moving.put(rel, content.encode("utf-8"))
        listing: dict[str, Any] = dict(record["files"])

        def recorded(stats: dict[str, Stat | None]) -> None:
            for rel, stat in stats.items():
                if stat is None:
                    listing.pop(rel, None)
                else:
                    listing[rel] = list(stat)
            try:
                uptodate.record(out, key, said(len(makers), len(listing)), listing)
                _log(out, state, change, logged)
            except OSError:  # only the next build's shortcut is lost: it will build in full
                forget(out)
        try:
            stats = moving.commit(recorded)
        except KeyboardInterrupt:
            raise Interrupted(moving.committed) from None
    return Patched(len(makers), len(listing), len(stats))


def _log(out: Path, state: State, change: Change, logged: int) -> None:
    """Add a patch's change to the log; or, once the log has grown to a quarter of the
    state, fold it in and write the state again."""
    if logged * 4 > state_file(out).stat().st_size:
        change.apply(state)
        keep(out, state)
        return
    with open(_log_file(out), "ab") as f:
        pickle.dump(change, f, protocol=pickle.HIGHEST_PROTOCOL)


def _index_files(out: Path, old: resolve.Resolved, new: resolve.Resolved, changed: set[depends.Key],
                 files: dict[str, Any]) -> dict[str, str | None]:
    """The search index's files that change: patched, or made again when ids move."""
    articles = {k for name, k in changed if name in ("blocks", "mentions", "highlights") and k is not depends.ALL}
    if not articles:
        return {}
    patched = search.patch(old, new, articles, lambda rel: (out / rel).read_text(encoding="utf-8"))
    if patched is not None:
        return patched
    made = search.files(new)
    gone: dict[str, str | None] = {rel: None for rel in files if search.in_index(rel) and rel not in made}
    return {**gone, **{rel: text for rel, text in made.items()
                       if not (out / rel).is_file() or (out / rel).read_text(encoding="utf-8") != text}}
