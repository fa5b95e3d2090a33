"""Elastic Load Balancing vocabulary: load balancers, listeners, target groups, endpoint services."""

from __future__ import annotations

from enum import StrEnum

from pydantic.dataclasses import dataclass

from ._base import STRICT, key


class LoadBalancerType(StrEnum):
    APPLICATION = "application"
    NETWORK = "network"
    GATEWAY = "gateway"
    CLASSIC = "classic"


class TargetType(StrEnum):
    INSTANCE = "instance"
    IP = "ip"
    ALB = "alb"


@dataclass(config=STRICT)
class ListenerRule:
    target_group: str = key("Target group the rule forwards to.", "orders-tg", phrase="target group")
    path: str | None = key("Path pattern condition.", "/orders/*", default=None, phrase="path pattern")
    host: str | None = key("Host header condition.", "api.example.com", default=None, phrase="host header")


@dataclass(config=STRICT)
class Listener:
    protocol: str = key("HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP or GENEVE.", "HTTPS", phrase="protocol")
    port: int = key("Listener port.", 443, ge=1, le=65535, phrase="port")
    default_target_group: str | None = key("Target group of the default action.", "web-tg", default=None, phrase="default action's target group")
    rules: list[ListenerRule] = key("Routing rules (ALB only).", [{"path": "/orders/*", "target_group": "orders-tg"}], default=[], phrase="listener rules")
    certificate: bool = key("A certificate is attached (HTTPS and TLS listeners).", True, default=False, phrase="certificate")


@dataclass(config=STRICT)
class LoadBalancer:
    type: LoadBalancerType = key("application, network, gateway or classic.", "application", phrase="load balancer type")
    scheme: str = key("internet-facing or internal.", "internal", default="internet-facing", pattern="^(internet-facing|internal)$", phrase="scheme")
    listeners: list[Listener] = key("Listeners.", [{"protocol": "HTTPS", "port": 443, "default_target_group": "web-tg", "certificate": True}], default=[], phrase="listeners")
    subnets: list[str] = key("Subnets the load balancer has nodes in; empty means every subnet.", ["public-a", "public-b"], default=[], phrase="subnets")
    security_groups: list[str] = key(
        "Security groups of the load balancer. Without any, an application or classic load balancer gets the VPC's "
        "default group and a network load balancer has none.", ["alb-sg"], default=[], phrase="security groups")
    elastic_ips: bool = key("An Elastic IP is assigned per subnet.", True, default=False, phrase="Elastic IP addresses per subnet")
    created_without_security_groups: bool = key(
        "Situation: this Network Load Balancer was created without security groups, so none can be associated later.",
        True, default=False, phrase="creation without security groups")


@dataclass(config=STRICT)
class TargetGroup:
    target_type: TargetType = key("instance, ip or alb; fixed when the group is created.", "ip", default=TargetType.INSTANCE, phrase="target type")
    protocol: str = key("Protocol to the targets.", "HTTP", default="HTTP", phrase="protocol")
    port: int = key("Default target port.", 80, default=80, ge=1, le=65535, phrase="port")
    protocol_version: str = key("HTTP1, HTTP2 or GRPC (ALB target groups).", "GRPC", default="HTTP1", pattern="^(HTTP1|HTTP2|GRPC)$", phrase="protocol version")
    health_check_port: str = key("traffic-port or a fixed port number.", "traffic-port", default="traffic-port", pattern="^(traffic-port|[0-9]{1,5})$", phrase="health check port")
    success_codes: str | None = key(
        "Health check matcher: gRPC codes for GRPC groups (0-99, default 12), HTTP codes otherwise (ALB default 200).",
        "0", default=None, pattern=r"^[0-9]{1,3}(-[0-9]{1,3})?(,[0-9]{1,3}(-[0-9]{1,3})?)*$", phrase="health check success codes (Matcher)")
    health_check_interval_seconds: int = key("Seconds between health checks of one target (AWS accepts 5-300; rule RNG05).", 30, default=30, phrase="health check interval in seconds")
    unhealthy_threshold: int = key("Failed checks in a row before a target is unhealthy (AWS accepts 2-10; rule RNG05).", 2, default=2, phrase="unhealthy threshold count")
    deregistration_delay_seconds: int = key("Seconds a deregistering target drains in-flight requests (AWS accepts 0-3600; rule RNG06).",
                                            300, default=300, phrase="deregistration delay in seconds")
    targets: list[str] = key("For target type alb: the load balancers registered as targets.", ["internal-alb"], default=[], phrase="registered load balancers")


@dataclass(config=STRICT)
class EndpointService:
    load_balancers: list[str] = key("Load balancers that back the PrivateLink endpoint service.", ["partner-nlb"], phrase="load balancers")
    consumers: list[str] = key("Accounts allowed to create endpoints.", ["444455556666"], default=[], phrase="allowed principals")
