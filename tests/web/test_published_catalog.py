"""Learners get what instructors publish: an uploaded edit or a new bank is drawn by new sessions in every
app process, a restart or a deploy keeps it until the next publish, and a version that fails validation
is never served (the last one that validated is)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from study import locations
from study.content.banks import load_banks
from study.content.versions import content_hash, question_content
from study.db.models import QuestionVersion, ServedVersion
from study.db.publish import publish, retire
from study.db.served import generation
from study.web import create_app
from study.web.app_catalog import catalog
from study.web.database import db_session, dispose_engine
from tests.web.app_builder import build_app, drop_everything
from tests.web.form_requests import Auth, start_practice
from tests.web.stored_state import load_session
from tests.web.test_catalog import CAL_01, _flip_key, _small_bank
from tests.web.test_reports import teacher_client
from tests.web.test_upload import send

GID = f"launch-types/{CAL_01}"


def edited(stem_end: str):
    """A change to the first question that keeps it valid: its stem ends differently."""
    def change(question):
        question["stem"] = question["stem"].rstrip() + f" {stem_end}"
    return change


def folder(tmp_path: Path, name: str, change=lambda q: None) -> Path:
    """A banks folder of three launch-types questions, the first changed by `change`."""
    (tmp_path / name).mkdir()
    return _small_bank(tmp_path / name, change)


@pytest.fixture
def processes(database_url, clock):
    """Start app processes on one database, each over its own banks folder (the first builds the schema)."""
    started = []

    def start(questions: Path):
        settings = {"STUDY_CATALOG": None, "STUDY_CONTENT_DIR": str(locations.content_dir()),
                    "STUDY_QUESTIONS_DIR": str(questions)}
        if not started:
            app = build_app(database_url, clock, **settings)
        else:
            app = create_app(dict(started[0].config) | settings)
        started.append(app)
        return app

    yield start
    for app in started[1:]:
        dispose_engine(app)
    if started:
        drop_everything(started[0])


def served_hash(app, gid: str = GID) -> str | None:
    """The content hash of the version the app serves now, or None when it serves none."""
    with app.test_request_context():
        entry = catalog().entry(gid)
        return entry.content_hash if entry else None


def hash_in(questions: Path, question_id: str = CAL_01) -> str:
    """The content hash of a question as a banks folder says it."""
    [bank] = load_banks([questions]).banks
    return content_hash(next(q for q in bank.questions if q.id == question_id))


def publish_folder(app, questions: Path, clock):
    """`study publish FOLDER` against the app's database."""
    with app.app_context():
        db = db_session()
        result = publish(db, load_banks([questions]).banks, clock())
        db.commit()
    return result


def drawn_hashes(app, client, gid: str = GID) -> list[str]:
    """The versions a new practice session on the question records."""
    session_id = start_practice(client, question=gid, count="1")
    return [item.question_hash for item in load_session(app, session_id).items]


def test_an_uploaded_edit_is_what_new_sessions_draw_and_show(processes, tmp_path, clock):
    app = processes(folder(tmp_path, "deploy"))
    upload = folder(tmp_path, "upload", edited("(Edited for the class.)")) / "launch-types.yaml"
    teacher = teacher_client(app, clock)
    response = send(teacher, "launch-types.yaml", upload.read_bytes(), "publish")
    assert response.status_code == 200, response.get_data(as_text=True)
    learner = app.test_client()
    Auth(learner).register()
    session_id = start_practice(learner, question=GID, count="1")
    assert [i.question_hash for i in load_session(app, session_id).items] == [hash_in(upload.parent)]
    assert "(Edited for the class.)" in learner.get(f"/practice/{session_id}").get_data(as_text=True)
    page = teacher.get(f"/instructor/questions/{GID}/versions").get_data(as_text=True)
    served_row = next(row for row in page.split("<tr>") if hash_in(upload.parent)[:12] in row)
    assert "served now" in served_row and page.count("served now") == 1


def test_a_bank_only_the_database_has_is_served_with_its_title(processes, tmp_path, clock):
    app = processes(folder(tmp_path, "deploy"))
    own = folder(tmp_path, "own") / "launch-types.yaml"
    data = yaml.safe_load(own.read_text(encoding="utf-8")) | {"bank": "class-7", "title": "Class 7: our own questions"}
    own.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert send(teacher_client(app, clock), "class-7.yaml", own.read_bytes(), "publish").status_code == 200
    with app.test_request_context():
        bank = next(b for b in catalog().banks if b.id == "class-7")
        assert (bank.title, len(bank.questions)) == ("Class 7: our own questions", 3)
    learner = app.test_client()
    Auth(learner).register()
    assert drawn_hashes(app, learner, f"class-7/{CAL_01}") == [hash_in(own.parent)]


def test_restarts_and_deploys_keep_what_was_published_until_the_next_publish(processes, tmp_path, clock):
    first, second, third = (folder(tmp_path, "v1"), folder(tmp_path, "v2", edited("(v2)")),
                            folder(tmp_path, "v3", edited("(v3)")))
    app = processes(first)
    assert served_hash(app) == hash_in(first)
    publish_folder(app, second, clock)
    assert served_hash(processes(first)) == hash_in(second), "a restart on the old folder undid a publish"
    deployed = processes(third)
    assert served_hash(deployed) == hash_in(second), "a deploy undid a publish"
    assert publish_folder(deployed, third, clock).changed == [GID]  # stored at its start, served only now
    assert served_hash(deployed) == hash_in(third)
    result = publish_folder(app, second, clock)
    assert (result.restored, result.changed, result.new) == ([GID], [], [])
    assert served_hash(processes(third)) == hash_in(second), "publishing an earlier version did not bring it back"


