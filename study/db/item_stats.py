"""Classical item statistics over stored answers, computed by the database (SQL aggregates).

The unit is a *sheet*: one finished session (practice, exam or review) of at least two questions.
Every question of a sheet is an attempt; one left unanswered (skipped, or open when an exam's time
ran out) counts as wrong, as the session's own score counts it. For each attempt, x is 1 when right,
and the *rest score* r is the share right of the sheet's other questions (a share, because sheets
differ in length).

- facility: the mean of x;
- point-biserial: Pearson's correlation of x and r over the question's attempts;
- upper-lower index: the facility among attempts whose rest score has a percent rank of at least
  0.73 minus the facility among those at most 0.27 (percent rank = (rank - 1) / (n - 1), ties
  share the lowest rank, as SQL's percent_rank);
- per choice: how many attempts picked it.

Per bank, each sheet's questions from that bank are one score: the share right. Mean and spread
(population standard deviation) are over sheets with at least two such questions. Items differ
from sheet to sheet (questions are drawn at random), so KR-20 uses its form for items sampled from
a pool: with k the most common number of bank questions per sheet (the shorter on a tie),
KR-20 = k / (k - 1) * (1 - k * mean(p * q) / variance of the raw scores of the sheets of length k),
where mean(p * q) is the attempt-weighted mean over the bank's questions (p = facility). When every
sheet holds the same questions this is the classical formula.

Each finished session writes its attempts once (`record_attempts`, table item_attempt: question,
session, right, rest score, picks), so the statistics read one table through one covering index on
the question id, and a bank page costs what its own attempts cost, not what the whole database holds.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field, replace

from sqlalchemy import Float, and_, cast, func, select, true
from sqlalchemy.orm import Session

from .models import ClassMember, ItemAttempt, ProblemReport, QuizSession, SessionItem

MIN_ATTEMPTS_TO_FLAG = 20  # below this, facility and discrimination are noise; say so instead of flagging
EASY, HARD, LOW_DISCRIMINATION = 0.9, 0.2, 0.2


@dataclass(frozen=True)
class VersionShare:
    """Attempts at one stored version of a question (`question_hash` None: answered before versions were kept)."""

    question_hash: str | None
    attempts: int
    right: int

    @property
    def facility(self) -> float:
        return self.right / self.attempts


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
    versions: tuple[VersionShare, ...] = ()  # in the order they were first answered

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


def record_attempts(quiz: QuizSession, items: list[SessionItem]) -> None:
    """Write the finished session's attempts (call once, when it finishes with its score stored)."""
    if quiz.item_count < 2 or quiz.correct is None:
        return
    for item in items:
        right = int(item.answer is not None and item.answer.correct)
        quiz.attempts.append(ItemAttempt(
            question_id=item.question_id, correct=right, rest=(quiz.correct - right) / (quiz.item_count - 1),
            picks=json.dumps(list(item.answer.choices) if item.answer is not None else []),
            question_hash=item.question_hash))


def _by_class(class_id: int | None):
    """Attempts of the class's current members (any of their sessions), or every attempt."""
    if class_id is None:
        return true()
    members = select(ClassMember.user_id).where(ClassMember.classroom_id == class_id)
    return ItemAttempt.session_id.in_(select(QuizSession.id).where(QuizSession.user_id.in_(members)))


def _attempts(bank_id: str | None, class_id: int | None = None):
    """One row per attempt: question, session, x (1 right, 0 wrong) and r, the rest of the sheet's score."""
    return (select(ItemAttempt.question_id, ItemAttempt.session_id, ItemAttempt.correct.label("x"),
                   ItemAttempt.rest.label("r"))
            .where(_in_bank(ItemAttempt.question_id, bank_id), _by_class(class_id)).subquery("attempts"))


def _item_rows(db: Session, attempts) -> dict[str, ItemStats]:
    """Per question: counts and the sums that make the point-biserial (one aggregate), and the
    upper-lower index from counts per (question, rest score): rest scores take few distinct values,
    so percent ranks come from those counts exactly as SQL's percent_rank would give them."""
    sums = select(attempts.c.question_id, func.count(), func.sum(attempts.c.x), func.sum(attempts.c.r),
                  func.sum(attempts.c.r * attempts.c.r), func.sum(attempts.c.x * attempts.c.r)
                  ).group_by(attempts.c.question_id)
    items = {qid: ItemStats(qid, n, int(sx), _correlation(n, *(float(v) for v in (sx, sx, sr, srr, sxr))), None)
             for qid, n, sx, sr, srr, sxr in db.execute(sums)}
    by_rest: dict[str, list[tuple[float, int, int]]] = {}
    per_rest = select(attempts.c.question_id, attempts.c.r, func.count(), func.sum(attempts.c.x)).group_by(
        attempts.c.question_id, attempts.c.r)
    for qid, rest, n, right in db.execute(per_rest):
        by_rest.setdefault(qid, []).append((rest, n, int(right)))
    return {qid: replace(item, upper_lower=_upper_lower(by_rest.get(qid, []), item.attempts))
            for qid, item in items.items()}


def _upper_lower(groups: list[tuple[float, int, int]], total: int) -> float | None:
    """Facility of the attempts with percent rank >= 0.73 minus that of those <= 0.27, from
    (rest score, attempts, right) groups; percent rank = attempts with a lower rest score / (total - 1)."""
    upper = [0, 0]
    lower = [0, 0]
    below = 0
    for _rest, n, right in sorted(groups):
        rank = below / (total - 1) if total > 1 else 0.0
        for bucket, inside in ((upper, rank >= 0.73), (lower, rank <= 0.27)):
            if inside:
                bucket[0], bucket[1] = bucket[0] + right, bucket[1] + n
        below += n
    return upper[0] / upper[1] - lower[0] / lower[1] if upper[1] and lower[1] else None


