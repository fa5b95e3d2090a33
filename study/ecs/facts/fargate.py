"""Fargate task sizes and platform versions.

Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
(task CPU and memory table), checked 2026-11-27; the 32 vCPU row (Linux only: 60, 120 or 244 GB) as
cfn-lint 1.58 encodes it for E3047, whose data file tests/ecs/test_fargate_oracle.py reads at test time.
"""

from __future__ import annotations

from ..vocab.compute import OperatingSystem

GIB = 1024

# cpu units -> (first memory MiB, last memory MiB, step MiB); 256 and 32768 list their values explicitly.
_ROWS: dict[int, tuple[int, int, int]] = {
    512: (1 * GIB, 4 * GIB, GIB),
    1024: (2 * GIB, 8 * GIB, GIB),
    2048: (4 * GIB, 16 * GIB, GIB),
    4096: (8 * GIB, 30 * GIB, GIB),
    8192: (16 * GIB, 60 * GIB, 4 * GIB),
    16384: (32 * GIB, 120 * GIB, 8 * GIB),
}
_LISTED: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    32768: (60 * GIB, 120 * GIB, 244 * GIB),
}
LARGE_CPU = (8192, 16384, 32768)
WINDOWS_CPU = (1024, 2048, 4096)
LATEST_LINUX = "1.4.0"
LATEST_WINDOWS = "1.0.0"


def platform_version(requested: str, os: OperatingSystem) -> tuple[int, ...]:
    """The platform version a task really gets; LATEST resolves per operating system."""
    text = requested
    if requested.upper() == "LATEST":
        text = LATEST_WINDOWS if os is OperatingSystem.WINDOWS else LATEST_LINUX
    return tuple(int(part) for part in text.split("."))


def memory_options(cpu: int, os: OperatingSystem = OperatingSystem.LINUX) -> tuple[int, ...]:
    """Every memory value Fargate accepts with this cpu value, smallest first (empty if cpu is invalid)."""
    if os is OperatingSystem.WINDOWS and cpu not in WINDOWS_CPU:
        return ()
    if cpu in _LISTED:
        return _LISTED[cpu]
    if cpu not in _ROWS:
        return ()
    first, last, step = _ROWS[cpu]
    return tuple(range(first, last + 1, step))


def cpu_options(os: OperatingSystem = OperatingSystem.LINUX) -> tuple[int, ...]:
    """Every task-level cpu value Fargate accepts for the operating system."""
    return WINDOWS_CPU if os is OperatingSystem.WINDOWS else tuple(sorted((*_LISTED, *_ROWS)))


def is_valid_size(cpu: int, memory: int, os: OperatingSystem = OperatingSystem.LINUX) -> bool:
    """True when (cpu, memory) is a row of the Fargate size table."""
    return memory in memory_options(cpu, os)


def smallest_size_covering(cpu: int, memory: int, os: OperatingSystem = OperatingSystem.LINUX) -> tuple[int, int] | None:
    """The smallest valid (cpu, memory) with at least this cpu and memory; None when nothing fits."""
    for option in cpu_options(os):
        if option < cpu:
            continue
        fitting = [m for m in memory_options(option, os) if m >= memory]
        if fitting:
            return option, fitting[0]
    return None


# Logging, stopping and storage limits.
# Sources: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html (log drivers),
# https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html (stopTimeout),
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html (Spot),
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html (ephemeral storage),
# checked 2026-11-27.
LOG_DRIVERS = ("awslogs", "splunk", "awsfirelens")
DEFAULT_STOP_TIMEOUT = 30
MAX_STOP_TIMEOUT = 120
SPOT_WARNING_SECONDS = 120
SPOT_MIN_LINUX_PLATFORM = (1, 3, 0)
EPHEMERAL_DEFAULT_GIB = 20
EPHEMERAL_MIN_GIB = 21
EPHEMERAL_MAX_GIB = 200
