"""Persisted operations' settings (``[persisted]``): APQ in memory unless chosen.

Kept apart from ``gateway/persisted.py``, which reports configuration errors
and so sits above the configuration keys that read these defaults.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PersistedSettings:
    mode: str = "apq"
    store: str = "memory"
    manifest: str | None = None
    # Unset: Redis keeps a registered document until it is evicted.
    ttl_seconds: int | None = None
    # Larger APQ registrations are refused before they are hashed.
    max_document_bytes: int = 100_000
    # The in-memory store's bound on what its documents weigh together.
    memory_max_bytes: int = 16 * 1024 * 1024
