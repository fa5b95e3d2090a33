"""Item statistics from SQL aggregates: against values worked out by hand on a small fixture, and
against an independent computation with the standard library on a random one, on both databases."""
from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from study.db.item_stats import bank_statistics, item_statistics, record_attempts
from study.db.models import (
    Answer,
    ClassMember,
    Classroom,
    ItemAttempt,
    Mode,
    ProblemReport,
    QuizSession,
    SessionItem,
    User,
)

T0 = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
def db(engine):
    with Session(engine) as session:
        yield session


def add_sheet(db: Session, user: User, rows: list[tuple[str, bool | None, list[str]]],
              mode: Mode = Mode.EXAM, finished: bool = True) -> None:
    """One session: (question id, right or None when unanswered, picked choices) per item."""
    quiz = QuizSession(user=user, mode=mode, settings={}, position=0, item_count=len(rows), started_at=T0,
                       finished_at=T0 + timedelta(minutes=30) if finished else None,
                       correct=sum(1 for _, right, _ in rows if right) if finished else None)
    for position, (qid, right, picks) in enumerate(rows):
        item = SessionItem(position=position, question_id=qid, choice_order=["A", "B", "C", "D"], params=None)
        if right is not None:
            item.answer = Answer(choices=picks, correct=right, unsure=False, answered_at=T0)
        quiz.items.append(item)
    if finished:
        record_attempts(quiz, quiz.items)
    db.add(quiz)


def learner(db: Session, name: str) -> User:
    user = User(username=name, created_at=T0)
    db.add(user)
    return user


def test_values_worked_out_by_hand(db):
    """Three exam sheets over b/q1 and b/q2 (x: right=1):
    sheet 1: q1=1 q2=1; sheet 2: q1=1 q2=0; sheet 3: q1=0 q2 unanswered (0).
    q1: x = 1, 1, 0; rest r = share right of the other question = 1, 0, 0.
        facility 2/3; Pearson(x, r) = 0.5; percent ranks of r (0, 0, 1) -> 0, 0, 1:
        upper = {sheet 1} facility 1, lower = {sheets 2, 3} facility 1/2 -> index 0.5.
    q2: x = 1, 0, 0; r = 1, 1, 0 -> facility 1/3, Pearson 0.5.
    Bank b: sheet shares 1, 0.5, 0 -> mean 0.5, spread sqrt(1/6); k = 2, raw totals 2, 1, 0 (variance 2/3),
        mean p*q over the 6 attempts = (3 * 2/9 + 3 * 2/9) / 6 = 2/9 -> KR-20 = 2 * (1 - 2 * (2/9) / (2/3)) = 2/3.
    """
    ada = learner(db, "ada")
    add_sheet(db, ada, [("b/q1", True, ["A"]), ("b/q2", True, ["B"])])
    add_sheet(db, ada, [("b/q1", True, ["A"]), ("b/q2", False, ["C"])])
    add_sheet(db, ada, [("b/q1", False, ["D"]), ("b/q2", None, [])])
    add_sheet(db, ada, [("b/q1", True, ["A"]), ("b/q2", True, ["B"])], finished=False)  # still running: ignored
    add_sheet(db, ada, [("other/q9", True, ["A"])])  # one question: not a sheet
    db.flush()
    db.add(ProblemReport(user_id=ada.id, question_id="b/q2", message="unclear", created_at=T0))
    db.commit()
    stats = bank_statistics(db, "b")
    q1, q2 = stats.items["b/q1"], stats.items["b/q2"]
    assert (q1.attempts, q1.right, q2.attempts, q2.right) == (3, 2, 3, 1)
    assert q1.point_biserial == pytest.approx(0.5) and q2.point_biserial == pytest.approx(0.5)
    assert q1.upper_lower == pytest.approx(0.5)
    assert q1.picks == {"A": 2, "D": 1} and q2.picks == {"B": 1, "C": 1}
    assert (q1.open_reports, q2.open_reports) == (0, 1)
    assert (stats.sheets, stats.questions_per_sheet) == (3, 2)
    assert stats.mean == pytest.approx(0.5) and stats.spread == pytest.approx((1 / 6) ** 0.5)
    assert stats.kr20 == pytest.approx(2 / 3)
    assert "other/q9" not in stats.items and "other/q9" not in item_statistics(db)


