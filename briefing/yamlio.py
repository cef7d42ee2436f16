"""YAML with a file and line for every value, duplicate keys refused, no implicit typing.

Every scalar is loaded as the text the editor typed (`NO` is the word NO, `2025` is
the text 2025); the schema decides what a field means.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Iterable

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent, DocumentStartEvent, Event, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
    SequenceStartEvent,
)

from .errors import ContentError, shown


class YStr(str):
    """A scalar with where it was written; `null` tells an empty or `null`/`~` plain scalar."""

    file: str
    line: int
    column: int
    null: bool


class YMap(dict[str, Any]):
    """A mapping with its own position and the position of each key."""

    file: str
    line: int
    column: int
    key_pos: dict[str, tuple[int, int]]


class YList(list[Any]):
    """A sequence with its own position."""

    file: str
    line: int
    column: int


Loaded = YStr | YMap | YList

_NULLS = {"", "~", "null", "Null", "NULL"}


def pos(value: Any) -> tuple[int, int]:
    """Line and column of a loaded value (0, 0 when unknown)."""
    return getattr(value, "line", 0), getattr(value, "column", 0)


def load(path: Path, display: str) -> tuple[Loaded | None, list[ContentError]]:
    """Parse one YAML file: its data and its non-fatal errors (duplicate keys).

    Raises YamlError when the file cannot be read as YAML at all.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(ContentError(display, 0, 0, f"cannot read file: {exc.strerror}")) from None
    digest = hashlib.sha256(raw).hexdigest()
    known = _cache.get(display)
    if known is None or known[0] != digest:
        known = _cache[display] = (digest, _parse(raw, display))
    return known[1]


# Each file's last parse, by name, with the hash of its bytes: the dev server re-parses only
# what changed, and keeps one version of each file (every version, kept, would add
# megabytes a save: a large events.yaml parses into a hundred thousand objects).
_cache: dict[str, tuple[str, tuple[Loaded | None, list[ContentError]]]] = {}
# libyaml's parser when PyYAML has it (several times faster); the pure one otherwise, and
# always for error messages, so they read the same on every machine.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"
# Content nests a few levels (a claim, its statements, a source); a file nested hundreds
# deep is a mistake or an attack, and PyYAML's composer, which recurses, crashed on one:
# 100,000 open brackets took the build down with a segmentation fault.
MAX_DEPTH = 50


