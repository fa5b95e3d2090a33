"""`study export moodle|gift|qti`: files written for good selections, clear refusals for bad ones."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
import zipfile

import pytest
import yaml

from study.cli import main
from study.content.banks import load_banks
from study.locations import questions_dir

BANKS = load_banks([questions_dir()]).banks
VOLUMES = sum(1 for bank in BANKS for q in bank.questions if str(q.topic) == "volumes")
VALID_BANKS = ", ".join(sorted(bank.id for bank in BANKS))


@pytest.mark.parametrize(("fmt", "suffix"), [("moodle", ".xml"), ("gift", ".gift"), ("qti", ".zip")])
def test_each_format_writes_the_chosen_topic(tmp_path, capsys, fmt, suffix):
    out = tmp_path / f"bank{suffix}"
    assert main(["export", fmt, "--topic", "volumes", "-o", str(out)]) == 0
    assert f"wrote {VOLUMES} question(s)" in capsys.readouterr().err
    if fmt == "moodle":
        types = [q.get("type") for q in ET.parse(out).getroot().findall("question")]
        assert (types.count("category"), len(types) - 1) == (1, VOLUMES)
    elif fmt == "gift":
        assert out.read_text(encoding="utf-8").count("\n::volumes") == VOLUMES
    else:
        assert len(zipfile.ZipFile(out).namelist()) == VOLUMES + 1


def test_variants_give_distinct_stable_ids(tmp_path):
    first, again = tmp_path / "a.xml", tmp_path / "b.xml"
    for out in (first, again):
        assert main(["export", "moodle", "--bank", "auto-scaling", "--variants", "3", "-o", str(out)]) == 0
    assert first.read_bytes() == again.read_bytes()
    ids = [q.findtext("idnumber") for q in ET.parse(first).getroot().findall("question[@type='numerical']")]
    assert len(ids) == len(set(ids))
    drawn = [i for i in ids if "@" in i]
    assert drawn and all(sum(other.split("@")[0] == i.split("@")[0] for other in drawn) == 3 for i in drawn)


@pytest.mark.parametrize(("args", "message"), [
    (["--topic", "nope"], "unknown topic nope; valid topics: launch-types (Launch types and task sizing), iam"),
    (["--bank", "nope"], f"unknown bank nope; valid banks: {VALID_BANKS}"),
    (["--bank", "iam", "--topic", "volumes"], "no question matches that choice of --topic and --bank"),
])
def test_bad_selection_exits_2_with_the_valid_values(tmp_path, capsys, args, message):
    assert main(["export", "gift", *args, "-o", str(tmp_path / "x.gift")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.gift").exists()


def test_output_in_a_missing_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["export", "qti", "-o", str(tmp_path / "missing" / "bank.zip")]) == 2
    assert f"folder {tmp_path / 'missing'} does not exist" in capsys.readouterr().err


def test_bad_variants_count_is_a_usage_error(tmp_path, capsys):
    assert main(["export", "moodle", "--variants", "0", "-o", str(tmp_path / "x.xml")]) == 2
    assert "at least 1" in capsys.readouterr().err


def test_a_bank_that_fails_validation_is_never_exported(tmp_path, monkeypatch, capsys):
    banks = tmp_path / "questions"
    banks.mkdir()
    shutil.copy(questions_dir() / "ecr-eks.yaml", banks / "ecr-eks.yaml")
    data = yaml.safe_load((questions_dir() / "iam.yaml").read_text(encoding="utf-8"))
    data["questions"][0]["key"] = ["Z"] if data["questions"][0]["key"] != ["Z"] else ["A"]
    (banks / "iam.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("STUDY_QUESTIONS_DIR", str(banks))
    out = tmp_path / "bank.xml"
    assert main(["export", "moodle", "-o", str(out)]) == 1
    printed = capsys.readouterr()
    assert f"{data['questions'][0]['id']}: key:" in printed.out and "nothing exported" in printed.err
    assert not out.exists()
    assert main(["export", "moodle", "--bank", "ecr-eks", "-o", str(out)]) == 0
    assert out.exists()
