"""Frozen dataclasses for the content, each carrying where it was written."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from .dates import VagueDate

if TYPE_CHECKING:
    from .editions import Edition

# The kinds of person, in the order pages list them, each with its heading.
PERSON_KINDS = MappingProxyType({"leader": "Leaders", "official": "Officials", "analyst": "Analysts",
                                 "other": "Others"})
# Each collection and the kind of item it holds: the one place this is written.
KINDS = MappingProxyType({"articles": "article", "people": "person", "themes": "theme", "events": "event",
                          "quotes": "quote", "claims": "claim"})
# What became of a claim's question, each with its tag on the claims page and the label of its resolution.
CLAIM_STATUSES = MappingProxyType({"open": ("", ""), "settled": ("Settled", "What settles it"),
                                   "superseded": ("Superseded", "What overtook it")})
# The Admiralty scale (NATO AJP-2.1), the editors' grades, never guessed: an article's reliability as a source,
# and the credibility of one statement's information. The one place their meanings are written.
RELIABILITY = MappingProxyType({"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
                                "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"})
CREDIBILITY = MappingProxyType({"1": "confirmed by other sources", "2": "probably true", "3": "possibly true",
                                "4": "doubtful", "5": "improbable", "6": "truth cannot be judged"})
# The editors' confidence in a key judgment: the three levels of analytic confidence of the US Intelligence
# Community's ICD 203 (Analytic Standards), as its products define them. Confidence is not likelihood.
CONFIDENCE = MappingProxyType({
    "low": "information scant, fragmentary or of uncertain credibility",
    "moderate": "credibly sourced and plausible, but not of sufficient quality or corroboration for high",
    "high": "well-founded judgment on high-quality, consistent information from several sources"})
COLLECTION_OF = MappingProxyType({kind: collection for collection, kind in KINDS.items()})


@dataclass(frozen=True)
class Loc:
    file: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Citation:
    article: str
    paragraph: int | None
    excerpt: str | None
    path: str  # e.g. "events[3].sources[0]", for messages
    excerpt_loc: Loc
    paragraph_loc: Loc


@dataclass(frozen=True)
class Site:
    title: str
    subtitle: str
    description: str
    language: str
    as_of: VagueDate
    base_url: str | None
    key_judgments: tuple[str, ...]
    loc: Loc
    publisher: str = ""  # who publishes the briefing, as its citations name it (the title when unset)
    citation_style: str = "chicago-author-date"  # a key of citations.STYLES
    confidence: tuple[str, ...] = ()  # each key judgment's, a key of CONFIDENCE or "" (none stated)

    def judged(self) -> tuple[tuple[str, str], ...]:
        """Each key judgment with the editors' confidence in it, "" where they state none."""
        return tuple(zip(self.key_judgments, self.confidence or ("",) * len(self.key_judgments)))


@dataclass(frozen=True)
class Article:
    id: str
    file: str
    title: str
    outlet: str
    author: str | None
    published: VagueDate | None
    url: str | None
    summary: str
    former_ids: tuple[str, ...]
    loc: Loc
    file_loc: Loc
    archived_url: str | None = None  # a copy of `url` in a web archive
    reliability: str | None = None  # the source's grade, a key of RELIABILITY
    language: str | None = None  # its text's (BCP 47), where it is not the site's


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    role: str
    country: str
    affiliation: str | None
    summary: str
    former_ids: tuple[str, ...]
    loc: Loc


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    summary: str
    former_ids: tuple[str, ...]
    loc: Loc


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    date: VagueDate
    end: VagueDate | None
    location: str | None
    people: tuple[str, ...]
    themes: tuple[str, ...]
    summary: str
    sources: tuple[Citation, ...]
    status: str
    former_ids: tuple[str, ...]
    loc: Loc


def known(value: str | None) -> str:
    """A person's role or country as pages show it: `unknown`, the placeholder written where the text does not say
    (by an editor, or by `accept`), shown as nothing, never as if it were a role ("Jane Roe, unknown")."""
    return "" if value is None or value == "unknown" else value


def chronological(events: Iterable[Event]) -> list[Event]:
    """Events in time order, the one rule for every list of them: earliest possible day, latest (of its end, for a
    span), id (an open start by its end: `VagueDate.sort_key`)."""
    return sorted(events, key=lambda e: (e.date.sort_key()[0], (e.end or e.date).sort_key()[1], e.id))


def text_language(a: Article, site: Site) -> str:
    """The language an article's text is in: its own, else the briefing's."""
    return a.language or site.language


def newest_first(articles: tuple[Article, ...]) -> list[Article]:
    """The sources as lists give them: by their latest possible day, newest first (as the editors list them where
    two are alike); those of unknown date last."""
    dated = sorted(((a.published.latest(), a.published.sort_key()[0], a) for a in articles if a.published),
                   key=lambda x: x[:2], reverse=True)
    return [a for *_, a in dated] + [a for a in articles if not a.published]


@dataclass(frozen=True)
class Quote:
    id: str
    speaker: str
    text: str
    source: Citation
    events: tuple[str, ...]
    themes: tuple[str, ...]
    context: str | None
    former_ids: tuple[str, ...]
    loc: Loc
    text_loc: Loc
    derived_id: bool = False  # the id was made from speaker and first words, not written
    paraphrase: bool = False  # `text` is the article's sentence reporting what the speaker said, not their words


def quote_name(speaker: str, text: str, paraphrase: bool) -> str:
    """A quote as lists, links and messages name it: its speaker and first words, in quotation marks unless they are
    the article's words reporting what the speaker said (a paraphrase is never put in the speaker's mouth)."""
    words = text.split()
    start = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return f"{speaker}, reported: {start}" if paraphrase else f"{speaker}: “{start}”"


@dataclass(frozen=True)
class Statement:
    source: Citation
    says: str
    loc: Loc
    credibility: str | None = None  # the information's grade, a key of CREDIBILITY


@dataclass(frozen=True)
class Claim:
    id: str
    question: str
    statements: tuple[Statement, ...]
    note: str
    former_ids: tuple[str, ...]
    loc: Loc
    status: str = "open"  # a key of CLAIM_STATUSES
    resolution: str = ""  # Markdown: what settled the question, or what overtook it


@dataclass(frozen=True)
class Ref:
    """One place an id is referenced, so an unknown id is reported where it was written."""

    id: str
    kind: str  # "person", "theme", "event", "article", or "item" for [[links]]
    loc: Loc
    path: str  # e.g. "events[7].people[2]"
    owner: str  # the id of the item holding the reference


@dataclass(frozen=True)
class Content:
    """Everything the editors wrote, validated, drafts already left out."""

    site: Site
    articles: tuple[Article, ...]
    people: tuple[Person, ...]
    themes: tuple[Theme, ...]
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    refs: tuple[Ref, ...]
    drafts: frozenset[str]
    broken: frozenset[str] = frozenset()  # ids (and kinds, for unreadable files) already reported as invalid
    shown_drafts: Mapping[str, Citation | None] = field(default_factory=dict)  # with --drafts: id -> found_in
    editions: tuple[Edition, ...] = ()  # recorded in content/editions/, oldest first
