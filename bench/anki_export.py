"""Benchmark `study export anki` on a generated bank against a bare genanki deck written in the same run.

Usage: python bench/anki_export.py [--questions 10000]

The bundled questions are flattened once (the model runs here, untimed), then copied with distinct ids
until there are --questions of them; each copy's stem, choices and explanation carry its number, so
no Markdown rendering is served from a cache. Each measurement runs in a fresh subprocess:

- study: cards built from the items (Markdown to sanitized HTML, verdict lines, tags) and written as
  an .apkg, decks by topic;
- bare: genanki alone, one deck of the same number of plain front/back notes (the same stems and
  explanations as plain text, no rendering), written as an .apkg.

Prints both times (study split into building the cards and writing the package), the ratio study/bare (goal under 1.5) and each subprocess's peak resident memory
(goal under 500 MB).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_RATIO, GOAL_MB = 1.5, 500
STAMP = 1_767_225_600.0


def generated_items(total: int) -> list:
    """total ExportItems: the bundled ones cycled, with distinct ids and numbered stems and explanations."""
    from study import ecs
    from study.content.banks import load_banks
    from study.export.items import export_items
    from study.locations import questions_dir

    source = export_items(load_banks([questions_dir()]).banks, ecs.evaluate_question)
    return [copy(source[n % len(source)], n) for n in range(total)]


def copy(item, n: int):
    """Copy n of an item: its own id, and every text numbered so that no rendering comes from a cache."""
    choices = tuple(dataclasses.replace(c, text=f"{c.text} (copy {n})") for c in item.choices)
    return dataclasses.replace(item, question_id=f"{item.question_id}-{n}", stem=f"{item.stem} (copy {n})",
                               explanation=f"{item.explanation} (copy {n})", choices=choices)


def measure_study(items: list, out: Path) -> float:
    """Cards from the items, written as an .apkg: what `study export anki` does after validation.

    Returns the seconds spent building the cards (Markdown rendering, verdict lines, tags).
    """
    from study.export.anki import write_apkg
    from study.export.flashcards import question_card

    started = time.perf_counter()
    cards = [question_card(item, {}) for item in items]
    building = time.perf_counter() - started
    write_apkg(cards, out, timestamp=STAMP)
    return building


def measure_bare(items: list, out: Path) -> float:
    """genanki alone: one deck of plain front/back notes with the same texts."""
    import genanki

    model = genanki.Model(1_900_000_001, "bare", fields=[{"name": "Front"}, {"name": "Back"}],
                          templates=[{"name": "Card", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr>{{Back}}"}])
    deck = genanki.Deck(1_900_000_002, "bare")
    for item in items:
        deck.add_note(genanki.Note(model=model, fields=[item.stem, item.explanation], guid=genanki.guid_for(item.uid)))
    genanki.Package(deck).write_to_file(out, timestamp=STAMP)
    return 0.0


def child(kind: str, total: int) -> None:
    """One measurement in this process; prints seconds, peak RSS and the package size as JSON."""
    items = generated_items(total)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{kind}.apkg"
        started = time.perf_counter()
        building = (measure_study if kind == "study" else measure_bare)(items, out)
        seconds = time.perf_counter() - started
        size = out.stat().st_size
    # VmHWM starts afresh at exec; ru_maxrss would carry over the size of the process that forked this one.
    status = Path("/proc/self/status").read_text()
    peak_mb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    print(json.dumps({"seconds": seconds, "building": building, "peak_mb": peak_mb, "bytes": size}))


def run(kind: str, total: int) -> dict:
    """Run one measurement in a fresh interpreter and read its JSON line."""
    done = subprocess.run([sys.executable, __file__, "--child", kind, "--questions", str(total)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Measure both, print the table and whether the goals are met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--child", choices=["study", "bare"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.questions)
        return 0
    study, bare = run("study", args.questions), run("bare", args.questions)
    ratio = study["seconds"] / bare["seconds"]
    print(f"{args.questions} questions")
    print(f"{'':8}{'seconds':>9}{'cards':>9}{'write':>9}{'peak MB':>9}{'apkg MB':>9}")
    for name, found in (("study", study), ("bare", bare)):
        print(f"{name:8}{found['seconds']:9.2f}{found['building']:9.2f}{found['seconds'] - found['building']:9.2f}"
              f"{found['peak_mb']:9.0f}{found['bytes'] / 2**20:9.1f}")
    print(f"ratio study/bare {ratio:.2f} (goal < {GOAL_RATIO}); peak {study['peak_mb']:.0f} MB (goal < {GOAL_MB} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
