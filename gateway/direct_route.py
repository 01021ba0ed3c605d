"""``POST /graphql`` straight to its endpoint, past Starlette's router and exception layer.

Those two do nothing for a GraphQL POST: the endpoint answers every error
itself, foreseen or not, and raises no ``HTTPException``. Skipping them
saves about 9 of the 130 µs the app spent on ``{ __typename }``. Every other
method and path (the GraphiQL page on GET, which builds URLs through the
router, among them) is routed as before.
"""

from __future__ import annotations

from starlette._utils import get_route_path
from starlette.types import ASGIApp, Receive, Scope, Send


class DirectPost:
    """Middleware: ``POST path`` goes to ``endpoint``; anything else to the app it wraps."""

    def __init__(self, app: ASGIApp, *, path: str, endpoint: ASGIApp) -> None:
        self.app = app
        self.path = path
        self.endpoint = endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and get_route_path(scope) == self.path
        ):
            await self.endpoint(scope, receive, send)
        else:
            await self.app(scope, receive, send)
