"""A one-shot build after an edit of article text patches the last build: the same site, byte for byte."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import patch, uptodate, write
from conftest import ALPHA, BETA, TEMPLATES, make_briefing, run_build, snapshot

PATCHED = "(patched: "


def build(root: Path, out: str = "site") -> str:
    code, said, err = run_build(root, "--out", out)
    assert (code, err) == (0, ""), err
    return said


def clean_build(root: Path) -> dict[str, bytes]:
    """The site a full build of the same inputs writes, in a folder of its own."""
    build(root, "clean")
    site = snapshot(root / "clean")
    shutil.rmtree(root / "clean")
    for path in root.glob(".clean-build*"):
        path.unlink()
    return site


def edit(root: Path, name: str, change: str) -> None:
    path = root / "seeds" / name
    path.write_text(change.format(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.mark.parametrize("change", [
    "{}\nA new last paragraph naming Xi Jinping and Kim Jong Un.\n",  # appended, with mentions
    "A new first paragraph.\n\n{}",                                  # every paragraph number moves
    "{}\nA heading?\n\nAnd a paragraph under it.\n",                 # a heading: a block with no number
])
def test_an_edit_of_article_text_is_patched_into_the_site_a_full_build_writes(tmp_path: Path, change: str) -> None:
    root = make_briefing(tmp_path)
    assert PATCHED not in build(root)
    edit(root, "alpha.txt", change)
    said = build(root)
    assert PATCHED in said, said
    assert snapshot(root / "site") == clean_build(root)
    assert "nothing changed" in build(root)  # and the patched site is recorded as built


def test_patches_in_a_row_keep_a_log_and_each_site_is_the_full_builds(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    build(root)
    for n in range(4):
        edit(root, "beta.txt" if n % 2 else "alpha.txt", "{}" + f"\nEdit number {n}, with Xi Jinping.\n")
        assert PATCHED in build(root)
        assert snapshot(root / "site") == clean_build(root), f"after edit {n}"
    assert (root / ".site-build.state-log").is_file()


def test_a_state_log_grown_past_a_quarter_of_the_state_is_folded_in(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_briefing(tmp_path)
    build(root)
    log = root / ".site-build.state-log"
    edit(root, "alpha.txt", "{}\nOne.\n")
    build(root)
    assert log.is_file()
    logged = patch._log
    monkeypatch.setattr(patch, "_log", lambda out, state, change, size: logged(out, state, change, 2 ** 40))
    edit(root, "alpha.txt", "{}\nTwo.\n")
    assert PATCHED in build(root)
    assert not log.exists(), "the log was not folded into the state"
    monkeypatch.setattr(patch, "_log", logged)
    edit(root, "beta.txt", "{}\nThree.\n")
    assert PATCHED in build(root)
    assert snapshot(root / "site") == clean_build(root)


@pytest.mark.parametrize("what, change", [
    ("content/events.yaml", lambda t: t.replace("Kim arrives in Beijing", "Kim reaches Beijing")),
    ("content/site.yaml", lambda t: t + "\n"),
])
def test_anything_but_article_text_builds_in_full(tmp_path: Path, what: str, change: object) -> None:
    root = make_briefing(tmp_path)
    build(root)
    path = root / what
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    edit(root, "alpha.txt", "{}\nAnd an article edit too.\n")
    assert PATCHED not in build(root)
    assert snapshot(root / "site") == clean_build(root)


def test_a_template_edit_builds_in_full(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    templates = root / "templates"
    shutil.copytree(TEMPLATES, templates)
    code, _, err = run_build(root, "--out", "site", "--templates", str(templates))
    assert code == 0, err
    (templates / "base.html").write_text((templates / "base.html").read_text() + "<!-- edited -->\n")
    edit(root, "alpha.txt", "{}\nAnd an article edit too.\n")
    code, said, err = run_build(root, "--out", "site", "--templates", str(templates))
    assert code == 0 and PATCHED not in said, err
    assert "<!-- edited -->" in (root / "site" / "index.html").read_text()


def _cut_log_short(root: Path) -> None:
    edit(root, "beta.txt", "{}\nA first patch.\n")
    assert PATCHED in build(root)
    log = root / ".site-build.state-log"
    log.write_bytes(log.read_bytes()[:-10])


@pytest.mark.parametrize("spoil", [
    lambda root: (root / "site" / "index.html").write_text("edited by hand"),
    lambda root: (root / ".site-build.state").write_bytes(b"not a pickle"),
    lambda root: (root / ".site-build.state").unlink(),
    _cut_log_short,
], ids=["site touched", "state broken", "state gone", "log cut short"])
def test_a_site_or_state_not_as_the_last_build_left_them_means_a_full_build(tmp_path: Path, spoil: object) -> None:
    root = make_briefing(tmp_path)
    build(root)
    spoil(root)  # type: ignore[operator]
    edit(root, "alpha.txt", "{}\nAn edit.\n")
    assert PATCHED not in build(root)
    assert snapshot(root / "site") == clean_build(root)
    edit(root, "alpha.txt", "{}\nAnother edit.\n")
    assert PATCHED in build(root), "the full build kept no state for the next"


def test_an_edit_that_loses_a_quote_fails_as_a_full_build_would_and_changes_nothing(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    build(root)
    before = snapshot(root / "site")
    record = (root / ".site-build.json").read_bytes()
    quoted = "The visit changes the calculus completely"  # the fixture's quote, in alpha.txt
    (root / "seeds" / "alpha.txt").write_text(ALPHA.replace(quoted, "The visit changes much"), encoding="utf-8")
    code, said, err = run_build(root, "--out", "site")
    assert code == 1 and "not found in article 'afp-report'" in err and "site/ left as it was" in err, err
    assert snapshot(root / "site") == before
    assert (root / ".site-build.json").read_bytes() == record
    (root / "seeds" / "alpha.txt").write_text(ALPHA + "\nFixed.\n", encoding="utf-8")
    assert PATCHED in build(root)
    assert snapshot(root / "site") == clean_build(root)


def test_an_article_that_outgrows_the_stride_makes_the_whole_search_index_again(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    build(root)
    edit(root, "beta.txt", "{}" + "".join(f"\nParagraph {n} of many.\n" for n in range(70)))
    assert PATCHED in build(root)
    assert snapshot(root / "site") == clean_build(root)


def test_a_ctrl_c_during_the_moves_is_held_until_they_are_done(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "a.html").write_text("old a")
    (out / "b.html").write_text("old b")
    with pytest.raises(KeyboardInterrupt):
        with write.Patch(out) as moving:
            moving.put("a.html", b"new a")
            moving.put("new/c.html", b"new c")
            moving.remove("b.html")

            def then(stats: dict[str, write.Stat | None]) -> None:
                os.kill(os.getpid(), signal.SIGINT)  # held off: raised only once commit is done
                assert (out / "a.html").read_text() == "new a" and not (out / "b.html").exists()
            moving.commit(then)
    assert moving.committed
    assert snapshot(out) == {"a.html": b"new a", "new/c.html": b"new c"}
    assert not list(tmp_path.glob(".site.patching-*"))


def test_a_patch_killed_after_listing_its_moves_is_finished_by_the_next_build(tmp_path: Path) -> None:
    """SIGKILL cannot be held off: the list of moves, kept first, lets the next build make them."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "a.html").write_text("old a")
    (out / "b.html").write_text("old b")
    dead = 2 ** 22 + 12345  # no such process
    folder = tmp_path / f".site.patching-{dead}"
    folder.mkdir()
    (folder / "0").write_text("new a")
    (folder / write.Patch.JOURNAL).write_text(json.dumps({"a.html": "0", "b.html": None}))
    cut_short = tmp_path / f".site.patching-{dead + 1}"  # killed while writing its files: nothing of it happens
    cut_short.mkdir()
    (cut_short / "0").write_text("half")
    write.remove_leftovers(out)
    assert snapshot(out) == {"a.html": b"new a"}
    assert not folder.exists() and not cut_short.exists()


