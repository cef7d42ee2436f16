"""The one error type for content problems: file, line, column, message."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Iterable

# Line breaks and other control characters shown escaped (\r, \x1f), so that every error stays one line.
_VISIBLE = MappingProxyType({c: repr(chr(c))[1:-1] for c in (*range(32), 127, 0x85, 0x2028, 0x2029)})


@dataclass(frozen=True, order=True)
class ContentError:
    """One content mistake, printed as `file:line:col: message`."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        at = f":{self.line}" + (f":{self.column}" if self.column else "") if self.line else ""
        return f"{self.file}{at}: {self.message}".translate(_VISIBLE)


class ContentErrors(Exception):
    """Raised once a stage has collected every mistake it can find."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def merge_conflict(text: str, file: str) -> ContentError | None:
    """A merge conflict Git (or another tool) left in a file, at its first marker line, or None: said as what it is,
    not as whatever the marker breaks (YAML syntax, JSON, an address), nor published as text in an article."""
    if (m := _CONFLICT.search(text)) is None:
        return None
    return ContentError(file, text.count("\n", 0, m.start()) + 1, 0,
                        f"a merge conflict is left in the file ({shown(m[0])}): keep what each side should keep, "
                        "delete the lines <<<<<<<, ======= and >>>>>>>, and save")


_CONFLICT = re.compile(r"^<{7}(?: .*)?$", re.MULTILINE)  # where a conflict starts: ======= alone may be a rule


def where(path: Path, root: Path | None = None) -> str:
    """A file's path as a message shows it: from `root` (else the current folder) when under it, else as given."""
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return str(path)


def shown(value: object) -> str:
    """A value quoted in a message, cut short (`cut`)."""
    return f"'{cut(str(value))}'"


def cut(text: str) -> str:
    """Text a message quotes, cut to 60 characters: a page pasted into the wrong field is no use read back whole."""
    return f"{text[:60]}…" if len(text) > 60 else text


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """A `; did you mean 'x'?` suffix naming the closest known values, or ''."""
    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?" if close else ""


def indefinite(kind: str) -> str:
    """'an event', 'a person'."""
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def listed(words: list[str]) -> str:
    """'date', 'date and status', 'date, status and summary'; '' for none."""
    return ", ".join(words[:-1]) + " and " * (len(words) > 1) + "".join(words[-1:])


def counted(count: int, word: str, plural: str = "") -> str:
    """'1 event', '3 events', '2 people', '2,000 articles' (as search.js and the quotes page write a number)."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"
