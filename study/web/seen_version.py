"""The question as the learner saw it. A session item records the version it drew (its content hash); when
the bank has changed since, grading, feedback, exam review and item statistics rebuild that version from its
stored copy (`study publish` stores every version), so an answer keeps the meaning it had when it was given."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from study.db.models import QuestionVersion
from study.web.catalog import Catalog, Entry


def version_entry(catalog: Catalog, db: Session, gid: str, question_hash: str) -> Entry | None:
    """The entry of one version of a question: the served one when it is that version, else that version
    rebuilt from its stored copy; None when it was never stored or its bank is gone."""
    served = catalog.entry(gid)
    if served is not None and served.content_hash == question_hash:
        return served
    if "/" not in gid:
        return None
    bank_id, question_id = gid.split("/", 1)

    def stored() -> dict | None:
        return db.scalar(select(QuestionVersion.content).where(
            QuestionVersion.bank_id == bank_id, QuestionVersion.question_id == question_id,
            QuestionVersion.content_hash == question_hash))

    return catalog.earlier_version(gid, question_hash, stored)


def item_entry(catalog: Catalog, item) -> Entry | None:
    """The entry of the version the item drew; the served one when it is that version, was never
    stored, or the item predates versions."""
    served = catalog.entry(item.question_id)
    seen = getattr(item, "question_hash", None)
    if not seen or (served is not None and served.content_hash == seen):
        return served
    db = object_session(item)
    if db is None:
        return served
    return version_entry(catalog, db, item.question_id, seen) or served
