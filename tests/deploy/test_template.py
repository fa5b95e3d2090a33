"""The CloudFormation template lints clean and keeps what the deployment relies on."""
from __future__ import annotations

from pathlib import Path

import pytest
from cfnlint.api import ManualArgs, lint, lint_file
from cfnlint.decode.decode import decode

from study.web import create_app

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "study.yaml"
LINT_EVERYTHING = ManualArgs(include_checks=["I"])  # errors, warnings and informational findings


@pytest.fixture(scope="module")
def template() -> dict:
    """The template as CloudFormation reads it (!Ref and !GetAtt become their long forms)."""
    parsed, errors = decode(str(TEMPLATE))
    assert errors == [], errors
    return parsed


def properties(template: dict, logical_id: str) -> dict:
    """The Properties of one resource."""
    return template["Resources"][logical_id]["Properties"]


def at(value, path: str):
    """The value at a dotted path, where a number indexes a list."""
    for step in path.split("."):
        value = value[int(step)] if step.isdigit() else value[step]
    return value


def test_template_lints_clean():
    """cfn-lint checks every property name, type and allowed value against the resource schemas."""
    assert [str(match) for match in lint_file(TEMPLATE, LINT_EVERYTHING)] == []


@pytest.mark.parametrize(
    "original, broken, rule",
    [
        ('Memory: "1024"', 'Memory: "300"', "E3047"),  # not a Fargate CPU/memory pair
        ("HealthCheckPath: /healthz", "HealthCheckPth: /healthz", "E3002"),  # misspelt property
        ('EngineVersion: "16.10"', 'EngineVersion: "16.99"', "E3691"),  # no such PostgreSQL version
        ("AssignPublicIp: DISABLED", "AssignPublicIp: NO", "E3030"),  # not an allowed value
    ],
)
def test_linter_catches_a_broken_copy(original, broken, rule):
    """The lint above is real: one wrong value in a copy of the template is reported by its rule."""
    text = TEMPLATE.read_text()
    assert original in text
    rules = {match.rule.id for match in lint(text.replace(original, broken), config=LINT_EVERYTHING)}
    assert rule in rules


@pytest.mark.parametrize(
    "logical_id, path, expected",
    [
        ("TaskDefinition", "NetworkMode", "awsvpc"),
        ("TaskDefinition", "RequiresCompatibilities", ["FARGATE"]),
        ("TaskDefinition", "RuntimePlatform.OperatingSystemFamily", "LINUX"),
        ("TaskDefinition", "ContainerDefinitions.0.LogConfiguration.LogDriver", "awslogs"),
        ("Service", "LaunchType", "FARGATE"),
        ("Service", "DesiredCount", {"Ref": "DesiredCount"}),
        ("Service", "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp", "DISABLED"),
        ("Service", "NetworkConfiguration.AwsvpcConfiguration.Subnets", {"Ref": "PrivateSubnetIds"}),
        ("Service", "DeploymentConfiguration.DeploymentCircuitBreaker", {"Enable": True, "Rollback": True}),
        ("TargetGroup", "TargetType", "ip"),
        ("LoadBalancer", "Scheme", "internet-facing"),
        ("LoadBalancer", "Subnets", {"Ref": "PublicSubnetIds"}),
        ("HttpsListener", "Certificates.0.CertificateArn", {"Ref": "CertificateArn"}),
        ("HttpListener", "DefaultActions.0.RedirectConfig.Protocol", "HTTPS"),
        ("Database", "Engine", "postgres"),
        ("Database", "PubliclyAccessible", False),
        ("Database", "StorageEncrypted", True),
        ("Database", "ManageMasterUserPassword", True),
        ("DatabaseSubnetGroup", "SubnetIds", {"Ref": "PrivateSubnetIds"}),
    ],
)
def test_essential_setting(template, logical_id, path, expected):
    """Each setting the deployment depends on has the value the docs describe."""
    assert at(properties(template, logical_id), path) == expected


