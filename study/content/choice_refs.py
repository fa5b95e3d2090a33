"""Choices cited in an explanation: `{A}` names the bank's choice A and shows as the letter the learner sees.

Choices are shuffled per attempt, so an explanation that says "(A)" would point at whatever choice
happens to be shown first. Authors write `{A}` instead; each place that shows the explanation maps
it to the letter it displays (the web by the attempt's order, exports by their own order).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

CHOICE_REF = re.compile(r"\{([A-Z])\}")
# A letter cited bare: "(A)", "(A, D)", "(B and C)", "choice C", "options A and B".
_LETTER_LIST = r"[A-H](?:(?:,\s*|\s+and\s+|\s+or\s+|,\s+and\s+)[A-H])*"
BARE_CITATION = re.compile(rf"\(({_LETTER_LIST})\)|\b(?:[Cc]hoices?|[Oo]ptions?|[Aa]nswers?)\s+({_LETTER_LIST})\b")


def cite_choices(text: str, shown_letter: Mapping[str, str]) -> str:
    """The text with each `{X}` replaced by the letter choice X is shown as (left as X when unknown)."""
    return CHOICE_REF.sub(lambda m: shown_letter.get(m.group(1), m.group(1)), text or "")


def bare_citations(text: str) -> list[str]:
    """The places in text that cite choices by a bare letter, as written."""
    return [m.group(0) for m in BARE_CITATION.finditer(text or "")]


def unknown_citations(text: str, choice_ids: list[str]) -> list[str]:
    """Letters cited with `{X}` that are not choices of the question."""
    return sorted({m.group(1) for m in CHOICE_REF.finditer(text or "")} - set(choice_ids))
