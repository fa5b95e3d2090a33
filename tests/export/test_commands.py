"""`study export anki|csv` on the command line: what it writes, and what it refuses with which exit status."""
from __future__ import annotations

import zipfile

import pytest

from study import locations
from study.cli import main
from study.content.banks import load_banks


@pytest.fixture
def broken_bank(tmp_path):
    """A copy of the volumes bank whose typed key the model rejects."""
    text = (locations.questions_dir() / "volumes.yaml").read_text(encoding="utf-8")
    assert "    key: [C]\n" in text
    path = tmp_path / "volumes.yaml"
    path.write_text(text.replace("    key: [C]\n", "    key: [A]\n", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt, name", [("anki", "deck.apkg"), ("csv", "cards.csv")])
def test_export_writes_the_chosen_topic(tmp_path, capsys, fmt, name):
    out = tmp_path / name
    assert main(["export", fmt, "--topic", "iam", "--bank", "iam", "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    assert out.stat().st_size > 0
    if fmt == "anki":
        assert "collection.anki2" in zipfile.ZipFile(out).namelist()


@pytest.mark.parametrize("option, value, valid", [
    ("--topic", "containers", "valid topics: launch-types (Launch types and task sizing), iam"),
    ("--bank", "nope", "valid banks: " + ", ".join(sorted(b.id for b in load_banks([locations.questions_dir()]).banks))),
])
@pytest.mark.parametrize("fmt", ["anki", "csv"])
def test_unknown_topic_or_bank_exits_2_with_the_valid_names(tmp_path, capsys, fmt, option, value, valid):
    out = tmp_path / "out"
    assert main(["export", fmt, option, value, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"unknown {option[2:]} {value}" in err and valid in err
    assert not out.exists()


@pytest.mark.parametrize("output, says", [
    ("missing/deck.apkg", "folder {tmp}/missing does not exist; create it first"),
    (".", "{tmp} is a folder; give a file name inside it"),
])
def test_an_output_path_that_cannot_be_written_exits_2_before_any_work(tmp_path, capsys, monkeypatch, output, says):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / output if output != "." else tmp_path
    assert main(["export", "anki", "-o", str(target)]) == 2
    assert says.format(tmp=tmp_path) in capsys.readouterr().err


def test_a_bank_that_fails_validation_is_never_exported(tmp_path, capsys, broken_bank):
    assert main(["validate", str(broken_bank)]) == 1
    printed_by_validate = capsys.readouterr().out
    out = tmp_path / "deck.apkg"
    assert main(["export", "anki", "--questions", str(broken_bank), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == printed_by_validate and "the key says A but the model rejects it" in captured.out
    assert "nothing exported" in captured.err and not out.exists()


def test_a_missing_bank_path_exits_2(tmp_path, capsys):
    assert main(["export", "csv", "--questions", str(tmp_path / "none"), "-o", str(tmp_path / "c.csv")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["javascript:alert(1)", "study.example.org", "https://"])
def test_a_base_url_that_is_not_a_site_address_exits_2(tmp_path, capsys, url):
    assert main(["export", "anki", "--base-url", url, "-o", str(tmp_path / "d.apkg")]) == 2
    assert "is not a site address" in capsys.readouterr().err
