"""What learners are served: the current version of every published question and each bank's title
(reads only, no Flask). `study.db.publish` writes what these read."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from study.db.models import PublishedBank, QuestionVersion, ServedVersion


@dataclass(frozen=True)
class Version:
    """One version of a question: computed from a loaded question, or read back from question_version."""

    bank_id: str
    question_id: str
    content_hash: str
    content: dict[str, Any]

    @property
    def gid(self) -> str:
        """The global id the web app uses."""
        return f"{self.bank_id}/{self.question_id}"


@dataclass(frozen=True)
class BankHeader:
    """A published bank's title and description."""

    title: str
    description: str


def current_rows():
    """A subquery: per question, the id of its newest served_version row (its current version) and of
    its first (the order questions new to a bank are listed in)."""
    return (select(ServedVersion.bank_id, ServedVersion.question_id,
                   func.max(ServedVersion.id).label("id"), func.min(ServedVersion.id).label("first"))
            .group_by(ServedVersion.bank_id, ServedVersion.question_id).subquery())


def same_version():
    """Join condition from a served_version row to the question_version row holding its content."""
    return and_(QuestionVersion.bank_id == ServedVersion.bank_id,
                QuestionVersion.question_id == ServedVersion.question_id,
                QuestionVersion.content_hash == ServedVersion.content_hash)


def generation(db: Session) -> int:
    """Grows whenever any question's served version changes: the signal to rebuild a cached catalog."""
    return db.scalar(select(func.max(ServedVersion.id))) or 0


def serving(db: Session, bank_ids: set[str]) -> dict[str, str]:
    """The served content hash of each question of the banks, by global id "bank/question"."""
    current = current_rows()
    rows = db.execute(select(ServedVersion.bank_id, ServedVersion.question_id, ServedVersion.content_hash)
                      .join(current, current.c.id == ServedVersion.id)
                      .where(ServedVersion.bank_id.in_(bank_ids)))
    return {f"{bank}/{question}": content_hash for bank, question, content_hash in rows}


def served_questions(db: Session) -> list[Version]:
    """Every published question's current version with its content, in the order first served."""
    current = current_rows()
    rows = db.execute(select(ServedVersion.bank_id, ServedVersion.question_id, ServedVersion.content_hash,
                             QuestionVersion.content)
                      .join(current, current.c.id == ServedVersion.id)
                      .join(QuestionVersion, same_version()).order_by(current.c.first))
    return [Version(*row) for row in rows]


def bank_headers(db: Session) -> dict[str, BankHeader]:
    """Each published bank's header by bank id."""
    return {bank_id: BankHeader(title, description) for bank_id, title, description
            in db.execute(select(PublishedBank.bank_id, PublishedBank.title, PublishedBank.description))}


def newest_versions(db: Session, gids: Iterable[str]) -> list[Version]:
    """The newest stored version of each of these questions that has one (the last that was published)."""
    wanted = {tuple(gid.split("/", 1)) for gid in gids if "/" in gid}
    if not wanted:
        return []
    newest = (select(func.max(QuestionVersion.id).label("id"))
              .where(QuestionVersion.bank_id.in_({bank for bank, _ in wanted}))
              .group_by(QuestionVersion.bank_id, QuestionVersion.question_id).subquery())
    rows = db.execute(select(QuestionVersion.bank_id, QuestionVersion.question_id, QuestionVersion.content_hash,
                             QuestionVersion.content).join(newest, newest.c.id == QuestionVersion.id))
    return [Version(*row) for row in rows if (row[0], row[1]) in wanted]
