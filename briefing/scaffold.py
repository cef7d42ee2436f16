"""`briefing new KIND`: append a skeleton item to the right content file.

An editor starts from an item that already has a unique id and every field in
place, so the next build points only at what needs their judgment. Facts the
tool cannot know (an event's date and sources, a quote's words) are left as
commented TODO lines rather than guessed, and the build names them until written.
The file's existing text is never rewritten: the item is appended.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .dates import DateError, VagueDate, parse_range
from .errors import did_you_mean, indefinite, listed, where
from .fields import ID_RE, MAX_ID, suggest_id
from .loader import SUGGESTED, load_content
from .model import KINDS, PERSON_KINDS
from .schema import derive_quote_id, written_quote_id

COLLECTION = MappingProxyType({"event": "events", "person": "people", "theme": "themes", "quote": "quotes",
                               "article": "articles"})
_OPTIONS = MappingProxyType({  # the options each kind takes besides --id, --content, --seeds
    "event": frozenset({"title", "date", "source"}),
    "person": frozenset({"name", "kind", "role", "country"}),
    "theme": frozenset({"title"}),
    "quote": frozenset({"speaker", "text", "source"}),
    "article": frozenset({"file", "title", "outlet", "published"}),
})


class UsageError(Exception):
    """A mistake in the command line (exit 2)."""


class CannotAppend(Exception):
    """The content file cannot take one more item as it stands (exit 1)."""


def parser(prog: str = "briefing new") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Append a skeleton item with a fresh unique id to the right content file; "
                    "then fill in its TODO fields.")
    p.add_argument("what", choices=list(COLLECTION), help="the kind of item to add")
    p.add_argument("--content", metavar="DIR", help="curated YAML (default: content)")
    p.add_argument("--seeds", metavar="DIR", help="raw article text files (default: seeds beside the content folder)")
    p.add_argument("--id", help="the id to use (default: made from the title or name)")
    p.add_argument("--title", metavar="TEXT", help="event, theme or article title")
    p.add_argument("--name", metavar="TEXT", help="person's name")
    p.add_argument("--kind", choices=tuple(PERSON_KINDS), help="person's kind (default: other)")
    p.add_argument("--role", metavar="TEXT", help="person's role")
    p.add_argument("--country", metavar="TEXT", help="person's country")
    p.add_argument("--date", metavar="DATE",
                   help="event date: YYYY-MM-DD, YYYY-MM, YYYY or 1950s, marked ? (probably), ~ (about: ~2018 or "
                        "2018~) or %% (both); or a range: 2019-01/2019-03, 2019-01/.., ../2011")
    p.add_argument("--source", metavar="ARTICLE_ID", help="the article an event or quote comes from")
    p.add_argument("--speaker", metavar="PERSON_ID", help="who said a quote")
    p.add_argument("--text", metavar="TEXT", help="a quote's words, exactly as in the article")
    p.add_argument("--file", metavar="SEED", help="article text file in the seeds folder (required for an article)")
    p.add_argument("--outlet", metavar="TEXT", help="article outlet (default: unknown)")
    p.add_argument("--published", metavar="DATE", help="article date (default: unknown)")
    return p


def main(argv: list[str], content_dir: Path, prog: str = "briefing new") -> int:
    """Add one item; 0 added, 1 the content file cannot take it, 2 usage error."""
    args = parser(prog).parse_args(argv)
    content = Path(args.content) if args.content else content_dir
    seeds = Path(args.seeds) if args.seeds else content.parent / "seeds"
    try:
        path, line, ident, missing = add(args, content, seeds)
    except UsageError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    except CannotAppend as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    note = f"; the build fails until its {listed(missing)} are written" if missing else ""
    print(f"added {args.what} '{ident}' to {where(path)}:{line}; fill in the TODO fields{note}")
    return 0


def add(args: argparse.Namespace, content: Path, seeds: Path) -> tuple[Path, int, str, list[str]]:
    """Write the item: (file, line of the item, its id, required fields left as TODO comments)."""
    what = args.what
    for option in set().union(*_OPTIONS.values()):  # a blank --title is none: its field is left as TODO
        if isinstance(value := getattr(args, option), str):
            setattr(args, option, value.strip() or None)
    extra = [f"--{o}" for o in sorted(set().union(*_OPTIONS.values()) - _OPTIONS[what]) if getattr(args, o) is not None]
    if extra:
        raise UsageError(f"{', '.join(extra)} not used for {indefinite(what)}")
    if not content.is_dir():
        raise UsageError(f"content folder '{content}' not found; pass --content DIR")
    loaded = load_content(content, Path.cwd())
    collection = COLLECTION[what]
    if collection in loaded.unreadable:
        problems = [str(e) for e in loaded.errors if collection in (Path(e.file).stem, Path(e.file).parent.name)]
        raise CannotAppend("\n".join(problems + [f"cannot add {indefinite(what)}: fix the YAML of {collection} first"]))
    ids, files = existing(loaded.items)
    fields, missing = _FIELDS[what](args, ids, seeds, files)
    ident = fresh_id(args, what, ids, content)
    taken = re.fullmatch(r"(.+)-\d+", ident) if args.id is None else None  # the id made was in use: by whom?
    if taken and any(isinstance(raw.data, dict) and raw.data.get("id") == taken[1]
                     and f"/{SUGGESTED}/" in f"/{raw.file}" for raw in loaded.items[collection]):
        raise UsageError(f"'{taken[1]}' is a suggestion in content/{SUGGESTED}/: the accept command publishes it; "
                         f"to add another {what} anyway, give it an --id")
    path = target(content, collection, ident)
    return path, append(path, ident, fields), ident, missing


def existing(items: dict[str, list[Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """Every id in use (with its kind: former ids and derived quote ids too), and seed file -> article id."""
    ids: dict[str, str] = {}
    files: dict[str, str] = {}
    for collection, raws in items.items():
        for raw in raws:
            data = raw.data if isinstance(raw.data, dict) else {}
            ident = data.get("id")
            speaker, text = data.get("speaker"), data.get("text")
            if not isinstance(ident, str) and isinstance(speaker, str) and isinstance(text, str):
                ident = derive_quote_id(speaker, text)
            former = data.get("former_ids")
            for i in [ident, *(former if isinstance(former, list) else [former])]:
                if isinstance(i, str):
                    ids.setdefault(str(i), KINDS[collection])
            if collection == "articles" and isinstance(data.get("file"), str) and isinstance(ident, str):
                files[str(data["file"])] = str(ident)
    return ids, files


def _ref(value: str | None, kind: str, ids: dict[str, str], option: str) -> None:
    if value is not None and ids.get(value) != kind:
        pool = [i for i, k in ids.items() if k == kind]
        raise UsageError(f"{option} '{value}' is not {indefinite(kind)} id{did_you_mean(value, pool)}")


def _check_date(value: str, option: str, parse: Callable[[str], object]) -> None:
    """The option's date, read as the field it fills reads it (an event's date may be a range)."""
    try:
        parse(value)
    except DateError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _event(args: argparse.Namespace, ids: dict[str, str], _: Path, __: dict[str, str]) -> tuple[list[str], list[str]]:
    _ref(args.source, "article", ids, "--source")
    if args.date is not None:
        _check_date(args.date, "--date", parse_range)
    return [
        f"title: {scalar(args.title or 'TODO: title')}",
        f"date: {scalar(args.date)}" if args.date else
        "# date: TODO (required) as precise as the sources: 2025-09-03, 2025-09, 2025 or 1950s, marked ?, ~ or %",
        "# end: optional, same forms as date",
        "# location: optional",
        "# status: confirmed (default) | reported | expected",
        "people: []  # person ids",
        "themes: []  # theme ids",
        f"summary: {scalar('TODO: one-sentence summary')}",
        *(["sources:", f"  - article: {args.source}  # TODO: narrow with excerpt: \"words from it\" or paragraph: N"]
          if args.source else ["# sources: TODO (required) a list like", "#   - article: ARTICLE_ID",
                               "#     excerpt: \"words from the article\""]),
    ], [f for f, given in (("date", args.date), ("sources", args.source)) if not given]


def _person(args: argparse.Namespace, *_: Any) -> tuple[list[str], list[str]]:
    return [
        f"name: {scalar(args.name or 'TODO: name as the articles write it')}",
        "# aliases: [other spellings in the articles that identify only this person]",
        f"kind: {args.kind or 'other'}  # {' | '.join(PERSON_KINDS)}",
        f"role: {scalar(args.role or 'TODO: role')}",
        f"country: {scalar(args.country or 'TODO: country')}",
        "# affiliation: optional, for analysts",
        f"summary: {scalar('TODO: one-sentence summary')}",
    ], []


def _theme(args: argparse.Namespace, *_: Any) -> tuple[list[str], list[str]]:
    return [f"title: {scalar(args.title or 'TODO: title')}", f"summary: {scalar('TODO: one-sentence summary')}"], []


def _quote(args: argparse.Namespace, ids: dict[str, str], _: Path, __: dict[str, str]) -> tuple[list[str], list[str]]:
    _ref(args.speaker, "person", ids, "--speaker")
    _ref(args.source, "article", ids, "--source")
    return [
        f"speaker: {args.speaker}" if args.speaker else "# speaker: TODO (required) a person id",
        f"text: {scalar(args.text)}" if args.text else
        "# text: TODO (required) the words exactly as in the article, without the quotation marks",
        f"source: {{article: {args.source}}}" if args.source else "# source: TODO (required) {article: ARTICLE_ID}",
        "# context: optional, e.g. told AFP",
        "events: []  # event ids",
        "themes: []  # theme ids",
    ], [f for f, given in (("speaker", args.speaker), ("text", args.text), ("source", args.source)) if not given]


def _article(args: argparse.Namespace, _: dict[str, str], seeds: Path,
             files: dict[str, str]) -> tuple[list[str], list[str]]:
    if args.file is None:
        raise UsageError("an article needs --file SEED, a text file in the seeds folder")
    if "/" in args.file or "\\" in args.file or not (seeds / args.file).is_file():
        present = sorted(p.name for p in seeds.iterdir()) if seeds.is_dir() else []
        raise UsageError(f"--file '{args.file}' not found in {seeds}/{did_you_mean(args.file, present)}")
    if args.file in files:
        raise UsageError(f"--file '{args.file}' is already the source of article '{files[args.file]}'")
    if args.published not in (None, "unknown"):
        _check_date(args.published, "--published", VagueDate.parse)
    return [
        f"file: {scalar(args.file)}",
        f"title: {scalar(args.title or 'TODO: plain, descriptive title')}",
        f"outlet: {scalar(args.outlet or 'unknown')}",
        f"published: {scalar(args.published or 'unknown')}  # a date at the precision the text supports, or unknown",
        "# author: optional",
        "# url: optional",
        f"summary: {scalar('TODO: one-sentence summary')}",
    ], []


_FIELDS = MappingProxyType({"event": _event, "person": _person, "theme": _theme, "quote": _quote, "article": _article})


def fresh_id(args: argparse.Namespace, what: str, ids: dict[str, str], content: Path) -> str:
    """The --id as given (refused if taken), or one made from the item's words, with -2, -3... if taken."""
    if args.id is not None:
        if not ID_RE.match(args.id):
            raise UsageError(f"--id '{args.id}': use lowercase letters, digits and single hyphens")
        if len(args.id) > MAX_ID:
            raise UsageError(f"--id is {len(args.id)} characters long; an id is part of its page's address: "
                             f"keep it to {MAX_ID} at most")
        if args.id in ids:
            raise UsageError(f"--id '{args.id}' is already the id of {indefinite(ids[args.id])}; "
                             "ids are unique across all files")
        if (content / COLLECTION[what] / f"{args.id}.yaml").exists():
            raise UsageError(f"--id '{args.id}': {content / COLLECTION[what] / args.id}.yaml already exists")
        return str(args.id)
    if what == "quote":
        both = args.speaker and args.text
        base = written_quote_id(args.speaker, args.text) if both else f"{args.speaker or 'new'}-quote"
    elif what == "article":
        base = slug(args.title or Path(args.file).stem)
    else:
        base = slug(args.name or args.title or "")
    base = _shortened(base) or f"new-{what}"
    ident, n = base, 1
    while ident in ids or (content / COLLECTION[what] / f"{ident}.yaml").exists():
        n += 1
        ident = f"{base}-{n}"
    return ident


