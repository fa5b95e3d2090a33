"""Classical item statistics over stored answers, computed by the database (SQL aggregates).

The unit is a *sheet*: one finished session (practice, exam or review) of at least two questions.
Every question of a sheet is an attempt; one left unanswered (skipped, or open when an exam's time
ran out) counts as wrong, as the session's own score counts it. For each attempt, x is 1 when right,
and the *rest score* r is the share right of the sheet's other questions, from the score stored on
the session when it finished (a share, because sheets differ in length).

- facility: the mean of x;
- point-biserial: Pearson's correlation of x and r over the question's attempts;
- upper-lower index: the facility among attempts whose rest score has a percent rank of at least
  0.73 minus the facility among those at most 0.27 (percent rank = (rank - 1) / (n - 1), ties
  share the lowest rank, as SQL's percent_rank);
- per choice: how many attempts picked it.

Per bank, each sheet's questions from that bank are one score: the share right. Mean and spread
(population standard deviation) are over sheets with at least two such questions. Items differ
from sheet to sheet (questions are drawn at random), so KR-20 uses its form for items sampled from
a pool: with k the most common number of bank questions per sheet and only sheets of that length,
KR-20 = k / (k - 1) * (1 - k * mean(p * q) / variance of raw scores), where mean(p * q) is over
those sheets' attempts. When every sheet holds the same questions this is the classical formula.

Every query reads only the bank's attempts (an index range on the question id, the session's stored
score), so a bank page costs what its own answers cost, not what the whole database holds.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Float, Text, and_, case, cast, func, select, true
from sqlalchemy.orm import Session

from .models import Answer, ProblemReport, QuizSession, SessionItem

MIN_ATTEMPTS_TO_FLAG = 20  # below this, facility and discrimination are noise; say so instead of flagging
EASY, HARD, LOW_DISCRIMINATION = 0.9, 0.2, 0.2


@dataclass(frozen=True)
class ItemStats:
    """One question's statistics and the flags an instructor should look at."""

    question_id: str
    attempts: int
    right: int
    point_biserial: float | None
    upper_lower: float | None
    picks: dict[str, int] = field(default_factory=dict)
    open_reports: int = 0

    @property
    def facility(self) -> float | None:
        return self.right / self.attempts if self.attempts else None

    def flags(self, choice_ids: list[str] = ()) -> list[str]:
        """Why an instructor should look at this question (empty when nothing stands out)."""
        plural = "s" if self.open_reports != 1 else ""
        found = [f"{self.open_reports} open problem report{plural}"] if self.open_reports else []
        if self.attempts < MIN_ATTEMPTS_TO_FLAG:
            return found
        if self.facility > EASY:
            found.append(f"very easy (facility {self.facility:.2f} > {EASY})")
        if self.facility < HARD:
            found.append(f"very hard (facility {self.facility:.2f} < {HARD})")
        if self.point_biserial is not None and self.point_biserial < 0:
            found.append(f"negative discrimination ({self.point_biserial:.2f}): strong learners miss it more")
        elif self.point_biserial is not None and self.point_biserial < LOW_DISCRIMINATION:
            found.append(f"low discrimination ({self.point_biserial:.2f} < {LOW_DISCRIMINATION})")
        unpicked = [c for c in choice_ids if not self.picks.get(c)]
        if unpicked:
            found.append(f"nobody picks {', '.join(unpicked)}")
        return found


@dataclass(frozen=True)
class BankStats:
    """A bank's score distribution over sheets, and its items."""

    bank_id: str
    sheets: int
    mean: float | None
    spread: float | None
    kr20: float | None
    questions_per_sheet: int | None
    items: dict[str, ItemStats]


def _in_bank(column, bank_id: str | None):
    """Question ids of one bank as an index range ("bank/" up to "bank0", the next character after "/")."""
    return true() if bank_id is None else and_(column >= f"{bank_id}/", column < f"{bank_id}0")


def _attempts(bank_id: str | None):
    """One row per attempt: question, session, x (1 right, 0 wrong) and r, the rest of the sheet's score."""
    x = case((Answer.correct.is_(True), 1), else_=0)
    rest = (cast(QuizSession.correct - x, Float) / (QuizSession.item_count - 1)).label("r")
    return (select(SessionItem.question_id, SessionItem.session_id, x.label("x"), rest)
            .join(QuizSession, QuizSession.id == SessionItem.session_id)
            .outerjoin(Answer, Answer.item_id == SessionItem.id)
            .where(QuizSession.finished_at.is_not(None), QuizSession.item_count >= 2,
                   _in_bank(SessionItem.question_id, bank_id))
            .subquery("attempts"))


