"""Flashcards to an Anki package (.apkg) with genanki, with identities that survive re-exports.

Model and deck ids are fixed numbers and note GUIDs come from each card's uid ("bank/question"), never
from its text: importing a new export updates the notes already in a learner's collection in place,
and their review history stays. Never change a note type's field list under the same model id.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import genanki

from study.export.flashcards import FIELDS, QUESTION, SECTION, Flashcard

QUESTION_MODEL_ID = 1_734_562_191  # fixed forever: Anki recognises the note type by it
SECTION_MODEL_ID = 1_734_562_192
DECK_ID_BASE = 1 << 30  # deck ids are derived from the deck name into [2**30, 2**31)

CSS = """
.card { font-family: -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 18px; line-height: 1.45;
  color: #1a1a1a; background: #fff; text-align: left; margin: 0 auto; padding: 12px; max-width: 40em; }
.nightMode .card, .night_mode .card { color: #e8e8e8; background: #1e1e1e; }
.choice { margin: .45em 0; padding: .45em .6em; border: 1px solid #ccc; border-radius: 6px; }
.key { font-size: 1.1em; margin: .6em 0; }
.verdicts { padding-left: 1.1em; } .verdicts li { margin: .4em 0; }
.right { color: #1b6e2a; } .nightMode .right, .night_mode .right { color: #7bd88f; }
.rule { color: #666; font-size: .9em; } .fix { display: block; font-style: italic; }
.section-title { font-size: 1.15em; font-weight: bold; }
code { font-size: .9em; overflow-wrap: anywhere; } pre { overflow-x: auto; white-space: pre-wrap; }
table { border-collapse: collapse; display: block; overflow-x: auto; font-size: .85em; }
td, th { border: 1px solid #ccc; padding: .25em .4em; vertical-align: top; }
a { color: #0b57d0; }
"""

QUESTION_TEMPLATE = {
    "name": "Question",
    "qfmt": '{{Question}}<div class="choices">{{Choices}}</div>',
    "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}{{Explanation}}{{Verdicts}}"
            '{{#Links}}<div class="read">Read: {{Links}}</div>{{/Links}}',
}
SECTION_TEMPLATE = {
    "name": "Section",
    "qfmt": "{{Section}}<p class=prompt>What does this section say?</p>",
    "afmt": "{{Section}}<hr id=answer>{{Summary}}{{Link}}",
}


def note_type(kind: str) -> genanki.Model:
    """The note type of a card kind; its id and field list never change."""
    model_id, name, template = {
        QUESTION: (QUESTION_MODEL_ID, "AWS containers question", QUESTION_TEMPLATE),
        SECTION: (SECTION_MODEL_ID, "AWS containers note section", SECTION_TEMPLATE),
    }[kind]
    return genanki.Model(model_id, name, fields=[{"name": f} for f in FIELDS[kind]], templates=[template],
                         css=CSS, sort_field_index=0)


def deck_id(name: str) -> int:
    """A fixed deck id for a deck name: the same deck in every export."""
    digest = hashlib.sha256(f"study deck {name}".encode()).digest()
    return DECK_ID_BASE + int.from_bytes(digest[:8], "big") % DECK_ID_BASE


def note_guid(card: Flashcard) -> str:
    """The note's GUID from its uid only, so an edited question updates the same note."""
    return genanki.guid_for("study", card.uid)


def build_decks(cards: Iterable[Flashcard]) -> list[genanki.Deck]:
    """One deck per topic, in first-seen order, each holding its cards as notes."""
    models = {kind: note_type(kind) for kind in FIELDS}
    decks: dict[str, genanki.Deck] = {}
    for card in cards:
        deck = decks.get(card.deck)
        if deck is None:
            deck = decks[card.deck] = genanki.Deck(deck_id(card.deck), card.deck)
        deck.add_note(genanki.Note(model=models[card.kind], fields=list(card.fields), tags=list(card.tags),
                                   guid=note_guid(card)))
    return list(decks.values())


def write_apkg(cards: Iterable[Flashcard], out: Path | BinaryIO, timestamp: float) -> int:
    """Write the cards as an .apkg to a path or binary file; returns the number of notes.

    timestamp stamps every note: Anki updates a note on import only when this is newer than its copy.
    """
    decks = build_decks(cards)
    genanki.Package(decks).write_to_file(out, timestamp=timestamp)
    return sum(len(d.notes) for d in decks)