@pytest.mark.parametrize(("attempts", "right", "pbis", "picks", "reports", "flags"), [
    (5, 5, None, {"A": 5}, 0, []),  # too few attempts to judge
    (5, 5, None, {"A": 5}, 2, ["2 open problem reports"]),
    (40, 39, 0.3, {"A": 39, "B": 1, "C": 0}, 0, ["very easy", "nobody picks C"]),
    (40, 4, -0.1, {"A": 4, "B": 20, "C": 16}, 0, ["very hard", "negative discrimination"]),
    (40, 20, 0.1, {"A": 20, "B": 10, "C": 10}, 0, ["low discrimination"]),
    (40, 20, 0.45, {"A": 20, "B": 10, "C": 10}, 0, []),
])
def test_flags(attempts, right, pbis, picks, reports, flags):
    from study.db.item_stats import ItemStats
    found = ItemStats("b/q", attempts, right, pbis, None, picks, reports).flags(["A", "B", "C"])
    assert [f.split(" (")[0] for f in found] == flags


def independent(sheets: list[list[tuple[str, int]]], bank: str) -> dict:
    """The same statistics computed directly from the sheets with the standard library."""
    sheets = [s for s in sheets if len(s) >= 2]
    xs, rs = {}, {}
    for sheet in sheets:
        total = sum(x for _, x in sheet)
        for qid, x in sheet:
            if qid.startswith(bank + "/"):
                xs.setdefault(qid, []).append(x)
                rs.setdefault(qid, []).append((total - x) / (len(sheet) - 1))
    items = {}
    for qid in xs:
        x, r = xs[qid], rs[qid]
        pb = statistics.correlation(x, r) if len(set(x)) > 1 and len(set(r)) > 1 else None
        n = len(r)
        rank = [sum(other < value for other in r) for value in r]
        pr = [k / (n - 1) if n > 1 else 0.0 for k in rank]
        up = [xi for xi, p in zip(x, pr) if p >= 0.73]
        low = [xi for xi, p in zip(x, pr) if p <= 0.27]
        items[qid] = (len(x), sum(x), pb, statistics.fmean(up) - statistics.fmean(low) if up and low else None)
    bank_sheets = [[x for q, x in s if q.startswith(bank + "/")] for s in sheets]
    bank_sheets = [s for s in bank_sheets if len(s) >= 2]
    shares = [sum(s) / len(s) for s in bank_sheets]
    lengths = Counter(len(s) for s in bank_sheets)
    k = min(lengths, key=lambda n: (-lengths[n], n))
    totals = [sum(s) for s in bank_sheets if len(s) == k]
    attempts = sum(len(x) for x in xs.values())
    mean_pq = sum(len(x) * statistics.fmean(x) * (1 - statistics.fmean(x)) for x in xs.values()) / attempts
    kr20 = k / (k - 1) * (1 - k * mean_pq / statistics.pvariance(totals))
    return {"items": items, "mean": statistics.fmean(shares), "spread": statistics.pstdev(shares), "k": k,
            "kr20": kr20}


