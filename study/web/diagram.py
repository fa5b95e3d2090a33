"""Server-side SVG of the deployment the model built for a chosen design.

Reads the model's Deployment (tasks and container instances with their AZ, plus optional load
balancer, volumes and roles) through attribute-or-key lookups, so this module is the only place to
change when that shape grows. An element is marked broken when a finding's `where` path names it
(for example "task_definitions.reports.memory" marks every task of task definition "reports") or
when its task did not reach RUNNING.
"""
from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from markupsafe import Markup

BOX_W, BOX_H, GAP = 150, 40, 12


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    """First present attribute or key among names."""
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if not isinstance(obj, dict) and getattr(obj, name, None) is not None:
            return getattr(obj, name)
    return default


def _as_list(value: Any) -> list:
    """Treat None as empty and a single element as a one-item list."""
    if value is None:
        return []
    if isinstance(value, dict) and not _get(value, "name", "id"):
        return list(value.values())
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _name(obj: Any) -> str:
    """A short label for an element."""
    return obj if isinstance(obj, str) else str(_get(obj, "name", "id", default=type(obj).__name__))


def path_names(where_paths: Iterable[str]) -> set[str]:
    """Every segment of the findings' design paths: the names of the elements they concern."""
    return {part for path in where_paths for part in str(path).replace("[", ".").replace("]", "").split(".") if part}


def is_marked(element: Any, marked: set[str]) -> bool:
    """True when any of the element's names is marked, or its task state is not RUNNING."""
    names = {str(_get(element, key, default="")) for key in ("name", "id", "owner", "task_definition", "group")}
    state = str(getattr(_get(element, "state", default=""), "value", _get(element, "state", default="")))
    return bool(names & marked) or state in {"PENDING", "STOPPED", "FAILED"}


def _box(x: float, y: float, label: str, kind: str, broken: bool, sub: str = "") -> str:
    """One labelled rectangle; broken ones get the 'broken' class and say so in their title."""
    css = f"node {kind}" + (" broken" if broken else "")
    title = escape(label + (" (breaks a requirement)" if broken else ""))
    sub_text = f'<text x="{x + 6}" y="{y + 32}" class="sub">{escape(sub[:26])}</text>' if sub else ""
    return (f'<g class="{css}"><title>{title}</title><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" '
            f'rx="4"/><text x="{x + 6}" y="{y + 16}">{escape(label[:24])}</text>{sub_text}</g>')


def _subtitle(element: Any) -> str:
    """Second line of a task or instance box: where it runs, its role, its state."""
    parts = [str(_get(element, "instance_type", default="")),
             "Fargate" if _get(element, "on_fargate") else (f"on {_get(element, 'instance')}" if _get(element, "instance") else ""),
             f"role {_name(_get(element, 'task_role', 'role'))}" if _get(element, "task_role", "role") else "",
             str(getattr(_get(element, "state", default=""), "value", ""))]
    return " ".join(p for p in parts if p)


def _columns(deployment: Any) -> dict[str, list[Any]]:
    """Container instances then tasks, grouped by AZ."""
    columns: dict[str, list[Any]] = {}
    for element in _as_list(_get(deployment, "instances")) + _as_list(_get(deployment, "tasks")):
        columns.setdefault(str(_get(element, "az", "availability_zone", default="no AZ")), []).append(element)
    return dict(sorted(columns.items()))


def deployment_svg(deployment: Any, broken_rules: list[str], marked: set[str] | None = None) -> Markup:
    """Draw the load balancer, AZ columns with instances and tasks, volumes and the broken rules."""
    marked = set(marked or ()) | {str(m) for m in _as_list(_get(deployment, "broken"))}
    parts: list[str] = []
    lb = _get(deployment, "load_balancer")
    top = GAP + (BOX_H + 2 * GAP if lb else 0)
    if lb:
        parts.append(_box(GAP, GAP, _name(lb), "lb", is_marked(lb, marked), str(_get(lb, "type", default=""))))
    x, tallest = GAP, 0
    for az, elements in _columns(deployment).items():
        height = GAP * 3 + len(elements) * (BOX_H + GAP)
        parts.append(f'<g class="az"><rect x="{x}" y="{top}" width="{BOX_W + 2 * GAP}" height="{height}" rx="6"/>'
                     f'<text x="{x + 6}" y="{top + 14}">AZ {escape(az)}</text></g>')
        for i, element in enumerate(elements):
            y = top + 2 * GAP + i * (BOX_H + GAP)
            kind = "instance" if _get(element, "instance_type") else "task"
            parts.append(_box(x + GAP, y, _name(element), kind, is_marked(element, marked), _subtitle(element)))
            if lb and kind == "task":
                parts.append(f'<line class="target" x1="{GAP + BOX_W / 2}" y1="{GAP + BOX_H}" '
                             f'x2="{x + GAP + BOX_W / 2}" y2="{y}"/>')
        x, tallest = x + BOX_W + 3 * GAP, max(tallest, height)
    y = top + tallest + GAP
    volumes = _as_list(_get(deployment, "volumes"))
    for i, volume in enumerate(volumes):
        parts.append(_box(GAP + i * (BOX_W + GAP), y, _name(volume), "volume", is_marked(volume, marked),
                          str(_get(volume, "type", default=""))))
    y += (BOX_H + GAP) if volumes else 0
    caption = ", ".join(broken_rules) or "every requirement holds"
    parts.append(f'<text class="caption" x="{GAP}" y="{y + 14}">Broken: {escape(caption)}</text>')
    width = max(x, BOX_W * 2 + 3 * GAP)
    return Markup(f'<svg class="diagram" viewBox="0 0 {width} {y + 24}" role="img" '
                  f'aria-label="Deployment diagram">{"".join(parts)}</svg>')
