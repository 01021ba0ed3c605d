"""What every sandbox shares: switches, fault injection, call counts, serving.

A sandbox is a Starlette app that behaves as one upstream's documented API.
This package wraps such an app with the parts that are the same for all four
and belong to no upstream's wire format:

- ``Switches``: added latency (fixed plus jitter), a share of 5xx answers,
  hangs past the client's timeout, 429 with Retry-After, malformed bodies,
  and the vendor's published rate limit; settable at start and while running.
- a call count per endpoint, of each kind of fault served, and a log of
  when each call arrived, readable by tests and benchmarks;
- control routes under ``/_sandbox/`` (never counted, never faulted):
  ``GET|PATCH /_sandbox/switches``, ``GET|DELETE /_sandbox/calls``,
  ``GET /_sandbox/faults`` (faults served by kind, reset with the calls),
  ``GET /_sandbox/log`` (when each call arrived, its endpoint, and whether
  the vendor's rate limit refused it; reset with the calls);
- ``serve_in_thread`` / ``start_server`` to run an app with uvicorn on loopback;
- ``issued``: every session id and token the sandboxes of this process made,
  for the test run's credential-leak check.

Nothing here parses or writes an upstream's bodies, except the generic
``truncate`` and ``schema`` breakers, which only damage what the app wrote.
"""

from upstreams.sandboxing.app import build_sandbox
from upstreams.sandboxing.ratelimit import VendorLimit
from upstreams.sandboxing.serve import RunningServer, serve_in_thread, start_server
from upstreams.sandboxing.state import SandboxState
from upstreams.sandboxing.switches import Switches
from upstreams.sandboxing.world import World

__all__ = [
    "RunningServer",
    "SandboxState",
    "Switches",
    "VendorLimit",
    "World",
    "build_sandbox",
    "serve_in_thread",
    "start_server",
]
