"""The build, top to bottom: load -> validate -> resolve -> render -> write."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from . import outputs, urls
from .errors import ContentError, ContentErrors
from .loader import COLLECTIONS, load_content
from .render import render_pages
from .resolve import Resolved, resolve
from .schema import Checker
from .views import Views
from .write import write_site


@dataclass(frozen=True)
class Paths:
    content: Path
    seeds: Path
    templates: Path
    static: Path
    out: Path
    root: Path  # file names in messages are shown relative to this


@dataclass(frozen=True)
class Result:
    pages: int
    files: int
    counts: dict[str, int]


def validate(paths: Paths, drafts: bool = False, base_url: str | None = None) -> Resolved:
    """Load, validate and resolve the briefing; raise ContentErrors with every problem found."""
    loaded = load_content(paths.content, paths.root)
    checker = Checker(drafts_included=drafts)
    site = checker.site(loaded.site, loaded.site_file) if loaded.site is not None else None
    items = {c: [x for raw in loaded.items[c] if (x := checker.item(raw)) is not None] for c in COLLECTIONS}
    errors: list[ContentError] = loaded.errors + checker.errors
    if errors or site is None:
        raise ContentErrors(errors)
    if base_url is not None:
        site = dataclasses.replace(site, base_url=base_url.rstrip("/") + "/")
    content = checker.content(site, items)
    return resolve(content, paths.seeds, _shown(paths.seeds, paths.root))


def build(paths: Paths, drafts: bool = False, base_url: str | None = None) -> Result:
    """Build the whole site into `paths.out`, or raise ContentErrors and leave it untouched."""
    resolved = validate(paths, drafts, base_url)
    pages = Views(resolved).all()
    common = {"site": resolved.content.site, "base_url": resolved.content.site.base_url,
              "as_of": resolved.content.site.as_of.label(), "root": urls.ROOT}
    html = render_pages(pages, paths.templates, common)
    extra = outputs.files(resolved, [p.path for p in pages])
    files: dict[str, str | bytes] = {**html, **extra}
    count = write_site(files, paths.static, paths.out)
    c = resolved.content
    counts = {"articles": len(c.articles), "people": len(c.people), "themes": len(c.themes),
              "events": len(c.events), "quotes": len(c.quotes), "claims": len(c.claims)}
    return Result(len(html), count, counts)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


__all__ = ["Paths", "Result", "build", "validate", "ContentErrors"]
