"""Browser fixtures: Debian's Chromium (never a downloaded one) and the app served from a thread."""
from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from study import locations
from tests.web.app_builder import build_app, drop_everything
from tests.web.pinned_clock import Clock

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch /usr/bin/chromium without reaching outside hosts."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def live_app(tmp_path):
    """The app on a fresh SQLite database, CSRF on, clock pinned to the test's start."""
    app = build_app(f"sqlite:///{tmp_path / 'browser.db'}", Clock(datetime.now(UTC)), WTF_CSRF_ENABLED=True)
    yield app
    drop_everything(app)


def serve(app):
    """Serve app on a free port from a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_server(live_app):
    """The fake-bank app served from a thread."""
    yield from serve(live_app)


@pytest.fixture
def real_server(tmp_path):
    """The app over the real bundled notes and banks, served from a thread."""
    app = build_app(f"sqlite:///{tmp_path / 'real.db'}", Clock(datetime.now(UTC)), WTF_CSRF_ENABLED=True,
                    STUDY_CATALOG=None, STUDY_CONTENT_DIR=str(locations.content_dir()),
                    STUDY_QUESTIONS_DIR=str(locations.questions_dir()))
    yield from serve(app)
    drop_everything(app)


@pytest.fixture
def shot(page):
    """Save a full-page screenshot under artifacts/browser/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
