"""Every module of the web app, the database and the exports has a row, with its role, in its doc's module table."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CODE_SPAN = re.compile(r"`([^`]+)`")
CELL_BORDER = re.compile(r"(?<!\\)\|")  # a "|" not escaped as "\|"


@dataclass(frozen=True)
class ModuleDoc:
    """A doc whose table lists the modules of some packages: the first cell names them, the second gives the role."""

    doc: str
    packages: tuple[str, ...]


MODULE_DOCS = (ModuleDoc("docs/web.md", ("study/web", "study/db")), ModuleDoc("docs/export.md", ("study/export",)))


def modules_of(packages: tuple[str, ...]) -> list[str]:
    """Every Python file of the packages, as a path from the repository root."""
    return sorted(path.relative_to(ROOT).as_posix() for package in packages
                  for path in (ROOT / package).rglob("*.py") if "__pycache__" not in path.parts)


def table_rows(markdown: str) -> list[tuple[str, str]]:
    """(first cell, second cell) of each Markdown table row that has both, header separators left out."""
    rows = []
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in CELL_BORDER.split(line.strip().strip("|"))] if line.startswith("|") else []
        if len(cells) >= 2 and cells[0] and cells[1] and not set(cells[0]) <= set("-: "):
            rows.append((cells[0], cells[1]))
    return rows


def resolve(name: str, packages: tuple[str, ...]) -> list[str]:
    """The paths a name in the table stands for: itself when it starts at the root, else each package holding it."""
    if name.startswith("study/"):
        return [name]
    return [f"{package}/{name}" for package in packages if (ROOT / package / name).exists()]


def listed(markdown: str, packages: tuple[str, ...]) -> tuple[set[str], list[str]]:
    """(paths a module table names, the names in it that stand for no module or for several, with the reason)."""
    named, problems = set(), []
    for first_cell, _role in table_rows(markdown):
        for name in CODE_SPAN.findall(first_cell):
            if not name.endswith((".py", "/")):
                continue
            paths = [path for path in resolve(name, packages) if (ROOT / path).exists()]
            if len(paths) != 1:
                problems.append(f"`{name}` names {len(paths)} existing modules; write one existing path from study/")
            named.update(paths)
    return named, problems


def listed_in(entry: ModuleDoc) -> tuple[set[str], list[str]]:
    """What the module table of the entry's doc names, and its problems."""
    return listed((ROOT / entry.doc).read_text(encoding="utf-8"), entry.packages)


def is_named(module: str, named: set[str]) -> bool:
    """A module is named by its own path or by a folder that holds it (`study/db/migrations/`)."""
    return module in named or any(name.endswith("/") and module.startswith(name) for name in named)


CASES = [pytest.param(entry, module, id=module) for entry in MODULE_DOCS for module in modules_of(entry.packages)]


@pytest.mark.parametrize(("entry", "module"), CASES)
def test_module_has_a_row_in_its_doc(entry, module):
    named, _ = listed_in(entry)
    assert is_named(module, named), (
        f"{module}: not in the module table of {entry.doc}; add a row: | `{module}` | what it is for |")


@pytest.mark.parametrize("entry", MODULE_DOCS, ids=[entry.doc for entry in MODULE_DOCS])
def test_module_table_names_only_modules_that_exist(entry):
    _, problems = listed_in(entry)
    assert not problems, f"{entry.doc}: " + "; ".join(problems)


@pytest.mark.parametrize(("markdown", "rows"), [
    ("| Module | Role |\n|---|---|\n| `study/web/a.py` | does a |",
     [("Module", "Role"), ("`study/web/a.py`", "does a")]),
    ("| `study/web/a.py` |  |", []),
    ("text with | a bar", []),
    ("| `study/export/lms_cli.py` | `moodle\\|gift` |", [("`study/export/lms_cli.py`", "`moodle\\|gift`")]),
])
def test_table_rows_keep_only_rows_with_a_name_and_a_role(markdown, rows):
    assert table_rows(markdown) == rows


@pytest.mark.parametrize(("cell", "named", "problems"), [
    ("`study/web/quiz.py`", {"study/web/quiz.py"}, 0),
    ("`quiz.py`, `charts.py`", {"study/web/quiz.py", "study/web/charts.py"}, 0),
    ("`study/db/migrations/`", {"study/db/migrations/"}, 0),
    ("`study/web/gone.py`", set(), 1),
    ("`__init__.py`", {"study/web/__init__.py", "study/db/__init__.py"}, 1),
    ("`templates/`, `STUDY_CLOCK`", {"study/web/templates/"}, 0),
])
def test_a_table_name_stands_for_exactly_one_existing_module(cell, named, problems):
    found, found_problems = listed(f"| {cell} | its role |", ("study/web", "study/db"))
    assert (found, len(found_problems)) == (named, problems)


def test_a_folder_names_every_module_inside_it():
    assert is_named("study/db/migrations/versions/0001_initial_schema.py", {"study/db/migrations/"})
    assert not is_named("study/db/models.py", {"study/db/migrations/"})
