"""Server-rendered SVG charts for the dashboard (no chart library, no JavaScript)."""
from __future__ import annotations

from datetime import datetime

from markupsafe import Markup

WIDTH, HEIGHT, PAD = 480, 200, 32


def score_trend(points: list[tuple[datetime, int]], pass_mark: int = 720) -> Markup:
    """Mock exam scores (100-1000) over time: labelled axes, the pass mark, each score written on its point."""
    if not points:
        return Markup('<p class="muted">No mock exam finished yet: the chart starts with your first one.</p>')
    left, span_x, span_y = PAD + 16, WIDTH - 2 * PAD - 16, HEIGHT - 2 * PAD
    step = span_x / max(len(points) - 1, 1)

    def y(score: int) -> float:
        return HEIGHT - PAD - (score - 100) / 900 * span_y

    coords = [(left + i * step, y(score)) for i, (_when, score) in enumerate(points)]
    axis = (f'<line class="axis" x1="{left}" x2="{left}" y1="{PAD}" y2="{HEIGHT - PAD}"/>'
            f'<line class="axis" x1="{left}" x2="{WIDTH - PAD}" y1="{HEIGHT - PAD}" y2="{HEIGHT - PAD}"/>'
            + "".join(f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>' for v in (100, 400, 1000)))
    pass_y = y(pass_mark)
    marks = "".join(
        f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="4"><title>{when:%Y-%m-%d}: {score}</title></circle>'
        f'<text x="{x:.1f}" y="{yy - 8:.1f}" text-anchor="middle">{score}</text>'
        f'<text x="{x:.1f}" y="{HEIGHT - PAD + 14}" text-anchor="middle">{when:%b %d}</text>'
        for (x, yy), (when, score) in zip(coords, points, strict=True))
    line = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coords)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Mock exam scores">{axis}'
        f'<line class="pass" x1="{left}" x2="{WIDTH - PAD}" y1="{pass_y:.1f}" y2="{pass_y:.1f}"/>'
        f'<text x="{WIDTH - PAD}" y="{pass_y - 4:.1f}" text-anchor="end">pass {pass_mark}</text>'
        f'<polyline fill="none" points="{line}"/>{marks}</svg>')
