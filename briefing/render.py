"""The render stage: every page made, keyed, and rendered (or its last HTML kept) on every core.

Jinja2 with autoescape and StrictUndefined; a template mistake points at the template file
and line. A page's key is a digest of the templates, the common context and the page's data:
a page the last build rendered under its key, whose file is still as written, is not rendered again.
"""
from __future__ import annotations

import contextlib
import dataclasses
import difflib
import io
import os
import re
import itertools
import pickle
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.meta
import markupsafe
from markupsafe import Markup

from . import parallel, printing, urls
from .ahead import TEMPLATE
from .cache import Cache, digest
from .errors import ContentError, ContentErrors, where
from .inputs import folder_digest
from .outputs import Job
from .pages import NAV, OG_TYPES, Page
from .write import Listing, Writer

MADE = "made:"  # the cache's keys of what rendering made: a page's -> its HTML's digest; an output's -> its files'


@dataclass(frozen=True)
class Rendered:
    """What the render stage did: the pages' site paths in order, and what the cache keeps of
    it: each page's key with the digest of its HTML, each output's with its files' digests."""

    paths: list[str]
    keys: dict[str, str | dict[str, str]]


def environment(templates: tuple[Path, ...], cache: Cache) -> jinja2.Environment:
    """Templates looked for in each folder in turn, compiled once and kept in the cache by their source's digest."""
    return _Environment(loader=jinja2.FileSystemLoader([str(t) for t in templates]), bytecode_cache=_Compiled(cache),
                        autoescape=True, undefined=jinja2.StrictUndefined, auto_reload=False,
                        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


class _Compiled(jinja2.BytecodeCache):
    """Jinja's compiled templates in the build's cache, under the digest of name and source."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.cache.get(_template_key(bucket))) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.cache.put(_template_key(bucket), bucket.bytecode_to_string())


def _template_key(bucket: jinja2.bccache.Bucket) -> str:
    return TEMPLATE + digest(bucket.key, bucket.checksum)


def compiled(templates: tuple[Path, ...], known: set[str], cache: Cache) -> dict[str, bytes]:
    """Every template of the folder compiled, but those `known` to the cache: made on another
    core (ahead.py) from the forked copy of the cache (which holds what the dev server compiled)."""
    compile_all(environment(templates, cache))
    return {key: code for key, code in cache.kept.items() if key.startswith(TEMPLATE) and key not in known}


def compile_all(env: jinja2.Environment) -> None:
    """Every template compiled before the pages are shared out to other cores, which inherit them (one
    a core compiled would be lost with it); one that does not compile is left for rendering to report."""
    for name in env.list_templates():
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def syntax_errors(folders: tuple[Path, ...], root: Path) -> list[ContentError]:
    """The briefing's own templates that do not compile, each at its line: what `check` can say of them without
    rendering a page (a build says the rest)."""
    own = folders[0] if folders else Path()
    if len(folders) < 2 or not own.is_dir():
        return []
    env = environment(folders, Cache())
    errors = []
    for file in sorted(p for p in own.rglob("*") if p.is_file()):
        try:
            env.get_template(file.relative_to(own).as_posix())
        except jinja2.TemplateSyntaxError as exc:
            errors.append(ContentError(where(file, root), exc.lineno or 0, 0, f"template syntax error: {exc.message}"))
        except (jinja2.TemplateError, UnicodeDecodeError):
            continue  # a template it includes, missing, or a file that is no template: the build says so
    return errors


def unused(folders: tuple[Path, ...], root: Path) -> list[str]:
    """A line for each of the briefing's own templates no page is made with and no template uses: a misspelt
    override ("events.html") or a page the build makes no data for ("about.html") was ignored without a word."""
    own, built_in = folders[0], folders[-1]
    if not own.is_dir():
        return []
    theirs = {p.relative_to(built_in).as_posix() for p in built_in.rglob("*") if p.is_file()}
    extra = sorted(n for p in own.rglob("*") if p.is_file() and (n := p.relative_to(own).as_posix()) not in theirs)
    if not extra:  # every one an override (the usual case): nothing to parse, at every save in the dev server
        return []
    env, used = jinja2.Environment(), set[str]()
    for file in (p for folder in folders for p in folder.rglob("*") if p.is_file()):
        with contextlib.suppress(jinja2.TemplateSyntaxError, UnicodeDecodeError, OSError):  # a mistake: rendering's
            used.update(filter(None, jinja2.meta.find_referenced_templates(env.parse(file.read_text("utf-8")))))
    lines = []
    for name in extra:
        if name not in used:
            meant = {*difflib.get_close_matches(name, theirs, 1, 0.8), *(t for t in theirs if Path(t).name == name)}
            lines.append(f"{where(own / name, root)}: not used: no page is made with it and no template includes it (a "
                         "template here replaces the built-in one of its name; a page of the briefing's own goes in "
                         "static/)" + (f"; did you mean '{min(meant)}'?" if meant else ""))
    return lines


def render(makers: list[Callable[[], Page]], others: list[Job], env: jinja2.Environment,
           common: dict[str, Any], known: dict[str, Any], site: Writer) -> Rendered:
    """Make, key and render every page into `site` on every core, `others` (outputs.jobs) first. `known`: what
    the last build made (MADE). Raises ContentErrors for template mistakes, one per template line."""
    folders = [Path(p) for p in env.loader.searchpath] if isinstance(env.loader, jinja2.FileSystemLoader) else []
    templates = folders[0] if folders else Path()  # where a page's missing template is said to be looked for
    # what any page is rendered from
    shared = "".join(map(folder_digest, folders)) + repr(sorted(common.items()))
    compile_all(env)

    def share(which: Iterable[int]) -> tuple[dict[int, tuple[str, str, str, str]], dict[str, dict[str, str]],
                                             list[ContentError], Listing]:
        done: dict[int, tuple[str, str, str, str]] = {}  # page -> (site path, template, key, html digest)
        outputs: dict[str, dict[str, str]] = {}
        errors = []
        keyed = _Keys(shared)
        for i in which:
            if i < len(others):
                key, write = others[i]
                outputs[MADE + key] = _output(write, known.get(MADE + key), site)
                continue
            page = makers[i - len(others)]()
            try:
                done[i] = _page(page, env, common, keyed, known, site, templates)
            except Exception as exc:  # a template's mistake is reported; anything else is a bug, raised
                errors.append(_error(exc, page, folders))
        return done, outputs, errors, site.listing

    done: dict[int, tuple[str, str, str, str]] = {}
    keys: dict[str, str | dict[str, str]] = {}
    errors: list[ContentError] = []
    for mine, outputs, errs, theirs in parallel.on_every_core(len(others) + len(makers), share):
        done.update(mine)
        keys.update(outputs)
        errors += errs
        site.listing.update(theirs)
    targets: dict[str, str] = {}
    for path, template, _, _ in (done[i] for i in sorted(done)):
        if (target := urls.output_file(path)) in targets:
            errors.append(ContentError(str(templates / template), 0, 0,
                                       f"two pages would be written to {target}; ids must differ"))
        targets[target] = path
    if errors:
        raise ContentErrors(grouped(errors))
    keys.update((key, made) for _, _, key, made in done.values())
    return Rendered([done[i][0] for i in sorted(done)], keys)


def _page(page: Page, env: jinja2.Environment, common: dict[str, Any], keyed: _Keys, known: dict[str, Any],
          site: Writer, templates: Path) -> tuple[str, str, str, str]:
    """One page's key; its HTML rendered into `site` unless the site holds what the last build wrote for it."""
    target = urls.output_file(page.path)
    key = keyed(page)
    made = known.get(key)
    if made is None or not site.reuse(target, made):
        site.put(target, _html(env, page, common))
        made = site.listing[target].digest
    return page.path, page.template, key, made


def _output(write: Callable[[Writer], None], made: dict[str, str] | None, site: Writer) -> dict[str, str]:
    """Files that are not pages, by their digests: kept if made from the same inputs and still as written."""
    before = set(site.listing)
    if made is not None and all(site.reuse(rel, file) for rel, file in made.items()):
        return made
    write(site)
    return {rel: entry.digest for rel, entry in site.listing.items() if rel not in before}


def _html(env: jinja2.Environment, page: Page, common: dict[str, Any]) -> str:
    nav = [{"url": urls.ROOT + urls.page(key), "label": label, "current": key == page.section}
           for key, label in NAV]
    base = common["base_url"]
    where = "" if page.path == "404.html" else printing.address(base, page.path)  # 404: at any address
    context = {**common, "page": page, "nav": nav, "jsonld": "", "suggested": None, "alternates": (),
               **page.data,
               # the 404 page is served at any address: it has no canonical one
               "canonical": "" if page.path == "404.html" else
               urls.absolute(base, page.path) if base else urls.ROOT + page.path,
               "og_url": urls.absolute(base, page.path) if base and page.path != "404.html" else "",
               "og_type": OG_TYPES.get(page.template, "website"),
               # on paper: the page's own address, in its text and at the foot of every sheet
               "address": where, "page_style": printing.page_style(where)}
    html = env.get_template(page.template).render(context)
    if page.path == "404.html" and base and not common["overlay"]:
        # Served at any depth: only links from the root work from wherever it shows up (base_url's path; the dev
        # server, which serves the site at its root, makes them from there itself).
        return urls.from_root(html, base)
    return urls.relativize(html, page.path)


def _error(exc: Exception, page: Page, folders: list[Path]) -> ContentError:
    """A template mistake, pointing at the template file (the briefing's own or the built-in one) and line: Jinja's
    own errors, and what a template's code raised (a macro called with an argument it lacks, `1 // 0`). What this
    package's Python raised below the template is a bug, raised again."""
    templates = folders[0] if folders else Path()
    if isinstance(exc, urls.Unlinked):
        return _unlinked(exc, page, folders)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return ContentError(str(Path(exc.filename)) if exc.filename else str(templates / page.template),
                            exc.lineno or 0, 0, f"template syntax error: {exc.message}")
    return _raised(exc, page, folders)


def _raised(exc: Exception, page: Page, folders: list[Path]) -> ContentError:
    """What a template's code raised, at the template line the traceback passes through last."""
    templates = folders[0] if folders else Path()
    roots = tuple(str(f.resolve()) + os.sep for f in folders)
    frames = traceback.extract_tb(exc.__traceback__)
    places = [str(Path(f.filename).resolve()) if f.filename else "" for f in frames]  # each frame's file, resolved
    at = next((i for i in reversed(range(len(frames))) if places[i].startswith(roots)), None)
    if isinstance(exc, jinja2.TemplateNotFound):  # at the line that asked for it, if a template did
        return (ContentError(frames[at].filename, frames[at].lineno or 0, 0, f"template not found: {exc.name}")
                if at is not None else ContentError(str(templates / str(exc.name)), 0, 0, "template not found"))
    if not isinstance(exc, jinja2.TemplateError) and (at is None or any(
            place.startswith(_PACKAGE) for place in places[at + 1:])):
        raise exc
    file, line = (frames[at].filename, frames[at].lineno or 0) if at is not None else (templates / page.template, 0)
    return ContentError(str(file), line, 0, f"template error rendering {page.path or 'home'}: {exc}")


def _unlinked(exc: urls.Unlinked, page: Page, folders: list[Path]) -> ContentError:
    """A `{{ root }}` the build makes no link of, at the template line that writes it (the one line holding `root`
    and the address after it, the briefing's own templates first), else at the page's template."""
    target = re.split(r"[\s\"'>)]", str(exc).split("@/", 1)[-1], maxsplit=1)[0]
    for folder in folders:
        for file in sorted(folder.rglob("*.html")):
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
            if at := next((n for n, line in enumerate(lines, 1) if "root" in line and target in line), 0):
                return ContentError(str(file), at, 0, str(exc))
    return ContentError(str((folders[0] if folders else Path()) / page.template), 0, 0, str(exc))


_PACKAGE = str(Path(__file__).resolve().parent) + os.sep  # this package's Python (the theme's templates are in it too)


def _plain_escape(inner: Callable[[str], str]) -> Callable[[Any], str]:
    """What markupsafe.escape writes, as a plain string: a template's output is joined into text (or a
    Markup, in a macro) anyway, so a Markup for every `{{ value }}` would only cost time. Undefined fails alike."""
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
    """For page data that is a dict, `x.title` looks up the key first, without the failed
    attribute lookup (an exception each time) that Jinja tries before it."""

    template_class = _Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            if attribute in obj and attribute not in _DICT_ATTRIBUTES:
                return obj[attribute]
        else:  # a card's attribute, as Jinja looks it up first, without a second call
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))  # `d.items` is still the method, as in Jinja


