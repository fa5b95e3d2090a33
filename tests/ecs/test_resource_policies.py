"""Policy evaluation the rules rely on: an explicit Deny wins, in a role and in a resource policy."""

from __future__ import annotations

import pytest

from study.ecs.facts.policies import resource_policy_decision, role_allows
from study.ecs.vocab.iam import ResourceStatement, Role

WIDE = {"action": "s3:*", "resource": "arn:aws:s3:::archive/*"}


@pytest.mark.parametrize(("permissions", "action", "allowed"), [
    ([WIDE], "s3:DeleteObject", True),
    ([WIDE, {"effect": "Deny", "action": "s3:DeleteObject"}], "s3:DeleteObject", False),
    ([WIDE, {"effect": "Deny", "action": "s3:DeleteObject"}], "s3:GetObject", True),
    ([{"effect": "Deny", "action": "s3:*"}], "s3:GetObject", False),
])
def test_an_explicit_deny_in_the_role_overrides_its_allow(permissions, action, allowed):
    assert role_allows(Role(permissions=permissions), action, "arn:aws:s3:::archive/a") is allowed


@pytest.mark.parametrize(("statements", "principal", "decision"), [
    ([], "archive-task", "none"),
    ([{"principals": ["archive-task"], "actions": ["s3:GetObject"]}], "archive-task", "allow"),
    ([{"principals": ["111122223333"], "actions": ["s3:*"]}], "archive-task", "allow"),
    ([{"principals": ["*"], "actions": ["s3:*"]}, {"effect": "Deny", "principals": ["*"], "actions": ["s3:Get*"]}], "archive-task", "deny"),
    ([{"principals": ["other-task"], "actions": ["s3:GetObject"]}], "archive-task", "none"),
])
def test_resource_policy_decision(statements, principal, decision):
    policy = [ResourceStatement(**s) for s in statements]
    assert resource_policy_decision(policy, principal, "111122223333", "s3:GetObject", "arn:aws:s3:::archive/a") == decision
