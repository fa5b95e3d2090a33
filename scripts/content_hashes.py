"""Snapshot or compare the content hash of every question of some banks, as loaded (bases applied).

    .venv/bin/python scripts/content_hashes.py snapshot questions/ > before.json
    .venv/bin/python scripts/content_hashes.py compare before.json questions/

A rewrite of the banks that only changes how they are written (bases, extends, flow style) must leave
every question's loaded content, and so its hash and its stored version, exactly as it was.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from study.content.banks import load_banks
from study.content.versions import content_hash


def snapshot(paths: list[Path]) -> dict[str, str]:
    """The content hash of every question of the banks, by bank and question id."""
    loaded = load_banks(paths)
    if loaded.errors:
        raise SystemExit("\n".join(str(p) for p in loaded.errors))
    return {f"{bank.id}/{q.id}": content_hash(q) for bank in loaded.banks for q in bank.questions}


def compare(before: dict[str, str], after: dict[str, str]) -> int:
    """Print every question whose hash differs, or that is added or missing; return how many."""
    differences = [qid for qid in sorted(set(before) | set(after)) if before.get(qid) != after.get(qid)]
    for qid in differences:
        state = "added" if qid not in before else "missing" if qid not in after else "content changed"
        print(f"{qid}: {state}")
    print(f"{len(before)} questions before, {len(after)} after: {len(differences)} difference(s)")
    return len(differences)


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
