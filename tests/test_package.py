"""The package as a new user gets it: a wheel built from the project, installed into a new virtual
environment, and its `briefing` command run from folders far from this repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import __version__
from briefing.serve import free_port
from conftest import PROJECT, answering, broken_links, snapshot

CHROMIUM = "/usr/bin/chromium"


def _env() -> dict[str, str]:
    """The environment of a user's shell: nothing pointing at this repository."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the project's files (the build leaves nothing in the repository)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(PROJECT / name, src / name)
    shutil.copytree(PROJECT / "briefing", src / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)],
                   check=True, cwd=dist, env=_env(), timeout=300)
    (found,) = dist.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def command(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `briefing` command of a new virtual environment holding the wheel and its dependencies only."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=_env(), timeout=120)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True,
                   env=_env(), timeout=600)
    return venv / "bin" / "briefing"


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=_env(), timeout=120)


def test_the_wheel_holds_the_theme_and_names_the_command(wheel: Path) -> None:
    assert wheel.name == f"briefing_ssg-{__version__}-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    theme = sorted(n for n in names if n.startswith("briefing/theme/"))
    expected = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "briefing" / "theme").rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts)
    assert theme == expected
    assert "briefing/overlay.js" in names and "briefing/__main__.py" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "briefing = briefing.cli:run" in zipfile.ZipFile(wheel).read(entry).decode()


def test_init_then_build_from_a_folder_far_from_the_repository(command: Path, tmp_path: Path) -> None:
    assert run([str(command), "--version"], tmp_path).stdout == f"briefing {__version__}\n"
    made = run([str(command), "init", "desk"], tmp_path)
    assert made.returncode == 0, made.stderr
    built = run([str(command)], tmp_path / "desk")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built site/: 10 pages, ")
    assert broken_links(tmp_path / "desk" / "site") == []
    python = command.with_name("python")
    again = run([str(python), "-m", "briefing", "check"], tmp_path / "desk")
    # init's placeholders named first (what is still to be written), then the verdict
    assert again.returncode == 0 and again.stdout.splitlines()[-1].startswith("content OK: 0 articles"), again.stderr


def test_the_installed_command_builds_the_bundled_briefing_as_the_repository_does(command: Path,
                                                                                  tmp_path: Path) -> None:
    elsewhere = tmp_path / "kim"
    for name in ("content", "seeds"):
        shutil.copytree(PROJECT / name, elsewhere / name)
    installed = run([str(command), "build", "--no-cache"], elsewhere)
    assert installed.returncode == 0, installed.stderr
    here = run([sys.executable, str(PROJECT / "build.py"), "--out", str(tmp_path / "repo-site"), "--no-cache"],
               PROJECT)
    assert here.returncode == 0, here.stderr
    assert snapshot(elsewhere / "site") == snapshot(tmp_path / "repo-site")


@pytest.fixture()
def served(command: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    assert run([str(command), "init", "desk"], tmp_path).returncode == 0
    root = tmp_path / "desk"
    port = free_port("127.0.0.1", 19000 + (hash(str(tmp_path)) % 500))
    proc = subprocess.Popen([str(command), "serve", "--port", str(port)], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=_env())
    base = f"http://127.0.0.1:{port}/"
    answering(proc, base)
    yield base, root
    proc.terminate()
    print(proc.communicate(timeout=10)[0])  # shown by pytest when the test failed


def test_the_installed_server_reloads_the_page_after_a_save(served: tuple[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    base, root = served
    site = root / "content" / "site.yaml"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        with page.expect_websocket() as socket_info:
            page.goto(base)
        socket_info.value.wait_for_event("framereceived")  # livereload's hello: the page is listening
        assert page.inner_text("h1") == "Desk"
        site.write_text(site.read_text(encoding="utf-8").replace('title: "Desk"', "title: The desk's briefing"),
                        encoding="utf-8")
        page.wait_for_function("document.querySelector('h1').textContent === \"The desk's briefing\"", timeout=3000)
        browser.close()
