"""Guard: ``fastpath/checked_entities.py`` overrides Strawberry's ``Schema.entities_resolver``.

It fails loudly when Strawberry no longer builds ``_entities`` over that
method, or calls it with other arguments. When it fails: find how the new
Strawberry resolves ``_entities``, change ``fastpath/checked_entities.py``,
and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import inspect
from typing import Any

import strawberry
from strawberry.federation.schema import FederationAny

from fastpath.checked_entities import CheckedEntities

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id } } }"


@strawberry.federation.type(keys=["id"])
class Thing:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Thing:
        return Thing(id=id)


@strawberry.type
class Query:
    thing: Thing | None = None


class Refusing(CheckedEntities):
    def problem(self, representation: FederationAny) -> Any | None:
        if representation.get("id") == "bad":  # type: ignore[attr-defined]
            return ValueError("not a thing")
        return None


def test_strawberry_names_the_method_and_its_arguments() -> None:
    parameters = list(inspect.signature(strawberry.federation.Schema.entities_resolver).parameters)
    assert parameters == ["self", "info", "representations"]


def test_entities_go_through_the_override_each_problem_at_its_index() -> None:
    schema = Refusing(query=Query, types=[Thing])
    result = schema.execute_sync(
        ENTITIES,
        variable_values={
            "r": [
                {"__typename": "Thing", "id": "1"},
                {"__typename": "Thing", "id": "bad"},
                {"__typename": "Thing", "id": "3"},
            ]
        },
    )
    assert result.data == {"_entities": [{"id": "1"}, None, {"id": "3"}]}
    assert result.errors is not None
    [error] = result.errors
    assert error.path == ["_entities", 1]
    assert error.message == "not a thing"
