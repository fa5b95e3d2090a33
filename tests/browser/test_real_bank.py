"""A visitor practises a real bundled question on a phone-sized screen."""
from __future__ import annotations

from playwright.sync_api import Page, expect


def test_visitor_practises_a_real_question_on_a_phone(page: Page, real_server, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{real_server}/practice/")
    page.get_by_label("Launch types and task sizing").check()
    page.get_by_label("Number of questions").fill("1")
    page.get_by_role("button", name="Start practising").click()
    expect(page.get_by_text("question 1 of 1")).to_be_visible()
    shot("phone-question")
    page.locator("label.choice").first.click()
    page.get_by_role("button", name="Answer").click()
    expect(page.locator("p.verdict")).to_be_visible()
    expect(page.locator("section.feedback a[href^='/notes/']").first).to_be_visible()
    shot("phone-feedback")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    page.get_by_role("link", name="Register to keep your work").click()
    page.get_by_label("Username").fill("phoebe")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Welcome, phoebe.")).to_be_visible()
    expect(page.get_by_role("link", name="Practice", exact=False).filter(has_text="Practice 2")).to_be_visible()
    shot("phone-dashboard")
