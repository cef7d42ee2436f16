"""The build, top to bottom: load -> validate -> resolve -> render -> write."""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import depends, outputs, parallel, published, search, urls
from .dates import VagueDate
from .errors import ContentError
from .loader import COLLECTIONS, Loaded, load_content
from .model import Content, Loc, Site
from .render import Renderer, Share, compile_all
from .resolve import ReadAhead, Resolved, read_ahead, remember, resolve
from .schema import Checker
from .views import Page, Views
from .write import LiveWriter, Staging, Stat


@dataclass(frozen=True)
class Paths:
    content: Path
    seeds: Path
    templates: Path
    static: Path
    out: Path
    root: Path  # file names in messages are shown relative to this


@dataclass
class Session:
    """What the dev server keeps from one build to the next."""

    renderer: Renderer
    writer: LiveWriter
    views: dict[Any, Any]
    validated: dict[Any, Any]
    later: Callable[[list[str]], set[str]] | None = None  # changed pages -> those Renderer.finish does later
    rest: Callable[[], dict[str, str]] | None = None  # the files left for after the reload (`after_reload`)
    made: Made | None = None  # the pages of the last good build

    @classmethod
    def start(cls, paths: Paths) -> Session:
        # Every core for a save that renders hundreds of pages (the first build, a YAML save
        # many pages show); a save of a few pages renders here (parallel.PARALLEL_FROM).
        return cls(Renderer(paths.templates, workers=os.cpu_count() or 1), LiveWriter(paths.out), {}, {})


@dataclass(frozen=True)
class Made:
    """The pages of a dev-server build, each as its maker's index: what it read (depends.py)
    and where it went; and what it was made and rendered from."""

    resolved: Resolved
    stamp: str  # the templates and the context common to all pages (Renderer.stamp)
    paths: list[str]
    read: list[frozenset[depends.Key]]
    outside: frozenset[depends.Key]

    def stale(self, resolved: Resolved, stamp: str, count: int) -> list[int] | None:
        """The pages to make again for a build of the same YAML and templates, or None when
        it is not (then every page is made)."""
        if stamp != self.stamp or count != len(self.read) or resolved.content != self.resolved.content:
            return None
        return depends.stale(self.read, self.outside, depends.changed(self.resolved, resolved))


@dataclass(frozen=True)
class Result:
    pages: int
    files: int
    counts: dict[str, int]
    ledger: published.Ledger  # content/published.txt and the addresses this build writes
    listing: dict[str, Stat]  # every file a one-shot build wrote, with its size and mtime (for uptodate)
    made: Made | None = None  # with `keep`: the pages, what each read, and the briefing (patch.py)
    data: outputs.DataIndex | None = None  # with `keep`: where each item lies in the data file
    compiled: dict[str, bytes] | None = None  # with `keep`: the templates, compiled


