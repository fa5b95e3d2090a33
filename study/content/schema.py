"""The editor's JSON Schema: the bank format with the design vocabulary plugged into situation and design."""

from __future__ import annotations

from typing import Any

from ..ecs.vocab import design_adapter
from .bank_format import bank_json_schema

PLACEHOLDER = {"type": "string", "pattern": "^\\{[a-z_][a-z0-9_]*\\}$"}


def _allow_null_everywhere(schema: Any) -> Any:
    """A merge patch may set any key to null to delete it, none is required, numbers may be {params}."""
    if isinstance(schema, dict):
        result = {k: _allow_null_everywhere(v) for k, v in schema.items() if k != "required"}
        if result.get("type") in ("integer", "number"):
            return {"anyOf": [result, PLACEHOLDER]}
        if "properties" in result:
            result["properties"] = {k: {"anyOf": [v, {"type": "null"}]} for k, v in result["properties"].items()}
        if isinstance(result.get("additionalProperties"), dict):  # null deletes an entry of a map, too
            result["additionalProperties"] = {"anyOf": [result["additionalProperties"], {"type": "null"}]}
        return result
    if isinstance(schema, list):
        return [_allow_null_everywhere(v) for v in schema]
    return schema


def full_bank_schema() -> dict:
    """Bank schema whose situation and choice designs are checked against the design vocabulary."""
    schema = bank_json_schema()
    design = design_adapter().json_schema(ref_template="#/$defs/design.{model}")
    design_defs = {f"design.{name}": _allow_null_everywhere(d) for name, d in design.pop("$defs", {}).items()}
    schema["$defs"].update(design_defs)
    schema["$defs"]["design.Design"] = _allow_null_everywhere(design)
    ref = {"$ref": "#/$defs/design.Design"}
    schema["$defs"]["Scenario"]["properties"]["situation"] = ref
    schema["$defs"]["Base"]["properties"]["situation"] = ref
    schema["$defs"]["ChoiceSpec"]["properties"]["design"] = ref
    return schema
