"""Classical item statistics over stored answers, computed by the database (SQL aggregates).

The unit is a *sheet*: one finished session (practice, exam or review) of at least two questions.
Every question of a sheet is an attempt; one left unanswered (skipped, or open when an exam's time
ran out) counts as wrong, as the session's own score counts it. For each attempt, x is 1 when right,
and the *rest score* r is the share right of the sheet's other questions (a share, because sheets
differ in length).

Every item figure is per *version* of a question, its content hash (item_attempt.question_hash, the
version the session item drew): an edit that changed a question makes a different question, and
mixing their answers would blur both. Answers given before versions were kept (no hash) are a
version of their own. Over one version's attempts:

- facility: the mean of x;
- point-biserial: Pearson's correlation of x and r;
- upper-lower index: the facility among attempts whose rest score has a percent rank of at least
  0.73 minus the facility among those at most 0.27 (percent rank = (rank - 1) / (n - 1), ties
  share the lowest rank, as SQL's percent_rank);
- per choice: how many attempts picked it; open problem reports: those that name the version.

Per bank, each sheet's questions from that bank are one score: the share right, over every answer
whatever the version (a sheet's score is what its learner got). Mean and spread (population standard
deviation) are over sheets with at least two such questions. Items differ from sheet to sheet
(questions are drawn at random), so KR-20 uses its form for items sampled from a pool: with k the
most common number of bank questions per sheet (the shorter on a tie),
KR-20 = k / (k - 1) * (1 - k * mean(p * q) / variance of the raw scores of the sheets of length k),
where mean(p * q) is the attempt-weighted mean over the bank's question versions (p = facility; each
version is an item of the pool). When every sheet holds the same questions this is the classical formula.

Each finished session writes its attempts once (`record_attempts`, table item_attempt: question,
version, session, right, rest score, picks), so the statistics read one table through covering indexes
that start with the question id and version, and a bank page costs what its own attempts cost, not
what the whole database holds. Grouped by (question, version, rest score), the attempts give every
sum the item figures need in one aggregate.
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
class VersionStats:
    """The statistics of one version of a question (`question_hash` None: answered before versions were kept)
    and the flags an instructor should look at."""

    question_hash: str | None
    attempts: int
    right: int
    point_biserial: float | None
    upper_lower: float | None
    picks: dict[str, int] = field(default_factory=dict)
    open_reports: int = 0  # open problem reports that name this version
    first_session: int | None = None  # the first session that answered it (None: not answered yet)

    @property
    def facility(self) -> float | None:
        return self.right / self.attempts if self.attempts else None

    def flags(self, choice_ids: list[str] = ()) -> list[str]:
        """Why an instructor should look at this version (empty when nothing stands out)."""
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
class ItemStats:
    """One question: the statistics of each version answered or reported, newest first, answers from
    before versions were kept last."""

    question_id: str
    versions: tuple[VersionStats, ...]

    @property
    def attempts(self) -> int:
        return sum(v.attempts for v in self.versions)

    @property
    def right(self) -> int:
        return sum(v.right for v in self.versions)

    @property
    def open_reports(self) -> int:
        return sum(v.open_reports for v in self.versions)

    @property
    def by_version(self) -> bool:
        """True when the figures must be read per version: more than one was answered or reported."""
        return len(self.versions) > 1


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


def _answered(bank_id: str | None, class_id: int | None):
    """The attempts the statistics count: of one bank's questions, of one class's learners."""
    return _in_bank(ItemAttempt.question_id, bank_id), _by_class(class_id)


VersionKey = tuple[str, str | None]  # (question id, content hash)
RestGroup = tuple[float, int, int]  # (rest score, attempts, right)


def _rest_groups(db: Session, bank_id: str | None, class_id: int | None) -> tuple[dict, dict]:
    """Attempts and right answers per (question, version, rest score), and each version's first session:
    one aggregate that the covering index serves in its own order. Rest scores take few distinct values
    (shares of a sheet's other questions), so these groups hold every sum the statistics need."""
    query = (select(ItemAttempt.question_id, ItemAttempt.question_hash, ItemAttempt.rest, func.count(),
                    func.sum(ItemAttempt.correct), func.min(ItemAttempt.session_id))
             .where(*_answered(bank_id, class_id))
             .group_by(ItemAttempt.question_id, ItemAttempt.question_hash, ItemAttempt.rest))
    groups: dict[VersionKey, list[RestGroup]] = {}
    first: dict[VersionKey, int] = {}
    for qid, question_hash, rest, count, right, first_session in db.execute(query):
        groups.setdefault((qid, question_hash), []).append((float(rest), int(count), int(right)))
        first[qid, question_hash] = min(first.get((qid, question_hash), first_session), first_session)
    return groups, first


def _version_stats(question_hash: str | None, groups: list[RestGroup], first_session: int) -> VersionStats:
    """Facility, point-biserial and upper-lower index of one version from its rest-score groups (x is 1 or 0,
    so the sum of x squared is the number right)."""
    n = sum(count for _, count, _ in groups)
    right = sum(r for _, _, r in groups)
    sum_r = sum(rest * count for rest, count, _ in groups)
    sum_rr = sum(rest * rest * count for rest, count, _ in groups)
    sum_xr = sum(rest * r for rest, _, r in groups)
    return VersionStats(question_hash, n, right, _correlation(n, right, right, sum_r, sum_rr, sum_xr),
                        _upper_lower(groups, n), first_session=first_session)


def _upper_lower(groups: list[RestGroup], total: int) -> float | None:
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


def _picks(db: Session, bank_id: str | None, class_id: int | None) -> dict[VersionKey, Counter]:
    """How often each choice was picked, per question version: grouped by the stored pick list (a handful
    of distinct lists per version), then split into choices here."""
    query = (select(ItemAttempt.question_id, ItemAttempt.question_hash, ItemAttempt.picks, func.count())
             .where(*_answered(bank_id, class_id))
             .group_by(ItemAttempt.question_id, ItemAttempt.question_hash, ItemAttempt.picks))
    counts: dict[VersionKey, Counter] = {}
    for qid, question_hash, picks, count in db.execute(query):
        for choice in json.loads(picks or "[]"):
            counts.setdefault((qid, question_hash), Counter())[choice] += count
    return counts


def _open_reports(db: Session, bank_id: str | None) -> Counter:
    """Open problem reports per question version (a report keeps the version its sender saw, or none when
    sent before versions were kept); they count whoever sent them, class or not."""
    query = (select(ProblemReport.question_id, ProblemReport.question_hash, func.count())
             .where(ProblemReport.status == "open", _in_bank(ProblemReport.question_id, bank_id))
             .group_by(ProblemReport.question_id, ProblemReport.question_hash))
    return Counter({(qid, question_hash): count for qid, question_hash, count in db.execute(query)})


def _newest_first(version: VersionStats) -> tuple:
    """Versions reported but not answered yet, then by first session, latest first; no hash last."""
    return version.question_hash is None, version.first_session is not None, -(version.first_session or 0)


def item_statistics(db: Session, bank_id: str | None = None, class_id: int | None = None) -> dict[str, ItemStats]:
    """Statistics of every answered or reported question, per version (of one bank when bank_id is given,
    of one class's learners when class_id is given), by question id."""
    groups, first = _rest_groups(db, bank_id, class_id)
    picks, reports = _picks(db, bank_id, class_id), _open_reports(db, bank_id)
    by_question: dict[str, list[VersionStats]] = {}
    for qid, question_hash in groups.keys() | reports.keys():
        key = (qid, question_hash)
        answered = (_version_stats(question_hash, groups[key], first[key]) if key in groups
                    else VersionStats(question_hash, 0, 0, None, None))
        by_question.setdefault(qid, []).append(
            replace(answered, picks=dict(picks.get(key, {})), open_reports=reports.get(key, 0)))
    return {qid: ItemStats(qid, tuple(sorted(versions, key=_newest_first)))
            for qid, versions in sorted(by_question.items())}


def bank_statistics(db: Session, bank_id: str, class_id: int | None = None) -> BankStats:
    """Mean, spread and KR-20 of a bank's sheets over every answer, with its item statistics per version
    (of one class's learners when given)."""
    items = item_statistics(db, bank_id, class_id)
    per_sheet = (select(func.count().label("n"), func.sum(ItemAttempt.correct).label("s"))
                 .where(*_answered(bank_id, class_id)).group_by(ItemAttempt.session_id).subquery("per_sheet"))
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
    versions = [v for item in items.values() for v in item.versions]
    return BankStats(bank_id, sheets, mean, spread, _kr20(k, int(count_k), totals, total_squares, versions), k, items)


def _kr20(k: int, sheets: int, totals: float, total_squares: float, versions: list[VersionStats]) -> float | None:
    """KR-20 for sheets of k questions drawn from the bank (see the module docstring): the raw-score
    variance over those sheets, mean(p * q) over all of the bank's attempts, each version an item."""
    attempts = sum(version.attempts for version in versions)
    if k < 2 or sheets < 2 or not attempts:
        return None
    variance = total_squares / sheets - (totals / sheets) ** 2
    mean_pq = sum(v.attempts * v.facility * (1 - v.facility) for v in versions if v.attempts) / attempts
    return k / (k - 1) * (1 - k * mean_pq / variance) if variance > 1e-12 else None
