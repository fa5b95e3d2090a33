"""Item statistics from SQL aggregates: against values worked out by hand on a small fixture, and
against an independent computation with the standard library on a random one, on both databases."""
from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from study.db.item_stats import bank_statistics, item_statistics, record_attempts
from study.db.models import (
    Answer,
    ClassMember,
    Classroom,
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
              mode: Mode = Mode.EXAM, finished: bool = True, versions: dict[str, str] | None = None) -> None:
    """One session: (question id, right or None when unanswered, picked choices) per item; versions gives
    the hash of the version drawn by question id (no hash: drawn before versions were kept)."""
    quiz = QuizSession(user=user, mode=mode, settings={}, position=0, item_count=len(rows), started_at=T0,
                       finished_at=T0 + timedelta(minutes=30) if finished else None,
                       correct=sum(1 for _, right, _ in rows if right) if finished else None)
    for position, (qid, right, picks) in enumerate(rows):
        item = SessionItem(position=position, question_id=qid, choice_order=["A", "B", "C", "D"], params=None,
                           question_hash=(versions or {}).get(qid))
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
    (q1,), (q2,) = stats.items["b/q1"].versions, stats.items["b/q2"].versions  # one version each, no hash
    assert q1.question_hash is None and not stats.items["b/q1"].by_version
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
    from study.db.item_stats import VersionStats
    found = VersionStats("v1", attempts, right, pbis, None, picks, reports).flags(["A", "B", "C"])
    assert [f.split(" (")[0] for f in found] == flags


Row = tuple[str, int, str | None]  # (question id, x, hash of the version drawn)


def independent(sheets: list[list[Row]], bank: str) -> dict:
    """The same statistics computed directly from the sheets with the standard library, per (question, version)."""
    sheets = [s for s in sheets if len(s) >= 2]
    xs, rs = {}, {}
    for sheet in sheets:
        total = sum(x for _, x, _ in sheet)
        for qid, x, version in sheet:
            if qid.startswith(bank + "/"):
                xs.setdefault((qid, version), []).append(x)
                rs.setdefault((qid, version), []).append((total - x) / (len(sheet) - 1))
    items = {}
    for key, x in xs.items():
        r = rs[key]
        pb = statistics.correlation(x, r) if len(set(x)) > 1 and len(set(r)) > 1 else None
        n = len(r)
        rank = [sum(other < value for other in r) for value in r]
        pr = [k / (n - 1) if n > 1 else 0.0 for k in rank]
        up = [xi for xi, p in zip(x, pr) if p >= 0.73]
        low = [xi for xi, p in zip(x, pr) if p <= 0.27]
        items[key] = (len(x), sum(x), pb, statistics.fmean(up) - statistics.fmean(low) if up and low else None)
    bank_sheets = [[x for q, x, _ in s if q.startswith(bank + "/")] for s in sheets]
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


def assert_matches(stats, expected: dict) -> None:
    """Every (question, version) of the bank against the independent computation."""
    got = {(qid, v.question_hash): v for qid, item in stats.items.items() for v in item.versions}
    assert set(got) == set(expected["items"])
    for key, (attempts, right, pbis, index) in expected["items"].items():
        version = got[key]
        assert (version.attempts, version.right) == (attempts, right), key
        assert version.point_biserial == pytest.approx(pbis) if pbis is not None else version.point_biserial is None
        assert version.upper_lower == pytest.approx(index) if index is not None else version.upper_lower is None


def version_drawn(qid: str, sheet_number: int) -> str | None:
    """The random fixture's versions: none kept for the first 10 sheets; even-numbered questions edited
    (v1 -> v2) at sheet 35."""
    if sheet_number < 10:
        return None
    return "v2" if int(qid[-1]) % 2 == 0 and sheet_number >= 35 else "v1"


def test_matches_an_independent_computation_on_random_answers_with_versions(db):
    rng = random.Random(7)
    ability = {name: rng.random() for name in ("ada", "bo", "cy", "di", "ed", "fay")}
    users = {name: learner(db, name) for name in ability}
    sheets = []
    for number in range(60):
        name = rng.choice(list(ability))
        qids = rng.sample([f"b/q{i}" for i in range(8)] + [f"c/q{i}" for i in range(4)], rng.randint(1, 7))
        rows = [(qid, int(rng.random() < ability[name] + 0.1 * int(qid[-1]) / 8 + 0.2 * (version == "v2")), version)
                for qid in qids for version in [version_drawn(qid, number)]]
        sheets.append(rows)
        add_sheet(db, users[name], [(q, bool(x), ["A" if x else "B"]) for q, x, _ in rows],
                  versions={q: v for q, _, v in rows if v})
    db.commit()
    expected = independent(sheets, "b")
    stats = bank_statistics(db, "b")
    assert stats.mean == pytest.approx(expected["mean"]) and stats.spread == pytest.approx(expected["spread"])
    assert stats.questions_per_sheet == expected["k"] and stats.kr20 == pytest.approx(expected["kr20"])
    assert {v.question_hash for v in stats.items["b/q2"].versions} == {"v2", "v1", None}
    assert_matches(stats, expected)


