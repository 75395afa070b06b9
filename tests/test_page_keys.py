"""What a page's key counts of each value its templates are given (pagekeys.py).

A heavy field (a body, old addresses, a tag's items) read straight through a name the
page is given counts for that name's value alone; read any other way, for every value.
The end-to-end side (which pages a body edit renders) is in test_cache.py."""

from __future__ import annotations

import jinja2
import pytest

from site_builder.pagekeys import TemplateDeps


def reads(main: str, **others: str):
    """TemplateDeps.reads of template "main.html" among `others` (name -> source)."""
    loader = jinja2.DictLoader({"main.html": main, **{f"{name}.html": source
                                                      for name, source in others.items()}})
    return TemplateDeps(jinja2.Environment(loader=loader)).reads("main.html")


def test_a_body_read_through_a_given_name_counts_for_that_value_alone():
    found = reads("{{ item.body_html }}{% for other in read_also %}{{ other.title }}{% endfor %}")
    assert "body_html" in found.by_name["item"]
    assert "body_html" not in found.every
    assert "title" in found.every and "title" in found.by_name["item"]
    assert "body_html" in found.all


@pytest.mark.parametrize("main, others", [
    # a loop's name: any item of the list
    ("{{ item.title }}{% for other in read_also %}{{ other.body_html }}{% endfor %}", {}),
    # a macro's argument, in a template it imports
    ('{% from "macros.html" import card %}{{ card(item) }}',
     {"macros": "{% macro card(other) %}{{ other.body_html }}{% endmacro %}"}),
    # a name set to another value
    ("{% set item = read_also[0] %}{{ item.body_html }}", {}),
    # a name bound where a template is included, which reads it
    ('{{ item.body_html }}{% for item in read_also %}{% include "card.html" %}{% endfor %}',
     {"card": "{{ item.body_html }}"}),
    # named in a text
    ('{{ read_also | map(attribute="body_html") | join }}', {}),
    ('{{ read_also[0] | attr("body_html") }}', {}),
    # through an expression
    ("{{ (read_also | first).body_html }}", {}),
])
def test_a_body_read_any_other_way_counts_for_every_value(main, others):
    found = reads(main, **others)
    assert "body_html" in found.every
    assert all("body_html" in used for used in found.by_name.values())


def test_a_length_read_through_a_name_counts_the_length_for_that_value_alone():
    found = reads("{{ tag.items | length }} {% for other in tags %}{{ other.name }}{% endfor %}")
    assert found.by_name["tag"] >= {"items#length"}
    assert "items" not in found.by_name["tag"]
    assert not {"items", "items#length"} & found.every
