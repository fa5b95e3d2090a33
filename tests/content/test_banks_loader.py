"""The bank loader: every kind of bad input gets a located message, and one bad question hides no other."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from study.content.banks import load_banks
from study.content.problems import Severity

GOOD_QUESTION = """\
  - id: {qid}
    topic: launch-types
    practises: [launch-types#fargate-task-sizes]
    stem: Pick the valid size.
    scenario:
      situation:
        task_definitions:
          web: {{requires_compatibilities: [FARGATE], cpu: 256, memory: 512, containers: {{app: {{}}}}}}
        services:
          web: {{task_definition: web, launch_type: FARGATE, network: {{subnets: [private-a]}}}}
    choices:
      - {{id: A, text: "256/512", design: {{}}}}
      - {{id: B, text: "256/4096", design: {{task_definitions: {{web: {{memory: 4096}}}}}}}}
      - {{id: C, text: "512/512", design: {{task_definitions: {{web: {{cpu: 512}}}}}}}}
      - {{id: D, text: "256/3000", design: {{task_definitions: {{web: {{memory: 3000}}}}}}}}
    key: [A]
"""


def write_bank(tmp_path: Path, body: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def bank_with(*questions: str, header: str = "bank: sample\ntitle: Sample\n") -> str:
    return header + "questions:\n" + "".join(questions)


def messages(tmp_path: Path, body: str) -> list[str]:
    return [str(p) for p in load_banks([write_bank(tmp_path, body)]).errors]


def test_good_bank_loads_without_problems(tmp_path):
    result = load_banks([write_bank(tmp_path, bank_with(GOOD_QUESTION.format(qid="good-one")))])
    assert result.problems == []
    assert [q.id for q in result.banks[0].questions] == ["good-one"]


BAD_INPUTS = [
    ("unknown key in a question", GOOD_QUESTION.format(qid="typo").replace("    stem:", "    stemm: x\n    stem:"),
     "bank.yaml:7: typo: stemm: unknown key"),
    ("missing topic", GOOD_QUESTION.format(qid="no-topic").replace("    topic: launch-types\n", ""),
     "no-topic: topic: required key is missing"),
    ("topic outside the list", GOOD_QUESTION.format(qid="bad-topic").replace("topic: launch-types", "topic: lambda"),
     "bank.yaml:5: bad-topic: topic: Input should be"),
    ("key names a missing choice", GOOD_QUESTION.format(qid="bad-key").replace("key: [A]", "key: [F]"),
     "bad-key: key: 'F' is not a choice id (choices: A, B, C, D)"),
    ("two keys on a single question", GOOD_QUESTION.format(qid="two-keys").replace("key: [A]", "key: [A, B]"),
     "two-keys: key: a single question needs 1 key(s), got 2"),
    ("id with spaces", GOOD_QUESTION.format(qid="'has spaces'"), "has spaces: id: String should match pattern"),
    ("no practised section", GOOD_QUESTION.format(qid="no-links").replace("[launch-types#fargate-task-sizes]", "[]"),
     "no-links: practises: List should have at least 1 item"),
    ("statement without a fact", GOOD_QUESTION.format(qid="no-fact").replace('text: "256/512", design: {}', 'text: "x", statements: [{of: web}]'),
     "bank.yaml:15: no-fact: choices.0.statements.0: say which kind this is with the key 'fact'"),
    ("statement of an unknown fact", GOOD_QUESTION.format(qid="odd-fact").replace('text: "256/512", design: {}', 'text: "x", statements: [{fact: guess}]'),
     "bank.yaml:15: odd-fact: choices.0.statements.0: 'fact' is 'guess', which is not a known kind; use one of 'signs'"),
    ("statement with a bad value", GOOD_QUESTION.format(qid="bad-stage").replace('text: "256/512", design: {}', 'text: "x", statements: [{fact: outcome, equals: later}]'),
     "bank.yaml:15: bad-stage: choices.0.statements.0.outcome.equals: Input should be 'register', 'launch', 'run', 'requirement' or 'meets' (got 'later')"),
    ("combine_lists on a question that is not combined", GOOD_QUESTION.format(qid="lone-merge").replace("    key: [A]", "    combine_lists: merge\n    key: [A]"),
     "lone-merge: combine_lists: combine_lists applies only to combined questions"),
    ("statement with a typo", GOOD_QUESTION.format(qid="typo-fact").replace('text: "256/512", design: {}', 'text: "x", statements: [{fact: mounts, of: web, volum: data}]'),
     "bank.yaml:15: typo-fact: choices.0.statements.0.mounts.volum: unknown key"),
]


@pytest.mark.parametrize(("label", "question", "expected"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_question_is_reported_with_place_and_advice(tmp_path, label, question, expected):
    found = messages(tmp_path, bank_with(question, GOOD_QUESTION.format(qid="neighbour")))
    assert any(expected in m for m in found), found
    bank = load_banks([tmp_path / "bank.yaml"]).banks[0]
    assert "neighbour" in [q.id for q in bank.questions], "one broken question must not hide the others"


NO_TOPIC = GOOD_QUESTION.format(qid="q1").replace("    topic: launch-types\n", "")
BANK_TOPICS = [
    ("the bank's topic fills a question that names none", "topic: volumes\n", NO_TOPIC, "volumes"),
    ("a question's own topic wins over the bank's", "topic: volumes\n", GOOD_QUESTION.format(qid="q1"), "launch-types"),
    ("without a bank topic a question keeps its own", "", GOOD_QUESTION.format(qid="q1"), "launch-types"),
]


@pytest.mark.parametrize(("label", "bank_topic", "question", "topic"), BANK_TOPICS, ids=[b[0] for b in BANK_TOPICS])
def test_bank_topic_is_the_default_of_its_questions(tmp_path, label, bank_topic, question, topic):
    result = load_banks([write_bank(tmp_path, bank_with(question, header=f"bank: sample\ntitle: Sample\n{bank_topic}"))])
    assert result.problems == []
    assert result.banks[0].questions[0].topic == topic


BANK_TOPIC_PROBLEMS = [
    ("no topic in the question nor the bank", "", "bank.yaml:4: q1: topic: required key is missing; add it, or give the bank a `topic:`"),
    ("a bank topic outside the list", "topic: lambda\n", "bank.yaml:3: -: topic: Input should be"),
]


@pytest.mark.parametrize(("label", "bank_topic", "expected"), BANK_TOPIC_PROBLEMS, ids=[b[0] for b in BANK_TOPIC_PROBLEMS])
def test_bank_topic_problems_are_located(tmp_path, label, bank_topic, expected):
    found = messages(tmp_path, bank_with(NO_TOPIC, header=f"bank: sample\ntitle: Sample\n{bank_topic}"))
    assert any(expected in m for m in found), found


def test_duplicate_ids_are_reported_on_both_sides(tmp_path):
    found = messages(tmp_path, bank_with(GOOD_QUESTION.format(qid="twin"), GOOD_QUESTION.format(qid="twin")))
    twins = [m for m in found if "twin: id: id is used again" in m]
    assert len(twins) == 2
    assert "bank.yaml:4:" in twins[0] and "line 20" in twins[0]


FILE_PROBLEMS = [
    ("broken YAML", "bank: x\ntitle: [unclosed\n", "bank.yaml:3: -: -: "),
    ("python tag", "bank: x\ntitle: !!python/object/apply:os.system [ls]\nquestions: []\n", "only plain YAML"),
    ("not a map", "- just\n- a list\n", "a bank must be a map"),
    ("questions not a list", "bank: x\ntitle: y\nquestions: 3\n", "questions: must be a list"),
    ("missing title", "bank: x\nquestions: []\n", "title: required key is missing"),
    ("deep nesting", "a: " + "[" * 80 + "]" * 80 + "\n", "nesting deeper than 64 levels"),
]


@pytest.mark.parametrize(("label", "body", "expected"), FILE_PROBLEMS, ids=[f[0] for f in FILE_PROBLEMS])
def test_bad_file_is_reported_not_raised(tmp_path, label, body, expected):
    found = messages(tmp_path, body)
    assert any(expected in m for m in found), found


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    found = messages(tmp_path, "\n".join(lines) + "\n")
    assert any("aliases expand to more than" in m for m in found), found


def test_merge_key_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 {k0: 1, k1: 2}"]
    lines += [f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], x{i}: 1}}" for i in range(1, 30)]
    found = messages(tmp_path, "\n".join(lines) + "\n")
    assert any("aliases expand to more than" in m for m in found), found


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("bank: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in str(load_banks([path]).errors[0])


def test_choice_count_off_the_exam_format_is_a_warning(tmp_path):
    question = GOOD_QUESTION.format(qid="three").replace('      - {id: D, text: "256/3000", design: {task_definitions: {web: {memory: 3000}}}}\n', "")
    result = load_banks([write_bank(tmp_path, bank_with(question))])
    assert [p.severity for p in result.problems] == [Severity.WARNING]
    assert result.banks[0].questions[0].id == "three"


def test_duplicate_bank_ids_across_files(tmp_path):
    write_bank(tmp_path, bank_with(GOOD_QUESTION.format(qid="one")), "a.yaml")
    write_bank(tmp_path, bank_with(GOOD_QUESTION.format(qid="two")), "b.yaml")
    found = [str(p) for p in load_banks([tmp_path]).errors]
    assert len([m for m in found if "bank id 'sample' is also used" in m]) == 2


def test_text_is_normalised_to_a_dedented_stem(tmp_path):
    body = bank_with(GOOD_QUESTION.format(qid="stem"))
    bank = load_banks([write_bank(tmp_path, textwrap.dedent(body))]).banks[0]
    assert bank.questions[0].stem == "Pick the valid size."


def test_numeric_question_without_key_is_reported(tmp_path):
    question = GOOD_QUESTION.format(qid="no-answer").replace("    key: [A]\n", "").replace(
        "    stem:", "    kind: numeric\n    stem:")
    found = messages(tmp_path, bank_with(question))
    assert any("no-answer: key: a numeric question needs its answer as key" in m for m in found), found


def located(tmp_path: Path, body: str) -> list[str]:
    """Every problem as `line: question: field: message`, in the order the loader reports them."""
    path = write_bank(tmp_path, body)
    return [str(p).removeprefix(f"{path}:") for p in load_banks([path]).problems]


def test_every_scan_reports_at_its_own_line_in_one_file(tmp_path):
    question = GOOD_QUESTION.format(qid="mixed").replace(
        "    stem: Pick the valid size.\n",
        '    stem: Pick <span onclick="go()">the</span> valid size.\n    topic: launch-types\n').replace(
        "memory: 3000", "memory: .nan").replace("launch_type: FARGATE,", "launch_type: FARGATE, desired_count: 20000,")
    assert located(tmp_path, bank_with(question)) == [
        "8: mixed: topic: key 'topic' is given twice (first at line 5); YAML would keep only the last, so remove or merge one",
        "19: mixed: choices.3.design.task_definitions.web.memory: .nan is not a finite number; give a plain number",
        "14: mixed: scenario.situation.services.web.desired_count: desired_count 20000 is more than the model simulates "
        "(at most 10,000 tasks, instances or nodes per count); use a smaller number",
        '7: mixed: stem: raw HTML <span onclick="go()"> loses onclick on the page (allowed: class, id, title); remove it',
    ]


def test_a_shared_anchor_is_reported_once_at_the_question_that_defines_it(tmp_path):
    first = GOOD_QUESTION.format(qid="first").replace("design: {task_definitions: {web: {memory: 3000}}}",
                                                      "design: &bad {task_definitions: {web: {memory: .inf}}}")
    second = GOOD_QUESTION.format(qid="second").replace("design: {task_definitions: {web: {memory: 3000}}}", "design: *bad")
    assert located(tmp_path, bank_with(first, second)) == [
        "18: first: choices.3.design.task_definitions.web.memory: .inf is not a finite number; give a plain number"]


def test_a_file_past_two_limits_is_refused_at_the_first_in_the_file(tmp_path):
    body = "a: " + "[" * 80 + "]" * 80 + "\nb: " + "x" * 100_001 + "\n"
    assert located(tmp_path, body) == ["1: -: -: nesting deeper than 64 levels; fix the YAML"]
