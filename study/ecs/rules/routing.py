"""Routing rules: whether listeners lead clients to the right container, and how (TLS, rules, addresses, PrivateLink)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from fnmatch import fnmatchcase

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.loadbalancing import (
    Layer7Routing,
    PrivateLink,
    Reachable,
    StaticIps,
    TlsPassthrough,
    UltraLowLatency,
)
from ..rule import Rule
from ..steps.routes import Hop, Route
from ..vocab.loadbalancing import LoadBalancerType
from ._deployment_views import DOCS
from .loadbalancing import lb_name

ELB = "https://docs.aws.amazon.com/elasticloadbalancing/latest/"
CARRIES = {
    "HTTP": ("HTTP", "TCP", "TCP_UDP"),
    "HTTPS": ("HTTPS", "TLS", "TCP", "TCP_UDP", "SSL"),
    "GRPC": ("HTTPS", "TLS", "TCP", "TCP_UDP"),
    "TCP": ("TCP", "TCP_UDP"),
    "TLS": ("TLS", "TCP", "TCP_UDP", "SSL"),
    "UDP": ("UDP", "TCP_UDP"),
}
"""Entry listener protocols that can carry what the clients speak."""


def _fronted(dep: Deployment) -> set[str]:
    """Load balancers registered behind another load balancer (clients do not enter there)."""
    return {alb for g in dep.design.target_groups.values() for alb in g.targets}


def _routes_to(dep: Deployment, service: str, port: int | None = None) -> list[Route]:
    return [r for r in dep.targets.routes if r.service == service and (port is None or r.port == port)]


def _matches_request(route: Route, req: Reachable, dep: Deployment) -> bool:
    """The route's rule conditions accept the request's path and host (the default action takes what no rule takes)."""
    for hop in route.hops:
        if hop.type is not LoadBalancerType.APPLICATION:
            continue
        if hop.path or hop.host:
            if not _condition_holds(hop.path, req.path) or not _condition_holds(hop.host, req.host):
                return False
        elif _a_rule_takes(dep, hop, req):
            return False
    return True


def _condition_holds(condition: str | None, value: str | None) -> bool:
    return condition is None or (value is not None and fnmatchcase(value, condition))


def _a_rule_takes(dep: Deployment, hop: Hop, req: Reachable) -> bool:
    """Some rule of the same listener matches the request before the default action could."""
    return bool(_takers(dep, hop, req))


def _takers(dep: Deployment, hop: Hop, req: Reachable) -> list[str]:
    """Target groups (with the rule) of the listener's rules that match the request."""
    lb = dep.design.load_balancers[hop.load_balancer]
    return [f"target group '{rule.target_group}' ({'path ' + rule.path if rule.path else 'host ' + str(rule.host)})"
            for listener in lb.listeners if listener.port == hop.port for rule in listener.rules
            if (rule.path or rule.host) and _condition_holds(rule.path, req.path) and _condition_holds(rule.host, req.host)]


def _reachable(dep: Deployment, req: Reachable) -> Iterator[Breach]:
    fronted = _fronted(dep)
    entries = [r for r in dep.targets.routes if r.entry.load_balancer not in fronted or r.entry.load_balancer == req.load_balancer]
    wanted = [r for r in entries if (req.load_balancer in (None, r.entry.load_balancer))
              and (req.listener_port in (None, r.entry.port))]
    right = [r for r in wanted if (r.service, r.container, r.port) == (req.service, req.container, req.port)]
    where = f"services.{req.service}.load_balancers"
    if not right:
        elsewhere = sorted({f"{r.text} reaches {'service ' + repr(r.service) + ' port ' + str(r.port) if r.service else 'no service'}"
                            for r in wanted})
        seen = f" ({'; '.join(elsewhere)})" if elsewhere else ""
        yield Breach(f"No listener{_qualifier(req)} leads to container '{req.container}' port {req.port} of service "
                     f"'{req.service}'{seen}.", where, Stage.REQUIREMENT)
        return
    carried = [r for r in right if r.entry.protocol in CARRIES[req.protocol]]
    if not carried:
        yield Breach(f"{req.protocol} clients cannot use {', '.join(sorted({r.entry.text for r in right}))}: its "
                     f"{right[0].entry.protocol} listener does not carry {req.protocol} (entry listeners that do: "
                     f"{', '.join(CARRIES[req.protocol])}).", where, Stage.REQUIREMENT)
        return
    if (req.path or req.host) and not any(_matches_request(r, req, dep) for r in carried):
        conditions = sorted({h.text for r in carried for h in r.layer7_hops})
        takers = sorted({t for r in carried for h in r.hops if not (h.path or h.host) for t in _takers(dep, h, req)})
        why = (f"the only routes there are {', '.join(conditions)}" if conditions
               else f"a rule on the same listener sends them to {', '.join(takers)} first")
        yield Breach(f"Requests for {req.path or req.host} never reach '{req.service}': {why}.", where, Stage.REQUIREMENT)


