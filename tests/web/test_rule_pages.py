"""Rule pages: a verdict's rule tag leads to what the rule checks, its AWS page and its questions."""
from __future__ import annotations

from study.ecs.rules import RULES
from tests.web.form_requests import start_practice
from tests.web.stored_state import current


def test_a_rule_page_says_what_the_rule_is_and_where_it_comes_from(client):
    rule = RULES[0]
    page = client.get(f"/rules/{rule.id}").get_data(as_text=True)
    assert rule.title in page and rule.source in page and rule.source_checked.isoformat() in page
    assert client.get("/rules/NOPE99").status_code == 404


def test_feedback_shows_rule_titles_with_a_tag_never_a_bare_code(app, client):
    sid = start_practice(client, question="fake/q1", count="1")
    item = current(app, sid)
    page = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": "wrong1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Application calls use the task role" in page
    assert '<a class="rule-tag" href="/rules/IAM01"' in page and "<code>IAM01</code>" not in page
    assert page.index("Because of IAM01.") < page.index("wrong1 breaks IAM01")  # the explanation comes first
    assert '<details class="model-work">' in page
