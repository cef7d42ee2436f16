"""Finds each collection's files (`people.yaml` and/or `people/*.yaml`) and loads them."""
from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .cache import Cache
from .editions import FOLDER as EDITIONS
from .errors import ContentError, did_you_mean, merge_conflict, where
from .schema import FIELDS, RawItem
from .yamlio import YamlError, YList, YMap, load

COLLECTIONS = tuple(k for k in FIELDS if k != "site")
SUGGESTED = "suggested"  # content/suggested/: the drafts `suggest` writes, and what editors said of them
SUGGESTED_NOTES = ("rejected.txt", "distinct.yaml")
# What an editor's program leaves beside the file being edited, never content: hidden files (.x.swp, .#x.yaml),
# backups (x.yaml~) and autosaves (#x.yaml#); what merging leaves (x.yaml.orig, x.yaml.rej, and git mergetool's
# x_LOCAL_4242.yaml, _REMOTE_, _BASE_, _BACKUP_); and a folder's notes for the editors (README, README.md).
# What editors' programs leave beside the files: hidden files, backups, merge leftovers, Word's lock files (~$...),
# Windows' and macOS's folder files, a README
_NOT_CONTENT = re.compile(r"^(\..*|.*~|~\$.*|#.*#|.*\.(orig|rej)|.*_(LOCAL|REMOTE|BASE|BACKUP)_\d+(\..*)?"
                          r"|readme(\..*)?|thumbs\.db|desktop\.ini)$", re.IGNORECASE)


@dataclass
class Loaded:
    """Raw YAML of a briefing, before validation."""

    site: Any = None
    site_file: str = ""
    items: dict[str, list[RawItem]] = field(default_factory=lambda: {c: [] for c in COLLECTIONS})
    errors: list[ContentError] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # collections with a file that is not YAML
    keys: dict[str, str] = field(default_factory=dict)  # file shown -> its parse's key in the cache
    editions: list[tuple[str, Any]] = field(default_factory=list)  # each edition's file shown, and its tree


def load_content(content_dir: Path, display_root: Path, cache: Cache | None = None) -> Loaded:
    """Read every YAML file under `content_dir`, each parse kept in `cache`; syntax errors are collected, not raised."""
    out = Loaded()
    if not content_dir.is_dir():
        out.errors.append(ContentError(where(content_dir, display_root), 0, 0,
                                       "content folder not found; pass --content DIR"))
        return out
    for path in sorted(content_dir.iterdir()):
        if not _NOT_CONTENT.match(path.name) and (path.is_dir() or path.suffix in (".yaml", ".yml")):
            _load_entry(out, path, display_root, cache)
    if out.site is None and not any(e.file.endswith(("site.yaml", "site.yml")) for e in out.errors):
        out.errors.append(ContentError(where(content_dir / "site.yaml", display_root), 0, 0,
                                       "missing site.yaml: it holds the briefing's title, description and as_of"))
    return out


def _load_entry(out: Loaded, path: Path, display_root: Path, cache: Cache | None) -> None:
    """One file or folder of content/: a collection's, the suggestions, or a mistake."""
    name = path.name
    stem = path.stem if path.is_file() else name
    if path.is_dir() and name == SUGGESTED:
        _load_suggested(out, path, display_root, cache)
    elif path.is_dir() and name == EDITIONS:
        _load_editions(out, path, display_root, cache)
    elif stem not in FIELDS or (path.is_dir() and stem == "site"):
        known = {f"{c}.yaml" for c in FIELDS} | set(COLLECTIONS)
        hint = did_you_mean(name, known) or f"; expected one of {', '.join(sorted(known))}"
        out.errors.append(ContentError(where(path, display_root), 0, 0, f"unknown collection '{name}'{hint}"))
    elif path.is_dir():  # one file an item, or a group of items
        for file in sorted(path.iterdir()):
            if _NOT_CONTENT.match(file.name):
                continue
            if file.suffix in (".yaml", ".yml") and file.is_file():
                _load_file(out, stem, file, where(file, display_root), cache, in_folder=True)
            else:
                out.errors.append(ContentError(where(file, display_root), 0, 0, _unread(file, path, display_root)))
                out.unreadable.add(stem)  # what it may hold is not missing: no "unknown id" for each use of it
    else:
        _load_file(out, stem, path, where(path, display_root), cache)


def _unread(file: Path, folder: Path, display_root: Path) -> str:
    """Why a file or folder in a collection's folder is not read, and what to do."""
    kind = folder.name
    if file.is_dir():
        return (f"not read: a folder of {kind} holds no folders; move its files up into "
                f"{where(folder, display_root)}/, or move it out")
    named = file.name.split(".")[0] + ".yaml"
    fix = f"a copy of {named}: delete it" if (folder / named).exists() else f"rename it {named}"
    return f"not read: of a folder of {kind}, only .yaml (or .yml) files are read; {fix}, or move it out"


