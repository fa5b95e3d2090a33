"""The plain-paragraph shortcut gives exactly what the Markdown converter gives, or steps aside."""
from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from study.content.markdown_html import EXTENSIONS, plain_paragraphs, to_html
from tests.export.conftest import bundled


def converted(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_the_shortcut_matches_the_converter_on_every_bundled_text():
    texts = [t for item in bundled().items for t in (item.stem, item.explanation, *(c.text for c in item.choices))]
    texts += [note.markdown for note in bundled().notes]
    taken = [t for t in texts if plain_paragraphs(t) is not None]
    assert len(taken) > len(texts) // 2  # the shortcut is worth having
    assert [plain_paragraphs(t) for t in taken] == [converted(t) for t in taken]


FRAGMENTS = ["ab", "a b", "1.", "1)", " ", "  ", "\t", "-", "+", "*", "_", "`", "#", ">", "|", "<", "&", "=", "==",
             "[", "]", "(x)", "{", "}", ":", "!", "\\", "'", '"', "~", "---", "    "]
LINES = st.lists(st.sampled_from(FRAGMENTS), max_size=4).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.lists(LINES, max_size=5).map("\n".join))
def test_the_shortcut_never_disagrees_with_the_converter(text):
    shortcut = plain_paragraphs(text)
    assert shortcut is None or shortcut == converted(text)


@pytest.mark.parametrize("text, html", [
    ("One line.", "<p>One line.</p>"),
    ("First\nsecond.\n\nThird.", "<p>First\nsecond.</p>\n<p>Third.</p>"),
    ("- a list", "<ul>\n<li>a list</li>\n</ul>"),
    ("Title\n=====", '<h1 id="title">Title</h1>'),
])
def test_to_html_renders_plain_and_marked_up_text(text, html):
    assert to_html(text) == html
