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
    expect(page.locator("table.history a").first).to_be_visible()  # the practice she did as a visitor
    shot("phone-dashboard")


def test_the_explanation_names_the_letters_on_screen(page: Page, real_server, shot):
    """Choices are shuffled: the explanation must name each choice by the letter shown beside it."""
    for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{real_server}/practice/")
        csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
        started = page.request.post(f"{real_server}/practice/start", form={
            "csrf_token": csrf, "question": "auto-scaling/as-step-adjustments-without-gaps", "count": "1"})
        page.goto(started.url)
        shown = {bank_id: page.locator(f"label.choice:has(input[value={bank_id}]) .letter").inner_text()
                 for bank_id in "ABCD"}
        page.locator("label.choice:has(input[value=A])").click()
        page.get_by_role("button", name="Answer").click()
        explanation = page.locator("div.explanation")
        expect(explanation).to_contain_text(f"({shown['A']} leaves 500-1,000 uncovered)")
        expect(explanation).to_contain_text(f"({shown['C']} covers 500-600")
        expect(explanation).to_contain_text(f"{shown['B']} covers everything")
        expect(explanation).not_to_contain_text("{")
        shot(f"explanation-letters-{name}")


def test_note_pages_fit_a_phone_and_skip_to_content(page: Page, real_server):
    """No sideways scrolling on a phone (long URLs and code wrap), a skip link and a favicon on every page."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{real_server}/notes/")
    slugs = [href.rsplit("/", 1)[1] for href in page.locator("main a[href^='/notes/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")]
    assert slugs
    for slug in dict.fromkeys(slugs):
        page.goto(f"{real_server}/notes/{slug}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"/notes/{slug} scrolls sideways by {overflow}px"
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    assert page.locator("link[rel=icon]").get_attribute("href").startswith("data:image/svg+xml,")
