"""YAML with a file and line for every value, duplicate keys refused, no implicit typing.

Every scalar is loaded as the text the editor typed (`NO` is the word NO, `2025` is
the text 2025); the schema decides what a field means.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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
# libyaml's composer when PyYAML has it (about ten times faster); the pure one otherwise,
# and always for error messages, so they read the same on every machine.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"


class _Texts(_FAST):  # type: ignore[valid-type,misc]
    """Tags every scalar as text without trying PyYAML's implicit-type patterns on it (a
    third of the loading time): nothing reads those tags. Only the merge key is still
    told, so that it can be refused."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _MERGE if implicit[0] and value == "<<" else self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG  # type: ignore[no-any-return]


def _parse(raw: bytes, display: str) -> tuple[Loaded | None, list[ContentError]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(
            ContentError(display, _line_of(raw, exc.start), 0, "file is not UTF-8 text; save it as UTF-8")
        ) from None
    try:
        try:
            node = yaml.compose(text, Loader=_Texts)
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=yaml.SafeLoader)  # raises again, with PyYAML's wording
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
    if node is None:
        return None, []
    builder = _Builder(display)
    data = builder.build(node)
    return data, builder.errors


class YamlError(Exception):
    """A file that cannot be read as YAML at all."""

    def __init__(self, error: ContentError) -> None:
        super().__init__(str(error))
        self.error = error


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


class _Builder:
    def __init__(self, display: str) -> None:
        self.display = display
        self.seen: set[int] = set()
        self.errors: list[ContentError] = []

    def _place(self, obj: Any, node: Node) -> Any:
        obj.file = self.display
        obj.line = node.start_mark.line + 1
        obj.column = node.start_mark.column + 1
        return obj

    def _fail(self, node: Node, message: str) -> YamlError:
        return YamlError(
            ContentError(self.display, node.start_mark.line + 1, node.start_mark.column + 1, message)
        )

    def build(self, node: Node) -> Loaded:
        # An alias hands back a node already built: refusing them rules out
        # "billion laughs" expansion and keeps every value at one place.
        if id(node) in self.seen:
            raise self._fail(node, "YAML anchors and aliases (&name, *name) are not supported; write the value out")
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            s = self._place(YStr(node.value), node)
            s.null = not node.style and node.value in _NULLS  # plain: None in PyYAML, "" in libyaml
            return s  # type: ignore[no-any-return]
        if isinstance(node, SequenceNode):
            seq = self._place(YList(), node)
            seq.extend(self.build(item) for item in node.value)
            return seq  # type: ignore[no-any-return]
        if isinstance(node, MappingNode):
            mapping = self._place(YMap(), node)
            mapping.key_pos = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise self._fail(key_node, "a mapping key must be a plain word")
                if key_node.tag == _MERGE:
                    raise self._fail(key_node, "YAML merge keys (<<) are not supported; write the fields out")
                key = key_node.value
                if key in mapping:
                    first = mapping.key_pos[key][0]
                    self.errors.append(self._fail(key_node, f"duplicate key {shown(key)} (first written on line {first}); "
                                                            "keep one").error)
                    continue
                mapping.key_pos[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                mapping[key] = self.build(value_node)
            return mapping  # type: ignore[no-any-return]
        raise self._fail(node, "unsupported YAML node")
