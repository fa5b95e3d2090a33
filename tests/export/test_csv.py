"""CSV and TSV flashcards: parsed back with the csv module, and imported by the real Anki client."""
from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from study.export.csv_cards import one_line, write_csv
from study.export.flashcards import flashcards
from study.export.select import Selected, Selection
from tests.export.anki_client import nfc
from tests.export.conftest import bundled

TRICKY_STEM = 'Commas, "quotes", a < b & c; <script>alert(1)</script>\n\n```\nline one\n\tline two\n```'


def tricky_cards():
    """The IAM cards with notes, the first stem full of separators, quotes, markup and a code block."""
    selected = bundled(Selection(topics=frozenset({"iam"})))
    items = [dataclasses.replace(selected.items[0], stem=TRICKY_STEM), *selected.items[1:]]
    return flashcards(Selected(items, selected.notes, selected.note_topics), Selection(), with_notes=True)


@pytest.mark.parametrize("tsv, delimiter, header", [(False, ",", "#separator:Comma"), (True, "\t", "#separator:Tab")])
def test_rows_parse_back_to_each_cards_front_and_back(tsv, delimiter, header):
    cards, out = tricky_cards(), io.StringIO()
    assert write_csv(cards, out, tsv=tsv) == len(cards)
    lines = out.getvalue().splitlines()
    assert lines[:2] == [header, "#html:true"] and len(lines) == len(cards) + 2  # one line per card
    rows = list(csv.reader(lines[2:], delimiter=delimiter))
    assert rows == [[one_line(c.front), one_line(c.back)] for c in cards]
    front = rows[0][0]
    assert 'Commas, "quotes", a &lt; b &amp; c' in front and "<script>" not in front and "alert(1)" not in front
    assert "<pre><code>line one<br>    line two<br></code></pre>" in front


def test_without_header_there_are_rows_only():
    out = io.StringIO()
    write_csv(tricky_cards(), out, header=False)
    assert not out.getvalue().startswith("#")


@pytest.mark.parametrize("tsv", [False, True])
def test_anki_imports_the_file_with_html_kept(tmp_path, collection, tsv):
    cards = tricky_cards()
    path = tmp_path / ("cards.tsv" if tsv else "cards.csv")
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(cards, out, tsv=tsv)
    from anki.import_export_pb2 import ImportCsvRequest

    metadata = collection.get_csv_metadata(str(path), None)
    assert metadata.is_html
    log = collection.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log
    assert len(log.new) == len(cards) == collection.note_count()
    imported = {nfc(n.fields[0]): nfc(n.fields[1]) for n in (collection.get_note(i) for i in collection.find_notes(""))}
    assert imported == {nfc(one_line(c.front)): nfc(one_line(c.back)) for c in cards}
