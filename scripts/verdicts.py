"""Snapshot or compare the model's verdicts on every question and choice of some banks.

    .venv/bin/python scripts/verdicts.py snapshot questions/ > before.json
    .venv/bin/python scripts/verdicts.py compare before.json questions/

A rewrite of the banks (bases, defaults) must leave every verdict as it was: the same key, the same
pass or fail per choice and per requirement, the same findings (rule and message) and fixes. The
comparison also counts the choices whose merged design reads to the very same typed design.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path

from study.content.banks import load_banks
from study.ecs import evaluate_question
from study.ecs.evaluate import read_merged
from study.ecs.question import default_params, instantiate


def digest(design) -> str:
    """A digest of a typed design that ignores the order in which maps were written."""
    text = json.dumps(dataclasses.asdict(design), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def question_snapshot(question) -> dict:
    """Everything the model says about one question, plus a digest of each merged design."""
    result = evaluate_question(question, with_fixes=True)
    scenario = instantiate(question.scenario, default_params(question))
    choices = {}
    for verdict in result.choices:
        choice = next((c for c in question.choices if c.id == verdict.choice_id), None)
        design = read_merged(scenario.situation, choice.design if choice else None)
        choices[verdict.choice_id] = {
            "passes": verdict.passes, "fix": verdict.fix,
            "requirements": [[r.kind, r.passed, [[f.rule_id, f.message] for f in r.findings]] for r in verdict.requirements],
            "design": digest(design),
        }
    situation = digest(read_merged(scenario.situation, None))
    return {"model_key": list(result.model_key), "answer": result.answer, "situation": situation, "choices": choices}


def snapshot(paths: list[Path]) -> dict:
    """Verdicts of every question of the banks, by bank and question id."""
    loaded = load_banks(paths)
    if loaded.errors:
        raise SystemExit("\n".join(str(p) for p in loaded.errors))
    return {f"{bank.id}/{q.id}": question_snapshot(q) for bank in loaded.banks for q in bank.questions}


def compare(before: dict, after: dict) -> int:
    """Print every difference in verdicts; return the number of differences."""
    differences = 0
    for qid in sorted(set(before) | set(after)):
        old, new = before.get(qid), after.get(qid)
        if old is None or new is None:
            print(f"{qid}: {'added' if old is None else 'missing'}")
            differences += 1
            continue
        for field in ("model_key", "answer"):
            if old[field] != new[field]:
                print(f"{qid}: {field} {old[field]} -> {new[field]}")
                differences += 1
        for letter in sorted(set(old["choices"]) | set(new["choices"])):
            a, b = old["choices"].get(letter, {}), new["choices"].get(letter, {})
            for field in ("passes", "fix", "requirements"):
                if a.get(field) != b.get(field):
                    print(f"{qid} {letter}: {field} differs:\n  before {a.get(field)}\n  after  {b.get(field)}")
                    differences += 1
    same = sum(1 for qid in before if qid in after for letter, c in before[qid]["choices"].items()
               if after[qid]["choices"].get(letter, {}).get("design") == c["design"])
    total = sum(len(q["choices"]) for q in before.values())
    print(f"{len(before)} questions, {total} choices: {differences} verdict difference(s); "
          f"{same} of {total} merged designs read to the identical typed design")
    return differences


def main(argv: list[str]) -> int:
    """snapshot DIR... | compare SNAPSHOT DIR..."""
    if argv[:1] == ["snapshot"] and len(argv) > 1:
        json.dump(snapshot([Path(p) for p in argv[1:]]), sys.stdout, indent=1, sort_keys=True)
        return 0
    if argv[:1] == ["compare"] and len(argv) > 2:
        before = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        return 1 if compare(before, snapshot([Path(p) for p in argv[2:]])) else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