def _item_rows(db: Session, attempts, k: int | None) -> tuple[dict[str, ItemStats], list[tuple[int, int]]]:
    """Per question: counts and the sums that make the point-biserial and the upper-lower index; and per
    question its attempts and right answers on sheets holding k of the bank's questions (for KR-20)."""
    ranked = select(
        attempts.c.question_id, attempts.c.x, attempts.c.r,
        func.percent_rank().over(partition_by=attempts.c.question_id, order_by=attempts.c.r).label("pr"),
        func.count().over(partition_by=attempts.c.session_id).label("k")).subquery("ranked")
    upper, lower, sized = ranked.c.pr >= 0.73, ranked.c.pr <= 0.27, ranked.c.k == (k or 0)
    query = select(
        ranked.c.question_id, func.count(), func.sum(ranked.c.x), func.sum(ranked.c.r),
        func.sum(ranked.c.r * ranked.c.r), func.sum(ranked.c.x * ranked.c.r),
        func.sum(case((upper, ranked.c.x), else_=0)), func.sum(case((upper, 1), else_=0)),
        func.sum(case((lower, ranked.c.x), else_=0)), func.sum(case((lower, 1), else_=0)),
        func.sum(case((sized, 1), else_=0)), func.sum(case((sized, ranked.c.x), else_=0)),
    ).group_by(ranked.c.question_id)
    items, on_sized = {}, []
    for qid, n, sx, sr, srr, sxr, up_x, up_n, low_x, low_n, sized_n, sized_x in db.execute(query):
        items[qid] = ItemStats(qid, n, int(sx), _correlation(n, sx, sx, sr, srr, sxr),
                               up_x / up_n - low_x / low_n if up_n and low_n else None)
        if sized_n:
            on_sized.append((int(sized_n), int(sized_x)))
    return items, on_sized


def _correlation(n: int, sx: float, sxx: float, sy: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from sums; None when either variable does not vary."""
    spread = (n * sxx - sx * sx) * (n * syy - sy * sy)
    return (n * sxy - sx * sy) / math.sqrt(spread) if spread > 1e-12 else None


def _picks(db: Session, bank_id: str | None) -> dict[str, Counter]:
    """How often each choice was picked, per question (answers of finished sessions).

    Grouped by the stored pick list as text (a handful of distinct lists per question), then split
    into choices here: cheaper than unnesting every answer's JSON in SQL, and the same on both databases.
    """
    picked_text = cast(Answer.choices, Text)
    query = (select(SessionItem.question_id, picked_text, func.count())
             .select_from(Answer).join(SessionItem, SessionItem.id == Answer.item_id)
             .join(QuizSession, QuizSession.id == SessionItem.session_id)
             .where(QuizSession.finished_at.is_not(None), QuizSession.item_count >= 2,
                    _in_bank(SessionItem.question_id, bank_id))
             .group_by(SessionItem.question_id, picked_text))
    counts: dict[str, Counter] = {}
    for qid, picks, count in db.execute(query):
        for choice in json.loads(picks or "[]"):
            counts.setdefault(qid, Counter())[choice] += count
    return counts


def _open_reports(db: Session, bank_id: str | None) -> Counter:
    query = select(ProblemReport.question_id, func.count()).where(ProblemReport.status == "open",
                                                                  _in_bank(ProblemReport.question_id, bank_id))
    return Counter(dict(db.execute(query.group_by(ProblemReport.question_id)).all()))


def item_statistics(db: Session, bank_id: str | None = None) -> dict[str, ItemStats]:
    """Statistics of every answered question (of one bank when bank_id is given)."""
    return _with_picks_and_reports(db, bank_id, _item_rows(db, _attempts(bank_id), None)[0])


def _with_picks_and_reports(db: Session, bank_id: str | None, items: dict[str, ItemStats]) -> dict[str, ItemStats]:
    picks, reports = _picks(db, bank_id), _open_reports(db, bank_id)
    for qid in reports.keys() - items.keys():
        items[qid] = ItemStats(qid, 0, 0, None, None)
    return {qid: ItemStats(s.question_id, s.attempts, s.right, s.point_biserial, s.upper_lower,
                           dict(picks.get(qid, {})), reports.get(qid, 0))
            for qid, s in sorted(items.items())}


def bank_statistics(db: Session, bank_id: str) -> BankStats:
    """Mean, spread and KR-20 of a bank's sheets, with its item statistics."""
    attempts = _attempts(bank_id)
    sheets = [(n, int(right)) for n, right in
              db.execute(select(func.count(), func.sum(attempts.c.x)).group_by(attempts.c.session_id)) if n >= 2]
    k = Counter(n for n, _ in sheets).most_common(1)[0][0] if sheets else None
    rows, on_sized = _item_rows(db, attempts, k)
    items = _with_picks_and_reports(db, bank_id, rows)
    if not sheets:
        return BankStats(bank_id, 0, None, None, None, None, items)
    shares = [right / n for n, right in sheets]
    mean = sum(shares) / len(shares)
    spread = math.sqrt(sum((s - mean) ** 2 for s in shares) / len(shares))
    return BankStats(bank_id, len(sheets), mean, spread, _kr20([r for n, r in sheets if n == k], on_sized, k), k, items)


def _kr20(totals: list[int], per_item: list[tuple[int, int]], k: int) -> float | None:
    """KR-20 from the raw scores of the sheets holding k bank questions and, per question, its attempts
    and right answers on those sheets (see the module docstring)."""
    if k < 2 or len(totals) < 2:
        return None
    mean_total = sum(totals) / len(totals)
    variance = sum((t - mean_total) ** 2 for t in totals) / len(totals)
    attempts = sum(n for n, _ in per_item)
    mean_pq = sum(n * (right / n) * (1 - right / n) for n, right in per_item) / attempts
    return k / (k - 1) * (1 - k * mean_pq / variance) if variance > 0 else None
