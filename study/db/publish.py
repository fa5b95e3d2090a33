"""Publishing banks: store a version of every question whose content is new, retire questions (no Flask)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from study.content.versions import content_hash_of, question_content
from study.db.models import QuestionVersion

INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class NotPublished(LookupError):
    """A question id that has no published version (so there is nothing to retire)."""


@dataclass
class PublishResult:
    """Global ids ("bank/question") by what publishing did with them."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        """How many versions this publish stored."""
        return len(self.new) + len(self.changed)


@dataclass(frozen=True)
class Version:
    """The values of one question_version row, computed from a loaded question."""

    bank_id: str
    question_id: str
    content_hash: str
    content: dict[str, Any]

    @property
    def gid(self) -> str:
        """The global id the web app uses."""
        return f"{self.bank_id}/{self.question_id}"


def versions_of(banks: Iterable[Any]) -> list[Version]:
    """A Version for every question of the banks, in bank order."""
    found = []
    for bank in banks:
        for question in bank.questions:
            content = question_content(question)
            found.append(Version(bank.id, question.id, content_hash_of(content), content))
    return found


def _store(db: Session, version: Version, now: datetime) -> bool:
    """Insert one version unless that (bank, question, hash) exists; True when this call stored it.

    ON CONFLICT DO NOTHING rather than read-then-insert: a publish running at the same time waits on
    the unique key (PostgreSQL) or the write lock (SQLite) and then finds the row, instead of failing.
    """
    insert = INSERTS[db.get_bind().dialect.name]
    statement = insert(QuestionVersion).values(
        bank_id=version.bank_id, question_id=version.question_id, content_hash=version.content_hash,
        content=version.content, created_at=now,
    ).on_conflict_do_nothing(index_elements=["bank_id", "question_id", "content_hash"]).returning(QuestionVersion.id)
    return db.execute(statement).first() is not None


def publish(db: Session, banks: Iterable[Any], now: datetime) -> PublishResult:
    """Store a version of every question that is new or changed, inside the caller's transaction."""
    versions = versions_of(banks)
    stored = [v for v in versions if _store(db, v, now)]
    counts = _version_counts(db, {v.bank_id for v in stored})
    result = PublishResult()
    stored_ids = {v.gid for v in stored}
    for version in versions:
        if version.gid not in stored_ids:
            result.unchanged.append(version.gid)
        elif counts.get((version.bank_id, version.question_id), 0) > 1:
            result.changed.append(version.gid)
        else:
            result.new.append(version.gid)
    return result


def _version_counts(db: Session, bank_ids: set[str]) -> dict[tuple[str, str], int]:
    """How many versions each question of the banks has."""
    if not bank_ids:
        return {}
    rows = db.execute(select(QuestionVersion.bank_id, QuestionVersion.question_id, func.count())
                      .where(QuestionVersion.bank_id.in_(bank_ids))
                      .group_by(QuestionVersion.bank_id, QuestionVersion.question_id))
    return {(bank, question): count for bank, question, count in rows}


def split_gid(gid: str) -> tuple[str, str]:
    """("bank", "question") from "bank/question", or NotPublished saying what was expected."""
    bank_id, slash, question_id = gid.partition("/")
    if not slash or not bank_id or not question_id:
        raise NotPublished(f"{gid!r} is not BANK/QUESTION (for example iam/cal-05-instances-never-join)")
    return bank_id, question_id


def retire(db: Session, gid: str, now: datetime) -> int:
    """Mark every version of a question retired (history stays); how many versions were newly retired."""
    bank_id, question_id = split_gid(gid)
    where = (QuestionVersion.bank_id == bank_id, QuestionVersion.question_id == question_id)
    if db.scalar(select(func.count()).select_from(QuestionVersion).where(*where)) == 0:
        raise NotPublished(f"no published version of {gid}; publish its bank first")
    return db.execute(update(QuestionVersion).where(*where, QuestionVersion.retired_at.is_(None))
                      .values(retired_at=now).execution_options(synchronize_session=False)).rowcount


def retired_questions(db: Session) -> set[str]:
    """Global ids of the questions whose newest version is retired (an edited, republished question returns)."""
    newest = (select(QuestionVersion.bank_id, QuestionVersion.question_id, func.max(QuestionVersion.id).label("id"))
              .group_by(QuestionVersion.bank_id, QuestionVersion.question_id).subquery())
    rows = db.execute(select(QuestionVersion.bank_id, QuestionVersion.question_id)
                      .join(newest, newest.c.id == QuestionVersion.id)
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
