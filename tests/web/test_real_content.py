"""One flow over the real bundled notes and banks, judged by the real ECS model."""
from __future__ import annotations

import html
import re

import pytest

from tests.web.form_requests import start_practice
from tests.web.stored_state import current


def test_real_bank_loads_without_problems(real_app):
    from study.web.app_catalog import catalog

    with real_app.app_context():
        loaded = catalog()
    assert loaded.entries and loaded.problems == []


def test_wrong_pick_on_a_real_question_shows_reason_fix_and_diagram(real_app):
    from study.web.app_catalog import catalog

    client = real_app.test_client()
    with real_app.app_context():
        gid, entry = next((g, e) for g, e in catalog().entries.items() if e.question.kind == "single"
                          and any(v.fix for v in catalog().evaluation(e, None).choices))
        fixed, fix = next((v.choice_id, v.fix) for v in catalog().evaluation(entry, None).choices if v.fix)
    sid = start_practice(client, section=entry.question.practises[0], count="100")
    while current(real_app, sid).question_id != gid:  # answer the others until ours comes up
        other = current(real_app, sid)
        client.post(f"/practice/{sid}/answer", data={"item_id": other.id, "numeric": "0",
                                                     "choice": other.choice_order[:1]})
        client.post(f"/practice/{sid}/answer", data={"item_id": other.id, "numeric": "0",
                                                     "choice": other.choice_order[:2]})
        client.post(f"/practice/{sid}/next")
    item = current(real_app, sid)
    page = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": fixed},
                       follow_redirects=True).get_data(as_text=True)
    assert "Wrong." in page and f"What would make it right:</strong> {html.escape(fix)}" in page
    assert 'aria-label="Deployment diagram"' in page and "/notes/" in page


def test_real_note_renders_with_section_tools(real_app):
    from study.web.app_catalog import catalog

    with real_app.app_context():
        slug = next(iter(catalog().notes_by_slug))
    page = real_app.test_client().get(f"/notes/{slug}").get_data(as_text=True)
    assert "Contents" in page and "Practise this section" in page


def test_every_note_section_ends_with_the_questions_that_practise_it(real_app):
    """The list is generated from the banks: each section names exactly the questions that link to it."""
    from study.web.app_catalog import catalog

    client = real_app.test_client()
    with real_app.app_context():
        loaded = catalog()
        note = loaded.notes_by_slug["iam-roles"]
        expected = {s.anchor: {e.gid for e in loaded.select(sections=[s.anchor])} for s in note.sections}
    page = client.get("/notes/iam-roles").get_data(as_text=True)
    for anchor, gids in expected.items():
        section_id = anchor.split("#", 1)[1]
        start = page.index(f'id="{section_id}"')
        following = [page.find(f'id="{s.anchor.split("#", 1)[1]}"', start + 1) for s in note.sections]
        end = min([i for i in following if i > start] or [len(page)])
        listed = set(re.findall(r'name="question" value="([^"]+)"', page[start:end]))
        assert listed == gids, anchor


def test_a_question_link_starts_a_session_on_that_question(real_app):
    from study.web.app_catalog import catalog

    client = real_app.test_client()
    with real_app.app_context():
        gid = next(iter(catalog().entries))
    response = client.post("/practice/start", data={"question": gid, "count": "1"})
    sid = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert current(real_app, sid).question_id == gid


def test_a_wrong_part_of_a_combined_design_is_judged_in_the_place_of_a_right_one(real_app):
    client = real_app.test_client()
    sid = start_practice(client, question="iam/cal-03-private-pulls-without-nat", count="1")
    item = current(real_app, sid)
    letter = {choice_id: "ABCDE"[i] for i, choice_id in enumerate(item.choice_order)}
    page = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": ["B", "C"]},
                       follow_redirects=True).get_data(as_text=True)
    assert "Wrong." in page
    # C (task-role permissions) stands in for D (the S3 gateway endpoint) next to B (the ECR endpoints):
    # its reason is the layer download from S3, which is what D does and C does not.
    reason_c = reason_of(page, letter["C"])
    assert f"(judged together with {letter['B']})" in reason_c
    assert "image layers stored in Amazon S3" in reason_c and "ecr.api" not in reason_c
    assert f"meets every requirement, together with {letter['D']}." in reason_of(page, letter["B"])


