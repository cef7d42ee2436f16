"""Rebuilds while serving: after any sequence of edits, the site equals a clean build."""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import re
import shutil
import time
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from bs4 import BeautifulSoup

from briefing import resolve, search, serve, yamlio
from briefing.pipeline import Paths, after_reload, build
from briefing.serve import ERRORS_JSON, OVERLAY, OVERLAY_JS, Rebuilder
from conftest import BASE, ODD_VALUES, STATIC, TEMPLATES, make_briefing

PROJECT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.html")}


def copy_briefing(root: Path) -> Paths:
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(PROJECT / name, root / name)
    return Paths(root / "content", root / "seeds", root / "templates", root / "static", root / "site", root)


def clean_build(paths: Paths, out: Path) -> dict[str, bytes]:
    if out.exists():
        shutil.rmtree(out)
    build(Paths(paths.content, paths.seeds, paths.templates, paths.static, out, paths.root),
          overlay=(OVERLAY_JS, OVERLAY, ERRORS_JSON))
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
    article's paragraphs and mentions once), never every version saved."""
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
        rebuild.rest()
        kept = rebuild.session.views
        return {"YAML files parsed": len(yamlio._cache), "articles parsed": len(resolve._block_cache),
                "paragraphs scanned for names": len(resolve._mention_memo[1]),
                "texts scanned for names": len(resolve._mention_memo[2]),
                "page parts": len(kept), "texts split into words": len(kept["search-words"])}
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


def wait_until_drained(rebuild: Rebuilder) -> None:
    from tornado.ioloop import IOLoop

    async def drained() -> None:  # the pages, then the search index and data files
        while rebuild.draining or rebuild.writing or rebuild.session.rest:
            await asyncio.sleep(0.005)
    IOLoop.current().run_sync(drained, timeout=30)


def test_a_template_save_renders_the_open_page_first_and_the_rest_after(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    paths = copy_briefing(tmp_path / "b")
    shown = "events/victory-day-parade-2025/index.html"
    reloads: list[int] = []
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None,
                        open_pages=lambda: {"http://127.0.0.1:8000/events/victory-day-parade-2025/"},
                        reload=lambda: reloads.append(1))
    rebuild()
    monkeypatch.setattr(serve, "EAGER_PAGES", 0)
    base = paths.templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("Every quote is checked", "Edited. Every quote is checked"),
                    encoding="utf-8")
    rebuild()
    assert rebuild.errors == []

    def footer(rel: str) -> str:
        soup = BeautifulSoup((paths.out / rel).read_text(encoding="utf-8"), "html.parser")
        return soup.select_one("footer p").get_text()
    assert "Edited." in footer(shown)  # the browser's page: rendered before the reload
    assert "Edited." not in footer("people/index.html")  # the rest: not yet
    rebuild.ensure("people/index.html")  # a browser asks for it: rendered first
    assert "Edited." in footer("people/index.html")
    wait_until_drained(rebuild)
    assert rebuild.session.renderer.pending == {}
    assert tree(paths.out) == clean_build(paths, tmp_path / "clean")
    assert reloads == []


@pytest.mark.parametrize("asked", ["search/meta.js", "data/briefing.json", "feed.xml"])
def test_the_search_index_and_data_files_are_written_after_the_reload_or_when_asked_for(
        tmp_path: Path, asked: str) -> None:
    paths = copy_briefing(tmp_path / "b")
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None,
                        open_pages=lambda: {"http://127.0.0.1:8000/events/victory-day-parade-2025/"},
                        reload=lambda: None)
    rebuild()
    words = paths.out / "search" / "w"
    assert not words.exists() and (paths.out / "index.html").is_file()  # the server is up first,
    rebuild.wait_rest()  # and they follow (as after every save)
    assert words.is_dir()

    def everywhere() -> dict[str, bool]:
        """Whether the new word is in the index, the data, the feed and the event's page."""
        return {"index": any("zanzibarish" in p.read_text(encoding="utf-8") for p in words.iterdir()),
                **{name: "zanzibarish" in (paths.out / name).read_text(encoding="utf-8")
                   for name in ("data/briefing.json", "feed.xml", "timeline/index.html")}}

    assert not any(everywhere().values())
    replace(paths.content / "events.yaml", r"^  title: ([^\"'\n].*)$", lambda m: f"  title: {m[1]} zanzibarish",
            random.Random(1))
    rebuild()
    assert rebuild.errors == []
    assert everywhere() == {"index": False, "data/briefing.json": False, "feed.xml": False,
                            "timeline/index.html": True}  # the pages now, the rest not yet
    rebuild.ensure(asked)  # a browser asks for one of them: all written first
    assert all(everywhere().values())
    wait_until_drained(rebuild)
    assert tree(paths.out) == clean_build(paths, tmp_path / "clean")


