"""Command line: `briefing COMMAND [options]`, one line per error, exit codes (0 done, 1 content errors, 2 usage).

One grammar for every command: a subcommand, then its own options. With none, the command
is `build`. `python build.py` in the repository takes the same words, and its older flags
(`--serve`, `--check`, `--report`) name the command they became.
"""
from __future__ import annotations

import argparse
import gc
import os
import shlex
import sys
import time
from contextlib import suppress
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .errors import counted, listed

# What a build with nothing to do needs is imported here; the rest only once there is work.
if TYPE_CHECKING:
    from . import published
    from .errors import ContentErrors
    from .pipeline import Paths
    from .resolve import Resolved

BUSY = 75  # another build is writing the same site: try again (sysexits' EX_TEMPFAIL), not a content error
ALIASES = MappingProxyType({"--serve": "serve", "--check": "check", "--report": "report"})


def parser(prog: str = "briefing") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog, description="Build an analysts' briefing site from content/*.yaml and the articles in seeds/.",
        epilog=f"With no command, {prog} builds. '{prog} COMMAND --help' lists a command's options.")
    p.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    build = sub.add_parser("build", help="build the site into site/ (the default)",
                           description="Build the site; a failed build leaves the last one as it was.")
    _inputs(build, site=True)
    build.add_argument("--base-url", metavar="URL", help="absolute URL the site is published at (overrides site.yaml)")
    build.add_argument("--no-cache", action="store_true",
                       help="build from nothing: neither read nor keep the cache beside the site")
    build.add_argument("--accept-new-urls", action="store_true",
                       help="after a good build, add the addresses it writes to content/published.txt (creating it); "
                            "never removes one")
    loud = build.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loud.add_argument("-v", "--verbose", action="store_true", help="print what was built, collection by collection")
    serve = sub.add_parser("serve", help="build, serve the site and rebuild on every save",
                           description="Build, serve the site and rebuild it on every save of the content, the "
                                       "articles, the templates or the static files; the browser reloads. The "
                                       "folder it writes is a preview (its pages load the reload script): build "
                                       "it again before publishing it.")
    _inputs(serve, site=True)
    serve.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000,
                       help="port; the next free one if busy, 0 for any (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    check = sub.add_parser("check", help="check everything and write nothing (exit 0 or 1)",
                           description="Check the content and the articles as a build would; write nothing.")
    _inputs(check)
    check.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    report = sub.add_parser("report", help="list what the articles hold that the content lacks",
                            description="List the quotes, names and dates in the articles that the content lacks; "
                                        "write nothing (exit 0, or 1 on content errors).")
    _inputs(report)
    imports = sub.add_parser("import", help="saved web pages and text files as new articles",
                             description="Turn saved web pages (.html, .htm) and text files, or folders of them, "
                                         "into article files in seeds/ and entries in content/articles.yaml.")
    imports.add_argument("paths", nargs="+", metavar="PATH", help="a saved page, a text file or a folder of them")
    _inputs(imports, drafts=False)
    suggest = sub.add_parser("suggest", help="write what the articles hold that the content lacks as drafts",
                             description="Write the people, attributed quotes and dated events the articles hold that "
                                         "the content lacks as draft items in content/suggested/, to accept or reject.")
    suggest.add_argument("articles", nargs="*", metavar="ARTICLE_ID", help="only these articles (default: all)")
    _inputs(suggest, drafts=False)
    edition = sub.add_parser("edition", help="record the briefing as it stands, for /changes/ to compare with",
                             description="Record the briefing as it stands (the curated fields of every published "
                                         "item, each article's text digest) in content/editions/NAME.json, once "
                                         "checked as a build checks it; /changes/ says what changed between editions.")
    edition.add_argument("--name", metavar="NAME", help="the edition's name (default: the site's as_of, YYYY-MM-DD)")
    edition.add_argument("--note", default="", metavar="TEXT", help="what this edition is, in a sentence")
    edition.add_argument("--replace", action="store_true", help="record it again over an edition of the same name")
    _inputs(edition, drafts=False)
    edition.set_defaults(drafts=False)  # drafts are never recorded
    for name, what in (("accept", "move suggestions into the content (their `draft: true` dropped)"),
                       ("reject", "delete suggestions and keep them from being suggested again")):
        review = sub.add_parser(name, help=what, description=what[0].upper() + what[1:] + ".")
        review.add_argument("ids", nargs="+", metavar="ID", help="a suggestion's id")
        review.add_argument("--content", default="content", metavar="DIR", help="curated YAML (default: content)")
    sub.add_parser("new", help="add a skeleton event, person, theme, quote or article to the content",
                   add_help=False)  # its own parser (scaffold.py) reads the rest
    init = sub.add_parser("init", help="start a new briefing in an empty folder",
                          description="Write a new briefing that builds at once: content/, seeds/, a README, "
                                      "a .gitignore and a requirements.txt that says where to install briefing from.")
    init.add_argument("folder", metavar="DIR", help="the new briefing's folder: made if missing, else empty "
                      "but for what a new repository holds (.git, a licence, a README, a .gitignore); `.` for this one")
    init.add_argument("--github-pages", action="store_true",
                      help="also write a GitHub Actions workflow that publishes the site on GitHub Pages at every push "
                           "to main (Pages' source: GitHub Actions)")
    for command in sub.choices.values():
        command.set_defaults(parser=command)  # its `error` names the command in the usage line
    p.set_defaults(commands=tuple(sub.choices))
    return p


