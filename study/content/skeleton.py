"""`study new`: a question skeleton that validates as printed, so an author starts from a green bank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .banks import load_banks
from .bases import standalone_questions
from .notes import NoteSet
from .safe_yaml import YamlProblem, compose, construct, read_text

PLACEHOLDER_STEM = ("Replace this stem: the situation in two to five sentences, with the constraints that decide it, "
                    "then the question.\n")
COPIED_KEYS = ("kind", "choose", "combined", "scenario", "params", "tolerance")

# A Fargate service whose task size is valid; three choices change it to sizes Fargate refuses. The model
# proves A, so the skeleton validates until the author replaces the scenario and the choices.
FARGATE_SKELETON: dict[str, Any] = {
    "kind": "single",
    "scenario": {
        "situation": {
            "task_definitions": {"app": {"requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc",
                                         "cpu": 256, "memory": 512, "containers": {"app": {}}}},
            "services": {"app": {"task_definition": "app", "launch_type": "FARGATE", "desired_count": 2,
                                 "network": {"subnets": ["private-a", "private-b"]}}},
        },
        "requirements": [],
    },
    "choices": [
        {"id": "A", "text": "Replace: the right choice (this design changes nothing).", "design": {}},
        {"id": "B", "text": "Replace: a distractor.", "design": {"task_definitions": {"app": {"memory": 4096}}}},
        {"id": "C", "text": "Replace: a distractor.", "design": {"task_definitions": {"app": {"cpu": 512}}}},
        {"id": "D", "text": "Replace: a distractor.", "design": {"task_definitions": {"app": {"cpu": 1024, "memory": 1024}}}},
    ],
    "key": ["A"],
    "explanation": "Replace: why the key is right and each distractor wrong; cite choices as {A}.\n",
}


class SkeletonError(ValueError):
    """The --from question cannot be copied; the message says why and what to do."""


def note_for_topic(topic: str, notes: NoteSet) -> str:
    """The first section of the note the topic names (iam -> iam-roles), or of the first note."""
    ordered = sorted(notes.notes, key=lambda n: (n.order, n.slug))
    matching = [n for n in ordered if n.slug == topic or n.slug.startswith(topic.split("-")[0])]
    for note in matching + ordered:
        if note.sections:
            return note.sections[0].anchor
    return f"{topic}#replace-with-a-note-section"


def skeleton(question_id: str, topic: str, practises: str, source: dict[str, Any] | None = None) -> dict[str, Any]:
    """The new question as data: copied from `source` (a raw question) or the Fargate-size skeleton."""
    body = FARGATE_SKELETON if source is None else copied_body(source)
    drawn = "".join(f" {name} is {{{name}}}." for name in body.get("params") or {})
    return {"id": question_id, "topic": topic, "practises": [practises] if source is None else source["practises"],
            "stem": PLACEHOLDER_STEM + (f"Drawn values to show in it:{drawn}\n" if drawn else ""), **body}


def copied_body(source: dict[str, Any]) -> dict[str, Any]:
    """The source's scenario, kind and choice designs (proven by its key); every text to rewrite."""
    body = {k: source[k] for k in COPIED_KEYS if k in source}
    body["choices"] = [{**choice, "text": f"Replace: the text of choice {choice['id']}."} for choice in source.get("choices", [])]
    body["key"] = source.get("key")
    body["explanation"] = "Replace: why the key is right and each distractor wrong; cite choices as {A}.\n"
    return body


def source_question(reference: str) -> dict[str, Any]:
    """The raw data of BANK_FILE:QUESTION-ID, once its bank loads without errors."""
    file, _, question_id = reference.rpartition(":")
    if not file or not question_id:
        raise SkeletonError(f"--from {reference!r}: write BANK_FILE:QUESTION-ID, e.g. questions/iam.yaml:iam-block-imds-awsvpc")
    path = Path(file)
    if not path.is_file():
        raise SkeletonError(f"--from: no such bank file: {file}")
    errors = load_banks([path]).errors
    if errors:
        raise SkeletonError(f"--from: {file} has errors; run study validate {file} and fix them first")
    try:
        root = compose(read_text(path))
        data = construct(root)
    except YamlProblem as error:
        raise SkeletonError(f"--from: {file}:{error.line}: {error}") from None
    found = next((q for q in data.get("questions", []) if q.get("id") == question_id), None)
    if found is None:
        ids = ", ".join(q.get("id", "?") for q in data.get("questions", []))
        raise SkeletonError(f"--from: no question '{question_id}' in {file}; its questions are: {ids}")
    # the copy may land in another bank: write out its whole situation
    return next(q for q in standalone_questions(file, root, data) if q.get("id") == question_id)


class _BlockTextDumper(yaml.SafeDumper):
    """Writes multi-line text (stems, explanations) as `|` blocks, the way authors write them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_BlockTextDumper.add_representer(str, _text)


def as_list_item(question: dict[str, Any]) -> str:
    """YAML to append under a bank's `questions:` (two-space indent, as the bundled banks write it)."""
    text = yaml.dump([question], Dumper=_BlockTextDumper, sort_keys=False, allow_unicode=True, width=110,
                     default_flow_style=None)
    return "".join(f"  {line}" if line.strip() else line for line in text.splitlines(keepends=True))
