"""TLS rules: listeners that terminate TLS, their certificates, and encryption from the load balancer to the tasks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.tls import TlsAtLoadBalancer
from ..rule import Rule
from ..vocab.loadbalancing import LoadBalancerType

CHECKED = date(2026, 12, 6)
ELB = "https://docs.aws.amazon.com/elasticloadbalancing/latest/"
TERMINATES = {"HTTPS", "TLS"}
ENCRYPTED_TO_TARGETS = {"HTTPS", "TLS"}


def _entry_routes(dep: Deployment, service: str) -> list:
    fronted = {alb for g in dep.design.target_groups.values() for alb in g.targets}
    return [r for r in dep.targets.routes if r.service == service and r.entry.load_balancer not in fronted]


def _terminates(dep: Deployment, req: TlsAtLoadBalancer) -> Iterator[Breach]:
    for route in _entry_routes(dep, req.service):
        hop = route.entry
        if hop.protocol not in TERMINATES:
            what = ("passes the TLS stream through untouched, so the tasks must hold the certificate and decrypt"
                    if hop.protocol in ("TCP", "TCP_UDP") else "accepts plain, unencrypted connections")
            yield Breach(f"The {hop.protocol} listener {hop.text} {what}; an HTTPS listener (ALB) or a TLS listener (NLB) "
                         "with a certificate ends TLS at the load balancer.", f"load_balancers.{hop.load_balancer}.listeners",
                         Stage.REQUIREMENT)


def _reencrypts(dep: Deployment, req: TlsAtLoadBalancer) -> Iterator[Breach]:
    if not req.end_to_end:
        return
    for route in _entry_routes(dep, req.service):
        group = dep.design.target_groups.get(route.target_group)
        if group is not None and route.entry.protocol in TERMINATES and group.protocol.upper() not in ENCRYPTED_TO_TARGETS:
            wanted = "HTTPS" if route.hops[-1].type is LoadBalancerType.APPLICATION else "TLS"
            yield Breach(f"Target group '{route.target_group}' uses protocol {group.protocol}, so traffic from the load balancer "
                         f"to the tasks of '{req.service}' travels unencrypted; a target group with protocol {wanted} encrypts "
                         "it again.", f"target_groups.{route.target_group}.protocol", Stage.REQUIREMENT)


def _certificate_present(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, lb in dep.design.load_balancers.items():
        for listener in lb.listeners:
            if listener.protocol.upper() in TERMINATES and not listener.certificate:
                yield Breach(f"The {listener.protocol} listener on port {listener.port} of '{name}' has no certificate; a "
                             "listener that ends TLS must name a default server certificate, so it is rejected.",
                             f"load_balancers.{name}.listeners", Stage.REGISTER)


TERMINATES_AT_LB = Rule(
    id="TLS01",
    title="HTTPS (ALB) and TLS (NLB) listeners end TLS at the load balancer; TCP passes it through",
    description=("To offload TLS from the tasks, clients connect to an HTTPS listener on an Application Load Balancer or a TLS "
                 "listener on a Network Load Balancer, which holds the certificate. A TCP listener on 443 forwards the encrypted "
                 "stream untouched, so the containers must terminate it themselves."),
    source=ELB + "network/create-tls-listener.html",
    source_checked=CHECKED,
    taught_in="load-balancers#tls",
    requirement=TlsAtLoadBalancer,
    check=_terminates,
)

REENCRYPTS = Rule(
    id="TLS02",
    title="End-to-end encryption needs an HTTPS or TLS target group",
    description=("After the listener decrypts, the target group's protocol decides the second leg: HTTP or TCP sends plain traffic "
                 "to the tasks, HTTPS (ALB) or TLS (NLB) opens a new encrypted connection to them."),
    source=ELB + "application/load-balancer-target-groups.html",
    source_checked=CHECKED,
    taught_in="load-balancers#tls",
    requirement=TlsAtLoadBalancer,
    check=_reencrypts,
)

CERTIFICATE_PRESENT = Rule(
    id="TLS03",
    title="A listener that ends TLS needs a certificate",
    description=("HTTPS and TLS listeners must name a default server certificate (for example from AWS Certificate Manager); "
                 "without one the listener cannot be created."),
    source=ELB + "application/create-https-listener.html",
    source_checked=CHECKED,
    taught_in="load-balancers#tls",
    requirement=Deploys,
    check=_certificate_present,
)

RULES = (TERMINATES_AT_LB, REENCRYPTS, CERTIFICATE_PRESENT)
