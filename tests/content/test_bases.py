"""Shared situations: questions extend a bank's bases, and every mistake in them is located."""

from __future__ import annotations

from pathlib import Path

import pytest

from study.content.banks import load_banks
from study.content.bases import standalone_questions
from study.content.problems import Severity
from study.content.safe_yaml import compose, construct
from study.content.validate import validate

CONTENT = Path(__file__).resolve().parents[2] / "content"

BASES = """\
bank: sample
title: Sample
bases:
  fargate-web:
    about: One Fargate service in two private subnets.
    situation:
      task_definitions:
        web: {requires_compatibilities: [FARGATE], network_mode: awsvpc, cpu: 256, memory: 512, containers: {app: {}}}
      services:
        web: {task_definition: web, launch_type: FARGATE, network: {subnets: [private-a, private-b]}}
  four-tasks:
    extends: fargate-web
    situation:
      services: {web: {desired_count: 4}}
questions:
"""

QUESTION = """\
  - id: {qid}
    topic: launch-types
    practises: [launch-types#fargate-task-sizes]
    stem: Pick the valid size.
    extends: {extends}
    scenario:
      situation: {situation}
    choices:
      - {{id: A, text: "256/512", design: {{}}}}
      - {{id: B, text: "256/4096", design: {{task_definitions: {{web: {{memory: 4096}}}}}}}}
      - {{id: C, text: "512/512", design: {{task_definitions: {{web: {{cpu: 512}}}}}}}}
      - {{id: D, text: "256/3000", design: {{task_definitions: {{web: {{memory: 3000}}}}}}}}
    key: [A]
"""


def question(qid: str = "q-one", extends: str = "fargate-web", situation: str = "{}") -> str:
    return QUESTION.format(qid=qid, extends=extends, situation=situation)


def load(tmp_path: Path, body: str):
    path = tmp_path / "bank.yaml"
    path.write_text(body, encoding="utf-8")
    return load_banks([path])


def situation_of(tmp_path: Path, body: str) -> dict:
    result = load(tmp_path, body)
    assert result.errors == []
    return result.banks[0].questions[0].scenario.situation


@pytest.mark.parametrize(("extends", "situation", "expected_service"), [
    ("fargate-web", "{}", {"task_definition": "web", "launch_type": "FARGATE", "network": {"subnets": ["private-a", "private-b"]}}),
    ("four-tasks", "{}", {"task_definition": "web", "launch_type": "FARGATE", "network": {"subnets": ["private-a", "private-b"]},
                          "desired_count": 4}),
    ("four-tasks", "{services: {web: {desired_count: 6, network: null}}}",
     {"task_definition": "web", "launch_type": "FARGATE", "desired_count": 6}),
    ("[fargate-web, four-tasks]", "{services: {web: {launch_type: null}}}",
     {"task_definition": "web", "network": {"subnets": ["private-a", "private-b"]}, "desired_count": 4}),
], ids=["one base", "base extending a base", "patch changes and deletes", "several bases in order"])
def test_question_situation_is_its_bases_patched(tmp_path, extends, situation, expected_service):
    merged = situation_of(tmp_path, BASES + question(extends=extends, situation=situation))
    assert merged["services"]["web"] == expected_service
    assert merged["task_definitions"]["web"]["cpu"] == 256


def test_a_question_without_extends_is_unchanged(tmp_path):
    body = BASES + question(extends="[]", situation="{services: {web: {task_definition: web, desired_count: null}}}")
    merged = situation_of(tmp_path, body.replace("  four-tasks:", "  unused:"))
    assert merged == {"services": {"web": {"task_definition": "web", "desired_count": None}}}


