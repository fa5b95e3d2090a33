"""The instructor's publish page: Check and Publish of an uploaded bank or zip, hostile archives refused,
nothing stored on any error, and the page closed to everyone but instructors."""
from __future__ import annotations

import html
import io
import os
import re
import stat
import tempfile
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from study.content.bank_upload import MIB
from study.db.models import QuestionVersion
from study.web.database import db_session
from tests.web.test_reports import teacher_client

BANK_FILE = Path(__file__).parents[2] / "questions" / "launch-types-scheduling.yaml"
GOOD = BANK_FILE.read_bytes()
BROKEN = GOOD.replace(b"    key: [C]\n", b"    key: [B]\n", 1)
ERROR_LINE = re.compile(r"([\w./-]+\.yaml):\d+: daemon-on-every-instance: key: the key says B but the model rejects it",
)


def zipped(*entries: tuple[str | zipfile.ZipInfo, bytes]) -> bytes:
    """A zip holding the entries, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def symlink(name: str) -> zipfile.ZipInfo:
    """A zip entry that is a symbolic link."""
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def lying_bomb() -> bytes:
    """21 MiB of YAML comment whose headers (local and central) declare 100 bytes."""
    data = bytearray(zipped(("bomb.yaml", b"#" * (21 * MIB))))
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    data[local + 22:local + 26] = (100).to_bytes(4, "little")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    return bytes(data)


def send(client, filename: str, data: bytes, action: str):
    """Post the file to the publish page with the Check or Publish button (encoded in memory: the test client
    would spool a large body to a temporary file it never closes)."""
    boundary, body = encode_multipart({"action": action, "bank": FileStorage(io.BytesIO(data), filename)})
    return client.post("/instructor/publish", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def stored(app) -> int:
    with app.app_context():
        return db_session().scalar(select(func.count()).select_from(QuestionVersion))


@pytest.fixture
def teacher(app, clock):
    return teacher_client(app, clock)


@pytest.mark.parametrize(("filename", "data", "shown"), [
    ("launch-types-scheduling.yaml", GOOD, []),
    ("banks.zip", zipped(("banks/launch-types-scheduling.yml", GOOD), ("README.md", b"# banks\n"), ("banks/", b"")),
     ["Ignored (not .yaml or .yml): README.md"]),
])
def test_check_shows_the_report_and_publish_stores_then_finds_nothing_new(app, teacher, filename, data, shown):
    checked = send(teacher, filename, data, "check")
    text = page_text(checked)
    assert checked.status_code == 200 and "4 questions" in text and "0 error(s)" in text
    assert "Nothing was stored: press Publish" in text and all(line in text for line in shown)
    assert stored(app) == 0
    published = page_text(send(teacher, filename, data, "publish"))
    assert "Published: 4 new, 0 changed, 0 unchanged." in published
    assert "new: launch-types-scheduling/daemon-on-every-instance" in published and stored(app) == 4
    again = page_text(send(teacher, filename, data, "publish"))
    assert "Published: 0 new, 0 changed, 4 unchanged." in again and stored(app) == 4


@pytest.mark.parametrize("action", ["check", "publish"])
@pytest.mark.parametrize(("filename", "data", "file_shown"), [
    ("broken.yaml", BROKEN, "broken.yaml"),
    ("broken.zip", zipped(("good/launch-types-scheduling.yaml", GOOD), ("bad/broken.yaml", BROKEN)), "bad/broken.yaml"),
])
def test_a_bank_with_an_error_shows_file_line_question_field_message_and_stores_nothing(
        app, teacher, action, filename, data, file_shown):
    response = send(teacher, filename, data, action)
    text = page_text(response)
    assert response.status_code == 422
    assert ERROR_LINE.search(text).group(1) == file_shown
    assert "error(s): nothing was stored" in text and "Published" not in text
    assert stored(app) == 0


HOSTILE = [
    ("traversal.zip", zipped(("ok.yaml", GOOD), ("../evil.yaml", GOOD)), "climbs out of the archive with '..'"),
    ("deep-traversal.zip", zipped(("banks/../../evil.yaml", GOOD),), "climbs out of the archive with '..'"),
    ("absolute.zip", zipped(("/etc/evil.yaml", GOOD),), "has an absolute path"),
    ("drive.zip", zipped(("C:/evil.yaml", GOOD),), "has an absolute path"),
    ("many.zip", zipped(*((f"b{n}.yaml", b"x: 1\n") for n in range(201))), "has 201 entries; at most 200"),
    ("large.zip", zipped(("big.yaml", b"#" * (21 * MIB))), "unpacks to 21 MiB; at most 20 MiB"),
    ("bomb.zip", lying_bomb(), "is damaged or its declared size is false"),
    ("link.zip", zipped(("ok.yaml", GOOD), (symlink("link.yaml"), b"/etc/passwd")), "is a symbolic link"),
    ("fake.zip", b"this is no archive", "is not a zip archive"),
    ("heavy.zip", zipped(("noise.yaml", os.urandom(5 * MIB + 1))), "larger than 5 MiB"),
    ("heavy.yaml", b"#" * (5 * MIB + 1), "heavy.yaml is larger than 5 MiB"),
    ("notes.txt", b"hello", "notes.txt is neither a bank (.yaml or .yml) nor a .zip of banks"),
    ("", b"", "choose a bank file"),
]


@pytest.mark.parametrize(("filename", "data", "message"), HOSTILE, ids=[case[0] or "no-file" for case in HOSTILE])
def test_a_hostile_or_wrong_upload_is_refused_with_its_reason_and_stores_nothing(app, teacher, filename, data, message):
    response = send(teacher, filename, data, "publish")
    text = page_text(response)
    assert response.status_code == 400
    assert message in text and "Nothing was stored." in text
    assert stored(app) == 0


def test_the_temporary_folder_is_removed(app, teacher, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for filename, data in (("ok.yaml", GOOD), ("traversal.zip", HOSTILE[0][1])):
        send(teacher, filename, data, "check")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("study-upload-")]
    assert [p for p in tmp_path.iterdir() if p.name == "study.db"] or "postgresql" in app.config["STUDY_DATABASE_URL"]


def test_learners_and_visitors_cannot_reach_the_page(app, client, auth):
    assert client.get("/instructor/publish").status_code == 403
    assert send(client, "ok.yaml", GOOD, "publish").status_code == 403
    auth.register("learner", "long password")
    assert client.get("/instructor/publish").status_code == 403
    assert send(client, "ok.yaml", GOOD, "publish").status_code == 403
    assert stored(app) == 0


def test_the_instructor_nav_links_the_page(teacher):
    assert 'href="/instructor/publish"' in teacher.get("/instructor/reports").get_data(as_text=True)
    assert "Check</button>" in teacher.get("/instructor/publish").get_data(as_text=True)


def test_a_body_past_the_page_s_own_limit_is_a_413_and_other_pages_keep_theirs(app, teacher):
    response = send(teacher, "huge.yaml", b"#" * (7 * MIB), "publish")
    assert response.status_code == 413 and "larger than 6144 KiB" in page_text(response)
    assert send(teacher, "ok.yaml", b"#" * (2 * MIB), "check").status_code == 422  # under 6 MiB: validated
    other = teacher.post("/instructor/classes", data={"name": "x" * (2 * MIB)})
    assert other.status_code == 413 and stored(app) == 0
