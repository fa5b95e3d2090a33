"""After a wrong pick the learner reads, beside it, the change the model says would make it right: one
change, or two where no single one is enough (desktop and phone, screenshots under docs/screenshots/)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from study.content.banks import load_banks
from study.ecs.question import QuestionResult, evaluate_question
from study.locations import questions_dir
from tests.browser.test_learner_extras import keep

# Words a learner should never meet in a fix sentence: snake_case keys and dotted paths of the bank format.
INTERNAL_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z_]+\.[a-z_]+(?:\.[a-z_]+)*\b")


@dataclass(frozen=True)
class WrongPick:
    """A bundled question, the wrong choice the learner picks, and what the model makes of it."""

    question_id: str
    choice_id: str
    choice_text: str
    key_texts: tuple[str, ...]
    result: QuestionResult

    @property
    def fix(self) -> str:
        """The model's sentence for the wrong choice."""
        return self.result.verdict(self.choice_id).fix


def wrong_pick(question_id: str, choice_id: str) -> WrongPick:
    """Evaluate the bundled question as the fix coverage bench does and keep what the page must show."""
    banks = load_banks(sorted(questions_dir().glob("*.yaml"))).banks
    bank_id, local_id = question_id.split("/")
    question = next(q for b in banks if b.id == bank_id for q in b.questions if q.id == local_id)
    result = evaluate_question(question)
    texts = {c.id: c.text for c in question.choices}
    return WrongPick(question_id, choice_id, texts[choice_id], tuple(texts[c] for c in result.model_key), result)


def start_on(page: Page, base: str, question_id: str) -> None:
    """Start a one-question practice on the given bundled question."""
    page.goto(f"{base}/practice/")
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    started = page.request.post(f"{base}/practice/start", form={
        "csrf_token": csrf, "question": question_id, "count": "1"})
    page.goto(started.url)


def letter_of(page: Page, text: str) -> str:
    """The letter this attempt shows beside the choice with this text (choices are shuffled)."""
    return page.locator("label.choice", has_text=text).locator(".letter").inner_text().strip(" .)")


def answer_wrongly(page: Page, base: str, pick: WrongPick) -> tuple[str, str]:
    """Pick the wrong choice by its text; returns its letter and the key's letters in this attempt."""
    start_on(page, base, pick.question_id)
    chosen = letter_of(page, pick.choice_text)
    key = " and ".join(letter_of(page, text) for text in pick.key_texts)
    page.locator("label.choice", has_text=pick.choice_text).click()
    page.get_by_role("button", name="Answer").click()
    return chosen, key


def expect_the_model_work_behind_its_disclosure(page: Page, pick: WrongPick, chosen: str) -> None:
    """The whole trace of the picked choice (each requirement, met or not, and its findings) opens on demand."""
    work = page.locator("details.model-work")
    expect(work.locator("ol.work")).to_be_hidden()
    work.locator("summary").click()
    expect(work.locator("ol.work")).to_be_visible()
    traced = work.locator("ol.work > li", has=page.locator(f"strong:text-is('{chosen}')"))
    for requirement in pick.result.verdict(pick.choice_id).requirements:
        expect(traced).to_contain_text(f"{requirement.title}: {'met' if requirement.passed else 'not met'}")
        for finding in requirement.findings:
            expect(traced).to_contain_text(finding.message)


def sideways_overflow_on_a_phone(page: Page) -> int:
    """How many pixels the page scrolls sideways at phone width (a wide diagram scrolls in its own box)."""
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return overflow


@pytest.mark.parametrize("question_id, choice_id, changes, screenshot", [
    ("iam/iam-block-imds-awsvpc", "B", 1, "fix-sentence"),
    ("iam/iam-block-imds-bridge", "C", 2, "fix-sentence-two-changes"),
])
def test_a_wrong_pick_shows_what_would_make_it_right(page: Page, real_server, question_id, choice_id, changes,
                                                     screenshot):
    pick = wrong_pick(question_id, choice_id)
    assert pick.fix, f"the model finds no fix for {question_id}/{choice_id}"
    assert pick.fix.startswith("No single change is enough; make two:") == (changes == 2)
    assert not INTERNAL_NAME.search(pick.fix), pick.fix
    chosen, key = answer_wrongly(page, real_server, pick)
    expect(page.locator("p.verdict")).to_have_text(re.compile(rf"^\s*Wrong\.\s+The answer is {key}\.\s*$"))
    beside = page.locator("ul.reasons > li.chosen")
    expect(beside).to_have_count(1)
    expect(beside.locator("strong").first).to_have_text(chosen)
    expect(beside).to_contain_text("(your pick)")
    expect(beside.locator("p.fix")).to_have_text(f"What would make it right: {pick.fix}")
    assert not INTERNAL_NAME.search(beside.inner_text()), beside.inner_text()
    assert sideways_overflow_on_a_phone(page) <= 0
    keep(page, screenshot)
    expect_the_model_work_behind_its_disclosure(page, pick, chosen)


def test_a_pick_refused_at_registration_shows_no_running_tasks(page: Page, real_server):
    """cal-01's B asks for more CPU than the task has: AWS refuses it at registration, so no diagram of
    running tasks appears, only a line that says why there is none."""
    pick = wrong_pick("launch-types/cal-01-fargate-size-from-reservations", "B")
    assert pick.result.verdict("B").rejected_when_registered
    answer_wrongly(page, real_server, pick)
    expect(page.locator("p.nothing-runs")).to_have_text(
        "No deployment to draw: AWS refuses your pick when it is registered, so nothing of it runs.")
    expect(page.locator("svg.diagram")).to_have_count(0)
    expect(page.locator("ul.reasons > li.chosen p.fix")).to_contain_text("What would make it right:")
    assert sideways_overflow_on_a_phone(page) <= 0
    keep(page, "refused-at-registration")
