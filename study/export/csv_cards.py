"""Flashcards as CSV or TSV, front and back one row per card: the plain format Anki and Quizlet import.

Fields are HTML (Anki's "Allow HTML in fields" keeps them); the csv module quotes commas, quotes and
line breaks, so a field holds any HTML without breaking its row.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from study.export.flashcards import Flashcard


def write_csv(cards: Iterable[Flashcard], out: TextIO, tsv: bool = False) -> int:
    """Write one front,back row per card (tab-separated when tsv); returns the number of rows."""
    writer = csv.writer(out, delimiter="\t" if tsv else ",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    rows = 0
    for card in cards:
        writer.writerow([one_line(card.front), one_line(card.back)])
        rows += 1
    return rows


def one_line(html: str) -> str:
    """HTML on one line: line breaks inside HTML are spaces, and some importers read rows line by line."""
    return " ".join(html.split("\n"))
