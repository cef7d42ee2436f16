"""The build, top to bottom: load -> validate -> resolve -> views -> render -> outputs -> write.

Every build takes this one path; only the cache it is handed (on disk, or the dev server's in
memory) and whether it writes in place (`Options.overlay`, the dev server) differ."""
from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from . import inputs
from .ahead import work_ahead
from .cache import Cache, digest
from .errors import ContentError, ContentErrors, where
from .write import Listing, Writer, lock

if TYPE_CHECKING:
    from .loader import Loaded
    from .model import Content
    from .published import Ledger
    from .resolve import Resolved

SITE = "site:"  # the cache's key of the listing of the site written last, by its folder
BUILD = "build:"  # the cache's key of a build's result, by the digest of all its inputs
CITED = "cited:"  # the cache's key of a citation style's renderings, by shape (citations.Styler), by the style


THEME = Path(__file__).resolve().parent / "theme"  # the built-in templates/ and static/
CUSTOM_CSS = "custom.css"  # in a briefing's static/: loaded after the built-in style.css, which it adds to


@dataclass(frozen=True)
class Paths:
    content: Path
    seeds: Path
    templates: Path  # the briefing's own (it may not exist): a file here replaces the built-in one of its name
    static: Path  # likewise
    out: Path
    root: Path  # file names in messages are shown relative to this

    @property
    def template_folders(self) -> tuple[Path, ...]:
        """Where a template is looked for, in order: the first holding its name wins."""
        return self.templates, THEME / "templates"

    @property
    def static_folders(self) -> tuple[Path, ...]:
        return self.static, THEME / "static"


@dataclass(frozen=True)
class Overlay:
    """The dev server's: every page loads `script` (at `script_path`), showing the errors in `errors_path`."""

    script_path: str
    script: str
    errors_path: str


@dataclass(frozen=True)
class Options:
    drafts: bool = False
    base_url: str | None = None
    overlay: Overlay | None = None  # the dev server: the overlay, and writes in place


@dataclass(frozen=True)
class Result:
    pages: int
    files: int
    counts: dict[str, int]
    ledger: Ledger  # content/published.txt and the addresses this build writes
    unchanged: bool = False  # the site already held the build of exactly these inputs
    notes: tuple[str, ...] = ()  # of valid content a reader would get wrong, as left (`notes`): published all the same
    unused: tuple[str, ...] = ()  # the briefing's own templates nothing uses (render.unused)
    changed: int = 0  # files written anew or removed (write.Writer.changed)


def build(paths: Paths, options: Options, cache: Cache) -> Result:
    """Build the whole site into `paths.out`, or raise ContentErrors and leave it untouched."""
    with lock(paths.out), collector_paused():
        # From here on another core parses the article files, then compiles the templates, the cache
        # lacks (ahead). The stages are imported only once there is work to do.
        with work_ahead(paths.seeds, paths.template_folders, cache) as ahead:
            made_of = inputs.read_all(paths, options)                                # what it is made of
            if (same := unchanged(cache, made_of.key, paths.out)) is not None:
                return same
            from . import editions, outputs, pages, published, render
            from .loader import COLLECTIONS, load_content
            from .resolve import resolve
            loaded = load_content(paths.content, paths.root, cache)                   # load
            content, problems = validate(loaded, options.drafts, options.base_url, cache)  # validate
            ahead.articles()                                                          # parsed meanwhile, into the cache
            resolved = resolve(content, paths.seeds, where(paths.seeds, paths.root), problems, cache,  # resolve
                               made_of.seeds)
            if content.editions and (options.drafts or options.overlay):  # /changes/ says what is unreleased
                resolved = dataclasses.replace(resolved, unreleased=editions.snapshot(
                    content, editions.texts(content, paths.seeds)))
            ledger = published.check(resolved, paths.content, paths.root)             # no published address lost
            shapes = cache.get(CITED + content.site.citation_style) or {}  # "Cite this" in the style, by shape
            makers = pages.makers(resolved, shapes)                                   # views: each page, as a call
            ahead.templates()                                                         # compiled meanwhile
        env = render.environment(paths.template_folders, cache)
        others = outputs.jobs(resolved, _extra(options), content_key(loaded, options))  # outputs: files not pages
        before: Listing = cache.get(SITE + str(paths.out.resolve())) or {}
        with Writer(paths.out, before, in_place=options.overlay is not None) as site:  # write: staged or in place
            # render: pages and outputs on every core; one whose key (a digest of what it is made of)
            # the last build made, and whose files are as that build wrote them, is kept, not made
            made = render.render(makers, others, env, _common(resolved, options, paths), cache.entries(render.MADE),
                                 site)
            outputs.write_sitemap(resolved, made.paths, site)
            files = site.commit(paths.static_folders)
        result = Result(len(made.paths), files, {c: len(getattr(content, c)) for c in COLLECTIONS}, ledger,
                        notes=tuple(notes(content)), changed=site.changed(),
                        unused=tuple(render.unused(paths.template_folders, paths.root)))
        for made_key, digests in made.keys.items():  # each page's and output's key -> its files' digests
            cache.put(made_key, digests)
        cache.put(SITE + str(paths.out.resolve()), site.listing)
        cache.put(CITED + content.site.citation_style, shapes)  # this process's: a worker's go with it
        cache.put(BUILD + made_of.key, result)
        cache.keep()
        return result


