"""Requirement kinds about Amazon ECR: pushes, protected tags, lifecycle cleanup and scanning."""

from __future__ import annotations

from typing import Literal

from pydantic.dataclasses import dataclass

from ..vocab._base import STRICT, key


@dataclass(config=STRICT)
class PushesSucceed:
    """Every push the situation lists for the repository is accepted."""

    kind: Literal["pushes_succeed"] = key("Requirement kind.", "pushes_succeed")
    repository: str = key("Repository name.", "orders", default="")

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Every push CI makes to '{self.repository}' succeeds"


@dataclass(config=STRICT)
class TagsProtected:
    """The listed tags can never be overwritten once pushed."""

    kind: Literal["tags_protected"] = key("Requirement kind.", "tags_protected")
    repository: str = key("Repository name.", "orders", default="")
    tags: list[str] = key("Tags that must never move to another image.", ["v1.8.2"], default=[])

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"Tags {', '.join(self.tags)} of '{self.repository}' can never be overwritten"


@dataclass(config=STRICT)
class ImagesExpire:
    """A lifecycle rule removes the selected images automatically."""

    kind: Literal["images_expire"] = key("Requirement kind.", "images_expire")
    repository: str = key("Repository name.", "orders", default="")
    tag_status: str = key("untagged or tagged images.", "untagged", default="untagged", pattern="^(tagged|untagged)$")
    tag_prefix: str | None = key("Tag prefix of the tagged images (tagged only).", "dev-", default=None)
    older_than_days: int | None = key("Images pushed more than this many days ago must go.", 14, default=None, ge=1)
    beyond_count: int | None = key("Only this many of the newest selected images may stay.", 20, default=None, ge=1)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        what = f"{self.tag_status} images" + (f" tagged {self.tag_prefix}*" if self.tag_prefix else "")
        limit = f"older than {self.older_than_days} days" if self.older_than_days else f"beyond the newest {self.beyond_count}"
        return f"In '{self.repository}', {what} {limit} are removed automatically"


@dataclass(config=STRICT)
class ImagesKept:
    """No lifecycle rule removes the newest images with a tag prefix."""

    kind: Literal["images_kept"] = key("Requirement kind.", "images_kept")
    repository: str = key("Repository name.", "orders", default="")
    tag_prefix: str = key("Tag prefix of the images to keep.", "release-", default="")
    count: int = key("How many of the newest such images must stay.", 10, default=1, ge=1)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        return f"The newest {self.count} images tagged {self.tag_prefix}* in '{self.repository}' are never expired"


@dataclass(config=STRICT)
class ImagesScanned:
    """Images are scanned for vulnerabilities the way the team needs."""

    kind: Literal["images_scanned"] = key("Requirement kind.", "images_scanned")
    repository: str = key("Repository name.", "orders", default="")
    on_push: bool = key("Each image is scanned when it is pushed.", True, default=True)
    language_packages: bool = key("Findings cover programming-language packages, not only OS packages.", True, default=False)
    continuous: bool = key("Images are re-scanned when new vulnerabilities are published.", True, default=False)

    def title(self) -> str:
        """The sentence shown beside the verdict."""
        parts = ["on push"] if self.on_push else []
        parts += ["including language packages"] if self.language_packages else []
        parts += ["again whenever new CVEs appear"] if self.continuous else []
        return f"Images in '{self.repository}' are scanned {', '.join(parts) or 'for vulnerabilities'}"


REQUIREMENTS = (PushesSucceed, TagsProtected, ImagesExpire, ImagesKept, ImagesScanned)