def _inputs(p: argparse.ArgumentParser, site: bool = False, drafts: bool = True) -> None:
    """What a command reads (and, with `site`, the theme it renders with and where it writes)."""
    p.add_argument("--content", default="content", metavar="DIR", help="curated YAML (default: content)")
    p.add_argument("--seeds", metavar="DIR", help="raw article text files (default: seeds beside the content folder)")
    if site:
        p.add_argument("--out", default="site", metavar="DIR", help="where the site is written, replaced whole once "
                       "the build succeeds: a folder of its own, never an existing web root (default: site)")
        p.add_argument("--templates", metavar="DIR", help="the briefing's own Jinja2 templates, each replacing the "
                       "built-in one of its name (default: templates beside the content folder, if any)")
        p.add_argument("--static", metavar="DIR", help="the briefing's own CSS and other static files, likewise "
                                                       "(default: static beside the content folder, if any)")
    if drafts:
        p.add_argument("--drafts", action="store_true", help="include items marked draft: true (a preview for the "
                       "editors: never publish a site built with it)")


def _port(text: str) -> int:
    """A port number, as argparse's type: one out of range is a usage error, not a traceback from bind()."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give 1 to 65535, or 0 for any free one")
    return int(text)


def command_first(argv: list[str]) -> list[str]:
    """The command line with its command first: `build` if none is named, or the one an old flag names."""
    if argv and (argv[0] in ("-h", "--help", "--version") or not argv[0].startswith("-")):
        return argv
    named = [flag for flag in argv if flag in ALIASES]
    rest = [arg for arg in argv if arg not in named[:1]]
    return [ALIASES[named[0]] if named else "build", *rest]


def _command_moved_first(argv: list[str], commands: argparse.ArgumentParser, names: tuple[str, ...]) -> list[str]:
    """A command written after options (`-q check`), which argparse takes only first, moved there: the first
    occurrence of a command's name that is no option's value (the line then parses whole), else the first (whose
    parser then says what it does not take: `report: error: unrecognized arguments: -q`)."""
    tries = [[word, *argv[1:i], *argv[i + 1:]] for i, word in enumerate(argv) if i and word in names]
    return next((moved for moved in tries if not commands.parse_known_args(moved)[1]), tries[0])


def run(prog: str = "briefing") -> NoReturn:
    """The command as a process (the `briefing` script, `python -m briefing`, `python build.py`). It leaves
    without freeing the build's objects one by one: every file is written and closed by then."""
    try:
        code = main(prog=prog)
    except KeyboardInterrupt:  # while Python imported the build or read the inputs: once it writes, it says where
        print("build interrupted before writing anything", file=sys.stderr)
        code = 130
    with suppress(OSError):  # a closed pipe: nothing more can be said
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None, prog: str = "briefing") -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    argv = command_first(given)
    if argv[:1] == ["new"]:
        from .scaffold import main as new
        return new(argv[1:], Path("content"), f"{prog} new")
    commands = parser(prog)
    args, unknown = commands.parse_known_args(argv)
    if unknown and unknown[0] in args.commands and argv[0] == "build" and given[:1] != ["build"]:
        argv = _command_moved_first(argv, commands, args.commands)
        args, unknown = commands.parse_known_args(argv)
    sub: argparse.ArgumentParser = args.parser
    if unknown:  # said by the command's parser, whose usage line is the one that helps
        sub.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command == "import":
        from .importer import main as import_
        return import_(args.paths, Path(args.content), _seeds(args), prog)
    if args.command in ("accept", "reject"):
        from .review import review
        return review(args.command, args.ids, Path(args.content), prog)
    if args.command == "init":
        from .starter import main as init
        return init(Path(args.folder), args.github_pages, prog)
    started = time.perf_counter()
    paths = _paths(args, sub)
    if args.command == "serve":
        from .serve import serve
        from .write import LockedError
        try:
            return serve(paths, args.host, args.port, args.open, args.drafts)
        except KeyboardInterrupt:
            return 0
        except OSError as exc:
            print(f"cannot serve: {exc}", file=sys.stderr)
            return 2
        except LockedError as exc:
            print(f"cannot serve: {exc}", file=sys.stderr)
            return BUSY
    if args.command == "edition" and args.name is not None:
        from .editions import name_problem
        if (problem := name_problem(args.name)):
            sub.error(problem)
    if args.command in ("check", "report", "suggest", "edition"):
        return _checked(args, paths, started, prog)
    return _built(args, paths, started, prog)


