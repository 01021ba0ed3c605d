"""Strawberry's own ``is_type_of``, which never reads the resolve info it is given.

graphql-core asks an object type's ``is_type_of(value, info)`` of each value
completed as that type, with a resolve info of fourteen parts built for the
field. Strawberry gives every type that implements an interface (each Node
type) the ``is_type_of`` made in ``GraphQLCoreConverter.from_object``, which
decides by the value's cast mark and class alone, so ``fastpath.plain_plans``
marks the object fields whose type has it, and ``fastpath.plain_executor``
asks it without building an info. Strawberry's function is told by its
qualified name, as the converter defines it; a type's own ``is_type_of``
(given to ``strawberry.type``) is not it, and still gets its info. Guarded by
``tests/fastpath/test_info_free_is_type_of_guard.py``.
"""

from __future__ import annotations

from typing import Any

MODULE = "strawberry.schema.schema_converter"
QUALNAME = "GraphQLCoreConverter.from_object.<locals>._get_is_type_of.<locals>.is_type_of"


def ignores_info(is_type_of: Any) -> bool:
    """Whether ``is_type_of`` is Strawberry's own, which decides without the info."""
    return (
        getattr(is_type_of, "__qualname__", None) == QUALNAME
        and getattr(is_type_of, "__module__", None) == MODULE
    )
