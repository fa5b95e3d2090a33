"""Requirement kinds about load balancing and task networking: who reaches which container, and how."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


def _via(lb: str | None, listener_port: int | None, path: str | None, host: str | None) -> str:
    """The optional qualifiers of a reachability sentence."""
    text = (f" on port {listener_port}" if listener_port else "") + (f" through load balancer '{lb}'" if lb else "")
    conditions = [f"{name} {value}" for name, value in (("path", path), ("host", host)) if value]
    return text + (f" ({', '.join(conditions)})" if conditions else "")


@dataclass(config=STRICT)
class Reachable:
    """Clients reach one container port of one service through a load balancer listener."""

    kind: Literal["reachable"] = key("Requirement kind.", "reachable")
    service: str = key("Service whose tasks must receive the traffic.", "iot", default="")
    container: str = key("Container that must receive it.", "api", default="")
    port: int = key("Container port that must receive it.", 8080, default=80, ge=1, le=65535)
    protocol: str = key("What clients speak: HTTP, HTTPS, GRPC (over HTTPS), TCP, TLS (a raw TLS stream) or UDP.", "HTTPS",
                        default="HTTP", pattern="^(HTTP|HTTPS|GRPC|TCP|TLS|UDP)$")
    listener_port: int | None = key("Port clients connect to; empty means any.", 443, default=None, ge=1, le=65535)
    load_balancer: str | None = key("Load balancer clients use; empty means any.", "web-alb", default=None)
    path: str | None = key("Path pattern the requests carry (needs a matching path rule or the default action).", "/devices/*", default=None)
    host: str | None = key("Host header the requests carry.", "api.example.com", default=None)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return (f"{self.protocol} clients reach container '{self.container}' port {self.port} of service '{self.service}'"
                + _via(self.load_balancer, self.listener_port, self.path, self.host))


@dataclass(config=STRICT)
class TlsPassthrough:
    """TLS from clients reaches the container still encrypted: no load balancer on the way decrypts it."""

    kind: Literal["tls_passthrough"] = key("Requirement kind.", "tls_passthrough")
    service: str = key("Service whose containers terminate TLS themselves.", "iot", default="")
    port: int = key("Container port that must receive the untouched TLS stream.", 8883, default=443, ge=1, le=65535)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"TLS reaches port {self.port} of service '{self.service}' untouched (the container terminates it)"


@dataclass(config=STRICT)
class Layer7Routing:
    """Requests to these services keep passing an Application Load Balancer's path or host rules."""

    kind: Literal["layer7_routing"] = key("Requirement kind.", "layer7_routing")
    services: list[str] = key("Services that must stay behind path or host rules.", ["orders", "billing"], default=[])
    through_privatelink: bool = key("Judge the routes consumers take through endpoint services.", True, default=False)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        via = " for consumers coming through PrivateLink" if self.through_privatelink else ""
        return f"Requests to {', '.join(self.services)} are still routed by the path or host rules{via}"


@dataclass(config=STRICT)
class StaticIps:
    """Clients reach the service at fixed IP addresses they can allow-list."""

    kind: Literal["static_ips"] = key("Requirement kind.", "static_ips")
    service: str = key("Service clients reach.", "payments", default="")
    elastic_ips: bool = key("The addresses must be the company's own Elastic IP addresses.", True, default=False)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        own = " (the company's own Elastic IPs)" if self.elastic_ips else ""
        return f"Clients reach service '{self.service}' at static IP addresses{own}"


@dataclass(config=STRICT)
class PrivateLink:
    """Consumers in other accounts reach these services through AWS PrivateLink interface endpoints."""

    kind: Literal["privatelink"] = key("Requirement kind.", "privatelink")
    services: list[str] = key("Services the consumers must reach.", ["orders", "billing", "catalog"], default=[])
    endpoints_per_consumer: int = key("Most interface endpoints each consumer may need.", 1, default=1, ge=1)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return (f"Consumers in other accounts reach {', '.join(self.services)} through PrivateLink "
                f"with at most {self.endpoints_per_consumer} interface endpoint(s) each")


@dataclass(config=STRICT)
class PerTaskSecurityGroup:
    """Each task of the service has its own network interface with its own security groups."""

    kind: Literal["per_task_security_group"] = key("Requirement kind.", "per_task_security_group")
    service: str = key("Service whose tasks need their own security groups.", "payments", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Every task of service '{self.service}' has its own security group"


@dataclass(config=STRICT)
class Density:
    """Several tasks of the service can share one container instance."""

    kind: Literal["density"] = key("Requirement kind.", "density")
    service: str = key("Service whose tasks must pack onto instances.", "web", default="")
    tasks_per_instance: int = key("Tasks of the service one instance must be able to hold.", 4, default=2, ge=2)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"One container instance can run {self.tasks_per_instance} tasks of service '{self.service}'"


@dataclass(config=STRICT)
class Draining:
    """When a task of the service stops, its requests in flight finish, and it leaves its target groups soon enough."""

    kind: Literal["draining"] = key("Requirement kind.", "draining")
    service: str = key("Service whose stopping tasks drain.", "web", default="")
    longest_request_seconds: int = key("Longest request (upload, stream) that must finish when its task stops.", 120,
                                       default=1, ge=0, le=3600)
    max_drain_seconds: int | None = key("Longest a stopping task may stay draining (it holds up each deployment); empty means "
                                        "no limit.", 60, default=None, ge=0, le=3600)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        limit = f", and a stopping task drains for at most {self.max_drain_seconds} s" if self.max_drain_seconds is not None else ""
        return (f"When a task of service '{self.service}' stops, requests in flight (up to {self.longest_request_seconds} s) "
                f"finish{limit}")


@dataclass(config=STRICT)
class UltraLowLatency:
    """Clients reach the service at the lowest latency, through sudden bursts of millions of requests per second."""

    kind: Literal["ultra_low_latency"] = key("Requirement kind.", "ultra_low_latency")
    service: str = key("Service that must answer at the lowest latency.", "bids", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Clients reach service '{self.service}' at ultra-low latency through bursts of millions of requests per second"


REQUIREMENTS = (Reachable, TlsPassthrough, Layer7Routing, StaticIps, PrivateLink, PerTaskSecurityGroup, Density, Draining,
                UltraLowLatency)
