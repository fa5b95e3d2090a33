"""An instructor uploads a bank in the browser: Check shows the report with the error lines, a fixed bank
publishes (desktop and phone screenshots kept under docs/screenshots/)."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from study.db.models import Role
from study.web.accounts import create_account
from study.web.database import db_session
from tests.browser.test_learner_extras import keep, log_in
from tests.web.test_upload import BROKEN, GOOD

KEY_LINE = BROKEN.decode().splitlines().index("    key: [B]") + 1  # where the flipped key sits in the bundled bank


def test_an_instructor_checks_a_broken_bank_then_publishes_the_fixed_one(page: Page, live_server, live_app, tmp_path):
    with live_app.app_context():
        create_account(db_session(), "teacher", "long password", Role.INSTRUCTOR, live_app.config["STUDY_CLOCK"]())
        db_session().commit()
    log_in(page, live_server, "teacher", "long password")
    page.get_by_role("link", name="Publish").click()
    broken = tmp_path / "launch-types-scheduling.yaml"
    broken.write_bytes(BROKEN)
    page.get_by_label("Bank or zip of banks").set_input_files(str(broken))
    page.get_by_role("button", name="Check").click()
    expect(page.locator("pre.report")).to_contain_text(
        f"launch-types-scheduling.yaml:{KEY_LINE}: daemon-on-every-instance: key: the key says B but the model rejects it")
    expect(page.get_by_role("alert")).to_contain_text("nothing was stored")
    keep(page, "publish-check-errors")
    broken.write_bytes(GOOD)
    page.get_by_label("Bank or zip of banks").set_input_files(str(broken))
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash.success")).to_have_text(
        "Published: 4 new, 0 changed, 0 unchanged. New sessions get these versions now.")
    expect(page.locator("ul.published")).to_contain_text("new: launch-types-scheduling/daemon-on-every-instance")
    keep(page, "publish-done")