def grouped(errors: list[ContentError]) -> list[ContentError]:
    """One error per template line: a mistake in base.html is not repeated for every page."""
    out = []
    for _, same in itertools.groupby(sorted(errors), key=lambda e: (e.file, e.line, e.column)):
        e, *more = same
        out.append(ContentError(e.file, e.line, e.column, f"{e.message} (and {len(more)} more pages)")
                   if more and e.line else e)
    return out


class _Keys:
    """Pages' keys: a digest of what every page is rendered from (`shared`) and of the page's data, pickled
    without pickle's memo, so that equal data gives equal bytes whether or not an object is met twice (a card made
    on one core, an equal copy on another). A dataclass is written as its class and field values, a Markup as
    its text: a quarter of the time pickle's own way takes (a state dict, field names and all, every time)."""

    def __init__(self, shared: str) -> None:
        self.shared = shared
        self.out = io.BytesIO()
        self.pickler = pickle.Pickler(self.out, protocol=5)
        self.pickler.fast = True
        self.pickler.dispatch_table = _Reducers()

    def __call__(self, page: Page) -> str:
        self.out.seek(0)
        self.out.truncate()
        self.pickler.dump((page.path, page.template, page.title, page.description, page.section, page.data))
        return MADE + digest(self.shared, self.out.getvalue())


class _Reducers(dict[type, Callable[[Any], tuple[Any, ...]]]):
    """How the keys' pickler writes a class of its own, found once per class."""

    def __missing__(self, cls: type) -> Callable[[Any], tuple[Any, ...]]:
        if cls is Markup:
            found = _text
        elif dataclasses.is_dataclass(cls) and "__slots__" not in vars(cls):
            found = _fields
        else:
            raise KeyError(cls)  # pickle's own way
        self[cls] = found
        return found


def _fields(obj: Any) -> tuple[Any, ...]:
    return type(obj), tuple(vars(obj).values())


def _text(obj: Markup) -> tuple[Any, ...]:
    return Markup, (str.__str__(obj),)
