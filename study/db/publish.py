"""Publishing banks: store a version of every question whose content is new, make the published versions
the ones learners are served, retire questions (no Flask)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from study.content.versions import content_hash_of, question_content
from study.db.models import PublishedBank, QuestionVersion, ServedVersion
from study.db.served import Version, current_rows, same_version, serving

INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class NotPublished(LookupError):
    """A question id that has no published version (so there is nothing to retire)."""


@dataclass
class PublishResult:
    """Global ids ("bank/question") by what publishing did with them."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # an earlier stored version, served again
    unchanged: list[str] = field(default_factory=list)

    @property
    def served(self) -> int:
        """How many questions learners now get in another version (or for the first time from the database)."""
        return len(self.new) + len(self.changed) + len(self.restored)


def versions_of(banks: Iterable[Any]) -> list[Version]:
    """A Version for every question of the banks, in bank order."""
    found = []
    for bank in banks:
        for question in bank.questions:
            content = question_content(question)
            found.append(Version(bank.id, question.id, content_hash_of(content), content))
    return found


def _store(db: Session, versions: list[Version], now: datetime) -> None:
    """Insert every version whose (bank, question, hash) is not stored yet, as one batched statement.

    ON CONFLICT DO NOTHING rather than read-then-insert: a publish running at the same time waits on
    the unique key (PostgreSQL) or the write lock (SQLite) and then finds the rows, instead of failing.
    """
    if not versions:
        return
    insert = INSERTS[db.get_bind().dialect.name]
    statement = insert(QuestionVersion).on_conflict_do_nothing(index_elements=["bank_id", "question_id", "content_hash"])
    db.execute(statement, [{"bank_id": v.bank_id, "question_id": v.question_id, "content_hash": v.content_hash,
                            "content": v.content, "created_at": now} for v in versions])  # batched by SQLAlchemy


def publish(db: Session, banks: Iterable[Any], now: datetime, *, bank_folder: bool = False) -> PublishResult:
    """Store a version of every question that is new or changed and serve what the banks say, inside the
    caller's transaction: a published question is served from the database from then on.

    `bank_folder` is the app storing its own banks folder when it starts: every version is kept (an answer
    keeps the version it was given to), but nothing is served from it, since the folder serves the
    questions that were never published and must not undo what an instructor published.
    """
    banks = list(banks)
    versions = versions_of(banks)
    _store(db, versions, now)
    if bank_folder:
        return PublishResult()
    _store_headers(db, banks, now)  # first: its row locks make a second publish of these banks wait here
    served, ever_served = _served_so_far(db, {v.bank_id for v in versions})
    newly_served = [v for v in versions if served.get(v.gid) != v.content_hash]
    db.add_all(ServedVersion(bank_id=v.bank_id, question_id=v.question_id, content_hash=v.content_hash, served_at=now)
               for v in newly_served)
    db.flush()
    return _by_change(versions, served, ever_served)


def _by_change(versions: list[Version], served: dict[str, str], ever_served: set[tuple[str, str]]) -> PublishResult:
    """Each question sorted by how its version compares with the one served before the publish."""
    result = PublishResult()
    for version in versions:
        if version.gid not in served:
            result.new.append(version.gid)
        elif served[version.gid] == version.content_hash:
            result.unchanged.append(version.gid)
        else:
            seen = (version.gid, version.content_hash) in ever_served
            (result.restored if seen else result.changed).append(version.gid)
    return result


def _served_so_far(db: Session, bank_ids: set[str]) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """From one read of the banks' served log: the hash served now per global id (the newest row wins), and
    every (global id, hash) ever served."""
    rows = [(f"{bank}/{question}", content_hash) for bank, question, content_hash in db.execute(
        select(ServedVersion.bank_id, ServedVersion.question_id, ServedVersion.content_hash)
        .where(ServedVersion.bank_id.in_(bank_ids)).order_by(ServedVersion.id))]
    return dict(rows), set(rows)


def _store_headers(db: Session, banks: list[Any], now: datetime) -> None:
    """Record each bank's title and description (a bank that exists only in the database needs them)."""
    insert = INSERTS[db.get_bind().dialect.name]
    for bank in banks:
        values = {"title": bank.title, "description": getattr(bank, "description", "") or "", "updated_at": now}
        db.execute(insert(PublishedBank).values(bank_id=bank.id, **values)
                   .on_conflict_do_update(index_elements=["bank_id"], set_=values))


def split_gid(gid: str) -> tuple[str, str]:
    """("bank", "question") from "bank/question", or NotPublished saying what was expected."""
    bank_id, slash, question_id = gid.partition("/")
    if not slash or not bank_id or not question_id:
        raise NotPublished(f"{gid!r} is not BANK/QUESTION (for example iam/cal-05-instances-never-join)")
    return bank_id, question_id


def retire(db: Session, gid: str, now: datetime) -> int:
    """Mark every version of a question retired (history stays); how many versions were newly retired.

    A question served from its banks folder gets its newest stored version as its served one, so that
    the retirement holds until an edited version is published or deployed.
    """
    bank_id, question_id = split_gid(gid)
    where = (QuestionVersion.bank_id == bank_id, QuestionVersion.question_id == question_id)
    newest = db.scalar(select(QuestionVersion.content_hash).where(*where).order_by(QuestionVersion.id.desc()).limit(1))
    if newest is None:
        raise NotPublished(f"no published version of {gid}; publish its bank first")
    if gid not in serving(db, {bank_id}):
        db.add(ServedVersion(bank_id=bank_id, question_id=question_id, content_hash=newest, served_at=now))
    return db.execute(update(QuestionVersion).where(*where, QuestionVersion.retired_at.is_(None))
                      .values(retired_at=now).execution_options(synchronize_session=False)).rowcount


def retired_questions(db: Session) -> set[str]:
    """Global ids of the questions whose served version is retired (an edited, republished question returns)."""
    current = current_rows()
    rows = db.execute(select(ServedVersion.bank_id, ServedVersion.question_id)
                      .join(current, current.c.id == ServedVersion.id).join(QuestionVersion, same_version())
                      .where(QuestionVersion.retired_at.is_not(None)))
    return {f"{bank}/{question}" for bank, question in rows}


def question_versions(db: Session, gid: str) -> list[QuestionVersion]:
    """Every stored version of a question, oldest first (empty for an id that is not BANK/QUESTION)."""
    try:
        bank_id, question_id = split_gid(gid)
    except NotPublished:
        return []
    return list(db.scalars(select(QuestionVersion).where(QuestionVersion.bank_id == bank_id,
                                                         QuestionVersion.question_id == question_id)
                           .order_by(QuestionVersion.id)))
