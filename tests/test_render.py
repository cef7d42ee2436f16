"""briefing.render: the Jinja environment pages are rendered with."""
from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError
from markupsafe import Markup, escape

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


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none(),
                 st.text().map(Markup), st.just(_Html())))
@settings(max_examples=200)
def test_output_is_escaped_as_markupsafe_escapes_it(value: object) -> None:
    """The templates' quicker escape writes what markupsafe.escape writes, in output, in a
    macro's output and in a block set; the compiled template does use it."""
    source = ("{% macro m(v) %}[{{ v }}]{% endmacro %}{% set b %}{{ v }}{% endset %}"
              "{{ v }}|{{ m(v) }}|{{ b }}|{{ v ~ '<' }}|{{ m(v) ~ v }}")
    ours = environment(Path("."), False).from_string(source)
    jinjas = jinja2.Environment(autoescape=True).from_string(source)
    assert ours.render(v=value) == jinjas.render(v=value)
    assert ours.render(v=value).startswith(f"{escape(value)}|[{escape(value)}]|")
    assert ours.root_render_func.__globals__["escape"] is not escape  # MarkupSafe 3, as installed


def test_an_undefined_value_still_fails_to_render(tmp_path: Path) -> None:
    with pytest.raises(UndefinedError):
        environment(tmp_path, False).from_string("<p>{{ nothing }}</p>").render()