def test_two_versions_of_a_question_worked_out_by_hand(db):
    """b/q1 edited between sheets 4 and 5 (its key moved from A to B); b/q2 the same all along.
    sheet  1  2  3  4 | 5  6  7      (q1 as v1 on sheets 1-4, as v2 on 5-7)
    q1     1  1  0  1 | 1  0  0
    q2     1  0  0  0 | 1  0  0      rest score of q1 = q2's x (sheets of two questions)
    v1: x = 1,1,0,1; r = 1,0,0,0 -> facility 3/4; deviations x .25,.25,-.75,.25 and r .75,-.25,-.25,-.25:
        sum of products .25, sums of squares .75 and .75 -> point-biserial 1/3; percent ranks 1,0,0,0:
        upper {1} facility 1, lower {2,3,4} facility 2/3 -> index 1/3.
    v2: x = 1,0,0; r = 1,0,0 -> facility 1/3, point-biserial 1, upper {5} 1 minus lower {6,7} 0 -> index 1.
    Mixed, as before versions: x = 1,1,0,1,1,0,0; r = 1,0,0,0,1,0,0 -> 6 / sqrt(12 * 10) = 0.548.
    Bank: shares 1,.5,0,.5,1,0,0 -> mean 3/7, mean of squares 2.5/7; raw totals 2,1,0,1,2,0,0 -> variance
        10/7 - 36/49 = 34/49; mean p*q over the versions as items: (4 * 3/16 + 3 * 2/9 + 7 * 10/49) / 14 = 239/1176.
    """
    ada = learner(db, "ada")
    for number, (q1, q2, pick) in enumerate([(1, 1, "A"), (1, 0, "A"), (0, 0, "C"), (1, 0, "A"),
                                             (1, 1, "B"), (0, 0, "A"), (0, 0, "A")]):
        add_sheet(db, ada, [("b/q1", bool(q1), [pick]), ("b/q2", bool(q2), ["A"])],
                  versions={"b/q1": "v1" if number < 4 else "v2", "b/q2": "w"})
    db.flush()
    db.add_all([ProblemReport(user_id=ada.id, question_id="b/q1", message=message, created_at=T0, question_hash=version)
                for message, version in (("key wrong?", "v2"), ("from long ago", None))])
    db.commit()
    stats = bank_statistics(db, "b")
    item = stats.items["b/q1"]
    assert item.by_version and [v.question_hash for v in item.versions] == ["v2", "v1", None]  # newest first
    v2, v1, before = item.versions
    assert (v1.attempts, v1.right, v2.attempts, v2.right, before.attempts) == (4, 3, 3, 1, 0)
    assert v1.facility == pytest.approx(3 / 4) and v2.facility == pytest.approx(1 / 3)
    assert v1.point_biserial == pytest.approx(1 / 3) and v2.point_biserial == pytest.approx(1.0)
    assert v1.upper_lower == pytest.approx(1 / 3) and v2.upper_lower == pytest.approx(1.0)
    assert v1.picks == {"A": 3, "C": 1} and v2.picks == {"B": 1, "A": 2}
    assert (v1.open_reports, v2.open_reports, before.open_reports, item.open_reports) == (0, 1, 1, 2)
    assert (item.attempts, item.right) == (7, 4)
    (w,) = stats.items["b/q2"].versions
    assert w.question_hash == "w" and w.facility == pytest.approx(2 / 7)
    assert stats.mean == pytest.approx(3 / 7) and stats.spread == pytest.approx((2.5 / 7 - 9 / 49) ** 0.5)
    assert stats.kr20 == pytest.approx(2 * (1 - 2 * (239 / 1176) / (34 / 49)))


def test_a_class_counts_only_its_learners_answers(db):
    """Random sheets, with three of the six learners in a class: the class's statistics equal an
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
    for number in range(50):
        name = rng.choice(names)
        rows = [(qid, int(rng.random() < 0.6), version_drawn(qid, number))
                for qid in rng.sample([f"b/q{i}" for i in range(6)], rng.randint(2, 5))]
        add_sheet(db, users[name], [(q, bool(x), ["A" if x else "B"]) for q, x, _ in rows],
                  versions={q: v for q, _, v in rows if v})
        if name in members:
            in_class.append(rows)
    db.add(ProblemReport(user_id=users["bo"].id, question_id="b/q1", message="unclear", created_at=T0,
                         question_hash="v1"))
    db.commit()
    expected = independent(in_class, "b")
    stats = bank_statistics(db, "b", class_id=room.id)
    assert stats.sheets == len(in_class) and stats.mean == pytest.approx(expected["mean"])
    assert stats.kr20 == pytest.approx(expected["kr20"]) if expected["kr20"] is not None else stats.kr20 is None
    assert_matches(stats, expected)
    for qid, item in stats.items.items():
        for version in item.versions:
            right = version.right
            assert version.picks == {k: v for k, v in (("A", right), ("B", version.attempts - right)) if v}, qid
    assert stats.items["b/q1"].open_reports == 1  # sent by bo, who is not in the class
    everyone = bank_statistics(db, "b")
    assert everyone.sheets == 50 > stats.sheets
