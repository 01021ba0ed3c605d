"""graphql-core's executor, with plain attribute leaves read and serialized inline.

Most fields of an answer are leaves read straight off a record
(``fastpath.plain_fields``). For each, graphql-core builds a resolve info
of fourteen parts, looks the field up, calls the resolver, asks twice
whether the result is awaitable and dispatches on the field's type, all to
end in ``getattr`` and the scalar's ``serialize``. Here a leaf whose
resolver is such a ``getattr`` is answered with those two calls. Any value
that would not complete cleanly (null where the type forbids it, a value
the scalar refuses, a missing attribute) goes the executor's usual way,
which reads it again and reports the error exactly as before; both steps
are pure, so reading twice changes nothing.

graphql-core 3.3 builds executors through ``Executor.build``, which takes a
subclass and passes extra keyword arguments to it for this purpose; the
method overridden, ``execute_field``, is marked private there. Guarded by
``tests/fastpath/test_leaf_executor_guard.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import Executor as GraphQLExecutor
from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    Undefined,
)

from fastpath.plain_fields import attribute_read_by


class Leaf(NamedTuple):
    """How to answer one plain leaf field: the attribute, its type's serializer, non-null."""

    attribute: str
    serialize: Callable[[Any], Any]
    non_null: bool


# (object type name, field name) -> how to answer it inline.
Leaves = dict[tuple[str, str], Leaf]


def plain_leaves(schema: GraphQLSchema) -> Leaves:
    """Every field of ``schema`` that reads an attribute and returns a scalar or an enum."""
    leaves: Leaves = {}
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for field_name, field in named.fields.items():
            attribute = attribute_read_by(field.resolve)
            if attribute is None or field.args:
                continue
            of_type = field.type
            non_null = isinstance(of_type, GraphQLNonNull)
            if non_null:
                of_type = of_type.of_type
            if isinstance(of_type, GraphQLScalarType | GraphQLEnumType):
                leaves[named.name, field_name] = Leaf(attribute, of_type.serialize, non_null)
    return leaves


class LeafExecutor(GraphQLExecutor[Any]):
    """An ``Executor`` answering the ``leaves`` it is given inline (see the module)."""

    def __init__(self, *args: Any, leaves: Leaves, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Middleware wraps every resolver; with any, each field goes the usual way.
        self.leaves = leaves if self.middleware_manager is None else {}

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        leaf = self.leaves.get((parent_type.name, field_details_list[0].node.name.value))
        if leaf is not None:
            try:
                value = getattr(source, leaf.attribute)
                if value is None:
                    if not leaf.non_null:
                        return None
                else:
                    serialized = leaf.serialize(value)
                    if serialized is not None and serialized is not Undefined:
                        return serialized
            except Exception:  # the usual way below reports it
                pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )
