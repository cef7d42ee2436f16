"""YAML with a file and line for every value, duplicate keys refused, no implicit typing: every scalar is
the text the editor typed (`NO` is the word NO, `2025` the text 2025); the schema decides what a field means."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

import yaml
from yaml.composer import ComposerError
from yaml.events import (AliasEvent, DocumentStartEvent, Event, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent)

from .cache import Cache, digest
from .errors import ContentError, merge_conflict, shown
from .verbatim import composed


class _Placed:  # where a loaded value was written
    file: str
    line: int
    column: int


class YStr(_Placed, str):
    """A scalar; `null` tells an empty or `null`/`~` plain scalar."""

    null: bool


class YMap(_Placed, dict[str, Any]):
    """A mapping, with the position of each key."""

    key_pos: dict[str, tuple[int, int]]


class YList(_Placed, list[Any]):
    """A sequence."""


Loaded = YStr | YMap | YList
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_KEY = object()  # in a mapping, where the next value is a key
# libyaml's parser when there (faster); the pure one for error messages, so they read the same on every machine.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"
# Content nests a few levels; a file nested hundreds deep is a mistake or an attack (it crashed PyYAML's composer).
MAX_DEPTH = 50


def load(path: Path, display: str, cache: Cache | None = None) -> tuple[Loaded | None, list[ContentError], str]:
    """Parse one YAML file: its data, its non-fatal errors (duplicate keys), and the key its parse is kept
    under in `cache` (the digest of its name and bytes). Raises YamlError when it cannot be read as YAML at all."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(ContentError(display, 0, 0, f"cannot read file: {exc.strerror}")) from None
    key = digest("yaml", display, raw)
    # In memory only: reading a parse back from the cache file takes as long as parsing.
    return (*(cache or Cache()).made(key, lambda: _parse(raw, display), durable=False), key)


