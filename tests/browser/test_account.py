"""The account page in a real browser, on a desktop and a phone: download my data, change the password,
delete the account."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_flows import register

VIEWPORTS = [pytest.param(1280, 900, "desktop", id="desktop"), pytest.param(390, 844, "phone", id="phone")]


def log_in(page: Page, base: str, name: str, password: str) -> None:
    """Fill the login form."""
    page.goto(f"{base}/auth/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize(("width", "height", "name"), VIEWPORTS)
def test_download_change_password_and_delete(page: Page, live_server, shot, width, height, name):
    page.set_viewport_size({"width": width, "height": height})
    register(page, live_server, name)
    page.get_by_role("link", name=name).click()  # the name in the nav opens the account page
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
    shot(f"account-{name}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    data = json.loads(download.value.path().read_text())
    assert data["account"]["username"] == name and data["quiz_sessions"] == []

    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill("a brand new password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_have_text("That is not your current password.")
    page.get_by_label("Current password").fill("correct horse battery")
    page.get_by_label("New password").fill("a brand new password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password was changed")
    shot(f"account-password-changed-{name}")

    page.get_by_label("Your password, to confirm").fill("a brand new password")
    page.get_by_role("button", name="Delete my account and all its data").click()
    expect(page.get_by_role("status")).to_contain_text("were deleted")
    log_in(page, live_server, name, "a brand new password")
    expect(page.get_by_role("alert")).to_have_text("Unknown username or wrong password.")
