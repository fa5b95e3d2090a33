"""VPC vocabulary: subnets and their routes, VPC endpoints, security groups."""

from __future__ import annotations

from enum import StrEnum

from pydantic.dataclasses import dataclass

from ._base import STRICT, key


class RouteTarget(StrEnum):
    INTERNET_GATEWAY = "internet-gateway"
    NAT_GATEWAY = "nat-gateway"
    NONE = "none"


class EndpointType(StrEnum):
    INTERFACE = "interface"
    GATEWAY = "gateway"


@dataclass(config=STRICT)
class Subnet:
    az: str = key("Availability Zone suffix or name.", "a", phrase="Availability Zone")
    default_route: RouteTarget = key("Where 0.0.0.0/0 goes from this subnet.", "nat-gateway", default=RouteTarget.NAT_GATEWAY, phrase="default route (0.0.0.0/0)")


@dataclass(config=STRICT)
class VpcEndpoint:
    service: str = key("AWS service of the endpoint: ecr.api, ecr.dkr, s3, logs, secretsmanager, ssm, sts ...", "ecr.dkr", phrase="AWS service")
    type: EndpointType = key("interface or gateway.", "interface", default=EndpointType.INTERFACE, phrase="endpoint type")
    private_dns: bool = key("Private DNS names enabled (interface endpoints).", True, default=True, phrase="private DNS names")


@dataclass(config=STRICT)
class IngressRule:
    source: str = key("Security group name, or a CIDR such as 0.0.0.0/0.", "alb-sg", phrase="source")
    ports: str = key("A port, a range such as 32768-65535, or all.", "8080", phrase="port range")
    protocol: str = key("tcp, udp or all.", "tcp", default="tcp", phrase="protocol")


@dataclass(config=STRICT)
class SecurityGroup:
    ingress: list[IngressRule] = key("Inbound rules.", [{"source": "alb-sg", "ports": "8080"}], default=[], phrase="inbound rules")


def _default_subnets() -> dict:
    return {"private-a": {"az": "a"}, "private-b": {"az": "b"}}


@dataclass(config=STRICT)
class Network:
    subnets: dict[str, Subnet] = key(
        "Subnets by name. Without any, two private subnets with a NAT route in AZs a and b are assumed.",
        {"private-a": {"az": "a", "default_route": "nat-gateway"}}, default=_default_subnets(), phrase="subnets")
    endpoints: dict[str, VpcEndpoint] = key("VPC endpoints by name.", {"ecr-dkr": {"service": "ecr.dkr"}}, default={}, phrase="VPC endpoints")
    security_groups: dict[str, SecurityGroup] = key(
        "Security groups by name. `default` is the VPC's default group: unless defined here it admits its own members only.",
        {"alb-sg": {"ingress": [{"source": "0.0.0.0/0", "ports": "443"}]}}, default={}, phrase="security groups")