def _parse(raw: bytes, display: str) -> tuple[Loaded | None, list[ContentError]]:
    try:
        text = composed(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(ContentError(display, line, 0, "file is not UTF-8 text; save it as UTF-8")) from None
    if conflict := merge_conflict(text, display):
        raise YamlError(conflict)
    try:
        try:
            return _Builder(display).build(yaml.parse(text, Loader=_FAST))
        except yaml.YAMLError:
            return _Builder(display).build(yaml.parse(text, Loader=yaml.SafeLoader))  # raises again, in PyYAML's words
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_error(exc, text, display)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlError(ContentError(display, line, col, f"character U+{exc.character:04X} is not allowed in YAML "
                                                         "(a control character); delete it")) from None
    except yaml.YAMLError as exc:
        raise YamlError(ContentError(display, 0, 0, "YAML syntax error: " + " ".join(str(exc).split()))) from None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> ContentError:
    """PyYAML's syntax error said where the mistake is and what to do about it."""
    if bullet := _WORD_BULLET.search(text):  # PyYAML's words about it would name another line and a "?"
        line = text.count("\n", 0, bullet.start()) + 1
        return ContentError(display, line, len(bullet[1]) + 1, f"YAML syntax error: '{bullet[2]}' is no list "
                            "item's mark: write '- ' (a hyphen and a space), which Word's autoformat made a dash "
                            "or a bullet")
    # a quotation mark or a [ never closed: where it opened, not the line after, where PyYAML noticed
    opened = re.search("quoted scalar|flow sequence|flow mapping", exc.context or "") and exc.context_mark
    mark = exc.context_mark if opened else exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = exc.problem or exc.context or "invalid YAML"
    if opened and exc.problem_mark and exc.problem_mark.line + 1 != line and "flow" in (exc.context or ""):
        problem += f" on line {exc.problem_mark.line + 1}"
    problem += _hint(problem, exc.context or "")
    return ContentError(display, line, col, f"YAML syntax error: {problem}")


_WORD_BULLET = re.compile(r"^( *)([–—•·])\s", re.MULTILINE)  # a list's "- " as Word's autoformat writes it


def _hint(problem: str, context: str) -> str:
    """What an editor does about PyYAML's words, which name the parser's state, not the mistake."""
    if "'\\t'" in problem or "\t" in problem or "tab" in problem:
        return " (indent with spaces, not tabs)"
    if problem.startswith("mapping values are not allowed"):
        return (" (this line is indented more than the field before it, or a text holds a colon and a space: "
                "put such a text in quotes, \"like: this\")")
    if problem.startswith("expected <block end>") and "<scalar>" in problem:
        return " (a text that starts with a quotation mark must end with it: put the whole text in quotes)"
    if problem.startswith("expected <block end>"):
        return " (this line is indented differently from the lines of its list or mapping)"
    if problem.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        return " (a [ or { opens a list or mapping that must close on its line: a text holding one goes in quotes)"
    if "quoted scalar" in context:
        return " (a quotation mark opened here is not closed)"
    if problem.startswith("but found another document"):
        return (" (a file holds one YAML document: write several items as one list, each starting '- id:', "
                "without '---' between them)")
    return ""


class YamlError(Exception):
    """A file that cannot be read as YAML at all."""

    def __init__(self, error: ContentError) -> None:
        super().__init__(str(error))
        self.error = error


class _Builder:
    """Values straight from the parser's events, in a loop rather than by recursion: no
    nesting can exhaust the stack, and no Node is made only to be copied."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.errors: list[ContentError] = []
        self.document: Any = None  # where the first document starts
        self.top = YList()  # holds the document's value
        self.stack: list[YList | YMap] = [self.top]
        self.key: Any = _KEY  # in the innermost mapping: _KEY, the key whose value comes next, or None to drop it
        self.keys: list[Any] = []  # the same, saved for each outer collection

    def _place(self, obj: Any, mark: Any) -> Any:
        obj.file = self.display
        obj.line = mark.line + 1
        obj.column = mark.column + 1
        return obj

    def _fail(self, mark: Any, message: str) -> YamlError:
        return YamlError(ContentError(self.display, mark.line + 1, mark.column + 1, message))

    def build(self, events: Iterable[Event]) -> tuple[Loaded | None, list[ContentError]]:
        """The one document in `events`, and its non-fatal errors (duplicate keys)."""
        for event in events:
            mark: Any = event.start_mark
            if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and event.anchor:
                # Refused, used or not: no "billion laughs" expansion, and every value at one place.
                raise self._fail(mark, "YAML anchors and aliases (&name, *name) are not supported; write the value out")
            done = False  # a value inside a collection is complete
            if isinstance(event, ScalarEvent):
                done = self._scalar(event, mark)
            elif isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                self._open(event, mark)
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                self.stack.pop()
                self.key = self.keys.pop()
                done = True
            elif isinstance(event, AliasEvent):  # its anchor, if any, was refused already
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", mark)
            elif isinstance(event, DocumentStartEvent):
                if self.document is not None:
                    raise ComposerError("expected a single document in the stream", self.document,
                                        "but found another document", mark)
                self.document = mark
            if done and isinstance(self.stack[-1], YMap):  # a key comes next
                self.key = _KEY
        return self.top[0] if self.top else None, self.errors

    def _scalar(self, event: ScalarEvent, mark: Any) -> bool:
        """A key or a value; True when a value is complete."""
        if isinstance(self.stack[-1], YMap) and self.key is _KEY:
            self.key = self._key(self.stack[-1], event)
            return False
        text = self._place(YStr(event.value), mark)
        text.null = not event.style and event.value in _NULLS  # plain: None in PyYAML, "" in libyaml
        self._add(text)
        return True

    def _open(self, event: SequenceStartEvent | MappingStartEvent, mark: Any) -> None:
        if isinstance(self.stack[-1], YMap) and self.key is _KEY:
            raise self._fail(mark, "a mapping key must be a plain word")
        if len(self.stack) > MAX_DEPTH:
            raise self._fail(mark, f"YAML nested more than {MAX_DEPTH} levels deep; content needs a few: "
                                   "is a bracket left open?")
        collection = self._place(YList() if isinstance(event, SequenceStartEvent) else YMap(), mark)
        if isinstance(collection, YMap):
            collection.key_pos = {}
        self._add(collection)
        self.keys.append(self.key)
        self.stack.append(collection)
        self.key = _KEY

    def _key(self, mapping: YMap, event: ScalarEvent) -> Any:
        """The key a scalar event gives, or None when its value is to be dropped (a duplicate)."""
        mark: Any = event.start_mark
        if event.tag == _MERGE or (event.implicit[0] and event.value == "<<"):
            raise self._fail(mark, "YAML merge keys (<<) are not supported; write the fields out")
        if event.value in mapping.key_pos:
            self.errors.append(self._fail(mark, f"duplicate key {shown(event.value)} (first written on line "
                                                f"{mapping.key_pos[event.value][0]}); keep one").error)
            return None
        mapping.key_pos[event.value] = (mark.line + 1, mark.column + 1)
        return event.value

    def _add(self, value: Loaded) -> None:
        if isinstance(self.stack[-1], YList):
            self.stack[-1].append(value)
        elif self.key is not None:  # a duplicate key's value is read, then dropped
            self.stack[-1][self.key] = value
