"""Server-side SVG of the deployment the model built for a chosen design.

Draws the model's Deployment: load balancers (from its targets), one column per AZ with container
instances and tasks (placement, state, application role), volumes and the tasks that mount them.
Fields are read with attribute-or-key lookups so dicts work in tests and this module is the only
place to change when the Deployment grows. An element is marked broken when a finding's `where`
path names it (for example "task_definitions.reports.memory" marks every task of "reports"), when
its task did not reach RUNNING, or when its load-balancer target is not admitted.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from textwrap import wrap
from typing import Any

from markupsafe import Markup

BOX_W, BOX_H, GAP = 170, 52, 14
# Captions wrap to fit a phone's width (about 7 px a character at 13 px): SVG text never wraps by itself,
# and the picture is drawn at its own size, so a long rule title would otherwise run off its edge.
CAPTION_CHARS = 46
SUB = ' class="sub"'
BAD_STATES = {"PENDING", "STOPPED", "FAILED", "PROVISIONING"}


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """An attribute or dict key, or default."""
    value = obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)
    return default if value is None else value


def _text(value: Any) -> str:
    """Enum values print as their value, everything else as str."""
    return str(getattr(value, "value", value))


def path_names(where_paths: Iterable[str]) -> set[str]:
    """Every segment of the findings' design paths: the names of the elements they concern."""
    return {part for path in where_paths for part in str(path).replace("[", ".").replace("]", "").split(".") if part}


def is_marked(element: Any, marked: set[str]) -> bool:
    """True when one of the element's names is marked or its task is not running."""
    names = {_text(_get(element, key, "")) for key in ("id", "name", "owner", "task_definition", "group", "volume")}
    return bool(names & marked) or _text(_get(element, "state", "")) in BAD_STATES


