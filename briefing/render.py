"""Jinja2 with autoescape and StrictUndefined; template mistakes point at the template line."""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2

from . import urls
from .errors import ContentError, ContentErrors
from .views import NAV, Page


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_pages(pages: list[Page], templates: Path, common: dict[str, Any]) -> dict[str, str]:
    """Render every page to HTML with relative links; {output file: html}."""
    if not templates.is_dir():
        raise ContentErrors([ContentError(str(templates), 0, 0, "templates folder not found; pass --templates DIR")])
    env = environment(templates)
    out: dict[str, str] = {}
    errors: list[ContentError] = []
    for page in pages:
        nav = [{"url": urls.ROOT + urls.page(key), "label": label, "current": key == page.section}
               for key, label in NAV]
        context = {**common, "page": page, "nav": nav, **page.data,
                   "canonical": urls.absolute(common["base_url"], page.path)
                   if common["base_url"] and page.path != "404.html" else ""}
        try:
            html = env.get_template(page.template).render(context)
        except jinja2.TemplateNotFound as exc:
            errors.append(ContentError(str(templates / str(exc.name)), 0, 0, "template not found"))
            continue
        except jinja2.TemplateSyntaxError as exc:
            errors.append(ContentError(_shown(exc.filename, templates, page.template), exc.lineno or 0, 0,
                                       f"template syntax error: {exc.message}"))
            continue
        except jinja2.TemplateError as exc:
            file, line = _template_frame(exc, templates, page.template)
            errors.append(ContentError(file, line, 0, f"template error rendering {page.path or 'home'}: {exc}"))
            continue
        target = urls.output_file(page.path)
        if target in out:
            errors.append(ContentError(str(templates / page.template), 0, 0,
                                       f"two pages would be written to {target}; ids must differ"))
            continue
        if page.path == "404.html" and common["base_url"]:
            # Served at any depth: only absolute links work from wherever it shows up.
            out[target] = urls.absolutize(html, common["base_url"])
        else:
            out[target] = urls.relativize(html, page.path)
    if errors:
        raise ContentErrors(errors)
    return out


def _shown(filename: str | None, templates: Path, fallback: str) -> str:
    return str(Path(filename)) if filename else str(templates / fallback)


def _template_frame(exc: BaseException, templates: Path, fallback: str) -> tuple[str, int]:
    root = str(templates.resolve())
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and str(Path(frame.filename).resolve()).startswith(root):
            return frame.filename, frame.lineno or 0
    return str(templates / fallback), 0