_SPLIT = {"alpha.txt": ("\n\n", 1), "beta.txt": ("\n", 3)}  # paragraphs, and those at the top left as they are


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["alpha.txt", "beta.txt"]),
                          st.sampled_from(["append", "prepend", "drop", "name", "words"]),
                          st.integers(0, 10_000)), min_size=1, max_size=4))
def test_random_edits_of_article_text_patch_into_the_full_builds_site(tmp_path_factory: pytest.TempPathFactory,
                                                                     edits: list[tuple[str, str, int]]) -> None:
    root = make_briefing(tmp_path_factory.mktemp("random"))
    build(root)
    texts = {"alpha.txt": ALPHA, "beta.txt": BETA}
    for name, how, seed in edits:
        rnd = random.Random(seed)
        sep, top = _SPLIT[name]
        paragraphs = texts[name].strip("\n").split(sep)
        head, body = paragraphs[:top], paragraphs[top:]
        if how == "append":
            body.append(f"An added paragraph {seed}.")
        elif how == "prepend":
            body.insert(0, f"A paragraph put first {seed}.")
        elif how == "drop":
            # only a paragraph no quote or claim cites: else the build fails (and changes nothing)
            droppable = [i for i, p in enumerate(body) if not any(c in p for c in ("“", "said", "leaders"))]
            if droppable:
                del body[rnd.choice(droppable)]
        elif how == "name":
            body.append(rnd.choice(["Xi Jinping met Kim Jong Un.", "Kim Yo Jong spoke.", "Nobody named."]))
        else:
            body[-1] += " " + " ".join(rnd.choice(["zebra", "quantum", "Beijing", "2025", "été"]) for _ in range(5))
        texts[name] = sep.join(head + body) + "\n"
        (root / "seeds" / name).write_text(texts[name], encoding="utf-8")
        code, said, err = run_build(root, "--out", "site")
        assert code == 0, err
        assert PATCHED in said
        assert snapshot(root / "site") == clean_build(root), (name, how, seed)


def test_the_state_is_kept_only_for_a_recorded_build(tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    build(root)
    assert patch.state_file(root / "site").is_file()
    assert uptodate.last(root / "site") is not None
    code, _, err = run_build(root, "--out", "site", "--accept-new-urls")  # not recorded: nor is a state kept
    assert code == 0, err
    assert not patch.state_file(root / "site").exists()


def test_a_state_that_cannot_be_written_leaves_the_build_whole_and_the_next_edit_built_in_full(
        tmp_path: Path) -> None:
    root = make_briefing(tmp_path)
    blocked = patch.state_file(root / "site").with_name(patch.state_file(root / "site").name + ".tmp")
    blocked.mkdir()  # where the state is written first: neither a file can be made there, nor can it be removed
    said = build(root)
    assert said.startswith("built site/"), said
    assert snapshot(root / "site") == clean_build(root)
    assert not patch.state_file(root / "site").exists()
    edit(root, "alpha.txt", "{}\nOne more paragraph.\n")
    said = build(root)
    assert PATCHED not in said and said.startswith("built site/"), said
    assert snapshot(root / "site") == clean_build(root)
