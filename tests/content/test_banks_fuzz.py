"""Mangled banks never crash the loader or the validator: they only ever produce Problems."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from study.content.banks import load_banks
from study.content.problems import Problem
from study.content.validate import validate
from study.locations import content_dir

from .test_banks_loader import GOOD_QUESTION, bank_with

GOOD_BANK = bank_with(GOOD_QUESTION.format(qid="first"), GOOD_QUESTION.format(qid="second"))
SNIPPETS = ["!!python/object:os.system x", "&anchor", "*anchor", "<<: *anchor", "{", "]", ": :", "- -", "\t", "'",
            '"', "null", "~", "[]", "{}", "1e999", "-1", "0x1F", "key: [A, A]", "design: 3", "cpu: -5", "\x00", "\ufeff"]


@st.composite
def mangled_text(draw) -> str:
    """The good bank with a few random edits: cuts, inserted snippets, repeated or swapped lines."""
    lines = GOOD_BANK.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["cut", "insert", "repeat", "swap", "replace"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if action == "cut":
            del lines[i]
        elif action == "insert":
            lines.insert(i, " " * draw(st.integers(0, 8)) + draw(st.sampled_from(SNIPPETS)))
        elif action == "repeat":
            lines.insert(i, lines[j])
        elif action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        else:
            cut = draw(st.integers(0, max(0, len(lines[i]) - 1)))
            lines[i] = lines[i][:cut] + draw(st.text(max_size=6))
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 70000) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
DESIGN_KEYS = ["task_definitions", "services", "roles", "cluster", "network", "load_balancers", "target_groups",
               "file_systems", "tasks", "ecr", "eks", "buckets"]


@st.composite
def random_designs(draw) -> str:
    """A well-formed bank whose choice designs are random trees under real top-level keys."""
    data = yaml.safe_load(GOOD_BANK)
    for question in data["questions"]:
        for choice in question["choices"]:
            choice["design"] = draw(st.dictionaries(st.sampled_from(DESIGN_KEYS), json_values, max_size=3))
    return yaml.safe_dump(data)


def _check(tmp_path: Path, text: str) -> None:
    path = tmp_path / "mangled.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = load_banks([path])
    assert all(isinstance(p, Problem) and p.message for p in result.problems)
    report = validate([path], content_dir())
    assert all(isinstance(p, Problem) for p in report.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mangled_text())
def test_mangled_text_only_yields_problems(tmp_path, text):
    _check(tmp_path, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=random_designs())
def test_random_designs_only_yield_problems(tmp_path, text):
    _check(tmp_path, text)
