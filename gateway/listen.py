"""Where the gateway listens (``[gateway] host`` and ``port``): loopback unless told."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ListenSettings:
    host: str = "127.0.0.1"
    port: int = 8000
