"""Compute vocabulary: task definitions, containers, services, standalone tasks, clusters."""

from __future__ import annotations

from enum import StrEnum

from pydantic.dataclasses import dataclass

from ._base import STRICT, key
from .scaling import Ec2ScalingPolicy, ScalableTarget, ServiceLoad
from .storage import Volume


class LaunchType(StrEnum):
    EC2 = "EC2"
    FARGATE = "FARGATE"
    EXTERNAL = "EXTERNAL"
    MANAGED_INSTANCES = "MANAGED_INSTANCES"


class OperatingSystem(StrEnum):
    LINUX = "LINUX"
    WINDOWS = "WINDOWS"


class CpuArchitecture(StrEnum):
    X86_64 = "X86_64"
    ARM64 = "ARM64"


class NetworkMode(StrEnum):
    AWSVPC = "awsvpc"
    BRIDGE = "bridge"
    HOST = "host"
    NONE = "none"


class PidMode(StrEnum):
    HOST = "host"
    TASK = "task"


class IpcMode(StrEnum):
    HOST = "host"
    TASK = "task"
    NONE = "none"


class LogDriver(StrEnum):
    AWSLOGS = "awslogs"
    SPLUNK = "splunk"
    AWSFIRELENS = "awsfirelens"
    FLUENTD = "fluentd"
    SYSLOG = "syslog"
    GELF = "gelf"
    JSON_FILE = "json-file"
    JOURNALD = "journald"


class Registry(StrEnum):
    ECR_PRIVATE = "ecr"
    ECR_OTHER_ACCOUNT = "ecr-cross-account"
    ECR_PUBLIC = "ecr-public"
    DOCKER_HUB = "docker-hub"
    PRIVATE_REGISTRY = "private-registry"


class SchedulingStrategy(StrEnum):
    REPLICA = "REPLICA"
    DAEMON = "DAEMON"


class DeploymentController(StrEnum):
    ECS = "ECS"
    CODE_DEPLOY = "CODE_DEPLOY"
    EXTERNAL = "EXTERNAL"


class SecretSource(StrEnum):
    SECRETS_MANAGER = "secretsmanager"
    SSM = "ssm"


@dataclass(config=STRICT)
class PortMapping:
    container_port: int = key("Port the container listens on.", 8080, ge=1, le=65535, phrase="container port (containerPort)")
    host_port: int | None = key(
        "Host port. Omitted or 0 in bridge mode means a dynamic host port; awsvpc and host "
        "modes need it omitted or equal to container_port.", 0, default=None, ge=0, le=65535, phrase="host port (hostPort)")
    protocol: str = key("tcp or udp.", "tcp", default="tcp", pattern="^(tcp|udp)$", phrase="protocol")


