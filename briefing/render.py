"""Jinja2 with autoescape and StrictUndefined; template mistakes point at the template line."""
from __future__ import annotations

import hashlib
import io
import pickle
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.bccache
import markupsafe
from jinja2 import meta

from . import parallel, urls
from .depends import Key, Reads
from .errors import ContentError, ContentErrors
from .views import NAV, OG_TYPES, Page

_T = TypeVar("_T")  # what a one-shot build's sink says of each file it wrote
# What one process of a one-shot build made: (index -> (site path, template, what the sink
# returned, None for a page that could not be rendered, what it read: depends.py)), and mistakes.
Share = tuple[dict[int, tuple[str, str, _T | None, frozenset[Key]]], list[ContentError]]


def environment(templates: Path, watch: bool = True, compiled: dict[str, bytes] | None = None) -> jinja2.Environment:
    """`watch`: look at the template files again before each use (the dev server's
    long-lived renderer); a one-shot build reads each once. `compiled`: the templates
    compiled to bytecode, by Jinja's key, kept between builds (patch.py)."""
    return _Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=watch,
        bytecode_cache=_Compiled(compiled) if compiled is not None else None,
    )


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates in a dict: a build that renders a few pages does not spend more
    on compiling their templates than on rendering them. Jinja checks each against its
    template's source before use."""

    def __init__(self, kept: dict[str, bytes]) -> None:
        self.kept = kept

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


def compile_all(templates: Path) -> dict[str, bytes]:
    """Every template in the folder compiled, for a one-shot build's renderer to start from
    (`Renderer(compiled=...)`): made on another core while the build resolves, rather than
    on each core as its pages need them (0.07 s apiece). One that does not compile is left
    out; rendering compiles it again, and says what is wrong with it."""
    kept: dict[str, bytes] = {}
    env = environment(templates, watch=False, compiled=kept)
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception:  # whatever it is, rendering meets it again and says so
            pass
    return kept


def _plain_escape(inner: Callable[[str], str]) -> Callable[[Any], str]:
    """What markupsafe.escape writes, as a plain string. A template's output is joined into
    the page's text (or into a Markup, in a macro) anyway, so the Markup object markupsafe
    makes of every `{{ value }}` only costs time: a fifth of rendering. An undefined value
    fails the same way."""
    def escape(value: Any) -> str:
        if type(value) is str:
            return inner(value)
        if hasattr(value, "__html__"):
            return value.__html__()  # type: ignore[no-any-return]
        return inner(str(value))
    return escape


# MarkupSafe 3's escaping in C (None with MarkupSafe 2, whose escape templates then keep).
_inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)
_ESCAPE = _plain_escape(_inner) if _inner else None


class _Template(jinja2.Template):
    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any, globals: Any,
                  uptodate: Callable[[], bool] | None = None) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        if _ESCAPE:  # the `escape` of the compiled template's `{{ }}` is a global of its module
            template.root_render_func.__globals__["escape"] = _ESCAPE
        return template


class _Environment(jinja2.Environment):
    """Page data is dicts: `card.title` looks up the key first, without the failed
    attribute lookup (an exception each time) that Jinja tries before it."""

    template_class = _Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj and attribute not in _DICT_ATTRIBUTES:
            return obj[attribute]
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))  # `d.items` is still the method, as in Jinja


