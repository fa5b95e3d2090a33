"""Benchmark `study validate` on a generated large bank against a bare LibYAML parse of the same files.

Usage: python bench/validate_bench.py [--questions 10000] [--choices 40000] [--per-file 500]

Generates banks from the bundled questions (every area, cycled, ids made unique), then times in the
same run: (1) yaml.load with the C loader on every file, (2) the whole of `study validate` on them
(load, format checks, the model on every choice, key comparison, coverage). Prints choices per
second and the ratio validate/parse.
"""

from __future__ import annotations

import argparse
import copy
import gc
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from study.content.banks import load_banks  # noqa: E402
from study.content.bases import standalone_questions  # noqa: E402
from study.content.safe_yaml import compose  # noqa: E402
from study.content.validate import validate  # noqa: E402
from study.locations import content_dir, questions_dir  # noqa: E402


def templates() -> list[dict]:
    """Every bundled question, as plain data, its situation built on its bank's bases (the generated banks
    mix questions of every bank, so each must stand alone)."""
    found = []
    for path in sorted(questions_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=yaml.CSafeLoader)
        found += standalone_questions(str(path), compose(text), data)
    return found


def draw(total: int, min_choices: int) -> list[dict]:
    """Cycle through every template for `total` questions, then through those with choices until
    there are at least `min_choices` choices; ids are made unique."""
    source = templates()
    with_choices = [q for q in source if q.get("choices")]
    picked, choices = [], 0
    while len(picked) < total or choices < min_choices:
        pool = source if len(picked) < total else with_choices
        question = copy.deepcopy(pool[len(picked) % len(pool)])
        question["id"] = f"{question['id'][:60]}-{len(picked)}"
        choices += len(question.get("choices", []))
        picked.append(question)
    return picked


def generate(out: Path, total: int, min_choices: int, per_file: int) -> tuple[list[Path], int]:
    """Write the drawn questions in files of `per_file`; returns the files and the number of choices."""
    drawn = draw(total, min_choices)
    files, choices = [], sum(len(q.get("choices", [])) for q in drawn)
    for start in range(0, len(drawn), per_file):
        questions = drawn[start:start + per_file]
        path = out / f"bank-{start // per_file:03d}.yaml"
        bank = {"bank": f"bench-{start // per_file:03d}", "title": "Benchmark bank", "questions": questions}
        path.write_text(yaml.dump(bank, Dumper=yaml.CSafeDumper, sort_keys=False), encoding="utf-8")
        files.append(path)
    return files, choices


def time_parse(files: list[Path]) -> float:
    """Seconds for the bare C-loader parse of every file."""
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def time_load(files: list[Path]) -> float:
    """Seconds for the loader alone: safe parse, format checks, no model."""
    start = time.perf_counter()
    load_banks(files)
    return time.perf_counter() - start


def time_validate(files: list[Path]) -> tuple[float, int, int]:
    """Seconds for a full validation, with the number of questions and errors."""
    start = time.perf_counter()
    report = validate(files, content_dir())
    return time.perf_counter() - start, report.questions, len(report.errors)


def main() -> None:
    """Generate, measure, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--choices", type=int, default=40_000)
    parser.add_argument("--per-file", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files, choices = generate(Path(tmp), args.questions, args.choices, args.per_file)
        size = sum(p.stat().st_size for p in files) / 1e6
        gc.collect()
        parse = min(time_parse(files) for _ in range(2))
        gc.collect()
        load = time_load(files)
        gc.collect()
        seconds, questions, errors = time_validate(files)
    print(f"bank: {questions} questions, {choices} choices, {len(files)} files, {size:.1f} MB")
    print(f"bare parse (yaml CSafeLoader): {parse:.2f} s")
    print(f"study validate:                {seconds:.2f} s  ({errors} errors)")
    print(f"  of which loading (safe YAML, format checks): {load:.2f} s")
    print(f"  of which the model:          {seconds - load:.2f} s")
    print(f"choices evaluated per second:  {choices / seconds:,.0f} (whole validate), "
          f"{choices / (seconds - load):,.0f} (model only)")
    print(f"ratio validate/parse:          {seconds / parse:.2f}")


if __name__ == "__main__":
    main()
