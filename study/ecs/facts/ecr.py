"""How Amazon ECR treats tags, pushes, repository policies and lifecycle rules.

Sources: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html,
https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImageTagMutability.html,
https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html,
https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html,
https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html, checked 2026-11-27.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from ..vocab.registry import (
    Ecr,
    LifecycleRule,
    PolicyStatement,
    Push,
    Repository,
    TagMutability,
)

MAX_EXCLUSION_FILTERS = 5
PULL_ACTIONS = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")


def tag_is_immutable(repository: Repository, tag: str) -> bool:
    """True when an existing tag cannot be moved to another image."""
    excluded = any(fnmatchcase(tag, pattern) for pattern in repository.exclusion_filters)
    mode = repository.tag_mutability
    if mode is TagMutability.IMMUTABLE_WITH_EXCLUSION:
        return not excluded
    if mode is TagMutability.MUTABLE_WITH_EXCLUSION:
        return excluded
    return mode is TagMutability.IMMUTABLE


def statement_covers(statement: PolicyStatement, account: str, action: str) -> bool:
    """True when a policy statement names this account (or everyone) and this action (wildcards allowed)."""
    principal = any(p in ("*", account) for p in statement.principals)
    return principal and any(fnmatchcase(action.lower(), a.lower()) for a in statement.actions)


def policy_denies(repository: Repository, account: str, action: str) -> bool:
    """True when a Deny statement of the repository policy covers the action for the account."""
    return any(s.effect == "Deny" and statement_covers(s, account, action) for s in repository.policy)


def policy_allows(repository: Repository, account: str, action: str) -> bool:
    """True when an Allow statement covers the action for the account and no Deny does."""
    allowed = any(s.effect == "Allow" and statement_covers(s, account, action) for s in repository.policy)
    return allowed and not policy_denies(repository, account, action)


def push_outcome(ecr: Ecr, push: Push) -> tuple[bool, str]:
    """(accepted, what happens) for one push of a new image."""
    repository = ecr.repositories.get(push.repository)
    if repository is None:
        return False, f"repository '{push.repository}' does not exist (RepositoryNotFoundException)"
    if policy_denies(repository, ecr.account, "ecr:PutImage"):
        return False, f"the repository policy of '{push.repository}' denies ecr:PutImage, so the push is refused (AccessDenied)"
    if push.tag in repository.existing_tags:
        if tag_is_immutable(repository, push.tag):
            return False, (f"tag '{push.tag}' already exists and is immutable under {repository.tag_mutability.value}, "
                           "so the push fails with ImageTagAlreadyExistsException")
        return True, f"tag '{push.tag}' moves to the new image and the old image loses it"
    return True, f"tag '{push.tag}' is new and is created"


def _selects_untagged(rule: LifecycleRule) -> bool:
    return rule.tag_status in ("untagged", "any")


def _selects_prefix(rule: LifecycleRule, prefix: str) -> bool:
    if rule.tag_status == "any":
        return True
    return rule.tag_status == "tagged" and any(prefix.startswith(p) for p in rule.tag_prefixes)


def deciding_rule(repository: Repository, tag_status: str, prefix: str | None) -> LifecycleRule | None:
    """The highest-priority lifecycle rule that selects these images; lower rules never expire them."""
    for rule in sorted(repository.lifecycle_rules, key=lambda r: r.priority):
        if _selects_untagged(rule) if tag_status == "untagged" else _selects_prefix(rule, prefix or ""):
            return rule
    return None


def describe_rule(rule: LifecycleRule) -> str:
    """A lifecycle rule in words."""
    what = {"untagged": "untagged images", "any": "all images"}.get(rule.tag_status, f"images tagged {'/'.join(rule.tag_prefixes) or '?'}*")
    limit = f"more than {rule.count} days old" if rule.count_type == "sinceImagePushed" else f"beyond the newest {rule.count}"
    return f"rule {rule.priority} expires {what} {limit}"