class Renderer:
    """Renders pages; kept for a whole dev-server session, it skips unchanged pages.

    A page is rendered again only when its data or one of the template files it
    uses (its own, the ones it extends, includes or imports) changed.
    """

    def __init__(self, templates: Path, workers: int = 1, watch: bool = True,
                 compiled: dict[str, bytes] | None = None) -> None:
        self.templates = templates
        self.workers = workers  # processes for a large render: a one-shot build uses every core
        self.env = environment(templates, watch, compiled)
        self.done: dict[str, tuple[str, str]] = {}  # output file -> (fingerprint, html)
        self.seen: dict[int, tuple[object, bytes]] = {}  # id of a data list -> (the list, its hash)
        self.uses: dict[str, list[str]] = {}  # template source -> the templates it uses
        self.pending: dict[str, tuple[str, Page, dict[str, Any]]] = {}  # output file -> (key, page, context)

    def render(self, pages: list[Page], common: dict[str, Any],
               later: Callable[[list[str]], set[str]] | None = None, kept: Iterable[str] = ()) -> dict[str, str]:
        """Every page as HTML with relative links: {output file: html}.

        `later` is given the changed pages that have an earlier version and names
        those to leave for `finish`; until then the dict holds their previous HTML
        (the very same object). The dev server uses it after a template save, to
        reload the browser as soon as its own page is ready. `kept` are output files
        whose pages are known to be unchanged (not made again): their previous HTML.
        """
        digests: dict[str, str] = {}
        shared = repr(sorted(common.items())).encode()
        seen_now: dict[int, tuple[object, bytes]] = {}
        out: dict[str, str] = {target: self.done[target][1] for target in kept}
        changed: dict[str, tuple[str, Page]] = {}
        targets, errors = self._targets(pages)
        for target, page in targets.items():
            try:
                key = hashlib.sha256(self._digest(page.template, digests).encode() + shared
                                     + self._fingerprint(page, seen_now)).hexdigest()
            except jinja2.TemplateError as exc:  # a template that cannot be read or parsed
                errors.append(self._error(exc, page))
                continue
            if target in self.done and self.done[target][0] == key:
                out[target] = self.done[target][1]
            else:
                changed[target] = (key, page)
        self.seen = seen_now
        left = later([t for t in changed if t in self.done]) if later and not errors else set()
        self.pending = {t: (key, page, common) for t, (key, page) in changed.items() if t in left}
        out.update((t, self.done[t][1]) for t in left)
        jobs = [(t, key, page) for t, (key, page) in changed.items() if t not in left]
        results = parallel.on_every_core(self.workers, len(jobs), lambda which: _render_some(self, jobs, common, which))
        for target, key, html in (r for done, _ in results for r in done):
            self.done[target] = (key, html)
            out[target] = html
        errors.extend(e for _, errs in results for e in errs)
        if errors:
            self.pending = {}
            raise ContentErrors(grouped(errors))
        return out

    def stamp(self, common: dict[str, Any]) -> str:
        """A hash of every template file and of the context common to all pages: while it
        stays the same, a page whose data did not change renders the same."""
        h = hashlib.sha256(repr(sorted(common.items())).encode())
        for path in sorted(self.templates.rglob("*")):
            try:
                data = path.read_bytes() if path.is_file() else b"\0folder"
            except OSError:  # rendering will say what is wrong with it
                data = b"\0unreadable"
            h.update(b"\0%s\0%s" % (str(path.relative_to(self.templates)).encode(), data))
        return h.hexdigest()

    def write(self, makers: list[Callable[[], Page]], common: dict[str, Any], sink: Callable[[str, str], _T],
              tickets: parallel.Tickets | None = None, joined: Callable[[], Share[_T]] | None = None,
              reads: Reads | None = None, noted: list[tuple[str, frozenset[Key]]] | None = None) -> dict[str, _T]:
        """Make every page and render it straight into `sink(output file, html)`, on every
        core; returns the pages' site paths, each with what the sink returned. For a
        one-shot build: each page is made by the process that renders it and let go once
        written, and nothing is fingerprinted. `tickets` may be shared with another process
        that takes its `share` of the pages too; `joined` waits for what it wrote. With
        `reads` (watching the briefing), `noted` gets each page's path and what it read,
        for a later build to know which pages an edit of article text changes."""
        self._check_folder()
        results = parallel.on_every_core(self.workers, len(makers),
                                         lambda which: self.share(makers, common, sink, which, reads), tickets)
        if joined:
            results.append(joined())
        made: dict[int, tuple[str, str, _T | None, frozenset[Key]]] = {}
        errors: list[ContentError] = []
        for done, errs in results:
            made.update(done)
            errors += errs
        if noted is not None:
            noted[:] = [(made[i][0], made[i][3]) for i in range(len(makers))]
        targets: dict[str, tuple[str, _T | None]] = {}
        for path, template, sunk, _ in (made[i] for i in sorted(made)):
            if (target := urls.output_file(path)) in targets:
                errors.append(self._twice(target, template))
            targets[target] = (path, sunk)
        if errors:
            raise ContentErrors(grouped(errors))
        return {path: sunk for path, sunk in targets.values() if sunk is not None}

    def share(self, makers: list[Callable[[], Page]], common: dict[str, Any], sink: Callable[[str, str], _T],
              which: Iterable[int], reads: Reads | None = None) -> Share[_T]:
        """Make, render and write these pages, in this process (`write`'s share of one)."""
        done: dict[int, tuple[str, str, _T | None, frozenset[Key]]] = {}
        errors = []
        for i in which:
            page, keys = reads.noting(makers[i]) if reads else (makers[i](), frozenset())
            sunk = None
            try:
                sunk = sink(urls.output_file(page.path), self._render(page, common))
            except jinja2.TemplateError as exc:
                errors.append(self._error(exc, page))
            done[i] = (page.path, page.template, sunk, keys)
        return done, errors

    def _targets(self, pages: list[Page]) -> tuple[dict[str, Page], list[ContentError]]:
        """Each page by its output file; two pages for one file are a mistake, and so is
        a missing templates folder (raised: no page can be rendered)."""
        self._check_folder()
        targets: dict[str, Page] = {}
        errors = []
        for page in pages:
            target = urls.output_file(page.path)
            if target in targets:
                errors.append(self._twice(target, page.template))
            else:
                targets[target] = page
        return targets, errors

    def _check_folder(self) -> None:
        """A missing templates folder is raised at once: no page can be rendered."""
        if not self.templates.is_dir():
            raise ContentErrors([ContentError(str(self.templates), 0, 0,
                                              "templates folder not found; pass --templates DIR")])

    def _twice(self, target: str, template: str) -> ContentError:
        return ContentError(str(self.templates / template), 0, 0, f"two pages would be written to {target}; "
                                                                  "ids must differ")

    def finish(self, target: str) -> str:
        """Render a page `render` left for later; raises ContentErrors on a template mistake."""
        key, page, common = self.pending.pop(target)
        return self._checked(page, common, key)

    def _checked(self, page: Page, common: dict[str, Any], key: str) -> str:
        """Render one page and remember it, or raise its template mistake as a ContentError."""
        target = urls.output_file(page.path)
        try:
            html = self._render(page, common)
        except jinja2.TemplateError as exc:
            raise ContentErrors([self._error(exc, page)]) from None
        self.done[target] = (key, html)
        return html

    def _error(self, exc: jinja2.TemplateError, page: Page) -> ContentError:
        """A template mistake, pointing at the template file and line."""
        if isinstance(exc, jinja2.TemplateNotFound):
            return ContentError(str(self.templates / str(exc.name)), 0, 0, "template not found")
        if isinstance(exc, jinja2.TemplateSyntaxError):
            return ContentError(_shown(exc.filename, self.templates, page.template), exc.lineno or 0, 0,
                                f"template syntax error: {exc.message}")
        file, line = _template_frame(exc, self.templates, page.template)
        return ContentError(file, line, 0, f"template error rendering {page.path or 'home'}: {exc}")

    def _fingerprint(self, page: Page, seen_now: dict[int, tuple[object, bytes]]) -> bytes:
        """The page's inputs as bytes; a data list already hashed (the very same object) is not read again."""
        values, lists = [], []
        for name, value in page.data.items():
            if isinstance(value, list):
                known = self.seen.get(id(value))
                token = known[1] if known and known[0] is value else hashlib.sha256(_pickled(value)).digest()
                seen_now[id(value)] = (value, token)
                lists.append((name, token))
            else:
                values.append((name, value))
        return _pickled((page.path, page.template, page.title, page.description, page.section, values, lists))

    def _render(self, page: Page, common: dict[str, Any]) -> str:
        nav = [{"url": urls.ROOT + urls.page(key), "label": label, "current": key == page.section}
               for key, label in NAV]
        base = common["base_url"]
        context = {**common, "page": page, "nav": nav, "jsonld": "", **page.data,
                   # the 404 page is served at any address: it has no canonical one
                   "canonical": "" if page.path == "404.html" else
                   urls.absolute(base, page.path) if base else urls.ROOT + page.path,
                   "og_url": urls.absolute(base, page.path) if base and page.path != "404.html" else "",
                   "og_type": OG_TYPES.get(page.template, "website")}
        html = self.env.get_template(page.template).render(context)
        if page.path == "404.html" and common["base_url"]:
            # Served at any depth: only absolute links work from wherever it shows up.
            return urls.absolutize(html, common["base_url"])
        return urls.relativize(html, page.path)

    def _digest(self, name: str, memo: dict[str, str]) -> str:
        """A hash of a template's source and of every template it uses."""
        if name not in memo:
            memo[name] = ""  # guards against a template that (wrongly) includes itself
            source = self.env.loader.get_source(self.env, name)[0] if self.env.loader else ""
            if source not in self.uses:
                self.uses[source] = sorted(n for n in meta.find_referenced_templates(self.env.parse(source)) if n)
            used = self.uses[source]
            memo[name] = hashlib.sha256((source + "".join(self._digest(n, memo) for n in used)).encode()).hexdigest()
        return memo[name]


