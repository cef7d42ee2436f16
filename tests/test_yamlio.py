"""briefing.yamlio: positions for every value, strict YAML, every scalar the text the editor typed."""
from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from briefing.cache import Cache
from briefing.yamlio import YamlError, YList, YMap, YStr, load
from conftest import make_briefing, run_build_py


def write(tmp_path: Path, text: str | bytes, name: str = "people.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str | bytes, name: str = "people.yaml") -> object:
    """The data of a file that loads without any problem."""
    data, problems, _ = load(write(tmp_path, text, name), f"content/{name}")
    assert problems == []
    return data


def pos(value: YStr | YMap | YList) -> tuple[int, int]:
    return value.line, value.column


def error_of(tmp_path: Path, text: str | bytes) -> str:
    """The one line for a file that cannot be read as YAML at all."""
    with pytest.raises(YamlError) as info:
        load(write(tmp_path, text), "content/people.yaml")
    return str(info.value.error)


def test_every_value_knows_its_line_and_column(tmp_path: Path) -> None:
    data = load_text(tmp_path, "# people\n- id: kim-jong-un\n  aliases:\n    - Kim Jong-un\n  summary: >\n    Text.\n")
    assert isinstance(data, YList)
    assert (data.file, data.line, data.column) == ("content/people.yaml", 2, 1)
    item = data[0]
    assert isinstance(item, YMap)
    assert pos(item) == (2, 3)
    assert item.key_pos == {"id": (2, 3), "aliases": (3, 3), "summary": (5, 3)}
    assert pos(item["id"]) == (2, 7)
    assert item["id"].file == "content/people.yaml"
    assert isinstance(item["aliases"], YList) and pos(item["aliases"]) == (4, 5)
    assert pos(item["aliases"][0]) == (4, 7)
    assert item["summary"] == "Text.\n" and pos(item["summary"]) == (5, 12)


def test_a_file_saved_again_and_again_is_parsed_once_a_version_and_kept_once(tmp_path: Path) -> None:
    """The dev server loads every file on every save: an unchanged one is taken from the
    cache (by its bytes), and only the version the last build used is kept."""
    cache = Cache()
    path = write(tmp_path, "- id: first\n")
    first, _, _ = load(path, "content/people.yaml", cache)
    assert load(path, "content/people.yaml", cache)[0] is first
    kept = weakref.ref(first)
    del first
    for i in range(3):
        write(tmp_path, f"- id: edit-{i}\n")
        data, _, _ = load(path, "content/people.yaml", cache)
        assert isinstance(data, YList) and data[0]["id"] == f"edit-{i}"
        assert load(path, "content/people.yaml", cache)[0] is data
        cache.keep()
    gc.collect()
    assert kept() is None
    assert len(cache.kept) == 1


@pytest.mark.parametrize(
    ("typed", "value"),
    [("NO", "NO"), ("no", "no"), ("yes", "yes"), ("true", "true"), ("Off", "Off"), ("2025", "2025"),
     ("2025-09-03", "2025-09-03"), ("1.50", "1.50"), ("010", "010"), ("0x10", "0x10"), ("1e3", "1e3"),
     (".inf", ".inf"), ("'2025'", "2025"), ('"NO"', "NO"), ("12:30", "12:30")],
)
def test_every_scalar_is_the_text_typed(tmp_path: Path, typed: str, value: str) -> None:
    data = load_text(tmp_path, f"country: {typed}\n")
    assert isinstance(data, YMap)
    assert type(data["country"]) is YStr
    assert str(data["country"]) == value
    assert data["country"].null is False


@pytest.mark.parametrize(("typed", "null"), [("", True), ("~", True), ("null", True), ("NULL", True),
                                             ("''", False), ("'null'", False), ('"~"', False)])
def test_only_plain_empty_or_null_is_null(tmp_path: Path, typed: str, null: bool) -> None:
    data = load_text(tmp_path, f"affiliation: {typed}\n")
    assert isinstance(data, YMap)
    assert data["affiliation"].null is null


def test_empty_file_and_comment_only_file_are_nothing(tmp_path: Path) -> None:
    assert load_text(tmp_path, "") is None
    assert load_text(tmp_path, "# nothing yet\n") is None


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    text = "- id: kim-jong-un\n  name: Kim Jong Un\n  kind: leader\n  name: Kim\n- id: b\n  id: c\n"
    data, problems, _ = load(write(tmp_path, text), "content/people.yaml")
    assert [str(p) for p in problems] == [
        "content/people.yaml:4:3: duplicate key 'name' (first written on line 2); keep one",
        "content/people.yaml:6:3: duplicate key 'id' (first written on line 5); keep one",
    ]
    assert isinstance(data, YList) and len(data) == 2  # the rest of the file is still read


def test_anchors_and_aliases_are_refused(tmp_path: Path) -> None:
    text = "- id: a\n  aliases: &spellings [Kim, Kim Jong-un]\n- id: b\n  aliases: *spellings\n"
    assert error_of(tmp_path, text) == (
        "content/people.yaml:2:12: YAML anchors and aliases (&name, *name) are not supported; write the value out")


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    text = "- id: a\n  kind: leader\n- id: b\n  <<: {kind: leader}\n"
    assert error_of(tmp_path, text) == (
        "content/people.yaml:4:3: YAML merge keys (<<) are not supported; write the fields out")


def test_tab_indentation_says_to_use_spaces(tmp_path: Path) -> None:
    text = "- id: kim-jong-un\n\tname: Kim Jong Un\n"
    assert error_of(tmp_path, text) == (
        "content/people.yaml:2:1: YAML syntax error: found character '\\t' that cannot start any token "
        "(indent with spaces, not tabs)")


def test_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    text = "- id: kim-jong-un\n  name: [Kim Jong Un\n- id: xi-jinping\n"
    assert error_of(tmp_path, text) == (
        "content/people.yaml:2:9: YAML syntax error: expected ',' or ']', but got ':' on line 3 (a [ or { opens a "
        "list or mapping that must close on its line: a text holding one goes in quotes)")  # at the [, not after


def test_bad_indentation(tmp_path: Path) -> None:
    assert error_of(tmp_path, "id: a\n name: b\n") == (
        "content/people.yaml:2:6: YAML syntax error: mapping values are not allowed here (this line is indented "
        "more than the field before it, or a text holds a colon and a space: put such a text in quotes, "
        "\"like: this\")")


def test_a_colon_in_a_text_and_a_list_item_out_of_line_say_what_to_do(tmp_path: Path) -> None:
    assert error_of(tmp_path, "- id: a\n  summary: The price: $9bn\n").endswith(
        "put such a text in quotes, \"like: this\")")
    assert error_of(tmp_path, "- id: a\n  name: b\n - id: c\n") == (
        "content/people.yaml:3:2: YAML syntax error: expected <block end>, but found '<block sequence start>' (this "
        "line is indented differently from the lines of its list or mapping)")
    assert error_of(tmp_path, "- id: a\n  name: 'Kim's'\n").endswith(
        "(a text that starts with a quotation mark must end with it: put the whole text in quotes)")


def test_a_quotation_mark_never_closed_is_pointed_at_where_it_opens(tmp_path: Path) -> None:
    """PyYAML notices at the end of the file: the message said "opened here" there, three lines on."""
    assert error_of(tmp_path, "id: x\nname: \"Unclosed\nkind: other\n") == (
        "content/people.yaml:2:7: YAML syntax error: found unexpected end of stream (a quotation mark opened here "
        "is not closed)")


def test_complex_keys_are_refused(tmp_path: Path) -> None:
    assert error_of(tmp_path, "? [a, b]\n: c\n") == "content/people.yaml:1:3: a mapping key must be a plain word"


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    raw = "- id: kim-jong-un\n  name: Kim\n  role: caf".encode() + b"\xe9\n"
    assert error_of(tmp_path, raw) == "content/people.yaml:3: file is not UTF-8 text; save it as UTF-8"


def test_unicode_text_is_kept(tmp_path: Path) -> None:
    data = load_text(tmp_path, "title: China–North Korea “ties” 北京\n")
    assert isinstance(data, YMap)
    assert data["title"] == "China–North Korea “ties” 北京"


NESTED = "YAML nested more than 50 levels deep; content needs a few: is a bracket left open?"


@pytest.mark.parametrize(("text", "where"), [
    ("[" * 1000 + "]" * 1000, "1:51"),  # flow sequences
    ("{a: " * 1000 + "b" + "}" * 1000, "1:201"),  # flow mappings
    ("- " * 1000 + "x\n", "1:101"),  # block sequences on one line
    ("".join("  " * i + "a:\n" for i in range(60)) + "  " * 60 + "b\n", "51:101"),  # block mappings
], ids=["flow-lists", "flow-maps", "block-lists", "block-maps"])
def test_nesting_beyond_50_levels_is_refused_where_it_goes_too_deep(tmp_path: Path, text: str, where: str) -> None:
    """PyYAML's composer recursed: 500 levels raised RecursionError, and 100,000 crashed the process."""
    assert error_of(tmp_path, text) == f"content/people.yaml:{where}: {NESTED}"


def test_nesting_of_50_levels_loads(tmp_path: Path) -> None:
    data = load_text(tmp_path, "[" * 50 + "x" + "]" * 50)
    for _ in range(50):
        assert isinstance(data, YList) and len(data) == 1
        data = data[0]
    assert data == "x"


def test_a_hundred_thousand_open_brackets_fail_the_build_with_one_line(tmp_path: Path) -> None:
    """As a separate process: this file took the build down with a segmentation fault."""
    root = make_briefing(tmp_path, themes="[" * 100_000)
    done = run_build_py(root, "--out", "site")
    assert (done.returncode, done.stderr.splitlines()) == (1, [
        f"content/themes.yaml:1:51: {NESTED}", "build failed: 1 error; nothing written"])


def test_an_undefined_alias_is_a_syntax_error_and_any_anchor_refused(tmp_path: Path) -> None:
    assert error_of(tmp_path, "- *a\n") == "content/people.yaml:1:3: YAML syntax error: found undefined alias 'a'"
    assert error_of(tmp_path, "- &a x\n- &a y\n") == (
        "content/people.yaml:1:3: YAML anchors and aliases (&name, *name) are not supported; write the value out")
    assert error_of(tmp_path, "- title: &t The split\n") == (  # an anchor no alias uses is refused too
        "content/people.yaml:1:10: YAML anchors and aliases (&name, *name) are not supported; write the value out")
