"""The question's stem and inputs are rendered once per state and kept: what is kept is what rendering gives."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from study.web import feedback
from study.web.access import catalog
from study.web.templating import question_fields
from tests.web.support import BACKENDS

pytestmark = pytest.mark.parametrize("database_url", [BACKENDS[0]], indirect=True)  # reads no database

# (name, question, choice order, drawn values, chosen choices or numeric value, answered)
STATES = [
    ("unanswered", "q1", ["right", "wrong1", "wrong2", "wrong3"], None, None, False),
    ("another order", "q1", ["wrong3", "wrong2", "wrong1", "right"], None, None, False),
    ("chosen, not graded (exam)", "q1", ["right", "wrong1", "wrong2", "wrong3"], None, ["wrong1"], False),
    ("answered wrong", "q1", ["right", "wrong1", "wrong2", "wrong3"], None, ["wrong1"], True),
    ("answered right", "q1", ["right", "wrong1", "wrong2", "wrong3"], None, ["right"], True),
    ("choose two", "q5", ["a", "b", "c"], None, ["a", "c"], True),
    ("numeric, one draw", "n1", [], {"load": 100}, 2.0, True),
    ("numeric, another draw", "n1", [], {"load": 200}, 2.0, True),
    ("numeric, another answer", "n1", [], {"load": 200}, 4.0, True),
    ("numeric, unanswered", "n1", [], {"load": 200}, None, False),
]


def state_of(question_id, order, params, given, answered):
    """Entry, item and choice views as a question page passes them."""
    entry = catalog().entry(f"fake/{question_id}")
    answer = None
    if given is not None:
        numeric = not isinstance(given, list)
        answer = SimpleNamespace(choices=[] if numeric else given, numeric_value=given if numeric else None)
    item = SimpleNamespace(params=params, answer=answer, choice_order=order)
    choices = feedback.choice_views(entry, item)
    for view in choices:
        view.in_key = answered and view.choice_id in entry.question.key
    return entry, item, choices, answered


def test_kept_fragments_equal_a_fresh_render_for_every_state(app):
    with app.test_request_context():
        states = [state_of(*row[1:]) for row in STATES]
        template = app.jinja_env.get_template("_question.html")
        fresh = [template.render(entry=e, item=i, choices=c, answered=a) for e, i, c, a in states]
        assert len(set(fresh)) == len(STATES)  # every state looks different, so a shared entry would show
        first = [question_fields(*state) for state in states]
        kept = [question_fields(*state) for state in states]  # now all from the cache
    for (name, *_), html, again, expected in zip(STATES, first, kept, fresh, strict=True):
        assert str(html) == expected, name
        assert str(again) == expected, name


def test_a_drawn_value_that_cannot_be_a_key_is_rendered_every_time(app):
    with app.test_request_context():
        entry, item, choices, answered = state_of("n1", [], {"load": [100, 200]}, None, False)
        assert "[100, 200]" in question_fields(entry, item, choices, answered)
        assert app.extensions.get("study.question_fields", {}) == {}
