"""Shared fixtures: a small briefing written into tmp_path, and ways to build it.

`make_briefing(tmp_path, **overrides)` writes a minimal valid briefing (content/ and
seeds/) and returns its folder. Each keyword replaces one file's text:

    site, articles, people, themes, events, quotes, claims  -> content/<name>.yaml
    alpha, beta                                             -> seeds/<name>.txt

and `files={"content/people/extra.yaml": "...", "seeds/x.txt": b"..."}` adds or
replaces any file by its path (None deletes it). The base texts are module constants
so tests can derive a broken variant with `.replace()` and find where a value sits
with `position(text, needle)`.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
THEME = PROJECT / "briefing" / "theme"  # the built-in templates/ and static/
TEMPLATES = THEME / "templates"
STATIC = THEME / "static"
BUILD_PY = PROJECT / "build.py"

if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from briefing.cli import main  # noqa: E402

SITE = """\
title: Test Briefing
subtitle: A fixture for the test suite
description: A small briefing built by the tests.
as_of: 2025-09-05
key_judgments:
  - "[[kim-jong-un]] went to Beijing to mend ties."
  - Ties with China matter most ([[china-ties|see the theme]]).
"""

ARTICLES = """\
- id: afp-report
  file: alpha.txt
  title: Kim arrives in Beijing
  outlet: AFP
  published: 2025-09-03
  url: https://example.com/afp-report
  summary: The wire report on the arrival of [[kim-jong-un]].
- id: radio-report
  file: beta.txt
  title: What state radio said
  outlet: unknown
  author: Jane Roe
  published: unknown
"""

PEOPLE = """\
- id: kim-jong-un
  name: Kim Jong Un
  aliases: [Kim Jong-un, Kim]
  kind: leader
  role: Leader of North Korea
  country: North Korea
  summary: Travelled to Beijing by train.
- id: kim-yo-jong
  name: Kim Yo Jong
  aliases: [Kim]
  kind: official
  role: Vice Department Director
  country: North Korea
  summary: Sister of [[kim-jong-un]].
- id: xi-jinping
  name: Xi Jinping
  kind: leader
  role: President of China
  country: China
  summary: Host of the parade.
- id: jane-roe
  name: Jane Roe
  kind: analyst
  role: Analyst
  country: United States
  affiliation: Example Institute
  summary: Analyst quoted by AFP.
"""

THEMES = """\
- id: china-ties
  title: China–North Korea ties
  summary: How [[kim-jong-un]] and [[xi-jinping]] mend relations.
"""

EVENTS = """\
- id: kim-arrives
  title: Kim arrives in Beijing
  date: 2025-08-31
  end: 2025-09-01
  location: Beijing
  people: [kim-jong-un, kim-yo-jong]
  themes: [china-ties]
  summary: "[[kim-jong-un]] arrives with [[kim-yo-jong]]."
  sources:
    - article: afp-report
      excerpt: "a rare trip abroad"
- id: victory-parade
  title: Victory Day parade
  date: 2025-09-03
  location: Beijing
  status: confirmed
  people: [kim-jong-un, xi-jinping]
  themes: [china-ties]
  summary: The parade. See [[roe-calculus]] and [[how-many-leaders]].
  sources:
    - article: radio-report
      paragraph: 1
    - article: afp-report
"""

QUOTES = """\
- id: roe-calculus
  speaker: jane-roe
  text: The visit changes the calculus completely
  source: {article: afp-report}
  context: told AFP
  events: [victory-parade]
  themes: [china-ties]
"""

CLAIMS = """\
- id: how-many-leaders
  question: How many world leaders attended the parade?
  statements:
    - source: {article: afp-report}
      says: more than 25 world leaders
    - source: {article: radio-report}
      says: 26 world leaders
  note: The counts differ by one at most; see [[victory-parade]].
