"""Notes and banks link both ways: every section is practised, every rule decides a question."""

from __future__ import annotations

import re

import pytest

from study.content.notes import load_notes
from study.content.validate import uncovered, validate
from study.locations import content_dir, questions_dir

NOTES = load_notes(content_dir())


@pytest.fixture(scope="module")
def report():
    return validate([questions_dir()], content_dir())


def test_notes_load_without_problems():
    assert [str(p) for p in NOTES.problems] == []
    assert NOTES.notes


@pytest.mark.parametrize("note", NOTES.notes, ids=[n.slug for n in NOTES.notes])
def test_note_cites_aws_documentation_and_lists_traps(note):
    assert note.sources and all(s.startswith(("https://docs.aws.amazon.com/", "https://aws.amazon.com/",
                                              "https://repost.aws/")) for s in note.sources)
    assert f"{note.slug}#traps" in {s.anchor for s in note.sections}


def test_every_note_section_is_practised_and_every_rule_decides(report):
    sections, rules = uncovered(report, NOTES)
    assert sections == [], "note sections no question practises"
    assert rules == [], "rules that decide no question"


def _paragraphs(note) -> list[str]:
    """Prose paragraphs of a note: no headings, tables, lists or code."""
    body = re.sub(r"```.*?```", "", note.markdown, flags=re.S)
    return [p for p in re.split(r"\n\s*\n", body) if p.strip() and not p.lstrip().startswith(("#", "|", "-", "*", "1."))]


@pytest.mark.parametrize("note", NOTES.notes, ids=[n.slug for n in NOTES.notes])
def test_note_paragraphs_fit_on_a_card(note):
    """Short paragraphs read well on a phone and on a flashcard: at most 5 sentences and 110 words."""
    for paragraph in _paragraphs(note):
        sentences = len(re.findall(r"[.!?](?:\s|$)", paragraph))
        assert sentences <= 5 and len(paragraph.split()) <= 110, paragraph[:80]