def _paths(args: argparse.Namespace, sub: argparse.ArgumentParser) -> Paths:
    """The folders a build, a check or the dev server reads and writes; a usage error where they cannot be."""
    from .pipeline import Paths
    if getattr(args, "base_url", None) is not None:
        from .urls import base_url_problem
        if (problem := base_url_problem(args.base_url)):
            sub.error(f"--base-url '{args.base_url}' {problem}")
    if getattr(args, "accept_new_urls", False) and args.drafts:
        sub.error("--accept-new-urls records the addresses of a published build; it cannot go with --drafts")
    for option in THEME_FOLDERS:
        if (given := getattr(args, option, None)) is not None and not Path(given).is_dir():
            sub.error(f"--{option} {given} is not a folder")
    here, out, seeds = Path.cwd(), Path(getattr(args, "out", "site")), _seeds(args)
    theme = [getattr(args, option, None) or str(Path(args.content).parent / option) for option in THEME_FOLDERS]
    from .write import unsafe_out
    if args.command in ("build", "serve") and (clash := unsafe_out(out, here, [args.content, str(seeds), *theme])):
        sub.error(f"--out {out} {clash}; the build replaces that folder whole, so pick a folder of its own")
    return Paths(Path(args.content), seeds, Path(theme[0]), Path(theme[1]), out, here)


THEME_FOLDERS = ("templates", "static")


def _seeds(args: argparse.Namespace) -> Path:
    """--seeds, else the seeds folder beside the content folder (seeds/ for content/), as `new` takes it; a briefing's
    templates/ and static/ are looked for there too."""
    return Path(args.seeds) if args.seeds else Path(args.content).parent / "seeds"


def _inode(folder: Path) -> int | None:
    try:
        return folder.stat().st_ino
    except OSError:
        return None


def _failed(args: argparse.Namespace, exc: ContentErrors) -> int:
    for error in exc.errors:
        print(error, file=sys.stderr)
    outcome = ""  # check and report never write
    if args.command == "build" and Path(args.out).is_dir():
        outcome = f"; {args.out}/ left as it was"
    elif args.command not in ("check", "report"):  # a first build has no site to keep
        outcome = "; nothing written"
    print(f"{args.command} failed: {counted(len(exc.errors), 'error')}{outcome}", file=sys.stderr)
    return 1


def _resolved(args: argparse.Namespace, paths: Paths) -> Resolved:
    """The content checked, the drafts too for `suggest` (a suggestion is not made twice). Where that fails,
    `suggest` first follows into its own drafts the renames they predate, and checks once more."""
    from .errors import ContentErrors
    from .pipeline import check
    try:
        return check(paths, drafts=args.command == "suggest" or args.drafts)
    except ContentErrors:
        from .suggest import follow_renames
        if args.command != "suggest" or not follow_renames(paths):
            raise
    return check(paths, drafts=True)


def _counts(counts: dict[str, int]) -> str:
    """What a build or check went through: '5 articles, 30 events, 18 people, 6 themes, 31 quotes and 12 claims'."""
    return listed([counted(counts["articles"], "article"), counted(counts["events"], "event"),
                   counted(counts["people"], "person", "people"), counted(counts["themes"], "theme"),
                   counted(counts["quotes"], "quote"), counted(counts["claims"], "claim")])