def _load_suggested(out: Loaded, folder: Path, display_root: Path, cache: Cache | None) -> None:
    """content/suggested/<collection>.yaml: drafts `suggest` wrote, read as part of their collection."""
    for path in sorted(folder.iterdir()):
        if _NOT_CONTENT.match(path.name) or path.name in SUGGESTED_NOTES:
            continue
        if path.is_file() and path.suffix in (".yaml", ".yml") and path.stem in COLLECTIONS:
            _load_file(out, path.stem, path, where(path, display_root), cache)
        else:
            out.errors.append(ContentError(where(path, display_root), 0, 0, "not a file of suggestions: content/"
                                           f"{SUGGESTED}/ holds one file a collection ({', '.join(COLLECTIONS)}) and "
                                           f"{' and '.join(SUGGESTED_NOTES)}"))


def _load_editions(out: Loaded, folder: Path, display_root: Path, cache: Cache | None) -> None:
    """content/editions/NAME.json: JSON, read as YAML (which JSON is) for the line of every value."""
    for path in sorted(folder.iterdir()):
        if _NOT_CONTENT.match(path.name):
            continue
        display = where(path, display_root)
        if not (path.is_file() and path.suffix == ".json"):
            out.errors.append(ContentError(display, 0, 0, f"not an edition: content/{EDITIONS}/ holds one NAME.json "
                                                          "file an edition, as the edition command records them"))
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")  # Notepad's BOM: JSON has none, but it is no mistake
            if conflict := merge_conflict(text, display):  # two editors' editions of one day, merged
                out.errors.append(replace(conflict, message=conflict.message + "; or, as an edition is recorded "
                                          "whole, keep one side (git checkout --ours FILE) and record it again "
                                          "(edition --replace)"))
                continue
            json.loads(text)
            data, problems, key = load(path, display, cache)
        except (OSError, UnicodeDecodeError) as exc:
            out.errors.append(ContentError(display, 0, 0, f"cannot be read as UTF-8 text: {exc}"))
        except json.JSONDecodeError as exc:
            what = f"{exc.msg} line {exc.lineno}, column {exc.colno}" if exc.msg.endswith(" at") else exc.msg
            out.errors.append(ContentError(display, exc.lineno, exc.colno, f"not valid JSON: {what}; was the "
                                                                           "snapshot edited by hand?"))
        except YamlError as exc:
            out.errors.append(exc.error)
        else:
            out.errors.extend(problems)
            out.keys[display] = key  # so that the outputs' keys (pipeline.content_key) change with its bytes
            out.editions.append((display, data))


def _load_file(out: Loaded, collection: str, file: Path, display: str, cache: Cache | None,
               in_folder: bool = False) -> None:
    try:
        data, problems, key = load(file, display, cache)
    except YamlError as exc:
        out.errors.append(exc.error)
        out.unreadable.add(collection)
        return
    out.errors.extend(problems)
    out.keys[display] = key
    if collection == "site":
        out.site, out.site_file = data, display
        if data is None:
            out.errors.append(ContentError(display, 0, 0, "site.yaml is empty"))
        return
    if in_folder and (data is None or data == []):  # a file of its own for nothing: an item not written yet, or lost
        out.errors.append(ContentError(display, 0, 0, f"holds no {collection} item: write one, or delete the file"))
    if (misshapen := _misshapen(collection, data)) is not None:
        out.errors.append(misshapen)
    elif data is not None:
        entries = data if isinstance(data, YList) else [data]
        out.items[collection] += (RawItem(collection, index, entry, display) for index, entry in enumerate(entries))


def _misshapen(collection: str, data: Any) -> ContentError | None:
    """Two shapes editors give a file that its items' fields would only report as many missing fields: the list
    under the collection's name (`people:`), and the items keyed by their ids (`xi-jinping:` with fields under)."""
    if not isinstance(data, YMap) or "id" in data or not data or not all(isinstance(v, (YMap, YList)) for v in
                                                                         data.values()):
        return None
    first = next(iter(data))
    line, column = data.key_pos.get(first, (data.line, data.column))
    if list(data) == [collection]:
        return ContentError(data.file, line, column, f"the {collection} are under '{collection}:'; write the list "
                                                     "itself, each item starting with '- id:', without that line")
    if all(isinstance(v, YMap) for v in data.values()):
        return ContentError(data.file, line, column, f"the {collection} here are keyed by their ids ('{first}:'); "
                                                     f"write each as an item with its id as a field ('id: {first}')")
    return None


def unlisted(content: Path, seeds: Path, root: Path) -> list[str]:
    """A line for each file in seeds/ that no entry of articles.yaml names (a draft's included): not yet an
    article, so nothing in it is checked, shown or searched."""
    articles = load_content(content, root).items["articles"]
    named = {raw.data.get("file") for raw in articles if isinstance(raw.data, dict)}
    files = sorted(p.name for p in seeds.iterdir() if p.is_file() and not _NOT_CONTENT.match(p.name)) \
        if seeds.is_dir() else []
    return [f"{where(seeds / name, root)}: not an article yet: no entry of content/articles.yaml names this file; "
            f"`briefing new article --file {shlex.quote(name)}` adds one" for name in files if name not in named]
