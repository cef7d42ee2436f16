"""The home page: the briefing's front page, its key judgments, the latest events, what to watch, and the
themes, people and sources at a glance (a few of each, the rest one click away). Ready-made data, as pages.py
makes it."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .cards import Cards
from .edition_notes import latest as latest_edition
from .errors import counted
from .grades import confidence_legend
from .model import CLAIM_STATUSES, Claim, Event, Quote, newest_first
from .pages import Page, _page, people_groups, to_come

_LATEST = 6  # the home page's latest events at most, and its recent events dated no closer than the year
_PEOPLE = 24  # the home page's people at most, those in the most events and quotes: the others one click away
_SOURCES = 12  # the home page's sources at most: the others are one click away, and the page prints on one sheet


def home(cards: Cards) -> Page:
    c, r, s = cards.c, cards.r, cards.c.site
    happened, ahead, undated = _home_events(cards.events, s.as_of.earliest())
    return _page(
        cards, "", "home.html", s.title, s.description, "home",
        subtitle=s.subtitle, judgments=_judgments(cards), edition=latest_edition(r),
        confidence_legend=confidence_legend(s.confidence),
        latest=[cards.event_card(e) for e in happened], ahead=[cards.event_card(e) for e in ahead],
        undated=[cards.event_card(e) for e in undated], people=people_groups(cards, _PEOPLE),
        all_people=counted(len(c.people), "person", "people") if len(c.people) > _PEOPLE else "",
        themes=[{"url": cards.url(t.id), "label": r.name(t.id),
                 "count": counted(len(r.events_of.get(t.id, [])), "event")} for t in c.themes],
        sources=[cards.article_card(a) for a in newest_first(c.articles)[:_SOURCES]],
        all_sources=counted(len(c.articles), "source") if len(c.articles) > _SOURCES else "",
        suggestions=[cards.link(ident) for ident in c.shown_drafts],
        waiting=f"{counted(len(c.shown_drafts), 'suggestion')} waiting",
        counts=(f"Built from {counted(len(c.articles), 'source article')}: {counted(len(cards.events), 'event')}, "
                f"{counted(len(c.people), 'person', 'people')}, {_quotes(c.quotes)} and "
                f"{counted(len(c.claims), 'point')} where the sources differ{_settled(c.claims)}."))


def _home_events(events: list[Event], as_of: dt.date) -> tuple[list[Event], list[Event], list[Event]]:
    """The home page's events: the latest that happened, dated at least to the month, by their latest possible day
    (an event still open first); those expected that may still come, soonest first (one whose date has passed is
    no longer to watch: the editors have to say what became of it); and the recent ones the sources date no
    closer than a year (not passed off as the latest), latest first too: within a year of `as_of`, or perhaps as
    late as the latest shown (a briefing of old events, read years after, still shows its newest)."""
    newest = sorted((e for e in events if e.status != "expected"), reverse=True,
                    key=lambda e: ((e.end or e.date).latest(), e.date.sort_key()[0], e.id))
    happened = [e for e in newest if e.date.precision in ("day", "month")][:_LATEST]
    since = min([as_of - dt.timedelta(days=365), *(e.date.sort_key()[0] for e in happened[-1:])])
    vague = [e for e in newest if e.end is None and e.date.precision in ("year", "decade") and e.date.latest() >= since]
    return happened, [e for e in events if to_come(e, as_of)], vague[:_LATEST]


def _quotes(quotes: tuple[Quote, ...]) -> str:
    """The quotes, and the paraphrases apart: the articles' words reporting what someone said are not quotes."""
    reported = sum(q.paraphrase for q in quotes)
    paraphrases = f", {counted(reported, 'paraphrase')}" if reported else ""
    return counted(len(quotes) - reported, "verified quote") + paraphrases


def _settled(claims: tuple[Claim, ...]) -> str:
    """The points no longer open, so that they are not counted as open ones: ' (1 settled)'."""
    closed = [counted(n, status, status) for status in CLAIM_STATUSES if status != "open"
              and (n := sum(1 for claim in claims if claim.status == status))]
    return f" ({' and '.join(closed)})" if closed else ""


def _judgments(cards: Cards) -> list[dict[str, Any]]:
    """The key judgments as the home page prints them, each with the editors' confidence in words, if stated."""
    return [{"text": cards.md_inline(k), "confidence": f"{level.capitalize()} confidence" if level else ""}
            for k, level in cards.c.site.judged()]