def test_matches_an_independent_computation_on_random_answers(db):
    rng = random.Random(7)
    ability = {name: rng.random() for name in ("ada", "bo", "cy", "di", "ed", "fay")}
    users = {name: learner(db, name) for name in ability}
    sheets = []
    for _ in range(60):
        name = rng.choice(list(ability))
        qids = rng.sample([f"b/q{i}" for i in range(8)] + [f"c/q{i}" for i in range(4)], rng.randint(1, 7))
        rows = [(qid, int(rng.random() < ability[name] + 0.1 * int(qid[-1]) / 8)) for qid in qids]
        sheets.append(rows)
        add_sheet(db, users[name], [(q, bool(x), ["A" if x else "B"]) for q, x in rows])
    db.commit()
    expected = independent(sheets, "b")
    stats = bank_statistics(db, "b")
    assert stats.mean == pytest.approx(expected["mean"]) and stats.spread == pytest.approx(expected["spread"])
    assert stats.questions_per_sheet == expected["k"] and stats.kr20 == pytest.approx(expected["kr20"])
    assert set(stats.items) == set(expected["items"])
    for qid, (attempts, right, pbis, index) in expected["items"].items():
        got = stats.items[qid]
        assert (got.attempts, got.right) == (attempts, right), qid
        assert got.point_biserial == pytest.approx(pbis) if pbis is not None else got.point_biserial is None
        assert got.upper_lower == pytest.approx(index) if index is not None else got.upper_lower is None


def test_a_class_counts_only_its_learners_answers(db):
    """The same random sheets, with three of the six learners in a class: the class's statistics equal an
    independent computation over those learners' sheets alone, and open reports still count everyone's."""
    rng = random.Random(11)
    names = ("ada", "bo", "cy", "di", "ed", "fay")
    users = {name: learner(db, name) for name in names}
    teacher = learner(db, "teacher")
    db.flush()
    room = Classroom(instructor_id=teacher.id, name="Containers", join_code="JOIN1234", created_at=T0)
    db.add(room)
    db.flush()
    members = {"ada", "cy", "ed"}
    db.add_all([ClassMember(classroom_id=room.id, user_id=users[name].id, joined_at=T0) for name in members])
    in_class = []
    for _ in range(50):
        name = rng.choice(names)
        rows = [(qid, int(rng.random() < 0.6)) for qid in rng.sample([f"b/q{i}" for i in range(6)], rng.randint(2, 5))]
        add_sheet(db, users[name], [(q, bool(x), ["A" if x else "B"]) for q, x in rows])
        if name in members:
            in_class.append(rows)
    db.add(ProblemReport(user_id=users["bo"].id, question_id="b/q1", message="unclear", created_at=T0))
    db.commit()
    expected = independent(in_class, "b")
    stats = bank_statistics(db, "b", class_id=room.id)
    assert stats.sheets == len(in_class) and stats.mean == pytest.approx(expected["mean"])
    assert stats.kr20 == pytest.approx(expected["kr20"]) if expected["kr20"] is not None else stats.kr20 is None
    for qid, (attempts, right, pbis, _index) in expected["items"].items():
        got = stats.items[qid]
        assert (got.attempts, got.right) == (attempts, right), qid
        assert got.picks == {k: v for k, v in (("A", right), ("B", attempts - right)) if v}, qid
    assert stats.items["b/q1"].open_reports == 1  # sent by bo, who is not in the class
    everyone = bank_statistics(db, "b")
    assert everyone.sheets == 50 > stats.sheets


def test_attempts_are_split_by_the_version_answered(db):
    """b/q1 answered three times as version v1 (2 right) and twice as v2 (0 right), in that order; b/q2
    answered before versions were kept (no hash)."""
    ada = learner(db, "ada")
    for right in (True, True, False, False, False):
        add_sheet(db, ada, [("b/q1", right, ["A"]), ("b/q2", True, ["A"])])
    db.commit()
    attempts = db.scalars(select(ItemAttempt).where(ItemAttempt.question_id == "b/q1").order_by(ItemAttempt.id)).all()
    for attempt, version in zip(attempts, ["v1", "v1", "v1", "v2", "v2"]):
        attempt.question_hash = version
    db.commit()
    items = bank_statistics(db, "b").items
    assert [(v.question_hash, v.attempts, v.right) for v in items["b/q1"].versions] == [("v1", 3, 2), ("v2", 2, 0)]
    assert items["b/q1"].versions[0].facility == pytest.approx(2 / 3)
    assert [(v.question_hash, v.attempts, v.right) for v in items["b/q2"].versions] == [(None, 5, 5)]
