"""Flashcards as CSV or TSV, front and back one row per card: the plain format Anki and Quizlet import.

Fields are HTML. Two header lines tell Anki the separator and that fields hold HTML (its own guess
takes the ";" of HTML entities for the separator); Quizlet wants rows only (header=False). The csv
module quotes commas and quotes, and every card stays on one line.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TextIO

from study.export.flashcards import Flashcard

PRE_BLOCK = re.compile(r"<pre>.*?</pre>", re.S)


def write_csv(cards: Iterable[Flashcard], out: TextIO, tsv: bool = False, header: bool = True) -> int:
    """Write one front,back row per card (tab-separated when tsv); returns the number of rows."""
    if header:
        out.write(f"#separator:{'Tab' if tsv else 'Comma'}\n#html:true\n")
    writer = csv.writer(out, delimiter="\t" if tsv else ",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    rows = 0
    for card in cards:
        writer.writerow([one_line(card.front), one_line(card.back)])
        rows += 1
    return rows


def one_line(html: str) -> str:
    """HTML on one line: a line break is a space in running text and a <br> inside code blocks."""
    kept = PRE_BLOCK.sub(lambda m: m.group(0).replace("\n", "<br>"), html)
    return " ".join(kept.replace("\t", " ").split("\n"))