def _shortened(ident: str) -> str:
    """An id made from words, cut at a hyphen to leave room for a -2 within MAX_ID."""
    if len(ident) <= MAX_ID - 4:
        return ident
    cut = ident[:MAX_ID - 4]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def slug(text: str, words: int = 8) -> str:
    """An id from words: 'Kim Jong Un's trip' -> 'kim-jong-uns-trip', 'Blair–Brown rivalry' -> 'blair-brown-rivalry'
    (at most `words` words), as an id written by hand is fixed (fields.suggest_id)."""
    return "-".join(suggest_id(re.sub(r"[\u2010-\u2015\u2212]", " ", re.sub(r"['’]", "", text))).split("-")[:words])


def target(content: Path, collection: str, ident: str) -> Path:
    """A new file in the collection's folder if there is one (an editor who made it is moving to one file an
    item), else `<collection>.yaml` (or .yml)."""
    if (content / collection).is_dir():
        return content / collection / f"{ident}.yaml"
    for name in (f"{collection}.yaml", f"{collection}.yml"):
        if (content / name).is_file():
            return content / name
    return content / f"{collection}.yaml"


def append(path: Path, ident: str, fields: list[str]) -> int:
    """Append the item after the file's last byte, in its indentation and line endings; its line number."""
    return append_all(path, [(ident, fields)])


