"""Quiz sessions: drawing questions, shuffling choices, grading and scoring (no Flask here)."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, object_session, selectinload

from study.db.item_stats import record_attempts
from study.db.models import Answer, Mode, QuizSession, SessionItem, User
from study.db.publish import retired_questions
from study.web.catalog import Catalog, Entry
from study.web.seen_version import item_entry

PASS_MARK = 720
NUMERIC_TOLERANCE = 1e-6
ALREADY_ANSWERED = "This question is already answered; your first answer was kept."
EXAM_CLOSED = "This exam is over; no more answers are taken."


class AnswerError(ValueError):
    """An answer that cannot be accepted; the message is shown to the learner as is."""


class ExamClosed(AnswerError):
    """An answer to an exam that was submitted or ran out of time (409: the exam moved on)."""


@dataclass(frozen=True)
class Submitted:
    """What the learner sent for one item, before validation."""

    choices: tuple[str, ...] = ()
    numeric_text: str | None = None
    unsure: bool = False
    partial: bool = False  # exams keep an incomplete choose-N pick (graded wrong) rather than refuse it

    @property
    def empty(self) -> bool:
        """Nothing picked and nothing typed."""
        return not self.choices and not (self.numeric_text or "").strip()


def stratified_draw(entries: list[Entry], count: int, rng: random.Random) -> list[Entry]:
    """Draw up to count questions, taking topics in turn so every domain is represented."""
    by_topic: dict[str, list[Entry]] = {}
    for entry in entries:
        by_topic.setdefault(entry.question.topic, []).append(entry)
    pools = [rng.sample(pool, len(pool)) for _, pool in sorted(by_topic.items())]
    drawn: list[Entry] = []
    while len(drawn) < count and any(pools):
        for pool in pools:
            if pool and len(drawn) < count:
                drawn.append(pool.pop())
    rng.shuffle(drawn)
    return drawn


def drawable(db: Session, entries: list[Entry]) -> list[Entry]:
    """The entries whose question is not retired (`study publish --retire`)."""
    retired = retired_questions(db)
    return [entry for entry in entries if entry.gid not in retired] if retired else entries


def start_session(
    db: Session, user: User, mode: Mode, catalog: Catalog, chosen: list[Entry], *,
    now: datetime, rng: random.Random, settings: dict[str, Any] | None = None,
    minutes: int | None = None,
) -> QuizSession:
    """Create a session over the chosen questions (retired ones left out) with shuffled choices and drawn
    parameters; each item records the version of its question."""
    chosen = drawable(db, chosen)
    quiz = QuizSession(
        user=user, mode=mode, settings=settings or {}, position=0, item_count=len(chosen), started_at=now,
        deadline=now + timedelta(minutes=minutes) if minutes else None,
    )
    for position, entry in enumerate(chosen):
        order = [c.id for c in entry.question.choices]
        rng.shuffle(order)
        params = catalog.draw_seeded_params(entry.question, rng.randrange(2**31))
        quiz.items.append(SessionItem(
            position=position, question_id=entry.gid, choice_order=order, params=params,
            question_hash=entry.content_hash,
        ))
    db.add(quiz)
    db.flush()
    return quiz


def item_at(quiz: QuizSession, index: int) -> SessionItem | None:
    """The item at index (0-based) with its answer, or None outside the session."""
    if not 0 <= index < quiz.item_count:
        return None
    return object_session(quiz).scalar(
        select(SessionItem).options(joinedload(SessionItem.answer))
        .where(SessionItem.session_id == quiz.id, SessionItem.position == index))


def current_item(quiz: QuizSession) -> SessionItem | None:
    """The item at the session's position, or None when the learner is past the end."""
    return item_at(quiz, quiz.position)


