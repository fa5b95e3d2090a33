"""Unpacking an uploaded bank or zip: where entries land, which are refused, and the byte budget."""
from __future__ import annotations

import io
import zipfile

import pytest

from study.content.bank_upload import UploadLimits, UploadRefused, _copy, unpack


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, f"# {name}\n")
    return buffer.getvalue()


@pytest.mark.parametrize(("names", "banks", "ignored"), [
    (["a.yaml", "sub/b.yml", "README.md"], ["a.yaml", "sub/b.yml"], ["README.md"]),
    (["./c.yaml", "d/./e.YAML"], ["c.yaml", "d/e.YAML"], []),
    (["notes.txt"], [], ["notes.txt"]),
])
def test_bank_entries_land_under_the_folder_and_others_are_ignored(tmp_path, names, banks, ignored):
    unpacked = unpack("banks.zip", io.BytesIO(zipped(*names)), tmp_path)
    assert (unpacked.banks, unpacked.ignored) == (banks, ignored)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == sorted(banks)


@pytest.mark.parametrize(("names", "message"), [
    (["..\\evil.yaml"], "climbs out of the archive"),
    (["\\evil.yaml"], "absolute path"),
    (["d:evil.yaml"], "absolute path"),
    (["a.yaml", "./a.yaml"], "outside the archive's folder or twice"),
])
def test_windows_style_and_repeated_paths_are_refused(tmp_path, names, message):
    with pytest.raises(UploadRefused, match=message):
        unpack("banks.zip", io.BytesIO(zipped(*names)), tmp_path)


def test_extraction_stops_once_the_bytes_written_pass_the_budget(tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(zipped("a.yaml")))
    with pytest.raises(UploadRefused, match="past the size limit"):
        _copy(archive, archive.infolist()[0], tmp_path / "a.yaml", budget=3)


@pytest.mark.parametrize(("size", "refused"), [(10, False), (11, True)])
def test_the_upload_limit_is_inclusive(tmp_path, size, refused):
    limits = UploadLimits(upload_bytes=10)
    if refused:
        with pytest.raises(UploadRefused, match="larger than"):
            unpack("b.yaml", io.BytesIO(b"#" * size), tmp_path, limits)
    else:
        assert unpack("b.yaml", io.BytesIO(b"#" * size), tmp_path, limits).banks == ["b.yaml"]
