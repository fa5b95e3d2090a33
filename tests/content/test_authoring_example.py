"""The authoring guide's worked example is a real bank: it loads, extends its base, and its key is proven."""

from __future__ import annotations

import re

from study.content.validate import validate
from study.locations import PROJECT_ROOT


def test_worked_example_validates(tmp_path):
    guide = (PROJECT_ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = re.search(r"## A complete example\n\n```yaml\n(.*?)```", guide, re.S).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    report = validate([path], PROJECT_ROOT / "content")
    assert [str(p) for p in report.problems] == []
    assert report.questions == 1
