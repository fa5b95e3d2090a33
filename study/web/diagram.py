"""Server-side SVG of the deployment the model built for a chosen design.

The model's Deployment shape is read defensively (attributes or dict keys), so this module is the
only place to change when that shape settles. Elements named in `marked` are drawn as broken.
"""
from __future__ import annotations

import dataclasses
from html import escape
from typing import Any

from markupsafe import Markup

BOX_W, BOX_H, GAP = 130, 40, 12


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    """First present attribute or key among names."""
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def _name(obj: Any) -> str:
    """A short label for an element."""
    if isinstance(obj, str):
        return obj
    return str(_get(obj, "name", "id", "arn", default=type(obj).__name__))


def _box(x: float, y: float, label: str, kind: str, broken: bool, sub: str = "") -> str:
    """One labelled rectangle; broken ones get the 'broken' class and a cross in the title."""
    css = f"node {kind}" + (" broken" if broken else "")
    title = escape(label + (" (breaks a requirement)" if broken else ""))
    sub_text = f'<text x="{x + 6}" y="{y + 32}" class="sub">{escape(sub[:22])}</text>' if sub else ""
    return (f'<g class="{css}"><title>{title}</title><rect x="{x}" y="{y}" width="{BOX_W}" '
            f'height="{BOX_H}" rx="4"/><text x="{x + 6}" y="{y + 16}">{escape(label[:20])}</text>'
            f"{sub_text}</g>")


def _as_list(value: Any) -> list:
    """Treat None as empty and a single element as a one-item list."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


def _workloads(deployment: Any) -> list[Any]:
    """Tasks and container instances the deployment placed."""
    return _as_list(_get(deployment, "tasks")) + _as_list(_get(deployment, "instances"))


def deployment_svg(deployment: Any, broken_rules: list[str], marked: set[str] | None = None) -> Markup:
    """Draw AZs with their tasks/instances, the load balancer and targets, volumes and roles."""
    if dataclasses.is_dataclass(deployment) is False and not isinstance(deployment, dict):
        deployment = getattr(deployment, "__dict__", {})
    marked = set(marked or ()) | set(_as_list(_get(deployment, "broken", "marked")))
    parts: list[str] = []
    y = GAP
    lb = _get(deployment, "load_balancer", "lb")
    if lb:
        parts.append(_box(GAP, y, _name(lb), "lb", _name(lb) in marked, str(_get(lb, "type", default=""))))
        y += BOX_H + 2 * GAP
    by_az: dict[str, list[Any]] = {}
    for workload in _workloads(deployment):
        by_az.setdefault(str(_get(workload, "az", "availability_zone", default="AZ ?")), []).append(workload)
    for az in _as_list(_get(deployment, "azs", "availability_zones")):
        by_az.setdefault(_name(az), [])
    x = GAP
    az_top = y
    tallest = 0
    for az, workloads in sorted(by_az.items()):
        height = GAP * 3 + len(workloads) * (BOX_H + GAP)
        parts.append(f'<g class="az"><rect x="{x}" y="{az_top}" width="{BOX_W + 2 * GAP}" '
                     f'height="{height}" rx="6"/><text x="{x + 6}" y="{az_top + 14}">{escape(az)}</text></g>')
        for i, workload in enumerate(workloads):
            wy = az_top + 2 * GAP + i * (BOX_H + GAP)
            role = _get(workload, "task_role", "role", default="")
            parts.append(_box(x + GAP, wy, _name(workload), "task", _name(workload) in marked,
                              f"role: {_name(role)}" if role else ""))
            if lb:
                parts.append(f'<line class="target" x1="{GAP + BOX_W / 2}" y1="{GAP + BOX_H}" '
                             f'x2="{x + GAP + BOX_W / 2}" y2="{wy}"/>')
        x += BOX_W + 3 * GAP
        tallest = max(tallest, height)
    y = az_top + tallest + GAP
    for i, volume in enumerate(_as_list(_get(deployment, "volumes"))):
        parts.append(_box(GAP + i * (BOX_W + GAP), y, _name(volume), "volume", _name(volume) in marked,
                          str(_get(volume, "type", default=""))))
    if _as_list(_get(deployment, "volumes")):
        y += BOX_H + GAP
    caption = ", ".join(broken_rules) or "every requirement holds"
    parts.append(f'<text class="caption" x="{GAP}" y="{y + 14}">Broken rules: {escape(caption)}</text>')
    width = max(x, BOX_W * 3)
    return Markup(f'<svg class="diagram" viewBox="0 0 {width} {y + 24}" role="img" '
                  f'aria-label="Deployment diagram">{"".join(parts)}</svg>')
