"""Deploy a design into a simulated region: instances, task placement, then each area's step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .placement import (
    FARGATE_PROVIDERS,
    CapacityRequest,
    ContainerInstance,
    FreeCapacity,
    TaskState,
    capacity_request,
    effective_network_mode,
    launch_instance,
    split_by_strategy,
    subnet_azs,
    task_cpu,
    task_memory,
)
from .vocab import Design
from .vocab.compute import (
    LaunchType,
    NetworkConfiguration,
    NetworkMode,
    SchedulingStrategy,
)

View = TypeVar("View")


@dataclass(frozen=True)
class PlacedTask:
    """One task the model tried to start, where it landed and in which state."""

    id: str
    owner: str
    owner_kind: str
    task_definition: str
    on_fargate: bool
    provider: str | None
    az: str | None
    subnet: str | None
    instance: str | None
    state: TaskState
    reason: str = ""


@dataclass(frozen=True)
class Deployment:
    """Everything the rules may look at: the typed design and what deploying it produced."""

    design: Design
    instances: tuple[ContainerInstance, ...] = ()
    tasks: tuple[PlacedTask, ...] = ()
    credentials: Any = None
    volumes: Any = None
    targets: Any = None
    scaling: Any = None
    _views: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def view(self, name: str, compute: Callable[[Deployment], View]) -> View:
        """A derived view computed once per deployment, since ~50 rules ask for the same few views.

        Only for views of `design`, `instances` and `tasks`, which never change once deploy has placed.
        """
        if name not in self._views:
            self._views[name] = compute(self)
        return self._views[name]

    def tasks_of(self, owner: str) -> list[PlacedTask]:
        """Tasks of one service or standalone task."""
        return list(self.view("tasks_by_owner", _tasks_by_owner).get(owner, ()))

    def instance(self, instance_id: str) -> ContainerInstance | None:
        """The container instance with this id."""
        return self.view("instances_by_id", _instances_by_id).get(instance_id)


def _tasks_by_owner(deployment: Deployment) -> dict[str, list[PlacedTask]]:
    """Placed tasks grouped by owner, in placement order."""
    grouped: dict[str, list[PlacedTask]] = {}
    for task in deployment.tasks:
        grouped.setdefault(task.owner, []).append(task)
    return grouped


def _instances_by_id(deployment: Deployment) -> dict[str, ContainerInstance]:
    """Container instances by id (the first one, should two share an id)."""
    found: dict[str, ContainerInstance] = {}
    for instance in deployment.instances:
        found.setdefault(instance.id, instance)
    return found


@dataclass(frozen=True)
class _Owner:
    """A service or a standalone task, reduced to what placement needs."""

    name: str
    kind: str
    task_definition: str
    count: int
    request: CapacityRequest
    network: NetworkConfiguration | None
    daemon: bool = False
    distinct_instances: bool = False  # the service's distinctInstance placement constraint


def _owners(design: Design) -> list[_Owner]:
    """Services first, then standalone tasks, in the order the design lists them."""
    owners = [
        _Owner(name, "service", s.task_definition, s.desired_count,
               capacity_request(design, s.launch_type, s.capacity_provider_strategy), s.network,
               s.scheduling_strategy is SchedulingStrategy.DAEMON, "distinctInstance" in s.placement_constraints)
        for name, s in design.services.items()
    ]
    owners += [
        _Owner(name, "task", t.task_definition, t.count,
               capacity_request(design, t.launch_type, t.capacity_provider_strategy), t.network)
        for name, t in design.tasks.items()
    ]
    return owners


class _Placer:
    """Places tasks one by one; managed scaling may add instances up to the group's MaxSize."""

    def __init__(self, design: Design) -> None:
        self.design = design
        self.instances: list[ContainerInstance] = []
        for group_name, group in design.cluster.auto_scaling_groups.items():
            self.instances += [launch_instance(design, group_name, i) for i in range(group.desired)]
        self.free = {i.id: FreeCapacity.of(i, self._trunking(i)) for i in self.instances}
        self.tasks: list[PlacedTask] = []
        self._placed_per_owner: dict[str, int] = {}
        self._needs_of: dict[str, tuple[int, int, bool, int, frozenset[tuple[str, int]]]] = {}

    def _trunking(self, instance: ContainerInstance) -> bool:
        return self.design.cluster.auto_scaling_groups[instance.group].awsvpc_trunking

    def place_all(self) -> None:
        """Place every owner's tasks."""
        for owner in _owners(self.design):
            if owner.task_definition not in self.design.task_definitions:
                continue
            if owner.daemon:
                self._place_daemon(owner)
            elif owner.request.uses_strategy:
                shares = split_by_strategy(owner.count, owner.request.strategy)
                for provider, count in shares.items():
                    self._place_many(owner, count, provider)
            else:
                provider = "FARGATE" if owner.request.launch_type is LaunchType.FARGATE else None
                self._place_many(owner, owner.count, provider)

    def _place_daemon(self, owner: _Owner) -> None:
        for instance in [i for i in self.instances if i.registered]:
            self._place_on_instance(owner, instance, None)

    def _place_many(self, owner: _Owner, count: int, provider: str | None) -> None:
        for _ in range(count):
            if provider in FARGATE_PROVIDERS or (provider is None and owner.request.launch_type is LaunchType.FARGATE):
                self._place_fargate(owner, provider or "FARGATE")
            else:
                self._place_ec2(owner, provider)

    def _next_id(self, owner: _Owner) -> str:
        return f"{owner.name}-{self._placed(owner) + 1}"

    def _placed(self, owner: _Owner) -> int:
        """How many tasks of this owner have been tried so far (kept as a count: placement asks often)."""
        return self._placed_per_owner.get(owner.name, 0)

    def _add(self, task: PlacedTask) -> None:
        self.tasks.append(task)
        self._placed_per_owner[task.owner] = self._placed_per_owner.get(task.owner, 0) + 1

    def _place_fargate(self, owner: _Owner, provider: str) -> None:
        places = subnet_azs(self.design, owner.network.subnets if owner.network else [])
        index = self._placed(owner)
        subnet, az = places[index % len(places)] if places else (None, None)
        self._add(PlacedTask(self._next_id(owner), owner.name, owner.kind, owner.task_definition,
                             True, provider, az, subnet, None, TaskState.RUNNING))

    def _candidates(self, provider: str | None) -> list[ContainerInstance]:
        """Registered instances the provider may use, AZs taken in turn for spread."""
        group = None
        if provider is not None:
            cp = self.design.cluster.capacity_providers.get(provider)
            group = (cp.auto_scaling_group if cp else None) or "?"
        return [i for i in self.instances if i.registered and (group is None or i.group == group)]

    def _place_ec2(self, owner: _Owner, provider: str | None) -> None:
        candidates = self._candidates(provider)
        index = self._placed(owner)
        azs = sorted({i.az for i in candidates})
        preferred = azs[index % len(azs)] if azs else None
        ordered = sorted(candidates, key=lambda i: (i.az != preferred, -self.free[i.id].cpu))
        if owner.distinct_instances:
            taken = {t.instance for t in self.tasks if t.owner == owner.name}
            ordered = [i for i in ordered if i.id not in taken]
        for instance in ordered:
            if self._fits(owner, instance):
                self._place_on_instance(owner, instance, provider)
                return
        scaled = self._scale_out_for(owner, provider)
        if scaled is not None:
            self._place_on_instance(owner, scaled, provider)
            return
        state, reason = self._unplaced_state(owner, provider, bool(candidates))
        self._add(PlacedTask(self._next_id(owner), owner.name, owner.kind, owner.task_definition,
                             False, provider, None, None, None, state, reason))

    def _unplaced_state(self, owner: _Owner, provider: str | None, had_instances: bool) -> tuple[TaskState, str]:
        if provider is not None:
            return TaskState.PROVISIONING, "no capacity: the capacity provider's group cannot grow any further"
        if not had_instances:
            return TaskState.UNPLACED, "no registered container instances are available in the cluster"
        if owner.distinct_instances:
            return TaskState.UNPLACED, "distinctInstance allows one task per instance, and every instance that fits already runs one"
        return TaskState.UNPLACED, "no container instance has enough free CPU, memory, ports or ENIs"

    def _scale_out_for(self, owner: _Owner, provider: str | None) -> ContainerInstance | None:
        """Managed scaling launches one more instance when the group is below its MaxSize."""
        cp = self.design.cluster.capacity_providers.get(provider or "")
        if cp is None or not cp.managed_scaling:
            return None
        group = self.design.cluster.auto_scaling_groups.get(cp.auto_scaling_group)
        current = [i for i in self.instances if i.group == cp.auto_scaling_group]
        if group is None or len(current) >= group.max_size:
            return None
        instance = launch_instance(self.design, cp.auto_scaling_group, len(current), scaled=True)
        self.instances.append(instance)
        self.free[instance.id] = FreeCapacity.of(instance, group.awsvpc_trunking)
        return instance if instance.registered and self._fits(owner, instance) else None

    def _needs(self, owner: _Owner) -> tuple[int, int, bool, int, frozenset[tuple[str, int]]]:
        """What one task of the owner takes from an instance; worked out once per task definition."""
        if owner.task_definition not in self._needs_of:
            self._needs_of[owner.task_definition] = self._work_out_needs(owner.task_definition)
        return self._needs_of[owner.task_definition]

    def _work_out_needs(self, name: str) -> tuple[int, int, bool, int, frozenset[tuple[str, int]]]:
        task_def = self.design.task_definitions[name]
        mode = effective_network_mode(task_def, on_fargate=False)
        ports = set()
        for c in task_def.containers.values():
            for pm in c.port_mappings:
                fixed = pm.container_port if mode is NetworkMode.HOST else (pm.host_port or 0)
                if mode in (NetworkMode.HOST, NetworkMode.BRIDGE) and fixed:
                    ports.add((pm.protocol, fixed))
        gpus = sum(c.gpu for c in task_def.containers.values())
        return task_cpu(task_def), task_memory(task_def), mode is NetworkMode.AWSVPC, gpus, frozenset(ports)

    def _fits(self, owner: _Owner, instance: ContainerInstance) -> bool:
        cpu, memory, eni, gpus, ports = self._needs(owner)
        free = self.free[instance.id]
        return (free.cpu >= cpu and free.memory >= memory and free.gpus >= gpus
                and (not eni or free.enis >= 1) and not (ports & free.host_ports))

    def _place_on_instance(self, owner: _Owner, instance: ContainerInstance, provider: str | None) -> None:
        cpu, memory, eni, gpus, ports = self._needs(owner)
        free = self.free[instance.id]
        if not self._fits(owner, instance):
            return
        free.cpu -= cpu
        free.memory -= memory
        free.gpus -= gpus
        free.enis -= 1 if eni else 0
        free.host_ports |= ports
        self._add(PlacedTask(self._next_id(owner), owner.name, owner.kind, owner.task_definition,
                             False, provider, instance.az, instance.subnet, instance.id, TaskState.RUNNING))


