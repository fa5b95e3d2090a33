"""A learner downloads Anki decks from the notes and practice pages of the real bundled content."""
from __future__ import annotations

import sqlite3
import zipfile

import pytest
from playwright.sync_api import Page, expect

from study import locations
from study.content.banks import load_banks
from study.content.notes import load_notes
from tests.browser.conftest import ARTIFACTS

SIZES = [pytest.param((1280, 900), id="desktop"), pytest.param((390, 844), id="phone")]


def downloaded_notes(download, tmp_path) -> int:
    """Save a download and count the notes of the Anki collection inside the zip."""
    package = tmp_path / download.suggested_filename
    download.save_as(package)
    with zipfile.ZipFile(package) as archive:
        assert "collection.anki2" in archive.namelist()
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        return db.execute("select count(*) from notes").fetchone()[0]


def screen(page: Page, name: str, size: tuple[int, int]) -> None:
    """Save what the screen shows (not the whole page) under artifacts/browser/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{'desktop' if size[0] > 800 else 'phone'}.png"))


def expected_notes(topic: str = "", section: str = "", note: str = "") -> int:
    """Questions on the topic or practising the section, plus the note's sections (or the one section)."""
    questions = [q for b in load_banks([locations.questions_dir()]).banks for q in b.questions
                 if str(q.topic) == topic or section in q.practises]
    sections = [s for n in load_notes(locations.content_dir()).notes if n.slug == note for s in n.sections
                if not section or s.anchor == section]
    return len(questions) + len(sections)


@pytest.mark.parametrize("size", SIZES)
def test_the_notes_page_downloads_its_topic_and_a_section(page: Page, real_server, tmp_path, size):
    page.set_viewport_size(dict(zip(("width", "height"), size)))
    page.goto(f"{real_server}/notes/volumes")
    link = page.get_by_role("link", name="Download Volumes and storage as an Anki deck")
    expect(link).to_be_visible()
    screen(page, "anki-download-note", size)
    with page.expect_download() as topic_deck:
        link.click()
    assert topic_deck.value.suggested_filename == "aws-containers-volumes.apkg"
    assert downloaded_notes(topic_deck.value, tmp_path) == expected_notes(topic="volumes", note="volumes")
    with page.expect_download() as section_deck:
        page.locator("a[href='/download/anki/section/volumes/efs.apkg']").click()
    assert section_deck.value.suggested_filename == "aws-containers-volumes-efs.apkg"
    expected = expected_notes(section="volumes#efs", note="volumes")
    assert downloaded_notes(section_deck.value, tmp_path) == expected > 1


@pytest.mark.parametrize("size", SIZES)
def test_the_practice_page_offers_every_topic(page: Page, real_server, tmp_path, size):
    page.set_viewport_size(dict(zip(("width", "height"), size)))
    page.goto(f"{real_server}/practice/")
    section = page.locator("section.downloads")
    expect(section.get_by_role("link")).to_have_count(6)
    section.scroll_into_view_if_needed()
    screen(page, "anki-download-practice", size)
    with page.expect_download() as deck:
        section.get_by_role("link", name="Auto scaling").click()
    assert deck.value.suggested_filename == "aws-containers-auto-scaling.apkg"
    assert downloaded_notes(deck.value, tmp_path) == expected_notes(topic="auto-scaling", note="auto-scaling")