"""

# The analysis the editors may add (issue 24): a key judgment's confidence, an article's Admiralty grade and a
# statement's, a settled and a superseded claim beside the open one.
JUDGED_SITE = SITE.replace("  - Ties with China matter most ([[china-ties|see the theme]]).\n",
                           "  - text: Ties with China matter most ([[china-ties|see the theme]]).\n"
                           "    confidence: moderate\n")
GRADED_ARTICLES = ARTICLES.replace("  url: https://example.com/afp-report\n",
                                   "  url: https://example.com/afp-report\n  reliability: B\n")
RESOLVED_CLAIMS = CLAIMS.replace("      says: 26 world leaders\n",
                                 "      says: 26 world leaders\n      credibility: 2\n") + """\
- id: banquet
  question: Did Xi host a banquet?
  statements:
    - source: {article: radio-report, paragraph: 1}
      says: Xi Jinping hosted a banquet
      credibility: 6
    - source: {article: afp-report}
      says: Kim and Xi Jinping met for two hours on Thursday
  status: settled
  resolution: Settled by [[radio-report]] ¶1, which says so in as many words.
- id: rare-trip
  question: Will Kim make a rare trip abroad?
  statements:
    - source: {article: afp-report}
      says: a rare trip abroad
    - source: {article: radio-report}
      says: Kim spoke to reporters after the banquet
  status: superseded
  resolution: Overtaken by his arrival ([[kim-arrives]]).
"""

# Dates as uncertain as the sources (issue 25): every new form, in the timeline's order: by 2011, probably about
# 2018, probably 5 March 2018 to about the 6th, a range written in one field, an open end; then the two of EVENTS.
UNCERTAIN_EVENTS = """\
- id: sanctions
  title: Sanctions bite
  date: 2019-01/..
  people: [kim-jong-un]
  summary: Still biting.
  sources:
    - article: afp-report
- id: talks
  title: Talks
  date: 2019-01?/2019-03
  summary: A range in one field.
  sources:
    - article: afp-report
- id: handover
  title: Handover
  date: ../2011
  people: [kim-jong-un]
  summary: Done by then.
  sources:
    - article: afp-report
- id: meeting
  title: Meeting
  date: 2018-03-05?
  end: 2018-03-06~
  summary: Probably then.
  sources:
    - article: radio-report
- id: visit
  title: Visit
  date: 2018%
  summary: Probably about then.
  sources:
    - article: radio-report
""" + EVENTS
UNCERTAIN_ARTICLES = ARTICLES.replace("  published: unknown\n", "  published: ../2025-09-04\n")

# Paragraphs: p1 (dateline), p2, heading s1, p3 (the quote), p4 (sign-off).
ALPHA = """\
BEIJING, Sept 3 — North Korean leader Kim Jong Un arrived in Beijing on Wednesday for a military parade with more than 25 world leaders, a rare trip abroad.

Kim Jong Un’s sister Kim Yo Jong travelled with him, state media said.

What does it mean?

“The visit changes the calculus completely,” said Jane Roe, an analyst at the Example Institute.

