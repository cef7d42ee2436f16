"""A dev-server save that changed only article text remakes only the pages that read it,
and the site still equals a clean build."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_incremental import wait_until_drained, clean_build, copy_briefing, tree

from briefing import serve
from briefing.render import Renderer
from briefing.serve import Rebuilder


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The output files of the pages each build made (and so rendered or fingerprinted)."""
    builds: list[list[str]] = []
    render = Renderer.render

    def counting(self: Renderer, pages, *args, **kwargs):  # type: ignore[no-untyped-def]
        builds.append([p.path for p in pages])
        return render(self, pages, *args, **kwargs)
    monkeypatch.setattr(Renderer, "render", counting)
    return builds


def _paragraphs(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n\n")


def test_a_paragraph_added_to_an_article_remakes_its_page_and_the_lists_that_count_paragraphs(
        tmp_path: Path, made: list[list[str]]) -> None:
    paths = copy_briefing(tmp_path / "b")
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None)
    rebuild()
    everything = len(made[-1])
    article = sorted(paths.seeds.iterdir())[2]
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + "\n\nA closing paragraph.\n",
                       encoding="utf-8")
    rebuild()
    assert rebuild.errors == []
    # Its own page, the home page and sources index (they show its paragraph count), and the
    # pages of the people it mentions (they quote its paragraphs around each mention).
    own = "sources/" + _article_id(paths, article) + "/"
    assert {"", "sources/", own} <= set(made[-1])
    others = set(made[-1]) - {"", "sources/", own}
    assert others and all(p.startswith("people/") and p != "people/" for p in others), others
    assert len(made[-1]) < everything / 4
    assert tree(paths.out) == clean_build(paths, tmp_path / "clean")


def test_a_paragraph_put_first_moves_every_quote_of_the_article_wherever_it_is_shown(
        tmp_path: Path, made: list[list[str]]) -> None:
    paths = copy_briefing(tmp_path / "b")
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None)
    rebuild()
    article = min(paths.seeds.iterdir())
    text = article.read_text(encoding="utf-8")
    article.write_text("Vladimir Putin was not there, a first paragraph says.\n\n" + text, encoding="utf-8")
    rebuild()
    assert rebuild.errors == []
    assert {"quotes/", "people/vladimir-putin/", "people/"} <= set(made[-1])  # ¶ numbers and mentions moved
    assert len(made[-1]) < len(made[0])
    assert tree(paths.out) == clean_build(paths, tmp_path / "clean")


def test_random_article_edits_always_match_a_clean_build(tmp_path: Path, made: list[list[str]]) -> None:
    paths = copy_briefing(tmp_path / "b")
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None)
    rebuild()
    rng = random.Random(20260923)
    names = ["Kim Jong Un", "Xi Jinping", "Vladimir Putin", "Donald Trump", "nobody in particular"]
    files = sorted(paths.seeds.iterdir())
    for step in range(12):
        article = rng.choice(files)
        before = article.read_text(encoding="utf-8")
        paragraphs = _paragraphs(article)
        at = rng.randrange(len(paragraphs) + 1)
        kind = rng.choice(["insert", "delete", "swap"])
        if kind == "insert":
            paragraphs.insert(at, f"Step {step}: {rng.choice(names)} said nothing new.")
        elif kind == "delete" and len(paragraphs) > 3:
            del paragraphs[min(at, len(paragraphs) - 1)]
        elif len(paragraphs) > 3:
            i = rng.randrange(1, len(paragraphs) - 1)
            paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
        article.write_text("\n\n".join(paragraphs), encoding="utf-8")
        rebuild()
        if rebuild.errors:  # a quoted paragraph deleted: put it back, as an editor would
            article.write_text(before, encoding="utf-8")
            rebuild()
        assert rebuild.errors == [], rebuild.errors
        assert tree(paths.out) == clean_build(paths, tmp_path / f"clean-{step}"), f"differs after step {step} ({kind})"
    assert min(len(pages) for pages in made[1:]) < len(made[0]) / 4  # and most saves made few pages


def test_an_article_saved_while_pages_wait_for_a_template_save_remakes_them_all(
        tmp_path: Path, made: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    paths = copy_briefing(tmp_path / "b")
    rebuild = Rebuilder(paths, drafts=False, log=lambda line: None,
                        open_pages=lambda: {"http://127.0.0.1:8000/events/victory-day-parade-2025/"},
                        reload=lambda: None)
    rebuild()
    monkeypatch.setattr(serve, "EAGER_PAGES", 0)
    base = paths.templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("Every quote", "Edited. Every quote"), encoding="utf-8")
    rebuild()  # the open page now, the others left for later
    assert rebuild.session.renderer.pending
    article = sorted(paths.seeds.iterdir())[3]
    article.write_text(article.read_text(encoding="utf-8") + "\n\nOne more paragraph.\n", encoding="utf-8")
    rebuild()  # before they were rendered: no page may be taken for unchanged
    assert len(made[-1]) == len(made[0])
    wait_until_drained(rebuild)
    assert tree(paths.out) == clean_build(paths, tmp_path / "clean")


def _article_id(paths, article: Path) -> str:  # type: ignore[no-untyped-def]
    text = (paths.content / "articles.yaml").read_text(encoding="utf-8")
    block = text[: text.index(article.name)]
    return block[block.rindex("- id: ") + 6:].split("\n", 1)[0].strip()
