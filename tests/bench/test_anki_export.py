"""The flashcard export benchmark runs end to end on a small bank and prints its table."""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import anki_export  # noqa: E402


def test_a_small_run_prints_both_times_the_ratio_and_peak_memory(capsys):
    assert anki_export.main(["--questions", "300"]) == 0
    out = capsys.readouterr().out
    study = re.search(r"^study\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+([\d.]+)$", out, re.M)
    bare = re.search(r"^bare\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+(\d+)\s+([\d.]+)$", out, re.M)
    assert study and bare, out
    assert float(study.group(1)) > 0 and float(bare.group(1)) > 0 and int(study.group(4)) > 20
    assert re.search(r"ratio study/bare [\d.]+ \(goal < 1.5\); peak \d+ MB \(goal < 500 MB\)", out)


def test_copies_have_distinct_ids_and_numbered_texts():
    from study.content.banks import load_banks
    from study.locations import questions_dir

    bundled = sum(len(bank.questions) for bank in load_banks([questions_dir()]).banks)
    items = anki_export.generated_items(bundled + 10)
    assert len({i.uid for i in items}) == bundled + 10
    again = items[bundled]  # the first bundled question's second copy
    assert items[0].stem != again.stem and items[0].stem.removesuffix(" (copy 0)") in again.stem
