"""What a page prints besides what it shows: its permanent address in every sheet's footer, and long lists cut
short on paper with the address of the whole. Ready-made for templates, which only place it."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from . import urls

MENTIONS = 3  # the mentions a printed person page lists before "and N more"
# the latest events a printed person page gives with their summaries; earlier ones by date and title: a handout
# gives the latest in full and the earlier ones a line each, so that a leader's page stays a few sheets
SUMMARISED = 4
QUOTES = 4  # the quotes (and the reported sayings) a printed person page gives before "and N more"


@dataclass(frozen=True)
class Capped:
    """A list as printed: its first `shown` items, then `more` ("and 21 more mentions: ADDRESS"), '' when all fit."""

    shown: int
    more: str


def address(base_url: str | None, path: str) -> str:
    """A page's permanent address as paper gives it: absolute under base_url; without one, the page's path in
    the site ('people/ID/'), the home page's as '/'."""
    return urls.absolute(base_url, path) if base_url else (path or "/")


def capped(count: int, noun: str, plural: str, base_url: str | None, target: str, keep: int = MENTIONS) -> Capped:
    """`count` items of which paper shows `keep`, then how many more there are and where (`target`, a site path)."""
    if count <= keep:
        return Capped(count, "")
    more = count - keep
    return Capped(keep, f"And {more} more {noun if more == 1 else plural}: {address(base_url, target)}")


def page_style(where: str) -> Markup:
    """The page's own rule for paper: its address `where` at the foot of every sheet (a CSS @page margin box,
    which static/style.css styles), as a CSS string that cannot end the string or the <style> element."""
    return Markup('@page { @bottom-left { content: "%s"; } }') % _css_string(where) if where else Markup("")


def _css_string(text: str) -> Markup:
    escaped = "".join(c if c.isalnum() or c in "/:.-_~%?=&+#@!$,;()*" else f"\\{ord(c):x} " for c in text)
    return Markup(escaped)  # `&` stays `&`: inside <style> no character reference is read