Kim and Xi Jinping met for two hours on Thursday. — AFP
"""

# Byline, top date, heading, then p1 and p2.
BETA = """\
By Jane Roe
4.9.2025
Introduction
State radio said 26 world leaders attended the parade, and that Xi Jinping hosted a banquet.
Kim spoke to reporters after the banquet.
"""

# Values an editor's slip or an attacker might put in any field: ids of other kinds, odd
# dates, broken links, scripts, Markdown, look-alikes, long runs (tests/test_fuzz.py).
ODD_VALUES = [
    "kim-jong-un", "xi-jinping", "afp-report", "radio-report", "victory-parade", "china-ties", "roe-calculus",
    "how-many-leaders", "2025-09", "~2025-09", "2025-13-01", "0001-01-01", "9999-12-31", "2025-09-03T10:00:00",
    "2018?", "2018%", "~2018?", "2019-01/..", "../2011", "../0001", "2019-01/2019-03", "2019-03/2019-01", "../..",
    "unknown", "[[kim-jong-un|x]]", "[[ ]]", "[[|]]", "[[", "[x](javascript:alert(1))", "<script>alert(1)</script>",
    "&amp;&lt;", "```\nfence\n```", "# heading", "| a | b |\n|---|---|", "\u202eevil", "\u200b", "Kim",
    "more than 25 world leaders", "a rare trip abroad", "x" * 5000, "kim-" * 40 + "x", "é" * 300, "🙂",
    "https://example.com/a b", "data:text/html,hi", "confirmed", "reported", "expected", "leader", "analyst",
    "Ｋim", "kim‐jong‐un", "{{ 7*7 }}", "{% raw %}", "\\", "'", '"', "---", "@p:kim", "!word", "null", "1e9"]

BASE: dict[str, str] = {
    "content/site.yaml": SITE,
    "content/articles.yaml": ARTICLES,
    "content/people.yaml": PEOPLE,
    "content/themes.yaml": THEMES,
    "content/events.yaml": EVENTS,
    "content/quotes.yaml": QUOTES,
    "content/claims.yaml": CLAIMS,
    "seeds/alpha.txt": ALPHA,
    "seeds/beta.txt": BETA,
}
_NAMES = {Path(p).stem: p for p in BASE}


def make_briefing(tmp_path: Path, files: dict[str, str | bytes | None] | None = None,
                  **overrides: str | bytes | None) -> Path:
    """Write the fixture briefing under tmp_path/briefing and return that folder."""
    root = tmp_path / "briefing"
    chosen: dict[str, str | bytes | None] = dict(BASE)
    for name, text in overrides.items():
        if name not in _NAMES:
            raise TypeError(f"make_briefing: unknown file '{name}'; use one of {sorted(_NAMES)} or files=")
        chosen[_NAMES[name]] = text
    chosen.update(files or {})
    for rel, text in chosen.items():
        path = root / rel
        if text is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    return root


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_build(root: Path, *args: str) -> tuple[int, str, str]:
    """`python build.py *args` in `root`, in-process: (exit code, stdout, stderr). The built-in theme, unless
    `root` holds templates/ or static/ of its own."""
    out, err = io.StringIO(), io.StringIO()
    with _cwd(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args), prog="python build.py")
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def run_build_py(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real entry point, `python /work/main/build.py ...`, as a separate process with cwd=root."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=root, capture_output=True, text=True, env=env,
                          timeout=timeout)


def position(text: str, needle: str, nth: int = 1) -> str:
    """'line:col' (1-based) of the nth occurrence of needle in text."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"{line}:{col}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (relative posix path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float, str]:
    """The project's own briefing (content/ + seeds/) built once per session: (site folder, seconds, stderr)."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    started = time.perf_counter()
    code, _, err = run_build(PROJECT, "--content", "content", "--seeds", "seeds", "--out", str(out), "-q")
    elapsed = time.perf_counter() - started
    assert code == 0, f"the bundled briefing does not build:\n{err}"
    return out, elapsed, err


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one per test module. Missing, it fails the test (never a skip)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(f"the browser tests need the playwright package (pip install playwright): {exc}")
    if not CHROMIUM.is_file():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def http_site(root: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """`root` served over HTTP on 127.0.0.1, as a static host would: (its address, ending
    in '/', and every (path, status) asked for so far)."""
    asked: list[tuple[str, int]] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            asked.append((self.path, int(code) if str(code).isdigit() else 0))

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", asked
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture briefing built once per module; returns its site/ folder."""
    root = make_briefing(tmp_path_factory.mktemp("built"))
    code, out, err = run_build(root, "--out", "site")
    assert code == 0, err
    return root / "site"


