"""Raw HTML in Markdown texts: what nh3 would drop or change and unclosed tags are errors, kept tags warnings."""

from __future__ import annotations

import pytest

from study.cli import main
from study.content.problems import Severity
from study.content.raw_html import raw_html

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@pytest.mark.parametrize(("text", "expected"), [
    ("plain **bold** and *italic*", []),
    ("code shows as written: `<b>` and `` <style> ``", []),
    ("```\n<style>\n<div>\n```\n", []),
    ("autolinks <https://docs.aws.amazon.com> and <ops@example.com>; a < b > c", []),
    ("a <b>bold</b> word", [(0, WARNING, "raw HTML <b> shows")]),
    ("x<br>y<br/>", [(0, WARNING, "<br>"), (0, WARNING, "<br/>")]),
    ("<style>p{}</style>", [(0, ERROR, "<style> is removed from the page with everything inside it")]),
    ("one\ntwo <style>\nrest", [(1, ERROR, "<style> is removed"), (1, ERROR, "<style> is never closed")]),
    ("com.amazonaws.<region>.logs", [(0, ERROR, "<region> is removed"), (0, ERROR, "<region> is never closed")]),
    ('<span onclick="x" class=a>t</span>', [(0, ERROR, "loses onclick on the page")]),
    ('<a href="/x" style="color:red">t</a>', [(0, ERROR, "loses style")]),
    ("<b>open\nline", [(0, WARNING, "<b> shows"), (0, ERROR, "<b> is never closed")]),
    ("text</b>", [(0, ERROR, "</b> closes a tag that is not open here")]),
    ("<b><i>x</b></i>", [(0, WARNING, "<b>"), (0, WARNING, "<i>"), (0, ERROR, "</b> closes a tag that is not open"),
                         (0, ERROR, "<b> is never closed")]),
    ("a\n\n<!-- note to self -->", [(2, ERROR, "an HTML comment is removed")]),
])
def test_raw_html_is_judged_against_the_sanitizer(text, expected):
    found = raw_html(text)
    assert len(found) == len(expected), found
    for finding, (line, severity, part) in zip(found, expected, strict=True):
        assert (finding.line, finding.severity) == (line, severity) and part in finding.message, finding


def test_kept_html_warns_at_its_line_and_validation_still_passes(tmp_path, capsys):
    assert main(["new", "kept-html", "--topic", "launch-types"]) == 0
    item = capsys.readouterr().out.replace("Replace this stem:", "Replace this <b>stem</b>:")
    bank = tmp_path / "drafts.yaml"
    bank.write_text("bank: drafts\ntitle: Drafts\nquestions:\n" + item, encoding="utf-8")
    assert main(["validate", str(bank)]) == 0
    assert f"warning: {bank}:8: kept-html: stem: raw HTML <b> shows" in capsys.readouterr().out
