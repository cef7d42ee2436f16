"""briefing.cache: one cache, by content; a build of the very inputs the site was last built
from does nothing, and says so; a cache in any state gives the site of a clean build."""
from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import cache, loader, parallel
from briefing.cache import Cache, cache_file, digest
from briefing.pipeline import SITE
from conftest import (ALPHA, ARTICLES, BUILD_PY, PROJECT, STATIC, TEMPLATES, make_briefing, rewrite, run_build,
                      run_build_py, snapshot)

NOTHING = "nothing changed since the last build"


def mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def built(root: Path, *args: str) -> str:
    code, out, err = run_build(root, "--out", "site", *args)
    assert (code, err) == (0, ""), err
    return out


def test_the_same_inputs_again_write_nothing_and_say_so(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    first = built(root).splitlines()[0]
    before, files = snapshot(root / "site"), mtimes(root / "site")
    again = built(root).splitlines()[0]
    assert again.startswith(first.rsplit(" in ", 1)[0] + " in ") and again.endswith(NOTHING)
    assert mtimes(root / "site") == files and snapshot(root / "site") == before


def test_the_first_build_into_a_new_folder_keeps_its_cache(tmp_path: Path) -> None:
    """Found measuring: `--out` in a folder not there yet (`public/korea`) built, but kept no cache (the cache
    file was opened before the build made the folder), so the second build started from nothing."""
    root = make_briefing(tmp_path)
    code, out, err = run_build(root, "--out", "public/korea")
    assert (code, err) == (0, "") and cache_file(root / "public" / "korea").is_file()
    code, out, err = run_build(root, "--out", "public/korea")
    assert (code, err) == (0, "") and out.splitlines()[0].endswith(NOTHING)


def test_a_build_into_a_served_folder_says_its_cache_is_published_too(tmp_path: Path) -> None:
    """Tried by a web developer: built straight into the web root's research/korea/, the cache (the articles' text,
    the folder's path) was served at /research/.korea-build.cache without a word."""
    root = make_briefing(tmp_path)
    www = tmp_path / "www" / "research"
    www.mkdir(parents=True)
    (www / "index.html").write_text("<p>Research</p>", encoding="utf-8")
    code, out, err = run_build(root, "--out", str(www / "korea"))
    assert (code, err) == (0, "") and (www / ".korea-build.cache").is_file()
    note = [line for line in out.splitlines() if line.startswith("note: the build's cache")]
    assert note == [f"note: the build's cache (.korea-build.cache) is kept beside korea/ in {www.resolve()}/, which "
                    "looks served (it holds a site's own files): if it is, the cache is published too; build into a "
                    "folder that is not served and copy the site from there, or build with --no-cache"]
    code, out, err = run_build(root, "--out", str(www / "korea"), "--no-cache")
    assert (code, err) == (0, "") and "note:" not in out
    assert "note:" not in built(root)  # beside the project's own site/: nothing served there


def test_any_change_to_an_input_builds_again(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    built(root)
    seed = root / "seeds" / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA paragraph added by the test.\n", encoding="utf-8")
    assert NOTHING not in built(root)
    page = (root / "site" / "sources" / "afp-report" / "index.html").read_text(encoding="utf-8")
    assert "A paragraph added by the test." in page
    (root / "seeds" / "gamma.txt").write_text("Not cited yet.\n", encoding="utf-8")  # a new file, cited or not
    assert NOTHING not in built(root)
    assert NOTHING in built(root)


@pytest.mark.parametrize("saved", ["content", "seeds"])
def test_an_input_saved_during_a_build_is_built_by_the_next(saved: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's key is made of the inputs as they were before the build read them: an
    editor's save while the build runs is never taken for built."""
    root = make_briefing(tmp_path)
    file, old, new = {"content": ("content/events.yaml", "Kim arrives in Beijing", "Kim reaches Beijing"),
                      "seeds": ("seeds/beta.txt", "Introduction", "Opening words")}[saved]
    loaded = loader.load_content

    def save_meanwhile(*args: Any) -> Any:
        found = loaded(*args)
        path = root / file
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        return found
    monkeypatch.setattr(loader, "load_content", save_meanwhile)
    built(root)
    monkeypatch.setattr(loader, "load_content", loaded)
    assert NOTHING not in built(root)
    assert new in "".join(p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.html"))


def test_the_record_lists_every_file_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build lists the files as it writes them (rendered by any process, hard-linked from
    the previous site, copied from static/), not by a walk of the site after: the same
    sizes and times a walk finds, and no file more or less."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)  # render workers even for this small briefing
    root = make_briefing(tmp_path)
    built(root)
    seed = root / "seeds" / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    built(root)  # most files hard-linked from the first build's site, a few written afresh
    cache = Cache.beside(root / "site")
    listing = cache.get(SITE + str((root / "site").resolve()))
    cache.close()
    recorded = {rel: (e.size, e.mtime, e.digest) for rel, e in listing.items()}
    walked = {p.relative_to(root / "site").as_posix(): (p.stat().st_size, p.stat().st_mtime_ns,
                                                        digest_of(p)) for p in (root / "site").rglob("*") if p.is_file()}
    assert recorded == walked and any(rel.startswith("static/") for rel in walked)


def test_a_touched_site_is_built_again(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    built(root)
    good = snapshot(root / "site")
    (root / "site" / "index.html").write_text("edited by hand", encoding="utf-8")
    assert NOTHING not in built(root)
    assert snapshot(root / "site") == good
    (root / "site" / "stray.html").write_text("left by someone", encoding="utf-8")
    assert NOTHING not in built(root)
    assert snapshot(root / "site") == good
    shutil.rmtree(root / "site" / "people")
    assert NOTHING not in built(root)
    assert snapshot(root / "site") == good


def test_other_options_or_templates_build_again(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    built(root)
    assert NOTHING not in built(root, "--base-url", "https://example.org/briefing/")
    assert 'href="https://example.org/briefing/' in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert NOTHING in built(root, "--base-url", "https://example.org/briefing/")
    assert NOTHING not in built(root)  # back without it: the site must lose the absolute links
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    code, out, err = run_build(root, "--out", "site", "--templates", str(templates))
    assert code == 0 and NOTHING not in out, err  # another folder is another input, even with the same files
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<p>Edited.</p></footer>"),
                    encoding="utf-8")
    code, out, err = run_build(root, "--out", "site", "--templates", str(templates))
    assert code == 0 and NOTHING not in out, err
    assert "<p>Edited.</p>" in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_after_a_failed_build_the_fixed_inputs_need_no_build(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    built(root)
    events = root / "content" / "events.yaml"
    good = events.read_text(encoding="utf-8")
    events.write_text(good.replace("date: 2025-09-03", "date: 2025-09-31"), encoding="utf-8")
    code, _, err = run_build(root, "--out", "site")
    assert code == 1 and "2025-09-31" in err
    events.write_text(good, encoding="utf-8")  # back as it was: the site already is its build
    assert NOTHING in built(root)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other version", "emptied"])
def test_a_damaged_cache_is_never_trusted(tmp_path: Path, damage: str) -> None:
    """A cache file that is not one, cut short, written by other code, or emptied: the
    build makes what it needs again, gives the site of a clean build, and keeps a good
    cache for the next one."""
    root = make_briefing(tmp_path)
    built(root)
    clean = snapshot(root / "site")
    file = cache_file(root / "site")
    if damage == "garbage":
        file.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        data = file.read_bytes()
        file.write_bytes(data[: len(data) // 2])
    elif damage == "other version":
        with sqlite3.connect(file) as db:
            db.execute("UPDATE meta SET version = 'another'")
    else:
        with sqlite3.connect(file) as db:
            db.execute("UPDATE entries SET value = x'00'")
    assert NOTHING not in built(root)
    assert snapshot(root / "site") == clean
    assert NOTHING in built(root)


def test_no_cache_neither_reads_nor_writes_it(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    assert NOTHING not in built(root, "--no-cache")
    assert not cache_file(root / "site").exists()
    built(root)
    assert NOTHING not in built(root, "--no-cache")  # it does not read the cache either


def test_what_a_build_did_not_use_is_dropped() -> None:
    cache = Cache()
    cache.put("a", 1)
    cache.put("b", 2)
    cache.keep()
    assert cache.get("a") == 1
    cache.keep()
    assert cache.kept == {"a": 1}
    cache.put("c", 3)
    cache.forget()  # a failed build: nothing dropped, nothing counted
    assert cache.kept == {"a": 1, "c": 3}


def test_a_cache_file_keeps_what_the_last_build_used(tmp_path: Path) -> None:
    file = tmp_path / "cache"
    first = Cache(file, "v1")
    first.put("a", [1, 2])
    first.put("b", "two")
    first.keep()
    first.close()
    second = Cache(file, "v1")
    assert second.get("a") == [1, 2]
    second.keep()
    second.close()
    third = Cache(file, "v1")
    assert (third.get("a"), third.get("b")) == ([1, 2], None)
    third.close()
    assert Cache(file, "v2").get("a") is None  # another version of the generator: nothing of it


def test_the_version_names_each_library_as_installed() -> None:
    """A library upgraded is another generator: its version is part of the cache file's."""
    from importlib import metadata
    for library in cache.LIBRARIES:
        assert cache._installed(library).lower().startswith(f"{library[1]}-{metadata.version(library[1])}.dist-info")
    assert cache._installed(("no_such_module", "no-such-library")) == "no-such-library: none"


def test_keys_are_digests_of_every_part() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("x", b"y") == digest(b"x", "y")


def digest_of(path: Path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()


_EDITS = st.lists(st.tuples(st.sampled_from(["seed", "event", "template", "none"]), st.integers(0, 10**6)),
                  min_size=1, max_size=4)
_STATES = st.sampled_from(["warm", "cold", "corrupt", "other version"])


@given(edits=_EDITS, states=st.lists(_STATES, min_size=4, max_size=4))
@settings(max_examples=6, deadline=None)
def test_random_edits_with_the_cache_in_any_state_give_a_clean_build(tmp_path_factory: pytest.TempPathFactory,
                                                                     edits: list[tuple[str, int]],
                                                                     states: list[str]) -> None:
    """One-shot builds after random edits, each with the cache warm, gone, corrupt or from
    another version: the site is byte for byte the one a build without any cache makes."""
    root = make_briefing(tmp_path_factory.mktemp("edits"))
    templates = root / "templates"
    shutil.copytree(TEMPLATES, templates)
    built(root, "--templates", str(templates))
    rng = random.Random(len(edits))
    for (what, n), state in zip(edits, states):
        if what == "seed":
            seed = root / "seeds" / "alpha.txt"
            seed.write_text(ALPHA + f"\nAn added paragraph {n}.\n", encoding="utf-8")
        elif what == "event":
            events = root / "content" / "events.yaml"
            text = events.read_text(encoding="utf-8")
            events.write_text(text.replace("Kim arrives in Beijing", f"Kim arrives in Beijing ({n})", 1)
                              if rng.random() < 0.5 else text.replace(" (", " [", 1), encoding="utf-8")
        elif what == "template":
            base = templates / "base.html"
            base.write_text(base.read_text(encoding="utf-8").replace("</footer>", f"<p>{n}</p></footer>", 1),
                            encoding="utf-8")
        file = cache_file(root / "site")
        if state == "cold":
            file.unlink(missing_ok=True)
        elif state == "corrupt":
            file.write_bytes(b"\0" * 4096)
        elif state == "other version":
            with sqlite3.connect(file) as db:
                db.execute("UPDATE meta SET version = 'another'")
        built(root, "--templates", str(templates))
        code, _, err = run_build(root, "--out", "clean", "--no-cache", "--templates", str(templates))
        assert code == 0, err
        assert snapshot(root / "site") == snapshot(root / "clean")


def test_nothing_to_do_imports_neither_jinja_nor_markdown_nor_yaml(tmp_path: Path) -> None:
    """The check runs before the stages are imported, which is most of a small build's time."""
    root = make_briefing(tmp_path)
    assert run_build_py(root, "--out", "site").returncode == 0
    probe = tmp_path / "probe.py"
    probe.write_text(f"""import os, runpy, sys
sys.path.insert(0, {str(PROJECT)!r})  # as build.py has it: not the briefing/ folder beside this probe
sys.argv = ["build.py", "--out", "site"]
def leave(code):  # build.py leaves by os._exit: here it only ends the run, for the modules to be listed
    raise SystemExit(code)
os._exit = leave
try:
    runpy.run_path({str(BUILD_PY)!r}, run_name="__main__")
except SystemExit:
    pass
print("LOADED", sorted(m for m in ("jinja2", "markdown", "yaml", "briefing.resolve") if m in sys.modules))
""", encoding="utf-8")
    done = subprocess.run([sys.executable, str(probe)], cwd=root, capture_output=True, text=True, timeout=60)
    assert NOTHING in done.stdout, done.stderr
    assert "LOADED []" in done.stdout
    (root / "seeds" / "alpha.txt").write_text("Changed.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(probe)], cwd=root, capture_output=True, text=True, timeout=60)
    assert NOTHING not in done.stdout, done.stderr
    assert "LOADED ['briefing.resolve', 'jinja2', 'markdown', 'yaml']" in done.stdout, done.stderr


def test_a_template_save_keeps_the_files_that_are_not_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search index, the data and the feed are made from the content and the articles, not
    the templates: kept (hard-linked, as written) when only a template changed, made again
    when an article did; either way the site is a clean build's."""
    from briefing import outputs, search
    root = make_briefing(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    built(root, "--templates", str(templates))
    made: list[str] = []
    each_file, data_parts = search.each_file, outputs.data_parts
    monkeypatch.setattr(search, "each_file", lambda r: made.append("index") or each_file(r))
    monkeypatch.setattr(outputs, "data_parts", lambda r: made.append("data") or data_parts(r))
    files = mtimes(root / "site")
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "<!-- a template save -->\n", encoding="utf-8")
    built(root, "--templates", str(templates))
    assert made == []
    after = mtimes(root / "site")
    assert [f for f in files if not f.endswith(".html") and after[f] != files[f]] == []
    assert "<!-- a template save -->" in (root / "site" / "index.html").read_text(encoding="utf-8")
    seed = root / "seeds" / "alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA paragraph added by the test.\n", encoding="utf-8")
    built(root, "--templates", str(templates))
    assert sorted(made) == ["data", "index"]
    code, _, err = run_build(root, "--out", "clean", "--no-cache", "--templates", str(templates))
    assert code == 0, err
    assert snapshot(root / "site") == snapshot(root / "clean")


def test_an_article_added_leaves_the_other_articles_pages_as_they_were(tmp_path: Path) -> None:
    """Tried by an editor of a 2,000-article briefing: adding one article rewrote all 2,001 article pages (8 s in
    the dev server), since each said "the briefing's 2001 articles" under "Cite this"."""
    root = make_briefing(tmp_path)
    built(root)
    before = mtimes(root / "site")
    rewrite(root, articles=ARTICLES + "- id: gamma-report\n  file: gamma.txt\n  title: Gamma\n  outlet: AFP\n"
                                      "  published: 2025-09-04\n",
            files={"seeds/gamma.txt": "Gamma reports on the parade in Beijing.\n"})
    built(root)
    after = mtimes(root / "site")
    assert "sources/gamma-report/index.html" in after
    assert after["sources/afp-report/index.html"] == before["sources/afp-report/index.html"]
    assert after["events/kim-arrives/index.html"] == before["events/kim-arrives/index.html"]
