"""``POST /graphql`` straight to its endpoint, past all of Starlette.

Starlette's layers (its error layer, router and exception layer) do nothing
for a GraphQL POST: the endpoint answers every error itself, foreseen or
not, and raises no ``HTTPException``; skipping them is a measurable share of
a small query's time. Every other method and path (the GraphiQL page on GET,
which builds URLs through the router, among them) goes to the Starlette app
this wraps.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class DirectPost:
    """Middleware: ``POST path`` goes to ``endpoint``; anything else to the app it wraps."""

    def __init__(self, app: ASGIApp, *, path: str, endpoint: ASGIApp) -> None:
        self.app = app
        self.path = path
        self.endpoint = endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and route_path(scope) == self.path:
            await self.endpoint(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def route_path(scope: Scope) -> str:
    """The path the router matches: ``path`` without the ``root_path`` the app is mounted at.

    As Starlette's router computes it, from the ASGI scope's documented keys.
    """
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if not root_path or not path.startswith(root_path):
        return path
    if path == root_path:
        return ""
    if path[len(root_path)] == "/":
        return path[len(root_path) :]
    return path
