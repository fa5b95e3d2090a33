"""The catalog: selection by topic and section, titles, evaluation cache bounds, the rule index."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from study import locations
from study.content.bases import standalone_questions
from study.content.safe_yaml import compose
from study.content.versions import question_content
from study.web import catalog as catalog_module
from tests.web.fake_catalog import fake_catalog

CAL_01 = "cal-01-fargate-size-from-reservations"


def test_select_by_topic_or_section():
    catalog = fake_catalog()
    assert {e.gid for e in catalog.select(["iam"])} == {"fake/q1", "fake/q2"}
    assert {e.gid for e in catalog.select([], ["iam-roles#execution-role"])} == {"fake/q2"}
    assert len(catalog.select()) == len(catalog.entries)


def test_section_titles_fall_back_to_the_anchor():
    catalog = fake_catalog()
    assert catalog.section_title("iam-roles#task-role") == "IAM roles for tasks: Task role"
    assert catalog.section_title("nowhere#x") == "nowhere#x"


def test_evaluations_are_cached_and_bounded():
    calls = []
    catalog = fake_catalog()
    catalog.verdicts = catalog_module.Verdicts(size=2)
    evaluate = catalog.evaluate
    catalog.evaluate = lambda q, p=None: calls.append(p) or evaluate(q, p)
    numeric = catalog.entry("fake/n1")
    for load in (100, 100, 200, 300, 100):
        catalog.evaluation(numeric, {"load": load})
    assert calls == [{"load": 100}, {"load": 200}, {"load": 300}, {"load": 100}]
    assert len(catalog.verdicts) == 2


def test_rule_index_maps_rules_to_questions():
    assert fake_catalog().rule_index == {"ELB01": ["fake/q4"], "IAM01": ["fake/q1", "fake/q3"],
                                          "IAM02": ["fake/q2"], "VOL01": ["fake/q5"]}


def _small_bank(tmp_path, change) -> Path:
    """The first three launch-types questions in a bank of their own, one of them changed by `change`."""
    text = (locations.questions_dir() / "launch-types.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["questions"] = standalone_questions("launch-types.yaml", compose(text), data)[:3]
    data.pop("bases", None)  # self-contained: no base is left unused
    change(data["questions"][0])
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "launch-types.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def _flip_key(question):
    question["key"] = ["A"]


def _design_typo(question):
    question["choices"][1]["design"] = {"task_definitions": {"reports": {"cpus": 512}}}


def _unknown_note(question):
    question["practises"] = ["launch-types#no-such-section"]


def _empty_stem(question):
    question["stem"] = " "


@pytest.mark.parametrize(("change", "reason"), [
    (_flip_key, "key: the key says A but the model rejects it"),
    (_design_typo, "choices.B.design.task_definitions.reports.cpus: Unexpected keyword argument"),
    (_unknown_note, "practises: note anchor 'launch-types#no-such-section' does not exist"),
    (_empty_stem, "stem: the stem is empty"),
])
def test_a_question_that_fails_validation_is_held_back_and_the_others_served(tmp_path, change, reason):
    folder = _small_bank(tmp_path, change)
    catalog = catalog_module.load_catalog(locations.content_dir(), folder)
    bad = f"launch-types/{CAL_01}"
    assert bad not in catalog.entries and len(catalog.entries) == 2
    [held] = catalog.held_back
    assert (held.question_id, held.file) == (CAL_01, str(folder / "launch-types.yaml"))
    assert any(reason in r for r in held.reasons), held.reasons
    assert any(reason in p for p in catalog.problems)


def test_a_clean_bank_holds_nothing_back(tmp_path):
    catalog = catalog_module.load_catalog(locations.content_dir(), _small_bank(tmp_path, lambda q: None))
    assert (len(catalog.entries), catalog.held_back, catalog.problems) == (3, [], [])


def test_an_earlier_version_is_found_once_stored_and_never_from_content_that_no_longer_reads(tmp_path):
    catalog = catalog_module.load_catalog(locations.content_dir(), _small_bank(tmp_path, lambda q: None))
    entry = next(iter(catalog.entries.values()))
    content = question_content(entry.question) | {"stem": "An earlier stem."}
    assert catalog.earlier_version(entry.gid, "e" * 64, lambda: None) is None
    assert catalog.earlier_version(entry.gid, "e" * 64, lambda: content).question.stem == "An earlier stem."
    assert catalog.earlier_version(entry.gid, "f" * 64, lambda: content | {"kind": "essay"}) is None
