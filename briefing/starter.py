"""`briefing init DIR`: a new briefing folder that builds at once.

What a desk starts from: the content files, each valid and empty, a site.yaml whose only
placeholder is one the build accepts, and the files that keep the build's own files out of
version control. It writes only into a new folder, or one that holds no more than a repository
new on a host does (.git, a licence, a README and a .gitignore, neither overwritten): a briefing
is not merged into another project.
"""
from __future__ import annotations

import dataclasses
import datetime
import re
import shlex
import sys
from pathlib import Path

from . import __version__
from .loader import COLLECTIONS
from .model import KINDS, Content

DISTRIBUTION = "briefing-ssg"  # the package's name, which pip installs ("briefing" is another project's)

# site.yaml's placeholders, each a valid value the editors replace (`placeholders` names those still there)
_SUBTITLE = "What this briefing follows, in one line"
_DESCRIPTION = "One or two plain sentences on what this briefing covers, for search engines and link previews."
_JUDGMENT = "Replace this line with the first key judgment once the first articles are curated."
SITE = f"""\
# The briefing itself: see the content model (README.md says where).
title: {{title}}
subtitle: {_SUBTITLE}
description: {_DESCRIPTION}
language: en
as_of: {{today}}   # the day the briefing speaks for: move it on as the briefing is brought up to date
# base_url: https://example.org/{{slug}}/   # where the site is published (docs/publishing.md)
key_judgments:   # the bottom line up front, in Markdown; link any item with [[id]]
  - {_JUDGMENT}
"""

COLLECTION = """\
# {name}: a list of items, each `- id: ...` (`briefing new` adds one; README.md says where the content model is).
# Or make content/{name}/ a folder of files, each holding one item or a list.
"""

SEEDS_README = """\
Put each source article here as a plain-text file (UTF-8), one file per article, and list it in
content/articles.yaml with its id, file name, title, outlet and date.
"""

GITIGNORE = """\
# What the build writes: the site and, beside it, its cache, its locks and its staging folders (of any
# --out: `--out public` keeps .public-build.cache).
/site/
/.*-build.cache*
/.*-build.lock
/.*-serve.lock
/.*.building-*/
/.*.old-*/
"""

README = """\
# {title}

A briefing built with briefing (the `{distribution}` package: `pip install -r requirements.txt`, once that
file names where to install it from).

- `briefing` builds the site into `site/`; open `site/index.html`.
- `briefing serve` builds, serves it at http://127.0.0.1:8000/ and rebuilds on every save.
- `briefing check` checks the content and writes nothing; `briefing report` lists what the
  articles hold that the content lacks yet.
- `briefing new event` (or `person`, `theme`, `quote`, `article`) adds an item to fill in.

Articles go in `seeds/` as text files and are listed in `content/articles.yaml`; people, events,
themes, quotes and claims go in the other files of `content/`. What each file holds, field by
field, is the content model: `docs/content-model.md` in briefing's own repository.
To restyle the site, put your colours and fonts in `static/custom.css` (loaded after the built-in
stylesheet, which keeps the layout, print and dark styles); a template of the same name in
`templates/` replaces the built-in one: `docs/theming.md` says how. How to put the site online:
`docs/publishing.md`, beside the content model.
"""

REQUIREMENTS = """\
# Where this desk installs briefing from, at the version it was made with ({version}): the build on the
# host (GitHub Pages: .github/workflows/publish.yml) runs `pip install -r requirements.txt`. briefing is
# not published on PyPI (a package named {distribution} there would be someone else's), so the line
# below names its repository: write its real address, at this version's tag. Or keep a wheel beside
# the briefing and name its path instead: ./vendor/{wheel}-{version}-py3-none-any.whl
{distribution} @ git+https://github.com/REPLACE-WITH-THE-TOOL-S-OWNER/briefing.git@v{version}
"""

WORKFLOW = """\
# Builds the briefing and publishes site/ on GitHub Pages at every push to main (or master, the branch
# `git init` makes where git is not told otherwise). In the repository's settings, Pages -> Source: GitHub
# Actions; and requirements.txt must say where to install briefing from.
name: Publish the briefing
on:
  push:
    branches: [main, master]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:  # one publication at a time, each finished: a deployment cut off halfway is not in place
  group: pages
  cancel-in-progress: false
jobs:
  publish:
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - uses: actions/configure-pages@v5
        id: pages
      - run: pip install -r requirements.txt
      - run: briefing build --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site
      - uses: actions/deploy-pages@v4
        id: deployment
"""