def test_two_tasks_by_default(template):
    """Two tasks keep the app up while one is replaced."""
    assert template["Parameters"]["DesiredCount"]["Default"] == 2


def test_database_is_postgresql_16(template):
    """The app is tested against PostgreSQL; 16 is the major version the docs name."""
    assert str(properties(template, "Database")["EngineVersion"]).startswith("16.")


def test_health_check_path_is_a_route_of_the_app(template):
    """The load balancer probes a route the app serves, the liveness check that needs no database."""
    app = create_app({"SECRET_KEY": "not-used", "TESTING": True})
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    path = properties(template, "TargetGroup")["HealthCheckPath"]
    assert path == "/healthz"
    assert path in routes


def test_container_port_is_the_target_group_port(template):
    """The load balancer sends traffic to the port the container listens on."""
    container = properties(template, "TaskDefinition")["ContainerDefinitions"][0]
    [mapping] = properties(template, "Service")["LoadBalancers"]
    assert container["PortMappings"][0]["ContainerPort"] == 8000
    assert properties(template, "TargetGroup")["Port"] == 8000
    assert (mapping["ContainerName"], mapping["ContainerPort"]) == (container["Name"], 8000)


def test_service_waits_for_the_listener(template):
    """ECS refuses a target group that no load balancer listener uses yet."""
    assert template["Resources"]["Service"]["DependsOn"] == "HttpsListener"


def test_no_task_role(template):
    """The app calls no AWS API, so its containers get no AWS credentials."""
    assert "TaskRoleArn" not in properties(template, "TaskDefinition")


def test_execution_role_reads_only_the_two_secrets(template):
    """Beyond the managed execution policy, the agent may read exactly the app's two secrets."""
    role = properties(template, "ExecutionRole")
    [trust] = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    assert role["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}
    ]
    statements = [statement for policy in role["Policies"] for statement in policy["PolicyDocument"]["Statement"]]
    assert statements == [
        {
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": [{"Ref": "SecretKeyArn"}, {"Ref": "DatabaseUrlArn"}],
        }
    ]


def test_container_takes_secrets_from_secrets_manager(template):
    """The two secrets arrive from Secrets Manager; plain environment carries no secret."""
    container = properties(template, "TaskDefinition")["ContainerDefinitions"][0]
    secrets = {item["Name"]: item["ValueFrom"] for item in container["Secrets"]}
    environment = {item["Name"]: item["Value"] for item in container["Environment"]}
    assert secrets == {"STUDY_SECRET_KEY": {"Ref": "SecretKeyArn"}, "STUDY_DATABASE_URL": {"Ref": "DatabaseUrlArn"}}
    assert environment == {"STUDY_PROXY_HOPS": "1", "STUDY_SECURE_COOKIES": "1"}


def ingress_rules(template: dict, group: str) -> list[tuple]:
    """(port range, source) of every ingress rule of a security group, inline or standalone."""
    rules = list(properties(template, group).get("SecurityGroupIngress", []))
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::EC2::SecurityGroupIngress" and resource["Properties"]["GroupId"] == {"Ref": group}:
            rules.append(resource["Properties"])
    return [
        ((rule["FromPort"], rule["ToPort"]), rule.get("CidrIp") or rule.get("SourceSecurityGroupId")) for rule in rules
    ]


@pytest.mark.parametrize(
    "group, expected",
    [
        ("LoadBalancerSecurityGroup", [((443, 443), "0.0.0.0/0"), ((80, 80), "0.0.0.0/0")]),
        ("TasksSecurityGroup", [((8000, 8000), {"Ref": "LoadBalancerSecurityGroup"})]),
        ("DatabaseSecurityGroup", [((5432, 5432), {"Ref": "TasksSecurityGroup"})]),
    ],
)
def test_security_group_ingress(template, group, expected):
    """Only the load balancer faces the internet; each layer admits only the one in front of it."""
    assert ingress_rules(template, group) == expected
