"""Amazon ECR vocabulary: repositories, their settings and the pushes that reach them."""

from __future__ import annotations

from enum import StrEnum

from pydantic.dataclasses import dataclass

from ._base import STRICT, key


class TagMutability(StrEnum):
    MUTABLE = "MUTABLE"
    IMMUTABLE = "IMMUTABLE"
    IMMUTABLE_WITH_EXCLUSION = "IMMUTABLE_WITH_EXCLUSION"
    MUTABLE_WITH_EXCLUSION = "MUTABLE_WITH_EXCLUSION"


class ScanType(StrEnum):
    NONE = "none"
    BASIC = "basic"
    ENHANCED = "enhanced"


@dataclass(config=STRICT)
class LifecycleRule:
    priority: int = key("Lower numbers are evaluated first.", 1, ge=1, phrase="rule priority (rulePriority)")
    tag_status: str = key("tagged, untagged or any.", "untagged", default="any", pattern="^(tagged|untagged|any)$", phrase="tag status (tagStatus)")
    tag_prefixes: list[str] = key("Tag prefixes the rule selects (tagged only).", ["dev-"], default=[], phrase="tag prefixes (tagPrefixList)")
    count_type: str = key("imageCountMoreThan or sinceImagePushed.", "imageCountMoreThan", pattern="^(imageCountMoreThan|sinceImagePushed)$", phrase="count type (countType)")
    count: int = key("Images to keep, or days since push.", 10, ge=1, phrase="count (countNumber)")


@dataclass(config=STRICT)
class PolicyStatement:
    effect: str = key("Allow or Deny.", "Allow", pattern="^(Allow|Deny)$", phrase="effect")
    principals: list[str] = key("Account ids or *.", ["444455556666"], phrase="principals")
    actions: list[str] = key("ECR actions.", ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], phrase="actions")


@dataclass(config=STRICT)
class Repository:
    tag_mutability: TagMutability = key("Tag mutability mode.", "IMMUTABLE_WITH_EXCLUSION", default=TagMutability.MUTABLE, phrase="image tag mutability")
    exclusion_filters: list[str] = key("Wildcard tag filters excluded from the mutability mode (at most five).", ["latest", "dev-*"], default=[], phrase="tag mutability exclusion filters")
    lifecycle_rules: list[LifecycleRule] = key("Lifecycle policy rules.", [{"priority": 1, "tag_status": "untagged", "count_type": "sinceImagePushed", "count": 14}], default=[], phrase="lifecycle policy rules")
    scanning: ScanType = key("none, basic or enhanced scanning.", "enhanced", default=ScanType.NONE, phrase="image scanning")
    scan_on_push: bool = key("Scan each pushed image.", True, default=False, phrase="scan on push")
    continuous_scan: bool = key("Enhanced scanning re-scans the images continuously as new CVEs appear (CONTINUOUS_SCAN).", True, default=False, phrase="continuous scanning (CONTINUOUS_SCAN)")
    account: str = key("Account that owns the repository.", "999988887777", default="111122223333", phrase="owning account")
    policy: list[PolicyStatement] = key("Repository policy statements.", [{"effect": "Allow", "principals": ["444455556666"], "actions": ["ecr:BatchGetImage"]}], default=[], phrase="repository policy statements")
    existing_tags: list[str] = key("Situation: tags already in the repository.", ["v1.8.2", "latest"], default=[], phrase="tags already in the repository")


@dataclass(config=STRICT)
class Push:
    repository: str = key("Repository name.", "orders", phrase="repository")
    tag: str = key("Tag the push writes.", "latest", phrase="tag")


@dataclass(config=STRICT)
class Ecr:
    account: str = key("Account that runs the design's tasks, pods and CI pushes.", "111122223333", default="111122223333", phrase="account that runs the workloads")
    repositories: dict[str, Repository] = key("Private repositories by name.", {"orders": {"tag_mutability": "IMMUTABLE"}}, default={}, phrase="private repositories")
    pushes: list[Push] = key("Situation: pushes CI makes.", [{"repository": "orders", "tag": "v1.9.0"}], default=[], phrase="CI pushes")
