"""Read-only snapshots of a quiz session and one of its items, for the hottest requests.

The practice question page is the most requested page, and the exam answer the most frequent write.
The ORM's unit of work brings nothing to a page that writes nothing, and building four mapped
objects from 32 columns costs more than the query itself. So both read the few columns they need
with one statement (`compiled_read.CompiledRead`) into frozen dataclasses that look like the models to the
templates and to `feedback`. The other views that change a session use `access.owned_session`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort
from sqlalchemy import bindparam, select

from study.web.access import signed_in_user_id
from study.web.compiled_read import CompiledRead
from study.web.db import get_autocommit_engine
from study.web.models import AccountShown, Answer, Mode, QuizSession, Role, SessionItem, User


@dataclass(frozen=True, slots=True)
class Viewer(AccountShown):
    """The account looking at the page, as the layout's header needs it."""

    id: int
    username: str | None
    role: Role
    is_authenticated = True


@dataclass(frozen=True, slots=True)
class AnswerSnapshot:
    """A stored answer."""

    id: int
    choices: list[str]
    numeric_value: float | None
    unsure: bool
    correct: bool


@dataclass(frozen=True, slots=True)
class ItemSnapshot:
    """The item at the session's position, with its answer when there is one."""

    id: int
    position: int
    question_id: str
    choice_order: list[str]
    params: dict[str, Any] | None
    flagged: bool
    answer: AnswerSnapshot | None


@dataclass(frozen=True, slots=True)
class SessionSnapshot:
    """A quiz session and one of its items: the current one (None past the last question), or the
    one an exam answer names (None when the session has no such item)."""

    id: int
    mode: Mode
    position: int
    item_count: int
    deadline: datetime | None
    finished_at: datetime | None
    user: Viewer | None
    current: ItemSnapshot | None


SESSION_COLUMNS = (QuizSession.id, QuizSession.mode, QuizSession.position, QuizSession.item_count,
                   QuizSession.deadline, QuizSession.finished_at)
ITEM_COLUMNS = (SessionItem.id, SessionItem.position, SessionItem.question_id, SessionItem.choice_order,
                SessionItem.params, SessionItem.flagged)
ANSWER_COLUMNS = (Answer.id, Answer.choices, Answer.numeric_value, Answer.unsure, Answer.correct)
SESSION_WIDTH = len(SESSION_COLUMNS)
CURRENT_QUESTION = CompiledRead(
    select(*SESSION_COLUMNS, User.username, User.role, *ITEM_COLUMNS, *ANSWER_COLUMNS)
    .select_from(QuizSession)
    .join(User, User.id == QuizSession.user_id)
    .outerjoin(SessionItem, (SessionItem.session_id == QuizSession.id) & (SessionItem.position == QuizSession.position))
    .outerjoin(Answer, Answer.item_id == SessionItem.id)
    .where(QuizSession.id == bindparam("sid"), QuizSession.user_id == bindparam("uid"))
)


def owned_row(read: CompiledRead, session_id: int, **params) -> tuple[int, tuple]:
    """The signed-in user's id and the row read for their session with this id; 404 for anyone else's.

    One statement, outside a transaction (see `db.get_autocommit_engine`); the connection goes back
    to the pool before the caller goes on.
    """
    user_id, row = signed_in_user_id(), None
    if user_id is not None:
        row = read.one_or_none(get_autocommit_engine(), {"sid": session_id, "uid": user_id} | params)
    if row is None:
        abort(404, description="There is no such session among yours.")
    return user_id, row


def current_question(session_id: int) -> SessionSnapshot:
    """The signed-in learner's session with this id and its current item; 404 for anyone else's."""
    user_id, row = owned_row(CURRENT_QUESTION, session_id)
    session, viewer, item = row[:SESSION_WIDTH], row[SESSION_WIDTH:SESSION_WIDTH + 2], row[SESSION_WIDTH + 2:]
    return SessionSnapshot(*session, user=Viewer(user_id, *viewer), current=item_snapshot(item))


def item_snapshot(columns) -> ItemSnapshot | None:
    """An item from the ITEM_COLUMNS and ANSWER_COLUMNS of a row (None for an outer join's miss)."""
    item_id, position, question_id, choice_order, params, flagged, answer_id, *answer = columns
    if item_id is None:
        return None
    stored = None if answer_id is None else AnswerSnapshot(answer_id, answer[0] or [], *answer[1:])
    return ItemSnapshot(item_id, position, question_id, choice_order or [], params, flagged, stored)
