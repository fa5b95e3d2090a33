"""An instructor reads a question answered in two versions on the bank statistics page (real banks and
model), then follows the link to what changed; screenshots of the question on desktop and phone."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from study import locations
from tests.browser.conftest import serve
from tests.browser.test_learner_extras import SCREENSHOTS, VIEWPORTS, log_in
from tests.web.app_builder import build_app, drop_everything
from tests.web.pinned_clock import Clock
from tests.web.test_stats_versions import EARLIER, store_two_versions


@pytest.fixture
def versions_site(tmp_path):
    """The real banks served, with one question answered as an earlier version, as the served one and before
    versions were kept; yields the base URL and what was stored."""
    clock = Clock(datetime.now(UTC))
    app = build_app(f"sqlite:///{tmp_path / 'versions.db'}", clock, WTF_CSRF_ENABLED=True, STUDY_CATALOG=None,
                    STUDY_CONTENT_DIR=str(locations.content_dir()), STUDY_QUESTIONS_DIR=str(locations.questions_dir()))
    found = store_two_versions(app, clock)
    for base in serve(app):
        yield base, found
    drop_everything(app)


def test_each_version_of_a_question_shows_its_own_figures_and_links_to_the_diff(page: Page, versions_site):
    base, found = versions_site
    log_in(page, base, "teacher", "long password")
    page.goto(f"{base}/instructor/stats/{found.served.bank.id}")
    section = page.locator(f"section#{found.served.question.id}")
    versions = section.locator(".version-stats")
    expect(versions).to_have_count(3)
    expect(versions.nth(0).locator("h3")).to_contain_text("served now")
    expect(versions.nth(1).locator("h3")).to_contain_text(EARLIER[:12])
    expect(versions.nth(2).locator("h3")).to_have_text("Answered before versions were kept")
    expect(versions.nth(1)).to_contain_text("3 attempts; facility 1.00")
    for width, height, device in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        section.screenshot(path=str(SCREENSHOTS / f"instructor-item-statistics-versions-{device}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    versions.nth(0).get_by_role("link", name="changes from version").click()
    expect(page.get_by_role("heading", name="Versions of")).to_be_visible()
    expect(page.locator("pre.diff span.removed").first).to_be_visible()  # the designs the edit swapped back
