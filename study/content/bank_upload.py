"""An uploaded bank or zip of banks, written into a folder for validation, with every hostile archive refused.

No Flask here: the instructor's publish page calls it with the uploaded bytes and a fresh temporary folder.
Limits stay under the 20 MiB that study/content/safe_yaml.py allows one YAML file, so no bank that fits an
upload is then refused for its size by the loader.
"""
from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

MIB = 1024 * 1024
BANK_SUFFIXES = (".yaml", ".yml")
CHUNK = 64 * 1024
DRIVE = re.compile(r"^[A-Za-z]:")


class UploadRefused(ValueError):
    """An upload that is not unpacked; the message says why and what to send instead."""


@dataclass(frozen=True)
class UploadLimits:
    """How much an upload may hold."""

    upload_bytes: int = 5 * MIB  # the file as sent, YAML or zip
    unpacked_bytes: int = 20 * MIB  # every entry of a zip together, once decompressed
    entries: int = 200  # entries of a zip, folders included


@dataclass
class Unpacked:
    """The bank files written (relative to the folder) and the zip entries left out because they are no bank."""

    banks: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def unpack(filename: str, stream: BinaryIO, folder: Path, limits: UploadLimits = UploadLimits()) -> Unpacked:
    """Write the upload's banks under folder: a .yaml/.yml file as it is, a .zip entry by entry."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    data = stream.read(limits.upload_bytes + 1)
    if len(data) > limits.upload_bytes:
        raise UploadRefused(f"{name} is larger than {limits.upload_bytes // MIB} MiB; split it into smaller uploads")
    if name.lower().endswith(BANK_SUFFIXES):
        (folder / name).write_bytes(data)
        return Unpacked(banks=[name])
    if name.lower().endswith(".zip"):
        return _unpack_zip(name, data, folder, limits)
    raise UploadRefused(f"{name or 'the upload'} is neither a bank (.yaml or .yml) nor a .zip of banks")


def _unpack_zip(name: str, data: bytes, folder: Path, limits: UploadLimits) -> Unpacked:
    """Check the archive's directory first (count, paths, kinds, declared sizes), then extract, counting bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise UploadRefused(f"{name} is not a zip archive (or it is damaged); send a .zip or a .yaml bank") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.entries:
            raise UploadRefused(f"{name} has {len(entries)} entries; at most {limits.entries} are accepted")
        unpacked, wanted = Unpacked(), []
        for entry in entries:
            relative = _safe_path(entry)
            if entry.is_dir():
                continue
            if relative.suffix.lower() in BANK_SUFFIXES:
                wanted.append((entry, relative))
            else:
                unpacked.ignored.append(entry.filename)
        declared = sum(entry.file_size for entry, _ in wanted)
        if declared > limits.unpacked_bytes:
            raise UploadRefused(f"{name} unpacks to {declared // MIB} MiB; at most {limits.unpacked_bytes // MIB} MiB "
                                "of banks are accepted")
        _extract(archive, wanted, folder, limits.unpacked_bytes)
        unpacked.banks = [relative.as_posix() for _, relative in wanted]
    return unpacked


def _safe_path(entry: zipfile.ZipInfo) -> PurePosixPath:
    """The entry's path inside the folder, or UploadRefused for an absolute, climbing or symbolic-link entry."""
    text = entry.filename.replace("\\", "/")
    path = PurePosixPath(text)
    if text.startswith("/") or DRIVE.match(text):
        raise UploadRefused(f"entry {entry.filename!r} has an absolute path; the archive must hold relative paths only")
    if ".." in path.parts:
        raise UploadRefused(f"entry {entry.filename!r} climbs out of the archive with '..'; nothing was unpacked")
    if stat.S_ISLNK(entry.external_attr >> 16):
        raise UploadRefused(f"entry {entry.filename!r} is a symbolic link; put the bank file itself in the archive")
    parts = [part for part in path.parts if part not in ("", ".")]
    if not parts:
        raise UploadRefused(f"entry {entry.filename!r} has no file name")
    return PurePosixPath(*parts)


def _extract(archive: zipfile.ZipFile, wanted: list, folder: Path, budget: int) -> None:
    """Write each wanted entry, stopping as soon as the bytes written pass the budget (a lying header)."""
    root = folder.resolve()
    written = set()
    for entry, relative in wanted:
        target = (folder / relative).resolve()
        if not target.is_relative_to(root) or target in written:
            raise UploadRefused(f"entry {entry.filename!r} would be written outside the archive's folder or twice")
        written.add(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        budget -= _copy(archive, entry, target, budget)


def _copy(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Decompress one entry into target; how many bytes it took (UploadRefused past the budget or on damage)."""
    size = 0
    try:
        with archive.open(entry) as source, target.open("wb") as sink:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > budget:
                    raise UploadRefused(f"entry {entry.filename!r} unpacks to more than its archive declares and "
                                        "past the size limit; nothing was stored")
                sink.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise UploadRefused(f"entry {entry.filename!r} is damaged or its declared size is false ({error}); "
                            "make the archive again") from None
    except (RuntimeError, NotImplementedError) as error:
        raise UploadRefused(f"entry {entry.filename!r} cannot be unpacked ({error}); send an unencrypted "
                            "zip made with deflate or no compression") from None
    return size