def build(paths: Paths, drafts: bool = False, base_url: str | None = None,
          overlay: tuple[str, str, str] | None = None, session: Session | None = None,
          ahead: Callable[[], ReadAhead] | None = None, keep: Callable[[Resolved], None] | None = None) -> Result:
    """Build the whole site into `paths.out`, or raise ContentErrors and leave it untouched.

    `overlay` (script path, script, errors path) is for the dev server: every page
    loads the script, which shows the errors listed in the errors file (none after
    a good build) over the last good site. A `session` kept between builds skips
    pages whose data and templates did not change and writes only changed files. `ahead`
    gives the articles read ahead by a process started before (else one starts here).
    `keep`: a one-shot build notes what each page and each item of the data read, for a
    later build after an edit of article text to patch this one (patch.py), and `keep`
    keeps the briefing for it, on another core meanwhile.
    """
    with collector_paused(), contextlib.ExitStack() as meanwhile:
        with _articles_read_ahead(paths.seeds, session is None or not session.writer.written, ahead):  # meanwhile
            loaded = load_content(paths.content, paths.root)                   # load
            content, problems = validate(loaded, drafts, base_url, session.validated if session else None)  # validate
        if session is None:  # the templates compile on another core meanwhile (the dev server keeps its own)
            compiling = meanwhile.enter_context(parallel.in_background(functools.partial(compile_all, paths.templates)))
        resolved = resolve(content, paths.seeds, _shown(paths.seeds, paths.root), problems)  # read articles, resolve
        ledger = published.check(resolved, paths.content, paths.root)          # no published address lost
        reads = depends.Reads()
        plain = resolved
        if session or keep:
            resolved = depends.watch(resolved, reads)  # what each page reads: an edit of one article remakes few
        views = Views(resolved, session.views if session else None, reads)     # views
        common = _common(resolved, urls.ROOT + overlay[0] if overlay else "")
        extra = {overlay[0]: overlay[1], overlay[2]: "[]"} if overlay else {}
        if session:
            rendered, count, listing = _rebuild(paths, session, resolved, views, common, extra)  # render, write
            return Result(rendered, count, {c: len(getattr(content, c)) for c in COLLECTIONS}, ledger, listing)
        noted: list[tuple[str, frozenset[depends.Key]]] | None = [] if keep else None
        compiled = compiling()
        rendered, count, listing, data = _build_once(paths, resolved, views, common, extra, noted, compiled,
                                                           functools.partial(keep, plain) if keep else None)  # render, write
    made = Made(plain, "", [p for p, _ in noted], [r for _, r in noted], frozenset(reads.outside)) if noted else None
    return Result(rendered, count, {c: len(getattr(content, c)) for c in COLLECTIONS}, ledger, listing, made, data,
                  compiled if keep else None)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """A build makes millions of objects and next to no reference cycles, so the cyclic
    collector would only scan the growing heap again and again: a third of the time of
    an 8,000-article build, for no memory saved. Off for the build (forked workers
    inherit it); whatever it left is collected once it is back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@contextlib.contextmanager
def _articles_read_ahead(seeds: Path, start: bool, ahead: Callable[[], ReadAhead] | None) -> Iterator[None]:
    """A one-shot build, and the dev server's first, read and parse the article files on
    another core while this one loads and validates the YAML; resolving then finds them
    read. (After its first build the dev server keeps what it read.) `ahead`: that work,
    started already."""
    if ahead is None and start and parallel.can_fork():
        with parallel.in_background(functools.partial(read_ahead, seeds)) as ahead:
            yield
            _remember(ahead)
        return
    yield
    if ahead is not None:
        _remember(ahead)


def _remember(ahead: Callable[[], ReadAhead]) -> None:
    try:
        remember(ahead())
    except RuntimeError:  # the process was killed: resolving reads the files itself
        pass


def _build_once(paths: Paths, resolved: Resolved, views: Views, common: dict[str, object], extra: dict[str, str],
                noted: list[tuple[str, frozenset[depends.Key]]] | None, compiled: dict[str, bytes],
                keep: Callable[[], None] | None) -> tuple[int, int, dict[str, Stat], outputs.DataIndex | None]:
    """Render on every core straight into a folder beside the site, then swap it in whole:
    no page is held in memory, and a failure leaves the previous site as it was. The
    feeds, data files and search index are made meanwhile, in a process of their own,
    which then renders pages too, until none is left. With `noted`, what each page and
    each item of the data read is noted (`views.reads` watches `resolved`), and the other
    files' process runs `keep` before it renders. `compiled`: the templates, compiled
    (render.compile_all); it gets any this process compiles."""
    reads = views.reads if noted is not None else None
    with Staging(paths.out) as site:
        makers = views.makers()
        # One core is the other files' process's until it joins in.
        renderer = Renderer(paths.templates, workers=max(1, (os.cpu_count() or 1) - 1), watch=False,
                            compiled=compiled)
        tickets = parallel.Tickets(len(makers))

        def others() -> tuple[dict[str, Stat], Share[Stat], outputs.DataIndex | None]:
            # One file at a time, each let go once written (the data even as it is made): the
            # peak is the largest part, not the sum.
            index: list[outputs.DataIndex] = []
            site.put_parts(outputs.DATA, outputs.data_parts(resolved, index, reads))
            _put_all(site, itertools.chain(outputs.files(resolved).items(), search.each_file(resolved),
                                           extra.items()))
            if keep:
                keep()
            pages = renderer.share(makers, common, site.put, tickets, reads)
            # (this process's listing: the files above and its pages)
            return site.listing, pages, index[0] if index else None

        with parallel.in_background(others) as written_others:
            pages = renderer.write(makers, common, site.put, tickets, lambda: written_others()[1], reads, noted)
            _put_all(site, outputs.sitemap_file(resolved, list(pages)).items())
            listing = {**{urls.output_file(path): stat for path, stat in pages.items()}, **site.listing,
                       **written_others()[0]}
        count = site.commit(paths.static, listing)
        listing.update(site.listing)  # now with static/, which commit copied
        return len(pages), count, listing, written_others()[2]


def _put_all(site: Staging, files: Iterable[tuple[str, str | bytes]]) -> None:
    for rel, content in files:
        site.put(rel, content)


def _rebuild(paths: Paths, session: Session, resolved: Resolved, views: Views, common: dict[str, object],
             extra: dict[str, str]) -> tuple[int, int, dict[str, Stat]]:
    """The dev server's build: pages whose inputs did not change are not made or rendered
    again (when only article text changed, most are not even made), nor unchanged files written."""
    makers = views.makers()
    before, session.made = session.made, None  # a failed build leaves nothing to build on
    stamp = session.renderer.stamp(common)
    stale = before.stale(resolved, stamp, len(makers)) if before and not session.renderer.pending else None
    if before and stale is not None:  # the same YAML and templates: only pages that read changed text
        redo: Iterable[int] = stale
        read, paths_now = list(before.read), list(before.paths)
    else:
        redo, read, paths_now = range(len(makers)), [frozenset()] * len(makers), [""] * len(makers)
    pages = _make_pages(views, makers, redo, read, paths_now)
    kept = set(map(urls.output_file, paths_now)) - {urls.output_file(p.path) for p in pages}
    html = session.renderer.render(pages, common, session.later, kept)

    def rest() -> dict[str, str]:
        return {**search.files(resolved, session.views), outputs.FEED_FILE: outputs.feed(resolved),
                outputs.DATA: outputs.data(resolved), **outputs.sitemap_file(resolved, paths_now)}
    # The dev server writes the files no page shows after the reload (Rebuilder.rest): the
    # saved page first, and after its first build the server is up first. Until then the
    # previous ones stay (none, the first time); a request for one waits.
    later = rest if session.later else None
    count = session.writer.write({**html, "robots.txt": outputs.robots(resolved), **({} if later else rest()),
                                  **extra}, paths.static, after_reload if later else None)
    session.rest = later
    session.made = Made(resolved, stamp, paths_now, read, frozenset(views.reads.outside))
    return len(html), count, {}  # the dev server's site is no build to compare with later


def _make_pages(views: Views, makers: list[Callable[[], Page]], which: Iterable[int],
                read: list[frozenset[depends.Key]], paths_now: list[str]) -> list[Page]:
    """Make these pages, noting in `read` and `paths_now` what each read and where it goes."""
    pages = []
    for i in which:
        page, read[i] = views.reads.noting(makers[i])
        pages.append(page)
        paths_now[i] = page.path
    views.reads.closed = True  # what is read from here on (the search index, the data) is no page's
    return pages


def after_reload(rel: str) -> bool:
    """Whether the dev server writes this file after the reload: the search index, the data,
    the feed and the sitemap, which no page needs to show (0.7 s and more at 2,000 articles)."""
    return search.in_index(rel) or rel in (outputs.DATA, outputs.FEED_FILE, outputs.SITEMAP_FILE)


def check(paths: Paths, drafts: bool = False) -> Resolved:
    """Everything a build checks, writing nothing."""
    content, problems = validate(load_content(paths.content, paths.root), drafts, None)
    resolved = resolve(content, paths.seeds, _shown(paths.seeds, paths.root), problems)
    published.check(resolved, paths.content, paths.root)
    return resolved


def validate(loaded: Loaded, drafts: bool, base_url: str | None,
             memo: dict[Any, Any] | None = None) -> tuple[Content, list[ContentError]]:
    """Turn loaded YAML into the content model: the valid items, and every problem found.

    Invalid items are left out (and their ids remembered) so that resolving can
    still check everything else in the same run.
    """
    checker = Checker(drafts_included=drafts, memo=memo)
    site = checker.site(loaded.site, loaded.site_file) if loaded.site is not None else None
    items = {c: [x for raw in loaded.items[c] if (x := checker.item(raw)) is not None] for c in COLLECTIONS}
    checker.forget_unused()
    errors = loaded.errors + checker.errors
    if site is None:
        site = _PLACEHOLDER_SITE  # never rendered: a missing or broken site.yaml is already an error
        errors = errors or [ContentError("content/site.yaml", 0, 0, "site.yaml could not be read")]
    if base_url is not None:
        site = dataclasses.replace(site, base_url=base_url.rstrip("/") + "/")
    return checker.content(site, items, loaded.unreadable), errors


_PLACEHOLDER_SITE = Site("", "", "", "en", VagueDate(2000, 1, 1, "day"), None, (), Loc("content/site.yaml"))


def _common(r: Resolved, overlay: str) -> dict[str, object]:
    site = r.content.site
    return {"site": site, "base_url": site.base_url, "as_of": site.as_of.label(), "root": urls.ROOT,
            "overlay": overlay}


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
