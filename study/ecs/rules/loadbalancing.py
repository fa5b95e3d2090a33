"""Load balancer rules: what each type accepts, how target groups, services and endpoint services connect."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..rule import Rule
from ..vocab.loadbalancing import LoadBalancerType, TargetType
from ._deployment_views import DOCS

ELB = "https://docs.aws.amazon.com/elasticloadbalancing/latest/"
LISTENER_PROTOCOLS = {
    LoadBalancerType.APPLICATION: ("HTTP", "HTTPS"),
    LoadBalancerType.NETWORK: ("TCP", "TLS", "UDP", "TCP_UDP", "QUIC", "TCP_QUIC"),
    LoadBalancerType.GATEWAY: ("GENEVE",),
    LoadBalancerType.CLASSIC: ("HTTP", "HTTPS", "TCP", "SSL"),
}
TARGET_GROUP_PROTOCOLS = {
    LoadBalancerType.APPLICATION: ("HTTP", "HTTPS"),
    LoadBalancerType.NETWORK: ("TCP", "TLS", "UDP", "TCP_UDP", "QUIC", "TCP_QUIC"),
    LoadBalancerType.GATEWAY: ("GENEVE",),
}
MAX_TARGET_GROUPS_PER_SERVICE = 5
LB_NAMES = {LoadBalancerType.APPLICATION: "Application Load Balancer", LoadBalancerType.NETWORK: "Network Load Balancer",
            LoadBalancerType.GATEWAY: "Gateway Load Balancer", LoadBalancerType.CLASSIC: "Classic Load Balancer"}


def lb_name(kind: LoadBalancerType) -> str:
    """The full name of a load balancer type."""
    return LB_NAMES[kind]


def _protocols_fit_type(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for name, lb in design.load_balancers.items():
        allowed = LISTENER_PROTOCOLS[lb.type]
        for index, listener in enumerate(lb.listeners):
            where = f"load_balancers.{name}.listeners.{index}"
            if listener.protocol.upper() not in allowed:
                yield Breach(f"{lb_name(lb.type)} '{name}' cannot have a {listener.protocol} listener on port {listener.port}: "
                             f"its listeners accept only {', '.join(allowed)}.", f"{where}.protocol", Stage.REGISTER)
            if listener.rules and lb.type is not LoadBalancerType.APPLICATION:
                yield Breach(f"The {listener.protocol}:{listener.port} listener of {lb_name(lb.type)} '{name}' has path or host "
                             "rules; only Application Load Balancer listeners route by request content.", f"{where}.rules", Stage.REGISTER)
    for group_name, lb_names in dep.targets.users.items():
        group = design.target_groups.get(group_name)
        for lb_name_ in lb_names:
            kind = design.load_balancers[lb_name_].type
            allowed = TARGET_GROUP_PROTOCOLS.get(kind, ())
            if group is not None and group.target_type is not TargetType.ALB and group.protocol.upper() not in allowed:
                yield Breach(f"Target group '{group_name}' uses protocol {group.protocol}, but {lb_name(kind)} '{lb_name_}' "
                             f"forwards only to {', '.join(allowed)} target groups.", f"target_groups.{group_name}.protocol", Stage.REGISTER)


def _one_load_balancer_per_group(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for group, users in dep.targets.users.items():
        if len(users) > 1:
            yield Breach(f"Target group '{group}' is used by listeners of {' and '.join(repr(u) for u in users)}; a target group "
                         "can serve only one load balancer (give each load balancer its own target group).",
                         f"target_groups.{group}", Stage.REGISTER)


def _service_entries_resolve(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for name, service in design.services.items():
        td = design.task_definitions.get(service.task_definition)
        for index, entry in enumerate(service.load_balancers):
            where = f"services.{name}.load_balancers.{index}"
            if entry.target_group is None and entry.load_balancer is None:
                yield Breach(f"Load balancer entry {index} of service '{name}' names neither a target group nor a Classic Load Balancer.",
                             where, Stage.REGISTER)
            elif entry.target_group is not None and entry.target_group not in design.target_groups:
                yield Breach(f"Service '{name}' names target group '{entry.target_group}', which does not exist.",
                             f"{where}.target_group", Stage.REGISTER)
            elif entry.load_balancer is not None and entry.load_balancer not in design.load_balancers:
                yield Breach(f"Service '{name}' names load balancer '{entry.load_balancer}', which does not exist.",
                             f"{where}.load_balancer", Stage.REGISTER)
            if td is None:
                continue
            container = td.containers.get(entry.container)
            if container is None:
                yield Breach(f"Service '{name}' sends load balancer traffic to container '{entry.container}', which task definition "
                             f"'{service.task_definition}' does not have.", f"{where}.container", Stage.REGISTER)
            elif entry.port not in [pm.container_port for pm in container.port_mappings]:
                ports = ", ".join(str(pm.container_port) for pm in container.port_mappings) or "none"
                yield Breach(f"Service '{name}' sends load balancer traffic to port {entry.port} of container '{entry.container}', "
                             f"but the container maps only these ports: {ports}.", f"{where}.port", Stage.REGISTER)


def _at_most_five_target_groups(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, service in dep.design.services.items():
        groups = {e.target_group for e in service.load_balancers if e.target_group}
        if len(groups) > MAX_TARGET_GROUPS_PER_SERVICE:
            yield Breach(f"Service '{name}' attaches {len(groups)} target groups; a service may attach at most "
                         f"{MAX_TARGET_GROUPS_PER_SERVICE}.", f"services.{name}.load_balancers", Stage.REGISTER)


def _endpoint_services_need_nlb(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for name, endpoint_service in design.endpoint_services.items():
        for lb_ in endpoint_service.load_balancers:
            lb = design.load_balancers.get(lb_)
            if lb is None:
                yield Breach(f"Endpoint service '{name}' names load balancer '{lb_}', which does not exist.",
                             f"endpoint_services.{name}.load_balancers", Stage.REGISTER)
            elif lb.type not in (LoadBalancerType.NETWORK, LoadBalancerType.GATEWAY):
                yield Breach(f"Endpoint service '{name}' is backed by {lb_name(lb.type)} '{lb_}'; PrivateLink endpoint services need a "
                             "Network Load Balancer (or a Gateway Load Balancer). Put an NLB with an alb-type target group in front "
                             "of an ALB to keep its rules.", f"endpoint_services.{name}.load_balancers", Stage.REGISTER)


def _alb_target_groups(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    design = dep.design
    for name, group in design.target_groups.items():
        if group.target_type is not TargetType.ALB:
            continue
        where = f"target_groups.{name}"
        for user in dep.targets.users.get(name, ()):
            lb = design.load_balancers[user]
            if lb.type is not LoadBalancerType.NETWORK:
                yield Breach(f"{lb_name(lb.type)} '{user}' forwards to alb-type target group '{name}'; only a Network Load Balancer "
                             "can have an Application Load Balancer as its target.", where, Stage.REGISTER)
            elif any(l_.protocol.upper() != "TCP" for l_ in lb.listeners if name in _groups_of(l_)):
                yield Breach(f"Network Load Balancer '{user}' must forward to alb-type target group '{name}' from a TCP listener.",
                             where, Stage.REGISTER)
        albs = [design.load_balancers.get(t) for t in group.targets]
        if len(group.targets) != 1 or albs[0] is None or albs[0].type is not LoadBalancerType.APPLICATION:
            yield Breach(f"Alb-type target group '{name}' must register exactly one Application Load Balancer, not "
                         f"{', '.join(group.targets) or 'nothing'}.", f"{where}.targets", Stage.REGISTER)
        elif not any(l_.port == group.port for l_ in albs[0].listeners):
            yield Breach(f"Target group '{name}' sends to port {group.port} of '{group.targets[0]}', which has no listener on that port.",
                         f"{where}.port", Stage.REGISTER)


def _groups_of(listener) -> set[str]:
    return {r.target_group for r in listener.rules} | ({listener.default_target_group} if listener.default_target_group else set())


def _elastic_ips_need_nlb(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, lb in dep.design.load_balancers.items():
        if lb.elastic_ips and (lb.type is not LoadBalancerType.NETWORK or lb.scheme != "internet-facing"):
            yield Breach(f"{lb_name(lb.type)} '{name}' ({lb.scheme}) cannot take Elastic IP addresses; only an internet-facing "
                         "Network Load Balancer can have one Elastic IP per subnet.", f"load_balancers.{name}.elastic_ips", Stage.REGISTER)


def _listener_ports_unique(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, lb in dep.design.load_balancers.items():
        seen: dict[int, str] = {}
        for index, listener in enumerate(lb.listeners):
            if listener.port in seen:
                yield Breach(f"{lb_name(lb.type)} '{name}' has two listeners on port {listener.port} ({seen[listener.port]} and "
                             f"{listener.protocol}); a port takes one listener, so add rules to the existing one instead.",
                             f"load_balancers.{name}.listeners.{index}.port", Stage.REGISTER)
            seen.setdefault(listener.port, listener.protocol)


def _nlb_security_groups_at_creation(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, lb in dep.design.load_balancers.items():
        if lb.created_without_security_groups and lb.security_groups:
            yield Breach(f"{lb_name(lb.type)} '{name}' was created without security groups, so {', '.join(lb.security_groups)} "
                         "cannot be associated with it now (SetSecurityGroups works on an NLB only if it had a security group "
                         "at creation); admit its traffic by address range, or create a new NLB with security groups.",
                         f"load_balancers.{name}.security_groups", Stage.REGISTER)


PROTOCOLS_FIT_TYPE = Rule(
    id="LB01",
    title="Each load balancer type has its own listener protocols",
    description=("Application Load Balancers listen on HTTP and HTTPS only and alone have path and host rules; Network Load Balancers "
                 "listen on TCP, TLS, UDP and TCP_UDP; a Gateway Load Balancer takes all IP traffic and sends it to appliances with GENEVE. "
                 "Target groups use the protocols of the load balancer type that forwards to them."),
    source=ELB + "network/load-balancer-listeners.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#types",
    requirement=Deploys,
    check=_protocols_fit_type,
)

ONE_LOAD_BALANCER_PER_GROUP = Rule(
    id="LB02",
    title="A target group serves one load balancer",
    description=("Several listeners of one load balancer may share a target group, but a target group in use by one load balancer cannot "
                 "be used by another; a service that sits behind two load balancers uses two target groups."),
    source=ELB + "application/create-target-group.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#target-groups",
    requirement=Deploys,
    check=_one_load_balancer_per_group,
)

SERVICE_ENTRIES_RESOLVE = Rule(
    id="LB03",
    title="A load balancer entry names a container and one of its ports",
    description=("Each loadBalancers entry of a service names a target group (or a Classic Load Balancer), a container of the task "
                 "definition and a containerPort that container maps; ECS rejects the service otherwise."),
    source=DOCS + "register-multiple-targetgroups.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#target-groups",
    requirement=Deploys,
    check=_service_entries_resolve,
)

AT_MOST_FIVE_TARGET_GROUPS = Rule(
    id="LB04",
    title="At most five target groups per service",
    description="One service can serve several load balancers and several ports by listing several target groups, up to five.",
    source=DOCS + "register-multiple-targetgroups.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#target-groups",
    requirement=Deploys,
    check=_at_most_five_target_groups,
)

ENDPOINT_SERVICES_NEED_NLB = Rule(
    id="LB05",
    title="PrivateLink endpoint services need a Network or Gateway Load Balancer",
    description=("An endpoint service is backed by a Network Load Balancer (consumers create interface endpoints) or a Gateway Load "
                 "Balancer (consumers create Gateway Load Balancer endpoints); an Application Load Balancer cannot back one."),
    source="https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#privatelink",
    requirement=Deploys,
    check=_endpoint_services_need_nlb,
)

ALB_TARGET_GROUPS = Rule(
    id="LB06",
    title="Only a Network Load Balancer fronts an Application Load Balancer",
    description=("An alb-type target group registers one Application Load Balancer and is forwarded to from a TCP listener of a Network "
                 "Load Balancer in the same VPC and account; its port must match a listener of the ALB."),
    source=ELB + "network/application-load-balancer-target.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#alb-behind-nlb",
    requirement=Deploys,
    check=_alb_target_groups,
)

ELASTIC_IPS_NEED_NLB = Rule(
    id="LB07",
    title="Only a Network Load Balancer has static addresses",
    description=("A Network Load Balancer has one static IP per Availability Zone and, when internet-facing, can use your Elastic IPs; "
                 "an Application Load Balancer's addresses change and cannot be Elastic IPs."),
    source=ELB + "network/network-load-balancers.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#nlb",
    requirement=Deploys,
    check=_elastic_ips_need_nlb,
)

LISTENER_PORTS_UNIQUE = Rule(
    id="LB08",
    title="One listener per port",
    description=("A load balancer takes one listener per port (CreateListener fails with DuplicateListener); several services share a "
                 "port through the rules of one listener, and an NLB takes TCP and UDP on one port with a single TCP_UDP listener."),
    source=ELB + "APIReference/API_CreateListener.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#alb",
    requirement=Deploys,
    check=_listener_ports_unique,
)

NLB_SECURITY_GROUPS_AT_CREATION = Rule(
    id="LB09",
    title="An NLB gets security groups only at creation",
    description=("You can associate security groups with a Network Load Balancer later only if it was created with at least one; an NLB "
                 "created without them keeps none, so its targets must admit its traffic by address range."),
    source=ELB + "APIReference/API_SetSecurityGroups.html",
    source_checked=date(2026, 11, 27),
    taught_in="load-balancers#security-groups",
    requirement=Deploys,
    check=_nlb_security_groups_at_creation,
)

RULES = (PROTOCOLS_FIT_TYPE, ONE_LOAD_BALANCER_PER_GROUP, SERVICE_ENTRIES_RESOLVE, AT_MOST_FIVE_TARGET_GROUPS,
         ENDPOINT_SERVICES_NEED_NLB, ALB_TARGET_GROUPS, ELASTIC_IPS_NEED_NLB, LISTENER_PORTS_UNIQUE,
         NLB_SECURITY_GROUPS_AT_CREATION)
