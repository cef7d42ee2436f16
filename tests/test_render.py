"""briefing.render: the Jinja environment pages are rendered with."""
from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError
from markupsafe import Markup, escape

from briefing.cache import Cache
from briefing.render import environment


def test_dict_keys_read_as_attributes_as_jinja_reads_them(tmp_path: Path) -> None:
    """The quicker lookup of page data gives what Jinja's own gives: the key, a dict's
    own methods before keys of the same name, and an error for a missing key."""
    env = environment((tmp_path,), Cache())
    card = {"title": "<T>", "items": ["a"], "note": 0}
    template = env.from_string("{{ card.title }}|{{ card.note }}|{{ card.items is callable }}|{{ card['items'][0] }}")
    assert template.render(card=card) == "&lt;T&gt;|0|True|a"
    with pytest.raises(UndefinedError):
        env.from_string("{{ card.missing }}").render(card=card)


def test_a_compiled_template_is_kept_in_the_cache_by_its_source(tmp_path: Path) -> None:
    """The next build's environment takes the compiled template from the cache; an edited
    template has another key, so it is compiled again, never taken for the old one."""
    cache = Cache()
    (tmp_path / "page.html").write_text("one", encoding="utf-8")
    assert environment((tmp_path,), cache).get_template("page.html").render() == "one"
    assert len(cache.new) == 1
    cache.keep()
    assert environment((tmp_path,), cache).get_template("page.html").render() == "one"
    assert not cache.new  # found, not made
    (tmp_path / "page.html").write_text("two, longer", encoding="utf-8")
    assert environment((tmp_path,), cache).get_template("page.html").render() == "two, longer"
    assert len(cache.new) == 1


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
    ours = environment((Path("."),), Cache()).from_string(source)
    jinjas = jinja2.Environment(autoescape=True).from_string(source)
    assert ours.render(v=value) == jinjas.render(v=value)
    assert ours.render(v=value).startswith(f"{escape(value)}|[{escape(value)}]|")
    assert ours.root_render_func.__globals__["escape"] is not escape  # MarkupSafe 3, as installed


def test_an_undefined_value_still_fails_to_render(tmp_path: Path) -> None:
    with pytest.raises(UndefinedError):
        environment((tmp_path,), Cache()).from_string("<p>{{ nothing }}</p>").render()


def test_a_page_key_is_the_same_for_equal_data_and_differs_for_any_difference() -> None:
    """A card met twice, or two equal copies of it (made on two cores), give one key; anything a reader
    could see differ gives another: a field's value, a card's class, Markup for plain text, the shared part."""
    from briefing.cards import EventLink, Link, PersonCard
    from briefing.pages import Page
    from briefing.render import _Keys

    def page(*items: object, **more: object) -> Page:
        return Page("events/a/", "event.html", "A", "About A", {"items": list(items), **more}, "timeline")

    keys = _Keys("shared")
    link = Link("@/people/b/", "B")
    assert keys(page(link, link)) == keys(page(Link("@/people/b/", "B"), Link("@/people/b/", "B")))
    assert len({keys(page(link)), keys(page(Link("@/people/b/", "C"))), keys(page(link, link)),
                keys(page(EventLink("@/people/b/", "B", ""))), keys(page(link, note=Markup("<b>x</b>"))),
                keys(page(link, note="<b>x</b>")), keys(page(PersonCard("@/people/b/", "B", "", "", "", ""))),
                _Keys("other")(page(link))}) == 8
