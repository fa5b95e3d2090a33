"""Classes: an instructor creates a class and sets assignments; learners join with a code and do them.

An instructor sees only their own classes (any other id is a 404, never a 403 that confirms it
exists); a learner sees only the assignments of classes they joined.
"""
from __future__ import annotations

import csv
import io
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from study.db.models import Assignment, ClassMember, Classroom, Mode, QuizSession, User
from study.web import exam, quiz
from study.web.app_catalog import catalog
from study.web.catalog import TOPICS, rules_in
from study.web.clock import now
from study.web.database import db_session
from study.web.ownership import instructor_required, learner
from study.web.seen_version import item_entry

bp = Blueprint("classes", __name__)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
MAX_NAME, MAX_COUNT, MAX_MINUTES = 120, 100, 300


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def own_class(class_id: int) -> Classroom:
    """The current instructor's class, or 404 (another instructor's class does not exist for them)."""
    found = db_session().get(Classroom, class_id)
    if found is None or found.instructor_id != current_user.id:
        abort(404, description="There is no such class among yours.")
    return found


def own_assignment(class_id: int, assignment_id: int) -> tuple[Classroom, Assignment]:
    classroom = own_class(class_id)
    assignment = db_session().get(Assignment, assignment_id)
    if assignment is None or assignment.classroom_id != classroom.id:
        abort(404, description="There is no such assignment in this class.")
    return classroom, assignment


@bp.route("/instructor/classes", methods=["GET", "POST"])
@instructor_required
def index():
    """The instructor's classes, and a form to create one."""
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        if not name or len(name) > MAX_NAME:
            flash(f"Give the class a name (1-{MAX_NAME} characters).", "error")
            return redirect(url_for("classes.index"))
        created = Classroom(instructor_id=current_user.id, name=name, join_code=new_join_code(), created_at=now())
        db_session().add(created)
        db_session().commit()
        flash(f"Class created. Learners join it with the code {created.join_code}.", "success")
        return redirect(url_for("classes.show", class_id=created.id))
    mine = db_session().scalars(
        select(Classroom).filter_by(instructor_id=current_user.id).order_by(Classroom.name)).all()
    return render_template("classes/index.html", classes=mine)


@bp.route("/instructor/classes/<dbint:class_id>")
@instructor_required
def show(class_id: int):
    """A class: its code, learners and assignments, and the form for a new assignment."""
    classroom = own_class(class_id)
    return render_template("classes/show.html", classroom=classroom, members=members(classroom),
                           assignments=assignments_of(classroom), topics=TOPICS, catalog=catalog())


@bp.route("/instructor/classes/<dbint:class_id>/assignments", methods=["POST"])
@instructor_required
def assign(class_id: int):
    """Set a new assignment for the class."""
    classroom = own_class(class_id)
    form = request.form
    problem, fields = assignment_fields(form.get("title", ""), Covered(form.getlist("topic"), form.getlist("section"),
                                                                     form.getlist("bank")),
                                        form.get("count", ""), form.get("mode", ""), form.get("minutes", ""),
                                        form.get("due", ""))
    if problem:
        flash(problem, "error")
    else:
        db_session().add(Assignment(classroom_id=classroom.id, created_at=now(), **fields))
        db_session().commit()
        flash("Assignment set: your learners see it on their dashboard.", "success")
    return redirect(url_for("classes.show", class_id=classroom.id))


@dataclass(frozen=True)
class Covered:
    """What an assignment draws from, as the form sent it: topics, note sections and banks."""

    topics: list[str]
    sections: list[str]
    banks: list[str]

    def known(self) -> Covered:
        """Only the topics, sections and banks the app serves."""
        banks = {bank.id for bank in catalog().banks}
        return Covered([t for t in self.topics if t in TOPICS], [s for s in self.sections if s in catalog().sections],
                       [b for b in self.banks if b in banks])


