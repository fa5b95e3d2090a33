"""A wrong statement choice on a real question shows what the model found, even with no rule behind it."""
from __future__ import annotations

import pytest

from tests.web.form_requests import start_practice
from tests.web.stored_state import current

QUESTION = "cloudtrail-who-called"


@pytest.mark.parametrize("letter", ["B", "C"])  # a false CloudTrail statement and a false signs statement
def test_wrong_statement_choice_shows_what_the_model_finds(real_app, letter):
    from study.web.app_catalog import catalog

    client = real_app.test_client()
    with real_app.app_context():
        gid, entry = next((g, e) for g, e in catalog().entries.items() if e.question.id == QUESTION)
    sid = start_practice(client, section=entry.question.practises[0], count="100")
    while current(real_app, sid).question_id != gid:
        other = current(real_app, sid)
        client.post(f"/practice/{sid}/answer", data={"item_id": other.id, "numeric": "0", "choice": other.choice_order[:1]})
        client.post(f"/practice/{sid}/next")
    item = current(real_app, sid)
    response = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": letter}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wrong." in page and "The model finds otherwise" in page
    assert 'href="/rules/"' not in page, "a finding without a rule must not link to an empty rule page"
