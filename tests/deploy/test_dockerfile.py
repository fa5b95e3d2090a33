"""The image recipe and the gunicorn settings, checked without a container engine."""
from __future__ import annotations

import json
import re
import runpy
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
SECRET_LOOKING = re.compile(r"KEY|PASSWORD|SECRET|TOKEN", re.IGNORECASE)


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction: its keyword in capitals and its arguments as written."""

    keyword: str
    arguments: str


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions in order, with comments dropped and backslash continuations joined."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append(Instruction(keyword.upper(), arguments.strip()))
    return instructions


def variable_names(instruction: Instruction) -> list[str]:
    """The names an ENV or ARG instruction sets (`A=1 B=2`, `A 1` or `A`)."""
    if "=" not in instruction.arguments.split(" ")[0]:
        return [instruction.arguments.split(" ")[0]]
    return re.findall(r"(\w+)=", instruction.arguments)


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    """The project's Dockerfile, parsed."""
    return parse_dockerfile(DOCKERFILE.read_text())


def last(instructions: list[Instruction], keyword: str) -> tuple[int, Instruction]:
    """Position and value of the last instruction with this keyword (the one that takes effect)."""
    found = [(index, item) for index, item in enumerate(instructions) if item.keyword == keyword]
    assert found, f"Dockerfile has no {keyword}"
    return found[-1]


def test_parser_joins_continuations_and_drops_comments():
    """The checks below read what Docker reads."""
    text = "# a comment\nFROM base\nENV A=1 \\\n    B=2\nuser  app\n"
    assert parse_dockerfile(text) == [
        Instruction("FROM", "base"), Instruction("ENV", "A=1      B=2"), Instruction("USER", "app"),
    ]


def test_base_image(instructions):
    """The Python the project supports, on the small Debian image."""
    assert instructions[0] == Instruction("FROM", "python:3.11-slim")


def test_runs_as_an_unprivileged_user(instructions):
    """The process that serves the internet has no root in its container."""
    user_at, user = last(instructions, "USER")
    cmd_at, _ = last(instructions, "CMD")
    assert user_at < cmd_at
    assert user.arguments.split(":")[0] not in {"root", "0"}


@pytest.mark.parametrize(
    "line, names",
    [("ENV A=1 B_KEY=2", ["A", "B_KEY"]), ("ENV LEGACY value", ["LEGACY"]), ("ARG VERSION", ["VERSION"])],
)
def test_variable_names(line, names):
    """Both ENV forms and ARG are read."""
    assert variable_names(parse_dockerfile(line)[0]) == names


def test_no_secret_baked_into_the_image(instructions):
    """Secrets come from Secrets Manager at start; an ENV or ARG would sit in the image's layers."""
    names = [name for item in instructions if item.keyword in {"ENV", "ARG"} for name in variable_names(item)]
    assert names, "expected ENV lines to check"
    assert [name for name in names if SECRET_LOOKING.search(name)] == []


def test_installs_the_postgresql_driver_from_the_lock(instructions):
    """Servers use PostgreSQL, whose driver is an optional extra: the lock holds it (tests/deploy/test_lock.py)."""
    runs = [item.arguments for item in instructions if item.keyword == "RUN"]
    assert "pip install --no-cache-dir --require-hashes -r deploy/requirements.lock" in runs
    assert "psycopg==" in (ROOT / "deploy" / "requirements.lock").read_text()


def test_command_is_gunicorn_with_the_project_settings(instructions):
    """The exec form, so gunicorn is PID 1 and receives ECS's SIGTERM itself."""
    _, cmd = last(instructions, "CMD")
    assert json.loads(cmd.arguments) == ["gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"]
    copied = " ".join(item.arguments for item in instructions if item.keyword == "COPY")
    for needed in ("deploy/gunicorn.conf.py", "wsgi.py", "content", "questions"):
        assert needed in copied


def test_exposes_the_container_port(instructions):
    """The port the task definition maps."""
    assert last(instructions, "EXPOSE")[1].arguments == "8000"


@pytest.mark.parametrize("ignored", [".venv", ".git", "instance", "artifacts", "tests"])
def test_build_context_leaves_out(ignored):
    """Local databases, secrets in instance/ and the virtualenv never reach the image."""
    assert ignored in (ROOT / ".dockerignore").read_text().splitlines()


def load_gunicorn_settings(monkeypatch, concurrency: str | None) -> dict:
    """The names the gunicorn config file defines, under a given WEB_CONCURRENCY."""
    if concurrency is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", concurrency)
    return runpy.run_path(str(GUNICORN_CONF))


def test_gunicorn_settings(monkeypatch):
    """Listen on the container port on every interface, and stop before ECS kills the container."""
    settings = load_gunicorn_settings(monkeypatch, None)
    assert settings["bind"] == "0.0.0.0:8000"
    assert settings["graceful_timeout"] < 30  # ECS stopTimeout default
    assert settings["accesslog"] is None
    assert settings["workers"] == 2


@pytest.mark.parametrize("concurrency, workers", [("1", 1), ("4", 4)])
def test_workers_follow_web_concurrency(monkeypatch, concurrency, workers):
    """Operators size the workers to the task's CPU without a new image."""
    assert load_gunicorn_settings(monkeypatch, concurrency)["workers"] == workers


@pytest.mark.parametrize("concurrency", ["0", "-1"])  # gunicorn itself refuses a non-number
def test_bad_web_concurrency_is_named(monkeypatch, concurrency):
    """A bad value stops the start with a sentence, not a traceback."""
    with pytest.raises(SystemExit, match=f"WEB_CONCURRENCY='{concurrency}': expected a whole number"):
        load_gunicorn_settings(monkeypatch, concurrency)
