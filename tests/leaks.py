"""Everything the gateway said during the test run, searched for upstream credentials.

``tests/conftest.py`` records every log line of the run; ``running_graph``
wraps each gateway it starts so every response body is recorded too. At the
end of the session none of the sandbox credentials may appear in either: the
configured ones (passwords, keys), and every session id and token a sandbox
of this process issued (``upstreams.sandboxing.issued``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from upstreams.billing import sandbox as billing
from upstreams.invoicexpress import sandbox as invoicexpress
from upstreams.prepaid import sandbox as prepaid
from upstreams.saasu import sandbox as saasu
from upstreams.sandboxing.issued import issued

# Issued credentials are made of these characters (a JWT's parts are joined by
# dots). A leaked one stands in a text as a whole run of them, since what
# surrounds it (=, &, quotes, spaces, tags) is none of them.
RUN = re.compile(r"[A-Za-z0-9_-]{16,}")


@dataclass
class Recording:
    gateways: int = 0
    responses: list[bytes] = field(default_factory=list)
    log_lines: list[str] = field(default_factory=list)


RECORDING = Recording()


def credentials() -> dict[str, str]:
    """The sandboxes' secrets, by where they come from."""
    p, b, s, i = (
        prepaid.SandboxConfig(),
        billing.SandboxConfig(),
        saasu.SandboxConfig(),
        invoicexpress.SandboxConfig(),
    )
    return {
        "prepaid.password": p.password,
        "prepaid.viewer_password": p.viewer_password,
        "billing.password": b.password,
        "saasu.ws_access_key": s.ws_access_key,
        "saasu.password": s.password,
        "invoicexpress.api_key": i.api_key,
    }


def leaks(texts: Iterable[str]) -> list[str]:
    """``where: credential name`` for every credential found in ``texts``."""
    secrets = credentials()
    # The longest dot-free part of each issued credential: a JWT's signature,
    # or the whole of an opaque token.
    made = {max(secret.split("."), key=len): "issued session id or token" for secret in issued()}
    found = []
    for index, text in enumerate(texts):
        for name, secret in secrets.items():
            if secret in text:
                found.append(f"text {index}: {name}")
        for run in set(RUN.findall(text)) & made.keys():
            found.append(f"text {index}: {made[run]}")
    return found


class LineRecorder(logging.Handler):
    """Keeps the formatted text of every record, with its exception if any."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.lines = lines
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a record that cannot format is still text we must see
            self.lines.append(repr(record.msg))


def recording(app: ASGIApp) -> ASGIApp:
    """``app``, with every response body it sends kept in ``RECORDING.responses``."""
    RECORDING.gateways += 1

    async def recorded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        body = bytearray()

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                for name, value in message.get("headers", []):
                    body.extend(name + b": " + value + b"\n")
            if message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    RECORDING.responses.append(bytes(body))
            await send(message)

        await app(scope, receive, keep)

    return recorded
