"""The JSON bodies the API accepts, one strict schema per route: a wrong type is a 400 naming the field,
never a guess (`"flagged": "no"` is not true) and never a server error."""
from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from flask import abort, request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

Text = Annotated[str, Field(max_length=200)]
Body = TypeVar("Body", bound=BaseModel)


class StartBody(BaseModel):
    """POST /api/sessions."""

    model_config = ConfigDict(strict=True, extra="forbid")
    mode: Literal["practice", "exam"] = "practice"
    count: Annotated[int, Field(ge=1, le=100)] | None = None
    minutes: Annotated[int, Field(ge=1, le=300)] | None = None
    topics: Annotated[list[Text], Field(max_length=20)] = []
    sections: Annotated[list[Text], Field(max_length=200)] = []


class AnswerBody(BaseModel):
    """POST /api/sessions/<id>/answer."""

    model_config = ConfigDict(strict=True, extra="forbid")
    item_id: int | Text | None = None
    choices: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=8)] | None = None
    numeric: float | Annotated[str, Field(max_length=40)] | None = None
    unsure: bool = False
    flagged: bool | None = None


class LoginBody(BaseModel):
    """POST /api/login."""

    model_config = ConfigDict(strict=True, extra="forbid")
    username: Annotated[str, Field(max_length=80)]
    password: Annotated[str, Field(max_length=1000)]


def parsed(schema: type[Body]) -> Body:
    """The request's JSON body read by schema, or 400 saying which field is wrong and what it takes."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        data = None
    if not isinstance(data, dict):
        abort(400, description="Send a JSON object with Content-Type: application/json.")
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in error.errors()[:5])
        abort(400, description=f"The request body does not fit: {problems}.")
