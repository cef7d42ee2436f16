"""`briefing suggest [ARTICLE_ID...]`: what the articles hold that the content lacks, as drafts to accept.

Suggestions go to content/suggested/<collection>.yaml as items with `draft: true` and `found_in`
(article and paragraph), appended after what is there: the editors' own files are never rewritten,
and nothing is published until an editor accepts it. What counts as lacking is what `report` finds
(report.findings): names no person has, quotes attributed by name that no quote covers, and dates no
event is dated at. An id is made from the finding (a name; a speaker and the quote's first words; a
sentence's first words and its date), so the same finding gets
the same id from one run to the next; one the content has, that content/suggested/rejected.txt
lists, or that a recorded edition published (and the editors have since retired), is not offered again.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .loader import SUGGESTED
from .pipeline import Paths
from .disagreements import Disagreement, dates, disagreements
from .event_drafts import event_draft, event_fields
from .report import Finding, english, findings, speakers
from .folding import UPPER
from .speakers import ROLES, same_person
from .model import Article, Loc, Person
from .resolve import Resolved
from .errors import counted
from .scaffold import CannotAppend, append_all, scalar, slug
from .schema import written_quote_id
from .verbatim import comparable

_LEADERS = frozenset(("President", "Premier", "Prime Minister", "Leader", "Supreme Leader", "King", "Queen"))
# A draft's line that names items (not a text): speaker, source/found_in with their article, people, themes, events.
_NAMING_FIELD = re.compile(r"^\s*(?:-\s+)?(?:speaker|source|found_in|article|people|themes|events):")
_HONOURS = frozenset("Sir Dame Lord Lady Dr Mr Mrs Ms Miss".split())  # before a name, after the role
_ANALYSTS = re.compile(r"(?i)\b(?:professor|analyst|scholar|researcher|fellow|lecturer|expert|economist)\b")
_OFFICIALS = re.compile(r"(?i)\b(?:minister|secretary|ambassador|governor|senator|spokes\w+|official|envoy|deputy|"
                        r"general|director|adviser|advisor|chief|vice|chair\w*|mep|mp|judge|justice)\b")
# "X, a professor at Y," / "X, an analyst with the Y," / "X, the foreign minister," / "X, China's envoy,"
# (without "a", "the" or the like, only a description naming a role: "X, professor of politics at Y,")
_DESCRIBED = re.compile(rf",\s+(?:who is\s+)?(a\s+|an\s+|the\s+|[{UPPER}][\w-]*['’]s\s+)?"  # its determiner, if any
                        r"([A-Za-z][\w'’-]*(?:\s+[\w'’-]+){0,4}?)"  # the role
                        rf"(?:\s+(?:at|of|with|from)\s+(?:the\s+)?([{UPPER}][^,;“”\"]{{2,70}}?))?"  # where
                        r"\s*(?=[,;.]|$|\s+(?:said|says|told|who|and an?|and the)\b)")
HEADER = """\
# {collection} that `briefing suggest` found in the articles: drafts, not published.
# Accept one by moving it into content/{collection}.yaml (and deleting `draft: true`); reject one by
# deleting it and adding its id to content/suggested/rejected.txt, so that it is not suggested again.
"""


@dataclass
class Suggested:
    """The new drafts of one run, by collection: (id, its fields as YAML lines)."""

    people: dict[str, list[str]] = field(default_factory=dict)
    quotes: dict[str, list[str]] = field(default_factory=dict)  # paraphrases too
    events: dict[str, list[str]] = field(default_factory=dict)
    claims: dict[str, list[str]] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (another spelling, the person's id)
    names: dict[str, str] = field(default_factory=dict)  # a new person's id -> name
    unsure: dict[str, int] = field(default_factory=dict)  # a speaker's name several people have -> quotes left out
    distinct: frozenset[frozenset[str]] = frozenset()  # pairs of names an editor said are two people
    spellings: dict[str, list[str]] = field(default_factory=dict)  # a new person's id -> their other spellings


def main(articles: list[str], resolved: Resolved, paths: Paths, prog: str) -> int:
    """Write the suggestions for `articles` (all if none): 0, or 2 for an article id there is none of."""
    known = {a.id for a in resolved.content.articles}
    if unknown := [a for a in articles if a not in known]:
        print(f"{prog} suggest: no article {', '.join(repr(a) for a in unknown)}", file=sys.stderr)
        return 2
    turned_down = rejected(paths.content / SUGGESTED / "rejected.txt")
    chosen = [a for a in articles or sorted(known) if a not in resolved.blocks or english(resolved.blocks[a])]
    for ident in sorted(set(articles or known) - set(chosen)):
        print(f"skipped article '{ident}': not in English, the language `suggest` reads")
    # an item a recorded edition published and the content no longer has was retired: not a finding to offer again;
    # nor one under an id it had before (a draft accepted, then renamed)
    published = {ident for edition in resolved.content.editions for entry in edition.snapshot.items.values()
                 for ident in (entry.id, *entry.former_ids)}
    made = suggestions(resolved, chosen, {*resolved.kind_of, *resolved.redirects} | turned_down | published,
                       distinct(paths.content))
    for collection, items in (("people", made.people), ("quotes", made.quotes), ("events", made.events),
                              ("claims", made.claims)):
        if items:
            target = paths.content / SUGGESTED / f"{collection}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.write_text(HEADER.format(collection=collection), encoding="utf-8")
            try:
                append_all(target, list(items.items()))
            except CannotAppend as exc:
                print(f"{prog} suggest: {exc}", file=sys.stderr)
                return 1
    print("\n".join(_said(made, prog)))
    return 0


def _said(made: Suggested, prog: str) -> list[str]:
    """What a run says once its drafts are written: spellings to decide on, quotes left to no one, the count."""
    n = len(made.people) + len(made.quotes) + len(made.events) + len(made.claims)
    return [*(f"'{spelling}' is '{ident}' spelt another way? Add it to their aliases, or the pair of names to "
              f"content/{SUGGESTED}/distinct.yaml" for spelling, ident in made.aliases),
            *(f"{counted(count, 'quote')} of '{name}' left out: the name of more than one person (`report` lists "
              "them)" for name, count in made.unsure.items()),
            f"suggested {counted(len(made.people), 'person', 'people')}, {counted(len(made.quotes), 'quote')}, "
            f"{counted(len(made.events), 'event')} and {counted(len(made.claims), 'claim')}"
            + (f" in content/{SUGGESTED}/; see them with `{prog} serve --drafts`" if n else ": nothing new")]


def suggestions(r: Resolved, articles: list[str], taken: set[str],
                different: Iterable[frozenset[str]] = ()) -> Suggested:
    """The drafts for what the named articles hold and the content lacks; no id in `taken`. A name that is a
    known person's spelt another way is an alias to add (said, not written), not a new person. Read twice: the
    people the first reading suggests are known to the second (a quote "Lee said" then finds its speaker), as
    they would be to the next run, which so adds nothing. Events are the first reading's: a sentence's people
    are those named so far, in reading order ("Kim" is the Kim the article has named)."""
    first = _suggestions(r, articles, taken, different, [])
    if first.people:
        named = [Person(ident, name, tuple(first.spellings.get(ident, ())), "other", "unknown", "unknown", None, "", (),
                        Loc(SUGGESTED, 0, 0)) for ident, name in first.names.items()]
        second = _suggestions(r, articles, taken | set(first.people), different, named)
        second.people, second.events, first = {**first.people, **second.people}, first.events, second
    first.claims = _claims(r, set(articles), taken)
    return first


def _claims(r: Resolved, articles: set[str], taken: set[str]) -> dict[str, list[str]]:
    """The counts the articles give differently, one claim a thing counted, each statement its article's
    sentence; one with a statement from the named articles, that no claim of the content sets side by side."""
    found: dict[str, list[str]] = {}
    curated = [{(s.source.article, comparable(s.says)) for s in c.statements} for c in r.content.claims]
    read = [(a.id, r.blocks[a.id]) for a in r.content.articles if a.id in r.blocks]
    for d in [*disagreements(read), *dates(read)]:
        values = sorted({s.value for s in d.statements})
        # the thing (for a date, the sentence's first words) and the numbers or dates given
        ident = slug(f"how many {d.noun} {' '.join(map(str, values))}", 12) if d.noun else \
            slug(f"when {d.statements[0].says} {' '.join(s.stated for s in d.statements)}", 12)
        if articles & {s.article for s in d.statements} and ident not in taken and not _covered(d, curated):
            found[ident] = _claim(r, d)
    return found


def _covered(d: Disagreement, curated: list[set[tuple[str, str]]]) -> bool:
    """Whether a claim of the content holds two of the statements (same article, words held by one another)."""
    said = [(s.article, comparable(s.says)) for s in d.statements]
    return any(sum(any(a == b and (x in y or y in x) for b, y in claim) for a, x in said) >= 2 for claim in curated)


def _claim(r: Resolved, d: Disagreement) -> list[str]:
    forms = list(dict.fromkeys(s.stated for s in d.statements))
    # the editors say what is counted, or dated
    question = f"{f'How many {d.noun}' if d.noun else 'When'}: {', '.join(forms[:-1])} or {forms[-1]}?"
    numbered = [(s, r.blocks[s.article][s.block].number) for s in d.statements]
    return [f"question: {scalar(question)}", "statements:",
            *(line for s, n in numbered for line in (f"  - source: {{article: {s.article}, paragraph: {n}}}",
                                                     f"    says: {json.dumps(s.says, ensure_ascii=False)}")),
            "draft: true", f"found_in: {{article: {d.statements[0].article}, paragraph: {numbered[0][1]}}}"]


def _suggestions(r: Resolved, articles: list[str], taken: set[str], different: Iterable[frozenset[str]],
                 named: list[Person]) -> Suggested:
    made = Suggested(distinct=frozenset(different))
    people_known = [*r.content.people, *named]
    # a name or alias of two people (namesakes, a shared "Wang") is neither's: a quote is given to no one then
    owners = Counter(form for p in people_known for form in {p.name, *p.aliases})
    ids = {form: p.id for p in people_known for form in (p.name, *p.aliases) if owners[form] == 1}
    people = speakers(r, different, named)
    unwanted = taken - set(r.kind_of) - {p.id for p in named}  # people rejected or retired: not their quotes either
    for article in (r.by_id[a] for a in articles):
        for f in findings(r, article, people):
            if owners[f.speaker] > 1:
                made.unsure[f.speaker] = made.unsure.get(f.speaker, 0) + 1
            else:
                _take(made, r, article, f, ids, taken, unwanted)
    return made


def _take(made: Suggested, r: Resolved, article: Article, f: Finding, ids: dict[str, str], taken: set[str],
          unwanted: set[str]) -> None:
    """One finding as the drafts it makes: a spelling to decide on, a person, a quote (and its speaker), an event."""
    number = r.blocks[article.id][f.block].number
    found_in = f"found_in: {{article: {article.id}, paragraph: {number}}}"
    if f.kind == "near miss" and (f.key, ids[f.speaker]) not in made.aliases:
        made.aliases.append((f.key, ids[f.speaker]))
    elif f.kind == "unknown name":
        _person(made, f.key, ids, taken, found_in, article.title, r.blocks[article.id][f.block].text)
    elif f.kind in ("uncovered quote", "reported speech") and f.speaker:
        speaker = ids.get(f.speaker) or _person(made, f.speaker, ids, taken, found_in, article.title,
                                                r.blocks[article.id][f.block].text)
        if speaker not in unwanted:
            _quote(made, f, speaker, taken, f"source: {{article: {article.id}, paragraph: {number}}}", found_in)
    elif f.kind == "uncovered date" and f.span is not None and f.span.precision != "decade":
        _event(made, r, article.id, f, taken, found_in, ids)


def _person(made: Suggested, name: str, ids: dict[str, str], taken: set[str], found_in: str, title: str,
            text: str) -> str:
    """The id of a person named `name`: one the content or this run has, else a new draft's, with the kind,
    role and affiliation `text` gives where it names them ("President X", "X, a professor at Y")."""
    if name in ids:
        return ids[name]
    if (same := next((i for i, n in made.names.items() if same_person(n, name)
                      and frozenset((n, name)) not in made.distinct), None)) is not None:
        ids[name] = same  # "Damien Hockney" after "Damian Hockney": one new person, the other spelling an alias
        made.spellings.setdefault(same, []).append(name)
        lines = made.people[same]
        if lines[1].startswith("aliases: ["):
            lines[1] = f"{lines[1][:-1]}, {scalar(name)}]"
        else:
            lines.insert(1, f"aliases: [{scalar(name)}]")
        return same
    ident = slug(name)
    if ident and ident not in taken and ident not in made.people:
        kind, role, affiliation = described(text, name)
        made.names[ident] = name
        made.people[ident] = [f"name: {scalar(name)}", f"kind: {kind}", f"role: {scalar(role)}", "country: unknown",
                              *([f"affiliation: {scalar(affiliation)}"] if affiliation else []),
                              f"summary: {scalar(f'Named in “{title}”; not yet curated.')}", "draft: true", found_in]
    if ident in made.people:  # not one rejected (or retired): no draft names them, as they have none
        ids[name] = ident
    return ident


def described(text: str, name: str) -> tuple[str, str, str]:
    """A person's kind, role and affiliation as `text` gives them where it first names them: a title before the
    name ("Foreign Minister X") or a description after it ("X, a professor at Y,"); else other, unknown, none."""
    at = text.find(name)
    before = text[:max(at, 0)].split()
    titles: list[str] = []
    while before and before[-1].rstrip(".") in _HONOURS:  # "club manager Sir Alex Ferguson": the role before Sir
        before.pop()
    while before and before[-1].lower() in ROLES:  # "Foreign Minister X", "North Korean leader X", "UKIP MEP X"
        titles.insert(0, before.pop())
    role, affiliation = " ".join(titles), ""
    if at >= 0 and not role and (m := _DESCRIBED.match(text, at + len(name))) and (
            m[1] or _ANALYSTS.search(m[2]) or _OFFICIALS.search(m[2])  # "X, professor of politics at Y"
            or m[2].split()[0].lower() in ROLES):  # "X, president of Lions Gate"
        role, affiliation = m[2], m[3] or ""
        if (within := re.match(r"(.+?)\s+(?:at|for)\s+(?:the\s+)?(.+)$", affiliation)) is not None:
            role, affiliation = f"{role} of {within[1]}", within[2]  # "head of UK equities at Standard Life"
    if not role:
        return "other", "unknown", ""
    kind = ("leader" if role.title() in _LEADERS and not affiliation else "analyst" if _ANALYSTS.search(role)
            else "official" if _OFFICIALS.search(role) else "other")
    return kind, role, affiliation


def _quote(made: Suggested, f: Finding, speaker: str, taken: set[str], source: str, found_in: str) -> None:
    """A quote, or a paraphrase: the sentence reporting what the speaker said, verbatim."""
    text = quote_words(f)
    ident = written_quote_id(speaker, text)
    if text and ident not in taken and ident not in made.quotes:
        made.quotes[ident] = [f"speaker: {speaker}", f"text: {scalar(text)}", source,
                              *(["paraphrase: true"] if f.kind == "reported speech" else []), "draft: true", found_in]


def _event(made: Suggested, r: Resolved, article: str, f: Finding, taken: set[str], found_in: str,
           ids: dict[str, str]) -> None:
    """The sentence that dates something, as an event draft (event_drafts.py): none under an id `taken`."""
    draft = event_draft(r, article, f)
    if draft is not None and draft.id not in taken and draft.id not in made.events:
        made.events[draft.id] = [*event_fields(r, article, f, draft, ids), "draft: true", found_in]


def distinct(content: Path) -> set[frozenset[str]]:
    """The pairs of names an editor said are two people: content/suggested/distinct.yaml, `- [name, name]`."""
    try:
        data = yaml.safe_load((content / SUGGESTED / "distinct.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return set()
    return {frozenset(map(str, pair)) for pair in data or [] if isinstance(pair, list) and len(pair) == 2}


def rejected(file: Path) -> set[str]:
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    return {line.split("#")[0].strip() for line in lines} - {""}


def rejected_in(content: Path, r: Resolved) -> Callable[[Article, Finding], bool]:
    """Whether `report` leaves an article's finding out: `suggest` makes nothing of it, its draft's id (or its
    speaker's) being in content/suggested/rejected.txt."""
    turned_down, ids = rejected(content / SUGGESTED / "rejected.txt"), {p.name: p.id for p in r.content.people}

    def skip(article: Article, f: Finding) -> bool:
        if f.kind == "uncovered date":
            return (draft := event_draft(r, article.id, f)) is not None and draft.id in turned_down
        return not turned_down.isdisjoint(suggested_ids(f, ids))
    return skip


def suggested_ids(f: Finding, ids: dict[str, str]) -> set[str]:
    """The ids of the drafts `suggest` makes of a name or a quote, and of the person a quote needs (`ids`: the
    content's people's, by name): any of them rejected, it makes none."""
    if f.kind == "unknown name":
        return {slug(f.key)}
    if f.kind in ("uncovered quote", "reported speech") and f.speaker:
        speaker = ids.get(f.speaker) or slug(f.speaker)
        return {speaker, written_quote_id(speaker, quote_words(f))} - set(ids.values())
    return set()


def quote_words(f: Finding) -> str:
    """A quote's words as its draft gives them."""
    return f.key.strip().rstrip(",").strip()


def follow_renames(paths: Paths) -> bool:
    """The drafts' references to an item by a former id (a person renamed since it was suggested) rewritten as
    its id: they are this tool's files, and a draft naming a former id fails the check `suggest` makes first.
    Only the fields that name items, never a text, and nothing if the content does not check; whether any
    file changed."""
    from .errors import ContentErrors
    from .pipeline import check
    try:
        renamed = check(paths).redirects
    except ContentErrors:
        return False  # the check with the drafts says what is wrong
    if not renamed:
        return False
    old = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, sorted(renamed, key=len, reverse=True)))})(?![\w-])")
    changed = False
    for file in sorted((paths.content / SUGGESTED).glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        lines = [old.sub(lambda m: renamed[m[1]], line) if _NAMING_FIELD.match(line) else line
                 for line in text.splitlines(keepends=True)]
        if "".join(lines) != text:
            file.write_text("".join(lines), encoding="utf-8")
            changed = True
    return changed
