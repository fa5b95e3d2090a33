"""Listener routing: which listeners lead, through which load balancers, to which service's container port."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..vocab import Design
from ..vocab.loadbalancing import Listener, LoadBalancerType, TargetType

TERMINATING_PROTOCOLS = frozenset({"HTTP", "HTTPS", "TLS", "SSL"})
"""Listener protocols at which the load balancer itself ends the client's connection (and any TLS)."""

MAX_CHAIN = 3


@dataclass(frozen=True)
class Hop:
    """One listener on the way: the load balancer, the listener, its rule's conditions, the target group."""

    load_balancer: str
    type: LoadBalancerType
    protocol: str
    port: int
    path: str | None
    host: str | None
    target_group: str

    @property
    def text(self) -> str:
        """The hop as a learner reads it."""
        condition = " ".join(f"{k} {v}" for k, v in (("path", self.path), ("host", self.host)) if v)
        return f"{self.load_balancer} {self.protocol}:{self.port}{' (' + condition + ')' if condition else ''}"


@dataclass(frozen=True)
class Route:
    """A path from a listener to the container port of a service (service None: nobody registers there)."""

    hops: tuple[Hop, ...]
    service: str | None
    container: str | None
    port: int | None

    @property
    def entry(self) -> Hop:
        """The listener clients connect to."""
        return self.hops[0]

    @property
    def target_group(self) -> str:
        """The target group that holds the tasks."""
        return self.hops[-1].target_group

    @property
    def decrypting_hop(self) -> Hop | None:
        """The first listener that ends the client's TLS (HTTPS, TLS) or speaks HTTP itself."""
        return next((h for h in self.hops if h.protocol.upper() in TERMINATING_PROTOCOLS), None)

    @property
    def layer7_hops(self) -> list[Hop]:
        """Application Load Balancer rules with a path or host condition on the way."""
        return [h for h in self.hops if h.type is LoadBalancerType.APPLICATION and (h.path or h.host)]

    @property
    def text(self) -> str:
        """The route as a learner reads it."""
        return " -> ".join(h.text for h in self.hops)


def target_group_users(design: Design) -> dict[str, tuple[str, ...]]:
    """Target group -> the load balancers whose listeners forward to it (Classic Load Balancers have none)."""
    users: dict[str, list[str]] = {}
    for name, lb in design.load_balancers.items():
        for listener in lb.listeners if lb.type is not LoadBalancerType.CLASSIC else []:
            for group in _forwards(listener):
                if name not in users.setdefault(group[2], []):
                    users[group[2]].append(name)
    return {group: tuple(names) for group, names in users.items()}


def _forwards(listener: Listener) -> list[tuple[str | None, str | None, str]]:
    """(path, host, target group) for the default action and each rule."""
    forwards = [(rule.path, rule.host, rule.target_group) for rule in listener.rules]
    if listener.default_target_group:
        forwards.append((None, None, listener.default_target_group))
    return forwards


def resolve_routes(design: Design) -> tuple[Route, ...]:
    """Every route from every listener of every load balancer."""
    routes: list[Route] = []
    for name, lb in design.load_balancers.items():
        for listener in lb.listeners:
            routes += _walk(design, name, listener, (), 1)
    return tuple(routes)


def _walk(design: Design, lb_name: str, listener: Listener, prefix: tuple[Hop, ...], depth: int) -> Iterator[Route]:
    lb = design.load_balancers[lb_name]
    if lb.type is LoadBalancerType.CLASSIC:
        hop = Hop(lb_name, lb.type, listener.protocol.upper(), listener.port, None, None, lb_name)
        yield from _to_services(design, (*prefix, hop), lambda e: e.load_balancer == lb_name)
        return
    for path, host, group_name in _forwards(listener):
        hops = (*prefix, Hop(lb_name, lb.type, listener.protocol.upper(), listener.port, path, host, group_name))
        group = design.target_groups.get(group_name)
        if group is None:
            continue
        if group.target_type is not TargetType.ALB:
            yield from _to_services(design, hops, lambda e, g=group_name: e.target_group == g)
            continue
        for inner_name in group.targets if depth < MAX_CHAIN else []:
            inner = design.load_balancers.get(inner_name)
            for inner_listener in inner.listeners if inner else []:
                if inner_listener.port == group.port:
                    yield from _walk(design, inner_name, inner_listener, hops, depth + 1)


def _to_services(design: Design, hops: tuple[Hop, ...], matches) -> Iterator[Route]:
    entries = [(name, e) for name, s in design.services.items() for e in s.load_balancers if matches(e)]
    if not entries:
        yield Route(hops, None, None, None)
    for name, entry in entries:
        yield Route(hops, name, entry.container, entry.port)
