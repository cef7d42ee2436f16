"""briefing.render: the Jinja environment pages are rendered with."""
from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError

from briefing.render import environment


@pytest.mark.parametrize("watch", [True, False])
def test_dict_keys_read_as_attributes_as_jinja_reads_them(tmp_path: Path, watch: bool) -> None:
    """The quicker lookup of page data gives what Jinja's own gives: the key, a dict's
    own methods before keys of the same name, and an error for a missing key."""
    env = environment(tmp_path, watch)
    card = {"title": "<T>", "items": ["a"], "note": 0}
    template = env.from_string("{{ card.title }}|{{ card.note }}|{{ card.items is callable }}|{{ card['items'][0] }}")
    assert template.render(card=card) == "&lt;T&gt;|0|True|a"
    with pytest.raises(UndefinedError):
        env.from_string("{{ card.missing }}").render(card=card)


def test_a_one_shot_environment_reads_a_template_once(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("one", encoding="utf-8")
    watching, once = environment(tmp_path, True), environment(tmp_path, False)
    assert watching.get_template("page.html").render() == once.get_template("page.html").render() == "one"
    (tmp_path / "page.html").write_text("two, longer", encoding="utf-8")
    assert watching.get_template("page.html").render() == "two, longer"  # the dev server sees the save
    assert once.get_template("page.html").render() == "one"