def assignment_fields(title, covered: Covered, count, mode, minutes, due) -> tuple[str | None, dict]:
    """The assignment's columns from the form, or a message saying what to fix."""
    title, covered = title.strip(), covered.known()
    if not title or len(title) > MAX_NAME:
        return f"Give the assignment a title (1-{MAX_NAME} characters).", {}
    if not (covered.topics or covered.sections or covered.banks) or not catalog().select(
            covered.topics, covered.sections, banks=covered.banks):
        return "Choose at least one topic, bank or note section that has questions.", {}
    if not (count.isascii() and count.isdigit() and 1 <= int(count) <= MAX_COUNT):
        return f"Choose 1-{MAX_COUNT} questions.", {}
    if mode not in (Mode.PRACTICE, Mode.EXAM):
        return "Choose practice or exam.", {}
    if mode == Mode.EXAM and not (minutes.isascii() and minutes.isdigit() and 1 <= int(minutes) <= MAX_MINUTES):
        return f"An exam needs 1-{MAX_MINUTES} minutes.", {}
    try:
        due_at = datetime.combine(date.fromisoformat(due), time.max, tzinfo=UTC) if due.strip() else None
    except ValueError:
        return "Give the due date as YYYY-MM-DD, or leave it empty.", {}
    return None, {"title": title, "topics": covered.topics, "sections": covered.sections, "banks": covered.banks,
                  "count": int(count), "mode": Mode(mode),
                  "minutes": int(minutes) if mode == Mode.EXAM else None, "due_at": due_at}


def members(classroom: Classroom) -> list[User]:
    return list(db_session().scalars(select(User).join(ClassMember, ClassMember.user_id == User.id)
                                     .where(ClassMember.classroom_id == classroom.id).order_by(User.username)))


def assignments_of(classroom: Classroom) -> list[Assignment]:
    return list(db_session().scalars(select(Assignment).filter_by(classroom_id=classroom.id)
                                     .order_by(Assignment.created_at.desc(), Assignment.id.desc())))


@dataclass
class LearnerResult:
    """One learner's state on an assignment: their latest session for it, if any."""

    user: User
    session: QuizSession | None

    @property
    def status(self) -> str:
        if self.session is None:
            return "not started"
        return "finished" if self.session.finished_at else "in progress"


def results(assignment: Assignment, learners: list[User]) -> list[LearnerResult]:
    """Each learner's latest session for the assignment (not started when none)."""
    sessions = db_session().scalars(select(QuizSession).filter_by(assignment_id=assignment.id)
                                    .order_by(QuizSession.started_at, QuizSession.id)).all()
    latest = {s.user_id: s for s in sessions}
    return [LearnerResult(user, latest.get(user.id)) for user in learners]


def mastery(assignment: Assignment) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """Per note section and per model rule: (name, right, answered) over the class's answers to the assignment."""
    sections: dict[str, list[int]] = {}
    rules: dict[str, list[int]] = {}
    finished = db_session().scalars(select(QuizSession).filter_by(assignment_id=assignment.id)
                                    .where(QuizSession.finished_at.is_not(None))).all()
    for session in finished:
        for item in session.items:
            entry = item_entry(catalog(), item)
            if entry is None or item.answer is None:
                continue
            right = int(item.answer.correct)
            for anchor in entry.question.practises:
                sections.setdefault(anchor, [0, 0])[0] += right
                sections[anchor][1] += 1
            if entry.question.kind != "numeric":
                for rule_id in rules_in(catalog().evaluation(entry, item.params)):
                    rules.setdefault(rule_id, [0, 0])[0] += right
                    rules[rule_id][1] += 1
    return ([(a, r, n) for a, (r, n) in sorted(sections.items())], [(a, r, n) for a, (r, n) in sorted(rules.items())])


@bp.route("/instructor/classes/<dbint:class_id>/assignments/<dbint:assignment_id>")
@instructor_required
def assignment_results(class_id: int, assignment_id: int):
    """Who has done the assignment and how well, who has not started, and the class's mastery."""
    classroom, assignment = own_assignment(class_id, assignment_id)
    rows = results(assignment, members(classroom))
    by_section, by_rule = mastery(assignment)
    return render_template("classes/assignment.html", classroom=classroom, assignment=assignment, rows=rows,
                           by_section=by_section, by_rule=by_rule, catalog=catalog())