def _parse(raw: bytes, display: str) -> tuple[Loaded | None, list[ContentError]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(
            ContentError(display, _line_of(raw, exc.start), 0, "file is not UTF-8 text; save it as UTF-8")
        ) from None
    try:
        try:
            return _Builder(display).build(yaml.parse(text, Loader=_FAST))
        except yaml.YAMLError:
            return _Builder(display).build(yaml.parse(text, Loader=yaml.SafeLoader))  # raises again, in PyYAML's words
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if "'\\t'" in problem or "\t" in problem or "tab" in problem:
            problem += " (indent with spaces, not tabs)"
        raise YamlError(ContentError(display, line, col, f"YAML syntax error: {problem}")) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlError(ContentError(display, line, col, f"character U+{exc.character:04X} is not allowed in YAML "
                                                         "(a control character); delete it")) from None
    except yaml.YAMLError as exc:
        raise YamlError(ContentError(display, 0, 0, "YAML syntax error: " + " ".join(str(exc).split()))) from None


class YamlError(Exception):
    """A file that cannot be read as YAML at all."""

    def __init__(self, error: ContentError) -> None:
        super().__init__(str(error))
        self.error = error


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


_KEY = object()  # in a mapping, where the next value is a key


class _Builder:
    """Values straight from the parser's events, in a loop rather than by recursion: no
    nesting can exhaust the stack, and no Node is made only to be copied (the YAML of a
    2,000-article briefing loads in 0.10 s rather than 0.17 s composed first)."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.errors: list[ContentError] = []

    def _place(self, obj: Any, mark: Any) -> Any:
        obj.file = self.display
        obj.line = mark.line + 1
        obj.column = mark.column + 1
        return obj

    def _fail(self, mark: Any, message: str) -> YamlError:
        return YamlError(ContentError(self.display, mark.line + 1, mark.column + 1, message))

    def build(self, events: Iterable[Event]) -> tuple[Loaded | None, list[ContentError]]:
        """The one document in `events`, and its non-fatal errors (duplicate keys)."""
        root: Loaded | None = None
        document: Any = None  # where the first document starts
        stack: list[YList | YMap] = []
        key: Any = _KEY  # in the innermost mapping: _KEY, the key whose value comes next, or None to drop it
        keys: list[Any] = []  # the same, saved for each outer collection
        anchors: dict[str, Any] = {}  # anchor -> where its value starts
        for event in events:
            mark: Any = event.start_mark
            if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and event.anchor:
                if event.anchor in anchors:
                    raise self._fail(mark, f"YAML anchor &{event.anchor} is set twice (first on line "
                                           f"{anchors[event.anchor].line + 1}); anchors and aliases (&name, *name) "
                                           "are not supported: write the value out")
                anchors[event.anchor] = mark
            if isinstance(event, ScalarEvent):
                if stack and isinstance(stack[-1], YMap) and key is _KEY:
                    key = self._key(stack[-1], event)
                    continue
                text = self._place(YStr(event.value), mark)
                text.null = not event.style and event.value in _NULLS  # plain: None in PyYAML, "" in libyaml
                if not stack:
                    root = text
                    continue
                self._add(stack, key, text)
            elif isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                if stack and isinstance(stack[-1], YMap) and key is _KEY:
                    raise self._fail(mark, "a mapping key must be a plain word")
                if len(stack) == MAX_DEPTH:
                    raise self._fail(mark, f"YAML nested more than {MAX_DEPTH} levels deep; content needs a few: "
                                           "is a bracket left open?")
                collection = self._place(YList() if isinstance(event, SequenceStartEvent) else YMap(), mark)
                if isinstance(collection, YMap):
                    collection.key_pos = {}
                self._add(stack, key, collection)
                keys.append(key)
                stack.append(collection)
                key = _KEY
                continue
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                done = stack.pop()
                key = keys.pop()
                if not stack:
                    root = done
                    continue
            elif isinstance(event, AliasEvent):
                if event.anchor not in anchors:
                    raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", mark)
                # Refused: no "billion laughs" expansion, and every value at one place.
                raise self._fail(anchors[event.anchor],
                                 "YAML anchors and aliases (&name, *name) are not supported; write the value out")
            elif isinstance(event, DocumentStartEvent):
                if document is not None:
                    raise ComposerError("expected a single document in the stream", document,
                                        "but found another document", mark)
                document = mark
                continue
            else:  # the stream's start and end, the document's end
                continue
            if isinstance(stack[-1], YMap):  # a value is complete: a key comes next
                key = _KEY
        return root, self.errors

    def _key(self, mapping: YMap, event: ScalarEvent) -> Any:
        """The key a scalar event gives, or None when its value is to be dropped (a duplicate)."""
        mark: Any = event.start_mark
        if event.tag == _MERGE or (event.implicit[0] and event.value == "<<"):
            raise self._fail(mark, "YAML merge keys (<<) are not supported; write the fields out")
        if event.value in mapping.key_pos:
            first = mapping.key_pos[event.value][0]
            self.errors.append(self._fail(mark, f"duplicate key {shown(event.value)} (first written on line "
                                                f"{first}); keep one").error)
            return None
        mapping.key_pos[event.value] = (mark.line + 1, mark.column + 1)
        return event.value

    @staticmethod
    def _add(stack: list[YList | YMap], key: Any, value: Loaded) -> None:
        if not stack:
            return
        if isinstance(stack[-1], YList):
            stack[-1].append(value)
        elif key is not None:  # a duplicate key's value is read, then dropped
            stack[-1][key] = value
