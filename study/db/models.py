"""Database models: accounts, quiz sessions and their answers, review cards, problem reports, classes."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Enum, Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from study.db.engine import Base, UTCDateTime


class Role(enum.StrEnum):
    """What an account may do. A visitor is an account made on the fly for someone not registered."""

    VISITOR = "visitor"
    LEARNER = "learner"
    INSTRUCTOR = "instructor"


class Mode(enum.StrEnum):
    """The kind of quiz session."""

    PRACTICE = "practice"
    EXAM = "exam"
    REVIEW = "review"


def _enum(cls: type[enum.Enum]) -> Enum:
    """A portable string enum column (no native PostgreSQL type, so migrations stay simple)."""
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class User(Base):
    """An account; visitors get one without a name or password until they register.

    It also answers what Flask-Login asks of a user object (is_authenticated, is_active,
    is_anonymous, get_id) as plain attributes, so this package needs no web import.
    """

    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str | None] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(_enum(Role), default=Role.LEARNER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    desired_retention: Mapped[float] = mapped_column(default=0.9)
    exam_date: Mapped[date | None]
    # Part of the id kept in session and remember cookies; raising it (logout, a new password)
    # makes every cookie issued before worthless, wherever it was copied to.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Review limits per UTC day, as in Anki: new cards are cards never reviewed in a review session yet.
    new_cards_per_day: Mapped[int] = mapped_column(default=20, server_default="20")
    reviews_per_day: Mapped[int] = mapped_column(default=200, server_default="200")

    sessions: Mapped[list[QuizSession]] = relationship(back_populates="user")

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session and remember cookies: account id and session version."""
        return f"{self.id}:{self.session_version or 0}"

    @property
    def is_visitor(self) -> bool:
        """True for an account made for someone who has not registered."""
        return self.role == Role.VISITOR

    @property
    def display_name(self) -> str:
        """Name to show in the page header."""
        return self.username or "visitor"


class Throttle(Base):
    """How often one client or account did something lately (failed logins, registrations, reports).

    Kept in the database so every worker sees the same count; changed only by a conditional update on
    `version`, so two requests at once cannot both pass on the same stale count.
    """

    __tablename__ = "throttle"
    __table_args__ = (UniqueConstraint("scope", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))
    hits: Mapped[int] = mapped_column(default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    forget_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    version: Mapped[int] = mapped_column(default=0)


class QuizSession(Base):
    """One practice, exam or review run; position is where the learner is, so it resumes exactly."""

    __tablename__ = "quiz_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    mode: Mapped[Mode] = mapped_column(_enum(Mode))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    item_count: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Exams: since when the learner has been looking at the item at `position` (None between
    # questions); the time is added to that item when they move on.
    viewing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    correct: Mapped[int | None]
    scaled_score: Mapped[int | None]
    # A session a learner started from a class assignment (None for their own practice and exams).
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"), index=True)

    user: Mapped[User] = relationship(back_populates="sessions")
    items: Mapped[list[SessionItem]] = relationship(
        back_populates="session", order_by="SessionItem.position", cascade="all, delete-orphan"
    )
    attempts: Mapped[list[ItemAttempt]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class SessionItem(Base):
    """A question placed in a session, with its shuffled choice order and drawn parameters."""

    __tablename__ = "session_item"
    __table_args__ = (UniqueConstraint("session_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_session.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(String(200), index=True)
    choice_order: Mapped[list[str]] = mapped_column(JSON, default=list)
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    flagged: Mapped[bool] = mapped_column(default=False)
    seconds_spent: Mapped[int] = mapped_column(default=0, server_default="0")
    # The content hash of the question as drawn (study.content.versions), so an answer keeps its meaning
    # after the question is edited; it matches a question_version row once that version is published.
    question_hash: Mapped[str | None] = mapped_column(String(64))

    session: Mapped[QuizSession] = relationship(back_populates="items")
    answer: Mapped[Answer | None] = relationship(back_populates="item", cascade="all, delete-orphan")


class Answer(Base):
    """The learner's answer to one item; one row per item (the unique key stops double storage)."""

    __tablename__ = "answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("session_item.id", ondelete="CASCADE"), unique=True
    )
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    numeric_value: Mapped[float | None]
    unsure: Mapped[bool] = mapped_column(default=False)
    correct: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())

    item: Mapped[SessionItem] = relationship(back_populates="answer")


class ReviewCard(Base):
    """An FSRS card for a question or for a model rule the learner missed."""

    __tablename__ = "review_card"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "key"),
        Index("ix_review_card_user_id_due", "user_id", "due"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))
    card: Mapped[dict[str, Any]] = mapped_column(JSON)
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    lapses: Mapped[int] = mapped_column(default=0)


class ProblemReport(Base):
    """A learner's sentence saying a question is wrong or unclear."""

    __tablename__ = "problem_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(200), index=True)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")  # open or resolved
    reply: Mapped[str | None] = mapped_column(Text)  # the instructor's answer, shown to the learner
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the learner was looking at, when the report came from a session's question (None otherwise).
    session_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_session.id", ondelete="SET NULL"), index=True)
    question_hash: Mapped[str | None] = mapped_column(String(64))
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    picks: Mapped[list[str] | None] = mapped_column(JSON)  # choice ids, or the number typed, as text


class QuestionVersion(Base):
    """One published version of a question: its content as loaded and that content's hash.

    The unique key makes publishing idempotent and lets two publishes at once store a version only once.
    """

    __tablename__ = "question_version"
    __table_args__ = (UniqueConstraint("bank_id", "question_id", "content_hash"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[str] = mapped_column(String(100))
    question_id: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ServedVersion(Base):
    """Which version of a question learners are served, kept as a log: the newest row per question wins.

    Appending instead of updating keeps the history (when each version went live) and gives every app
    process one cheap change signal, the largest id.
    """

    __tablename__ = "served_version"
    __table_args__ = (Index("ix_served_version_question", "bank_id", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[str] = mapped_column(String(100))
    question_id: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    served_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PublishedBank(Base):
    """A published bank's header, so a bank that exists only in the database has a title."""

    __tablename__ = "published_bank"
    bank_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Classroom(Base):
    """An instructor's class; learners join it with its code."""

    __tablename__ = "classroom"
    id: Mapped[int] = mapped_column(primary_key=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ClassMember(Base):
    """A learner in a class."""

    __tablename__ = "class_member"
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Assignment(Base):
    """A quiz an instructor sets for a class: topics, banks or note sections, how many questions, which mode, when due."""

    __tablename__ = "assignment"
    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    banks: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    count: Mapped[int]
    mode: Mapped[Mode] = mapped_column(_enum(Mode))
    minutes: Mapped[int | None]  # exams only
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ItemAttempt(Base):
    """One question of a finished session, as item statistics need it: written once when the session
    finishes, so a bank's statistics read one table through one index instead of joining every answer."""

    __tablename__ = "item_attempt"
    # Statistics group by (question, version, rest score) and by (question, version, picks): both
    # indexes hold every column those queries read, in the order they group.
    __table_args__ = (
        Index("ix_item_attempt_question", "question_id", "question_hash", "rest", "correct", "session_id"),
        Index("ix_item_attempt_picks", "question_id", "question_hash", "picks"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_session.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(200))
    correct: Mapped[int]  # 1 right, 0 wrong or unanswered
    rest: Mapped[float] = mapped_column(Float)  # share right of the session's other questions
    picks: Mapped[str] = mapped_column(Text, default="[]")  # the choice ids picked, as JSON text
    question_hash: Mapped[str | None] = mapped_column(String(64))  # the version answered (SessionItem.question_hash)
