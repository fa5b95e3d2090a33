"""rule ids renumbered so each rule module's ids run without gaps: review cards follow their rule

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The one table of this renumbering (old id -> new id); the rule modules carry the new ids.
RENAMED_RULE_IDS = {
    "LT06": "LT05", "LT12": "LT06", "LT05": "LT07", "LT07": "LT08", "LT08": "LT09",
    "LB15": "LB08", "LB16": "LB09", "LB08": "LB10", "LB09": "LB11", "LB10": "LB12",
    "LB11": "LB13", "LB12": "LB14", "LB13": "LB15", "LB14": "LB16",
}
PENDING = "renumbering:"  # keys pass through this prefix, since new ids reuse old ones (LB08 -> LB10, LB15 -> LB08)

review_card = sa.table("review_card", sa.column("kind", sa.String), sa.column("key", sa.String))


def upgrade() -> None:
    """Rewrite the keys of rule review cards from old to new ids."""
    _rename(RENAMED_RULE_IDS)


def downgrade() -> None:
    """Give rule review cards their old ids back."""
    _rename({new: old for old, new in RENAMED_RULE_IDS.items()})


def _rename(mapping: dict[str, str]) -> None:
    """Rename in two passes so no key ever meets another card's key under the (user, kind, key) constraint.

    A card left under a target id that is not itself renamed (a rule dropped long ago, like LT09) would
    collide; such a card names no rule, so it is deleted first.
    """
    stale = set(mapping.values()) - set(mapping)
    rule_cards = review_card.c.kind == "rule"
    op.execute(review_card.delete().where(rule_cards, review_card.c.key.in_(stale)))
    for old, new in mapping.items():
        op.execute(review_card.update().where(rule_cards, review_card.c.key == old).values(key=PENDING + new))
    for new in mapping.values():
        op.execute(review_card.update().where(rule_cards, review_card.c.key == PENDING + new).values(key=new))
