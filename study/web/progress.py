"""Mastery per topic and section, score history and the readiness estimate (no Flask)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from study.db.models import Answer, Mode, QuizSession, SessionItem, User
from study.web.catalog import TOPICS, Catalog
from study.web.quiz import PASS_MARK, scaled_score

RECENT = 20
EVIDENCE_PER_TOPIC = 5  # answers in every topic before a score is predicted
FEW_ANSWERS = 3  # below this a topic's share right is shown as too few to judge


@dataclass(frozen=True)
class Mastery:
    """Recent correct answers out of recent answers for one topic or section."""

    correct: int
    total: int

    @property
    def ratio(self) -> float:
        """Share correct, 0 when nothing was answered."""
        return self.correct / self.total if self.total else 0.0

    @property
    def smoothed(self) -> float:
        """Laplace-smoothed estimate, so one lucky answer is not mastery."""
        return (self.correct + 1) / (self.total + 2)


def answers_of(db: Session, user: User) -> list[tuple[str, bool]]:
    """(question id, correct) for every answer of the learner, oldest first."""
    query = (select(SessionItem.question_id, Answer.correct).join(Answer.item).join(SessionItem.session)
             .where(QuizSession.user_id == user.id).order_by(Answer.answered_at, Answer.id))
    return [(gid, bool(correct)) for gid, correct in db.execute(query)]


def mastery(catalog: Catalog, answers: list[tuple[str, bool]], by: str) -> dict[str, Mastery]:
    """Mastery over the most recent answers, keyed by topic (by="topic") or section anchor."""
    outcomes: dict[str, list[bool]] = {}
    for gid, correct in answers:
        entry = catalog.entry(gid)
        if entry is None:
            continue
        keys = [entry.question.topic] if by == "topic" else entry.question.practises
        for key in keys:
            outcomes.setdefault(key, []).append(correct)
    return {k: Mastery(sum(v[-RECENT:]), len(v[-RECENT:])) for k, v in outcomes.items()}


def finished_sessions(db: Session, user: User, mode: Mode) -> list[QuizSession]:
    """The learner's finished sessions of one mode, oldest first."""
    query = (select(QuizSession).filter_by(user_id=user.id, mode=mode).where(QuizSession.finished_at.is_not(None))
             .order_by(QuizSession.finished_at))
    return list(db.scalars(query))


def seen_per_topic(catalog: Catalog, answers: list[tuple[str, bool]]) -> dict[str, tuple[int, int]]:
    """(questions answered at least once, questions in the banks) for every topic, untouched ones too."""
    seen = {gid for gid, _ in answers}
    counts = {topic: [0, 0] for topic in TOPICS}
    for entry in catalog.entries.values():
        row = counts.setdefault(entry.question.topic, [0, 0])
        row[1] += 1
        row[0] += entry.gid in seen
    return {topic: (row[0], row[1]) for topic, row in counts.items()}


@dataclass(frozen=True)
class Readiness:
    """A predicted score once every topic has enough answers (None before), and what is still missing."""

    predicted: int | None
    passes: bool
    answers_missing: int  # answers still needed before a prediction, summed over topics
    topics_short: list[str]


def readiness(topic_mastery: dict[str, Mastery]) -> Readiness:
    """Predict the scaled score from the smoothed share right of each topic, all topics weighted alike.

    No prediction until every topic has EVIDENCE_PER_TOPIC recent answers: a score drawn from one
    topic, or from two answers, would say more than the learner has shown.
    """
    short = {t: EVIDENCE_PER_TOPIC - topic_mastery.get(t, Mastery(0, 0)).total for t in TOPICS}
    short = {t: n for t, n in short.items() if n > 0}
    if short:
        return Readiness(None, False, sum(short.values()), sorted(short))
    estimates = [topic_mastery[t].smoothed for t in TOPICS]
    predicted = scaled_score(round(sum(estimates) * 1000), len(estimates) * 1000)
    return Readiness(predicted, predicted >= PASS_MARK, 0, [])


@dataclass(frozen=True)
class Plan:
    """The review plan to the exam date: due today, then a steady number a day."""

    days_left: int
    due_today: int
    per_day_after: int


def review_plan(exam_date: date, today: date, due_today: int, due_later_until_exam: int) -> Plan:
    """Cards due today, and the cards due after today until the exam spread over the days left."""
    days_left = (exam_date - today).days
    per_day = -(-due_later_until_exam // days_left) if days_left > 0 else 0
    return Plan(days_left, due_today, per_day)


def weakest_sections(section_mastery: dict[str, Mastery], limit: int = 5) -> list[tuple[str, Mastery]]:
    """Sections with the lowest smoothed mastery first."""
    return sorted(section_mastery.items(), key=lambda kv: (kv[1].smoothed, kv[0]))[:limit]


def as_of(moment: datetime) -> date:
    """The calendar date (UTC) of a moment."""
    return moment.date()