def _built(args: argparse.Namespace, paths: Paths, started: float, prog: str) -> int:
    from .errors import ContentErrors
    from .write import CollisionError, LockedError
    before = _inode(paths.out)  # the site folder's inode before the build, to tell whether the swap happened
    try:
        from .cache import Cache, served_beside
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
        return BUSY
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
        print(f"built {args.out}/: {result.pages} pages, {result.files} files from {_counts(result.counts)} "
              f"in {time.perf_counter() - started:.2f} s"
              + (": nothing changed since the last build" if result.unchanged else ""))
        if not args.accept_new_urls and not args.drafts:
            _unrecorded(result.ledger, prog, args)
        for line in (*result.notes, *result.unused, *([] if args.no_cache else served_beside(paths.out))):
            print(line)
    return _accept(result.ledger, args.quiet) if args.accept_new_urls else 0


def _checked(args: argparse.Namespace, paths: Paths, started: float, prog: str) -> int:
    """`report`, `check`, `suggest` or `edition`: everything a build checks (the drafts too, for `suggest`: a
    suggestion is not made twice), writing nothing but suggestions or an edition."""
    from .errors import ContentErrors
    try:
        resolved = _resolved(args, paths)
    except ContentErrors as exc:
        return _failed(args, exc)
    if args.command == "suggest":
        from .suggest import main as suggest
        return suggest(args.articles, resolved, paths, prog)
    if args.command == "edition":
        from .editions import main as edition
        return edition(resolved, paths, args.name, args.note, args.replace)
    from .loader import unlisted
    from .report import report
    from .suggest import distinct, rejected_in
    loose = unlisted(paths.content, paths.seeds, paths.root)
    if args.command == "report":
        print("\n".join(report(resolved, str(paths.seeds), loose, distinct(paths.content),
                                rejected_in(paths.content, resolved))))
        return 0
    if not args.quiet:
        from .pipeline import notes
        from .render import unused
        for line in [*loose, *notes(resolved.content), *unused(paths.template_folders, paths.root)]:
            print(line)
        from .loader import COLLECTIONS
        counts = {name: len(getattr(resolved.content, name)) for name in COLLECTIONS}
        print(f"content OK: {_counts(counts)} checked in {time.perf_counter() - started:.2f} s")
        if not args.drafts:
            from . import published
            _unrecorded(published.check(resolved, paths.content, paths.root), prog, args)
    return 0


def _accept(ledger: published.Ledger, quiet: bool) -> int:
    """Add the build's new addresses to content/published.txt; a lost one has already failed the build."""
    try:
        new = ledger.record()
    except OSError as exc:
        print(f"cannot write {ledger.shown}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not quiet:
        if ledger.text is None:  # as read before the list was written
            print(f"{ledger.shown}: created, listing the {len(new)} addresses this build writes")
        elif new:
            print(f"{ledger.shown}: added {counted(len(new), 'new address', 'new addresses')}: {_some(new)}")
        else:
            print(f"{ledger.shown}: no new addresses; it lists all {len(ledger.written)} this build writes")
    return 0


def _unrecorded(ledger: published.Ledger, prog: str, args: argparse.Namespace) -> None:
    """Name the addresses the list does not guard yet, so they are not lost unnoticed later, and the command that
    adds them: this build's, its folders given as they were (without them it would add to ./content's list)."""
    if ledger.text is not None and (new := ledger.new):
        given = [f"--{name.replace('_', '-')} {shlex.quote(str(value))}" for name, default in _FOLDERS
                 if (value := getattr(args, name, None)) not in (None, default)]
        print(f"{ledger.shown} does not list {counted(len(new), 'new address', 'new addresses')} yet: {_some(new)}; "
              f"{' '.join([prog, 'build', *given, '--accept-new-urls'])} adds {'it' if len(new) == 1 else 'them'}")


_FOLDERS = (("content", "content"), ("seeds", None), ("out", "site"), ("templates", None), ("static", None),
            ("base_url", None))  # the options a build's command line repeats, with their defaults


def _some(addresses: list[str]) -> str:
    more = len(addresses) - 5
    return ", ".join(addresses[:5]) + (f" and {more} more" if more > 0 else "")