def validate(entry: Entry, item: SessionItem, submitted: Submitted) -> tuple[list[str], float | None]:
    """Return (choice ids, numeric value) or raise AnswerError saying what is wrong."""
    question = entry.question
    if question.kind == "numeric":
        text = (submitted.numeric_text or "").strip()
        try:
            value = float(text)
        except ValueError:
            raise AnswerError(f"Enter a number; got {text!r}.") from None
        if not math.isfinite(value):
            raise AnswerError(f"Enter a finite number; got {text!r}.")
        return [], value
    unknown = [c for c in submitted.choices if c not in item.choice_order]
    if unknown:
        raise AnswerError(f"There is no choice {unknown[0]!r} in this question.")
    chosen = sorted(set(submitted.choices))
    wanted = question.choose if question.kind == "choose" else 1
    if submitted.partial and 0 < len(chosen) < wanted:
        return chosen, None
    if len(chosen) != wanted:
        raise AnswerError(f"Choose {wanted} answer{'s' if wanted > 1 else ''}; you chose {len(chosen)}.")
    return chosen, None


def is_correct(result: Any, chosen: list[str], value: float | None, tolerance: float = 0.0) -> bool:
    """Grade against the model's key: all-or-nothing for multi-answer, the question's tolerance for numbers."""
    if value is not None:
        try:
            answer = float(result.answer)
        except (TypeError, ValueError):
            return False
        return abs(value - answer) <= max(tolerance, NUMERIC_TOLERANCE * max(1.0, abs(answer)))
    return sorted(chosen) == sorted(result.model_key)


def catalog_entry(catalog: Catalog, item) -> Entry:
    """The bank entry of item's question, or AnswerError when the bank no longer has it."""
    entry = item_entry(catalog, item)
    if entry is None:
        raise AnswerError("This question is no longer in the bank.")
    return entry


def graded(catalog: Catalog, item, submitted: Submitted, now: datetime) -> dict[str, Any]:
    """Validate and grade an answer to item: the values to store, or AnswerError saying what is wrong."""
    entry = catalog_entry(catalog, item)
    chosen, value = validate(entry, item, submitted)
    tolerance = float(getattr(entry.question, "tolerance", 0) or 0)
    correct = is_correct(catalog.evaluation(entry, item.params), chosen, value, tolerance)
    return {"choices": chosen, "numeric_value": value, "unsure": submitted.unsure, "correct": correct,
            "answered_at": now}


def record_answer(
    db: Session, catalog: Catalog, item: SessionItem, submitted: Submitted, now: datetime,
    *, replace: bool = False,
) -> Answer:
    """Validate, grade and store an answer; a second answer is refused unless replace (exams)."""
    if item.answer is not None and not replace:
        catalog_entry(catalog, item)  # a question gone from the bank says so first
        raise AnswerError(ALREADY_ANSWERED)
    values = graded(catalog, item, submitted, now)
    if item.answer is not None:
        for name, value in values.items():
            setattr(item.answer, name, value)
        return item.answer
    answer = Answer(item=item, **values)
    db.add(answer)
    try:
        db.flush()
    except IntegrityError:  # a concurrent request stored its answer first; the unique key kept one
        db.rollback()
        raise AnswerError(ALREADY_ANSWERED) from None
    return answer


def hold_open_exam(db: Session, quiz: QuizSession, position: int, now: datetime) -> None:
    """Take the exam's row for this transaction, if it is still open, and note where the learner is.

    A conditional UPDATE rather than a read: it waits for a submit in flight to commit and then
    matches no row, so an answer is either stored before the exam is graded or refused (ExamClosed).
    Submitting takes the same row (`claim_submission`), so the two never interleave.
    """
    held = db.execute(
        update(QuizSession)
        .where(QuizSession.id == quiz.id, QuizSession.finished_at.is_(None),
               QuizSession.deadline.is_(None) | (QuizSession.deadline > now))
        .values(position=position).execution_options(synchronize_session=False))
    if held.rowcount != 1:
        db.rollback()
        raise ExamClosed(EXAM_CLOSED)


def fresh_item(db: Session, item_id: int) -> SessionItem | None:
    """An item and its answer read again inside the current transaction (after hold_open_exam)."""
    return db.scalar(select(SessionItem).options(joinedload(SessionItem.answer))
                     .where(SessionItem.id == item_id).execution_options(populate_existing=True))