def deploy(design: Design, base: Deployment | None = None) -> Deployment:
    """Place instances and tasks, then let each area's step add what it resolves.

    With `base` (the situation, deployed), a part whose declared inputs are the very same objects as
    in `base` is taken from it instead of being computed again (see `steps/__init__.py`).
    """
    from .steps import (  # local: step modules import Deployment from here
        PLACEMENT_SECTIONS,
        STEPS,
    )

    untouched = _untouched_sections(design, base)
    instances, tasks = _placement(design, base, PLACEMENT_SECTIONS <= untouched)
    deployment = Deployment(design, instances, tasks)
    same_placement = base is not None and instances is base.instances and tasks is base.tasks
    for step in STEPS:
        if base is not None and (same_placement or not step.reads_placement) and step.sections <= untouched:
            part = getattr(base, step.field)
        else:
            part = step.run(deployment)  # each step sees the parts resolved before it
        object.__setattr__(deployment, step.field, part)
    return deployment


def _untouched_sections(design: Design, base: Deployment | None) -> set[str]:
    """Sections that are the very objects the situation had; none without a situation."""
    if base is None:
        return set()
    return {name for name in Design.__pydantic_fields__ if getattr(design, name) is getattr(base.design, name)}


def _placement(design: Design, base: Deployment | None, inputs_untouched: bool) -> tuple[tuple, tuple]:
    """Instances and tasks; the situation's own tuples when they come out the same, so later steps can reuse."""
    if base is not None and inputs_untouched:
        return base.instances, base.tasks
    placer = _Placer(design)
    placer.place_all()
    instances, tasks = tuple(placer.instances), tuple(placer.tasks)
    if base is not None and instances == base.instances and tasks == base.tasks:
        return base.instances, base.tasks
    return instances, tasks
