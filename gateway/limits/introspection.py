"""Production refuses introspection: the schema is not published to strangers.

Only the entry points ``__schema`` and ``__type`` are refused; ``__typename``
is not introspection of the schema (clients need it for unions), and neither
is Apollo federation's ``_service { sdl }``, which routers must reach.
"""

from __future__ import annotations

from typing import Any

from graphql import ASTValidationRule, FieldNode, GraphQLError

CODE = "INTROSPECTION_DISABLED"


class NoIntrospectionRule(ASTValidationRule):
    """Refuses ``__schema`` and ``__type`` anywhere in the document."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.name.value in ("__schema", "__type"):
            self.report_error(
                GraphQLError(
                    "Introspection is disabled on this gateway",
                    node,
                    extensions={"code": CODE},
                )
            )