@pytest.fixture(scope="module")
def uncertain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture briefing with every date form of issue 25 (UNCERTAIN_EVENTS, UNCERTAIN_ARTICLES), built once per
    module; returns its site/ folder."""
    root = make_briefing(tmp_path_factory.mktemp("uncertain"), events=UNCERTAIN_EVENTS, articles=UNCERTAIN_ARTICLES)
    code, _, err = run_build(root, "--out", "site", "-q")
    assert (code, err) == (0, "")
    return root / "site"


def rewrite(root: Path, files: dict[str, str | bytes | None] | None = None, **overrides: str | bytes | None) -> None:
    """Change files of an existing briefing, with the same names make_briefing takes."""
    chosen: dict[str, str | bytes | None] = dict(files or {})
    for name, text in overrides.items():
        chosen[_NAMES[name]] = text
    for rel, text in chosen.items():
        path = root / rel
        if text is None:
            path.unlink()
        elif isinstance(text, bytes):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def assert_build_fails(tmp_path: Path, *expected: str, files: dict[str, str | bytes | None] | None = None,
                       **overrides: str | bytes | None) -> None:
    """Build the fixture, break it, rebuild: exit 1, exactly `expected` on stderr, site/ untouched.

    Each expected line is `file:line:col: message`; the summary line is checked too.
    """
    assert assert_build_fails_lines(tmp_path, files=files, **overrides) == list(expected)


def assert_build_fails_lines(tmp_path: Path, files: dict[str, str | bytes | None] | None = None,
                             **overrides: str | bytes | None) -> list[str]:
    """Like assert_build_fails, but returns the error lines (without the summary) for the caller to check."""
    root = make_briefing(tmp_path)
    code, _, err = run_build(root, "--out", "site", "-q")
    assert (code, err) == (0, "")
    before = snapshot(root / "site")
    entries = sorted(p.name for p in root.iterdir())
    rewrite(root, files, **overrides)
    code, out, err = run_build(root, "--out", "site")
    assert "Traceback" not in out + err
    lines = err.splitlines()
    n = len(lines) - 1
    assert lines[-1:] == [f"build failed: {n} error{'s' if n != 1 else ''}; site/ left as it was"], err
    assert out == ""
    assert code == 1
    assert snapshot(root / "site") == before
    assert sorted(p.name for p in root.iterdir()) == entries  # no temporary folder left beside site/
    return lines[:-1]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        doc = soup(page)
        cache[page] = {str(t["id"]) for t in doc.find_all(id=True)} | {str(t["name"]) for t in doc.find_all("a", attrs={"name": True})}
    return cache[page]


def broken_links(site: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Every internal href/src that is absolute, leads outside the site, to a missing file, or to a
    missing #fragment; links with rel=external (and rel=canonical) may be absolute. Pages listed
    in `skip` (site-relative) are not checked."""
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in html_pages(site):
        where = page.relative_to(site).as_posix()
        if where in skip:
            continue
        doc = soup(page)
        links: list[str] = []
        for tag in doc.find_all(["a", "link", "img", "script", "source", "iframe"]):
            attr = "src" if tag.name in ("img", "script", "source", "iframe") else "href"
            value = tag.get(attr)
            if value is None:
                continue
            rel = tag.get_attribute_list("rel")
            if "external" in rel or "canonical" in rel:
                continue
            links.append(str(value))
        for meta in doc.find_all("meta", attrs={"http-equiv": "refresh"}):
            links.append(str(meta["content"]).split("url=", 1)[1])
        for link in links:
            if link.startswith(("/", "http:", "https:", "//")) or ":" in link.split("/")[0]:
                problems.append(f"{where}: absolute link {link}")
                continue
            path, _, fragment = link.partition("#")
            path, _, query = path.partition("?")
            target = (page.parent / path).resolve() if path else page.resolve()
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            try:
                target.relative_to(site.resolve())
            except ValueError:
                problems.append(f"{where}: {link} leads outside the site")
                continue
            if not target.is_file():
                problems.append(f"{where}: {link} -> missing file")
                continue
            if fragment and target.suffix == ".html" and fragment not in _ids(target, ids):
                problems.append(f"{where}: {link} -> no element with id '{fragment}'")
            for name, value in urllib.parse.parse_qsl(query):  # a filtered page: its filter offers the value
                form = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                if form.select_one(f'select[name="{name}"] option[value="{value}"]') is None:
                    problems.append(f"{where}: {link} -> no filter {name} with the value '{value}'")
    return problems



def answering(proc: subprocess.Popen[str], base: str, seconds: float = 20) -> None:
    """Wait until the server `proc` started answers at `base`; it must not exit meanwhile."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(base, timeout=1).read()
            return
        except OSError:
            assert proc.poll() is None, proc.communicate()[0]
            assert time.monotonic() < deadline, f"the server did not answer within {seconds:.0f} s"
            time.sleep(0.1)
