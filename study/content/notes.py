"""Study notes: Markdown files with YAML front matter and headings that carry stable {#anchors}."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .safe_yaml import YamlProblem, compose, construct

HEADING = re.compile(r"^(#{2,4})\s+(.+?)\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$")
FENCE = re.compile(r"^(```|~~~)")
REQUIRED_META = ("title", "order", "summary", "sources")


@dataclass(frozen=True)
class Section:
    """A heading with a stable anchor; `anchor` is the global id "slug#section"."""

    anchor: str
    title: str
    level: int
    line: int


@dataclass(frozen=True)
class Note:
    """One note file."""

    slug: str
    title: str
    order: int
    summary: str
    sources: tuple[str, ...]
    markdown: str
    sections: tuple[Section, ...]
    path: Path


@dataclass
class NoteSet:
    """Every note and every problem found loading them."""

    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def anchors(self) -> dict[str, Section]:
        """Every section by its global anchor."""
        return {s.anchor: s for n in self.notes for s in n.sections}

    def note(self, slug: str) -> Note | None:
        """The note with this slug."""
        return next((n for n in self.notes if n.slug == slug), None)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line where the body starts); empty front matter when there is none."""
    if not text.startswith("---\n"):
        return "", text, 1
    end = text.find("\n---\n", 4)
    if end < 0:
        return "", text, 1
    front = text[4:end]
    return front, text[end + 5:], front.count("\n") + 3


def read_sections(slug: str, body: str, first_line: int) -> list[tuple[Section | None, int, str]]:
    """Headings outside code fences; entries with None are headings missing an {#anchor}."""
    found, in_fence = [], False
    for offset, line in enumerate(body.splitlines()):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or not line.startswith("##"):
            continue
        match = HEADING.match(line)
        number = first_line + offset
        if match:
            found.append((Section(f"{slug}#{match.group(3)}", match.group(2), len(match.group(1)), number), number, line))
        else:
            found.append((None, number, line))
    return found


def load_note(path: Path) -> tuple[Note | None, list[Problem]]:
    """Read one note file, collecting problems."""
    name, slug = str(path), path.stem
    text = path.read_text(encoding="utf-8")
    front, body, body_line = split_front_matter(text)
    try:
        meta = construct(compose(front)) if front else None
    except YamlProblem as error:
        return None, [Problem(name, error.line + 1, "", "front matter", f"{error}; fix the YAML")]
    if not isinstance(meta, dict):
        return None, [Problem(name, 1, "", "front matter", "start the file with --- front matter (title, order, summary, sources) ---")]
    problems = [Problem(name, 1, "", k, "required front matter key is missing; add it") for k in REQUIRED_META if k not in meta]
    sections = []
    for section, number, line in read_sections(slug, body, body_line):
        if section is None:
            problems.append(Problem(name, number, "", "heading", f"'{line.strip()}' has no stable anchor; end it with {{#some-id}}"))
        elif section.anchor in {s.anchor for s in sections}:
            problems.append(Problem(name, number, "", "heading", f"anchor {section.anchor} is used twice; anchors must be unique"))
        else:
            sections.append(section)
    if problems:
        return None, problems
    note = Note(slug, str(meta["title"]), int(meta["order"]), str(meta["summary"]),
                tuple(str(s) for s in meta["sources"]), body, tuple(sections), path)
    return note, []


def load_notes(content_dir: Path) -> NoteSet:
    """Every note in the directory, ordered by their `order` key."""
    result = NoteSet()
    for path in sorted(content_dir.glob("*.md")):
        note, problems = load_note(path)
        result.problems += problems
        if note is not None:
            result.notes.append(note)
    result.notes.sort(key=lambda n: (n.order, n.slug))
    return result


def section_markdown(note: Note, section: Section) -> str:
    """The Markdown under a section's heading, up to the next heading of any level (code fences respected)."""
    lines = note.markdown.splitlines()
    headings = read_sections(note.slug, note.markdown, 1)
    starts = [number for _, number, _ in headings]
    own = next((number for found, number, _ in headings if found is not None and found.anchor == section.anchor), None)
    if own is None:
        return ""
    end = next((number for number in starts if number > own), len(lines) + 1)
    return "\n".join(lines[own:end - 1]).strip()
