"""Explanations cite choices as {X}: shown as the attempt's letters, and bare letters are refused."""
from __future__ import annotations

import pytest

from study.content.choice_refs import bare_citations, cite_choices, unknown_citations


@pytest.mark.parametrize("text, shown, expected", [
    ("Fargate has no hosts ({A}).", {"A": "C"}, "Fargate has no hosts (C)."),
    ("Neither works ({A}, {D}).", {"A": "B", "D": "A"}, "Neither works (B, A)."),
    ("{B} covers everything.", {"B": "D"}, "D covers everything."),
    ("A task role ({E}) is unknown here.", {"A": "B"}, "A task role (E) is unknown here."),
    ("Braces in code `{name}` stay.", {"A": "B"}, "Braces in code `{name}` stay."),
])
def test_cite_choices(text, shown, expected):
    assert cite_choices(text, shown) == expected


@pytest.mark.parametrize("text, found", [
    ("the fluentd driver (A) is EC2-only", ["(A)"]),
    ("both fail (A, D).", ["(A, D)"]),
    ("(B and C) do nothing", ["(B and C)"]),
    ("choice C keeps the old role", ["choice C"]),
    ("Options A and B both fail", ["Options A and B"]),
    ("A task role is for the application ({B}).", []),
    ("An ALB (Application Load Balancer) in two AZs", []),
])
def test_bare_citations(text, found):
    assert bare_citations(text) == found


def test_unknown_citations():
    assert unknown_citations("({A}) and ({F})", ["A", "B", "C", "D"]) == ["F"]
