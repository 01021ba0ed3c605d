"""The schema: every part's root fields, Relay ``node``/``nodes``, and the caches.

Each upstream's part of the graph (``resolvers/<part>/schema.py``) offers a
``Query`` and a ``Mutation`` mixin; this module only assembles them, so parts
do not import each other to reach the root.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any, Final

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from fastpath.checked_entities import CheckedEntities
from fastpath.core_schema import core_schema
from fastpath.held_first import use_held_first
from fastpath.node_ids import use_plain_node_ids
from fastpath.plain_fields import use_plain_attributes
from fastpath.shareable_page_info import share_page_info
from resolvers.billing.schema import BillingMutation, BillingQuery
from resolvers.entities import entity_fields, representation_problem
from resolvers.errors import format_error
from resolvers.invoicing.schema import InvoicingMutation, InvoicingQuery
from resolvers.ledger.schema import LedgerMutation, LedgerQuery
from resolvers.nodes import node_list
from resolvers.prepaid.operators import OperatorMutation, OperatorQuery
from resolvers.prepaid.schema import PrepaidMutation, PrepaidQuery
from resolvers.update_account import UpdateAccountMutation

LOG = logging.getLogger("gateway.graphql")

FEDERATION_VERSION: Final = "2.9"


@strawberry.type(description="Reads over the four upstreams.")
class Query(BillingQuery, PrepaidQuery, LedgerQuery, InvoicingQuery, OperatorQuery):
    node: relay.Node | None = relay.node(
        description="Any record by its global id; null when it does not exist."
    )
    nodes: list[relay.Node | None] = strawberry.field(
        resolver=node_list,
        description="Records by their global ids, in the order asked; null where one is "
        "missing, and null with an error at its index where an id is not one of this graph.",
    )


@strawberry.type(description="Changes to the four upstreams.")
class Mutation(
    BillingMutation,
    PrepaidMutation,
    LedgerMutation,
    InvoicingMutation,
    UpdateAccountMutation,
    OperatorMutation,
):
    pass


class GatewaySchema(CheckedEntities):
    """A Federation 2 subgraph schema that logs each error as one line.

    No stack trace, no upstream body, no URL reaches the log.
    """

    @cached_property
    def entity_fields(self) -> dict[str, frozenset[str]]:
        """The fields each entity's representations may carry, read once from the schema."""
        return entity_fields(core_schema(self))

    def problem(self, representation: FederationAny) -> Any | None:
        """A malformed representation is ``BAD_USER_INPUT`` at its own index."""
        return representation_problem(representation, self.entity_fields)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            formatted = format_error(error)
            code = (formatted.extensions or {}).get("code")
            path = ".".join(str(part) for part in error.path or ())
            if code == "INTERNAL" and error.original_error is not None:
                kind = type(error.original_error).__name__
                LOG.error("graphql error code=%s path=%s kind=%s", code, path, kind)
            else:
                LOG.info("graphql error code=%s path=%s message=%s", code, path, formatted.message)


# Before the build: the subgraph shares PageInfo with every other Relay subgraph.
share_page_info()

schema = GatewaySchema(
    query=Query,
    mutation=Mutation,
    # The newest version both @apollo/composition and @theguild/federation-composition
    # accept (docs/federation.md); a newer one would lock out The Guild's tooling.
    federation_version=FEDERATION_VERSION,
    # Offers @defer and @stream; gateway.protocol.execution delivers them.
    config=StrawberryConfig(enable_experimental_incremental_execution=True),
)
# After the build: swaps Strawberry's wrapper on plain attribute fields for one getattr.
use_plain_attributes(core_schema(schema))
# And Node types' global ids for one attribute read and one print, not Relay's resolver.
use_plain_node_ids(core_schema(schema))
# And fields whose answer a view may hold from it, not from a loader, when it does.
use_held_first(core_schema(schema))


def sdl() -> str:
    """The schema as printed into ``schema.graphql``, the graph's published contract."""
    return str(schema).rstrip() + "\n"
