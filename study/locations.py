"""Where the bundled notes and banks live; environment variables may point elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def content_dir() -> Path:
    """Notes directory: STUDY_CONTENT_DIR or the bundled content/."""
    return Path(os.environ.get("STUDY_CONTENT_DIR", PROJECT_ROOT / "content"))


def questions_dir() -> Path:
    """Banks directory: STUDY_QUESTIONS_DIR or the bundled questions/."""
    return Path(os.environ.get("STUDY_QUESTIONS_DIR", PROJECT_ROOT / "questions"))