def unchanged(cache: Cache, key: str, out: Path) -> Result | None:
    """The last build's result, if made of these inputs and `out` is as it wrote it (sizes, mtimes, no other file)."""
    found: Result | None = cache.get(BUILD + key)
    listing: Listing | None = cache.get(SITE + str(out.resolve()))
    if found is None or listing is None or inputs.on_disk(out) != {rel: (e.size, e.mtime)
                                                                    for rel, e in listing.items()}:
        return None
    cache.forget()  # nothing was made: the cache stays as it is
    return dataclasses.replace(found, unchanged=True)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the build (forked workers inherit it): millions of objects, next to no cycles."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def check(paths: Paths, drafts: bool = False) -> Resolved:
    """Everything a build checks, writing nothing."""
    from . import published
    from .loader import load_content
    from .resolve import resolve
    content, problems = validate(load_content(paths.content, paths.root), drafts, None)
    resolved = resolve(content, paths.seeds, where(paths.seeds, paths.root), problems)
    published.check(resolved, paths.content, paths.root)
    from .render import syntax_errors
    if errors := syntax_errors(paths.template_folders, paths.root):  # the briefing's own templates, compiled
        raise ContentErrors(errors)
    return resolved


def notes(content: Content) -> list[str]:
    """A line for each thing of valid content that a reader would get wrong as it is: a text left to be written
    (starter.placeholders), a name that links to nobody, or to more than the name (mentions.shared_names), an
    edition that says it removed what is there (editions.restored)."""
    from .editions import restored
    from .mentions import shared_names
    from .starter import placeholders
    return [*placeholders(content), *shared_names(content.people), *restored(content)]


def content_key(loaded: Loaded, options: Options) -> str:
    """What the content is made of (YAML parse keys, loading's errors, options); the outputs' keys start from it."""
    return digest("content", repr((options.drafts, options.base_url, loaded.errors, sorted(loaded.unreadable))),
                  *loaded.keys.values())


def validate(loaded: Loaded, drafts: bool, base_url: str | None,
             cache: Cache | None = None) -> tuple[Content, list[ContentError]]:
    """Loaded YAML as the content model, and every problem found. Invalid items are left out (their ids
    remembered) so resolving still checks the rest; a file's items are checked once a parse (in memory)."""
    from .dates import VagueDate
    from .editions import as_of_problem, read
    from .fields import field_loc
    from .loader import COLLECTIONS
    from .model import Loc, Site
    from .schema import Checker, check_file
    checker = Checker(drafts_included=drafts)
    site = checker.site(loaded.site, loaded.site_file) if loaded.site is not None else None
    cache = cache or Cache()
    parts = [cache.made(digest("checked", loaded.keys[file], repr(drafts)), partial(check_file, list(raws), drafts),
                        durable=False)
             for c in COLLECTIONS for file, raws in groupby(loaded.items[c], key=attrgetter("file"))]
    errors = loaded.errors + checker.errors + [e for part in parts for e in part.errors]
    recorded, problems = cache.made(digest("editions", *(loaded.keys[file] for file, _ in loaded.editions)),
                                    partial(read, loaded.editions), durable=False)
    if site and recorded and (early := as_of_problem(site.as_of, recorded[-1])):  # what `edition` refuses, a build
        at = field_loc(loaded.site, "as_of")  # a mapping, as site.yaml was read
        problems = [*problems, ContentError(at.file, at.line, at.column, f"site.as_of: {early}")]
    if site is None:  # never rendered: a missing or broken site.yaml is already an error
        site = Site("", "", "", "en", VagueDate(2000, 1, 1, "day"), None, (), Loc("content/site.yaml"))
        errors = errors or [ContentError("content/site.yaml", 0, 0, "site.yaml could not be read")]
    if base_url is not None:
        site = dataclasses.replace(site, base_url=base_url.rstrip("/") + "/")
    return dataclasses.replace(checker.content(site, parts, loaded.unreadable), editions=recorded), errors + problems


def _common(r: Resolved, options: Options, paths: Paths) -> dict[str, object]:
    """What every page is rendered with, besides its own data (docs/theming.md lists it)."""
    from . import urls
    site = r.content.site
    return {"site": site, "base_url": site.base_url or "", "as_of": site.as_of.label(), "root": urls.ROOT,
            "overlay": urls.ROOT + options.overlay.script_path if options.overlay else "",
            "custom_css": (paths.static / CUSTOM_CSS).is_file(),  # the briefing's additions to the built-in style
            "has_editions": bool(r.content.editions)}


def _extra(options: Options) -> dict[str, str]:
    """The dev server's overlay script, and its list of errors: none after a good build."""
    o = options.overlay
    return {o.script_path: o.script, o.errors_path: "[]"} if o else {}