def append_all(path: Path, items: list[tuple[str, list[str]]]) -> int:
    """Append the items (id, fields) after the file's last byte, in its indentation and line endings, read and
    checked once however many there are; the line number of the first."""
    old = path.read_bytes() if path.exists() else b""
    text = old.decode("utf-8")
    nl = "\r\n" if "\r\n" in text else "\n"
    node = _composed(path, text)
    if node is not None and not (isinstance(node, yaml.SequenceNode) and not node.flow_style):
        raise CannotAppend(f"{where(path)}: holds a single item or a [...] list, not a list of items written "
                           "'- id: ...'; write it as such a list first, then try again")
    indent = " " * (node.start_mark.column if node is not None else 0)
    lead = "" if not text or text.endswith("\n") else nl
    if text.strip() and not (text + lead).endswith(nl * 2):
        lead += nl
    item = nl.join(nl.join(indent + line for line in [f"- id: {ident}", *(f"  {f}" for f in fields)]) + nl
                   for ident, fields in items)
    try:
        after = yaml.compose(text + lead + item, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        after = None
    if not isinstance(after, yaml.SequenceNode) or len(after.value) != (len(node.value) if node else 0) + len(items):
        raise CannotAppend(f"{where(path)}: the new items would not read back as more list items; nothing written")
    with path.open("ab") as out:
        out.write((lead + item).encode("utf-8"))
    return text.count("\n") + lead.count("\n") + 1


def _composed(path: Path, text: str) -> yaml.Node | None:
    """The file's YAML tree, to add to; CannotAppend, with where and why, if this reader refuses it (the build's
    takes a tab after a value, which this one, keeping every position, does not)."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark, lines = getattr(exc, "problem_mark", None), text.splitlines()
        line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        why = ("a tab, which it cannot read there: write spaces instead" if "\t" in line
               else f"{getattr(exc, 'problem', None) or exc}: `check` says more")
        at = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise CannotAppend(f"{where(path)}{at}: cannot add to the file as it stands: {why}; nothing written") from None


def scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when that reads back as the same text, else double-quoted
    (a line break or another control character is written escaped)."""
    if re.fullmatch(r"[A-Za-z0-9][^:#\"'\[\]{},&*!|>%@`]*", value) and value == value.strip() and value.isprintable():
        return value
    return json.dumps(value, ensure_ascii=False)
