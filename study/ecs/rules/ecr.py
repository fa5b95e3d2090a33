"""Amazon ECR rules: tag mutability, pushes, lifecycle policies, scanning and cross-account pulls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deploy import Deployment
from ..facts import ecr
from ..findings import Breach, Stage
from ..requirements.base import Deploys
from ..requirements.iam import ImagePullSucceeds
from ..requirements.registry import ImagesExpire, ImagesKept, ImagesScanned, PushesSucceed, TagsProtected
from ..rule import Rule
from ..vocab.compute import Registry
from ..vocab.registry import ScanType, TagMutability

ECR_DOCS = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/"
WITH_EXCLUSION = (TagMutability.IMMUTABLE_WITH_EXCLUSION, TagMutability.MUTABLE_WITH_EXCLUSION)


def _mutability_settings(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, repo in dep.design.ecr.repositories.items():
        where = f"ecr.repositories.{name}.exclusion_filters"
        count = len(repo.exclusion_filters)
        if repo.tag_mutability in WITH_EXCLUSION and not 1 <= count <= ecr.MAX_EXCLUSION_FILTERS:
            yield Breach(f"Repository '{name}' uses {repo.tag_mutability.value} with {count} exclusion filters; the mode "
                         f"takes 1 to {ecr.MAX_EXCLUSION_FILTERS} wildcard filters (combine patterns with *).", where, Stage.REGISTER)
        elif repo.tag_mutability not in WITH_EXCLUSION and count:
            yield Breach(f"Repository '{name}' sets exclusion filters with {repo.tag_mutability.value}; filters apply only to "
                         "IMMUTABLE_WITH_EXCLUSION and MUTABLE_WITH_EXCLUSION.", where, Stage.REGISTER)


def _pushes_succeed(dep: Deployment, req: PushesSucceed) -> Iterator[Breach]:
    for index, push in enumerate(dep.design.ecr.pushes):
        if push.repository != req.repository:
            continue
        accepted, what = ecr.push_outcome(dep.design.ecr, push)
        if not accepted:
            yield Breach(f"Pushing '{push.repository}:{push.tag}': {what}.", f"ecr.pushes.{index}", Stage.RUN)


def _tags_protected(dep: Deployment, req: TagsProtected) -> Iterator[Breach]:
    repo = dep.design.ecr.repositories.get(req.repository)
    if repo is None or ecr.policy_denies(repo, dep.design.ecr.account, "ecr:PutImage"):
        return  # nothing can be pushed at all; ECR02 reports the refused pushes
    for tag in req.tags:
        if not ecr.tag_is_immutable(repo, tag):
            extra = " Lifecycle rules only expire images; they prevent no overwrite." if repo.lifecycle_rules else ""
            yield Breach(f"Tag '{tag}' of '{req.repository}' can still be overwritten: the mode is {repo.tag_mutability.value}"
                         f"{' with filters ' + ', '.join(repo.exclusion_filters) if repo.exclusion_filters else ''}.{extra}",
                         f"ecr.repositories.{req.repository}.tag_mutability", Stage.REQUIREMENT)


def _lifecycle_policy_valid(dep: Deployment, _req: Deploys) -> Iterator[Breach]:
    for name, repo in dep.design.ecr.repositories.items():
        rules = sorted(repo.lifecycle_rules, key=lambda r: r.priority)
        where = f"ecr.repositories.{name}.lifecycle_rules"
        for rule in rules:
            if rule.tag_status == "tagged" and not rule.tag_prefixes:
                yield Breach(f"Lifecycle rule {rule.priority} of '{name}' selects tagged images without a tag prefix list; "
                             "a tagged rule must name the prefixes (or patterns) it selects.", where, Stage.REGISTER)
        if any(r.tag_status == "any" for r in rules[:-1]):
            yield Breach(f"A lifecycle rule of '{name}' with tagStatus any is not the last one; it must have the highest "
                         "priority number so that it is evaluated last.", where, Stage.REGISTER)
        if len({r.priority for r in rules}) != len(rules):
            yield Breach(f"Two lifecycle rules of '{name}' share a priority; priorities must be unique.", where, Stage.REGISTER)


def _images_expire(dep: Deployment, req: ImagesExpire) -> Iterator[Breach]:
    repo = dep.design.ecr.repositories.get(req.repository)
    if repo is None:
        return
    rule = ecr.deciding_rule(repo, req.tag_status, req.tag_prefix)
    where = f"ecr.repositories.{req.repository}.lifecycle_rules"
    if rule is None:
        yield Breach(f"No lifecycle rule of '{req.repository}' selects those images, so they are never expired.", where, Stage.REQUIREMENT)
        return
    wanted_type, limit = ("sinceImagePushed", req.older_than_days) if req.older_than_days else ("imageCountMoreThan", req.beyond_count)
    if rule.count_type != wanted_type or rule.count > (limit or 0):
        yield Breach(f"The lifecycle rule that decides for those images is {ecr.describe_rule(rule)}, which does not meet "
                     "the goal.", where, Stage.REQUIREMENT)


def _images_kept(dep: Deployment, req: ImagesKept) -> Iterator[Breach]:
    repo = dep.design.ecr.repositories.get(req.repository)
    rule = ecr.deciding_rule(repo, "tagged", req.tag_prefix) if repo else None
    if rule is None:
        return
    if rule.count_type == "sinceImagePushed" or rule.count < req.count:
        yield Breach(f"Images tagged {req.tag_prefix}* in '{req.repository}' fall under {ecr.describe_rule(rule)}, so some of "
                     f"the newest {req.count} can expire.", f"ecr.repositories.{req.repository}.lifecycle_rules", Stage.REQUIREMENT)


def _images_scanned(dep: Deployment, req: ImagesScanned) -> Iterator[Breach]:
    repo = dep.design.ecr.repositories.get(req.repository)
    if repo is None:
        return
    where = f"ecr.repositories.{req.repository}.scanning"
    enhanced = repo.scanning is ScanType.ENHANCED
    if req.on_push and not (enhanced or (repo.scanning is ScanType.BASIC and repo.scan_on_push)):
        yield Breach(f"'{req.repository}' has {repo.scanning.value} scanning{' without scan on push' if repo.scanning is ScanType.BASIC else ''}, "
                     "so pushed images are not scanned.", where, Stage.REQUIREMENT)
    if req.language_packages and not enhanced:
        yield Breach(f"'{req.repository}' has {repo.scanning.value} scanning, which covers OS packages only; programming-language "
                     "packages need enhanced scanning (Amazon Inspector).", where, Stage.REQUIREMENT)
    if req.continuous and not (enhanced and repo.continuous_scan):
        yield Breach(f"'{req.repository}' is not scanned continuously: only enhanced scanning with continuous scanning re-scans "
                     "images when new vulnerabilities are published.", where, Stage.REQUIREMENT)


def _cross_account_pull(dep: Deployment, req: ImagePullSucceeds) -> Iterator[Breach]:
    design = dep.design
    spec = design.services.get(req.of) or design.tasks.get(req.of)
    td = design.task_definitions.get(spec.task_definition) if spec else None
    for cname, container in (td.containers.items() if td else ()):
        repo_name = container.image.split(":")[0]
        repo = design.ecr.repositories.get(repo_name)
        if container.registry not in (Registry.ECR_PRIVATE, Registry.ECR_OTHER_ACCOUNT) or repo is None or repo.account == design.ecr.account:
            continue
        if not all(ecr.policy_allows(repo, design.ecr.account, a) for a in ecr.PULL_ACTIONS):
            yield Breach(f"'{repo_name}' belongs to account {repo.account}, and its repository policy does not allow account "
                         f"{design.ecr.account} to pull, so '{cname}' of '{spec.task_definition}' fails with "
                         "CannotPullContainerError whatever the puller's own IAM permissions are.",
                         f"ecr.repositories.{repo_name}.policy", Stage.LAUNCH)


MUTABILITY_SETTINGS = Rule(
    id="ECR01",
    title="Exclusion filters belong to the _WITH_EXCLUSION modes",
    description=("IMMUTABLE_WITH_EXCLUSION and MUTABLE_WITH_EXCLUSION take one to five wildcard filters naming the tags that are "
                 "the exception; the plain MUTABLE and IMMUTABLE modes take none."),
    source="https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImageTagMutability.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#tag-mutability",
    requirement=Deploys,
    check=_mutability_settings,
)

PUSHES_SUCCEED = Rule(
    id="ECR02",
    title="A push that reuses an immutable tag is refused",
    description=("Pushing an image with a tag that already exists moves the tag when it is mutable and fails with "
                 "ImageTagAlreadyExistsException when it is immutable; a repository policy that denies ecr:PutImage refuses every push."),
    source=ECR_DOCS + "image-tag-mutability.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#tag-mutability",
    requirement=PushesSucceed,
    check=_pushes_succeed,
)

TAGS_PROTECTED = Rule(
    id="ECR03",
    title="Only tag immutability stops an overwrite",
    description=("A tag is protected when the repository's mutability mode makes it immutable (IMMUTABLE, or matched by a filter of "
                 "MUTABLE_WITH_EXCLUSION, or not matched by a filter of IMMUTABLE_WITH_EXCLUSION). Lifecycle rules and scanning do not."),
    source=ECR_DOCS + "image-tag-mutability.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#tag-mutability",
    requirement=TagsProtected,
    check=_tags_protected,
)

LIFECYCLE_POLICY_VALID = Rule(
    id="ECR04",
    title="Lifecycle rules: tagged needs prefixes, any goes last",
    description=("A lifecycle rule for tagged images must list the tag prefixes (or patterns) it selects, a rule for any images "
                 "must have the highest priority number, and priorities are unique."),
    source=ECR_DOCS + "lifecycle_policy_parameters.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#lifecycle-policies",
    requirement=Deploys,
    check=_lifecycle_policy_valid,
)

IMAGES_EXPIRE = Rule(
    id="ECR05",
    title="Lifecycle rules expire images by age or by count",
    description=("Each image is judged by the highest-priority rule that selects it: sinceImagePushed expires images older than N "
                 "days, imageCountMoreThan keeps the newest N and expires the rest."),
    source=ECR_DOCS + "LifecyclePolicies.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#lifecycle-policies",
    requirement=ImagesExpire,
    check=_images_expire,
)

IMAGES_KEPT = Rule(
    id="ECR06",
    title="A broader lifecycle rule can expire images you meant to keep",
    description=("Images that a higher-priority rule selects can't be expired by a lower one, so protect release images with a "
                 "count rule of their own placed before any broad rule."),
    source=ECR_DOCS + "LifecyclePolicies.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#lifecycle-policies",
    requirement=ImagesKept,
    check=_images_kept,
)

IMAGES_SCANNED = Rule(
    id="ECR07",
    title="Basic scanning sees OS packages; enhanced scanning sees more",
    description=("Basic scanning checks OS packages on push (when scan on push is on) or on demand; enhanced scanning uses Amazon "
                 "Inspector to cover OS and programming-language packages and can re-scan continuously."),
    source=ECR_DOCS + "image-scanning.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#scanning",
    requirement=ImagesScanned,
    check=_images_scanned,
)

CROSS_ACCOUNT_PULL = Rule(
    id="ECR08",
    title="Cross-account pulls need both sides to agree",
    description=("Pulling from another account's repository needs the repository policy there to allow the pulling account, in "
                 "addition to the ECR pull permissions of the pulling identity in its own account (IAM07 checks that half)."),
    source=ECR_DOCS + "repository-policy-examples.html",
    source_checked=date(2026, 11, 27),
    taught_in="ecr-eks#pull-permissions",
    requirement=ImagePullSucceeds,
    check=_cross_account_pull,
)

RULES = (MUTABILITY_SETTINGS, PUSHES_SUCCEED, TAGS_PROTECTED, LIFECYCLE_POLICY_VALID, IMAGES_EXPIRE, IMAGES_KEPT,
         IMAGES_SCANNED, CROSS_ACCOUNT_PULL)
