"""Serving the allow-listed assets: long-cached, revalidated by ETag.

The page names every asset with ``?v=<its hash>``, so a changed file gets a new
URL and a browser may keep each one for a year without asking again.
"""

from __future__ import annotations

from functools import cache

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from gateway.graphiql.assets import Assets, load_assets

ASSET_ROUTE = "graphiql_asset"
CACHE_FOREVER = "public, max-age=31536000, immutable"


@cache
def assets() -> Assets:
    """The assets, read once per process: they are large and never change while it runs."""
    return load_assets()


def asset_url(request: Request, name: str) -> str:
    """The path the page loads ``name`` from, versioned by its content."""
    path = request.url_for(ASSET_ROUTE, name=name).path
    version = assets().files[name].etag.strip('"')[:16]
    return f"{path}?v={version}"


async def serve_asset(request: Request) -> Response:
    asset = assets().files.get(request.path_params["name"])
    if asset is None:
        return PlainTextResponse("Not Found", status_code=404)
    headers = {
        "ETag": asset.etag,
        "Cache-Control": CACHE_FOREVER,
        "X-Content-Type-Options": "nosniff",
    }
    if asset.etag in _etags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.content_type, headers=headers)


def _etags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header, weak ones compared as strong."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


def asset_routes() -> list[BaseRoute]:
    """``/graphiql/<name>`` for each allow-listed name; reads the files now, not on a request."""
    assets()
    return [Route("/graphiql/{name}", serve_asset, methods=["GET"], name=ASSET_ROUTE)]
