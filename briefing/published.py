"""content/published.txt: every address the site has published, pages and the anchors analysts cite (a quote's, a
claim's, an article's paragraphs), so that no cited link breaks unnoticed. The build fails on a listed address it
no longer writes, as a page, a redirect or an anchor (a former id's included); --accept-new-urls adds."""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from . import urls
from .errors import ContentError, ContentErrors, counted, merge_conflict, where

if TYPE_CHECKING:
    from .resolve import Resolved

FILE = "published.txt"
HEADER = """\
# Every address this briefing has published, one per line, from the site root (/ is the home page),
# and the anchors analysts cite: /quotes/#q-ID, /claims/#c-ID, each paragraph /sources/ID/#pN.
# The build fails when it would no longer write one of them, as a page, a redirect or an anchor,
# so that no link a reader saved or cited ever breaks. Renamed an id, or merged a quote or claim
# into another? Add the old id to the former_ids of the item that has its place now, and the
# build writes a redirect (or keeps the anchor) at the old address.
# `briefing build --accept-new-urls` adds new addresses here; it never removes one. To retire
# an address on purpose, delete its line. Lines starting with # are comments.
"""

# The pages every briefing has, as pages.makers lists them (the 404 page aside: nothing links to it).
_FIXED = ("", "timeline/", "people/", "themes/", "sources/", "quotes/", "claims/", "search/", "changes/")
_ANCHORED = ("quote", "claim")  # the kinds that live at an anchor of a page (urls.item), kept like pages
_ADDRESS = re.compile(r"^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*(?:#[a-z0-9]+(?:-[a-z0-9]+)*)?$")
_ITEM_PAGE = re.compile(r"^/([a-z]+)/([^/]+)/$")
_PARAGRAPH = re.compile(r"^p([0-9]+)$")  # articles.Block.anchor of a numbered paragraph
_KIND_OF_SECTION = MappingProxyType({section: kind for kind, section in urls.SECTIONS.items()})
_RETIRE = "to retire the address on purpose, delete this line"
_KEPT = (f"the list keeps the anchors of quotes (/{urls.item('quote', 'ID')}), claims (/{urls.item('claim', 'ID')}) "
         f"and paragraphs (/{urls.paragraph('ID', 'pN')}) only")


def addresses(r: Resolved) -> set[str]:
    """Every address a build of `r` writes, as `/events/ID/`: pages, the anchors analysts cite (`/quotes/#q-ID`,
    `/claims/#c-ID`, `/sources/ID/#pN`), and both again at former ids, which keep working as redirects or anchors."""
    found = set(_FIXED)
    if r.content.editions:  # each edition as it stood, and their list
        found.update((urls.edition(), *(urls.edition(e.name) for e in r.content.editions)))
    for shown, ident in (*((i, i) for i in r.kind_of), *r.redirects.items()):  # (the id in the address, the item)
        kind = r.kind_of[ident]
        if kind in urls.SECTIONS:
            found.add(urls.page(kind, shown))
        elif kind in _ANCHORED:
            found.add(urls.item(kind, shown))
        if kind == "article":  # a redirect leads to the article whole, and a cited #pN to its top at worst
            anchors = (b.anchor for b in r.blocks.get(ident, ()))
            found.update(urls.paragraph(shown, a) for a in anchors if a.startswith("p"))
    return {"/" + address for address in found}


def _order(address: str) -> tuple[str, str]:
    """Where an address sorts: as written, but for a page's anchors, #p2 before #p10."""
    path, _, anchor = address.partition("#")
    return path, re.sub(r"[0-9]+", lambda m: m[0].zfill(12), anchor)


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
        return sorted(self.written - self.listed, key=_order)

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
                    while pending and _order(pending[-1]) < _order(address):
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
    if conflict := merge_conflict(text, shown):
        raise ContentErrors([conflict])
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
    """What is wrong with a line, and the address it was likely meant to be: slashes are the usual slip."""
    path, hash_, anchor = line.partition("#")
    fixed = "/" + (f"{path.strip('/')}/" if path.strip("/") else "") + hash_ + anchor
    hint = f"did you mean '{fixed}'?" if _ADDRESS.match(fixed) else "write one address per line, like /events/ID/"
    return (f"'{line}' is not an address of this site: addresses start and end with / (an anchor follows it, like "
            f"/{urls.item('quote', 'ID')}) and hold lowercase letters, digits and hyphens; {hint} (comment lines start "
            "with #)")


def _lost(r: Resolved, address: str) -> str:
    """Why a listed address is gone, as far as the content tells, and what to do about it."""
    head = f"{address} was published but this build no longer writes it"
    for anchored in _ANCHORED:
        if address.startswith(prefix := "/" + urls.item(anchored, "")):
            return _gone(r, head, anchored, address.removeprefix(prefix), anchor=True)
    path, _, anchor = address.partition("#")
    if (edition := re.fullmatch(r"/editions/([^/]+)/", path)) and not anchor:  # its page is made from its file
        return (f"{head}: no edition '{edition[1]}' is recorded now; restore its file, "
                f"content/editions/{edition[1]}.json, or {_RETIRE}")
    match = _ITEM_PAGE.match(path)
    if match is None or (kind := _KIND_OF_SECTION.get(match[1])) is None:
        return f"{head}; {_KEPT}; {_RETIRE}" if anchor else f"{head}; {_RETIRE}"
    if r.kind_of.get(ident := r.redirects.get(match[2], match[2])) != kind:
        return _gone(r, head, kind, match[2], anchor=False)
    if kind == "article" and (paragraph := _PARAGRAPH.match(anchor)):
        return _lost_paragraph(r, head, ident, int(paragraph[1]))
    return f"{head}; {_KEPT}; {_RETIRE}"


def _gone(r: Resolved, head: str, kind: str, old: str, anchor: bool) -> str:
    """An item's page or anchor lost with the item's id: a draft now, or renamed without a former id."""
    if old in r.content.drafts:
        return f"{head}: the {kind} '{old}' is a draft now; publish it (remove draft: true), or {_RETIRE}"
    close = difflib.get_close_matches(old, sorted(i for i, k in r.kind_of.items() if k == kind), n=1, cutoff=0.6)
    perhaps = f" (perhaps '{close[0]}')" if close else ""
    if anchor:
        return (f"{head}: no {kind} has the id '{old}' now. If it was renamed, retired or merged into another, add "
                f"'{old}' to the former_ids of the {kind} that replaces it{perhaps} and its page keeps this anchor; "
                f"{_RETIRE}")
    return (f"{head}: no {kind} has the id '{old}' now. If it was renamed, add '{old}' to the former_ids of "
            f"the renamed {kind}{perhaps} and the build writes a redirect here; {_RETIRE}")


def _lost_paragraph(r: Resolved, head: str, article: str, number: int) -> str:
    """A paragraph anchor lost: the article's text has fewer numbered paragraphs than it had."""
    now = sum(1 for b in r.blocks[article] if b.anchor.startswith("p"))
    return (f"{head}: the text of the article '{article}' lost paragraph {number} (it has "
            f"{counted(now, 'numbered paragraph')} now, and removing or merging one renumbers those after it); "
            f"restore the paragraph in {r.by_id[article].file}, or {_RETIRE}")


def _write(file: Path, text: str) -> None:
    """Replace the list whole: cut short by an interrupted write, it would drop addresses unnoticed."""
    partial = file.with_name(f".{file.name}.partial")
    partial.write_text(text, encoding="utf-8", newline="")
    os.replace(partial, file)
