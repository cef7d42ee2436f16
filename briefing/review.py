"""`accept ID...` and `reject ID...`: a suggestion (content/suggested/) moved into the content, or dropped for good.

A rejected suggestion leaves nothing behind that names it: a quote it was the speaker of is rejected with it, and
its id is taken out of the lists of the suggestions that name it (an event's people), so the drafts still build."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

from .errors import where
from .loader import SUGGESTED
from .scaffold import CannotAppend, append, target


def review(command: str, ids: list[str], content: Path, prog: str) -> int:
    """`accept ID...`: each suggestion moved to its collection's own file, `draft: true` dropped (its other
    lines as written); `reject ID...`: each deleted, its id added to rejected.txt. A suggestion leaves its file
    only once it is written where it goes. 1 if one is not found or cannot be accepted."""
    folder = content / SUGGESTED
    failed = []
    pending = list(ids)
    while pending:
        ident = pending.pop(0)
        found = next(((f, *cut) for f in sorted(folder.glob("*.yaml")) if (cut := _cut(f, ident))), None)
        if found is None:
            failed.append(f"no suggestion '{ident}' in content/{SUGGESTED}/")
            continue
        suggestions, lines, rest = found
        if command == "accept":
            file = target(content, suggestions.stem, ident)
            if _holds(file, ident):
                failed.append(f"{where(file, Path.cwd())} already holds '{ident}': keep one, `{prog} reject "
                              f"{ident}` to drop the suggestion, or give one of them another id")
                continue
            fields = [line for line in lines if line.strip() not in ("draft: true", f"id: {ident}")]
            try:
                at = append(file, ident, fields)
            except CannotAppend as exc:
                failed.append(f"'{ident}' is still a suggestion: {exc}")
                continue
            print(f"accepted '{ident}': {where(file, Path.cwd())}:{at}")
            if (speaker := _speaker(fields)) and any(_cut(f, speaker) for f in sorted(folder.glob("*.yaml"))):
                print(f"  and its speaker '{speaker}', a suggestion too, whom a published quote needs")
                pending.insert(0, speaker)
        else:
            with (folder / "rejected.txt").open("a", encoding="utf-8") as out:
                out.write(f"{ident}\n")
            print(f"rejected '{ident}'; content/{SUGGESTED}/rejected.txt keeps it from being suggested again")
        suggestions.write_text(rest, encoding="utf-8")
        if command == "reject":
            for quote in _unnamed(folder, ident):
                print(f"  and its quote '{quote}', which no one else said")
                pending.insert(0, quote)
    for problem in failed:
        print(f"{prog} {command}: {problem}", file=sys.stderr)
    return 1 if failed else 0


def _speaker(fields: list[str]) -> str:
    """A quote's speaker, from its fields' lines ("" for an item that has none)."""
    return next((line.split(":", 1)[1].strip() for line in fields if line.startswith("speaker:")), "")


def _unnamed(folder: Path, ident: str) -> list[str]:
    """`ident` taken out of every list of the suggestions that name it (an event's people, a quote's events); the
    suggested quotes it is the speaker of, which have no one to be said by without it."""
    spoken = []
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            continue
        cuts: list[tuple[int, int, str]] = []  # (start, end, replacement) in the text
        for item in node.value if isinstance(node, yaml.SequenceNode) else []:
            if not isinstance(item, yaml.MappingNode):
                continue
            for key, value in item.value:
                if key.value == "speaker" and getattr(value, "value", None) == ident:
                    spoken += [v.value for k, v in item.value if k.value == "id"]
                elif isinstance(value, yaml.SequenceNode) and any(getattr(v, "value", None) == ident
                                                                  for v in value.value):
                    cuts += _without(text, value, ident)
        for start, end, replacement in sorted(cuts, reverse=True):
            text = text[:start] + replacement + text[end:]
        if cuts:
            path.write_text(text, encoding="utf-8")
    return spoken


def _without(text: str, listed: yaml.SequenceNode, ident: str) -> list[tuple[int, int, str]]:
    """The edits that take `ident` out of a list: `[a, ident]` written again as `[a]`; `- ident`, its line gone (the
    only one: the list written `[]`)."""
    kept = [v.value for v in listed.value if getattr(v, "value", None) != ident]
    if listed.flow_style or not kept:  # a block list ends where the next key starts: up to its last item's end
        end = listed.end_mark.index if listed.flow_style else listed.value[-1].end_mark.index
        return [(listed.start_mark.index, end, f"[{', '.join(kept)}]")]
    return [(text.rfind("\n", 0, v.start_mark.index) + 1, text.find("\n", v.end_mark.index) + 1 or len(text), "")
            for v in listed.value if getattr(v, "value", None) == ident]


def _cut(path: Path, ident: str) -> tuple[list[str], str] | None:
    """The item with this id in a file of suggestions: its fields' lines, less the item's indentation (`- ` and
    all), and the file's text without it; None if the file has no such item."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.SequenceNode):
        return None
    lines = text.splitlines(keepends=True)
    for item in node.value:
        if _has_id(item, ident):
            first, last = item.start_mark.line, item.end_mark.line + (item.end_mark.column > 0)
            indent = item.start_mark.column
            taken = [line[indent:].rstrip("\r\n") for line in lines[first:last] if line.strip()]
            return taken, "".join(lines[:first] + lines[last:])
    return None


def _holds(path: Path, ident: str) -> bool:
    """Whether a content file already has an item with this id (a person written by hand, say)."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader) if path.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return any(_has_id(item, ident) for item in (node.value if isinstance(node, yaml.SequenceNode) else [node]))


def _has_id(node: yaml.Node | None, ident: str) -> bool:
    return isinstance(node, yaml.MappingNode) and any(k.value == "id" and getattr(v, "value", None) == ident
                                                      for k, v in node.value)