@dataclass
class Canvas:
    """SVG parts plus where each task was drawn, for the connecting lines."""

    parts: list[str] = field(default_factory=list)
    task_at: dict[str, tuple[float, float]] = field(default_factory=dict)

    def box(self, x: float, y: float, lines: list[str], kind: str, broken: bool) -> None:
        """A rectangle with up to three lines of text; broken boxes say so in their title."""
        title = escape(lines[0] + (" (breaks a requirement)" if broken else ""))
        text = "".join(f'<text x="{x + 6}" y="{y + 15 + 14 * i}"{SUB if i else ""}>{escape(line[:28])}</text>'
                       for i, line in enumerate(lines[:3]) if line)
        self.parts.append(f'<g class="node {kind}{" broken" if broken else ""}"><title>{title}</title>'
                          f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4"/>{text}</g>')

    def line(self, start: tuple[float, float], end: tuple[float, float], kind: str, broken: bool = False) -> None:
        """A connector between two points."""
        self.parts.insert(0, f'<line class="{kind}{" broken" if broken else ""}" x1="{start[0]:.0f}" '
                             f'y1="{start[1]:.0f}" x2="{end[0]:.0f}" y2="{end[1]:.0f}"/>')


def roles_by_task_definition(deployment: Any) -> dict[str, str]:
    """The application role(s) each task definition's containers use."""
    found: dict[str, str] = {}
    for task in _get(_get(deployment, "credentials"), "tasks", ()):
        roles = {r for c in _get(task, "containers", ()) for r in _get(_get(c, "app"), "roles", ())}
        if roles:
            found[_text(_get(task, "task_definition"))] = ", ".join(sorted(roles))
    return found


def _columns(deployment: Any) -> dict[str, list[Any]]:
    """Container instances then tasks, grouped by AZ."""
    columns: dict[str, list[Any]] = {}
    for element in list(_get(deployment, "instances", ())) + list(_get(deployment, "tasks", ())):
        columns.setdefault(_text(_get(element, "az", "?")), []).append(element)
    return dict(sorted(columns.items()))


def _lines_of(element: Any, roles: dict[str, str]) -> list[str]:
    """Text of a task or instance box."""
    if _get(element, "instance_type"):
        return [_text(_get(element, "id")), _text(_get(element, "instance_type")),
                "registered" if _get(element, "registered", True) else "not registered"]
    where = "Fargate" if _get(element, "on_fargate") else f"on {_text(_get(element, 'instance', '?'))}"
    role = roles.get(_text(_get(element, "task_definition", "")), "")
    return [_text(_get(element, "id")), f"{where} {_text(_get(element, 'state', ''))}".strip(),
            f"role {role}" if role else ""]


def draw_azs(canvas: Canvas, deployment: Any, marked: set[str], top: float) -> tuple[float, float]:
    """AZ columns with their instances and tasks; returns (width, bottom)."""
    roles, x, bottom = roles_by_task_definition(deployment), GAP, top
    for az, elements in _columns(deployment).items():
        height = GAP * 3 + len(elements) * (BOX_H + GAP)
        canvas.parts.append(f'<g class="az"><rect x="{x}" y="{top}" width="{BOX_W + 2 * GAP}" height="{height}" '
                            f'rx="6"/><text x="{x + 6}" y="{top + 14}">AZ {escape(az)}</text></g>')
        for i, element in enumerate(elements):
            y = top + 2 * GAP + i * (BOX_H + GAP)
            kind = "instance" if _get(element, "instance_type") else "task"
            canvas.box(x + GAP, y, _lines_of(element, roles), kind, is_marked(element, marked))
            if kind == "task":
                canvas.task_at[_text(_get(element, "id"))] = (x + GAP + BOX_W / 2, y)
        x, bottom = x + BOX_W + 3 * GAP, max(bottom, top + height)
    return x, bottom


def draw_load_balancers(canvas: Canvas, deployment: Any, marked: set[str]) -> list[tuple[str, Any]]:
    """Load balancers along the top; returns (name, target) pairs to connect later."""
    targets = list(_get(_get(deployment, "targets"), "targets", ()))
    names = sorted({_text(lb) for t in targets for lb in _get(t, "load_balancers", ())})
    for i, name in enumerate(names):
        groups = sorted({_text(_get(t, "target_group")) for t in targets if name in map(_text, _get(t, "load_balancers", ()))})
        canvas.box(GAP + i * (BOX_W + GAP), GAP, [name, "load balancer", "tg " + ", ".join(groups)], "lb", name in marked)
    return [(name, t) for t in targets for name in map(_text, _get(t, "load_balancers", ()))]


def connect_targets(canvas: Canvas, pairs: list[tuple[str, Any]], names: list[str]) -> None:
    """Lines from each load balancer to its target tasks; unadmitted or unhealthy targets are broken."""
    for name, target in pairs:
        task = canvas.task_at.get(_text(_get(target, "task")))
        if task is None:
            continue
        start = (GAP + names.index(name) * (BOX_W + GAP) + BOX_W / 2, GAP + BOX_H)
        healthy = _get(target, "admitted", True) and _get(target, "health_check_listening", True)
        canvas.line(start, task, "target", broken=not healthy)


def draw_volumes(canvas: Canvas, deployment: Any, marked: set[str], top: float) -> float:
    """Volumes along the bottom with lines from the tasks that mount them; returns the new bottom."""
    attached = list(_get(_get(deployment, "volumes"), "volumes", ()))
    keys = sorted({(_text(_get(v, "volume")), _text(_get(v, "type"))) for v in attached})
    for i, (name, kind) in enumerate(keys):
        x = GAP + i * (BOX_W + GAP)
        canvas.box(x, top, [name, kind, ""], "volume", name in marked)
        for volume in attached:
            task = canvas.task_at.get(_text(_get(volume, "task")))
            if task and (_text(_get(volume, "volume")), _text(_get(volume, "type"))) == (name, kind):
                canvas.line((task[0], task[1] + BOX_H), (x + BOX_W / 2, top), "mount")
    return top + (BOX_H + GAP if keys else 0)


def deployment_svg(deployment: Any, broken_rules: list[str], marked: set[str] | None = None) -> Markup:
    """The whole picture, with the rules the chosen design broke as a caption."""
    marked = set(marked or ()) | {str(m) for m in _get(deployment, "broken", ())}
    canvas = Canvas()
    pairs = draw_load_balancers(canvas, deployment, marked)
    names = sorted({name for name, _ in pairs})
    width, bottom = draw_azs(canvas, deployment, marked, GAP + (BOX_H + 2 * GAP if names else 0))
    connect_targets(canvas, pairs, names)
    bottom = draw_volumes(canvas, deployment, marked, bottom + GAP)
    captions = [line for title in broken_rules for line in wrap(f"Breaks: {title}", CAPTION_CHARS)]
    captions = captions or ["Every requirement holds"]
    kind = "caption" if broken_rules else "caption holds"
    for line, caption in enumerate(captions):
        canvas.parts.append(f'<text class="{kind}" x="{GAP}" y="{bottom + 16 + 18 * line}">{escape(caption)}</text>')
    bottom += 18 * len(captions)
    width = max(width, GAP + max(len(names), 2) * (BOX_W + GAP))
    # Drawn at its own size (one unit a pixel), so its text is as large on a phone as on a desktop;
    # the page scrolls a wide diagram sideways instead of shrinking it.
    return Markup(f'<svg class="diagram" width="{width:.0f}" height="{bottom + 10:.0f}" '
                  f'viewBox="0 0 {width:.0f} {bottom + 10:.0f}" role="img" '
                  f'aria-label="Deployment diagram">{"".join(canvas.parts)}</svg>')
