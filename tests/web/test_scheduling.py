"""FSRS scheduling of question and rule cards, with pinned times and fuzzing off."""
from __future__ import annotations

from datetime import timedelta

from fsrs import Card, Rating

from study.db.models import Answer, ReviewCard, User
from study.web.scheduling import rating_for, review, review_questions, scheduler_for
from tests.web.fake_catalog import fake_catalog
from tests.web.pinned_clock import PINNED


def test_ratings_follow_correctness_and_confidence():
    assert rating_for(Answer(correct=False, unsure=False)) == Rating.Again
    assert rating_for(Answer(correct=True, unsure=True)) == Rating.Hard
    assert rating_for(Answer(correct=True, unsure=False)) == Rating.Good


def test_a_lapse_comes_back_within_minutes_and_good_pushes_it_out():
    user = User(desired_retention=0.9)
    row = ReviewCard(card=Card(card_id=1, due=PINNED).to_dict(), due=PINNED, lapses=0)
    review(row, scheduler_for(user, fuzzing=False), Rating.Again, PINNED)
    assert row.due - PINNED <= timedelta(minutes=10) and row.lapses == 1
    later = row.due
    review(row, scheduler_for(user, fuzzing=False), Rating.Good, later)
    review(row, scheduler_for(user, fuzzing=False), Rating.Good, row.due)
    assert row.due - later >= timedelta(days=1)


def test_higher_retention_schedules_sooner():
    def interval(retention: float) -> timedelta:
        row = ReviewCard(card=Card(card_id=1, due=PINNED).to_dict(), due=PINNED, lapses=0)
        scheduler = scheduler_for(User(desired_retention=retention), fuzzing=False)
        for _ in range(4):
            review(row, scheduler, Rating.Good, row.due)
        start = row.due
        review(row, scheduler, Rating.Good, start)
        return row.due - start

    assert interval(0.97) < interval(0.8)


def test_rule_cards_pick_other_questions_testing_the_rule():
    catalog = fake_catalog()
    rule_card = ReviewCard(kind="rule", key="IAM01")
    question_card = ReviewCard(kind="question", key="fake/q1")
    picked = [e.gid for e in review_questions(catalog, [question_card, rule_card])]
    assert picked == ["fake/q1", "fake/q3"]