@bp.route("/instructor/classes/<dbint:class_id>/assignments/<dbint:assignment_id>.csv")
@instructor_required
def assignment_csv(class_id: int, assignment_id: int):
    """The same results as CSV, one row per learner."""
    classroom, assignment = own_assignment(class_id, assignment_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["learner", "status", "right", "questions", "scaled_score", "started_at", "finished_at"])
    for row in results(assignment, members(classroom)):
        s = row.session
        done = s is not None and s.finished_at is not None
        writer.writerow([row.user.username, row.status, s.correct if done else "", s.item_count if s else "",
                         s.scaled_score if done and s.mode == Mode.EXAM else "", s.started_at.isoformat() if s else "",
                         s.finished_at.isoformat() if done else ""])
    filename = f"{classroom.name}-{assignment.title}".encode("ascii", "ignore").decode() or "results"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in filename)[:80]
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'})


@bp.route("/classes/join", methods=["POST"])
@login_required
def join():
    """Join a class with its code (registered learners only: a class needs to know who you are)."""
    if current_user.is_visitor:
        flash("Register first: your instructor needs to know who you are.", "error")
        return redirect(url_for("auth.register"))
    code = request.form.get("code", "").strip().upper()
    classroom = db_session().scalar(select(Classroom).filter_by(join_code=code)) if code else None
    if classroom is None:
        flash("No class has that code; check it with your instructor.", "error")
        return redirect(url_for("dashboard.index"))
    try:
        db_session().add(ClassMember(classroom_id=classroom.id, user_id=current_user.id, joined_at=now()))
        db_session().commit()
        flash(f"You joined {classroom.name}.", "success")
    except IntegrityError:
        db_session().rollback()
        flash(f"You are already in {classroom.name}.", "info")
    return redirect(url_for("dashboard.index"))


def learner_assignments(user: User) -> list[tuple[Assignment, Classroom, QuizSession | None]]:
    """The assignments of every class the learner joined, due soonest first, each with their latest session."""
    rows = db_session().execute(
        select(Assignment, Classroom).join(Classroom, Classroom.id == Assignment.classroom_id)
        .join(ClassMember, ClassMember.classroom_id == Classroom.id).where(ClassMember.user_id == user.id)
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)).all()
    sessions = db_session().scalars(select(QuizSession).where(
        QuizSession.user_id == user.id, QuizSession.assignment_id.in_([a.id for a, _ in rows]))
        .order_by(QuizSession.started_at, QuizSession.id)).all()
    latest = {s.assignment_id: s for s in sessions}
    return [(a, c, latest.get(a.id)) for a, c in rows]


@bp.route("/assignments/<dbint:assignment_id>/start", methods=["POST"])
@login_required
def start(assignment_id: int):
    """Start (or resume) an assignment as a practice session or an exam."""
    user = learner()
    found = next(((a, s) for a, _c, s in learner_assignments(user) if a.id == assignment_id), None)
    if found is None:
        abort(404, description="There is no such assignment in your classes.")
    assignment, latest = found
    if latest is not None and latest.finished_at is None:
        return redirect(session_url(latest))
    pool = quiz.drawable(db_session(), catalog().select(assignment.topics, assignment.sections, banks=assignment.banks))
    if assignment.mode == Mode.EXAM:
        try:
            session = exam.start_exam(min(assignment.count, len(pool)), assignment.minutes, pool)
        except exam.ExamRunning as running:
            flash("You have an exam running: submit it before starting this one.", "info")
            return redirect(session_url(running.session))
    else:
        rng = random.Random()
        session = quiz.start_session(db_session(), user, Mode.PRACTICE, catalog(),
                                     rng.sample(pool, min(assignment.count, len(pool))), now=now(), rng=rng,
                                     settings={"topics": assignment.topics, "sections": assignment.sections,
                                               "banks": assignment.banks, "count": assignment.count})
    session.assignment_id = assignment.id
    db_session().commit()
    return redirect(session_url(session))


def session_url(session: QuizSession) -> str:
    return url_for("exam.show" if session.mode == Mode.EXAM else "practice.show", session_id=session.id)
