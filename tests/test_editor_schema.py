"""The editors' JSON Schemas agree with the build's own validation."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from briefing.editor_schema import schemas
from briefing.schema import COMMON, FIELDS
from conftest import ARTICLES, GRADED_ARTICLES, JUDGED_SITE, PROJECT, SITE, make_briefing, run_build

SCHEMAS = PROJECT / "docs" / "schemas"


def as_editor_sees(text: str) -> Any:
    """YAML as an editor's language server reads it: dates stay text."""
    def plain(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v
    return plain(yaml.safe_load(text))


def test_committed_schemas_are_the_generated_ones() -> None:
    """Regenerate with `python -m briefing.editor_schema docs/schemas` after changing the fields."""
    for name, schema in schemas().items():
        assert json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")) == schema, name
    # and briefing.schema.json, the hand-written schema of data/briefing.json (tests/test_data.py)
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted([*(f"{n}.schema.json" for n in FIELDS),
                                                                     "briefing.schema.json"])


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_field_the_build_knows_is_in_the_schema(name: str) -> None:
    schema = schemas()[name]
    item = schema if name == "site" else schema["$defs"]["item"]
    extra = set() if name == "site" else set(COMMON)
    assert set(item["properties"]) == set(FIELDS[name]) | extra
    assert set(item["required"]) == {k for k, required in FIELDS[name].items() if required}


@pytest.mark.parametrize("path", sorted((PROJECT / "content").glob("*.yaml")), ids=lambda p: p.name)
def test_the_bundled_content_is_valid(path: Path) -> None:
    validator = Draft202012Validator(schemas()[path.stem])
    errors = [e.message for e in validator.iter_errors(as_editor_sees(path.read_text(encoding="utf-8")))]
    assert errors == []


EVENT = """\
- id: second-event
  title: A second event
  date: {date}
  summary: Something happened.
  sources:
    - article: afp-report
{extra}"""

CLAIM = """\
- id: second-claim
  question: How many?
  statements:
    - source: {{article: afp-report}}
      says: more than 25 world leaders
    - source: {{article: radio-report}}
      says: 26 world leaders
{extra}"""

# (collection, item text, valid?). Cross-references, calendar days and verbatim text are
# left out: JSON Schema cannot see other files or the articles.
CASES = [
    ("events", EVENT.format(date="2025-09-03", extra=""), True),
    ("events", EVENT.format(date="2025-09", extra=""), True),
    ("events", EVENT.format(date="2025", extra=""), True),
    ("events", EVENT.format(date="1950s", extra=""), True),
    ("events", EVENT.format(date="~2018", extra=""), True),
    ("events", EVENT.format(date="Sept 2025", extra=""), False),
    # dates as uncertain as the sources (issue 25): every new form, and the slips a pattern can see
    *(("events", EVENT.format(date=d, extra=""), True)
      for d in ("2018?", "2018~", "2018%", "2018-03-05?", "1950s?", "~1950s", "2019-01/..", "../2011", "../2011?",
                "2019-01/2019-03", "~2019/2020?", "2019-01~/..", "1950s/1960s")),
    *(("events", EVENT.format(date=d, extra=""), False)
      for d in ("~2018?", "2018??", "?2018", "2019-01/", "/2019", "../..", "2019/2020/2021", "19XX", "-0044",
                "2019-01 / 2019-03")),
    ("events", EVENT.format(date="2019-01/2019-03", extra="  end: 2019-04\n"), False),
    ("events", EVENT.format(date="2019-01/..", extra="  end: 2019-04\n"), False),
    ("events", EVENT.format(date="../2019", extra="  end: 2019-04\n"), False),
    ("events", EVENT.format(date="2019-01?", extra="  end: 2019-04%\n"), True),
    ("events", EVENT.format(date="2019-01", extra="  end: ../2019-04\n"), False),
    ("events", EVENT.format(date="2019-01", extra="  end: 2019-02/2019-04\n"), False),
    ("events", EVENT.format(date="2025-9-3", extra=""), False),
    ("events", EVENT.format(date="2025-09-03", extra="  status: expected\n"), True),
    ("events", EVENT.format(date="2025-09-03", extra="  status: rumoured\n"), False),
    ("events", EVENT.format(date="2025-09-03", extra="  location: Beijing\n"), True),
    ("events", EVENT.format(date="2025-09-03", extra="  locaton: Beijing\n"), False),
    ("events", EVENT.format(date="2025-09-03", extra="  people: [kim-jong-un]\n"), True),
    ("events", EVENT.format(date="2025-09-03", extra="  people: [Kim_Jong_Un]\n"), False),
    ("events", EVENT.format(date="2025-09-03", extra="  draft: false\n"), True),
    ("events", EVENT.format(date="2025-09-03", extra="  former_ids: [old-name]\n"), True),
    ("events", EVENT.format(date="2025-09-03", extra="").replace("  title: A second event\n", ""), False),
    ("events", EVENT.format(date="2025-09-03", extra="").replace("id: second-event", "id: Second Event"), False),
    ("events", EVENT.format(date="2025-09-03", extra="").replace("    - article: afp-report\n",
                                                               "    - article: afp-report\n      paragraph: 1\n"), True),
    ("events", EVENT.format(date="2025-09-03", extra="").replace("    - article: afp-report\n",
                                                               "    - article: afp-report\n      paragraph: 0\n"), False),
    ("events", EVENT.format(date="2025-09-03", extra="").replace(
        "    - article: afp-report\n", "    - article: afp-report\n      paragraph: 1\n      excerpt: Kim\n"), False),
    ("events", EVENT.format(date="2025-09-03", extra="").replace("  sources:\n    - article: afp-report\n", ""), False),
    ("people", "- id: new-person\n  name: New Person\n  kind: analyst\n  role: Scholar\n  country: Norway\n"
               "  summary: An analyst.\n", True),
    ("people", "- id: new-person\n  name: New Person\n  kind: pundit\n  role: Scholar\n  country: Norway\n"
               "  summary: An analyst.\n", False),
    ("people", "- id: new-person\n  name: New Person\n  kind: analyst\n  role: Scholar\n  summary: An analyst.\n",
     False),
    ("themes", "- id: new-theme\n  title: A theme\n  summary: About it.\n", True),
    ("themes", f"- id: {'t' * 100}\n  title: A theme\n  summary: About it.\n", True),
    ("themes", f"- id: {'t' * 101}\n  title: A theme\n  summary: About it.\n", False),
    ("themes", "- id: new-theme\n  title: A theme\n", False),
    ("themes", "- id: new-theme\n  title: [a, list]\n  summary: About it.\n", False),
    ("claims", "- id: new-claim\n  question: Which?\n  statements:\n    - source: {article: afp-report}\n"
               "      says: Kim\n", False),
    ("articles", "- id: another\n  file: ../alpha.txt\n  title: T\n  outlet: AFP\n  published: unknown\n", False),
    ("claims", CLAIM.format(extra=""), True),
    ("claims", CLAIM.format(extra="  status: open\n"), True),
    ("claims", CLAIM.format(extra="  status: settled\n  resolution: Settled by [[radio-report]].\n"), True),
    ("claims", CLAIM.format(extra="  status: superseded\n  resolution: Overtaken.\n"), True),
    ("claims", CLAIM.format(extra="  status: settled\n"), False),
    ("claims", CLAIM.format(extra="  resolution: Settled.\n"), False),
    ("claims", CLAIM.format(extra="  status: open\n  resolution: Settled.\n"), False),
    ("claims", CLAIM.format(extra="  status: closed\n  resolution: Settled.\n"), False),
    ("claims", CLAIM.format(extra="").replace("says: 26 world leaders\n", "says: 26 world leaders\n"
                                                                           "      credibility: 3\n"), True),
    ("claims", CLAIM.format(extra="").replace("says: 26 world leaders\n", "says: 26 world leaders\n"
                                                                           "      credibility: 0\n"), False),
]


@pytest.mark.parametrize(("collection", "text", "valid"), CASES)
def test_schema_and_build_agree(tmp_path: Path, collection: str, text: str, valid: bool) -> None:
    schema_says = not list(Draft202012Validator(schemas()[collection]).iter_errors(as_editor_sees(text)))
    assert schema_says is valid, "the JSON Schema disagrees"
    root = make_briefing(tmp_path, files={f"content/{collection}/extra.yaml": text})
    code, _, err = run_build(root, "--check", "-q")
    assert (code == 0) is valid, f"the build disagrees: {err}"


def both_say(tmp_path: Path, collection: str, text: str, valid: bool) -> None:
    """The editors' JSON Schema and the build agree on whether `text`, as the collection's file, is valid."""
    schema_says = not list(Draft202012Validator(schemas()[collection]).iter_errors(as_editor_sees(text)))
    assert schema_says is valid, "the JSON Schema disagrees"
    code, _, err = run_build(make_briefing(tmp_path, **{collection: text}), "--check", "-q")
    assert (code == 0) is valid, f"the build disagrees: {err}"


@pytest.mark.parametrize(("confidence", "valid"), [("moderate", True), ("low", True), ("certain", False)])
def test_a_key_judgment_may_carry_a_confidence(tmp_path: Path, confidence: str, valid: bool) -> None:
    both_say(tmp_path, "site", JUDGED_SITE.replace("confidence: moderate", f"confidence: {confidence}"), valid)


@pytest.mark.parametrize(("grade", "valid"), [("B", True), ("F", True), ("G", False), ("b", False)])
def test_an_article_may_carry_a_reliability_grade(tmp_path: Path, grade: str, valid: bool) -> None:
    both_say(tmp_path, "articles", GRADED_ARTICLES.replace("reliability: B", f"reliability: {grade}"), valid)


@pytest.mark.parametrize(("published", "valid"), [
    ("2025-09?", True), ("2025-09%", True), ("2025-09~", True), ("../2025-09-04", True), ("2025/..", True),
    ("2025-09-01/2025-09-03", False), ("~2025?", False), ("2025-09/", False)])
def test_a_publication_date_may_be_marked_or_open_but_not_a_range(tmp_path: Path, published: str,
                                                                  valid: bool) -> None:
    both_say(tmp_path, "articles", ARTICLES.replace("published: 2025-09-03", f"published: {published}"), valid)


@pytest.mark.parametrize(("as_of", "valid"), [("2025-09-05", True), ("2025-09-05?", False), ("~2025-09-05", False),
                                              ("2025-09-05/..", False), ("2025-09", False)])
def test_as_of_is_one_day_for_certain(tmp_path: Path, as_of: str, valid: bool) -> None:
    both_say(tmp_path, "site", SITE.replace("as_of: 2025-09-05", f"as_of: {as_of}"), valid)