def _qualifier(req: Reachable) -> str:
    parts = [f" on port {req.listener_port}" if req.listener_port else "", f" of '{req.load_balancer}'" if req.load_balancer else ""]
    return "".join(parts)


def _grpc_needs_grpc_group(dep: Deployment, req: Reachable) -> Iterator[Breach]:
    if req.protocol != "GRPC":
        return
    for route in _routes_to(dep, req.service, req.port):
        last_alb = next((h for h in reversed(route.hops) if h.type is LoadBalancerType.APPLICATION), None)
        group = dep.design.target_groups.get(route.target_group)
        if last_alb is not None and group is not None and group.protocol_version != "GRPC":
            yield Breach(f"Application Load Balancer '{last_alb.load_balancer}' forwards gRPC calls to target group "
                         f"'{route.target_group}', whose protocol version is {group.protocol_version}; gRPC needs protocol "
                         "version GRPC (over an HTTPS listener).", f"target_groups.{route.target_group}.protocol_version",
                         Stage.REQUIREMENT)


def _tls_passthrough(dep: Deployment, req: TlsPassthrough) -> Iterator[Breach]:
    for route in _routes_to(dep, req.service, req.port):
        hop = route.decrypting_hop
        if hop is not None:
            what = "terminates TLS" if hop.protocol in ("HTTPS", "TLS", "SSL") else "speaks plain HTTP"
            yield Breach(f"The {hop.protocol} listener {hop.text} ({lb_name(hop.type)}) {what}, so the container on port {req.port} "
                         "never sees the client's TLS session; a TCP listener on a Network Load Balancer passes it through.",
                         f"load_balancers.{hop.load_balancer}.listeners", Stage.REQUIREMENT)


def _endpoint_routes(dep: Deployment, service: str) -> dict[str, list[Route]]:
    """Endpoint service -> routes to the service that enter through a Network Load Balancer backing it."""
    found: dict[str, list[Route]] = {}
    for name, endpoint_service in dep.design.endpoint_services.items():
        routes = [r for r in _routes_to(dep, service) if r.entry.load_balancer in endpoint_service.load_balancers
                  and r.entry.type is LoadBalancerType.NETWORK]
        if routes:
            found[name] = routes
    return found


def _layer7_routing(dep: Deployment, req: Layer7Routing) -> Iterator[Breach]:
    fronted = _fronted(dep)
    for service in req.services:
        if req.through_privatelink:
            routes = [r for rs in _endpoint_routes(dep, service).values() for r in rs]
        else:
            routes = [r for r in _routes_to(dep, service) if r.entry.load_balancer not in fronted]
        bare = [r for r in routes if not r.layer7_hops]
        if bare:
            yield Breach(f"Requests reach '{service}' through {bare[0].text} without passing any path or host rule; the "
                         "layer-7 routing is lost.", f"services.{service}.load_balancers", Stage.REQUIREMENT)


def _static_ips(dep: Deployment, req: StaticIps) -> Iterator[Breach]:
    fronted = _fronted(dep)
    entries = {r.entry.load_balancer for r in _routes_to(dep, req.service) if r.entry.load_balancer not in fronted}
    balancers = {name: dep.design.load_balancers[name] for name in entries}
    fixed = [n for n, lb in balancers.items() if lb.type is LoadBalancerType.NETWORK and (lb.elastic_ips or not req.elastic_ips)]
    if not balancers:
        yield Breach(f"No load balancer leads clients to '{req.service}'.", f"services.{req.service}", Stage.REQUIREMENT)
    elif not fixed:
        names = ", ".join(f"{lb_name(lb.type)} '{n}'" for n, lb in sorted(balancers.items()))
        need = " with Elastic IPs assigned" if req.elastic_ips else ""
        yield Breach(f"Clients reach '{req.service}' only through {names}; static addresses come only from a Network Load "
                     f"Balancer{need} (one per Availability Zone). An ALB's addresses change over time.",
                     f"services.{req.service}.load_balancers", Stage.REQUIREMENT)


def _ultra_low_latency(dep: Deployment, req: UltraLowLatency) -> Iterator[Breach]:
    fronted = _fronted(dep)
    routes = [r for r in _routes_to(dep, req.service) if r.entry.load_balancer not in fronted]
    layer4 = [r for r in routes if all(h.type is LoadBalancerType.NETWORK for h in r.hops)]
    if not routes:
        yield Breach(f"No load balancer leads clients to '{req.service}'.", f"services.{req.service}.load_balancers", Stage.REQUIREMENT)
    elif not layer4:
        hop = next(h for h in routes[0].hops if h.type is not LoadBalancerType.NETWORK)
        yield Breach(f"Clients reach '{req.service}' through {routes[0].text}, where {lb_name(hop.type)} '{hop.load_balancer}' "
                     "handles every request itself; only a Network Load Balancer alone, forwarding connections at layer 4, is "
                     "built for millions of requests per second and sudden bursts at ultra-low latency.",
                     f"load_balancers.{hop.load_balancer}.type", Stage.REQUIREMENT)


