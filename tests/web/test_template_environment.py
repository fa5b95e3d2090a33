"""Templates read the environment's globals through a read-only view instead of a ChainMap."""
from __future__ import annotations

import pytest

from tests.web.support import BACKENDS

pytestmark = pytest.mark.parametrize("database_url", [BACKENDS[0]], indirect=True)  # reads no database


def test_a_template_sees_globals_added_after_it_was_loaded(app):
    template = app.jinja_env.from_string("{{ late }}")
    app.jinja_env.globals["late"] = "seen"
    assert template.render() == "seen"


def test_a_template_cannot_change_the_environments_globals(app):
    template = app.jinja_env.get_template("base.html")
    with pytest.raises(TypeError):
        template.globals["markdown"] = None
    assert app.jinja_env.globals["markdown"] is not None


def test_template_level_globals_still_overlay_without_leaking(app):
    template = app.jinja_env.from_string("{{ TOPICS }}", globals={"TOPICS": "own"})
    assert template.render() == "own"
    assert app.jinja_env.globals["TOPICS"] != "own"