_Rendered = tuple[list[tuple[str, str, str]], list[ContentError]]  # (target, key, html) rendered, and mistakes


def _render_some(renderer: Renderer, jobs: list[tuple[str, str, Page]], common: dict[str, Any],
                 which: Iterable[int]) -> _Rendered:
    done: list[tuple[str, str, str]] = []
    errors: list[ContentError] = []
    for i in which:
        target, key, page = jobs[i]
        try:
            done.append((target, key, renderer._checked(page, common, key)))
        except ContentErrors as exc:
            errors.extend(exc.errors)
    return done, errors


def grouped(errors: list[ContentError]) -> list[ContentError]:
    """One error per template line: a mistake in base.html is not repeated for every page."""
    first: dict[tuple[str, int, int], ContentError] = {}
    count: dict[tuple[str, int, int], int] = {}
    for e in sorted(errors):
        where = (e.file, e.line, e.column)
        first.setdefault(where, e)
        count[where] = count.get(where, 0) + 1
    return [e if count[w] == 1 or not e.line else
            ContentError(e.file, e.line, e.column, f"{e.message} (and {count[w] - 1} more pages)")
            for w, e in first.items()]


def _pickled(value: Any) -> bytes:
    """Page data as bytes, the same for equal data: pickle without its memo, so an object
    met twice is written twice, as repr would, whether or not it is the same object (a
    cached card on one page, an equal copy on another). Twice as fast as repr."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


def _shown(filename: str | None, templates: Path, fallback: str) -> str:
    return str(Path(filename)) if filename else str(templates / fallback)


def _template_frame(exc: BaseException, templates: Path, fallback: str) -> tuple[str, int]:
    root = str(templates.resolve())
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and str(Path(frame.filename).resolve()).startswith(root):
            return frame.filename, frame.lineno or 0
    return str(templates / fallback), 0
