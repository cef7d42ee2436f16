"""The only place that knows addresses. Templates and pages write site paths as `@/events/ID/`;
`relativize` makes them relative to the page, so the site works from file://, a sub-folder or a domain root."""
from __future__ import annotations

import re
from collections.abc import Callable
from html import escape as html_escape
from types import MappingProxyType
from urllib.parse import urlsplit

ROOT = "@/"
LINKING = ("href", "src", "action")  # the attributes whose values are links (`@/` ones the site's own)
_LINKING = tuple(f"{attribute}={quote}" for attribute in LINKING for quote in "\"'")  # an address's opening
# What an address may not hold as it is (RFC 3986): a quote or angle bracket would end its attribute.
_NOT_IN_ADDRESS = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')

SECTIONS = MappingProxyType({"event": "events", "person": "people", "theme": "themes", "article": "sources"})
_ANCHORS = MappingProxyType({"quote": "quotes/#q-", "claim": "claims/#c-"})  # items that are a part of a page


def page(kind: str, ident: str = "") -> str:
    """The site path of a page: '' for home, 'timeline/', 'events/ID/', ..."""
    if kind not in SECTIONS:
        return "" if kind == "home" else f"{kind}/"
    return f"{SECTIONS[kind]}/" + (f"{ident}/" if ident else "")


def item(kind: str, ident: str) -> str:
    """The site path (with fragment) where an item lives: quotes and claims are anchors."""
    return f"{_ANCHORS[kind]}{ident}" if kind in _ANCHORS else page(kind, ident)


def edition(name: str = "") -> str:
    """The site path of a recorded edition's page ('editions/2025-09-03/'), or of their list ('editions/')."""
    return f"editions/{name}/" if name else "editions/"


def paragraph(article: str, anchor: str) -> str:
    return f"sources/{article}/#{anchor}" if anchor else f"sources/{article}/"


def output_file(path: str) -> str:
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative(target: str, from_page: str) -> str:
    """`target` (a site path, maybe with ?query and #fragment) as seen from the page at `from_page`."""
    path, _, fragment = target.partition("#")
    if fragment and path == from_page:
        return "#" + fragment
    path, _, query = path.partition("?")
    return "../" * from_page.count("/") + output_file(path) + ("?" + query if query else "") + (
        "#" + fragment if fragment else "")


def relativize(html: str, from_page: str) -> str:
    """Rewrite every `@/` link in a rendered page relative to that page (`_links`)."""
    return _links(html, lambda target: relative(target, from_page))


def from_root(html: str, base_url: str) -> str:
    """Every `@/` link of a page served at any address (the page not found) from the root of the host serving it:
    base_url's path ("/research/briefing/static/style.css"), so that a staging copy or a mirror under the same
    path works too, not only the host base_url names."""
    base = html_escape(urlsplit(base_url).path or "/")  # checked (base_url_problem), and escaped all the same
    return _links(html, lambda target: base + target)


def _links(html: str, made: Callable[[str], str]) -> str:
    """Every `@/` link of a page as `made` makes it, each distinct one made once: in an href, src or action
    attribute, in double quotes (as the templates write them) or single. Raises Unlinked for one anywhere else in a
    tag, which would ship as "@/..." and lead nowhere; one in a page's text is its text."""
    parts = html.split(ROOT)
    done: dict[str, str] = {}  # this page's links: target -> as made
    out = [parts[0]]
    in_tag = False  # whether the text so far ends inside a tag: one pass, with the split
    for before, part in zip(parts, parts[1:]):
        lt, gt = before.rfind("<"), before.rfind(">")
        in_tag = lt > gt if lt != gt else in_tag
        end = part.find(before[-1]) if before.endswith(_LINKING) else -1  # up to the quote that closes it
        if end < 0:
            if in_tag:
                tag = before[max(0, lt):] + ROOT + part[:max(0, part.find(">") + 1)]
                raise Unlinked(f"“{tag[:80]}”: {{{{ root }}}} makes a link only in an href, src or action "
                               "attribute; write one address an attribute there (a meta tag's content wants "
                               "base_url's absolute one)")
            out += (ROOT, part)
            continue
        target = part[:end]
        if (link := done.get(target)) is None:
            link = done[target] = made(target)
        out += (link, part[end:])
    return "".join(out)


class Unlinked(ValueError):
    """A template wrote `{{ root }}` where the build makes no link of it."""


def absolute(base_url: str | None, target: str) -> str:
    """A permalink: absolute under base_url when set, else the site path itself."""
    return (base_url or "") + target


def base_url_problem(url: str) -> str:
    """Why `url` cannot be the address a site is published at, or ''."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # an unclosed [ of an IPv6 address, a port that is no number
        host = None
    if not url.lower().startswith(("http://", "https://")) or not host:  # a scheme is any case: HTTPS:// too
        return "is not an absolute http(s) URL like https://example.org/briefing/"
    if parts.username is not None or parts.password is not None:
        return "holds a user name or password, which every page would publish in its links: leave it out"
    if (odd := _NOT_IN_ADDRESS.search(url)):
        return f"holds {odd[0]!r}, which an address may not: write it %-encoded"
    if parts.query or parts.fragment:
        return "has a ?query or #fragment, and each page's address is added to its end"
    if re.search(r"\.(?:html?|php|aspx?)$", parts.path, re.IGNORECASE):
        return "names a page (index.html); give the folder the site is published at, like https://example.org/briefing/"
    return ""
