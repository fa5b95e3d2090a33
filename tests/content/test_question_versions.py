"""A stored version rebuilds into the question it was stored from: same content, same hash."""
from __future__ import annotations

import pytest

from study.content.banks import load_banks
from study.content.versions import content_hash, question_content, question_from_content
from study.locations import questions_dir

BUNDLED = [(f"{bank.id}/{q.id}", q) for bank in load_banks([questions_dir()]).banks for q in bank.questions]


@pytest.mark.parametrize(("gid", "question"), BUNDLED, ids=[gid for gid, _ in BUNDLED])
def test_every_bundled_question_rebuilds_from_its_stored_content(gid, question):
    rebuilt = question_from_content(question_content(question))
    assert rebuilt == question and content_hash(rebuilt) == content_hash(question), gid
