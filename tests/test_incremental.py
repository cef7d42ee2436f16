"""Rebuilds while serving: after any sequence of edits, the site equals a clean build."""
from __future__ import annotations

import os
import pickle
import random
import re
import shutil
import time
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from briefing.cache import Cache
from briefing.errors import ContentErrors
from briefing.pipeline import Options, Overlay, Paths, build
from briefing.serve import ERRORS_JSON, OVERLAY, OVERLAY_JS, Rebuilder
from conftest import BASE, ODD_VALUES, STATIC, TEMPLATES, THEME, make_briefing

PROJECT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.html")}


def copy_briefing(root: Path) -> Paths:
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree((THEME if name in ("templates", "static") else PROJECT) / name, root / name)
    return Paths(root / "content", root / "seeds", root / "templates", root / "static", root / "site", root)


def clean_build(paths: Paths, out: Path) -> dict[str, bytes]:
    if out.exists():
        shutil.rmtree(out)
    build(Paths(paths.content, paths.seeds, paths.templates, paths.static, out, paths.root),
          Options(overlay=Overlay(OVERLAY_JS, OVERLAY, ERRORS_JSON)), Cache())
    return tree(out)


def replace(path: Path, pattern: str, make: Callable[[re.Match[str]], str], rng: random.Random) -> None:
    text = path.read_text(encoding="utf-8")
    matches = list(re.finditer(pattern, text, flags=re.M))
    m = rng.choice(matches)
    path.write_text(text[: m.start()] + make(m) + text[m.end():], encoding="utf-8")


def test_random_edits_always_match_a_clean_build(tmp_path: Path) -> None:
    paths = copy_briefing(tmp_path / "b")
    logged: list[str] = []
    rebuild = Rebuilder(paths, drafts=False, log=logged.append)
    rebuild()
    assert rebuild.errors == []
    rng = random.Random(20250903)
    c, seeds, t, st = paths.content, paths.seeds, paths.templates, paths.static
    n = 0

    def counter() -> str:
        nonlocal n
        n += 1
        return str(n)

    edits: list[Callable[[], None]] = [
        lambda: replace(c / "events.yaml", r"^  title: ([^\"'\n].*)$", lambda m: f"  title: {m[1]} {counter()}", rng),
        lambda: replace(c / "people.yaml", r"^  role: ([^\"'\n].*)$", lambda m: f"  role: {m[1]} ({counter()})", rng),
        lambda: replace(c / "themes.yaml", r"^  title: ([^\"'\n].*)$", lambda m: f"  title: {m[1]} {counter()}", rng),
        lambda: replace(c / "site.yaml", r"^title: ([^\"'\n].*)$", lambda m: f"title: {m[1]} {counter()}", rng),
        lambda: replace(c / "quotes.yaml", r"^  context: ([^\"'\n].*)$", lambda m: f"  context: {m[1]} ({counter()})", rng),
        lambda: (seeds / rng.choice(sorted(p.name for p in seeds.iterdir()))).open("a", encoding="utf-8").write(
            f"\n\nAn added paragraph, number {counter()}.\n"),
        lambda: replace(t / "base.html", r"Every quote is checked", lambda m: f"Edit {counter()}. {m[0]}", rng),
        lambda: (st / "style.css").open("a", encoding="utf-8").write(f"\n/* edit {counter()} */\n"),
        lambda: (c / "themes.yaml").open("a", encoding="utf-8").write(
            f"\n- id: added-theme-{counter()}\n  title: An added theme\n  summary: Added by the test.\n"),
    ]
    for step in range(14):
        rng.choice(edits)()
        if step % 5 == 4:  # now and then a mistake, fixed at once: the site must not move
            before = tree(paths.out)
            events = c / "events.yaml"
            good = events.read_text(encoding="utf-8")
            events.write_text(good.replace("  people: [", "  people: [nobody-at-all, ", 1), encoding="utf-8")
            rebuild()
            assert rebuild.errors and "unknown person 'nobody-at-all'" in rebuild.errors[0].message
            assert {k: v for k, v in tree(paths.out).items() if k != ERRORS_JSON} == \
                   {k: v for k, v in before.items() if k != ERRORS_JSON}
            events.write_text(good, encoding="utf-8")
        rebuild()
        assert rebuild.errors == [], rebuild.errors
        assert tree(paths.out) == clean_build(paths, tmp_path / f"clean-{step}"), f"differs after step {step}"


