"""Table-driven checks of the facts behind the launch-type, ECR and EKS rules."""

from __future__ import annotations

import pytest

from study.ecs.deploy import deploy
from study.ecs.evaluate import read_merged
from study.ecs.facts import ecr
from study.ecs.findings import Stage
from study.ecs.requirements.base import Deploys
from study.ecs.rules import RULES_BY_ID
from study.ecs.rules.compute import log_route
from study.ecs.rules.eks import selector_matches
from study.ecs.vocab.compute import Container, TaskDefinition
from study.ecs.vocab.eks import ProfileSelector, Workload
from study.ecs.vocab.registry import Ecr, LifecycleRule, Push, Repository


@pytest.mark.parametrize(("mode", "filters", "tag", "immutable"), [
    ("MUTABLE", [], "v1.0.0", False),
    ("IMMUTABLE", [], "latest", True),
    ("IMMUTABLE_WITH_EXCLUSION", ["latest", "dev-*"], "latest", False),
    ("IMMUTABLE_WITH_EXCLUSION", ["latest", "dev-*"], "dev-login", False),
    ("IMMUTABLE_WITH_EXCLUSION", ["latest", "dev-*"], "v1.8.2", True),
    ("MUTABLE_WITH_EXCLUSION", ["v*"], "v1.8.2", True),
    ("MUTABLE_WITH_EXCLUSION", ["v*"], "latest", False),
])
def test_tag_mutability_with_wildcard_exclusions(mode, filters, tag, immutable):
    """Exclusion filters flip the mode for the tags they match."""
    assert ecr.tag_is_immutable(Repository(tag_mutability=mode, exclusion_filters=filters), tag) is immutable


@pytest.mark.parametrize(("repository", "tag", "accepted", "says"), [
    ({"tag_mutability": "IMMUTABLE", "existing_tags": ["v1"]}, "v1", False, "ImageTagAlreadyExistsException"),
    ({"tag_mutability": "MUTABLE", "existing_tags": ["latest"]}, "latest", True, "moves"),
    ({"tag_mutability": "IMMUTABLE"}, "v2", True, "new"),
    ({"policy": [{"effect": "Deny", "principals": ["*"], "actions": ["ecr:PutImage"]}]}, "v2", False, "denies"),
])
def test_push_outcome(repository, tag, accepted, says):
    """A push is refused by an immutable existing tag or a Deny on PutImage."""
    ok, what = ecr.push_outcome(Ecr(repositories={"orders": repository}), Push(repository="orders", tag=tag))
    assert ok is accepted and says in what


def test_highest_priority_rule_decides_for_selected_images():
    """A release rule placed first shields release images from a broader rule below it."""
    rules = [LifecycleRule(priority=2, tag_status="any", count_type="sinceImagePushed", count=30),
             LifecycleRule(priority=1, tag_status="tagged", tag_prefixes=["release-"], count_type="imageCountMoreThan", count=10)]
    repo = Repository(lifecycle_rules=rules)
    assert ecr.deciding_rule(repo, "tagged", "release-").priority == 1
    assert ecr.deciding_rule(repo, "untagged", None).priority == 2


@pytest.mark.parametrize(("selector", "workload", "matches"), [
    ({"namespace": "analytics"}, {"namespace": "analytics", "labels": {"app": "etl"}}, True),
    ({"namespace": "analytics", "labels": {"compute": "fargate"}}, {"namespace": "analytics", "labels": {"app": "etl"}}, False),
    ({"namespace": "analytics", "labels": {"compute": "fargate"}},
     {"namespace": "analytics", "labels": {"app": "etl", "compute": "fargate"}}, True),
    ({"namespace": "analytics"}, {"namespace": "default"}, False),
])
def test_fargate_profile_selector_needs_namespace_and_every_label(selector, workload, matches):
    """A pod matches when it is in the namespace and carries all of the selector's labels."""
    assert selector_matches(ProfileSelector(**selector), Workload(**workload)) is matches


@pytest.mark.parametrize(("container", "destination"), [
    ({"log_driver": "awslogs"}, "cloudwatch-logs"),
    ({"log_driver": "splunk", "log_destination": "central-fluentd"}, "splunk"),
    ({"log_driver": "fluentd", "log_destination": "central-fluentd"}, "central-fluentd"),
    ({"log_driver": "json-file"}, "host"),
    ({}, None),
])
def test_log_route_per_driver(container, destination):
    """Each log driver ends in one destination."""
    td = TaskDefinition(containers={"app": container})
    assert log_route(td, Container(**container))[0] == destination


def test_firelens_route_goes_through_the_router():
    """awsfirelens ends where the task's router forwards."""
    td = TaskDefinition(containers={"app": {"log_driver": "awsfirelens"},
                                    "router": {"firelens_router": True, "log_destination": "central-fluentd"}})
    assert log_route(td, td.containers["app"])[0] == "central-fluentd"


@pytest.mark.parametrize(("launch", "findings"), [("FARGATE", 1), ("EC2", 0)])
def test_stop_timeout_cap_claims_only_the_documented_maximum(launch, findings):
    """Above 120 s on Fargate the container gets no more time; the docs don't say registration refuses it."""
    design = {
        "roles": {"ecsInstanceRole": {"trust": "ec2.amazonaws.com", "managed_policies": ["AmazonEC2ContainerServiceforEC2Role"]}},
        "cluster": {"name": "c", "auto_scaling_groups": {"hosts": {"instance_type": "m5.large", "desired": 1,
                                                                   "instance_profile": "ecsInstanceRole", "subnets": ["private-a"]}}},
        "task_definitions": {"w": {"requires_compatibilities": ["EC2", "FARGATE"], "network_mode": "awsvpc", "cpu": 512,
                                   "memory": 1024, "containers": {"w": {"stop_timeout": 300}}}},
        "services": {"w": {"task_definition": "w", "launch_type": launch, "network": {"subnets": ["private-a"]}}},
    }
    found = list(RULES_BY_ID["FG08"].run(deploy(read_merged(design, None)), Deploys()))
    assert len(found) == findings
    assert all(f.stage is Stage.RUN and "120 s" in f.message for f in found)
