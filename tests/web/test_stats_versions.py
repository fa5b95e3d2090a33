"""The bank statistics page per question version, on the real banks and model: each version answered shows
its own figures, picks and the model's reasons as its learners were judged, newest first, with diff links."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

from sqlalchemy import select

from study.db.models import ItemAttempt, QuestionVersion, QuizSession, Role, User
from study.db.publish import publish
from study.web.accounts import create_account
from study.web.catalog import Entry
from study.web.database import db_session
from tests.web.form_requests import Auth
from tests.web.test_real_content import swappable

EARLIER = "e" * 64


def sheet(db, user: User, clock, rows: list[tuple[str, int, str, str | None]]) -> None:
    """A finished session of two or more questions, stored as its attempts: (gid, x, pick, hash) per question."""
    quiz = QuizSession(user=user, mode="exam", settings={}, position=len(rows), item_count=len(rows),
                       started_at=clock(), finished_at=clock(), correct=sum(x for _, x, _, _ in rows))
    for gid, x, pick, question_hash in rows:
        quiz.attempts.append(ItemAttempt(question_id=gid, correct=x, rest=(quiz.correct - x) / (len(rows) - 1),
                                         picks=f'["{pick}"]', question_hash=question_hash))
    db.add(quiz)


def table_rows(block: str) -> dict[str, tuple[str, str]]:
    """Choice letter -> (picked, what the model says) in one version's table."""
    found = re.findall(r"<tr><td><strong>([A-H])</strong>.*?</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td></tr>", block, re.S)
    return {letter: (picked, " ".join(html.unescape(re.sub(r"<[^>]+>", "", says)).split()))
            for letter, picked, says in found}


@dataclass(frozen=True)
class TwoVersions:
    """What store_two_versions stored: the question, the served entry, the choice ids whose designs the
    earlier version swapped, and the question_version id of each hash."""

    gid: str
    served: Entry
    content: dict
    key: str
    other: str
    stored: dict[str, int]


# (right, the choice picked, the version answered) per sheet; by default the earlier version 3 times (all
# right, picking the other choice), the served one twice (key once, the other once), once before versions.
THREE_GROUPS = [(1, "other", "earlier")] * 3 + [(1, "key", "served"), (0, "other", "served"), (1, "key", None)]


def store_two_versions(app, clock, answers=THREE_GROUPS) -> TwoVersions:
    """The earlier version swapped the designs of the right choice and another (so its key was the other
    choice) and was published before the served one; the answers are stored as sheets that each hold a
    second question of the bank, answered in one version."""
    from study.web.app_catalog import catalog

    with app.app_context():
        loaded = catalog()
        gid, content, key, other = next(swappable(loaded))
        served = loaded.entry(gid)
        choices = {c["id"]: c for c in content["choices"]}
        choices[key]["design"], choices[other]["design"] = choices[other]["design"], choices[key]["design"]
        db = db_session()
        db.add(QuestionVersion(bank_id=served.bank.id, question_id=served.question.id, content_hash=EARLIER,
                               content=content, created_at=clock()))
        db.flush()
        publish(db, [replace(served.bank, questions=(served.question,))], clock())
        ada = User(username="ada", role=Role.LEARNER, created_at=clock())
        filler = next(e.gid for e in loaded.entries.values() if e.bank is served.bank and e.gid != gid)
        named = {"key": key, "other": other, "earlier": EARLIER, "served": served.content_hash, None: None}
        for x, pick, version in answers:
            sheet(db, ada, clock, [(gid, x, named[pick], named[version]), (filler, 1, "x", None)])
        create_account(db, "teacher", "long password", Role.INSTRUCTOR, clock())
        db.commit()
        stored = {row.content_hash: row.id for row in db.scalars(
            select(QuestionVersion).where(QuestionVersion.question_id == served.question.id))}
    return TwoVersions(gid, served, content, key, other, stored)


def test_a_question_answered_in_two_versions_shows_each_with_its_own_verdicts(real_app, clock):
    """Each version's block: its name, facility, picks and the model's verdicts on its own choices."""
    found = store_two_versions(real_app, clock)
    served, stored, key, other = found.served, found.stored, found.key, found.other
    teacher = real_app.test_client()
    Auth(teacher).login("teacher", "long password")
    page = teacher.get(f"/instructor/stats/{served.bank.id}").get_data(as_text=True)
    section = re.search(rf'<section class="item-stats" id="{served.question.id}">(.*?)</section>', page, re.S).group(1)
    blocks = section.split('<div class="version-stats">')[1:]
    assert page.count('<div class="version-stats">') == 3  # the filler, answered in one version, is not split
    assert "6 attempts over 3 versions" in section
    newest, earlier, before = blocks
    assert f"Version {stored[served.content_hash]} <code>{served.content_hash[:12]}</code> · served now" in newest
    assert f"old={stored[EARLIER]}&amp;new={stored[served.content_hash]}" in newest
    assert f"Version {stored[EARLIER]} <code>{EARLIER[:12]}</code>" in earlier and "served now" not in earlier
    assert "Answered before versions were kept" in before and "The version answered is not known" in before
    assert "2 attempts; facility 0.50" in newest and "3 attempts; facility 1.00" in earlier
    letter = {choice["id"]: "ABCDEFGH"[i] for i, choice in enumerate(found.content["choices"])}
    now, then = table_rows(newest), table_rows(earlier)
    assert now[letter[key]] == ("1 (50%)", "in the key") and now[letter[other]][0] == "1 (50%)"
    assert then[letter[other]] == ("3 (100%)", "in the key") and then[letter[key]][0] == "0 (0%)"
    assert then[letter[key]][1] == earlier_reason(real_app, found.gid, key)
    assert now[letter[other]][1] != "in the key" and then[letter[key]][1] != "in the key"


def earlier_reason(app, gid: str, choice_id: str) -> str:
    """What the model says about a choice of the earlier version, rebuilt here from its stored copy."""
    from study.export.items import export_item
    from study.web.app_catalog import catalog
    from study.web.seen_version import version_entry

    with app.app_context():
        entry = version_entry(catalog(), db_session(), gid, EARLIER)
        item = export_item(entry.bank, entry.question, lambda _q, params: catalog().evaluation(entry, params))
    choice = next(c for c in item.choices if c.choice_id == choice_id)
    return f"{choice.reason} {choice.rule_id}".strip() if choice.rule_id else choice.reason


def test_a_question_answered_only_in_an_earlier_version_shows_that_version_unsplit(real_app, clock):
    """One version answered, not the one served now: no version blocks, a line that says so, its own key."""
    found = store_two_versions(real_app, clock, answers=[(1, "other", "earlier")] * 2)
    teacher = real_app.test_client()
    Auth(teacher).login("teacher", "long password")
    page = teacher.get(f"/instructor/stats/{found.served.bank.id}").get_data(as_text=True)
    section = re.search(rf'<section class="item-stats" id="{found.served.question.id}">(.*?)</section>', page,
                        re.S).group(1)
    assert 'class="version-stats"' not in page
    assert f"Answered as Version {found.stored[EARLIER]} <code>{EARLIER[:12]}</code>" in " ".join(section.split())
    assert "the app now serves another" in section and "2 attempts; facility 1.00" in section
    letter = {choice["id"]: "ABCDEFGH"[i] for i, choice in enumerate(found.content["choices"])}
    assert table_rows(section)[letter[found.other]] == ("2 (100%)", "in the key")
