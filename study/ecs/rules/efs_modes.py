"""EFS mode rules: throughput mode for the shape of the load, performance mode for latency, and what One Zone allows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.storage_choices import EfsSuitsLoad
from ..rule import Rule

CHECKED = date(2026, 12, 6)
EFS_DOCS = "https://docs.aws.amazon.com/efs/latest/ug/"
SUITS = {"spiky": "elastic", "steady": "provisioned"}
WHY = {
    "spiky": "Elastic scales throughput up and down with the bursts and charges for what is used",
    "steady": "Provisioned gives a known, sustained throughput independent of the stored size, at a fixed price",
}
MISFIT = {
    "bursting": "Bursting ties throughput to the stored size and spends burst credits above it, which a long or large load runs out of",
    "elastic": "Elastic charges per use, which costs more than provisioning a steady, known throughput",
    "provisioned": "Provisioned pays for the peak all the time, though the load is idle most of it",
}


def _throughput_fits(dep: Deployment, req: EfsSuitsLoad) -> Iterator[Breach]:
    fs = dep.design.file_systems.get(req.file_system)
    if fs is None or fs.throughput_mode == SUITS[req.load]:
        return
    yield Breach(f"File system '{req.file_system}' uses {fs.throughput_mode} throughput for a {req.load} load: "
                 f"{MISFIT.get(fs.throughput_mode, 'that mode does not fit')}. {WHY[req.load]}.",
                 f"file_systems.{req.file_system}.throughput_mode", Stage.REQUIREMENT)


def _latency_fits(dep: Deployment, req: EfsSuitsLoad) -> Iterator[Breach]:
    fs = dep.design.file_systems.get(req.file_system)
    if fs is not None and req.latency_sensitive and fs.performance_mode == "max-io":
        yield Breach(f"File system '{req.file_system}' uses Max I/O, which has higher latency per operation; General Purpose is "
                     "the mode for latency-sensitive work (and AWS recommends it for all file systems).",
                     f"file_systems.{req.file_system}.performance_mode", Stage.REQUIREMENT)


def _max_io_not_one_zone(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, fs in dep.design.file_systems.items():
        if fs.performance_mode == "max-io" and fs.one_zone:
            yield Breach(f"File system '{name}' is One Zone with Max I/O performance mode; One Zone file systems support only "
                         "General Purpose, so it cannot be created.", f"file_systems.{name}.performance_mode", Stage.REGISTER)


THROUGHPUT_FITS = Rule(
    id="EFS01",
    title="Elastic throughput for spiky loads, Provisioned for steady known ones",
    description=("Elastic throughput follows spiky or unpredictable loads with a low average-to-peak ratio; Provisioned suits a "
                 "known, sustained throughput; Bursting ties throughput to the stored size and runs on burst credits."),
    source=EFS_DOCS + "performance.html",
    source_checked=CHECKED,
    taught_in="volumes#efs-performance",
    requirement=EfsSuitsLoad,
    check=_throughput_fits,
)

LATENCY_FITS = Rule(
    id="EFS02",
    title="General Purpose for latency-sensitive work; Max I/O adds latency",
    description=("Max I/O performance mode scales aggregate operations at the cost of higher per-operation latency; General "
                 "Purpose has the lowest latency and is recommended for nearly every file system."),
    source=EFS_DOCS + "performance.html",
    source_checked=CHECKED,
    taught_in="volumes#efs-performance",
    requirement=EfsSuitsLoad,
    check=_latency_fits,
)

MAX_IO_NOT_ONE_ZONE = Rule(
    id="EFS03",
    title="One Zone file systems cannot use Max I/O",
    description="Max I/O performance mode is not supported on One Zone file systems; the mode is fixed when a file system is created.",
    source=EFS_DOCS + "API_CreateFileSystem.html",
    source_checked=CHECKED,
    taught_in="volumes#efs-performance",
    requirement=Deploys,
    check=_max_io_not_one_zone,
)

RULES = (THROUGHPUT_FITS, LATENCY_FITS, MAX_IO_NOT_ONE_ZONE)
