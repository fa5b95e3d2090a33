"""Mastery per topic and section, score history and the readiness estimate (no Flask)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from study.db.models import Answer, QuizSession, SessionItem, User
from study.web.catalog import TOPICS, Catalog
from study.web.quiz import PASS_MARK, scaled_score

RECENT = 20


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


def score_history(db: Session, user: User) -> list[tuple[str, int]]:
    """(date label, scaled score) of finished sessions, oldest first."""
    query = (select(QuizSession).filter_by(user_id=user.id).where(QuizSession.finished_at.is_not(None))
             .order_by(QuizSession.finished_at))
    return [(f"{s.mode} {s.finished_at:%Y-%m-%d}", s.scaled_score or 100) for s in db.scalars(query)]


@dataclass(frozen=True)
class Readiness:
    """Predicted exam score, whether it passes, and the daily plan to the exam date."""

    predicted: int
    passes: bool
    coverage: float
    days_left: int | None
    reviews_per_day: int | None


def readiness(topic_mastery: dict[str, Mastery], exam_date: date | None, today: date,
              due_until_exam: int) -> Readiness:
    """Estimate the scaled score from smoothed mastery across every exam domain."""
    estimates = [topic_mastery.get(t, Mastery(0, 0)).smoothed for t in TOPICS]
    predicted = scaled_score(round(sum(estimates) * 1000), len(estimates) * 1000)
    coverage = sum(1 for t in TOPICS if t in topic_mastery) / len(TOPICS)
    days_left = (exam_date - today).days if exam_date else None
    per_day = -(-due_until_exam // max(days_left, 1)) if days_left is not None and days_left >= 0 else None
    return Readiness(predicted, predicted >= PASS_MARK and coverage == 1.0, coverage, days_left, per_day)


def weakest_sections(section_mastery: dict[str, Mastery], limit: int = 5) -> list[tuple[str, Mastery]]:
    """Sections with the lowest smoothed mastery first."""
    return sorted(section_mastery.items(), key=lambda kv: (kv[1].smoothed, kv[0]))[:limit]


def as_of(moment: datetime) -> date:
    """The calendar date (UTC) of a moment."""
    return moment.date()