def test_the_search_index_and_data_files_are_written_by_another_process(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """They take seconds at thousands of articles: meanwhile the server's loop serves pages
    and takes the next save. A save while they are written has its own written after."""
    from tornado.ioloop import IOLoop

    paths = copy_briefing(tmp_path / "b")
    made_by = tmp_path / "made-by"
    files = search.files

    def slow_files(*args: Any) -> dict[str, str]:
        with made_by.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        time.sleep(1.0)
        return files(*args)
    monkeypatch.setattr(search, "files", slow_files)
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None,
                        open_pages=lambda: {"http://127.0.0.1:8000/"}, reload=lambda: None)
    rebuild()
    waited: list[float] = []

    async def meanwhile() -> None:
        while not rebuild.writing:
            await asyncio.sleep(0.005)
        started = time.perf_counter()
        await asyncio.sleep(0.05)
        waited.append(time.perf_counter() - started)  # the loop is free while they are written
        replace(paths.content / "events.yaml", r"^  title: ([^\"'\n].*)$",
                lambda m: f"  title: {m[1]} zanzibarish", random.Random(1))
        rebuild()  # a save meanwhile
    IOLoop.current().run_sync(meanwhile, timeout=30)
    wait_until_drained(rebuild)
    assert waited and waited[0] < 0.5
    makers = made_by.read_text(encoding="utf-8").split()
    assert len(makers) == 2 and str(os.getpid()) not in makers  # one for each build, not this process
    assert "zanzibarish" in (paths.out / "data" / "briefing.json").read_text(encoding="utf-8")
    assert tree(paths.out) == clean_build(paths, tmp_path / "clean")
    written = rebuild.session.writer.written  # what the other process wrote, as this one knows it
    assert {rel: digest for rel, digest in written.items() if after_reload(rel)} == {
        rel: hashlib.sha256((paths.out / rel).read_bytes()).hexdigest() for rel in tree(paths.out) if after_reload(rel)}


def test_a_process_writing_the_search_index_that_dies_leaves_the_server_going(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = copy_briefing(tmp_path / "b")
    lines: list[str] = []
    files = search.files
    monkeypatch.setattr(search, "files", lambda *args: os._exit(3))  # as the out-of-memory killer would end it
    rebuild = Rebuilder(paths, drafts=False, log=lines.append, open_pages=lambda: {"http://127.0.0.1:8000/"},
                        reload=lambda: None)
    rebuild()
    wait_until_drained(rebuild)
    assert lines[-1] == ("the search index and data files could not be written: internal error: RuntimeError('a "
                         "build process ended without its result (exit code 3)'); please report it")
    monkeypatch.setattr(search, "files", files)
    replace(paths.content / "events.yaml", r"^  title: ([^\"'\n].*)$", lambda m: f"  title: {m[1]} zanzibarish",
            random.Random(1))
    rebuild()  # the next save has them written, whole
    wait_until_drained(rebuild)
    assert lines[-1].startswith("search index and data files written in ")
    assert tree(paths.out) == clean_build(paths, tmp_path / "clean")


def test_a_template_mistake_only_later_pages_reach_is_shown_after_they_render(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = copy_briefing(tmp_path / "b")
    reloads: list[int] = []
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None,
                        open_pages=lambda: {"http://127.0.0.1:8000/"}, reload=lambda: reloads.append(1))
    rebuild()
    monkeypatch.setattr(serve, "EAGER_PAGES", 0)
    person = paths.templates / "person.html"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("{% block main %}", "{% block main %}{{ no_such_thing.field }}", 1), encoding="utf-8")
    line = text[: text.index("{% block main %}")].count("\n") + 1
    rebuild()
    assert rebuild.errors == []  # the home page does not use person.html
    wait_until_drained(rebuild)
    ids = [p.parent.name for p in (paths.out / "people").glob("*/index.html")]
    people = len(ids)  # one line for all of them, naming the first
    assert [str(e) for e in rebuild.errors] == [
        f"{person}:{line}: template error rendering people/{min(ids)}/: "
        f"'no_such_thing' is undefined (and {people - 1} more pages)"]
    assert json.loads((paths.out / ERRORS_JSON).read_text(encoding="utf-8")) == [str(rebuild.errors[0])]
    assert reloads == [1]



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


def test_an_articles_paragraphs_stay_kept_when_its_card_counts_them(tmp_path: Path) -> None:
    """The dev server keeps each article's paragraphs as HTML between saves; the card that
    shows how many there are keeps its count beside them, not in their place."""
    from briefing.pipeline import check
    from briefing.views import Views
    paths = copy_briefing(tmp_path / "b")
    r = check(paths)
    views = Views(r, {})
    for a in r.content.articles:
        html = views.paragraphs(a)
        count = views.article_card(a)["paragraphs"]
        assert views.paragraphs(a) is html
        assert count == sum(1 for b in html if b["anchor"].startswith("p"))