@dataclass(config=STRICT)
class InjectedSecret:
    name: str = key("Environment variable the secret is injected into.", "DB_PASSWORD", phrase="environment variable")
    source: SecretSource = key("Where the value lives.", "secretsmanager", phrase="source")
    resource: str = key("ARN (or name) of the secret or parameter.", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db", phrase="secret or parameter")


@dataclass(config=STRICT)
class AwsCall:
    action: str = key("IAM action the application code calls with the SDK.", "s3:GetObject", phrase="action")
    resource: str = key("Resource the call targets (ARN, or * for any).", "arn:aws:s3:::reports-archive/*", default="*", phrase="resource")


@dataclass(config=STRICT)
class MountPoint:
    volume: str = key("Name of a volume of the task definition.", "shared-data", phrase="volume (sourceVolume)")
    path: str = key("Path inside the container.", "/data", phrase="container path (containerPath)")
    read_only: bool = key("Mounted read-only.", False, default=False, phrase="read-only mount (readOnly)")


@dataclass(config=STRICT)
class ContainerHealthCheck:
    interval_seconds: int = key("Seconds between checks (AWS accepts 5-300; rule RNG07).", 30, default=30, phrase="health check interval in seconds (interval)")
    timeout_seconds: int = key("Seconds a check may take before it counts as failed (AWS accepts 2-60; rule RNG07).", 5, default=5, phrase="health check timeout in seconds (timeout)")
    retries: int = key("Failed checks in a row before the container is unhealthy (AWS accepts 1-10; rule RNG07).", 3, default=3, phrase="health check retries (retries)")
    start_period_seconds: int = key("Seconds after start during which failed checks do not count (AWS accepts 0-300; rule RNG07).",
                                    60, default=0, phrase="health check start period in seconds (startPeriod)")


@dataclass(config=STRICT)
class Container:
    image: str = key("Image repository name (and tag).", "orders:1.4", default="app:latest", phrase="image")
    registry: Registry = key("Where the image lives.", "ecr", default=Registry.ECR_PRIVATE, phrase="image registry")
    essential: bool = key("The task stops when this container stops.", True, default=True, phrase="essential flag (essential)")
    cpu: int | None = key("CPU units reserved for the container (1024 = 1 vCPU).", 512, default=None, ge=0, phrase="container CPU units (cpu)")
    memory: int | None = key("Hard memory limit in MiB.", 2048, default=None, ge=4, phrase="hard memory limit in MiB (memory)")
    memory_reservation: int | None = key("Soft memory reservation in MiB.", 1024, default=None, ge=4, phrase="soft memory limit in MiB (memoryReservation)")
    gpu: int = key("GPUs requested through resourceRequirements.", 1, default=0, ge=0, phrase="GPUs (resourceRequirements)")
    privileged: bool = key("Run with elevated privileges on the host.", True, default=False, phrase="privileged mode (privileged)")
    port_mappings: list[PortMapping] = key("Ports the container exposes.", [{"container_port": 8080}], default=[], phrase="port mappings (portMappings)")
    health_check: ContainerHealthCheck | None = key(
        "Container health check (healthCheck) settings.", {"interval_seconds": 30, "retries": 3}, default=None, phrase="container health check (healthCheck)")
    startup_seconds: int = key("Situation: seconds the application needs after the container starts before it answers "
                               "load balancer health checks.", 240, default=0, ge=0, le=3600, phrase="start-up time in seconds")
    log_driver: LogDriver | None = key("Log driver of logConfiguration.", "awslogs", default=None, phrase="log driver (logConfiguration)")
    log_destination: str | None = key(
        "Where this container's log driver (or, for a FireLens router, its output) sends logs: "
        "a name such as cloudwatch-logs, splunk or a collector's name.", "central-fluentd", default=None, phrase="log destination")
    firelens_router: bool = key("This container is the task's FireLens log router (firelensConfiguration).", True, default=False, phrase="FireLens log router role (firelensConfiguration)")
    secrets: list[InjectedSecret] = key(
        "Secrets injected into environment variables when the container starts (the `secrets` field).",
        [{"name": "API_KEY", "source": "secretsmanager", "resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:partner"}],
        default=[], phrase="injected secrets (secrets)")
    static_aws_keys: bool = key("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in the environment.", True, default=False, phrase="static access keys (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
    environment: dict[str, str] = key(
        "Plain environment variables; their values are fixed in the task definition revision.",
        {"PARTNER_API_KEY": "k-1234"}, default={}, phrase="environment variables (environment)")
    task_role: str | None = key(
        "Not an ECS field: taskRoleArn exists only on the task definition, so a container-level role is rejected "
        "at registration (kept so that the misconception can be written down).", "telemetry-readonly", default=None, phrase="container-level role (not an ECS parameter)")
    app_calls: list[AwsCall] = key("AWS API calls the application code makes at run time.", [{"action": "s3:PutObject", "resource": "arn:aws:s3:::uploads-prod/*"}], default=[], phrase="AWS calls the application makes")
    mount_points: list[MountPoint] = key("Volumes mounted into the container.", [{"volume": "shared-data", "path": "/data"}], default=[], phrase="mount points (mountPoints)")
    linux_capabilities_add: list[str] = key("Linux capabilities added (linuxParameters.capabilities.add).", ["SYS_PTRACE"], default=[], phrase="added Linux capabilities (linuxParameters)")
    needs: list[str] = key(
        "Situation: what the workload needs from the kernel to work at all: privileged, or Linux capabilities such as SYS_PTRACE.",
        ["privileged"], default=[], phrase="kernel needs")
    stop_timeout: int | None = key("Seconds ECS waits after SIGTERM before it kills the container.", 120, default=None, ge=0, phrase="stop timeout in seconds (stopTimeout)")
    handles_sigterm: bool = key("The process reacts to SIGTERM by shutting down cleanly.", True, default=False, phrase="clean shutdown on SIGTERM")
    shutdown_seconds: int = key("Seconds the workload needs to finish its shutdown work.", 90, default=0, ge=0, phrase="shutdown time in seconds")


@dataclass(config=STRICT)
class TaskDefinition:
    requires_compatibilities: list[LaunchType] = key("Launch types the definition is validated for.", ["FARGATE"], default=[], phrase="required compatibilities (requiresCompatibilities)")
    os: OperatingSystem = key("Operating system family (runtimePlatform).", "LINUX", default=OperatingSystem.LINUX, phrase="operating system family (runtimePlatform)")
    cpu_architecture: CpuArchitecture = key("CPU architecture (runtimePlatform).", "ARM64", default=CpuArchitecture.X86_64, phrase="CPU architecture (runtimePlatform)")
    cpu: int | None = key("Task-level CPU units (1024 = 1 vCPU).", 1024, default=None, ge=0, phrase="task CPU units (cpu)")
    memory: int | None = key("Task-level memory in MiB.", 4096, default=None, ge=0, phrase="task memory in MiB (memory)")
    network_mode: NetworkMode | None = key("Network mode; on EC2 Linux the default is bridge.", "awsvpc", default=None, phrase="network mode (networkMode)")
    task_role: str | None = key("Name of the role in `roles` used as taskRoleArn.", "orders-task", default=None, phrase="task role (taskRoleArn)")
    execution_role: str | None = key("Name of the role in `roles` used as executionRoleArn.", "ecs-exec", default=None, phrase="task execution role (executionRoleArn)")
    containers: dict[str, Container] = key("Container definitions by name.", {"api": {"image": "orders:1.4"}}, default={}, phrase="container definitions")
    volumes: dict[str, Volume] = key("Data volumes by name.", {"shared-data": {"type": "efs", "file_system": "shared"}}, default={}, phrase="volumes")
    ephemeral_storage_gib: int | None = key("Fargate ephemeral storage size (ephemeralStorage.sizeInGiB).", 40, default=None, ge=0, phrase="ephemeral storage in GiB (ephemeralStorage)")
    pid_mode: PidMode | None = key("pidMode: host or task.", "task", default=None, phrase="PID mode (pidMode)")
    ipc_mode: IpcMode | None = key("ipcMode: host, task or none.", "host", default=None, phrase="IPC mode (ipcMode)")
    placement_constraints: list[str] = key("Task placement constraint expressions.", ["attribute:ecs.instance-type =~ g4dn.*"], default=[], phrase="placement constraints")


@dataclass(config=STRICT)
class StrategyItem:
    provider: str = key("Capacity provider name: FARGATE, FARGATE_SPOT or a name in cluster.capacity_providers.", "FARGATE_SPOT", phrase="capacity provider")
    base: int = key("Tasks placed on this provider first (AWS accepts 0-100000; rule RNG03).", 2, default=0, phrase="base")
    weight: int = key("Relative share of the tasks after the base (AWS accepts 0-1000; rule RNG03).", 1, default=0, phrase="weight")


@dataclass(config=STRICT)
class ServiceLoadBalancer:
    target_group: str | None = key("Name of a target group in `target_groups` (Application, Network and Gateway Load Balancers).", "orders-tg", default=None, phrase="target group (targetGroupArn)")
    load_balancer: str | None = key("Classic Load Balancers only: the load balancer's name, given instead of a target group.", "legacy-elb", default=None, phrase="Classic Load Balancer (loadBalancerName)")
    container: str = key("Container that receives the traffic.", "api", phrase="container (containerName)")
    port: int = key("Container port that receives the traffic.", 8080, ge=1, le=65535, phrase="container port (containerPort)")


@dataclass(config=STRICT)
class ManagedEbsVolume:
    size_gib: int = key("Size of each task's volume.", 300, default=20, ge=1, phrase="size in GiB (sizeInGiB)")
    volume_type: str = key("EBS volume type.", "gp3", default="gp3", phrase="volume type (volumeType)")
    snapshot: str | None = key("Snapshot each new volume is created from.", "snap-nightly", default=None, phrase="snapshot (snapshotId)")
    delete_on_termination: bool = key("Delete the volume when the task stops (only standalone tasks may keep it).", False, default=True, phrase="deletion on termination (deleteOnTermination)")
    infrastructure_role: str | None = key("Role ECS uses to manage the volume.", "ecs-infra", default=None, phrase="infrastructure role (roleArn)")


@dataclass(config=STRICT)
class DeploymentConfiguration:
    controller: DeploymentController = key("ECS (rolling update), CODE_DEPLOY (blue/green) or EXTERNAL.", "ECS", default=DeploymentController.ECS, phrase="deployment controller (deploymentController)")
    minimum_healthy_percent: int = key("Rolling update: tasks kept RUNNING, percent of desired (rounded up).", 50, default=100, ge=0, le=100, phrase="minimum healthy percent (minimumHealthyPercent)")
    maximum_percent: int = key("Rolling update: tasks RUNNING or PENDING at most, percent of desired (rounded down).", 150, default=200, ge=0, phrase="maximum percent (maximumPercent)")
    circuit_breaker: bool = key("The deployment circuit breaker is on (rolling update only).", True, default=False, phrase="deployment circuit breaker (deploymentCircuitBreaker)")
    rollback: bool = key("On a failed deployment, roll back to the last completed one (circuit breaker option).", True, default=False, phrase="rollback on a failed deployment (rollback)")


@dataclass(config=STRICT)
class NetworkConfiguration:
    subnets: list[str] = key("Subnet names from `network.subnets`.", ["private-a", "private-b"], default=[], phrase="subnets")
    security_groups: list[str] = key("Security group names for the task ENIs; without any, the VPC's default group.", ["orders-tasks"], default=[], phrase="security groups (securityGroups)")
    assign_public_ip: bool = key("Give each task ENI a public IP (Fargate only).", True, default=False, phrase="public IP assignment (assignPublicIp)")


@dataclass(config=STRICT)
class Service:
    task_definition: str = key("Name of a task definition in `task_definitions`.", "orders", phrase="task definition")
    launch_type: LaunchType | None = key("Explicit launch type; leave empty to use a capacity provider strategy.", "FARGATE", default=None, phrase="launch type (launchType)")
    capacity_provider_strategy: list[StrategyItem] = key(
        "Capacity provider strategy; empty with no launch type means the cluster default.",
        [{"provider": "FARGATE", "base": 1, "weight": 1}], default=[], phrase="capacity provider strategy (capacityProviderStrategy)")
    platform_version: str = key("Fargate platform version.", "1.4.0", default="LATEST", phrase="platform version (platformVersion)")
    scheduling_strategy: SchedulingStrategy = key("REPLICA or DAEMON.", "REPLICA", default=SchedulingStrategy.REPLICA, phrase="scheduling strategy (schedulingStrategy)")
    desired_count: int = key("Tasks the service keeps running.", 4, default=2, ge=0, phrase="desired count (desiredCount)")
    network: NetworkConfiguration | None = key("awsvpc network configuration.", {"subnets": ["private-a", "private-b"]}, default=None, phrase="network configuration (awsvpcConfiguration)")
    load_balancers: list[ServiceLoadBalancer] = key(
        "Target groups the service registers its tasks with.",
        [{"target_group": "orders-tg", "container": "api", "port": 8080}], default=[], phrase="load balancers (loadBalancers)")
    placement_constraints: list[str] = key(
        "Service placement constraints: distinctInstance (each task on a different instance) or memberOf expressions.",
        ["distinctInstance"], default=[], phrase="placement constraints (placementConstraints)")
    deployment: DeploymentConfiguration = key("Deployment controller and rolling update settings.", {"minimum_healthy_percent": 50, "maximum_percent": 100}, default={}, phrase="deployment configuration (deploymentConfiguration)")
    health_check_grace_period_seconds: int = key(
        "Seconds after a task starts during which ECS ignores failing load balancer health checks.", 300, default=0, ge=0, phrase="health check grace period in seconds (healthCheckGracePeriodSeconds)")
    ebs_volume: ManagedEbsVolume | None = key("Settings for the task definition's configured_at_launch EBS volume.", {"size_gib": 300}, default=None, phrase="Amazon EBS volume configuration (managedEBSVolume)")
    auto_scaling: ScalableTarget | None = key(
        "Service Auto Scaling: bounds and policies on ecs:service:DesiredCount.",
        {"min_capacity": 2, "max_capacity": 10}, default=None, phrase="Service Auto Scaling")
    scale_in_protected: bool = key("Task scale-in protection is on for the service's tasks.", True, default=False, phrase="task scale-in protection")
    load: ServiceLoad | None = key("Situation: the load on the service, for the scaling simulation.", {"running": 10, "metrics": {"ECSServiceAverageCPUUtilization": 90}}, default=None, phrase="load")


@dataclass(config=STRICT)
class StandaloneTask:
    task_definition: str = key("Name of a task definition in `task_definitions`.", "nightly-batch", phrase="task definition")
    launch_type: LaunchType | None = key("Explicit launch type (RunTask launchType).", "EC2", default=None, phrase="launch type (launchType)")
    capacity_provider_strategy: list[StrategyItem] = key("RunTask capacity provider strategy.", [{"provider": "batch-asg", "weight": 1}], default=[], phrase="capacity provider strategy (capacityProviderStrategy)")
    platform_version: str = key("Fargate platform version.", "LATEST", default="LATEST", phrase="platform version (platformVersion)")
    count: int = key("Number of tasks RunTask starts (AWS accepts 1-10 per call; rule RNG04).", 1, default=1, phrase="task count (count)")
    network: NetworkConfiguration | None = key("awsvpc network configuration.", {"subnets": ["private-a"]}, default=None, phrase="network configuration (awsvpcConfiguration)")
    ebs_volume: ManagedEbsVolume | None = key("Settings for the configured_at_launch EBS volume.", {"size_gib": 50, "delete_on_termination": False}, default=None, phrase="Amazon EBS volume configuration (managedEBSVolume)")
    auto_scaling: ScalableTarget | None = key(
        "An attempt to register the task with Application Auto Scaling (only services are scalable targets).",
        {"min_capacity": 1, "max_capacity": 4}, default=None, phrase="Application Auto Scaling registration")


@dataclass(config=STRICT)
class AgentConfig:
    cluster: str | None = key("ECS_CLUSTER written by user data; the cluster the agent joins.", "prod", default=None, phrase="ECS_CLUSTER")
    block_imds_for_awsvpc: bool = key("ECS_AWSVPC_BLOCK_IMDS=true in the agent config.", True, default=False, phrase="ECS_AWSVPC_BLOCK_IMDS")
    block_imds_for_bridge: bool = key("An iptables rule drops bridge-mode container traffic to 169.254.169.254.", True, default=False, phrase="the iptables rule that blocks instance metadata for bridge-mode containers")
    task_iam_role: bool = key("ECS_ENABLE_TASK_IAM_ROLE: task roles reach containers in bridge and default network modes.", False, default=True, phrase="ECS_ENABLE_TASK_IAM_ROLE setting")
    task_iam_role_network_host: bool = key("ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST: task roles reach containers in host network mode.", False, default=True, phrase="ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST setting")


@dataclass(config=STRICT)
class AutoScalingGroup:
    instance_type: str = key("EC2 instance type of the container instances.", "m5.large", default="m5.large", phrase="instance type")
    ami: str = key("ecs-optimized, ecs-gpu-optimized or plain.", "ecs-optimized", default="ecs-optimized", pattern="^(ecs-optimized|ecs-gpu-optimized|plain)$", phrase="AMI")
    instance_profile: str | None = key("Name of the role attached as the instance profile.", "ecsInstanceRole", default=None, phrase="IAM instance profile")
    min_size: int = key("Group MinSize.", 0, default=0, ge=0, phrase="minimum size (MinSize)")
    max_size: int = key("Group MaxSize.", 10, default=10, ge=0, phrase="maximum size (MaxSize)")
    desired: int = key("Instances running now.", 2, default=2, ge=0, phrase="desired capacity (DesiredCapacity)")
    subnets: list[str] = key("Subnets (one per AZ) the group launches into.", ["private-a", "private-b"], default=[], phrase="subnets")
    security_groups: list[str] = key("Security groups on the instances; without any, the VPC's default group.", ["ecs-hosts"], default=[], phrase="security groups")
    agent: AgentConfig = key("Container agent configuration from user data.", {"cluster": "prod"}, default={}, phrase="ECS agent configuration")
    awsvpc_trunking: bool = key("The awsvpcTrunking account setting is on.", True, default=False, phrase="ENI trunking (awsvpcTrunking)")
    scaling_policies: list[Ec2ScalingPolicy] = key(
        "EC2 Auto Scaling policies on the group itself (they change instances, never tasks).",
        [{"metric": "ASGAverageCPUUtilization", "target": 60}], default=[], phrase="EC2 Auto Scaling policies")


@dataclass(config=STRICT)
class CapacityProvider:
    auto_scaling_group: str | None = key(
        "Name of the group in `cluster.auto_scaling_groups`; empty only for the reserved FARGATE and FARGATE_SPOT.",
        "web-asg", default=None, phrase="Auto Scaling group (autoScalingGroupArn)")
    managed_scaling: bool = key("Managed scaling (cluster auto scaling) is on.", True, default=False, phrase="managed scaling")
    target_capacity: int = key("Managed scaling target capacity percent (AWS accepts 1-100; rule RNG01).", 90, default=100, phrase="target capacity (targetCapacity)")
    minimum_scaling_step_size: int = key("Fewest instances added at once (AWS accepts 1-10000; rule RNG02).", 1, default=1, phrase="minimum scaling step size (minimumScalingStepSize)")
    maximum_scaling_step_size: int = key("Most instances added at once (AWS accepts 1-10000; rule RNG02).", 10000, default=10000, phrase="maximum scaling step size (maximumScalingStepSize)")
    managed_termination_protection: bool = key("Instances with tasks are protected from scale-in.", True, default=False, phrase="managed termination protection")


@dataclass(config=STRICT)
class ManagedInstancesProvider:
    infrastructure_role: str | None = key("Role ECS uses to launch and manage the instances.", "ecs-infra", default=None, phrase="infrastructure role")
    gpus: bool = key("The provider's instance requirements include GPU accelerators.", True, default=False, phrase="GPU instance types")


@dataclass(config=STRICT)
class Cluster:
    name: str = key("Cluster name.", "prod", default="default", phrase="cluster name")
    auto_scaling_groups: dict[str, AutoScalingGroup] = key("Groups of EC2 container instances.", {"web-asg": {"instance_type": "m5.large"}}, default={}, phrase="Auto Scaling groups")
    capacity_providers: dict[str, CapacityProvider] = key(
        "Auto Scaling group capacity providers (FARGATE and FARGATE_SPOT exist implicitly).",
        {"web-cp": {"auto_scaling_group": "web-asg", "managed_scaling": True}}, default={}, phrase="Auto Scaling group capacity providers")
    fargate_providers: list[str] = key("Fargate providers associated with the cluster.", ["FARGATE", "FARGATE_SPOT"], default=["FARGATE", "FARGATE_SPOT"], phrase="Fargate capacity providers")
    default_strategy: list[StrategyItem] = key("Default capacity provider strategy.", [{"provider": "web-cp", "weight": 1}], default=[], phrase="default capacity provider strategy")
    managed_instances: dict[str, ManagedInstancesProvider] = key(
        "ECS Managed Instances capacity providers: ECS launches, patches and replaces the EC2 instances itself.",
        {"gpu-mi": {"gpus": True}}, default={}, phrase="ECS Managed Instances capacity providers")
    external_instances: int = key("On-premises servers or VMs registered with the cluster through ECS Anywhere (EXTERNAL).", 3, default=0, ge=0, phrase="ECS Anywhere external instances")
