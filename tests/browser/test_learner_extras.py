"""What a learner meets around the questions: time per exam question, daily review limits, and the
answers to their problem reports (desktop and phone, screenshots kept under docs/screenshots/)."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from study.db.models import Role
from study.web.accounts import create_account
from study.web.database import db_session
from tests.browser.test_flows import pick_right, pick_wrong, register, start_through_api

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORTS = ((1280, 900, "desktop"), (390, 844, "phone"))


def keep(page: Page, name: str) -> None:
    for width, height, device in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{device}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_exam_results_show_the_time_each_question_took(page: Page, live_server, live_app):
    register(page, live_server)
    clock = live_app.config["STUDY_CLOCK"]
    exam = start_through_api(page, live_server, mode="exam", count=3, minutes=10)
    for number, minutes in ((1, 3), (2, 1)):
        page.goto(f"{live_server}/exam/{exam}/q/{number}")
        pick_right(page)
        clock.advance(minutes=minutes)
    page.goto(f"{live_server}/exam/{exam}/overview")
    page.get_by_role("button", name="Submit the exam").click()
    expect(page.locator("main")).to_contain_text("Time: 4:00 of 10 minutes")
    expect(page.locator(".time-spent").first).to_have_text("3:00 spent")
    keep(page, "exam-time-per-question")


def test_daily_limits_are_set_on_the_dashboard_and_the_queue_says_what_waits(page: Page, live_server, live_app):
    register(page, live_server)
    clock = live_app.config["STUDY_CLOCK"]
    for topic in ("iam", "load-balancers"):
        session = start_through_api(page, live_server, mode="practice", topics=[topic], count=1)
        page.goto(f"{live_server}/practice/{session}")
        pick_wrong(page)
        page.get_by_role("button", name="Answer").click()
    page.goto(f"{live_server}/")
    page.get_by_label("New questions a day").fill("1")
    page.get_by_label("Reviews a day").fill("50")
    keep(page, "dashboard-settings")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    clock.advance(days=1)
    page.get_by_role("link", name="Review", exact=True).click()
    expect(page.locator("main")).to_contain_text("Today's limits let you do 1")
    keep(page, "review-daily-limits")


def test_a_learner_reads_the_answer_to_their_report(page: Page, live_server, live_app):
    register(page, live_server)
    session = start_through_api(page, live_server, mode="practice", topics=["iam"], count=1)
    page.goto(f"{live_server}/practice/{session}")
    page.get_by_text("Report a problem with this question").click()
    page.get_by_label("What is wrong?").fill("Choice B seems right too.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("sent to the instructors")).to_be_visible()
    with live_app.app_context():
        create_account(db_session(), "teacher", "long password", Role.INSTRUCTOR, live_app.config["STUDY_CLOCK"]())
        db_session().commit()
    teacher = page.context.browser.new_page()
    teacher.goto(f"{live_server}/auth/login")
    teacher.get_by_label("Username").fill("teacher")
    teacher.get_by_label("Password").fill("long password")
    teacher.get_by_role("button", name="Log in").click()
    teacher.goto(f"{live_server}/instructor/reports")
    teacher.get_by_label("Reply to the learner").fill("B misses the execution role; see the explanation.")
    teacher.get_by_role("button", name="Resolve").click()
    expect(teacher.get_by_text("the learner sees your reply")).to_be_visible()
    teacher.close()
    page.get_by_text("Report a problem with this question").click()
    page.get_by_role("link", name="Your reports and the answers to them").click()
    expect(page.locator(".status").first).to_have_text("Resolved")
    expect(page.locator(".reply")).to_contain_text("B misses the execution role")
    keep(page, "my-reports")


def log_in(page: Page, base: str, name: str, password: str) -> None:
    page.goto(f"{base}/auth/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_class_assignment_from_the_instructor_to_the_learner_and_back(page: Page, live_server, live_app):
    with live_app.app_context():
        create_account(db_session(), "teacher", "long password", Role.INSTRUCTOR, live_app.config["STUDY_CLOCK"]())
        db_session().commit()
    log_in(page, live_server, "teacher", "long password")
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Name").fill("SAA cohort, December")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator(".join-code").inner_text()
    page.get_by_label("Title").fill("IAM week")
    page.get_by_role("checkbox", name="IAM roles for tasks").check()
    page.get_by_label("Questions").fill("2")
    page.get_by_label("Due date").fill("2026-03-09")
    page.get_by_role("button", name="Set the assignment").click()
    expect(page.get_by_text("Assignment set")).to_be_visible()
    keep(page, "class-instructor")
    learner = page.context.browser.new_page()
    register(learner, live_server, "ada")
    learner.get_by_label("Code from your instructor").fill(code)
    learner.get_by_role("button", name="Join").click()
    expect(learner.get_by_text("You joined SAA cohort, December")).to_be_visible()
    keep(learner, "class-learner-dashboard")
    learner.locator("#classes").get_by_role("button", name="Start").click()
    for _ in range(2):
        pick_right(learner)
        learner.get_by_role("button", name="Answer").click()
        learner.get_by_role("button", name=re.compile("Next|Finish")).click()
    learner.goto(f"{live_server}/")
    expect(learner.locator("#classes")).to_contain_text("Done: 2 of 2 right")
    learner.close()
    page.get_by_role("link", name="IAM week").click()
    expect(page.locator("table.stats")).to_contain_text("finished")
    keep(page, "class-assignment-results")
    page.get_by_role("link", name="Statistics").click()
    page.get_by_role("link", name="Fake bank").click()
    expect(page.locator("main")).to_contain_text("attempts")
    keep(page, "instructor-item-statistics")
