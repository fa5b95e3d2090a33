"""Flashcards for Anki and CSV: one card per question, and one per note section, as sanitized HTML fields.

The HTML of every field is built here once; the Anki writer puts the fields into a note type and the
CSV writer joins them into a front and a back, so both show the same card.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from study.content.markdown_html import number, to_html, to_inline_html
from study.content.notes import Note, Section, section_markdown
from study.content.topics import TOPIC_TITLES
from study.export.items import ExportChoice, ExportItem
from study.export.select import Selected, Selection

ROOT_DECK = "AWS containers"
QUESTION, SECTION = "question", "section"
# Field names in their fixed order: Anki matches an updated note type by these, so never reorder or rename.
FIELDS = {
    QUESTION: ("Question", "Choices", "Answer", "Explanation", "Verdicts", "Links", "Id"),
    SECTION: ("Section", "Summary", "Link", "Id"),
}
FRONT = {QUESTION: ("Question", "Choices"), SECTION: ("Section",)}
TAG_UNSAFE = re.compile(r"[\s:#]+")


@dataclass(frozen=True)
class Flashcard:
    """One card: a stable uid (never its text), the topic that picks its deck, HTML fields and tags."""

    uid: str  # "bank/question" for questions, "note:slug#section" for note sections
    kind: str
    topic: str
    fields: tuple[str, ...]  # HTML, in the order of FIELDS[kind]
    tags: tuple[str, ...]

    @property
    def deck(self) -> str:
        """The Anki deck of the card's topic."""
        return deck_name(self.topic)

    def field(self, name: str) -> str:
        """One field's HTML by its name."""
        return self.fields[FIELDS[self.kind].index(name)]

    @property
    def front(self) -> str:
        """The question side as one HTML string (for CSV)."""
        return "".join(self.field(name) for name in FRONT[self.kind])

    @property
    def back(self) -> str:
        """The answer side as one HTML string, without the question repeated (for CSV)."""
        shown = [n for n in FIELDS[self.kind] if n not in FRONT[self.kind] and n != "Id"]
        return "".join(self.field(name) for name in shown)


def deck_name(topic: str) -> str:
    """"AWS containers::<topic title>", or the root deck for a note no question practises."""
    return f"{ROOT_DECK}::{TOPIC_TITLES[topic]}" if topic in TOPIC_TITLES else ROOT_DECK


def tag(*parts: str) -> str:
    """A hierarchical Anki tag: parts joined by "::", each without spaces, colons or "#"."""
    return "::".join(TAG_UNSAFE.sub("_", part.strip()) for part in parts if part.strip())


def section_tag(anchor: str) -> str:
    """"section::slug::section" for a note anchor "slug#section"."""
    return tag("section", *anchor.split("#", 1))


def note_url(base_url: str, anchor: str) -> str:
    """Where the web app serves a note section: /notes/<slug>#<section>."""
    slug, _, section = anchor.partition("#")
    return f"{base_url.rstrip('/')}/notes/{slug}" + (f"#{section}" if section else "")


def link(base_url: str, anchor: str, titles: dict[str, str]) -> str:
    """An HTML link to a note section on the running site."""
    return f'<a href="{escape(note_url(base_url, anchor))}">{escape(titles.get(anchor, anchor))}</a>'


def question_card(item: ExportItem, titles: dict[str, str], base_url: str = "") -> Flashcard:
    """The card of one question: stem and lettered choices in front; key, explanation and verdicts behind."""
    links = "".join(f"<li>{link(base_url, a, titles)}</li>" for a in item.practises) if base_url else ""
    fields = (
        f'<div class="stem">{to_html(item.stem)}</div>',
        "".join(f'<div class="choice"><b>{c.letter}.</b> {to_inline_html(c.text)}</div>' for c in item.choices),
        f'<p class="key">{answer_line(item)}</p>',
        f'<div class="explanation">{to_html(item.explanation)}</div>' if item.explanation.strip() else "",
        f'<ul class="verdicts">{"".join(verdict_line(c, base_url, titles) for c in item.choices)}</ul>'
        if item.choices else "",
        f'<ul class="links">{links}</ul>' if links else "",
        escape(item.uid),
    )
    tags = (tag("topic", item.topic), *(section_tag(a) for a in item.practises),
            *(tag("rule", rule) for rule in item.rule_ids))
    return Flashcard(item.uid, QUESTION, item.topic, fields, tags)


def answer_line(item: ExportItem) -> str:
    """"Answer: B", "Answer: A, C", or the computed number with its tolerance."""
    if item.kind == "numeric":
        shown = number(item.answer) if item.answer is not None else "?"
        within = f" (accepted within \u00b1{number(item.tolerance)})" if item.tolerance else ""
        return f"Answer: <b>{escape(shown)}</b>{within}"
    return f"Answer: <b>{', '.join(item.key_letters)}</b>"


def verdict_line(choice: ExportChoice, base_url: str, titles: dict[str, str]) -> str:
    """One choice on the back: right, or the model's deciding reason, its rule and the fix."""
    if choice.correct:
        return f'<li class="right"><b>{choice.letter}</b> right</li>'
    parts = [f'<b>{choice.letter}</b> wrong']
    if choice.reason:
        parts.append(f": {escape(choice.reason)}")
    if choice.rule_id:
        parts.append(f' <span class="rule">[{escape(choice.rule_id)} {escape(choice.rule_title)}]</span>')
    if choice.fix:
        parts.append(f' <span class="fix">{escape(choice.fix)}</span>')
    if base_url and choice.taught_in:
        parts.append(f" {link(base_url, choice.taught_in, titles)}")
    return f'<li class="wrong">{"".join(parts)}</li>'


def first_block(markdown: str) -> str:
    """The first paragraph (or table, or list) of a section's Markdown."""
    return next((block for block in re.split(r"\n\s*\n", markdown) if block.strip()), "")


def section_card(note: Note, section: Section, topic: str, base_url: str = "") -> Flashcard | None:
    """A basic card for one note section: its title in front, its first paragraph behind (None when empty)."""
    summary = first_block(section_markdown(note, section))
    if not summary:
        return None
    title = f"{note.title}: {section.title}"
    fields = (
        f'<div class="section-title">{escape(title)}</div>',
        f'<div class="summary">{to_html(summary)}</div>',
        f'<p class="links">{link(base_url, section.anchor, {section.anchor: "Read the section"})}</p>'
        if base_url else "",
        escape(f"note:{section.anchor}"),
    )
    tags = (tag("topic", topic), section_tag(section.anchor)) if topic else (section_tag(section.anchor),)
    return Flashcard(f"note:{section.anchor}", SECTION, topic, fields, tags)


def section_cards(selected: Selected, selection: Selection, base_url: str = "") -> list[Flashcard]:
    """Cards for the note sections that go with the selection: the chosen sections, else the notes of its topics."""
    topics = {item.topic for item in selected.items}
    cards = []
    for note in selected.notes:
        topic = selected.note_topics.get(note.slug, "")
        if not selection.sections and selection != Selection() and topic not in topics:
            continue
        for section in note.sections:
            if selection.sections and section.anchor not in selection.sections:
                continue
            card = section_card(note, section, topic, base_url)
            if card is not None:
                cards.append(card)
    return cards


def flashcards(selected: Selected, selection: Selection, with_notes: bool = False,
               base_url: str = "") -> list[Flashcard]:
    """Every card of an export: one per question, then (with_notes) one per note section."""
    titles = selected.section_titles()
    cards = [question_card(item, titles, base_url) for item in selected.items]
    return cards + (section_cards(selected, selection, base_url) if with_notes else [])