def _privatelink(dep: Deployment, req: PrivateLink) -> Iterator[Breach]:
    design = dep.design
    gateway_backed = [n for n, es in design.endpoint_services.items()
                      if any(design.load_balancers.get(lb) and design.load_balancers[lb].type is LoadBalancerType.GATEWAY
                             for lb in es.load_balancers)]
    reach = {service: set(_endpoint_routes(dep, service)) for service in req.services}
    missing = [s for s, es in reach.items() if not es]
    if missing:
        extra = (f" Endpoint service(s) {', '.join(gateway_backed)} are backed by a Gateway Load Balancer: consumers get Gateway "
                 "Load Balancer endpoints, route targets that send traffic to inspection appliances, not interface endpoints."
                 if gateway_backed else "")
        yield Breach(f"No endpoint service backed by a Network Load Balancer leads to {', '.join(missing)}.{extra}",
                     "endpoint_services", Stage.REQUIREMENT)
        return
    needed = _fewest_endpoint_services(reach)
    if needed > req.endpoints_per_consumer:
        yield Breach(f"Each consumer needs {needed} interface endpoints (one per endpoint service: "
                     f"{', '.join(sorted(set().union(*reach.values())))}), not {req.endpoints_per_consumer}.",
                     "endpoint_services", Stage.REQUIREMENT)


def _fewest_endpoint_services(reach: dict[str, set[str]]) -> int:
    """Greedy cover: how many endpoint services a consumer needs to reach every service."""
    uncovered, count = set(reach), 0
    while uncovered:
        best = max({e for es in reach.values() for e in es}, key=lambda e: len({s for s in uncovered if e in reach[s]}))
        uncovered -= {s for s in uncovered if best in reach[s]}
        count += 1
    return count


REACHABLE = Rule(
    id="LB10",
    title="A listener leads the clients to the service's container port",
    description=("Clients reach a container only through a listener whose default action or rule forwards to a target group that the "
                 "service registers that container and port with, on a listener protocol that carries what the clients speak."),
    source=DOCS + "service-load-balancing.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#target-groups",
    requirement=Reachable,
    check=_reachable,
)

GRPC_NEEDS_GRPC_GROUP = Rule(
    id="LB11",
    title="gRPC through an ALB needs a GRPC target group",
    description=("An Application Load Balancer forwards gRPC calls only to target groups with protocol version GRPC (behind an HTTPS "
                 "listener); HTTP1 target groups break the HTTP/2 framing gRPC needs."),
    source=ELB + "application/load-balancer-target-groups.html#target-group-protocol-version",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#alb",
    requirement=Reachable,
    check=_grpc_needs_grpc_group,
)

TLS_PASSTHROUGH = Rule(
    id="LB12",
    title="Only a TCP listener passes TLS through",
    description=("HTTPS listeners (ALB) and TLS listeners (NLB) decrypt at the load balancer; to let the container terminate TLS itself "
                 "use a TCP listener on a Network Load Balancer, which forwards the encrypted bytes untouched."),
    source=ELB + "network/load-balancer-listeners.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#nlb",
    requirement=TlsPassthrough,
    check=_tls_passthrough,
)

LAYER7_ROUTING = Rule(
    id="LB13",
    title="Path and host routing happens only on an ALB",
    description=("Only Application Load Balancer rules route by path or host; a route that reaches a service through a Network Load "
                 "Balancer's target group alone has no such rules."),
    source=DOCS + "service-load-balancing.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#alb",
    requirement=Layer7Routing,
    check=_layer7_routing,
)

STATIC_IPS = Rule(
    id="LB14",
    title="Static IP addresses come from a Network Load Balancer",
    description=("A Network Load Balancer has one static IP per Availability Zone and can use Elastic IPs; put one in front (an ALB can be "
                 "its target) when clients must allow-list fixed addresses."),
    source=ELB + "network/network-load-balancers.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#nlb",
    requirement=StaticIps,
    check=_static_ips,
)

PRIVATELINK = Rule(
    id="LB15",
    title="One endpoint service per consumer endpoint",
    description=("Consumers in other accounts reach a provider through an interface endpoint per endpoint service; one NLB-backed endpoint "
                 "service in front of one ALB gives every service behind the ALB through a single endpoint."),
    source="https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#privatelink",
    requirement=PrivateLink,
    check=_privatelink,
)

ULTRA_LOW_LATENCY = Rule(
    id="LB16",
    title="Ultra-low latency at millions of requests per second needs a Network Load Balancer",
    description=("A Network Load Balancer forwards connections at layer 4 and is built for millions of requests per second and sudden, "
                 "volatile traffic at ultra-low latency; an Application Load Balancer on the path processes every request at layer 7."),
    source="https://aws.amazon.com/elasticloadbalancing/network-load-balancer/",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#nlb",
    requirement=UltraLowLatency,
    check=_ultra_low_latency,
)

RULES = (REACHABLE, GRPC_NEEDS_GRPC_GROUP, TLS_PASSTHROUGH, LAYER7_ROUTING, STATIC_IPS, PRIVATELINK, ULTRA_LOW_LATENCY)
