"""The exam domains a question belongs to, with the titles learners see: the one list of topics."""
from __future__ import annotations

from .bank_format import Topic

TOPIC_TITLES: dict[str, str] = {
    Topic.LAUNCH_TYPES: "Launch types and task sizing",
    Topic.IAM: "IAM roles for tasks",
    Topic.LOAD_BALANCERS: "Load balancers and networking",
    Topic.VOLUMES: "Volumes and storage",
    Topic.AUTO_SCALING: "Auto scaling",
    Topic.ECR_EKS: "ECR and EKS",
}
assert set(TOPIC_TITLES) == set(Topic), "every Topic needs a title"