def _correlation(n: int, sx: float, sxx: float, sy: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from sums; None when either variable does not vary."""
    spread = (n * sxx - sx * sx) * (n * syy - sy * sy)
    return (n * sxy - sx * sy) / math.sqrt(spread) if spread > 1e-12 else None


def _picks(db: Session, bank_id: str | None, class_id: int | None = None) -> dict[str, Counter]:
    """How often each choice was picked, per question: grouped by the stored pick list (a handful of
    distinct lists per question), then split into choices here."""
    query = (select(ItemAttempt.question_id, ItemAttempt.picks, func.count())
             .where(_in_bank(ItemAttempt.question_id, bank_id), _by_class(class_id))
             .group_by(ItemAttempt.question_id, ItemAttempt.picks))
    counts: dict[str, Counter] = {}
    for qid, picks, count in db.execute(query):
        for choice in json.loads(picks or "[]"):
            counts.setdefault(qid, Counter())[choice] += count
    return counts


def _versions(db: Session, bank_id: str | None, class_id: int | None) -> dict[str, tuple[VersionShare, ...]]:
    """Attempts and right answers per stored version, so an edit that changed a question's difficulty shows."""
    query = (select(ItemAttempt.question_id, ItemAttempt.question_hash, func.count(), func.sum(ItemAttempt.correct))
             .where(_in_bank(ItemAttempt.question_id, bank_id), _by_class(class_id))
             .group_by(ItemAttempt.question_id, ItemAttempt.question_hash).order_by(func.min(ItemAttempt.id)))
    found: dict[str, list[VersionShare]] = {}
    for qid, question_hash, count, right in db.execute(query):
        found.setdefault(qid, []).append(VersionShare(question_hash, count, int(right)))
    return {qid: tuple(shares) for qid, shares in found.items()}


def _open_reports(db: Session, bank_id: str | None) -> Counter:
    query = select(ProblemReport.question_id, func.count()).where(ProblemReport.status == "open",
                                                                  _in_bank(ProblemReport.question_id, bank_id))
    return Counter(dict(db.execute(query.group_by(ProblemReport.question_id)).all()))


def item_statistics(db: Session, bank_id: str | None = None, class_id: int | None = None) -> dict[str, ItemStats]:
    """Statistics of every answered question (of one bank when bank_id is given, of one class's learners
    when class_id is given)."""
    return _with_picks_and_reports(db, bank_id, _item_rows(db, _attempts(bank_id, class_id)), class_id)


def _with_picks_and_reports(db: Session, bank_id: str | None, items: dict[str, ItemStats],
                            class_id: int | None = None) -> dict[str, ItemStats]:
    """Open reports are about the question, so they count whoever sent them."""
    picks, reports = _picks(db, bank_id, class_id), _open_reports(db, bank_id)
    versions = _versions(db, bank_id, class_id)
    for qid in reports.keys() - items.keys():
        items[qid] = ItemStats(qid, 0, 0, None, None)
    return {qid: replace(s, picks=dict(picks.get(qid, {})), open_reports=reports.get(qid, 0),
                         versions=versions.get(qid, ())) for qid, s in sorted(items.items())}


def bank_statistics(db: Session, bank_id: str, class_id: int | None = None) -> BankStats:
    """Mean, spread and KR-20 of a bank's sheets, with its item statistics (of one class's learners when given)."""
    attempts = _attempts(bank_id, class_id)
    items = _with_picks_and_reports(db, bank_id, _item_rows(db, attempts), class_id)
    per_sheet = select(func.count().label("n"), func.sum(attempts.c.x).label("s")).group_by(
        attempts.c.session_id).subquery("per_sheet")
    share = cast(per_sheet.c.s, Float) / per_sheet.c.n
    lengths = select(per_sheet.c.n, func.count(), func.sum(share), func.sum(share * share), func.sum(per_sheet.c.s),
                     func.sum(per_sheet.c.s * per_sheet.c.s)).where(per_sheet.c.n >= 2).group_by(per_sheet.c.n)
    by_length = {n: tuple(float(v or 0) for v in rest) for n, *rest in db.execute(lengths)}  # PostgreSQL sums are Decimal
    sheets = int(sum(row[0] for row in by_length.values()))
    if not sheets:
        return BankStats(bank_id, 0, None, None, None, None, items)
    mean = sum(row[1] for row in by_length.values()) / sheets
    spread = math.sqrt(max(sum(row[2] for row in by_length.values()) / sheets - mean * mean, 0.0))
    k = max(by_length, key=lambda n: (by_length[n][0], -n))
    count_k, _, _, totals, total_squares = by_length[k]
    return BankStats(bank_id, sheets, mean, spread, _kr20(k, int(count_k), totals, total_squares, items.values()), k, items)


def _kr20(k: int, sheets: int, totals: float, total_squares: float, items) -> float | None:
    """KR-20 for sheets of k questions drawn from the bank (see the module docstring): the raw-score
    variance over those sheets, mean(p * q) over all of the bank's attempts."""
    attempts = sum(item.attempts for item in items)
    if k < 2 or sheets < 2 or not attempts:
        return None
    variance = total_squares / sheets - (totals / sheets) ** 2
    mean_pq = sum(item.attempts * item.facility * (1 - item.facility) for item in items if item.attempts) / attempts
    return k / (k - 1) * (1 - k * mean_pq / variance) if variance > 1e-12 else None
