"""The four sandboxes in a process of their own (``python -m bench.sandbox_process``).

Apart from the gateway so that the gateway's CPU time is its own. Prints one
JSON line of base URLs, then serves until stdin closes.
"""

from __future__ import annotations

import asyncio
import json
import sys

from gateway.sandboxes import start_sandboxes
from gateway.server import run_on_fast_loop


async def _serve() -> None:
    sandboxes = await start_sandboxes()
    urls = {name: server.base_url for name, server in sandboxes.servers.items()}
    print(json.dumps(urls), flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    await sandboxes.aclose()


if __name__ == "__main__":
    run_on_fast_loop(_serve())