def test_a_deploy_changes_questions_never_published(processes, tmp_path):
    first, second = folder(tmp_path, "v1"), folder(tmp_path, "v2", edited("(v2)"))
    assert served_hash(processes(first)) == hash_in(first)
    assert served_hash(processes(second)) == hash_in(second)


def test_a_publish_in_one_process_reaches_the_others_without_a_restart(processes, tmp_path, clock):
    worker_a, worker_b = processes(folder(tmp_path, "v1")), processes(folder(tmp_path, "same"))
    assert served_hash(worker_a) == served_hash(worker_b)
    second = folder(tmp_path, "v2", edited("(v2)"))
    publish_folder(worker_a, second, clock)
    assert served_hash(worker_b) == hash_in(second)
    with worker_b.app_context():
        before = generation(db_session())
    assert served_hash(worker_b) == hash_in(second)
    with worker_b.app_context():
        assert generation(db_session()) == before, "reading the catalog wrote to the database"


def test_a_broken_deploy_keeps_serving_the_last_version_that_validated(processes, tmp_path, clock):
    good = folder(tmp_path, "good")
    assert served_hash(processes(good)) == hash_in(good)  # its first start stores the folder's versions
    broken_app = processes(folder(tmp_path, "broken", _flip_key))
    assert served_hash(broken_app) == hash_in(good)
    with broken_app.test_request_context():
        [held] = catalog().held_back
    assert held.question_id == CAL_01 and held.instead == "the last published version that validated"
    assert any("the key says A but the model rejects it" in reason for reason in held.reasons)
    page = teacher_client(broken_app, clock).get("/instructor/reports").get_data(as_text=True)
    assert f"{CAL_01}</code> in" in page and "learners get the last published version that validated instead" in page


def test_a_published_version_the_model_now_disproves_is_held_back_for_the_folder_s(processes, tmp_path, clock):
    """A model change can turn a published key wrong: that version is never served, the folder's one is."""
    questions = folder(tmp_path, "deploy")
    app = processes(questions)
    [bank] = load_banks([questions]).banks
    content = question_content(bank.questions[0]) | {"key": ["A"]}
    with app.app_context():
        db = db_session()
        db.add(QuestionVersion(bank_id="launch-types", question_id=CAL_01, content_hash="f" * 64, content=content,
                               created_at=clock()))
        db.add(ServedVersion(bank_id="launch-types", question_id=CAL_01, content_hash="f" * 64, served_at=clock()))
        db.commit()
    assert served_hash(app) == hash_in(questions)
    with app.test_request_context():
        [held] = catalog().held_back
    assert (held.question_id, held.instead) == (GID, "the banks folder's version")
    assert any("the key says A but the model rejects it" in reason for reason in held.reasons)


def test_a_question_removed_from_the_folder_and_never_published_is_gone(processes, tmp_path):
    assert served_hash(processes(folder(tmp_path, "three"))) is not None
    fewer = folder(tmp_path, "two")
    [bank] = load_banks([fewer]).banks
    data = yaml.safe_load((fewer / "launch-types.yaml").read_text(encoding="utf-8"))
    data["questions"] = data["questions"][1:]
    (fewer / "launch-types.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert served_hash(processes(fewer)) is None


def test_retiring_a_question_served_from_the_folder_holds_across_a_restart(processes, tmp_path, clock):
    questions = folder(tmp_path, "deploy")
    app = processes(questions)
    assert served_hash(app) == hash_in(questions)  # the first start stores the folder's versions
    with app.app_context():
        retire(db_session(), GID, clock())
        db_session().commit()
    restarted = processes(questions)
    learner = restarted.test_client()
    Auth(learner).register()
    response = learner.post("/practice/start", data={"question": GID, "count": "1"}, follow_redirects=True)
    assert b"No questions match that choice" in response.data
    with restarted.app_context():
        assert db_session().scalars(select(ServedVersion.content_hash)).all() == [hash_in(questions)]


def test_a_class_assignment_draws_only_from_the_instructor_s_own_bank(processes, tmp_path, clock):
    from tests.web.test_classes import learner_client, new_class

    app = processes(folder(tmp_path, "deploy"))
    own = folder(tmp_path, "own") / "launch-types.yaml"
    data = yaml.safe_load(own.read_text(encoding="utf-8")) | {"bank": "class-7", "title": "Class 7: our own questions"}
    own.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    teacher = teacher_client(app, clock)
    assert send(teacher, "class-7.yaml", own.read_bytes(), "publish").status_code == 200
    class_id, code = new_class(teacher)
    assert "Class 7: our own questions" in teacher.get(f"/instructor/classes/{class_id}").get_data(as_text=True)
    teacher.post(f"/instructor/classes/{class_id}/assignments",
                 data={"title": "Our bank", "bank": ["class-7"], "count": "10", "mode": "practice"})
    ada = learner_client(app, "ada")
    ada.post("/classes/join", data={"code": code})
    with app.app_context():
        from study.db.models import Assignment
        assignment = db_session().scalars(select(Assignment)).one()
        assert assignment.banks == ["class-7"] and assignment.topics == []
    started = ada.post(f"/assignments/{assignment.id}/start")
    drawn = load_session(app, int(started.headers["Location"].rsplit("/", 1)[1])).items
    assert sorted(i.question_id for i in drawn) == sorted(f"class-7/{q['id']}" for q in data["questions"])
