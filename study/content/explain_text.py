"""`study explain` as text for a terminal: one block per question, a few indented lines per choice."""

from __future__ import annotations

from collections import Counter

INDENT = "       "


def explanation_text(data: dict) -> str:
    """The whole explanation (the dict of Explanation.to_dict) as lines of text."""
    return "\n".join(line for question in data["questions"] for line in question_lines(data["file"], question)) + "\n"


def question_lines(file: str, question: dict) -> list[str]:
    """A heading with the typed and the proven key, then each choice."""
    heading = f"{file}:{question['line']}: {question['id']} ({question['kind']})"
    if question["kind"] == "numeric":
        lines = [f"{heading}: key {question['key']}, the model computes {question['answer']} [{question['rule_id']}]"]
        return lines + ([f"{INDENT}{question['working']}"] if question["working"] else []) + [""]
    proven = question["model_key"]
    shown = "cannot judge it (see the problems)" if proven is None else f"the model proves {', '.join(proven) or 'none'}"
    lines = [f"{heading}: key {', '.join(question['key'] or []) or 'none'}; {shown}"]
    for choice in question["choices"]:
        lines += choice_lines(choice)
    return lines + [""]


def choice_lines(choice: dict) -> list[str]:
    """Verdict, deciding requirement and rule, fix, then the deployment summary."""
    together = f" (judged with {', '.join(choice['together_with'])})" if choice["together_with"] else ""
    reason = choice["deciding"]
    if reason is None:
        lines = [f"  {choice['id']}  passes{together}"]
    else:
        lines = [f"  {choice['id']}  fails{together}: requirement '{reason['requirement']}' breaks",
                 f"{INDENT}[{reason['rule_id']} {reason['rule_title']}] {reason['message']}",
                 f"{INDENT}stage: {reason['stage'].replace('_', ' ')}; note: {reason['taught_in']}"]
        if choice["fix"]:
            lines.append(f"{INDENT}fix: {choice['fix']}")
    if choice.get("rejected_when_registered"):
        return lines + [f"{INDENT}nothing runs: AWS rejects this design when it is registered"]
    return lines + deployment_lines(choice["deployment"])


def deployment_lines(summary: dict | None) -> list[str]:
    """Tasks per owner by state and place, instances that did not register, identities per owner."""
    if summary is None:
        return []
    lines = [f"{INDENT}tasks of {owner}: {placed}" for owner, placed in _tasks_by_owner(summary["tasks"]).items()]
    lines += [f"{INDENT}instance {i['id']} ({i['instance_type']}, {i['az']}) not registered: {i['not_registered_because']}"
              for i in summary["instances"] if not i["registered"]]
    for who in summary["identities"]:
        apps = "; ".join(f"{name}: {identity}" for name, identity in who["containers"].items())
        lines.append(f"{INDENT}identities of {who['owner']}: agent {who['agent']}; secrets {who['secrets']}; {apps}")
    return lines


def _tasks_by_owner(tasks: list[dict]) -> dict[str, str]:
    """'3 RUNNING on Fargate in us-east-1a, 1 UNPLACED (no capacity)' per owner."""
    counts: dict[str, Counter] = {}
    for task in tasks:
        where = "on Fargate" if task["on_fargate"] else f"on {task['instance']}" if task["instance"] else ""
        place = " ".join(part for part in (where, f"in {task['az']}" if task["az"] else "") if part)
        state = task["state"] + (f" ({task['reason']})" if task["reason"] else "")
        counts.setdefault(f"{task['owner_kind']} {task['owner']}", Counter())[" ".join(p for p in (state, place) if p)] += 1
    return {owner: ", ".join(f"{n} {what}" for what, n in found.items()) for owner, found in counts.items()}
