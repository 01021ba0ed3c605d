"""The HTTP protocol uvicorn serves the gateway with: the fenced door under the server limits."""

from __future__ import annotations

import asyncio
import functools
from typing import cast

from fastpath.uvicorn_door import GuardedHttpToolsProtocol
from gateway.open_connections import OpenConnections
from gateway.protocol.client_watch import SCOPE_KEY, ClientWatch
from gateway.server_limits import ServerLimits


def guarded_protocol(limits: ServerLimits) -> type[asyncio.Protocol]:
    """What to pass uvicorn as ``http``: the protocol class bound to ``limits``.

    A ``functools.partial`` of a module-level class pickles, so ``--workers N``
    hands it to each worker process, where it gets its own connection count.
    Each request's scope carries a ``ClientWatch``, which the endpoint and
    ``InFlight`` read.
    """
    connections: OpenConnections[GuardedHttpToolsProtocol] = OpenConnections(limits.max_connections)
    bound = functools.partial(
        GuardedHttpToolsProtocol,
        limits=limits,
        connections=connections,
        watch=ClientWatch,
        watch_key=SCOPE_KEY,
    )
    # uvicorn calls whatever it is given as the class; a partial is not a ``type``.
    return cast("type[asyncio.Protocol]", bound)