def test_what_the_dev_server_keeps_does_not_grow_save_after_save(tmp_path: Path) -> None:
    """An editor saves hundreds of times a session: what the server keeps between builds is
    what the last build used (one parse of each YAML file and of each article, each
    page's key once), never every version saved."""
    paths = copy_briefing(tmp_path / "b")
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None)
    rebuild()
    article, events = sorted(paths.seeds.iterdir())[1], paths.content / "events.yaml"
    text, yaml_text = article.read_text(encoding="utf-8"), events.read_text(encoding="utf-8")
    title = "title: Leaders of North Korea, China and Russia last meet together"

    def save(i: int) -> dict[str, int]:
        article.write_text(text.rstrip("\n") + f"\n\nEdit {i}: Xi Jinping and Kim Jong Un met again.\n",
                           encoding="utf-8")
        events.write_text(yaml_text.replace(title, f"{title} (edit {i})"), encoding="utf-8")
        rebuild()
        assert rebuild.errors == []
        kept = rebuild.cache.kept
        return {"entries": len(kept), "bytes": len(pickle.dumps(kept))}
    first = save(1)
    assert all(first.values()), first
    for i in range(2, 6):
        assert save(i) == first


def test_a_css_edit_rewrites_no_page(tmp_path: Path) -> None:
    paths = copy_briefing(tmp_path / "b")
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None)
    rebuild()
    pages = mtimes(paths.out)
    css = (paths.out / "static" / "style.css").stat().st_mtime_ns
    with (paths.static / "style.css").open("a", encoding="utf-8") as f:
        f.write("\n/* a change */\n")
    rebuild()
    assert rebuild.errors == []
    assert mtimes(paths.out) == pages
    assert (paths.out / "static" / "style.css").stat().st_mtime_ns != css


def test_a_deleted_output_file_comes_back_whole(tmp_path: Path) -> None:
    paths = copy_briefing(tmp_path / "b")
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None)
    rebuild()
    page = paths.out / "people" / "index.html"
    before = page.read_bytes()
    page.unlink()
    rebuild()
    assert page.read_bytes() == before


def test_an_unchanged_broken_file_reports_the_same_errors_every_time(tmp_path: Path) -> None:
    paths = copy_briefing(tmp_path / "b")
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None)
    rebuild()
    people = paths.content / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("  role:", "  rolle:", 1), encoding="utf-8")
    rebuild()
    first = [str(e) for e in rebuild.errors]
    assert any("unknown field 'rolle'; did you mean 'role'?" in line for line in first)
    (paths.content / "themes.yaml").open("a", encoding="utf-8").write("\n# an unrelated edit\n")
    rebuild()
    assert [str(e) for e in rebuild.errors] == first


def test_an_empty_folder_made_in_the_content_is_seen_by_the_next_build(tmp_path: Path) -> None:
    """Tried by an editor of folders: after `mkdir content/themes-old` a one-shot build said nothing had changed
    (exit 0) where `check` and `--no-cache` named the folder; the dev server did not rebuild at all."""
    paths = copy_briefing(tmp_path / "b")
    cache = Cache()
    build(paths, Options(), cache)
    (paths.content / "themes-old").mkdir()
    with pytest.raises(ContentErrors, match="content/themes-old: unknown collection 'themes-old'"):
        build(paths, Options(), cache)
    (paths.content / "themes-old").rmdir()
    assert build(paths, Options(), cache).unchanged  # the inputs of the first build, and its site untouched


