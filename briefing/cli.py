"""Command line: arguments, one line per error, exit codes (0 built, 1 content errors, 2 usage)."""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

# What a build with nothing to do needs is imported here; the rest only once there is work.
if TYPE_CHECKING:
    from . import published
    from .errors import ContentErrors
    from .pipeline import Paths


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python build.py",
        description="Build an analysts' briefing site from content/*.yaml and the raw articles in seeds/.",
        epilog="To add a skeleton event, person, theme, quote or article to the content: "
               "python build.py new KIND [options] (python build.py new --help lists them).",
    )
    p.add_argument("--content", default="content", metavar="DIR", help="curated YAML (default: content)")
    p.add_argument("--seeds", default="seeds", metavar="DIR", help="raw article text files (default: seeds)")
    p.add_argument("--templates", default="templates", metavar="DIR", help="Jinja2 templates (default: templates)")
    p.add_argument("--static", default="static", metavar="DIR", help="CSS and other static files (default: static)")
    p.add_argument("--out", default="site", metavar="DIR", help="where the site is written (default: site)")
    p.add_argument("--base-url", metavar="URL", help="absolute URL the site is published at (overrides site.yaml)")
    p.add_argument("--drafts", action="store_true", help="include items marked draft: true")
    p.add_argument("--no-cache", action="store_true",
                   help="build from nothing: neither read nor keep the cache beside the site")
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
    from .pipeline import Paths
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
    return _built(args, paths, started)


def _failed(args: argparse.Namespace, exc: ContentErrors) -> int:
    for error in exc.errors:
        print(error, file=sys.stderr)
    n = len(exc.errors)
    outcome = "nothing written" if args.check or args.report else f"{args.out}/ left as it was"
    print(f"build failed: {n} error{'s' if n != 1 else ''}; {outcome}", file=sys.stderr)
    return 1


def _built(args: argparse.Namespace, paths: Paths, started: float) -> int:
    """A build, a check or a report, and what it says."""
    from .errors import ContentErrors
    from .write import CollisionError, LockedError
    before = _inode(paths.out)  # the site folder's inode before the build, to tell whether the swap happened
    try:
        if args.report or args.check:
            return _checked(args, paths, started)
        from .cache import Cache
        from .pipeline import Options, build
        cache = Cache() if args.no_cache else Cache.beside(paths.out)  # none kept with --no-cache
        gc.disable()  # the process ends with the build: collecting what it made would only cost time
        try:
            result = build(paths, Options(args.drafts, args.base_url), cache)
        finally:
            cache.close()
    except ContentErrors as exc:
        return _failed(args, exc)
    except LockedError as exc:
        print(f"cannot build: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # The swap replaces the folder itself: a new inode means the new site was already in place.
        done = before is not None and _inode(paths.out) != before
        print(f"build interrupted; {args.out}/ " + ("already holds the new site" if done else "left as it was"),
              file=sys.stderr)
        return 130
    except (OSError, CollisionError) as exc:
        print(f"cannot write {args.out}/: {exc}; {args.out}/ left as it was", file=sys.stderr)
        return 1
    if args.verbose:
        for name, count in result.counts.items():
            print(f"  {name:9} {count}")
    if not args.quiet:
        c = result.counts
        print(f"built {args.out}/: {result.pages} pages, {result.files} files from {c['articles']} articles, "
              f"{c['events']} events, {c['people']} people, {c['quotes']} quotes "
              f"in {time.perf_counter() - started:.2f} s"
              + (": nothing changed since the last build" if result.unchanged else ""))
        if not args.accept_new_urls and not args.drafts:
            _unrecorded(result.ledger)
    return _accept(result.ledger, args.quiet) if args.accept_new_urls else 0


def _checked(args: argparse.Namespace, paths: Paths, started: float) -> int:
    """--report, or --check: everything a build checks, writing nothing."""
    from .pipeline import check
    resolved = check(paths, drafts=args.drafts)
    if args.report:
        from .report import report
        print("\n".join(report(resolved, args.seeds)))
        return 0
    if not args.quiet:
        c = resolved.content
        print(f"content OK: {len(c.articles)} articles, {len(c.events)} events, {len(c.people)} people, "
              f"{len(c.quotes)} quotes checked in {time.perf_counter() - started:.2f} s")
        if not args.drafts:
            from . import published
            _unrecorded(published.check(resolved, paths.content, paths.root))
    return 0


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


def _unrecorded(ledger: published.Ledger) -> None:
    """Name the addresses the list does not guard yet, so they are not lost unnoticed later."""
    if ledger.text is not None and (new := ledger.new):
        print(f"{ledger.shown} does not list {_count(new)} yet: {_some(new)}; "
              f"python build.py --accept-new-urls adds {'it' if len(new) == 1 else 'them'}")


def _count(new: list[str]) -> str:
    return f"{len(new)} new address{'es' if len(new) != 1 else ''}"


def _some(addresses: list[str]) -> str:
    more = len(addresses) - 5
    return ", ".join(addresses[:5]) + (f" and {more} more" if more > 0 else "")
