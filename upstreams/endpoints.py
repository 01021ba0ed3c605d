"""Name a call by its endpoint, not its URL, for observers and metrics; and by its record.

``GET /Account/1001/Note/7`` becomes ``GET /Account/{id}/Note/{id}``, so
calls to one endpoint count together and no record id (or query string,
which may hold a credential) reaches a metric label. The ids taken out
(``1001/7``) name the record the call is about, for the circuit breakers.
"""

from __future__ import annotations

import re

_ID_SEGMENT = re.compile(r"/\d+(?=/|\.|$)")


def endpoint_name(method: str, path: str) -> str:
    """``METHOD /path/{id}`` with numeric path segments replaced and any query dropped."""
    return f"{method} {_ID_SEGMENT.sub('/{id}', path.split('?', 1)[0])}"


def record_of(path: str) -> str | None:
    """The ids ``endpoint_name`` takes out of ``path`` (``1001/7``); ``None`` if there are none."""
    ids = [found.group()[1:] for found in _ID_SEGMENT.finditer(path.split("?", 1)[0])]
    return "/".join(ids) or None
