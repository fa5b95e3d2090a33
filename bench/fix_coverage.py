"""Count how many wrong choices of the bundled banks get a "what would make it right" sentence.

Usage: python bench/fix_coverage.py [--list] [banks...]

Every question is evaluated with the fix search on (its first variant, as `study validate` does); each
choice the model rejects counts once, except a false statement that changes nothing: there is no design
to fix, and its reason already says what the model finds instead. Prints the share of rejected choices with a fix, and with
--list every sentence (or "no fix") by bank/question/choice.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from study.content.banks import load_banks  # noqa: E402
from study.ecs.question import evaluate_question  # noqa: E402
from study.locations import questions_dir  # noqa: E402


@dataclass
class FixCount:
    """Rejected choices, and the sentence each got (None when the search found none)."""

    fixes: dict[str, str | None] = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        """Choices the model rejects."""
        return len(self.fixes)

    @property
    def fixed(self) -> int:
        """Rejected choices that got a sentence."""
        return sum(1 for sentence in self.fixes.values() if sentence)


def count_fixes(bank_paths: list[Path]) -> FixCount:
    """Evaluate every question of the banks with fixes and record the sentence of each rejected choice."""
    count = FixCount()
    for bank in load_banks(bank_paths).banks:
        for question in bank.questions:
            stating = {c.id for c in question.choices if c.statements and not c.design}
            for verdict in evaluate_question(question).choices:
                if not verdict.passes and verdict.choice_id not in stating:
                    count.fixes[f"{bank.id}/{question.id}/{verdict.choice_id}"] = verdict.fix
    return count


def main(argv: list[str] | None = None) -> int:
    """Print the share of rejected choices with a fix (and each sentence with --list)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("banks", nargs="*", type=Path, help="bank files (default: the bundled banks)")
    parser.add_argument("--list", action="store_true", help="print every rejected choice and its sentence")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = count_fixes(args.banks or sorted(questions_dir().glob("*.yaml")))
    seconds = time.perf_counter() - started
    if args.list:
        for where, sentence in count.fixes.items():
            print(f"{where}: {sentence or 'no fix'}")
    share = count.fixed / count.rejected if count.rejected else 0.0
    print(f"{count.fixed} of {count.rejected} rejected choices have a fix ({share:.0%}), in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
