"""Name a call by its endpoint, not its URL, for observers and metrics.

``GET /Account/1001/Note/7`` becomes ``GET /Account/{id}/Note/{id}``, so
calls to one endpoint count together and no record id (or query string,
which may hold a credential) reaches a metric label.
"""

from __future__ import annotations

import re

_ID_SEGMENT = re.compile(r"/\d+(?=/|\.|$)")


def endpoint_name(method: str, path: str) -> str:
    """``METHOD /path/{id}`` with numeric path segments replaced and any query dropped."""
    return f"{method} {_ID_SEGMENT.sub('/{id}', path.split('?', 1)[0])}"
