"""Turn the model's verdicts into what the feedback and review pages show (data and sanitized snippets)."""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from study.content.choice_refs import cite_choices
from study.db.models import SessionItem
from study.ecs.findings import Finding
from study.web.catalog import Catalog, Entry
from study.web.diagram import path_names
from study.web.rendering import fill, inline

LETTERS = string.ascii_uppercase


@dataclass
class ChoiceView:
    """One choice as displayed: its letter in this attempt, text and, after answering, the verdict."""

    letter: str
    choice_id: str
    text: str
    chosen: bool = False
    in_key: bool = False
    verdict: Any = None
    fix: str | None = None
    sections: list[str] = field(default_factory=list)
    together: list[str] = field(default_factory=list)  # combined questions: letters of the choices judged with it

    @property
    def deciding(self) -> Finding | None:
        """The finding that decides a wrong choice: the first of its first requirement not met."""
        for requirement in self.verdict.requirements if self.verdict else ():
            if not requirement.passed and requirement.findings:
                return requirement.findings[0]
        return None

    @property
    def html(self) -> Markup:
        """The choice's text as sanitized inline HTML (only pages need it, not the JSON API)."""
        return inline(self.text)


def choice_views(entry: Entry, item: SessionItem) -> list[ChoiceView]:
    """The item's choices in their shuffled order, lettered A, B, C..."""
    by_id = {c.id: c for c in entry.question.choices}
    chosen = set(item.answer.choices) if item.answer else set()
    return [
        ChoiceView(LETTERS[i], cid, by_id[cid].text, chosen=cid in chosen)
        for i, cid in enumerate(item.choice_order)
        if cid in by_id
    ]


def with_verdicts(catalog: Catalog, entry: Entry, item: SessionItem) -> list[ChoiceView]:
    """Choice views carrying the model's reason for each choice and the fix for wrong picks."""
    result = catalog.evaluation(entry, item.params)
    verdicts = {v.choice_id: v for v in result.choices}
    views = choice_views(entry, item)
    letters = {view.choice_id: view.letter for view in views}
    for view in views:
        verdict = verdicts.get(view.choice_id)
        view.verdict = verdict
        view.in_key = view.choice_id in result.model_key
        view.fix = getattr(verdict, "fix", None) if verdict and not verdict.passes else None
        view.together = [letters[c] for c in getattr(verdict, "together_with", ()) if c in letters]
        view.sections = sorted({
            f.taught_in for r in (verdict.requirements if verdict else []) for f in r.findings
            if getattr(f, "taught_in", None)
        })
    return views


def explanation_text(entry: Entry, item: SessionItem, views: list[ChoiceView]) -> str:
    """The author's explanation (Markdown) with the drawn values filled in and each {X} shown as the
    letter choice X has in this attempt."""
    return cite_choices(fill(entry.question.explanation, item.params), {v.choice_id: v.letter for v in views})


def picked_verdict(catalog: Catalog, entry: Entry, item: SessionItem) -> Any:
    """The model's verdict on the learner's first wrong pick (or first pick), None before an answer or for numbers."""
    if entry.question.kind == "numeric" or item.answer is None:
        return None
    verdicts = {v.choice_id: v for v in catalog.evaluation(entry, item.params).choices}
    picked = [verdicts[c] for c in item.answer.choices if c in verdicts]
    wrong = [v for v in picked if not v.passes]
    return (wrong or picked or [None])[0]


def deployment_of(verdict: Any) -> tuple[Any, list[str], set[str]]:
    """The deployment the model built for a picked choice, the titles of the rules it broke, their paths.

    A pick AWS rejects when it is registered has no deployment: none of it would ever run.
    """
    if verdict is None or verdict.rejected_when_registered:
        return None, [], set()
    findings = verdict.findings
    return verdict.deployment, sorted({f.rule_title for f in findings}), path_names(getattr(f, "where", "") for f in findings)
