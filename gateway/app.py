"""The gateway's HTTP app: routes, and the pieces ``/graphql`` is made of."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from gateway.limits import LimitSettings, limit_rules
from gateway.limits.cost import CostLimit
from gateway.protocol.documents import DocumentCache
from gateway.protocol.endpoint import GraphQLEndpoint
from gateway.protocol.execution import Executor
from resolvers.context import GraphContext, Upstreams
from resolvers.schema import schema


def create_app(
    upstreams: Upstreams,
    *,
    production: bool = False,
    limits: LimitSettings | None = None,
) -> Starlette:
    """The gateway app over adapters that its caller created and will close.

    ``production`` hides field suggestions from error messages and refuses
    introspection; ``limits`` bound what one document may ask for.
    """
    limits = limits or LimitSettings()
    graphql_schema = schema._schema
    documents = DocumentCache(
        graphql_schema,
        limits=limit_rules(limits, introspection=not production),
        max_tokens=limits.max_tokens,
        hide_suggestions=production,
    )
    cost = CostLimit(graphql_schema, limits.max_cost, default_page_size=limits.default_page_size)
    executor = Executor(schema, documents, hide_suggestions=production, gates=[cost])

    def context(request: Request) -> GraphContext:
        """A fresh context, and so fresh dataloaders, for every request."""
        return GraphContext(upstreams)

    endpoint = GraphQLEndpoint(executor, context, max_batch=limits.max_batch)
    return Starlette(routes=[Route("/graphql", endpoint)])
