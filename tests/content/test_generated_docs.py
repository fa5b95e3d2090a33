"""Docs generated from code stay in step with it."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from study.content.schema import full_bank_schema
from study.content.vocabulary_doc import vocabulary_markdown
from study.locations import PROJECT_ROOT, questions_dir


def test_vocabulary_reference_is_up_to_date():
    committed = (PROJECT_ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    assert committed == vocabulary_markdown(), "run: study vocabulary > docs/vocabulary.md"


def test_committed_schema_is_up_to_date():
    committed = json.loads((PROJECT_ROOT / "docs" / "bank.schema.json").read_text(encoding="utf-8"))
    assert committed == full_bank_schema(), "run: study schema > docs/bank.schema.json"


def test_schema_accepts_every_bundled_bank():
    validator = jsonschema.Draft202012Validator(full_bank_schema())
    for path in sorted(questions_dir().glob("*.yaml")):
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert errors == [], f"{path.name}: {errors[0].message if errors else ''}"


def test_schema_rejects_an_unknown_design_key():
    validator = jsonschema.Draft202012Validator(full_bank_schema())
    bank = {"bank": "x", "title": "t", "questions": [{
        "id": "q1", "topic": "iam", "practises": ["iam-roles#task-role"], "stem": "s",
        "scenario": {"situation": {"task_definitions": {"web": {"cpuu": 1}}}}}]}
    assert any("cpuu" in e.message for e in validator.iter_errors(bank))


BANK_TOPIC_SCHEMA = [
    ("a question without a topic in a bank with one", {"topic": "iam"}, True),
    ("a question without a topic in a bank without one", {}, False),
]


@pytest.mark.parametrize(("label", "header", "accepted"), BANK_TOPIC_SCHEMA, ids=[b[0] for b in BANK_TOPIC_SCHEMA])
def test_schema_takes_the_topic_from_the_bank(label, header, accepted):
    validator = jsonschema.Draft202012Validator(full_bank_schema())
    bank = {"bank": "sample", "title": "t", **header, "questions": [{
        "id": "q1", "practises": ["iam-roles#task-role"], "stem": "s", "scenario": {"situation": {}}}]}
    found = [e.message for e in validator.iter_errors(bank)]
    assert found == ([] if accepted else ["'topic' is a required property"])
