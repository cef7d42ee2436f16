"""briefing.cli and build.py: options, output lines, exit codes (0 built, 1 content errors, 2 usage)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import EVENTS, PEOPLE, STATIC, TEMPLATES, make_briefing, position, run_build, run_build_py, snapshot

BUILT = re.compile(r"^built site/: 19 pages, (\d+) files from 2 articles, 2 events, 4 people, 1 theme, 1 quote and 1 claim in \d+\.\d\d s$")


def files_written(root: Path) -> int:
    """What the build says it wrote must be what is there: 19 pages, the static files,
    feed + robots.txt + JSON data + annotations (no sitemap without base_url), the search index, three
    citation files per collection, and the feeds to follow: /changes/'s and one per person and theme."""
    site = root / "site"
    static = sum(1 for p in STATIC.rglob("*") if p.is_file())
    index = sum(1 for p in (site / "search").rglob("*.js"))
    assert index >= 3  # meta.js, a word part, a document part
    cites = sum(1 for p in (site / "cite").iterdir())
    assert cites == 3 * 6  # three formats for each collection
    feeds = 1 + sum(1 for p in (site / "people").iterdir() if p.is_dir()) + sum(
        1 for p in (site / "themes").iterdir() if p.is_dir())
    assert (site / "changes/feed.xml").is_file() and feeds == 1 + 4 + 1
    assert sum(1 for p in site.rglob("*") if p.is_file()) == 19 + static + 4 + index + cites + feeds
    return 19 + static + 4 + index + cites + feeds