def reason_of(page: str, letter: str) -> str:
    """The feedback list item of the choice shown with this letter."""
    return re.search(rf"<strong>{letter}</strong>(.*?)\n    </li>", page, re.S).group(1)


def test_explanations_cite_choices_by_the_letters_shown(real_app):
    """Choices are shuffled per attempt: an explanation's {X} shows as the letter choice X has on screen."""
    from study.web.app_catalog import catalog

    client = real_app.test_client()
    with real_app.app_context():
        gid = next(g for g, e in catalog().entries.items() if e.question.kind == "single"
                   and e.question.explanation.count("{") >= 2 and "{A}" in e.question.explanation)
    client.post("/practice/start", data={"question": gid, "count": "1"})
    status = client.get("/api/sessions/1/current").get_json()
    item = status["item"]
    shown = {choice["id"]: choice["letter"] for choice in item["choices"]}
    answered = client.post("/api/sessions/1/answer", json={"item_id": item["item_id"], "choices": [item["choices"][0]["id"]]})
    explanation = answered.get_json()["explanation"]
    assert "{" not in explanation
    cited = re.findall(r"\(([A-H])\)", explanation)
    with real_app.app_context():
        written = re.findall(r"\(\{([A-H])\}\)", catalog().entry(gid).question.explanation)
    assert cited == [shown[letter] for letter in written] and cited
    page = client.get("/practice/1").get_data(as_text=True)
    assert all(f"({shown[letter]})" in page for letter in written)


def swappable(loaded):
    """(gid, content, key, other) of single-answer questions whose one right choice and another choice both
    change the design, differently."""
    from study.content.versions import question_content

    for gid, entry in loaded.entries.items():
        if entry.question.kind != "single" or entry.question.params:
            continue
        result = loaded.evaluation(entry, None)
        content = question_content(entry.question)
        designs = {c["id"]: c.get("design") for c in content["choices"]}
        if len(result.model_key) == 1 and designs.get(result.model_key[0]):
            key = result.model_key[0]
            others = [cid for cid, design in designs.items() if cid != key and design and design != designs[key]]
            if others:
                yield gid, content, key, others[0]


def test_an_item_keeps_the_version_it_drew_after_the_bank_changes(real_app, clock):
    """The learner drew a version whose stem read differently and whose right choice was another one (the
    designs of two choices swapped); the bank has changed since. Feedback and grading use the drawn version."""
    from study.db.models import QuestionVersion, SessionItem
    from study.web.app_catalog import catalog
    from study.web.database import db_session

    client = real_app.test_client()
    with real_app.app_context():
        gid, content, key, other = next(swappable(catalog()))
    choices = {c["id"]: c for c in content["choices"]}
    choices[key]["design"], choices[other]["design"] = choices[other]["design"], choices[key]["design"]
    content["stem"] = "An earlier wording of this question."
    sid = start_practice(client, question=gid, count="1")
    item = current(real_app, sid)
    with real_app.app_context():
        bank_id, question_id = gid.split("/", 1)
        db_session().add(QuestionVersion(bank_id=bank_id, question_id=question_id, content_hash="e" * 64,
                                         content=content, created_at=clock()))
        db_session().get(SessionItem, item.id).question_hash = "e" * 64
        db_session().commit()
    page = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": other},
                       follow_redirects=True).get_data(as_text=True)
    assert "An earlier wording of this question." in page and "Right." in page
    assert current(real_app, sid).answer.correct


@pytest.mark.parametrize(("choice", "drawn"), [("B", False), ("D", False), ("C", True)])
def test_a_pick_rejected_when_registered_gets_no_picture_of_running_tasks(real_app, choice, drawn):
    """cal-01's B and D break FG03 at registration: AWS would refuse them, so no task of theirs is drawn."""
    client = real_app.test_client()
    sid = start_practice(client, question="launch-types/cal-01-fargate-size-from-reservations", count="1")
    item = current(real_app, sid)
    page = client.post(f"/practice/{sid}/answer", data={"item_id": item.id, "choice": choice},
                       follow_redirects=True).get_data(as_text=True)
    assert ('aria-label="Deployment diagram"' in page) is drawn
    assert ("No deployment to draw: AWS refuses your pick when it is registered" in page) is not drawn