MISTAKES = [
    ("unknown base", BASES + question(extends="fargate-alb"),
     "bank.yaml:20: q-one: extends: unknown base 'fargate-alb'; this bank's bases are: fargate-web, four-tasks"),
    ("unknown base extended by a base", BASES.replace("extends: fargate-web", "extends: fargate-wbe") + question(),
     "bank.yaml:12: -: bases.four-tasks.extends: unknown base 'fargate-wbe'; this bank's bases are: fargate-web, four-tasks"),
    ("base extending itself", BASES.replace("extends: fargate-web", "extends: four-tasks") + question(),
     "bank.yaml:12: -: bases.four-tasks.extends: bases extend each other in a loop (four-tasks -> four-tasks)"),
    ("bases in a loop", BASES.replace("    about: One", "    extends: four-tasks\n    about: One") + question(),
     "bases extend each other in a loop (fargate-web -> four-tasks -> fargate-web)"),
    ("question on a base in a loop", BASES.replace("extends: fargate-web", "extends: four-tasks") + question(extends="four-tasks"),
     "bank.yaml:20: q-one: extends: base 'four-tasks' has problems (reported at its own lines); fix it first"),
    ("unknown key in a base", BASES.replace("    about: One", "    abuot: One") + question(),
     "bank.yaml:5: -: bases.fargate-web.abuot: Unexpected keyword argument"),
    ("situation not a map", BASES.replace("      services: {web: {desired_count: 4}}", "      - web") + question(),
     "bases.four-tasks.situation: Input should be a valid dictionary"),
    ("bad base name", BASES.replace("  four-tasks:", "  Four_Tasks:") + question(),
     "bank.yaml:11: -: bases.Four_Tasks: a base name is lower case letters"),
    ("bases not a map", "bank: sample\ntitle: Sample\nbases: [a]\nquestions:\n" + question(),
     "bank.yaml:3: -: bases: must be a map of base names to bases"),
    ("count too large in a base", BASES.replace("desired_count: 4", "desired_count: 1000000000") + question(extends="four-tasks"),
     "bank.yaml:14: -: bases.four-tasks.situation.services.web.desired_count: desired_count 1000000000 is more than the model simulates"),
    ("question on a base with a count too large", BASES.replace("desired_count: 4", "desired_count: 1000000000") + question(extends="four-tasks"),
     "bank.yaml:20: q-one: extends: base 'four-tasks' has problems"),
    ("duplicate key in a base", BASES.replace("    about: One", "    situation: {}\n    about: One") + question(),
     "key 'situation' is given twice"),
]


@pytest.mark.parametrize(("body", "expected"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_mistakes_in_bases_are_located(tmp_path, body, expected):
    result = load(tmp_path, body)
    assert any(expected in str(p) for p in result.errors), [str(p) for p in result.problems]


def test_a_broken_base_hides_only_the_questions_that_extend_it(tmp_path):
    body = BASES.replace("extends: fargate-web", "extends: nowhere") + question("on-broken", "four-tasks") + question("on-good")
    result = load(tmp_path, body)
    assert [q.id for q in result.banks[0].questions] == ["on-good"]


def test_a_repeated_bases_section_breaks_the_bank(tmp_path):
    result = load(tmp_path, BASES.replace("questions:\n", "bases: {}\nquestions:\n") + question())
    assert result.banks == []
    assert any("key 'bases' is given twice" in str(p) for p in result.errors)


def test_an_unused_base_is_a_warning(tmp_path):
    result = load(tmp_path, BASES.replace("  four-tasks:", "  spare:").replace("    extends: fargate-web\n", "") + question())
    assert [str(p) for p in result.problems] == [
        f"warning: {tmp_path / 'bank.yaml'}:11: -: bases.spare: no question extends this base; remove it or use it"]


def test_design_error_from_a_base_points_at_the_base_line(tmp_path):
    body = BASES.replace("desired_count: 4", "desired_cuont: 4") + question(extends="four-tasks")
    path = tmp_path / "bank.yaml"
    path.write_text(body, encoding="utf-8")
    report = validate([path], CONTENT)
    found = [str(p) for p in report.errors]
    assert found == ["bank.yaml:14: q-one: scenario.situation.services.web.desired_cuont: Unexpected keyword argument; "
                     "see docs/vocabulary.md".replace("bank.yaml", str(path))]


def test_design_error_in_the_question_points_at_the_question_line(tmp_path):
    body = BASES + question(situation="{services: {web: {desired_cuont: 3}}}")
    path = tmp_path / "bank.yaml"
    path.write_text(body, encoding="utf-8")
    found = [str(p) for p in validate([path], CONTENT).errors]
    assert len(found) == 1 and found[0].startswith(f"{path}:22: q-one: scenario.situation.services.web.desired_cuont")


def test_the_key_is_proven_on_the_extended_situation(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text(BASES + question(extends="four-tasks").replace("key: [A]", "key: [B]"), encoding="utf-8")
    found = [str(p) for p in validate([path], CONTENT).errors if p.severity is Severity.ERROR]
    assert any("the key says B but the model rejects it" in p for p in found)


@pytest.mark.parametrize(("bank_topic", "expected"), [("topic: volumes\n", "volumes"), ("", None)],
                         ids=["bank topic filled in", "no bank topic, none added"])
def test_standalone_questions_carry_their_situation_and_the_bank_topic(bank_topic, expected):
    body = BASES.replace("title: Sample\n", f"title: Sample\n{bank_topic}") + question().replace("    topic: launch-types\n", "")
    root = compose(body)
    [alone] = standalone_questions("bank.yaml", root, construct(root))
    assert alone.get("topic") == expected and "extends" not in alone
    assert alone["scenario"]["situation"]["services"]["web"]["launch_type"] == "FARGATE"
