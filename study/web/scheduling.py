"""Spaced review with FSRS: question cards and rule cards, so a missed concept comes back."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from study.db.models import Answer, Mode, QuizSession, ReviewCard, SessionItem, User
from study.web.catalog import Catalog, Entry, rules_in

QUESTION, RULE = "question", "rule"


def scheduler_for(user: User, fuzzing: bool = True) -> Scheduler:
    """An FSRS scheduler aiming at the learner's desired retention."""
    return Scheduler(desired_retention=user.desired_retention, enable_fuzzing=fuzzing)


def _card(db: Session, user: User, kind: str, key: str, now: datetime, create: bool) -> ReviewCard | None:
    """The learner's card for (kind, key), locked for this transaction; created first when create is set.

    Two answers of the same learner may reach a new card at once (two tabs, two sessions): the
    insert does nothing when the other got there first, and the read that follows locks the row
    (PostgreSQL), so the second review waits and builds on the first instead of overwriting it.
    """
    if create:
        insert = postgresql_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
        fresh = Card(card_id=1, due=now).to_dict()
        db.execute(insert(ReviewCard).values(user_id=user.id, kind=kind, key=key, card=fresh, due=now, lapses=0)
                   .on_conflict_do_nothing(index_elements=["user_id", "kind", "key"]))
    return db.scalar(select(ReviewCard).filter_by(user_id=user.id, kind=kind, key=key)
                     .with_for_update().execution_options(populate_existing=True))


def review(row: ReviewCard, scheduler: Scheduler, rating: Rating, now: datetime) -> ReviewCard:
    """Apply one FSRS review to a stored card."""
    card, _log = scheduler.review_card(Card.from_dict(row.card), rating, now)
    row.card, row.due = card.to_dict(), card.due
    if rating == Rating.Again:
        row.lapses += 1
    return row


def rating_for(answer: Answer) -> Rating:
    """Wrong is Again, right but unsure is Hard, right and sure is Good."""
    if not answer.correct:
        return Rating.Again
    return Rating.Hard if answer.unsure else Rating.Good


def record(
    db: Session, user: User, catalog: Catalog, entry: Entry, answer: Answer, params: dict | None,
    now: datetime, fuzzing: bool = True, rate_question: bool = True,
) -> None:
    """Update the learner's cards after an answer: misses and unsure answers enter the queue.

    rate_question False leaves the question's own card to the learner's rating (review sessions).
    """
    scheduler = scheduler_for(user, fuzzing)
    if rate_question:
        rate(db, user, entry.gid, rating_for(answer), now, scheduler, create=rating_for(answer) != Rating.Good)
    if entry.question.kind == "numeric":
        return
    result = catalog.evaluation(entry, params)
    if not answer.correct:
        for rule_id in rules_in(result, answer.choices):
            review(_card(db, user, RULE, rule_id, now, create=True), scheduler, Rating.Again, now)
        return
    for rule_id in rules_in(result):
        row = _card(db, user, RULE, rule_id, now, create=False)
        if row is not None and row.due <= now:
            review(row, scheduler, Rating.Good, now)


def rate(db: Session, user: User, gid: str, rating: Rating, now: datetime, scheduler: Scheduler,
         create: bool = True) -> ReviewCard | None:
    """Review the learner's card of a question with this rating (creating the card when create is set)."""
    row = _card(db, user, QUESTION, gid, now, create=create)
    return review(row, scheduler, rating, now) if row is not None else None


def next_intervals(db: Session, user: User, gid: str, now: datetime) -> dict[Rating, timedelta]:
    """How long until the question comes back after each rating, as FSRS would schedule it now."""
    row = db.scalar(select(ReviewCard).filter_by(user_id=user.id, kind=QUESTION, key=gid))
    card = Card.from_dict(row.card) if row is not None else Card(card_id=1, due=now)
    scheduler = scheduler_for(user, fuzzing=False)
    return {rating: scheduler.review_card(card, rating, now)[0].due - now for rating in Rating}


