"""The gateway's HTTP app: routes, and the pieces ``/graphql`` is made of."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Lifespan

from fastpath.core_schema import core_schema
from gateway.auth import Authenticator, AuthSettings
from gateway.cors import CrossOrigin
from gateway.direct_route import DirectPost
from gateway.graphiql import graphiql_page, graphiql_routes
from gateway.idempotency_settings import IdempotencySettings
from gateway.limits import LimitSettings, limit_rules
from gateway.limits.cost import CostLimit
from gateway.limits.fan_out import FanOutLimit, fan_out_caps
from gateway.persisted import MemoryDocumentStore, PersistedQueries
from gateway.persisted_settings import PersistedSettings
from gateway.protocol.documents import DocumentCache
from gateway.protocol.endpoint import GraphQLEndpoint
from gateway.protocol.execution import Executor
from gateway.redaction import hide_upstream_query_strings
from gateway.stores.memory import MemoryKeyStore
from resolvers.context import GraphContext, Upstreams
from resolvers.idempotency import Idempotency
from resolvers.schema import schema

# Headers a browser client may send cross-origin (each one makes the request preflighted).
CORS_HEADERS = ["content-type", "accept", "authorization", "x-api-key", "apollo-require-preflight"]

# In development a frontend served from this machine, on any port, may call
# (http://localhost:3000, http://127.0.0.1:5173); production allows only ``cors_origins``.
LOCAL_ORIGINS = r"http://(localhost|127\.0\.0\.1)(:[0-9]{1,5})?"


def create_app(
    upstreams: Upstreams,
    *,
    production: bool = False,
    idempotency: Idempotency | None = None,
    limits: LimitSettings | None = None,
    auth: AuthSettings | None = None,
    persisted: PersistedQueries | None = None,
    cors_origins: Sequence[str] = (),
    routes: Sequence[BaseRoute] = (),
    middleware: Sequence[Middleware] = (),
    lifespan: Lifespan[Starlette] | None = None,
) -> ASGIApp:
    """The gateway app over adapters (and a key store) that its caller created and will close.

    ``production`` hides field suggestions from error messages and GraphiQL, and
    refuses introspection. Without ``idempotency`` the keys live in this app's
    memory, which is right for one process only and, since a restart forgets
    them, for no real money: in ``production`` top-ups are then refused.
    ``limits`` bound what one document may ask for; ``auth`` says who may call (default: open);
    ``persisted`` resolves persisted queries (default: APQ in memory); only
    ``cors_origins`` (and, in development, local origins) may read answers from
    a browser on another origin.

    ``routes`` are served besides ``/graphql`` (operations' own: health,
    metrics), ``middleware`` wraps everything, the first outermost, and
    ``lifespan`` runs around serving (closing what the caller opened).
    """
    hide_upstream_query_strings()
    limits = limits or LimitSettings()
    graphql_schema = core_schema(schema)
    documents = DocumentCache(
        graphql_schema,
        limits=limit_rules(limits, introspection=not production),
        max_tokens=limits.max_tokens,
        max_expanded_selections=limits.max_expanded_selections,
        hide_suggestions=production,
        max_bytes=limits.document_cache_max_bytes,
    )
    fan_out = FanOutLimit(
        graphql_schema, fan_out_caps(limits.max_node_ids, limits.max_entity_representations)
    )
    cost = CostLimit(graphql_schema, limits.max_cost, default_page_size=limits.default_page_size)
    # The fan-out caps first: a refusal that names the argument says more than a cost.
    executor = Executor(schema, documents, hide_suggestions=production, gates=[fan_out, cost])
    persisted = persisted or PersistedQueries(
        MemoryDocumentStore(max_bytes=PersistedSettings().memory_max_bytes)
    )
    # APQ stores a document only once it parses and validates here.

    async def valid(text: str) -> bool:
        return (await documents.prepare(text)).document is not None

    persisted.register_only(valid)
    authenticator = Authenticator(auth or AuthSettings())
    keys = idempotency or Idempotency(
        MemoryKeyStore(IdempotencySettings().ttl_seconds), allow_volatile=not production
    )

    def context(request: Request) -> GraphContext:
        """A fresh context, and so fresh dataloaders, for every request."""
        state = request.state
        return GraphContext(
            upstreams,
            keys,
            caller=getattr(state, "identity", None),
            roles=getattr(state, "roles", frozenset()),
        )

    # GraphiQL is for exploring; production turns introspection off, so no page.
    page = None if production else graphiql_page
    endpoint = GraphQLEndpoint(
        executor,
        context,
        max_batch=limits.max_batch,
        page=page,
        guard=authenticator.gates,
        resolve=persisted,
        request_timeout=limits.request_timeout,
    )
    # Production serves no GraphiQL, so it never reads (nor needs) GraphiQL's files.
    served = [Route("/graphql", endpoint), *([] if production else graphiql_routes()), *routes]
    routed = Starlette(routes=served, lifespan=lifespan)
    # A GraphQL POST goes from the layers straight to its endpoint, past all of
    # Starlette (``DirectPost``); everything else is routed by it.
    app: ASGIApp = DirectPost(routed, path="/graphql", endpoint=endpoint)
    app = CrossOrigin(
        app,
        allow_origins=list(cors_origins),
        allow_origin_regex=None if production else LOCAL_ORIGINS,
        allow_methods=["GET", "POST"],
        allow_headers=CORS_HEADERS,
        max_age=600,
    )
    for cls, args, kwargs in reversed(middleware):
        app = cls(app, *args, **kwargs)
    return app
