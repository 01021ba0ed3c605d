"""GraphiQL's HTML page: markup only, so its Content-Security-Policy can be strict.

Everything runs from our own origin: the vendor bundles, our boot script (the
page holds no inline script or style), the example tabs (fetched as JSON) and
the operations the user runs. Fonts and icons in GraphiQL's CSS are ``data:``
URIs, hence ``data:`` for fonts and images.

One addition to a bare ``style-src 'self'``: GraphiQL's dialogs (settings,
shortcuts) lock scrolling by adding a ``<style>`` element, which the browser
would refuse. That code stamps the element with ``__webpack_nonce__`` when
set, so each response carries a fresh nonce that the boot script hands over;
only style elements with it are allowed, never style attributes, and scripts
stay ``'self'`` only.
"""

from __future__ import annotations

import secrets
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from gateway.graphiql.routes import asset_url, assets


def content_security_policy(style_nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{style_nonce}'",
            "connect-src 'self'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · graph gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{graphiql_css}">
<link rel="stylesheet" href="{page_css}">
<script src="{react}" defer></script>
<script src="{react_dom}" defer></script>
<script src="{graphiql}" defer></script>
<script src="{boot}" defer></script>
</head>
<body>
<div id="graphiql" data-endpoint="{endpoint}" data-examples="{examples}"
 data-style-nonce="{nonce}">Loading GraphiQL…</div>
</body>
</html>
"""


MISSING_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
"""The page without GraphiQL loads nothing at all."""

MISSING = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>GraphiQL · graph gateway</title>
<link rel="icon" href="data:,">
</head>
<body>
<h1>GraphiQL is not installed here</h1>
<p>{problem}</p>
<p>The graph itself answers at this address: POST a query to it.</p>
</body>
</html>
"""


async def graphiql_page(request: Request) -> Response:
    """The page for ``GET`` of the GraphQL endpoint by a browser; it posts to that same path.

    Without GraphiQL's files, a page that says how to install them instead.
    """
    missing = assets().missing
    if missing is not None:
        headers = {"Content-Security-Policy": MISSING_POLICY, **SECURITY_HEADERS}
        return HTMLResponse(MISSING.format(problem=escape(missing)), headers=headers)
    urls = {
        "graphiql_css": "graphiql.css",
        "page_css": "page.css",
        "react": "react.js",
        "react_dom": "react-dom.js",
        "graphiql": "graphiql.js",
        "boot": "boot.js",
        "examples": "examples.json",
    }
    values = {key: escape(asset_url(request, name)) for key, name in urls.items()}
    nonce = secrets.token_urlsafe(18)
    html = TEMPLATE.format(endpoint=escape(request.url.path), nonce=nonce, **values)
    headers = {"Content-Security-Policy": content_security_policy(nonce), **SECURITY_HEADERS}
    return HTMLResponse(html, headers=headers)