def interval_text(interval: timedelta) -> str:
    """A short interval as Anki shows it: "<1 min", "10 min", "5 h", "3 d", "2 mo"."""
    minutes = interval.total_seconds() / 60
    if minutes < 1:
        return "<1 min"
    for size, unit in ((60 * 24 * 30, "mo"), (60 * 24, "d"), (60, "h"), (1, "min")):
        if minutes >= size:
            return f"{round(minutes / size)} {unit}"
    return "<1 min"


def due_cards(db: Session, user: User, until: datetime) -> list[ReviewCard]:
    """The learner's cards due at or before until, soonest first."""
    query = select(ReviewCard).filter_by(user_id=user.id).where(ReviewCard.due <= until)
    return list(db.scalars(query.order_by(ReviewCard.due, ReviewCard.id)))


def all_cards(db: Session, user: User) -> list[ReviewCard]:
    """Every card of the learner, soonest due first."""
    return list(db.scalars(select(ReviewCard).filter_by(user_id=user.id).order_by(ReviewCard.due, ReviewCard.id)))


def review_questions(catalog: Catalog, cards: list[ReviewCard]) -> list[Entry]:
    """Questions for a review session: due questions, then another question for each due rule."""
    picked: dict[str, Entry] = {}
    for row in cards:
        if row.kind == QUESTION and (entry := catalog.entry(row.key)):
            picked.setdefault(entry.gid, entry)
    for row in cards:
        if row.kind != RULE:
            continue
        candidates = [g for g in catalog.rule_index.get(row.key, []) if g not in picked]
        if candidates:
            picked[candidates[0]] = catalog.entry(candidates[0])
    return list(picked.values())


@dataclass(frozen=True)
class DailyLimits:
    """What today's limits still allow: new questions (never in a review session before) and reviews."""

    new_left: int
    reviews_left: int
    seen_before: frozenset[str]  # questions that were in a review session before

    def apply(self, entries: list[Entry]) -> list[Entry]:
        """The entries that fit today's limits, in order: at most reviews_left, of which at most new_left new."""
        picked, new = [], 0
        for entry in entries:
            if len(picked) >= self.reviews_left:
                break
            if entry.gid not in self.seen_before:
                if new >= self.new_left:
                    continue
                new += 1
            picked.append(entry)
        return picked


def daily_limits(db: Session, user: User, now: datetime) -> DailyLimits:
    """Today's limits (UTC day), counted on the questions placed in the learner's review sessions."""
    start = datetime.combine(now.date(), time(), tzinfo=UTC)
    reviewed = select(SessionItem.question_id, QuizSession.started_at >= start).join(QuizSession).where(
        QuizSession.user_id == user.id, QuizSession.mode == Mode.REVIEW)
    rows = db.execute(reviewed).all()
    before = frozenset(gid for gid, today in rows if not today)
    today = [gid for gid, is_today in rows if is_today]
    new_today = len(set(today) - before)
    return DailyLimits(max(0, user.new_cards_per_day - new_today), max(0, user.reviews_per_day - len(today)),
                       before | frozenset(today))


def expected_recall(db: Session, user: User, at: datetime) -> float | None:
    """Mean FSRS retrievability of the learner's question cards at a moment (None without cards)."""
    scheduler = scheduler_for(user, fuzzing=False)
    rows = db.scalars(select(ReviewCard).filter_by(user_id=user.id, kind=QUESTION)).all()
    if not rows:
        return None
    return sum(scheduler.get_card_retrievability(Card.from_dict(r.card), at) for r in rows) / len(rows)


def end_of_day(now: datetime) -> datetime:
    """The last moment of now's UTC day."""
    return datetime.combine(now.date(), time.max, tzinfo=UTC)


def queue_summary(db: Session, user: User, now: datetime) -> dict[str, Any]:
    """Counts for the dashboard: due now, due by the end of today, and all cards in the queue."""
    total = db.scalar(select(func.count(ReviewCard.id)).filter_by(user_id=user.id))
    return {"due_now": len(due_cards(db, user, now)), "due": len(due_cards(db, user, end_of_day(now))),
            "total": total}
