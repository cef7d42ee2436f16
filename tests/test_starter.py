"""`briefing init` (briefing.starter): a new briefing folder that builds at once, and what it ships with."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from briefing import __version__
from briefing.starter import DISTRIBUTION
from conftest import BUILD_PY, broken_links, run_build

RUN = f"python {BUILD_PY}"  # `python build.py` as run from the folder init makes

FILES = [".gitignore", "README.md", "content/articles.yaml", "content/claims.yaml", "content/events.yaml",
         "content/people.yaml", "content/quotes.yaml", "content/site.yaml", "content/themes.yaml",
         "requirements.txt", "seeds/README.md"]


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_in_a_folder_named_with_spaces_says_a_command_that_runs(tmp_path: Path) -> None:
    """Tried by a Windows editor: "next: cd Briefing Été 2026 && ..." failed when pasted, and the title was
    "Briefing été 2026"."""
    code, out, err = run_build(tmp_path, "init", "Briefing Été 2026")
    assert (code, err) == (0, "")
    assert out == f"wrote a new briefing in Briefing Été 2026/; next: cd 'Briefing Été 2026' && {RUN} serve\n"
    site = yaml.safe_load((tmp_path / "Briefing Été 2026" / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site["title"] == "Briefing Été 2026"


def test_init_writes_a_briefing_that_builds_at_once_and_says_how_to_begin(tmp_path: Path) -> None:
    code, out, err = run_build(tmp_path, "init", "kim-in-beijing")
    root = tmp_path / "kim-in-beijing"
    assert (code, err) == (0, "")
    # the clone's build.py, which the new folder lacks (`python build.py serve` there was "can't open file")
    assert out == f"wrote a new briefing in kim-in-beijing/; next: cd kim-in-beijing && {RUN} serve\n"
    assert files(root) == FILES
    site = yaml.safe_load((root / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site["title"] == "Kim in beijing" and len(site["key_judgments"]) == 1
    # briefing is not on PyPI: the requirement names a repository at this version's tag, which the desk fills in,
    # never a bare name a stranger could register there
    from packaging.requirements import Requirement
    lines = [line for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    (wanted,) = [Requirement(line) for line in lines]
    assert wanted.name == DISTRIBUTION and str(wanted.url).startswith("git+https://") and wanted.url.endswith(
        f"@v{__version__}")

    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    assert out.startswith("built site/: 10 pages, ") and " from 0 articles, 0 events, 0 people, 0 themes, 0 quotes and 0 claims in " in out
    assert broken_links(root / "site") == []
    home = BeautifulSoup((root / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    start = home.find("section", attrs={"aria-labelledby": "start"})
    assert start is not None and start.h2.get_text() == "Add the first article"
    steps = [li.get_text(" ", strip=True) for li in start.find_all("li")]
    assert "seeds/" in steps[0] and "briefing new article --file first.txt" in steps[1]
    assert run_build(root, "check", "-q") == (0, "", "")


def test_the_first_article_added_as_the_home_page_says_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """The steps the empty home page gives work on the files init wrote: `new` appends to them."""
    assert run_build(tmp_path, "init", "b")[0] == 0
    root = tmp_path / "b"
    (root / "seeds" / "first.txt").write_text("Kim Jong Un arrived in Beijing.\n\nHe met Xi Jinping.\n",
                                             encoding="utf-8")
    for args in (["new", "article", "--file", "first.txt", "--title", "Kim arrives"],
                 ["new", "person", "--name", "Kim Jong Un"]):
        code, out, err = run_build(root, *args)
        assert (code, err) == (0, ""), args
    code, out, err = run_build(root)
    assert (code, err) == (0, "")
    assert " from 1 article, 0 events, 1 person, 0 themes, 0 quotes and 0 claims in " in out
    home = BeautifulSoup((root / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("section", attrs={"aria-labelledby": "start"}) is None  # said once there is an article


@pytest.mark.parametrize("kind", ["a file", "a folder with a file"])
def test_init_refuses_anything_but_an_empty_or_new_folder(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "x"
    if kind == "a file":
        target.write_text("mine\n", encoding="utf-8")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = files(tmp_path)
    code, out, err = run_build(tmp_path, "init", "x")
    assert (code, out) == (2, "")
    assert err == {"a file": "python build.py init: x is a file; name a new folder\n",
                   "a folder with a file": "python build.py init: x already holds notes.txt; name a new folder, or an "
                                           "empty one (a .git folder, a licence, a README.md or a .gitignore may be "
                                           "in it)\n"}[kind]
    assert files(tmp_path) == before


def test_init_into_a_new_repository_keeps_its_git_folder_and_licence_but_overwrites_nothing(tmp_path: Path) -> None:
    """A repository made on a host and cloned holds .git and perhaps a licence: `init .` in it works; one that
    already has a README (or anything else init writes, or any other file) is left as it is."""
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)
    (clone / "LICENSE").write_text("MIT\n", encoding="utf-8")
    assert run_build(clone, "init", ".") == (0, f"wrote a new briefing in this folder; next: {RUN} serve\n", "")
    assert files(clone) == sorted([*FILES, "LICENSE"]) and (clone / "LICENSE").read_text(encoding="utf-8") == "MIT\n"
    assert run_build(clone, "build", "-q")[0] == 0
    # as a host's "new repository" form makes it: its README kept (the desk's notes beside it), its .gitignore added to
    hosted = tmp_path / "hosted"
    hosted.mkdir()
    (hosted / "README.md").write_text("# Mine\n", encoding="utf-8")
    (hosted / ".gitignore").write_text("*.pdf\n", encoding="utf-8")
    assert run_build(hosted, "init", ".") == (0, "wrote a new briefing in this folder (its own README.md kept; how to "
                                                 f"work on the briefing in BRIEFING.md); next: {RUN} serve\n", "")
    assert (hosted / "README.md").read_text(encoding="utf-8") == "# Mine\n"
    ignored = (hosted / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ignored[0] == "*.pdf" and "/site/" in ignored and (hosted / "BRIEFING.md").is_file()
    again = tmp_path / "again"
    again.mkdir()
    (again / "notes.txt").write_text("mine\n", encoding="utf-8")
    (again / "requirements.txt").write_text("numpy\n", encoding="utf-8")
    code, out, err = run_build(again, "init", ".")
    assert (code, out) == (2, "")  # a usage error: the folder named is not one init may write into
    assert err == ("python build.py init: . already holds notes.txt, requirements.txt; name a new folder, or an empty "
                   "one (a .git folder, a licence, a README.md or a .gitignore may be in it)\n")
    assert len(list(again.iterdir())) == 2


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    assert run_build(tmp_path, "init", "x")[0] == 0
    assert files(tmp_path / "x") == FILES


def test_gitignore_keeps_the_site_and_the_builds_own_files_out(tmp_path: Path) -> None:
    assert shutil.which("git"), "this test needs git (CI works in a clone)"
    assert run_build(tmp_path, "init", "b")[0] == 0
    root = tmp_path / "b"
    assert run_build(root)[0] == 0
    beside = sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))
    assert beside == [".site-build.cache", ".site-build.lock"]
    (root / ".site.building-123").mkdir()  # a build's staging folder, as a killed build leaves it
    (root / ".site.building-123" / "index.html").write_text("x", encoding="utf-8")
    assert run_build(root, "--out", "public")[0] == 0  # its cache and lock: .public-build.cache, ...lock
    shutil.rmtree(root / "public")  # a site folder of another name is the desk's to ignore
    assert (root / ".public-build.cache").is_file()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, check=True,
                            capture_output=True, text=True).stdout
    assert sorted(line[3:] for line in status.splitlines()) == FILES


def test_github_pages_workflow_installs_the_pinned_tool_and_builds(tmp_path: Path) -> None:
    code, out, err = run_build(tmp_path, "init", "b", "--github-pages")
    assert (code, err) == (0, "")
    root = tmp_path / "b"
    assert files(root) == sorted([*FILES, ".github/workflows/publish.yml"])
    workflow = yaml.safe_load((root / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"] == {"branches": ["main", "master"]}  # master: what `git init` makes by default
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}  # never cut off halfway
    assert out.splitlines()[-1] == ("before the first push: name in requirements.txt where to install briefing from "
                                    "(it says how)")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["publish"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[0] == "pip install -r requirements.txt"
    assert runs[1].startswith("briefing build --base-url ")
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/upload-pages-artifact", "actions/deploy-pages"]
    order = [s.get("uses", s.get("run", "")).split("@")[0] for s in steps]
    assert order.index("actions/configure-pages") < order.index(runs[1])  # the address is known before the build
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"] == {"path": "site"}


def test_text_left_to_be_written_is_named_by_build_and_check(tmp_path: Path) -> None:
    """Tried by a developer: init's placeholder subtitle and key judgment, and `new`'s "TODO: ..." fields, were
    published without a word (the placeholder judgment went into the feed)."""
    assert run_build(tmp_path, "init", "b")[0] == 0
    root = tmp_path / "b"
    assert run_build(root, "new", "person", "--name", "Jane Doe")[0] == 0
    named = ["content/site.yaml: site.subtitle is still init's placeholder text; write the briefing's own",
             "content/site.yaml: site.description is still init's placeholder text; write the briefing's own",
             "content/site.yaml: site.key_judgments holds init's placeholder line; write the first judgment",
             "content/people.yaml:4: person 'jane-doe': role, country, summary still TODO; write what the sources say"]
    code, out, _ = run_build(root)
    assert code == 0 and out.splitlines()[1:] == named  # built all the same: they are valid, only not written
    code, out, _ = run_build(root, "check")
    assert code == 0 and out.splitlines()[:-1] == named
    site = (root / "content" / "site.yaml").read_text(encoding="utf-8")
    (root / "content" / "site.yaml").write_text(site.replace("What this briefing follows, in one line", "Our story"),
                                                 encoding="utf-8")
    assert named[0] not in run_build(root)[1]
