"""The deployment in deploy/study.yaml, written as a design for the project's own ECS model."""
from __future__ import annotations

from pathlib import Path

import pytest
from cfnlint.decode.decode import decode

from study.ecs.evaluate import evaluate_choice
from study.ecs.scenario import Scenario

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "study.yaml"
SECRET_KEY = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:study/secret-key-AbCdEf"
DATABASE_URL = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:study/database-url-GhIjKl"
SERVICE = "study-web"


def template_resources() -> dict:
    """The template's resources, so the design takes its sizes and ports from the real stack."""
    parsed, errors = decode(str(TEMPLATE))
    assert errors == [], errors
    return parsed["Resources"]


def study_design() -> dict:
    """Private subnets with no NAT and the endpoints the tasks need, an HTTPS ALB, two Fargate tasks."""
    resources = template_resources()
    task = resources["TaskDefinition"]["Properties"]
    container = task["ContainerDefinitions"][0]
    port = container["PortMappings"][0]["ContainerPort"]
    target_group = resources["TargetGroup"]["Properties"]
    delay = {item["Key"]: int(item["Value"]) for item in target_group["TargetGroupAttributes"]}
    interface = {"type": "interface", "private_dns": True}
    return {
        "network": {
            "subnets": {
                "public-a": {"az": "a", "default_route": "internet-gateway"},
                "public-b": {"az": "b", "default_route": "internet-gateway"},
                "private-a": {"az": "a", "default_route": "none"},
                "private-b": {"az": "b", "default_route": "none"},
            },
            "endpoints": {
                "ecr-api": {"service": "ecr.api", **interface},
                "ecr-dkr": {"service": "ecr.dkr", **interface},
                "logs": {"service": "logs", **interface},
                "secretsmanager": {"service": "secretsmanager", **interface},
                "s3": {"service": "s3", "type": "gateway"},
            },
            "security_groups": {
                "alb-sg": {"ingress": [{"source": "0.0.0.0/0", "ports": "443"}, {"source": "0.0.0.0/0", "ports": "80"}]},
                "tasks-sg": {"ingress": [{"source": "alb-sg", "ports": str(port)}]},
            },
        },
        "roles": {
            "study-exec": {
                "trust": "ecs-tasks.amazonaws.com",
                "managed_policies": ["AmazonECSTaskExecutionRolePolicy"],
                "permissions": [{"action": "secretsmanager:GetSecretValue", "resource": arn}
                                for arn in (SECRET_KEY, DATABASE_URL)],
            },
        },
        "task_definitions": {
            SERVICE: {
                "requires_compatibilities": task["RequiresCompatibilities"],
                "os": task["RuntimePlatform"]["OperatingSystemFamily"],
                "network_mode": task["NetworkMode"],
                "cpu": int(task["Cpu"]),
                "memory": int(task["Memory"]),
                "execution_role": "study-exec",  # and no task_role, as in the template
                "containers": {
                    container["Name"]: {
                        "image": "study:1", "registry": "ecr", "log_driver": "awslogs",
                        "port_mappings": [{"container_port": port}],
                        "secrets": [{"name": "STUDY_SECRET_KEY", "source": "secretsmanager", "resource": SECRET_KEY},
                                    {"name": "STUDY_DATABASE_URL", "source": "secretsmanager", "resource": DATABASE_URL}],
                        "handles_sigterm": True, "shutdown_seconds": 25,  # gunicorn's graceful_timeout
                    },
                },
            },
        },
        "services": {
            SERVICE: {
                "task_definition": SERVICE, "launch_type": "FARGATE", "platform_version": "LATEST",
                "desired_count": 2,
                "network": {"subnets": ["private-a", "private-b"], "security_groups": ["tasks-sg"], "assign_public_ip": False},
                "load_balancers": [{"target_group": "study-tg", "container": container["Name"], "port": port}],
                "health_check_grace_period_seconds": resources["Service"]["Properties"]["HealthCheckGracePeriodSeconds"],
            },
        },
        "load_balancers": {
            "study-alb": {
                "type": "application", "scheme": "internet-facing", "subnets": ["public-a", "public-b"],
                "security_groups": ["alb-sg"],
                "listeners": [{"protocol": "HTTPS", "port": 443, "default_target_group": "study-tg", "certificate": True}],
            },
        },
        "target_groups": {
            "study-tg": {"target_type": target_group["TargetType"], "protocol": "HTTP", "port": target_group["Port"],
                         "deregistration_delay_seconds": delay["deregistration_delay.timeout_seconds"]},
        },
    }


REQUIREMENTS = [
    {"kind": "all_tasks_running", "of": SERVICE},
    {"kind": "image_pull_succeeds", "of": SERVICE},
    {"kind": "logs_delivered", "of": SERVICE},
    {"kind": "secrets_injected", "of": SERVICE},
    {"kind": "traffic_private", "of": SERVICE},
    {"kind": "reachable", "service": SERVICE, "container": "web", "port": 8000, "protocol": "HTTPS", "listener_port": 443},
    {"kind": "draining", "service": SERVICE, "longest_request_seconds": 20},
    # No task role: code in the container holds no AWS credentials, so it cannot read the secrets itself.
    {"kind": "app_cannot", "container": "web", "action": "secretsmanager:GetSecretValue", "resource": SECRET_KEY},
]


def verdict(patch: dict | None):
    """The model's verdict on the study design, changed by patch."""
    scenario = Scenario(situation=study_design(), requirements=REQUIREMENTS)
    return evaluate_choice(scenario, "study", patch)


def failed(result) -> list[str]:
    """Titles and messages of the requirements a verdict fails."""
    return [f"{item.title}: {[finding.message for finding in item.findings]}"
            for item in result.requirements if not item.passed]


def test_model_accepts_the_deployment():
    """Every requirement of the deployment holds in the model, with no private route to the internet."""
    result = verdict(None)
    assert failed(result) == []
    assert result.passes


@pytest.mark.parametrize(
    "name, patch, broken",
    [
        ("no S3 gateway endpoint", {"network": {"endpoints": {"s3": None}}}, "image_pull_succeeds"),
        ("no Secrets Manager endpoint", {"network": {"endpoints": {"secretsmanager": None}}}, "secrets_injected"),
        ("secrets not readable by the execution role", {"roles": {"study-exec": {"permissions": []}}}, "secrets_injected"),
        # health checks fail too, so ECS keeps replacing the tasks: the model reports it as not deploying
        ("tasks closed to the load balancer", {"network": {"security_groups": {"tasks-sg": {"ingress": []}}}}, "deploys"),
        ("a NAT gateway instead of endpoints", {"network": {"subnets": {"private-a": {"default_route": "nat-gateway"},
                                                                        "private-b": {"default_route": "nat-gateway"}},
                                                            "endpoints": None}}, "traffic_private"),
    ],
)
def test_model_rejects_a_broken_variant(name, patch, broken):
    """Each thing the guide says the private subnets and the execution role need is really needed."""
    result = verdict(patch)
    assert not result.passes, name
    assert broken in {item.kind for item in result.requirements if not item.passed}