def claim_submission(db: Session, quiz: QuizSession, now: datetime) -> bool:
    """Mark the session finished if nobody has yet; True for the one request that did (it grades)."""
    claimed = db.execute(
        update(QuizSession).where(QuizSession.id == quiz.id, QuizSession.finished_at.is_(None))
        .values(finished_at=now, position=QuizSession.item_count).execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def view_item(db: Session, quiz: QuizSession, position: int | None, now: datetime) -> None:
    """Move an exam's viewing clock to position (None: the learner left the questions, e.g. for the overview).

    The time since the learner opened the item they were on goes to that item, never past the
    deadline. The conditional update hands each stretch of time to one request only, so two tabs
    or a submit in flight cannot count it twice; a request that loses the race changes nothing.
    """
    since, was_at = quiz.viewing_since, quiz.position
    moved = db.execute(
        update(QuizSession)
        .where(QuizSession.id == quiz.id, QuizSession.finished_at.is_(None), QuizSession.position == was_at,
               QuizSession.viewing_since.is_not_distinct_from(since))
        .values(viewing_since=None if position is None else now, position=was_at if position is None else position)
        .execution_options(synchronize_session=False))
    db.expire(quiz, ["position", "viewing_since"])
    if moved.rowcount != 1 or since is None:
        return
    end = min(now, quiz.deadline) if quiz.deadline else now
    db.execute(update(SessionItem).where(SessionItem.session_id == quiz.id, SessionItem.position == was_at)
               .values(seconds_spent=SessionItem.seconds_spent + max(0, round((end - since).total_seconds())))
               .execution_options(synchronize_session=False))


def graded_items(db: Session, quiz: QuizSession) -> list[SessionItem]:
    """Every item with its answer as stored now (read after claim_submission, so nothing is missed)."""
    return list(db.scalars(select(SessionItem).options(selectinload(SessionItem.answer))
                           .where(SessionItem.session_id == quiz.id).order_by(SessionItem.position)
                           .execution_options(populate_existing=True)))


def scaled_score(correct: int, total: int) -> int:
    """Map a raw score to AWS's 100-1000 scale (linear; 720 is about 69% correct)."""
    return 100 + round(900 * correct / total) if total else 100


def finish(quiz: QuizSession, items: list[SessionItem], now: datetime) -> QuizSession:
    """Close the session and store its score over items; unanswered items count as wrong."""
    quiz.correct = sum(1 for item in items if item.answer is not None and item.answer.correct)
    quiz.scaled_score = scaled_score(quiz.correct, quiz.item_count)
    quiz.finished_at = now
    quiz.position = quiz.item_count
    record_attempts(quiz, items)
    return quiz


def move_past(quiz: QuizSession, now: datetime) -> None:
    """Move a practice session past its current question; finish it after the last one."""
    quiz.position += 1
    if quiz.position >= quiz.item_count:
        finish(quiz, quiz.items, now)


def retry_questions(session: QuizSession, which: str) -> list[str]:
    """The questions of a session to try again: missed (wrong or skipped), or unsure and flagged."""
    if which == "missed":
        return [i.question_id for i in session.items if i.answer is None or not i.answer.correct]
    return [i.question_id for i in session.items if i.flagged or (i.answer is not None and i.answer.unsure)]


def time_left(quiz: QuizSession, now: datetime) -> timedelta | None:
    """Time remaining before an exam's deadline (never negative), None without a deadline."""
    if quiz.deadline is None:
        return None
    return max(quiz.deadline - now, timedelta(0))


def time_taken(quiz: QuizSession) -> timedelta:
    """How long a finished exam took: from start to submission, never past the deadline."""
    end = min(quiz.finished_at, quiz.deadline) if quiz.deadline else quiz.finished_at
    return max(end - quiz.started_at, timedelta(0))


def domain_breakdown(catalog: Catalog, quiz: QuizSession) -> list[dict[str, Any]]:
    """Per-topic correct/total for a finished session, weakest first, with the sections to read."""
    rows: dict[str, dict[str, Any]] = {}
    for item in quiz.items:
        entry = item_entry(catalog, item)
        topic = entry.question.topic if entry else "unknown"
        row = rows.setdefault(topic, {"topic": topic, "correct": 0, "total": 0, "sections": set()})
        row["total"] += 1
        if item.answer is not None and item.answer.correct:
            row["correct"] += 1
        elif entry:
            row["sections"].update(entry.question.practises)
    for row in rows.values():
        row["sections"] = sorted(row["sections"])
        row["ratio"] = row["correct"] / row["total"]
    return sorted(rows.values(), key=lambda r: (r["ratio"], r["topic"]))
