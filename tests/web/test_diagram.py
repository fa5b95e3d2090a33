"""The deployment diagram marks what a finding names and escapes every label."""
from __future__ import annotations

from study.web.diagram import deployment_svg, path_names


def test_path_names_split_design_paths():
    assert path_names(["task_definitions.reports.memory", "services[web].count"]) == {
        "task_definitions", "reports", "memory", "services", "web", "count"}


def test_marks_tasks_of_the_named_task_definition():
    deployment = {"tasks": [{"id": "reports-1", "task_definition": "reports", "az": "a", "state": "RUNNING"},
                            {"id": "web-1", "task_definition": "web", "az": "b", "state": "RUNNING"}]}
    svg = str(deployment_svg(deployment, ["ECS01"], path_names(["task_definitions.reports.memory"])))
    assert svg.count("node task broken") == 1 and "reports-1 (breaks a requirement)" in svg
    assert "AZ a" in svg and "AZ b" in svg and "ECS01" in svg


def test_stopped_tasks_are_marked_and_labels_escaped():
    deployment = {"load_balancer": {"name": "<alb>", "type": "application"},
                  "tasks": [{"id": "t<1>", "az": "a", "state": "STOPPED"}], "volumes": [{"name": "efs", "type": "efs"}]}
    svg = str(deployment_svg(deployment, []))
    assert "<alb>" not in svg and "&lt;alb&gt;" in svg and "node task broken" in svg
    assert "node volume" in svg and "every requirement holds" in svg
