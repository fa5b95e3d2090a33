"""Real-browser flows: learn-practise-resume, an exam with flags, keyboard-only answering."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from study.db.models import QuizSession
from study.web.database import db_session


def register(page: Page, base: str, name: str = "ada") -> None:
    page.goto(f"{base}/auth/register")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def pick_wrong(page: Page) -> None:
    """Click a choice whose text says it is wrong (the fake bank labels them)."""
    page.locator("label.choice", has_text="Wrong design").first.click()


def pick_right(page: Page) -> None:
    """Answer the current fake question right, whatever its kind."""
    if page.locator("input[name=numeric]").count():
        load = re.search(r"for (\d+)", page.locator("div.stem").inner_text()).group(1)
        page.locator("input[name=numeric]").fill(f"{int(load) / 50:g}")
    elif page.locator("label.choice", has_text="A holds").count():
        page.locator("label.choice", has_text="A holds").click()
        page.locator("label.choice", has_text="B holds").click()
    else:
        page.locator("label.choice", has_text="right").click()


def test_register_read_practise_resume_finish(page: Page, live_server, shot):
    register(page, live_server)
    shot("dashboard-empty")
    page.get_by_role("link", name="Notes").click()
    page.get_by_role("link", name="IAM roles for tasks").click()
    expect(page.get_by_role("heading", name="Task role", exact=True)).to_be_visible()
    shot("note")
    page.locator("form:has(input[value='iam-roles#execution-role']) button").click()
    expect(page.get_by_text("question 1 of")).to_be_visible()
    pick_wrong(page)
    page.get_by_role("button", name="Answer").click()
    expect(page.get_by_text("Wrong.")).to_be_visible()
    expect(page.get_by_text("this would hold if")).to_be_visible()
    expect(page.locator("a[href^='/notes/iam-roles#']").first).to_be_visible()
    shot("practice-feedback")
    page.reload()
    expect(page.get_by_text("Wrong.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Finish|Next question")).click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    expect(page.get_by_text("You got 0 of 1 right")).to_be_visible()
    shot("practice-results")


def test_resume_mid_session_after_reload(page: Page, live_server, live_app):
    register(page, live_server, "bob")
    page.goto(f"{live_server}/practice/")
    page.get_by_label("IAM roles for tasks", exact=True).check()
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start practising").click()
    pick_right(page)
    page.get_by_role("button", name="Answer").click()
    page.get_by_role("button", name="Next question").click()
    expect(page.get_by_text("question 2 of 2")).to_be_visible()
    page.goto(f"{live_server}/practice/")
    page.get_by_role("link", name=re.compile("question 2 of 2")).click()
    expect(page.get_by_text("question 2 of 2")).to_be_visible()
    # Close the browser: only cookies with an expiry survive into the next one.
    kept = [c for c in page.context.cookies() if c["expires"] > 0]
    reopened = page.context.browser.new_context()
    reopened.add_cookies(kept)
    again = reopened.new_page()
    again.goto(page.url)
    expect(again.get_by_text("question 2 of 2")).to_be_visible()
    reopened.close()


def test_exam_with_flag_navigation_and_breakdown(page: Page, live_server, shot):
    register(page, live_server, "cy")
    page.get_by_role("link", name="Exam").click()
    page.get_by_label("Questions").fill("6")
    page.get_by_label("Minutes").fill("20")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_text("question 1 of 6")).to_be_visible()
    pick_right(page)
    page.get_by_label("Flag for review").check()
    shot("exam-question")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("question 2 of 6")).to_be_visible()
    page.get_by_role("button", name="Previous").click()
    expect(page.get_by_label("Flag for review")).to_be_checked()
    page.get_by_role("button", name="Overview").click()
    expect(page.get_by_text("1 ⚑ flagged")).to_be_visible()
    shot("exam-overview")
    page.get_by_role("button", name="Submit the exam").click()
    expect(page.get_by_role("heading", name="By domain")).to_be_visible()
    expect(page.locator("p.score")).to_contain_text("FAIL")
    expect(page.locator("table.domains a").first).to_be_visible()
    shot("exam-results")


def start_through_api(page: Page, base: str, **body) -> int:
    """Start a session with the JSON API, sharing the browser's cookies (setup without clicking)."""
    token = page.request.get(f"{base}/api/csrf").json()["csrf_token"]
    response = page.request.post(f"{base}/api/sessions", data=body, headers={"X-CSRFToken": token})
    assert response.status == 201, response.text()
    return response.json()["id"]