def test_build_py_builds_and_prints_one_line(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    result = run_build_py(root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    built = BUILT.match(result.stdout.rstrip("\n"))
    assert built and int(built[1]) == files_written(root), result.stdout
    assert result.stdout.count("\n") == 1
    assert (root / "site" / "index.html").is_file()


def test_build_py_content_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    events = EVENTS.replace("people: [kim-jong-un, xi-jinping]", "people: [kim-jong-un, kim-jong-eun]")
    root = make_briefing(tmp_path, events=events)
    result = run_build_py(root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"content/events.yaml:{position(events, 'kim-jong-eun')}: events[1].people[1]: unknown person 'kim-jong-eun'; "
        "did you mean 'kim-jong-un' or 'kim-yo-jong'?",
        "build failed: 1 error; nothing written",  # no site to leave as it was
    ]
    assert not (root / "site").exists()


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    assert run_build(root, "-q") == (0, "", "")


def test_verbose_prints_counts_per_collection(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    code, out, err = run_build(root, "-v")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split() for line in lines[:-1]] == [["articles", "2"], ["people", "4"], ["themes", "1"],
                                                     ["events", "2"], ["quotes", "1"], ["claims", "1"]]
    built = BUILT.match(lines[-1])
    assert built and int(built[1]) == files_written(root)


def test_check_validates_and_writes_nothing(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    code, out, err = run_build(root, "--check")
    assert (code, err) == (0, "")
    assert re.fullmatch(r"content OK: 2 articles, 2 events, 4 people, 1 theme, 1 quote and 1 claim checked in \d+\.\d\d s\n", out)
    assert sorted(p.name for p in root.iterdir()) == ["content", "seeds"]


def test_check_reports_errors(tmp_path: Path) -> None:
    events = EVENTS.replace("date: 2025-09-03", "date: 2025-9-3")
    root = make_briefing(tmp_path, events=events)
    code, out, err = run_build(root, "--check")
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == "check failed: 1 error"


def test_out_option(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    code, out, _ = run_build(root, "--out", "public/briefing")
    assert code == 0
    assert out.startswith("built public/briefing/: ")
    assert (root / "public" / "briefing" / "index.html").is_file()


def test_content_and_seeds_options(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    (root / "content").rename(root / "yaml")
    (root / "seeds").rename(root / "texts")
    code, _, err = run_build(root, "--content", "yaml", "--seeds", "texts", "-q")
    assert (code, err) == (0, "")
    assert (root / "site" / "sources" / "afp-report" / "index.html").is_file()


def test_missing_content_folder(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    code, out, err = run_build(root, "--content", "nope")
    assert (code, out) == (1, "")
    assert err.splitlines() == ["nope: content folder not found; pass --content DIR",
                                "build failed: 1 error; nothing written"]  # no site built before: none to keep
    assert not (root / "site").exists()
    assert run_build(root, "-q")[0] == 0
    assert run_build(root, "--content", "nope")[2].splitlines()[-1] == "build failed: 1 error; site/ left as it was"


def test_missing_seeds_folder_names_every_article(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    code, _, err = run_build(root, "--seeds", "nope")
    assert code == 1
    assert err.splitlines() == [
        "content/articles.yaml:2:9: articles: 'afp-report': file 'alpha.txt' not found in nope/",
        "content/articles.yaml:9:9: articles: 'radio-report': file 'beta.txt' not found in nope/",
        "build failed: 2 errors; nothing written",
    ]


def test_a_templates_folder_named_but_missing_is_a_usage_error(tmp_path: Path) -> None:
    """Without --templates a briefing needs no templates/ (the built-in theme is used); named, it must be there."""
    root = make_briefing(tmp_path)
    code, out, err = run_build(root, "--templates", "nope")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "python build.py build: error: --templates nope is not a folder"
    assert not (root / "site").exists()


def test_template_syntax_error_names_the_template_line(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    shutil.copytree(TEMPLATES, root / "tpl")
    quotes = root / "tpl" / "quotes.html"
    text = quotes.read_text(encoding="utf-8")
    quotes.write_text(text.replace("{% endfor %}\n</div>", "</div>"), encoding="utf-8")  # a loop left open
    code, _, err = run_build(root, "--templates", "tpl")
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith("tpl/quotes.html:")
    assert "template syntax error" in first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base-url", "ftp://example.org/"],
         "python build.py build: error: --base-url 'ftp://example.org/' is not an absolute http(s) URL like "
         "https://example.org/briefing/"),
        (["--bogus"], "python build.py build: error: unrecognized arguments: --bogus"),
        (["-q", "-v"], "python build.py build: error: argument -v/--verbose: not allowed with argument -q/--quiet"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    root = make_briefing(tmp_path)
    code, out, err = run_build(root, *args)
    assert (code, out) == (2, "")
    assert err.startswith("usage: python build.py build [-h] ")
    assert err.splitlines()[-1] == message
    assert not (root / "site").exists()


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run_build_py(tmp_path, "--help")
    assert result.returncode == 0
    listed = re.findall(r"^    (\w+) ", result.stdout, re.M)
    assert listed == ["build", "serve", "check", "report", "import", "suggest", "edition", "accept", "reject", "new",
                      "init"]


@pytest.mark.parametrize(("command", "own", "others"), [
    ("build", ["--content", "--seeds", "--templates", "--static", "--out", "--base-url", "--drafts", "--no-cache",
               "--accept-new-urls", "-q", "-v"], ["--port", "--host", "--github-pages"]),
    ("serve", ["--content", "--templates", "--out", "--drafts", "--host", "--port", "--open"],
     ["--base-url", "--accept-new-urls", "--no-cache"]),
    ("check", ["--content", "--seeds", "--drafts", "-q"], ["--out", "--port", "--templates", "--accept-new-urls"]),
    ("report", ["--content", "--seeds", "--drafts"], ["--out", "--port", "-q"]),
    ("init", ["--github-pages", "DIR"], ["--content", "--out"]),
    ("new", ["--title", "--date", "--speaker", "~2018"], ["--out", "--port"]),
])
def test_each_command_helps_with_its_own_options_only(tmp_path: Path, command: str, own: list[str],
                                                       others: list[str]) -> None:
    result = run_build_py(tmp_path, command, "--help")
    assert result.returncode == 0 and result.stdout.startswith(f"usage: python build.py {command} ")
    words = set(re.findall(r"[-~\w]+", result.stdout))
    assert set(own) <= words and not set(others) & words


def test_out_never_replaces_a_folder_no_build_wrote(tmp_path: Path) -> None:
    """Tried by a developer: `--out` at an existing web root replaced it whole, its index.html, sports/ and
    .htaccess gone, with exit 0. A site a build wrote is replaced as ever; the dev server's first failed one too."""
    root = make_briefing(tmp_path)
    www = tmp_path / "www"
    (www / "sports").mkdir(parents=True)
    (www / "index.html").write_text("<p>Our newsroom</p>", encoding="utf-8")
    (www / ".htaccess").write_text("Options -Indexes\n", encoding="utf-8")
    before = snapshot(www)
    result = run_build_py(root, "--out", str(www))
    assert result.returncode == 2 and snapshot(www) == before
    assert result.stderr.splitlines()[-1].endswith(
        f"--out {www} holds files no build of a briefing wrote (.htaccess, index.html, sports); the build replaces "
        "that folder whole, so pick a folder of its own")
    assert run_build_py(root, "--out", "site").returncode == 0
    assert run_build_py(root, "--out", "site").returncode == 0  # its own site, built again


@pytest.mark.parametrize("out", [".", "content", "seeds"])
def test_out_never_replaces_the_project_or_its_inputs(tmp_path: Path, out: str) -> None:
    """`--out .` (or content, seeds) would swap the site in for the whole folder and delete what
    was there: content/ and seeds/ are lost. It must be refused as a usage error."""
    root = make_briefing(tmp_path)
    inputs = {name: snapshot(root / name) for name in ("content", "seeds")}
    result = run_build_py(root, "--out", out)  # a separate process: its working folder may vanish
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert {name: snapshot(root / name) for name in ("content", "seeds")} == inputs


def test_seeds_are_looked_for_beside_the_content_named(tmp_path: Path) -> None:
    """Tried by a developer: `briefing check --content mine/content` from the folder above failed, the article files
    sought in ./seeds, where `new` had looked beside the content."""
    make_briefing(tmp_path / "mine")
    result = run_build_py(tmp_path, "check", "--content", str(tmp_path / "mine" / "briefing" / "content"), "-q")
    assert (result.returncode, result.stderr) == (0, "")


def test_build_and_check_say_a_name_two_people_are_written_with(tmp_path: Path) -> None:
    """Tried with a cast of 300: a person added with the name of one already there (`new person --name "Kim Jong
    Un"`) passed every command, and the first person's 70 mentions went without a word."""
    people = PEOPLE.replace("  name: Xi Jinping\n", "  name: Xi Jinping\n  aliases: [Kim Jong Un]\n")
    root = make_briefing(tmp_path, people=people)
    line = people[:people.index("[Kim Jong Un]")].count("\n") + 1
    said = (f"content/people.yaml:{line - 2}: person 'xi-jinping': 'Kim Jong Un' is also the name or an alias of "
            "'kim-jong-un': where the articles write it, it links to neither; if they are namesakes, leave it, else "
            "keep it for one")
    for command in ("build", "check"):
        code, out, err = run_build(root, command, "--out", "site") if command == "build" else run_build(root, command)
        assert (code, err) == (0, "") and said in out.splitlines(), out


def test_a_command_written_after_options_is_the_command(tmp_path: Path) -> None:
    """Tried in a CI step: `python build.py -q check` was "build: error: unrecognized arguments: check", as if
    check were no command; a folder named like a command is still a folder (`--out check`)."""
    root = make_briefing(tmp_path)
    assert run_build(root, "-q", "check") == (0, "", "")
    assert not (root / "site").exists()  # checked, nothing written
    code, out, err = run_build(root, "--out", "check", "-q")
    assert (code, out, err) == (0, "", "") and (root / "check" / "index.html").is_file()
    code, out, err = run_build(root, "-q", "report")
    assert (code, out) == (2, "") and err.splitlines()[-1] == "python build.py report: error: unrecognized arguments: -q"
