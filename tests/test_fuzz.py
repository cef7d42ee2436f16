"""Property-based tests (hypothesis): random YAML and random article text through the
whole pipeline give a built site or content errors, never a traceback."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ALPHA, BASE, BETA, ODD_VALUES, make_briefing, run_build

ERROR_LINE = re.compile(r"^\S.*?(:\d+)*: .+$")
FIELDS = ["id", "title", "date", "end", "people", "themes", "summary", "sources", "status", "location", "former_ids",
          "draft", "article", "paragraph", "excerpt", "name", "aliases", "kind", "role", "country", "speaker", "text",
          "source", "events", "question", "statements", "says", "note", "file", "outlet", "published", "url",
          "resolution", "credibility", "reliability", "confidence"]
SCALARS = st.one_of(
    st.text(max_size=30), st.integers(-10, 3000), st.booleans(), st.none(), st.floats(allow_nan=True),
    st.sampled_from(["kim-jong-un", "afp-report", "victory-parade", "china-ties", "2025-09-03", "~2025", "1950s",
                     "2025-02-30", "[[kim-jong-un]]", "[[nobody]]", "alpha.txt", "../alpha.txt", "", " "]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5)),
                      max_leaves=12)
ITEMS = st.one_of(VALUES, st.lists(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8), max_size=4))
COLLECTION = st.sampled_from(["events", "people", "themes", "quotes", "claims", "articles", "site"])
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(files: dict[str, Any], **overrides: Any) -> None:
    """Build; a pass or exit 1 with one well-formed line per error, and never a traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        root = make_briefing(Path(tmp), files=files, **overrides)
        code, out, err = run_build(root, "--out", "site")
        assert "Traceback" not in out + err
        assert code in (0, 1), (code, err)
        if code == 1:
            lines = err.splitlines()
            assert lines[-1].startswith("build failed: ")
            assert all(ERROR_LINE.match(line) for line in lines[:-1]), err
            assert not (root / "site").exists()  # nothing half-written
        else:
            assert (root / "site" / "index.html").is_file()


@FUZZ
@given(COLLECTION, ITEMS)
def test_random_yaml_data_in_any_collection(collection: str, data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    outcome({f"content/{collection}.yaml": text})


@FUZZ
@given(COLLECTION, st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_random_text_as_yaml(collection: str, text: str) -> None:
    outcome({f"content/{collection}.yaml": text})


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_random_article_text(text: str) -> None:
    outcome({"seeds/beta.txt": text})


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_an_article(data: bytes) -> None:
    outcome({"seeds/beta.txt": data})


# A valid briefing with a few fields changed reaches every stage past validation, where
# wholly random YAML seldom gets: resolving, the pages, the search index, the feed.
ODD = st.sampled_from(ODD_VALUES)
NEW_VALUES = st.recursive(st.one_of(ODD, SCALARS), lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3)), max_leaves=6)


def _places(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value in a YAML tree (dict keys, list indexes)."""
    yield at
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _places(child, (*at, key))


@st.composite
def changed_yaml(draw: st.DrawFn, text: str) -> str:
    """The fixture file's data with one value replaced, removed, repeated, or a field added."""
    tree = yaml.safe_load(text)
    places = [p for p in _places(tree) if p]
    if not places:  # changed before into an empty list or a single value
        return yaml.safe_dump(draw(NEW_VALUES), allow_unicode=True)
    at = draw(st.sampled_from(places))
    parent = tree
    for key in at[:-1]:
        parent = parent[key]
    how = draw(st.sampled_from(["replace", "remove", "repeat", "add"]))
    if how == "remove":
        del parent[at[-1]]
    elif how == "repeat" and isinstance(parent, list):
        parent.append(parent[at[-1]])
    elif how == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(FIELDS))] = draw(NEW_VALUES)
    else:
        parent[at[-1]] = draw(NEW_VALUES)
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


@FUZZ
@given(st.data())
def test_the_fixture_with_random_changes(data: st.DataObject) -> None:
    files: dict[str, Any] = {}
    for _ in range(data.draw(st.integers(1, 3))):
        rel = data.draw(st.sampled_from([*sorted(BASE), "seeds/alpha.txt", "seeds/beta.txt"]))
        if rel.startswith("seeds/"):
            text = files.get(rel, ALPHA if rel == "seeds/alpha.txt" else BETA)
            at = data.draw(st.integers(0, len(text)))
            files[rel] = text[:at] + data.draw(st.one_of(ODD, st.text(max_size=40))) + text[at:]
        else:
            files[rel] = data.draw(changed_yaml(files.get(rel, BASE[rel])))
    outcome(files)