def test_keyboard_only_answering(page: Page, live_server, live_app):
    sid = start_through_api(page, live_server, mode="practice", topics=["iam"], count=1)
    page.goto(f"{live_server}/practice/{sid}")
    expect(page.get_by_text("question 1 of 1")).to_be_visible()
    letters = page.locator("label.choice .letter").all_inner_texts()
    texts = page.locator("label.choice .text").all_inner_texts()
    right_letter = letters[next(i for i, t in enumerate(texts) if "right" in t)]
    page.locator("body").press(right_letter.lower())
    page.locator("body").press("Enter")
    expect(page.get_by_text("Right.")).to_be_visible()
    with live_app.app_context():
        assert db_session().get(QuizSession, 1).items[0].answer.correct


def test_exam_picks_are_saved_the_moment_they_are_made(page: Page, live_server, live_app, shot):
    """A pick is stored without pressing Next, so when time runs out it counts; the timer warns."""
    for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        live_app.config["STUDY_CLOCK"].at = datetime.now(UTC)  # the page's countdown runs on the real clock
        sid = start_through_api(page, live_server, mode="exam", count=6, minutes=6)
        page.goto(f"{live_server}/exam/{sid}")
        expect(page.get_by_role("link", name="Practice")).to_have_count(0)  # navigation reduced
        pick_right(page)
        expect(page.locator("[data-save-status]")).to_have_text("Saved.")
        expect(page.locator("[data-time-warning]")).to_contain_text("minutes left")
        shot(f"exam-autosave-{name}")
        live_app.config["STUDY_CLOCK"].advance(minutes=7)
        page.reload()
        expect(page.get_by_text("Time is up: your exam was submitted.")).to_be_visible()
        expect(page.get_by_text("1 of 6 right")).to_be_visible()


def test_a_finished_session_leads_somewhere(page: Page, live_server, shot):
    """Results list every question with its feedback and offer retries; a question can be skipped."""
    for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        sid = start_through_api(page, live_server, mode="practice", topics=["iam", "launch-types"], count=3)
        page.goto(f"{live_server}/practice/{sid}")
        pick_wrong(page)
        page.get_by_role("button", name="Answer").click()
        page.get_by_role("button", name="Next question").click()
        page.get_by_role("button", name="Skip this question").click()
        pick_right(page)
        page.get_by_role("button", name="Answer").click()
        page.get_by_role("button", name="Finish").click()
        expect(page.get_by_role("heading", name="Results")).to_be_visible()
        expect(page.get_by_role("link", name="Skipped")).to_be_visible()
        shot(f"practice-results-{name}")
        page.get_by_role("link", name="Wrong").click()
        expect(page.get_by_text("Wrong. The answer is")).to_be_visible()
        page.get_by_role("link", name="Back to the results").click()
        page.get_by_role("button", name="Retry the ones I missed (2)").click()
        expect(page.get_by_text("question 1 of 2")).to_be_visible()


def test_review_asks_for_a_rating_with_the_next_intervals(page: Page, live_server, live_app, shot):
    """Like Anki: after answering in review, Again / Hard / Good / Easy with when the card comes back."""
    register(page, live_server)
    sid = start_through_api(page, live_server, mode="practice", topics=["load-balancers"], count=1)
    page.goto(f"{live_server}/practice/{sid}")
    pick_wrong(page)
    page.get_by_role("button", name="Answer").click()
    live_app.config["STUDY_CLOCK"].advance(days=2)
    page.goto(f"{live_server}/review/")
    page.get_by_role("button", name="Start review").click()
    pick_right(page)
    page.get_by_role("button", name="Answer").click()
    ratings = page.locator("form.ratings button")
    expect(ratings).to_have_count(4)
    expect(page.locator("form.ratings button.primary")).to_contain_text("Good")
    shot("review-ratings")
    page.locator("body").press("4")  # Easy
    expect(page.get_by_role("heading", name="Results")).to_be_visible()


def test_no_page_breaks_its_content_security_policy(page: Page, live_server, live_app):
    """The CSP allows no inline script or style; every page must work under it without a violation."""
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    register(page, live_server)
    sid = start_through_api(page, live_server, mode="practice", topics=["iam"], count=1)
    page.goto(f"{live_server}/practice/{sid}")
    pick_wrong(page)
    page.get_by_role("button", name="Answer").click()
    exam = start_through_api(page, live_server, mode="exam", count=6, minutes=20)
    for path in ["/", "/notes/", "/notes/iam-roles", "/practice/", f"/practice/{sid}", "/exam/",
                 f"/exam/{exam}/q/1", f"/exam/{exam}/overview", "/review/", "/review/cards", "/rules/",
                 "/auth/login", "/auth/register", "/account/"]:
        response = page.goto(f"{live_server}{path}")
        assert response.headers["content-security-policy"].startswith("default-src 'self'"), path
    page.goto(f"{live_server}/exam/{exam}/q/1")
    pick_right(page)  # the autosave script runs under the policy too
    expect(page.locator("[data-save-status]")).to_have_text("Saved.")
    assert violations == []
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"color: red\">x</div>')")
    page.wait_for_timeout(300)
    assert violations, "the listener must see a violation when one happens"
