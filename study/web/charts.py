"""Server-rendered SVG charts for the dashboard (no chart library, no JavaScript)."""
from __future__ import annotations

from html import escape

from markupsafe import Markup

WIDTH, HEIGHT, PAD = 480, 200, 32


def score_trend(points: list[tuple[str, int]], pass_mark: int = 720) -> Markup:
    """Line chart of scaled scores (100-1000) with the pass mark drawn across."""
    if not points:
        return Markup('<p class="muted">No finished sessions yet.</p>')
    span_x = WIDTH - 2 * PAD
    step = span_x / max(len(points) - 1, 1)

    def y(score: int) -> float:
        return HEIGHT - PAD - (score - 100) / 900 * (HEIGHT - 2 * PAD)

    coords = [(PAD + i * step, y(score)) for i, (_label, score) in enumerate(points)]
    line = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coords)
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="4"><title>{escape(label)}: {score}</title></circle>'
        for (x, yy), (label, score) in zip(coords, points, strict=True)
    )
    pass_y = y(pass_mark)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Score trend">'
        f'<line class="pass" x1="{PAD}" x2="{WIDTH - PAD}" y1="{pass_y:.1f}" y2="{pass_y:.1f}"/>'
        f'<text x="{WIDTH - PAD}" y="{pass_y - 4:.1f}" text-anchor="end">pass {pass_mark}</text>'
        f'<polyline fill="none" points="{line}"/>{dots}'
        f'<text x="{PAD}" y="{HEIGHT - 8}">1000 scale, oldest to newest</text></svg>'
    )


def mastery_bars(rows: list[tuple[str, float, int]]) -> Markup:
    """Horizontal bars of mastery (0-1) per label, with the number of answers behind each."""
    if not rows:
        return Markup('<p class="muted">Answer some questions to see your mastery.</p>')
    bar_h, gap, label_w = 18, 8, 200
    height = len(rows) * (bar_h + gap) + gap
    bars = []
    for i, (label, ratio, count) in enumerate(rows):
        top = gap + i * (bar_h + gap)
        width = max(ratio, 0.0) * (WIDTH - label_w - 60)
        bars.append(
            f'<text x="0" y="{top + 13}">{escape(label)}</text>'
            f'<rect class="track" x="{label_w}" y="{top}" width="{WIDTH - label_w - 60}" height="{bar_h}"/>'
            f'<rect class="bar" x="{label_w}" y="{top}" width="{width:.1f}" height="{bar_h}"/>'
            f'<text x="{WIDTH - 52}" y="{top + 13}">{round(ratio * 100)}% ({count})</text>'
        )
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="Mastery per topic">'
        + "".join(bars) + "</svg>"
    )
