"""Command line: arguments, one line per error, exit codes (0 built, 1 content errors, 2 usage)."""
from __future__ import annotations

import argparse
import contextlib
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import uptodate

# What a build with nothing to do needs is imported here; the rest only once there is work.
if TYPE_CHECKING:
    from . import published
    from .errors import ContentErrors
    from .pipeline import Paths
    from .resolve import ReadAhead


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python build.py",
        description="Build an analysts' briefing site from content/*.yaml and the raw articles in seeds/.",
    )
    p.add_argument("--content", default="content", metavar="DIR", help="curated YAML (default: content)")
    p.add_argument("--seeds", default="seeds", metavar="DIR", help="raw article text files (default: seeds)")
    p.add_argument("--templates", default="templates", metavar="DIR", help="Jinja2 templates (default: templates)")
    p.add_argument("--static", default="static", metavar="DIR", help="CSS and other static files (default: static)")
    p.add_argument("--out", default="site", metavar="DIR", help="where the site is written (default: site)")
    p.add_argument("--base-url", metavar="URL", help="absolute URL the site is published at (overrides site.yaml)")
    p.add_argument("--drafts", action="store_true", help="include items marked draft: true")
    p.add_argument("--accept-new-urls", action="store_true",
                   help="after a good build, add the addresses it writes to content/published.txt (creating it); "
                        "never removes one")
    p.add_argument("--check", action="store_true", help="validate everything and write nothing (exit 0 or 1)")
    p.add_argument("--report", action="store_true", help="list quotes, names and dates in the articles that the "
                                                         "content lacks; write nothing (exit 0, or 1 on content errors)")
    p.add_argument("--serve", action="store_true", help="build, serve the site and rebuild on every save")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on with --serve (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port for --serve; the next free one if busy (default: 8000)")
    p.add_argument("--open", action="store_true", help="open the site in a browser with --serve")
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loud.add_argument("-v", "--verbose", action="store_true", help="print what was built, collection by collection")
    return p


def _unsafe_out(out: Path, here: Path, inputs: list[str]) -> str:
    """Why writing the site to `out` would destroy something, or ''."""
    target = out.resolve()
    if target == here.resolve() or target in here.resolve().parents:
        return "is the project folder (or holds it)"
    for name in inputs:
        folder = Path(name).resolve()
        if target == folder or target in folder.parents or folder in target.parents:
            return f"overlaps the input folder {name}"
    return ""


def _inode(folder: Path) -> int | None:
    try:
        return folder.stat().st_ino
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["new"]:
        from .scaffold import main as new
        return new(argv[1:], Path("content"))
    args = parser().parse_args(argv)
    if args.base_url is not None:
        from .urls import base_url_problem
        if (problem := base_url_problem(args.base_url)):
            parser().error(f"--base-url '{args.base_url}' {problem}")
    for other in ("check", "report", "serve", "drafts"):
        if args.accept_new_urls and getattr(args, other):
            parser().error(f"--accept-new-urls records the addresses of a published build; it cannot go with --{other}")
    here = Path.cwd()
    if (clash := _unsafe_out(Path(args.out), here, [args.content, args.seeds, args.templates, args.static])):
        parser().error(f"--out {args.out} {clash}; the build replaces that folder whole, so pick a folder of its own")
    started = time.perf_counter()
    record = _Record(args, here) if _recorded(args) else None
    if record and (last := record.unchanged()) is not None:
        _said(last, args, f" in {time.perf_counter() - started:.2f} s: nothing changed since the last build")
        return 0
    if record and record.digest and (patched := _patch(args, here, started, record)) is not None:
        return patched
    with _read_ahead(args, keyed=record is not None and record.digest is None) as ahead:
        return _run(args, here, started, ahead, record)


def _recorded(args: argparse.Namespace) -> bool:
    """Whether this is a build recorded for the next one to find nothing to do (uptodate)."""
    return not (args.serve or args.check or args.report or args.accept_new_urls)


Ahead = Callable[[], tuple[str | None, "ReadAhead"]]  # seeds/ hashed (or None), and the articles read


class _Record:
    """The key of a build's record (uptodate), from its inputs hashed before it reads them,
    so that an input saved meanwhile is not taken for built. Over a recorded site the whole
    key is worked out first: the build may have nothing to do. Otherwise seeds/ is hashed
    by the read-ahead, from the very bytes it parses, and the rest here."""

    def __init__(self, args: argparse.Namespace, here: Path) -> None:
        self.out, self.seeds = Path(args.out), Path(args.seeds)
        self.inputs = [Path(args.content), self.seeds, Path(args.templates), Path(args.static)]
        self.options = {"options": [str(p.resolve()) for p in self.inputs] + [
            str(self.out.resolve()), str(here.resolve()), args.base_url, args.drafts]}
        self.digest: str | None = None
        self.parts: dict[str, str] = {}
        self.sums: dict[str, str] = {}  # the sha256 of each file, by path
        self.hashed: dict[Path, str] = {}
        if uptodate.recorded(self.out):
            self.parts = uptodate.parts(self.inputs, self.options, sums=self.sums)
            self.digest = uptodate.combined(self.parts)
        else:
            self.hashed = uptodate.digests([folder for folder in self.inputs if folder is not self.seeds])

    def unchanged(self) -> dict[str, Any] | None:
        return uptodate.unchanged(self.out, self.digest) if self.digest else None

    def key(self, ahead: Ahead | None) -> str | None:
        """None if the read-ahead did not finish: no record, and the next build builds in full."""
        if self.digest or ahead is None:
            return self.digest
        try:
            seeds = ahead()[0]
        except RuntimeError:
            return None
        if not seeds:
            return None
        self.parts = uptodate.parts(self.inputs, self.options, {**self.hashed, self.seeds: seeds})
        return uptodate.combined(self.parts)


def _patch(args: argparse.Namespace, here: Path, started: float, record: _Record) -> int | None:
    """After an edit of article text only, the last build patched (patch.py); None
    when it cannot be, for a full build to follow."""
    from .errors import ContentErrors
    from .patch import patch
    from .pipeline import Paths
    out = Path(args.out)
    last = uptodate.last(out)
    if last is None or record.digest is None:
        return None
    counts, notes = last["said"]["counts"], last["said"]["notes"]  # of the YAML, which is the same
    paths = Paths(Path(args.content), Path(args.seeds), Path(args.templates), Path(args.static), out, here)
    try:
        done = patch(paths, last, record.parts, record.sums, record.digest,
                     lambda pages, files: _summary(args, counts, pages, files, notes))
    except ContentErrors as exc:
        return _failed(args, exc)
    except KeyboardInterrupt as exc:  # patch.Interrupted says whether the new files were in
        moved = getattr(exc, "done", False)
        print(f"build interrupted; {args.out}/ " + ("already holds the new site" if moved else "left as it was"),
              file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"cannot write {args.out}/: {exc}; {args.out}/ left as it was", file=sys.stderr)
        return 1
    if done is None:
        return None
    _said(_summary(args, counts, done.pages, done.files, notes), args,
          f" in {time.perf_counter() - started:.2f} s (patched: {done.changed} "
          f"file{'s' if done.changed != 1 else ''} changed)")
    return 0


def _summary(args: argparse.Namespace, counts: dict[str, int], pages: int, files: int,
             notes: list[str]) -> dict[str, Any]:
    """What a build says (and records for a build with nothing to do to say again)."""
    return {"counts": counts, "built": f"built {args.out}/: {pages} pages, {files} files from "
            f"{counts['articles']} articles, {counts['events']} events, {counts['people']} people, "
            f"{counts['quotes']} quotes", "notes": notes}


def _failed(args: argparse.Namespace, exc: ContentErrors) -> int:
    for error in exc.errors:
        print(error, file=sys.stderr)
    n = len(exc.errors)
    outcome = "nothing written" if args.check or args.report else f"{args.out}/ left as it was"
    print(f"build failed: {n} error{'s' if n != 1 else ''}; {outcome}", file=sys.stderr)
    return 1


def _read_ahead(args: argparse.Namespace, keyed: bool) -> contextlib.AbstractContextManager[Ahead | None]:
    """A build starts reading and parsing the articles on another core at once, before the
    pipeline is even imported (resolve.read_ahead); with `keyed`, that process also hashes
    seeds/ for the build's record."""
    if args.serve or args.check or args.report:
        return contextlib.nullcontext()
    from . import parallel
    return parallel.in_background(functools.partial(_ahead, Path(args.seeds), keyed))


def _ahead(seeds: Path, keyed: bool) -> tuple[str | None, ReadAhead]:
    from .resolve import read_ahead
    kept: dict[str, bytes] = {}
    digest = uptodate.folder_digest(seeds, kept) if keyed else None
    return digest, read_ahead(seeds, kept)


def _run(args: argparse.Namespace, here: Path, started: float, ahead: Ahead | None, record: _Record | None) -> int:
    from .pipeline import Paths, collector_paused
    paths = Paths(Path(args.content), Path(args.seeds), Path(args.templates), Path(args.static), Path(args.out), here)
    if args.serve:
        from .serve import serve
        try:
            return serve(paths, args.host, args.port, args.open, args.drafts)
        except KeyboardInterrupt:
            return 0
        except OSError as exc:
            print(f"cannot serve: {exc}", file=sys.stderr)
            return 2
    # Paused through the record and the state kept after the build, too: a collection
    # there scans the whole briefing, only to find nothing to free.
    with collector_paused():
        return _built(args, paths, started, ahead, record)


def _built(args: argparse.Namespace, paths: Paths, started: float, ahead: Ahead | None,
           record: _Record | None) -> int:
    """A build, a check or a report, and what it says."""
    out = paths.out
    from .errors import ContentErrors
    from .pipeline import build, check
    from .write import CollisionError
    before: int | None = None  # the site folder's inode before the build, to tell whether the swap happened
    try:
        if args.report:
            from .report import report
            print("\n".join(report(check(paths, drafts=args.drafts), args.seeds)))
            return 0
        if args.check:
            resolved = check(paths, drafts=args.drafts)
            if not args.quiet:
                c = resolved.content
                print(f"content OK: {len(c.articles)} articles, {len(c.events)} events, {len(c.people)} people, "
                      f"{len(c.quotes)} quotes checked in {time.perf_counter() - started:.2f} s")
                if not args.drafts:
                    from . import published
                    for note in _unrecorded(published.check(resolved, paths.content, paths.root)):
                        print(note)
            return 0
        from . import patch as patching
        before = _inode(out)
        result = build(paths, drafts=args.drafts, base_url=args.base_url,
                       ahead=(lambda: ahead()[1]) if ahead else None,
                       keep=functools.partial(patching.keep_briefing, out) if record is not None else None)
    except ContentErrors as exc:
        return _failed(args, exc)
    except KeyboardInterrupt:
        # The swap replaces the folder itself: a new inode means the new site was already in place.
        done = before is not None and _inode(out) != before
        print(f"build interrupted; {args.out}/ " + ("already holds the new site" if done else "left as it was"),
              file=sys.stderr)
        return 130
    except (OSError, CollisionError) as exc:
        print(f"cannot write {args.out}/: {exc}; {args.out}/ left as it was", file=sys.stderr)
        return 1
    said = _summary(args, result.counts, result.pages, result.files, [] if args.drafts else _unrecorded(result.ledger))
    _said(said, args, f" in {time.perf_counter() - started:.2f} s")
    patching.forget(out)  # of the site just replaced
    if args.accept_new_urls:
        return _accept(result.ledger, args.quiet)
    if record and (digest := record.key(ahead)) is not None:
        try:
            uptodate.record(out, digest, said, result.listing)
            if result.made:
                patching.keep_built(out, digest, record.parts, paths.seeds, result)
        except OSError:  # only a later build's shortcut is lost: it will build in full
            pass
    return 0


def _said(said: dict[str, Any], args: argparse.Namespace, timing: str) -> None:
    """What a build prints: counts (with -v), the summary line, notes on published.txt."""
    if args.verbose:
        for name, count in said["counts"].items():
            print(f"  {name:9} {count}")
    if not args.quiet:
        print(said["built"] + timing)
        if not args.accept_new_urls:
            for note in said["notes"]:
                print(note)


def _accept(ledger: published.Ledger, quiet: bool) -> int:
    """Add the build's new addresses to content/published.txt; a lost one has already failed the build."""
    created = ledger.text is None
    try:
        new = ledger.record()
    except OSError as exc:
        print(f"cannot write {ledger.shown}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not quiet:
        if created:
            print(f"{ledger.shown}: created, listing the {len(new)} addresses this build writes")
        elif new:
            print(f"{ledger.shown}: added {_count(new)}: {_some(new)}")
        else:
            print(f"{ledger.shown}: no new addresses; it lists all {len(ledger.written)} this build writes")
    return 0


def _unrecorded(ledger: published.Ledger) -> list[str]:
    """Name the addresses the list does not guard yet, so they are not lost unnoticed later."""
    if ledger.text is not None and (new := ledger.new):
        return [f"{ledger.shown} does not list {_count(new)} yet: {_some(new)}; "
                f"python build.py --accept-new-urls adds {'it' if len(new) == 1 else 'them'}"]
    return []


def _count(new: list[str]) -> str:
    return f"{len(new)} new address{'es' if len(new) != 1 else ''}"


def _some(addresses: list[str], shown: int = 5) -> str:
    more = len(addresses) - shown
    return ", ".join(addresses[:shown]) + (f" and {more} more" if more > 0 else "")