def main(folder: Path, github_pages: bool, prog: str) -> int:
    """`init`: 0 written, 2 the folder holds files of its own (a usage error), 1 it cannot be written."""
    try:
        written = init(folder, github_pages)
    except FileExistsError as exc:
        print(f"{prog} init: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{prog} init: cannot write {folder}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    here = folder.resolve() == Path.cwd().resolve()
    kept = " (its own README.md kept; how to work on the briefing in BRIEFING.md)" if folder / "BRIEFING.md" in \
        written else ""
    print(f"wrote a new briefing in {'this folder' if here else f'{folder}/'}{kept}; next: "
          f"{'' if here else f'cd {shlex.quote(str(folder))} && '}{_command(prog)} serve")
    if github_pages:
        print("before the first push: name in requirements.txt where to install briefing from (it says how)")
    return 0


def _command(prog: str) -> str:
    """How the new folder runs the tool: `python build.py` runs the clone's build.py, which the new folder lacks."""
    script = Path(__file__).resolve().parent.parent / "build.py"
    return f"python {shlex.quote(str(script))}" if prog.startswith("python ") and script.is_file() else prog


# What a repository new on a host may hold before init: dot files and folders (.git), a licence, a README (kept)
# and a .gitignore (added to).
_NEW_REPOSITORY = re.compile(r"^(\..+|(LICEN[CS]E|COPYING)(\.\w+)?|README\.md)$", re.IGNORECASE)
_KEPT = ("README.md", ".gitignore")


def init(folder: Path, github_pages: bool = False, today: datetime.date | None = None) -> list[Path]:
    """Write a new briefing into `folder` (made if missing); the files written. Raises FileExistsError if the
    folder holds anything but what a new repository holds (.git, a licence, a README, a .gitignore)."""
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} is a file; name a new folder")
    named = re.sub(r"[-_]+", " ", folder.resolve().name).strip()  # its first letter a capital, the others as written
    title = named[:1].upper() + named[1:] or "New briefing"
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "briefing"
    files = {
        "content/site.yaml": SITE.format(title=_quoted(title), today=(today or datetime.date.today()).isoformat(),
                                         slug=slug),
        **{f"content/{name}.yaml": COLLECTION.format(name=name) for name in COLLECTIONS},
        "seeds/README.md": SEEDS_README,
        ".gitignore": GITIGNORE,
        "README.md": README.format(title=title, distribution=DISTRIBUTION),
        "requirements.txt": REQUIREMENTS.format(distribution=DISTRIBUTION, version=__version__,
                                                wheel=DISTRIBUTION.replace("-", "_")),
    }
    if github_pages:
        files[".github/workflows/publish.yml"] = WORKFLOW.format()
    ours = {name.split("/")[0] for name in files} - set(_KEPT)
    if held := sorted(p.name for p in (folder.iterdir() if folder.exists() else ())
                      if p.name in ours or not _NEW_REPOSITORY.match(p.name)):
        raise FileExistsError(f"{folder} already holds {', '.join(held[:3])}{' and more' if held[3:] else ''}; "
                              "name a new folder, or an empty one (a .git folder, a licence, a README.md or a "
                              ".gitignore may be in it)")
    return [_write(folder, name, text) for name, text in files.items()]


def _write(folder: Path, name: str, text: str) -> Path:
    """One file of a new briefing; a repository's own README kept (the desk's notes beside it, in BRIEFING.md) and
    its .gitignore added to."""
    path = folder / name
    if name == "README.md" and path.exists():
        path = folder / "BRIEFING.md"
    if name == ".gitignore" and path.exists():
        had = path.read_text(encoding="utf-8")
        text = had + ("" if had.endswith("\n") or not had else "\n") + "".join(
            line + "\n" for line in text.splitlines() if line not in had.splitlines())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def placeholders(content: Content) -> list[str]:
    """A line for each text a reader would get as it was left to be written: site.yaml's as init wrote them, and
    any field `briefing new` left as "TODO: ..."; the build publishes them all the same (they are valid)."""
    site, lines = content.site, []
    for field, placeholder in (("subtitle", _SUBTITLE), ("description", _DESCRIPTION)):
        if getattr(site, field) == placeholder:
            lines.append(f"{site.loc.file}: site.{field} is still init's placeholder text; write the briefing's own")
    if _JUDGMENT in site.key_judgments:
        lines.append(f"{site.loc.file}: site.key_judgments holds init's placeholder line; write the first judgment")
    for collection in COLLECTIONS:
        for item in getattr(content, collection):
            todo = [f.name for f in dataclasses.fields(item)
                    if isinstance(value := getattr(item, f.name), str) and value.startswith("TODO")]
            if todo:
                lines.append(f"{item.loc.file}:{item.loc.line}: {KINDS[collection]} '{item.id}': {', '.join(todo)} "
                             "still TODO; write what the sources say")
    return lines


def _quoted(text: str) -> str:
    """A title as a YAML string that reads back as the same words."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
