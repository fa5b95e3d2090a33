"""The question as the learner saw it. A session item records the version it drew (its content hash); when
the bank has changed since, grading, feedback and exam review rebuild that version from its stored copy
(`study publish` stores every version), so an answer keeps the meaning it had when it was given."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import object_session

from study.db.models import QuestionVersion
from study.web.catalog import Catalog, Entry


def item_entry(catalog: Catalog, item) -> Entry | None:
    """The entry of the version the item drew; the served one when it is that version, was never
    stored, or the item predates versions."""
    served = catalog.entry(item.question_id)
    seen = getattr(item, "question_hash", None)
    if not seen or (served is not None and served.content_hash == seen):
        return served
    db = object_session(item)
    if db is None or "/" not in item.question_id:
        return served
    bank_id, question_id = item.question_id.split("/", 1)

    def stored() -> dict | None:
        return db.scalar(select(QuestionVersion.content).where(
            QuestionVersion.bank_id == bank_id, QuestionVersion.question_id == question_id,
            QuestionVersion.content_hash == seen))

    return catalog.earlier_version(item.question_id, seen, stored) or served