def test_a_render_worker_that_dies_leaves_the_server_going(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ended by the out-of-memory killer, say: the save is reported as failed, the last good
    site stays, and the next save builds."""
    from briefing import outputs, parallel
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    paths = copy_briefing(tmp_path / "b")
    lines: list[str] = []
    rebuild = Rebuilder(paths, drafts=False, log=lines.append)
    rebuild()
    before = tree(paths.out)
    jobs, here = outputs.jobs, os.getpid()

    def dies(site: object) -> None:  # in a forked worker; here it waits for the worker to take the other
        if os.getpid() != here:
            os._exit(3)
        time.sleep(1)
    monkeypatch.setattr(outputs, "jobs", lambda *args: [("one", dies), ("two", dies)])
    (paths.content / "themes.yaml").open("a", encoding="utf-8").write("\n# an edit\n")
    rebuild()
    assert rebuild.errors and "exit code 3" in rebuild.errors[0].message
    assert {k: v for k, v in tree(paths.out).items() if k != ERRORS_JSON} == \
           {k: v for k, v in before.items() if k != ERRORS_JSON}
    monkeypatch.setattr(outputs, "jobs", jobs)
    rebuild()
    assert rebuild.errors == []
    assert tree(paths.out) == clean_build(paths, tmp_path / "clean")


def _change(rng: random.Random, rel: str, text: str) -> str:
    """One random change, mostly a mistake: a YAML value replaced by an odd one, removed or
    repeated; an odd string put into an article."""
    if rel.startswith("seeds/"):
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice([*ODD_VALUES, "\n\n", " Xi Jinping ", " Kim Jong Un’s "]) + text[at:]
    tree_ = yaml.safe_load(text)
    places: list[tuple[Any, ...]] = []

    def walk(node: Any, at: tuple[Any, ...]) -> None:
        places.append(at)
        for key, child in (node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list)
                           else ()):
            walk(child, (*at, key))
    walk(tree_, ())
    if len(places) < 2:
        return text
    *path, last = rng.choice(places[1:])
    parent = tree_
    for key in path:
        parent = parent[key]
    how = rng.random()
    if how < 0.6:
        parent[last] = rng.choice(ODD_VALUES)
    elif how < 0.8:
        del parent[last]
    elif isinstance(parent, list):
        parent.append(parent[last])
    return yaml.safe_dump(tree_, allow_unicode=True, sort_keys=False)


def test_random_mistakes_and_undos_while_serving_leave_the_site_of_a_clean_build(tmp_path: Path) -> None:
    """An editor's session of slips, undos and fixes through one Rebuilder: what it keeps from
    build to build (parsed YAML, checked items, articles, mentions, pages) never raises, and
    after every good build the site is the clean build of the same files."""
    root = make_briefing(tmp_path)
    paths = Paths(root / "content", root / "seeds", TEMPLATES, STATIC, root / "site", root)
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None)
    rebuild()
    assert rebuild.errors == []
    originals = {rel: (root / rel).read_text(encoding="utf-8") for rel in [*BASE, "seeds/alpha.txt", "seeds/beta.txt"]}
    rng = random.Random(20261124)
    good = 0
    for step in range(60):
        if rng.random() < 0.15:  # everything as it was
            for rel, text in originals.items():
                (root / rel).write_text(text, encoding="utf-8")
        rel = rng.choice(sorted(originals))
        before = (root / rel).read_text(encoding="utf-8")
        (root / rel).write_text(_change(rng, rel, before), encoding="utf-8")
        rebuild()
        if rebuild.errors and rng.random() < 0.7:  # undone
            (root / rel).write_text(before, encoding="utf-8")
            rebuild()
        if not rebuild.errors:
            good += 1
            assert tree(paths.out) == clean_build(paths, tmp_path / f"clean-{step}"), f"differs after step {step}"
    assert good >= 20
