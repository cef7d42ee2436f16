"""content/published.txt: every address the site has published, so that no cited link breaks unnoticed.
The build fails on a listed address it writes neither as a page nor as a redirect; --accept-new-urls adds."""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from . import urls
from .errors import ContentError, ContentErrors, where

if TYPE_CHECKING:
    from .resolve import Resolved

FILE = "published.txt"
HEADER = """\
# Every address this briefing has published, one per line, from the site root (/ is the home page).
# The build fails when it would no longer write one of them, as a page or as a redirect, so that
# no link a reader saved or cited ever breaks. Renamed an id? Add the old one to the item's
# former_ids and the build writes a redirect at the old address.
# `python build.py --accept-new-urls` adds new addresses here; it never removes one. To retire
# an address on purpose, delete its line. Lines starting with # are comments.
"""

# The pages every briefing has, as pages.makers lists them (the 404 page aside: nothing links to it).
_FIXED = ("", "timeline/", "people/", "themes/", "sources/", "quotes/", "claims/", "search/")
_ADDRESS = re.compile(r"^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*$")
_ITEM_PAGE = re.compile(r"^/([a-z]+)/([^/]+)/$")
_KIND_OF_SECTION = MappingProxyType({section: kind for kind, section in urls.SECTIONS.items()})
_RETIRE = "to retire the address on purpose, delete this line"


def addresses(r: Resolved) -> set[str]:
    """Every address a build of `r` writes a page at, redirects included, as `/events/ID/`."""
    pages = {urls.page(kind, ident) for ident, kind in r.kind_of.items() if kind in urls.SECTIONS}
    moved = {urls.page(r.kind_of[new], old) for old, new in r.redirects.items() if r.kind_of[new] in urls.SECTIONS}
    return {"/" + path for path in (*_FIXED, *pages, *moved)}


@dataclass(frozen=True)
class Ledger:
    """The list as committed, and the addresses this build writes."""

    file: Path
    shown: str  # the file's name in messages
    text: str | None  # None: there is no list yet, so nothing was checked
    listed: frozenset[str]
    written: frozenset[str]

    @property
    def new(self) -> list[str]:
        return sorted(self.written - self.listed)

    def record(self) -> list[str]:
        """Add the new addresses, each in its sorted place, and return them; every line there stays as written."""
        new = self.new
        if self.text is None:
            _write(self.file, HEADER + "".join(f"{a}\n" for a in new))
        elif new:
            eol = "\r\n" if "\r\n" in self.text else "\n"
            pending = list(reversed(new))
            out: list[str] = []
            for line in self.text.splitlines():
                address = line.strip()
                if address and not address.startswith("#"):
                    while pending and pending[-1] < address:
                        out.append(pending.pop())
                out.append(line)
            out.extend(reversed(pending))
            _write(self.file, eol.join(out) + eol)
        return new


def check(r: Resolved, content: Path, root: Path) -> Ledger:
    """Raise ContentErrors for each line of `content/published.txt` this build would not write, or malformed.
    Without the file nothing is checked: the briefing has published nothing yet."""
    file = content / FILE
    shown = where(file, root)
    written = frozenset(addresses(r))
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return Ledger(file, shown, None, frozenset(), written)
    except OSError as exc:
        raise ContentErrors([ContentError(shown, 0, 0, f"cannot read the list of published addresses: "
                                                        f"{exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = raw.count(b"\n", 0, exc.start) + 1
        raise ContentErrors([ContentError(shown, at, 0, f"not UTF-8 text (byte {exc.start}); "
                                                        "save the file as UTF-8")]) from None
    errors: list[ContentError] = []
    listed: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        address = line.strip()
        if not address or address.startswith("#"):
            continue
        if not _ADDRESS.match(address):
            errors.append(ContentError(shown, number, 0, _malformed(address)))
        elif address not in written:
            errors.append(ContentError(shown, number, 0, _lost(r, address)))
        listed.add(address)
    if errors:
        raise ContentErrors(errors)
    return Ledger(file, shown, text, frozenset(listed), written)


def _malformed(line: str) -> str:
    fixed = "/" + line.strip("/") + "/"
    hint = f"did you mean '{fixed}'?" if _ADDRESS.match(fixed) else "write one address per line, like /events/ID/"
    return (f"'{line}' is not an address of this site: addresses start and end with / and hold lowercase "
            f"letters, digits and hyphens; {hint} (comment lines start with #)")


def _lost(r: Resolved, address: str) -> str:
    """Why a listed address is gone, as far as the content tells, and what to do about it."""
    head = f"{address} was published but this build no longer writes it"
    match = _ITEM_PAGE.match(address)
    if match is None or (kind := _KIND_OF_SECTION.get(match[1])) is None:
        return f"{head}; {_RETIRE}"
    old = match[2]
    if old in r.content.drafts:
        return f"{head}: the {kind} '{old}' is a draft now; publish it (remove draft: true), or {_RETIRE}"
    close = difflib.get_close_matches(old, sorted(i for i, k in r.kind_of.items() if k == kind), n=1, cutoff=0.6)
    renamed = f"the renamed {kind}" + (f" (perhaps '{close[0]}')" if close else "")
    return (f"{head}: no {kind} has the id '{old}' now. If it was renamed, add '{old}' to the former_ids of "
            f"{renamed} and the build writes a redirect here; {_RETIRE}")


def _write(file: Path, text: str) -> None:
    """Replace the list whole: cut short by an interrupted write, it would drop addresses unnoticed."""
    partial = file.with_name(f".{file.name}.partial")
    partial.write_text(text, encoding="utf-8", newline="")
    os.replace(partial, file)
