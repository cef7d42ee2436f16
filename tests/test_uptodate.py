"""A build of the very inputs the site was last built from does nothing, and says so."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefing import parallel, pipeline, uptodate
from conftest import BUILD_PY, STATIC, TEMPLATES, make_briefing, run_build, run_build_py, snapshot

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
    """The record's key is made of the inputs as they were before the build read them (seeds/
    by the read-ahead, from the bytes it parses): an editor's save while the build runs is
    never taken for built."""
    root = make_briefing(tmp_path)
    file, old, new = {"content": ("content/events.yaml", "Kim arrives in Beijing", "Kim reaches Beijing"),
                      "seeds": ("seeds/beta.txt", "Introduction", "Opening words")}[saved]
    loaded = pipeline.load_content

    def save_meanwhile(*args: Any) -> Any:
        found = loaded(*args)
        path = root / file
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        return found
    monkeypatch.setattr(pipeline, "load_content", save_meanwhile)
    built(root)
    monkeypatch.setattr(pipeline, "load_content", loaded)
    built(root)  # builds again unless the first build already read the saved bytes (the read-ahead may have)
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
    recorded = json.loads(uptodate.state_file(root / "site").read_text(encoding="utf-8"))["files"]
    walked = {p.relative_to(root / "site").as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
              for p in (root / "site").rglob("*") if p.is_file()}
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


def test_a_damaged_record_means_a_full_build(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    built(root)
    (root / ".site-build.json").write_text("{not json", encoding="utf-8")
    assert NOTHING not in built(root)
    assert NOTHING in built(root)


def test_nothing_to_do_imports_neither_jinja_nor_markdown_nor_yaml(tmp_path: Path) -> None:
    """The check runs before the pipeline is imported, which is most of a small build's time;
    nor does it import the parts of the pipeline the read-ahead uses (resolve, its model)."""
    root = make_briefing(tmp_path)
    assert run_build_py(root, "--out", "site").returncode == 0
    probe = tmp_path / "probe.py"
    probe.write_text(f"""import os, runpy, sys
sys.argv = ["build.py", "--templates", {str(TEMPLATES)!r}, "--static", {str(STATIC)!r}, "--out", "site"]
def leave(code):  # build.py leaves by os._exit: here it only ends the run, for the modules to be listed
    raise SystemExit(code)
os._exit = leave
try:
    runpy.run_path({str(BUILD_PY)!r}, run_name="__main__")
except SystemExit:
    pass
print("LOADED", sorted(m for m in ("jinja2", "markdown", "yaml", "briefing.resolve", "briefing.model",
                                   "multiprocessing") if m in sys.modules))
""", encoding="utf-8")
    done = subprocess.run([sys.executable, str(probe)], cwd=root, capture_output=True, text=True, timeout=60)
    assert NOTHING in done.stdout, done.stderr
    assert "LOADED []" in done.stdout
    (root / "seeds" / "alpha.txt").write_text("Changed.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(probe)], cwd=root, capture_output=True, text=True, timeout=60)
    assert NOTHING not in done.stdout, done.stderr
    assert "LOADED ['briefing.model', 'briefing.resolve', 'jinja2', 'markdown', 'multiprocessing', 'yaml']" \
        in done.stdout, done.stderr
