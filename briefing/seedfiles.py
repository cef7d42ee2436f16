"""The article files: each one's text, and the cache's key of its blocks (by the digest of its bytes)."""
from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path
from stat import S_ISREG

from .articles import Block, parse
from .cache import digest
from .errors import ContentError, merge_conflict
from .inputs import read
from .verbatim import composed

BLOCKS = "blocks:"  # the cache's keys of articles' blocks
MAX_ARTICLE_BYTES = 5_000_000  # a long news article is 50 KB; a file 100 times that is a mistake


def key(raw: bytes) -> str:
    """The cache's key of the blocks of an article file with these bytes."""
    return key_of(digest(raw))


def key_of(file_digest: str) -> str:
    """The same, by the digest of the file's bytes (`inputs.Inputs.seeds`)."""
    return BLOCKS + file_digest


def text_of(raw: bytes, where: str, article: str) -> str | ContentError:
    """An article file's text, or why it is not one."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ContentError(where, 1, 0, "UTF-16 text (Notepad's \"Unicode\"), not UTF-8; save the article as UTF-8, "
                                         "or `import` the file, which reads it")
    try:
        text = raw.decode("utf-8-sig")  # Notepad's byte-order mark is not text
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)  # counted from 1, as every message counts
        return ContentError(where, line, column, f"not UTF-8 text (byte {raw[exc.start]:#04x}); save the article "
                                                 "as UTF-8, or `import` the file, which reads other encodings")
    if not text.strip():
        return ContentError(where, 0, 0, f"article file is empty; paste the text of '{article}' into it")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return ContentError(where, line, 0, "not text: a NUL byte, as in a binary file (a PDF, an image, a Word "
                                            "file); save the article as plain UTF-8 text")
    return conflict if (conflict := merge_conflict(text, where)) else composed(text)


def parsed(folder: Path, names: Iterable[str], known: set[str]) -> dict[str, list[Block]]:
    """The blocks of each file whose key is not `known` (ahead.py, on another core); one resolving refuses is left."""
    found: dict[str, list[Block]] = {}
    for name in names:
        path = folder / name
        try:
            st = path.lstat()  # a symlink is not a regular file here: resolving refuses it
            if not S_ISREG(st.st_mode) or st.st_size > MAX_ARTICLE_BYTES:
                continue
            raw = read(path)
        except OSError:
            continue
        if (k := key(raw)) not in known and k not in found and isinstance(text := text_of(raw, "", ""), str):
            found[k] = parse(text)
    return found
