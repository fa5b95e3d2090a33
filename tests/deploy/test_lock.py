"""deploy/requirements.lock: the image installs exactly these versions, so the lock must match pyproject.toml."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "deploy" / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\]+)", re.M)


def locked() -> dict[str, str]:
    """Locked versions by canonical name."""
    return {canonicalize_name(name): version for name, version in PIN.findall(LOCK.read_text())}


def runtime_requirements() -> list[Requirement]:
    """What the image needs: the package's dependencies and the postgresql extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(text) for text in [*project["dependencies"], *project["optional-dependencies"]["postgresql"]]]


@pytest.mark.parametrize("requirement", runtime_requirements(), ids=str)
def test_every_runtime_dependency_is_locked_within_its_range(requirement):
    version = locked().get(canonicalize_name(requirement.name))
    assert version, f"{requirement.name} is not in {LOCK.name}: run the pip-compile command at the top of the lock"
    assert requirement.specifier.contains(version, prereleases=True), (
        f"{requirement.name}=={version} is outside {requirement.specifier}: regenerate the lock")


def test_every_pin_carries_a_hash():
    """pip's --require-hashes refuses the whole file when one pin lacks a hash."""
    entries = re.split(r"\n(?=[A-Za-z0-9._-]+==)", LOCK.read_text().split("\n", 1)[1])
    pins = [entry for entry in entries if PIN.match(entry)]
    assert pins and all("--hash=sha256:" in entry for entry in pins)


def test_the_image_installs_the_lock_with_hashes_before_the_package():
    text = (ROOT / "Dockerfile").read_text()
    lock_step = text.index("--require-hashes -r deploy/requirements.lock")
    assert lock_step < text.index("pip install --no-cache-dir --no-deps .")
