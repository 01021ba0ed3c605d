"""The door's settings from configuration: limits, callers, persisted queries, CORS.

Kept apart from ``server`` so that building them (reading key files, PEM
files, the trusted manifest) is one job with one place to look.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.auth import AuthSettings
from gateway.config import GatewayConfig
from gateway.config_keys import ConfigError
from gateway.limits import LimitSettings
from gateway.persisted import DocumentStore, MemoryDocumentStore, PersistedQueries, read_manifest
from gateway.persisted_redis import RedisDocumentStore
from gateway.persisted_settings import PersistedSettings
from gateway.section_values import settings_from


@dataclass(frozen=True, slots=True)
class Door:
    """Everything ``create_app`` needs beyond the upstreams and the mode."""

    limits: LimitSettings
    auth: AuthSettings
    persisted: PersistedQueries
    cors_origins: tuple[str, ...]

    def app_options(self) -> dict[str, Any]:
        return {
            "limits": self.limits,
            "auth": self.auth,
            "persisted": self.persisted,
            "cors_origins": self.cors_origins,
        }


def door(config: GatewayConfig) -> Door:
    """Raises ``ConfigError`` for a setting that cannot work (e.g. Redis without a URL)."""
    persisted = settings_from(PersistedSettings, config.section("persisted"))
    # A trusted manifest is the operator's and must be kept whole; APQ entries are callers'.
    store: DocumentStore = (
        MemoryDocumentStore(size=None, max_bytes=None)
        if persisted.mode == "trusted"
        else MemoryDocumentStore(max_bytes=persisted.memory_max_bytes)
    )
    if persisted.store == "redis":
        url = config.section("redis")["url"]
        if not url:
            raise ConfigError("redis.url", "is required with persisted.store = redis")
        store = RedisDocumentStore(url, ttl_seconds=persisted.ttl_seconds)
    manifest: dict[str, str] = {}
    if persisted.mode == "trusted":
        if not persisted.manifest:
            raise ConfigError("persisted.manifest", "is required with persisted.mode = trusted")
        manifest = read_manifest(Path(persisted.manifest))
    origins = config.section("cors")["origins"] or ""
    return Door(
        limits=LimitSettings.from_section(config.section("limits")),
        auth=AuthSettings.from_section(config.section("auth")),
        persisted=PersistedQueries(store, persisted, manifest=manifest),
        cors_origins=tuple(origin.strip() for origin in origins.split(",") if origin.strip()),
    )
