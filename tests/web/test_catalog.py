"""The catalog: selection by topic and section, titles, evaluation cache bounds, the rule index."""
from __future__ import annotations

from study.web import catalog as catalog_module
from tests.web.fakes import fake_catalog


def test_select_by_topic_or_section():
    catalog = fake_catalog()
    assert {e.gid for e in catalog.select(["iam"])} == {"fake/q1", "fake/q2"}
    assert {e.gid for e in catalog.select([], ["iam-roles#execution-role"])} == {"fake/q2"}
    assert len(catalog.select()) == len(catalog.entries)


def test_section_titles_fall_back_to_the_anchor():
    catalog = fake_catalog()
    assert catalog.section_title("iam-roles#task-role") == "IAM roles for tasks: Task role"
    assert catalog.section_title("nowhere#x") == "nowhere#x"


def test_evaluations_are_cached_and_bounded(monkeypatch):
    calls = []
    monkeypatch.setattr(catalog_module, "EVALUATIONS_KEPT", 2)
    catalog = fake_catalog()
    evaluate = catalog.evaluate
    catalog.evaluate = lambda q, p=None: calls.append(p) or evaluate(q, p)
    numeric = catalog.entry("fake/n1")
    for load in (100, 100, 200, 300, 100):
        catalog.evaluation(numeric, {"load": load})
    assert calls == [{"load": 100}, {"load": 200}, {"load": 300}, {"load": 100}]
    assert catalog._evaluation.cache_info().currsize == 2


def test_rule_index_maps_rules_to_questions():
    assert fake_catalog().rule_index == {"ELB01": ["fake/q4"], "IAM01": ["fake/q1", "fake/q3"],
                                          "IAM02": ["fake/q2"], "VOL01": ["fake/q5"]}
