"""briefing.write: the site is written beside the target and swapped in whole."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EVENTS, make_briefing, run_build, run_build_py, snapshot

from briefing import write
from briefing.write import CollisionError, Writer


def write_site(files: dict[str, str | bytes], static: Path, out: Path) -> int:
    """Write `files` (site path -> content) plus `static/` to `out`, staged and swapped in, as a
    one-shot build does; returns the number of files."""
    with Writer(out, {}) as site:
        for rel, content in sorted(files.items()):
            site.put(rel, content)
        return site.commit((static,))


def static_dir(tmp_path: Path) -> Path:
    static = tmp_path / "static"
    (static / "img").mkdir(parents=True)
    (static / "style.css").write_text("body{}", encoding="utf-8")
    (static / "img" / "logo.svg").write_bytes(b"<svg/>")
    return static


def test_writes_pages_and_static_files(tmp_path: Path) -> None:
    out = tmp_path / "site"
    count = write_site({"index.html": "<h1>é</h1>", "events/x/index.html": "x", "data/b.json": b"{}"},
                       static_dir(tmp_path), out)
    assert count == 5
    assert snapshot(out) == {"index.html": "<h1>é</h1>".encode(), "events/x/index.html": b"x",
                             "data/b.json": b"{}", "static/style.css": b"body{}", "static/img/logo.svg": b"<svg/>"}


def test_text_is_written_as_utf8_with_lf(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"a.html": "line one\nline two\n"}, tmp_path / "no-static", out)
    assert (out / "a.html").read_bytes() == b"line one\nline two\n"


def test_new_site_replaces_the_old_one_whole(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": "old", "events/gone/index.html": "gone"}, tmp_path / "none", out)
    write_site({"index.html": "new"}, tmp_path / "none", out)
    assert snapshot(out) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging or old folder left


def test_failure_while_writing_leaves_the_previous_site_and_no_temporary_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    static = static_dir(tmp_path)
    write_site({"index.html": "old", "events/x/index.html": "x"}, static, out)
    before = snapshot(out)
    # "a" is written as a file, so the folder "a/" cannot be made: the write fails half-way.
    with pytest.raises(OSError):
        write_site({"index.html": "new", "a": "file", "a/b.html": "below a file"}, static, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "static"]


def test_failure_during_the_swap_keeps_a_whole_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    write_site({"index.html": "old"}, tmp_path / "none", out)
    real_replace = write.os.replace
    calls: list[tuple[str, str]] = []

    def second_replace_fails(src: str, dst: str) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) == 2:
            raise OSError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(write, "_exchange", lambda a, b: False)  # the fallback where renameat2 is missing
    monkeypatch.setattr(write.os, "replace", second_replace_fails)
    with pytest.raises(OSError):
        write_site({"index.html": "new"}, tmp_path / "none", out)
    monkeypatch.setattr(write.os, "replace", real_replace)
    # Whatever happened, the address holds a complete site: the old one or the new one.
    assert snapshot(out) in ({"index.html": b"old"}, {"index.html": b"new"})


def test_page_colliding_with_a_static_file(tmp_path: Path) -> None:
    out = tmp_path / "site"
    static = static_dir(tmp_path)
    write_site({"index.html": "old"}, static, out)
    with pytest.raises(CollisionError, match="static/style.css is both a page and a static file"):
        write_site({"static/style.css": "page"}, static, out)
    assert snapshot(out)["index.html"] == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "static"]


def test_out_folder_is_created_with_its_parents(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "er" / "site"
    write_site({"index.html": "x"}, tmp_path / "none", out)
    assert (out / "index.html").read_text(encoding="utf-8") == "x"


def test_failed_build_keeps_previous_site_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    assert run_build(root, "--out", "out/site", "-q")[0] == 0
    before = snapshot(root / "out" / "site")
    (root / "content" / "events.yaml").write_text(EVENTS.replace("date: 2025-09-03", "date: 2025-09-31"),
                                                  encoding="utf-8")
    code, _, _ = run_build(root, "--out", "out/site")
    assert code == 1
    assert snapshot(root / "out" / "site") == before
    # the site, its cache and its lock (briefing/cache.py, write.lock); no temporary folder
    assert sorted(p.name for p in (root / "out").iterdir()) == [".site-build.cache", ".site-build.lock", "site"]


def test_rebuild_after_a_fix_replaces_the_site(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    assert run_build(root, "--out", "site", "-q")[0] == 0
    (root / "content" / "events.yaml").write_text(EVENTS.replace("Victory Day parade", "Victory parade"),
                                                  encoding="utf-8")
    assert run_build(root, "--out", "site", "-q")[0] == 0
    assert "Victory parade" in (root / "site" / "events" / "victory-parade" / "index.html").read_text("utf-8")
    assert sorted(p.name for p in root.iterdir()) == [".site-build.cache", ".site-build.lock", "content", "seeds",
                                                      "site"]


def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    write_site({"index.html": "old"}, tmp_path / "none", out)
    swapped: list[bool] = []
    real = write._exchange
    monkeypatch.setattr(write, "_exchange", lambda a, b: swapped.append(real(a, b)) or swapped[-1])
    monkeypatch.setattr(write.os, "replace", lambda *a: pytest.fail("the two-step swap was used"))
    write_site({"index.html": "new"}, tmp_path / "none", out)
    assert swapped == [True]
    assert snapshot(out) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "site"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has ended
    for name in (f".site.building-{pid}", f".site.old-{pid}"):
        (tmp_path / name / "events").mkdir(parents=True)
    (tmp_path / f".site.building-{os.getpid()}-keep").mkdir()  # not ours to judge: not a pid
    write_site({"index.html": "x"}, tmp_path / "none", out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".site.building-{os.getpid()}-keep", "site"]


def _written(out: Path, files: dict[str, str], before: write.Listing, in_place: bool = False) -> write.Listing:
    with write.Writer(out, before, in_place) as site:
        for rel, text in files.items():
            site.put(rel, text)
        site.commit((out.parent / "no-static",))
        return site.listing


def test_an_unchanged_file_is_the_previous_sites_very_file(tmp_path: Path) -> None:
    """Staged: a file whose bytes did not change is hard-linked from the previous site (it
    keeps its inode and mtime); a changed one is new."""
    out = tmp_path / "site"
    listing = _written(out, {"a.html": "same", "b.html": "old"}, {})
    a, b = (out / "a.html").stat(), (out / "b.html").stat()
    listing = _written(out, {"a.html": "same", "b.html": "new"}, listing)
    assert (out / "a.html").stat().st_ino == a.st_ino and (out / "b.html").stat().st_ino != b.st_ino
    assert snapshot(out) == {"a.html": b"same", "b.html": b"new"}
    assert listing["a.html"].digest == hashlib.sha256(b"same").hexdigest()


def test_a_file_touched_since_it_was_written_is_written_again(tmp_path: Path) -> None:
    """The listing's digest is trusted only while the file's size and mtime are as written."""
    out = tmp_path / "site"
    listing = _written(out, {"a.html": "same"}, {})
    (out / "a.html").write_text("edited by hand", encoding="utf-8")
    _written(out, {"a.html": "same"}, listing)
    assert snapshot(out) == {"a.html": b"same"}


def test_where_hard_links_are_refused_unchanged_files_are_copied(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    listing = _written(out, {"a.html": "same", "dir/b.html": "b"}, {})

    def refused(*args: object) -> None:
        raise OSError(1, "Operation not permitted")
    monkeypatch.setattr(write.os, "link", refused)
    _written(out, {"a.html": "same", "dir/b.html": "b"}, listing)
    assert snapshot(out) == {"a.html": b"same", "dir/b.html": b"b"}


def test_in_place_writes_only_changed_files_and_removes_the_ones_gone(tmp_path: Path) -> None:
    """The dev server's mode: only the changed files are staged, then moved in; an unchanged
    file is untouched, a file this build did not write removed."""
    out = tmp_path / "site"
    listing = _written(out, {"a.html": "same", "b.html": "old", "gone.html": "x"}, {})
    a = (out / "a.html").stat()
    with write.Writer(out, listing, in_place=True) as site:
        site.put("a.html", "same")
        site.put("b.html", "new")
        assert snapshot(site.folder) == {"b.html": b"new"}  # only the changed file is staged
        site.commit((tmp_path / "no-static",))
    assert (out / "a.html").stat().st_mtime_ns == a.st_mtime_ns
    assert snapshot(out) == {"a.html": b"same", "b.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_in_place_a_failed_build_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    listing = _written(out, {"a.html": "old"}, {})
    with pytest.raises(KeyError), write.Writer(out, listing, in_place=True) as site:
        site.put("a.html", "new")
        raise KeyError("a template mistake on the next page")
    assert snapshot(out) == {"a.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_second_build_into_the_same_site_is_refused_while_one_runs(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with write.lock(out):
        held = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from briefing import write\n"
                               "try:\n    with write.lock(Path(sys.argv[1])): pass\n"
                               "except write.LockedError as e: print(e)", str(out)],
                              capture_output=True, text=True, timeout=60)
    assert held.stdout.startswith(f"site/ is being written by another build (process {os.getpid()})"), held
    with write.lock(out):  # released
        pass


def test_a_build_refused_for_another_running_says_so_with_its_own_exit_status(tmp_path: Path) -> None:
    """75, not 1: a CI job can tell "try again" from a content error."""
    root = make_briefing(tmp_path)
    with write.lock(root / "site"):
        result = run_build_py(root, "--out", "site")
    assert result.returncode == 75, result.stderr
    assert result.stderr.startswith("cannot build: site/ is being written by another build")
