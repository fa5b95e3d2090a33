"""Health check rules: a target group's success codes, and the gRPC default that is not OK."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.health import TargetsHealthy
from ..rule import Rule
from ..steps.routes import target_group_users
from ..vocab.loadbalancing import LoadBalancerType

CHECKED = date(2026, 12, 6)
DEFAULT_CODES = {"GRPC": "12", "ALB": "200", "NLB": "200-399"}


def success_codes(dep: Deployment, group_name: str) -> str:
    """The matcher of a target group, or the default for its protocol version and load balancer type."""
    group = dep.design.target_groups[group_name]
    if group.success_codes:
        return group.success_codes
    if group.protocol_version == "GRPC":
        return DEFAULT_CODES["GRPC"]
    users = [dep.design.load_balancers[n].type for n in target_group_users(dep.design).get(group_name, ()) if n in dep.design.load_balancers]
    return DEFAULT_CODES["NLB"] if LoadBalancerType.NETWORK in users else DEFAULT_CODES["ALB"]


def code_matches(codes: str, code: int) -> bool:
    """Whether a code is in a matcher such as '0', '0,1' or '200-299'."""
    for part in codes.split(","):
        low, _, high = part.partition("-")
        if int(low) <= code <= int(high or low):
            return True
    return False


def _answer_counts(dep: Deployment, req: TargetsHealthy) -> Iterator[Breach]:
    group = dep.design.target_groups.get(req.target_group)
    if group is None:
        return
    codes = success_codes(dep, req.target_group)
    if not code_matches(codes, req.answers):
        default = "" if group.success_codes else f" (the default for {'gRPC' if group.protocol_version == 'GRPC' else 'this load balancer'})"
        yield Breach(f"The tasks answer the health check with {req.answers}, but target group '{req.target_group}' counts only "
                     f"{codes}{default} as healthy, so every target stays unhealthy and ECS keeps replacing the tasks.",
                     f"target_groups.{req.target_group}.success_codes", Stage.RUN)


ANSWER_COUNTS = Rule(
    id="HC01",
    title="Health check success codes must include the healthy answer; for gRPC the default is 12",
    description=("A target is healthy only when its answer is among the target group's success codes. HTTP checks default to 200 "
                 "on an ALB; gRPC checks default to 12 (UNIMPLEMENTED, the answer to the default check path), so a health method "
                 "answering 0 (OK) needs the matcher set to 0."),
    source="https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Matcher.html",
    source_checked=CHECKED,
    taught_in="load-balancers#grpc-health",
    requirement=TargetsHealthy,
    check=_answer_counts,
)

RULES = (ANSWER_COUNTS,)
