"""EC2 instance types the model knows: vCPUs, memory, network interfaces, GPUs.

Sources: https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html and
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html (maximum network interfaces),
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/eni-trunking-supported-instance-types.html
(trunk ENI task limits), https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html
(registered memory), checked 2026-11-27.

The agent registers less memory than the instance type's nominal size, because the kernel and the
operating system hold some back (AWS's example: an m4.large with 8 GiB registers 7,985 MiB). AWS
gives no formula, so the model registers the nominal size less 2.5%, which reproduces that example;
questions should not hinge on the exact figure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InstanceType:
    """Capacity of one instance type as the container agent registers it."""

    vcpus: int
    nominal_memory_mib: int
    max_enis: int
    gpus: int = 0
    trunk_tasks: int = 0

    @property
    def memory_mib(self) -> int:
        """Memory the agent registers for tasks: the nominal size less what the OS keeps."""
        return self.nominal_memory_mib * 975 // 1000

    @property
    def cpu_units(self) -> int:
        """CPU units the agent registers (1024 per vCPU)."""
        return self.vcpus * 1024


INSTANCE_TYPES: dict[str, InstanceType] = {
    "t3.micro": InstanceType(2, 1024, 2),
    "t3.medium": InstanceType(2, 4096, 3),
    "t3.large": InstanceType(2, 8192, 3),
    "c5.large": InstanceType(2, 4096, 3, trunk_tasks=10),
    "c5.xlarge": InstanceType(4, 8192, 4, trunk_tasks=18),
    "m5.large": InstanceType(2, 8192, 3, trunk_tasks=10),
    "m5.xlarge": InstanceType(4, 16384, 4, trunk_tasks=18),
    "m5.2xlarge": InstanceType(8, 32768, 4, trunk_tasks=38),
    "r5.large": InstanceType(2, 16384, 3, trunk_tasks=10),
    "g4dn.xlarge": InstanceType(4, 16384, 3, gpus=1),
    "g4dn.12xlarge": InstanceType(48, 196608, 8, gpus=4),
    "p3.2xlarge": InstanceType(8, 62464, 4, gpus=1),
}
