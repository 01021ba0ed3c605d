"""GraphiQL for browsers at the GraphQL endpoint, served offline from our own origin.

The gateway's app adds ``graphiql_routes()`` in development and answers a
browser's ``GET`` of the endpoint (HTML accepted, no ``query``) with
``graphiql_page``.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from gateway.graphiql.page import graphiql_page
from gateway.graphiql.routes import asset_routes

__all__ = ["graphiql_page", "graphiql_routes"]


def graphiql_routes() -> list[BaseRoute]:
    """The asset routes (only those whose files are there are served)."""
    return asset_routes()
