"""Exported decks proven with the real Anki client: counts, fields, tags, decks, rendering, updates in place."""
from __future__ import annotations

import dataclasses
import zipfile

import pytest

from study.export.anki import QUESTION_MODEL_ID, SECTION_MODEL_ID, deck_id, note_guid, write_apkg
from study.export.flashcards import flashcards, tag
from study.export.select import Selected, Selection
from tests.export.anki_client import TEMPLATE_PROBLEM, import_package, nfc, notes_by_id_field
from tests.export.conftest import bundled

BASE = "https://study.example.org"
T0 = 1_767_225_600.0  # 2026-01-01: export stamps are passed in, never read from the clock here
FARGATE_SCALING = "auto-scaling/cal-20-scaling-after-move-to-fargate"


def export(tmp_path, selected: Selected, name: str = "deck.apkg", timestamp: float = T0, **options):
    """Write selected as an .apkg in tmp_path and return its path."""
    path = tmp_path / name
    write_apkg(flashcards(selected, Selection(), **options), path, timestamp=timestamp)
    return path


@pytest.fixture
def full_import(tmp_path, collection):
    """The collection after importing every question and every note section, linked to BASE."""
    log = import_package(collection, export(tmp_path, bundled(), with_notes=True, base_url=BASE))
    return collection, log


def test_every_question_and_section_becomes_one_note_with_one_card(full_import):
    col, log = full_import
    selected = bundled()
    sections = {f"note:{s.anchor}" for n in selected.notes for s in n.sections}
    assert len(log.new) == len(selected.items) + len(sections) and not log.conflicting and not log.duplicate
    assert col.note_count() == col.card_count() == len(selected.items) + len(sections)
    notes = notes_by_id_field(col)
    assert {i.uid for i in selected.items} | sections == set(notes)
    kinds = {notes[i.uid].mid for i in selected.items}
    assert kinds == {QUESTION_MODEL_ID}
    assert {note.mid for uid, note in notes.items() if uid.startswith("note:")} == {SECTION_MODEL_ID}


def test_a_question_note_carries_key_reasons_fix_link_tags_and_deck(full_import):
    col, _ = full_import
    item = next(i for i in bundled().items if i.uid == FARGATE_SCALING)
    note = notes_by_id_field(col)[FARGATE_SCALING]
    assert [c.letter for c in item.choices] == ["A", "B", "C", "D"]
    assert all(f"<b>{c.letter}.</b>" in note["Choices"] for c in item.choices)
    assert "Answer: <b>D</b>" in note["Answer"]
    wrong_c = next(c for c in item.choices if c.letter == "C")
    assert "CP02" in note["Verdicts"] and nfc(wrong_c.fix) in nfc(note["Verdicts"])
    assert f'href="{BASE}/notes/auto-scaling#fargate"' in note["Verdicts"] + note["Links"]
    assert {"topic::auto-scaling", "section::auto-scaling::fargate", "rule::CP02"} <= set(note.tags)
    card = note.cards()[0]
    assert col.decks.name(card.did) == "AWS containers::Auto scaling"


def test_deck_ids_are_fixed_per_deck_and_distinct():
    names = {c.deck for c in flashcards(bundled(), Selection(), with_notes=True)}
    ids = {deck_id(name) for name in names}
    assert len(ids) == len(names) == 6 and all(2**30 <= i < 2**31 for i in ids)
    assert deck_id("AWS containers::Volumes and storage") == deck_id("AWS containers::Volumes and storage")


def test_numeric_questions_show_drawn_values_and_the_computed_answer(full_import):
    col, _ = full_import
    numeric = [i for i in bundled().items if i.kind == "numeric"]
    assert any(i.params for i in numeric)
    notes = notes_by_id_field(col)
    for item in numeric:
        note = notes[item.uid]
        assert all(str(v) in note["Question"] for v in (item.params or {}).values()), item.uid
        assert "{" not in note["Question"] and not note["Choices"]
        shown = f"{item.answer:g}" if item.answer != int(item.answer) else str(int(item.answer))
        assert f"Answer: <b>{shown}</b>" in note["Answer"], item.uid


def test_every_card_renders_both_sides_without_a_template_problem(full_import):
    col, _ = full_import
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        question, answer = card.question(), card.answer()
        assert TEMPLATE_PROBLEM not in question and TEMPLATE_PROBLEM not in answer, card.note()["Id"]
        assert card.note().fields[0] in question and "<hr id=answer>" in answer


@pytest.mark.parametrize("parts, expected", [
    (("topic", "auto-scaling"), "topic::auto-scaling"),
    (("section", "volumes", "bind-mounts"), "section::volumes::bind-mounts"),
    (("rule", "a b#c::d"), "rule::a_b_c_d"),
])
def test_tags_hold_no_spaces_hash_or_stray_hierarchy(parts, expected):
    assert tag(*parts) == expected


def test_reimport_after_an_edit_updates_in_place_and_keeps_the_review(tmp_path, collection):
    selected = bundled(Selection(topics=frozenset({"volumes"})))
    import_package(collection, export(tmp_path, selected, "first.apkg"))
    before = notes_by_id_field(collection)
    edited_uid = selected.items[0].uid
    card = before[edited_uid].cards()[0]
    card.start_timer()
    collection.sched.answerCard(card, 3)
    reviewed = collection.get_card(card.id)
    edited = Selected([dataclasses.replace(selected.items[0], stem="An edited stem: which TWO parts hold?"),
                       *selected.items[1:]], selected.notes, selected.note_topics)

    log = import_package(collection, export(tmp_path, edited, "second.apkg", timestamp=T0 + 60))

    after = notes_by_id_field(collection)
    assert collection.note_count() == len(before) and not log.new and not log.conflicting
    assert {n.id.nid for n in log.updated} == {note.id for note in before.values()}  # newer stamp: all refreshed
    assert all(after[uid].fields == note.fields for uid, note in before.items() if uid != edited_uid)
    assert after[edited_uid].id == before[edited_uid].id and "An edited stem" in after[edited_uid]["Question"]
    kept = collection.get_card(card.id)
    assert (kept.type, kept.ivl, kept.due, kept.reps) == (reviewed.type, reviewed.ivl, reviewed.due, reviewed.reps)
    assert kept.reps == 1
    assert collection.db.scalar("select count() from revlog where cid = ?", card.id) == 1


def test_guid_comes_from_the_uid_alone_and_the_package_is_a_zip_with_a_collection(tmp_path):
    selected = bundled(Selection(topics=frozenset({"iam"})))
    cards = flashcards(selected, Selection())
    changed = dataclasses.replace(cards[0], fields=("other text",) + cards[0].fields[1:])
    assert note_guid(changed) == note_guid(cards[0]) != note_guid(cards[1])
    path = export(tmp_path, selected)
    assert "collection.anki2" in zipfile.ZipFile(path).namelist()
