"""An answer to an exam question through the API: one read and one write, each atomic on its own.

The exam answer is the most frequent write. Exam answers are graded only when the exam is submitted,
so storing one touches a single row (two when the flag changes too). It is read as a snapshot
(`snapshot.py`) and written with one prebuilt statement on the autocommit engine: on PostgreSQL
that is two round trips instead of the four (BEGIN, SELECT, write, COMMIT) of an ORM transaction.
The guarantees are those of the transaction it replaces, which ran at READ COMMITTED and locked
nothing: the write is durable before the response, and the answer's unique key still refuses a
second first answer from a concurrent request.
"""
from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from study.web import quiz
from study.web.catalog import Catalog
from study.web.compiled_read import CompiledRead
from study.web.db import MAX_INTEGER, get_autocommit_engine, get_engine
from study.web.models import Answer, Mode, QuizSession, SessionItem
from study.web.snapshot import (ANSWER_COLUMNS, ITEM_COLUMNS, SESSION_COLUMNS, SESSION_WIDTH, AnswerSnapshot,
                                ItemSnapshot, SessionSnapshot, item_snapshot, owned_row)

NO_SUCH_ITEM = -1  # an item id no row has, for item ids that are not whole numbers
SESSION_WITH_ITEM = CompiledRead(
    select(*SESSION_COLUMNS, *ITEM_COLUMNS, *ANSWER_COLUMNS)
    .select_from(QuizSession)
    .outerjoin(SessionItem, (SessionItem.session_id == QuizSession.id) & (SessionItem.id == bindparam("item_id")))
    .outerjoin(Answer, Answer.item_id == SessionItem.id)
    .where(QuizSession.id == bindparam("sid"), QuizSession.user_id == bindparam("uid"))
)
INSERT_ANSWER = insert(Answer.__table__).values(
    {"item_id": bindparam("item_id")} | {name: bindparam(name) for name in quiz.ANSWER_VALUES})
SET_FLAG = (update(SessionItem.__table__).where(SessionItem.__table__.c.id == bindparam("item_id"))
            .values(flagged=bindparam("flagged")))


def item_id_of(value) -> int:
    """The item id a client sent, as an int (NO_SUCH_ITEM unless it is a whole number an id can be)."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_INTEGER:
        return value
    return NO_SUCH_ITEM


def session_with_item(session_id: int, item_id) -> SessionSnapshot:
    """The signed-in learner's session with the item the client named; 404 for anyone else's session."""
    _user_id, row = owned_row(SESSION_WITH_ITEM, session_id, item_id=item_id_of(item_id))
    return SessionSnapshot(*row[:SESSION_WIDTH], user=None, current=item_snapshot(row[SESSION_WIDTH:]))


def store(catalog: Catalog, session: SessionSnapshot, submitted: quiz.Submitted, flagged: bool | None,
          now: datetime) -> ItemSnapshot:
    """Grade and store the answer to the exam item in session.current; the item as it now stands.

    flagged None leaves the flag as it is. Raises AnswerError for an exam that is over, an item that
    is not in it, or an answer that does not fit the question; nothing is stored then.
    """
    assert session.mode == Mode.EXAM
    if session.finished_at is not None or quiz.time_left(session, now).total_seconds() <= 0:
        raise quiz.AnswerError("This exam is over; no more answers are taken.")
    item = session.current
    if item is None:
        raise quiz.AnswerError("That question is not in this session.")
    values = quiz.graded(catalog, item, submitted, now)
    if item.answer is None:
        write = (INSERT_ANSWER, {"item_id": item.id} | values)
    else:
        write = (quiz.REPLACE_ANSWER, {"answer_id": item.answer.id} | values)
    writes = [write]
    if flagged is not None and flagged != item.flagged:
        writes.append((SET_FLAG, {"item_id": item.id, "flagged": flagged}))
    # One statement needs no transaction of its own; two go in one, so both or neither are stored.
    engine = get_autocommit_engine() if len(writes) == 1 else get_engine()
    try:
        with engine.begin() as connection:
            results = [connection.execute(statement, params) for statement, params in writes]
    except IntegrityError:  # a concurrent request stored the first answer; the unique key kept one
        raise quiz.AnswerError(quiz.ALREADY_ANSWERED) from None
    answer_id = results[0].inserted_primary_key[0] if item.answer is None else item.answer.id
    answer = AnswerSnapshot(answer_id, values["choices"], values["numeric_value"], values["unsure"],
                            values["correct"])
    return dataclasses.replace(item, answer=answer, flagged=item.flagged if flagged is None else flagged)
