"""The only place that knows addresses.

Templates and views write site paths as `@/events/ID/`; `relativize` turns them into
links relative to the page (`../../events/ID/index.html`) as the last step, so the
site works from file://, a sub-folder, or a domain root.
"""
from __future__ import annotations

import re

ROOT = "@/"
_LINK = re.compile(r'(href|src|action)="@/([^"#]*)(#[^"]*)?"')

SECTIONS = {"event": "events", "person": "people", "theme": "themes", "article": "sources"}


def page(kind: str, ident: str = "") -> str:
    """The site path of a page: '' for home, 'timeline/', 'events/ID/', ..."""
    if kind == "home":
        return ""
    if kind in SECTIONS:
        return f"{SECTIONS[kind]}/{ident}/" if ident else f"{SECTIONS[kind]}/"
    return f"{kind}/"


def item(kind: str, ident: str) -> str:
    """The site path (with fragment) where an item lives: quotes and claims are anchors."""
    if kind == "quote":
        return f"quotes/#q-{ident}"
    if kind == "claim":
        return f"claims/#c-{ident}"
    return page(kind, ident)


def paragraph(article: str, anchor: str) -> str:
    return f"sources/{article}/#{anchor}" if anchor else f"sources/{article}/"


def output_file(path: str) -> str:
    """The file a site path is written to."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative(target: str, from_page: str) -> str:
    """`target` (a site path, maybe with #fragment) as seen from the page at `from_page`."""
    path, _, fragment = target.partition("#")
    frag = f"#{fragment}" if fragment else ""
    if path == from_page and frag:
        return frag
    return "../" * from_page.count("/") + output_file(path) + frag


def relativize(html: str, from_page: str) -> str:
    """Rewrite every `@/` link in a rendered page relative to that page.

    What `relative` does for each link, done by the regex engine (a page has
    dozens of links, a large briefing thousands of pages).
    """
    for attr in ("href", "src", "action"):  # a fragment of this very page: the fragment alone
        html = html.replace(f'{attr}="{ROOT}{from_page}#', f'{attr}="#')
    up = "../" * from_page.count("/")
    html = _FOLDER_LINK.sub(rf'\1="{up}\2index.html\3"', html)
    return _FILE_LINK.sub(rf'\1="{up}\2\3"', html)


_FOLDER_LINK = re.compile(r'(href|src|action)="@/((?:[^"#]*/)?)(#[^"]*)?"')  # a page: its index.html
_FILE_LINK = re.compile(r'(href|src|action)="@/([^"#]*[^"#/])(#[^"]*)?"')


def absolutize(html: str, base_url: str) -> str:
    """Rewrite every `@/` link in a rendered page to an absolute address under base_url."""
    return _LINK.sub(lambda m: f'{m[1]}="{base_url}{m[2]}{m[3] or ""}"', html)


def absolute(base_url: str | None, target: str) -> str:
    """A permalink: absolute under base_url when set, else the site path itself."""
    return (base_url or "") + target
