"""Anki decks from the web app: a topic, a note section, the learner's weak questions; pages link to them."""
from __future__ import annotations

import io
import sqlite3
import zipfile

import pytest

from study.export.anki import note_guid
from study.export.flashcards import Flashcard
from tests.web.test_review import miss


def notes_in(response, tmp_path) -> dict[str, list[str]]:
    """The notes of a downloaded .apkg: fields by GUID, read from the collection inside the zip."""
    path = tmp_path / "collection.anki2"
    path.write_bytes(zipfile.ZipFile(io.BytesIO(response.data)).read("collection.anki2"))
    with sqlite3.connect(path) as db:
        rows = db.execute("select guid, flds from notes").fetchall()
    return {guid: fields.split("\x1f") for guid, fields in rows}


def guid(uid: str) -> str:
    return note_guid(Flashcard(uid, "question", "", (), ()))


@pytest.mark.parametrize("url, filename, questions, sections", [
    ("/download/anki/topic/iam.apkg", "aws-containers-iam.apkg", ["fake/q1", "fake/q2"],
     ["iam-roles#execution-role", "iam-roles#task-role"]),
    ("/download/anki/section/iam-roles/execution-role.apkg", "aws-containers-iam-roles-execution-role.apkg",
     ["fake/q2"], ["iam-roles#execution-role"]),
])
def test_a_topic_or_section_downloads_as_an_attachment_with_its_cards(client, tmp_path, url, filename, questions,
                                                                     sections):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/apkg"
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    notes = notes_in(response, tmp_path)
    assert set(notes) == {guid(q) for q in questions} | {guid(f"note:{s}") for s in sections}
    assert 'href="http://localhost/notes/iam-roles#' in "".join(notes[guid(questions[0])])


@pytest.mark.parametrize("url", ["/download/anki/topic/kubernetes.apkg",
                                 "/download/anki/section/iam-roles/nothing.apkg",
                                 "/download/anki/section/none/execution-role.apkg"])
def test_unknown_topics_and_sections_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and b"There is no" in response.data


def test_weak_questions_need_a_login(client):
    response = client.get("/download/anki/weak.apkg")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_weak_questions_are_the_ones_in_the_review_queue(app, client, auth, tmp_path):
    auth.register()
    response = client.get("/download/anki/weak.apkg", follow_redirects=True)
    assert b"No weak questions yet" in response.data
    missed = miss(app, client, topic="load-balancers")
    response = client.get("/download/anki/weak.apkg")
    assert response.headers["Content-Disposition"] == "attachment; filename=aws-containers-weak-questions.apkg"
    assert set(notes_in(response, tmp_path)) == {guid(missed)}


def test_note_and_practice_pages_link_to_the_decks(client, auth):
    note = client.get("/notes/iam-roles").get_data(as_text=True)
    assert 'href="/download/anki/topic/iam.apkg"' in note
    assert 'href="/download/anki/section/iam-roles/task-role.apkg"' in note
    practice = client.get("/practice/").get_data(as_text=True)
    assert 'href="/download/anki/topic/volumes.apkg"' in practice and "/download/anki/weak.apkg" not in practice
    auth.register()
    assert "/download/anki/weak.apkg" in client.get("/practice/").get_data(as_text=True)
