"""The deployment diagram draws what the model built, marks what findings name, escapes labels."""
from __future__ import annotations

import re
from pathlib import Path

from study import locations
from study.web.diagram import GAP, deployment_svg, path_names


def test_path_names_split_design_paths():
    assert path_names(["task_definitions.reports.memory", "services[web].count"]) == {
        "task_definitions", "reports", "memory", "services", "web", "count"}


def test_marks_tasks_of_the_named_task_definition():
    deployment = {"tasks": [{"id": "reports-1", "task_definition": "reports", "az": "a", "state": "RUNNING"},
                            {"id": "web-1", "task_definition": "web", "az": "b", "state": "RUNNING"}]}
    svg = str(deployment_svg(deployment, ["ECS01"], path_names(["task_definitions.reports.memory"])))
    assert svg.count("node task broken") == 1 and "reports-1 (breaks a requirement)" in svg
    assert "AZ a" in svg and "AZ b" in svg and "ECS01" in svg


def test_load_balancer_targets_volumes_and_roles():
    deployment = {
        "tasks": [{"id": "t<1>", "task_definition": "api", "az": "a", "state": "RUNNING", "on_fargate": True}],
        "targets": {"targets": [{"task": "t<1>", "target_group": "tg", "load_balancers": ["<alb>"],
                                 "admitted": False}]},
        "volumes": {"volumes": [{"task": "t<1>", "volume": "data", "type": "efs"}]},
        "credentials": {"tasks": [{"task_definition": "api", "containers": [{"app": {"roles": ["api-role"]}}]}]},
    }
    svg = str(deployment_svg(deployment, []))
    assert "<alb>" not in svg and "&lt;alb&gt;" in svg and 'class="target broken"' in svg
    assert "node volume" in svg and 'class="mount"' in svg and "role api-role" in svg
    assert "Every requirement holds" in svg and "Broken" not in svg


def test_draws_every_real_deployment():
    from study.web.catalog import load_catalog

    catalog = load_catalog(locations.content_dir(), Path(locations.questions_dir()))
    drawn = 0
    for entry in catalog.entries.values():
        if entry.question.kind == "numeric":
            continue
        for verdict in catalog.evaluation(entry, None).choices:
            if verdict.deployment is not None:
                assert str(deployment_svg(verdict.deployment, [])).startswith("<svg")
                drawn += 1
    assert drawn > 0


def test_a_long_rule_title_wraps_inside_the_picture():
    """SVG text does not wrap by itself: each caption line must fit the picture's width."""
    title = "Every container can use the credentials its task can reach, and then some more words"
    svg = str(deployment_svg({"tasks": [{"id": "web-1", "task_definition": "web", "az": "a"}]}, [title]))
    width = int(re.search(r'<svg class="diagram" width="(\d+)"', svg).group(1))
    lines = re.findall(r'<text class="caption"[^>]*>([^<]*)</text>', svg)
    assert len(lines) > 1 and lines[0].startswith("Breaks: Every container")
    assert " ".join(lines) == f"Breaks: {title}"
    assert all(GAP + 7 * len(line) <= width for line in lines), (width, lines)
