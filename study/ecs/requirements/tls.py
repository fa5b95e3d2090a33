"""Requirement kinds about where TLS ends: at the load balancer, and whether it starts again to the tasks."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class TlsAtLoadBalancer:
    """The load balancer clients connect to ends their TLS with its own certificate (offloading the tasks)."""

    kind: Literal["tls_at_load_balancer"] = key("Requirement kind.", "tls_at_load_balancer")
    service: str = key("Service whose clients connect over TLS.", "shop", default="")
    end_to_end: bool = key("Traffic from the load balancer to the tasks must be encrypted again (re-encryption).", True,
                           default=False)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        again = ", and encrypts again to the tasks" if self.end_to_end else ""
        return f"The load balancer in front of '{self.service}' ends the clients' TLS with its certificate{again}"


REQUIREMENTS = (TlsAtLoadBalancer,)
