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
    az: str = key("Availability Zone suffix or name.", "a")
    default_route: RouteTarget = key("Where 0.0.0.0/0 goes from this subnet.", "nat-gateway", default=RouteTarget.NAT_GATEWAY)


@dataclass(config=STRICT)
class VpcEndpoint:
    service: str = key("AWS service of the endpoint: ecr.api, ecr.dkr, s3, logs, secretsmanager, ssm, sts ...", "ecr.dkr")
    type: EndpointType = key("interface or gateway.", "interface", default=EndpointType.INTERFACE)
    private_dns: bool = key("Private DNS names enabled (interface endpoints).", True, default=True)


@dataclass(config=STRICT)
class IngressRule:
    source: str = key("Security group name, or a CIDR such as 0.0.0.0/0.", "alb-sg")
    ports: str = key("A port, a range such as 32768-65535, or all.", "8080")
    protocol: str = key("tcp, udp or all.", "tcp", default="tcp")


@dataclass(config=STRICT)
class SecurityGroup:
    ingress: list[IngressRule] = key("Inbound rules.", [{"source": "alb-sg", "ports": "8080"}], default=[])


def _default_subnets() -> dict:
    return {"private-a": {"az": "a"}, "private-b": {"az": "b"}}


@dataclass(config=STRICT)
class Network:
    subnets: dict[str, Subnet] = key(
        "Subnets by name. Without any, two private subnets with a NAT route in AZs a and b are assumed.",
        {"private-a": {"az": "a", "default_route": "nat-gateway"}}, default=_default_subnets())
    endpoints: dict[str, VpcEndpoint] = key("VPC endpoints by name.", {"ecr-dkr": {"service": "ecr.dkr"}}, default={})
    security_groups: dict[str, SecurityGroup] = key(
        "Security groups by name. `default` is the VPC's default group: unless defined here it admits its own members only.",
        {"alb-sg": {"ingress": [{"source": "0.0.0.0/0", "ports": "443"}]}}, default={})
