"""A question that fails validation is never served: not in practice, exam or review; instructors see why."""
from __future__ import annotations

import pytest

from study import locations
from study.db import migrate
from study.db.engine import Base
from study.db.models import Role
from study.web.accounts import create_account
from study.web.database import db_session, get_engine
from tests.web.app_builder import build_app, drop_everything
from tests.web.form_requests import Auth, session_id_from, start_practice
from tests.web.stored_state import load_session
from tests.web.test_catalog import CAL_01, _flip_key, _small_bank

BAD = f"launch-types/{CAL_01}"


@pytest.fixture
def flipped_app(database_url, clock, tmp_path):
    """An app over a bank whose first question's key the model disproves, among two good ones."""
    app = build_app(database_url, clock, STUDY_CATALOG=None, STUDY_CONTENT_DIR=str(locations.content_dir()),
                    STUDY_QUESTIONS_DIR=str(_small_bank(tmp_path, _flip_key)))
    yield app
    drop_everything(app)


def _served(app, session_id: int) -> set[str]:
    return {item.question_id for item in load_session(app, session_id).items}


def test_practice_and_exam_never_draw_the_held_back_question(flipped_app):
    client = flipped_app.test_client()
    Auth(client).register()
    practice = start_practice(client, topic="launch-types", count="100")
    named = start_practice(client, question=[BAD, *(_good_ids(flipped_app))], count="100")
    exam = session_id_from(client.post("/exam/start", data={"count": "100", "minutes": "10"}))
    for session_id in (practice, named, exam):
        served = _served(flipped_app, session_id)
        assert BAD not in served and served == set(_good_ids(flipped_app))
    assert client.post(f"/questions/{BAD}/report", data={"message": "x"}).status_code == 404


def _good_ids(app) -> list[str]:
    from study.web.app_catalog import catalog

    with app.app_context():
        return list(catalog().entries)


def test_instructors_see_what_is_held_back_and_why(flipped_app):
    with flipped_app.app_context():
        create_account(db_session(), "teacher", "long password", Role.INSTRUCTOR, flipped_app.config["STUDY_CLOCK"]())
        db_session().commit()
    teacher = flipped_app.test_client()
    Auth(teacher).login("teacher", "long password")
    page = teacher.get("/instructor/reports").get_data(as_text=True)
    assert "Questions not served (1)" in page and CAL_01 in page
    assert "the key says A but the model rejects it" in page


def test_readiness_counts_the_held_back_questions(flipped_app):
    Base.metadata.drop_all(get_engine(flipped_app))  # readiness wants the migrated schema
    migrate.upgrade(get_engine(flipped_app))
    try:
        body = flipped_app.test_client().get("/readyz").get_json()
    finally:
        migrate.downgrade(get_engine(flipped_app), "base")
    assert (body["status"], body["questions"], body["held_back"]) == ("ok", 2, 1)
    assert "/instructor/reports" in body["held_back_reason"]


def test_review_skips_a_due_card_of_the_held_back_question(flipped_app):
    """A learner who missed the question before its bank broke still never gets it back in review."""
    from sqlalchemy import select

    from study.db.models import ReviewCard, User
    from study.web.scheduling import QUESTION

    client = flipped_app.test_client()
    Auth(client).register()
    good = _good_ids(flipped_app)[0]
    due = flipped_app.config["STUDY_CLOCK"]()
    with flipped_app.app_context():
        user = db_session().scalars(select(User).filter_by(username="ada")).one()
        db_session().add_all([ReviewCard(user_id=user.id, kind=QUESTION, key=gid, card={}, due=due) for gid in (BAD, good)])
        db_session().commit()
    review = session_id_from(client.post("/review/start"))
    assert _served(flipped_app, review) == {good}
