"""A second oracle: every closed set of values in the vocabulary must be accepted by the AWS API itself.

The API models ship in botocore (`botocore/data/<service>/<version>/service-2.json`) and are read from
the installed package at test time, so a typo in an enum, or a value AWS retires, fails here.
"""

from __future__ import annotations

import re
from enum import Enum

import pytest
from botocore.loaders import Loader

from study.ecs.facts import fargate
from study.ecs.rules.loadbalancing import LISTENER_PROTOCOLS, TARGET_GROUP_PROTOCOLS
from study.ecs.vocab.compute import (
    CpuArchitecture,
    IpcMode,
    LaunchType,
    LogDriver,
    NetworkMode,
    OperatingSystem,
    PidMode,
    PortMapping,
    SchedulingStrategy,
)
from study.ecs.vocab.loadbalancing import LoadBalancer, LoadBalancerType, TargetType
from study.ecs.vocab.registry import TagMutability
from study.ecs.vocab.scaling import AdjustmentType, PredefinedMetric
from study.ecs.vocab.storage import DockerScope

LOADER = Loader()


def api_enum(service: str, shape: str) -> set[str]:
    """The values the AWS API model of service allows for one enum shape."""
    return set(LOADER.load_service_model(service, "service-2")["shapes"][shape]["enum"])


def pattern_values(dataclass_type: type, field: str) -> set[str]:
    """The alternatives of a vocabulary key declared with a pattern like ^(tcp|udp)$."""
    pattern = dataclass_type.__pydantic_fields__[field].metadata[0].pattern
    return set(re.fullmatch(r"\^\((.*)\)\$", pattern).group(1).split("|"))


def values(enum: type[Enum]) -> set[str]:
    return {member.value for member in enum}


# (what the vocabulary says, its values, the API service and enum shape that must contain them)
MEMBERS = [
    ("LaunchType", values(LaunchType), "ecs", "LaunchType"),
    ("CpuArchitecture", values(CpuArchitecture), "ecs", "CPUArchitecture"),
    ("NetworkMode", values(NetworkMode), "ecs", "NetworkMode"),
    ("PidMode", values(PidMode), "ecs", "PidMode"),
    ("IpcMode", values(IpcMode), "ecs", "IpcMode"),
    ("LogDriver", values(LogDriver), "ecs", "LogDriver"),
    ("Fargate log drivers", set(fargate.LOG_DRIVERS), "ecs", "LogDriver"),
    ("SchedulingStrategy", values(SchedulingStrategy), "ecs", "SchedulingStrategy"),
    ("PortMapping.protocol", pattern_values(PortMapping, "protocol"), "ecs", "TransportProtocol"),
    ("DockerScope", values(DockerScope), "ecs", "Scope"),
    ("TagMutability", values(TagMutability), "ecr", "ImageTagMutability"),
    ("TargetType", values(TargetType), "elbv2", "TargetTypeEnum"),
    ("LoadBalancer.scheme", pattern_values(LoadBalancer, "scheme"), "elbv2", "LoadBalancerSchemeEnum"),
    ("LoadBalancerType (v2)", values(LoadBalancerType) - {LoadBalancerType.CLASSIC.value}, "elbv2", "LoadBalancerTypeEnum"),
    ("v2 listener protocols", {p for kind, ps in LISTENER_PROTOCOLS.items() if kind is not LoadBalancerType.CLASSIC for p in ps},
     "elbv2", "ProtocolEnum"),
    ("target group protocols", {p for ps in TARGET_GROUP_PROTOCOLS.values() for p in ps}, "elbv2", "ProtocolEnum"),
    ("PredefinedMetric", values(PredefinedMetric), "application-autoscaling", "MetricType"),
    ("AdjustmentType", values(AdjustmentType), "application-autoscaling", "AdjustmentType"),
]


@pytest.mark.parametrize(("name", "ours", "service", "shape"), MEMBERS, ids=[m[0] for m in MEMBERS])
def test_every_vocabulary_value_is_an_api_value(name, ours, service, shape):
    assert ours, f"{name} has no values to check"
    assert ours - api_enum(service, shape) == set(), f"{name}: values the {service} API ({shape}) does not know"


def test_operating_systems_name_api_families():
    """The model says WINDOWS for the whole WINDOWS_SERVER_* family of OSFamily; LINUX is an API value itself."""
    families = api_enum("ecs", "OSFamily")
    assert OperatingSystem.LINUX.value in families
    assert any(f.startswith(f"{OperatingSystem.WINDOWS.value}_SERVER_") for f in families)
    assert all(f == "LINUX" or f.startswith("WINDOWS_SERVER_") for f in families), "a new OS family the model does not name"


def test_the_oracle_catches_a_typo():
    """Not vacuous: a misspelt value is outside the API's enum."""
    assert {"awsvcp"} - api_enum("ecs", "NetworkMode") == {"awsvcp"}
