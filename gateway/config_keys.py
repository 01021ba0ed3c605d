"""Every configuration key: its type, default, and how a bad value is reported.

A key that sets a field of a settings dataclass takes its default from that
field (``defaults_from``, ``declared``): the dataclass is where a default is
written, so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass
from typing import Any

from gateway import config_urls
from gateway.cache_settings import CacheSettings
from gateway.config_error import ConfigError
from gateway.idempotency_settings import IdempotencySettings
from gateway.jwt import JwtSettings
from gateway.limits.settings import LimitSettings
from gateway.listen import ListenSettings
from gateway.persisted_settings import PersistedSettings
from gateway.server_limits import ServerLimits
from resolvers.idempotency import Durability, Idempotency
from upstreams.allowances import AllowanceSettings
from upstreams.client_settings import ClientSettings
from upstreams.daily_cap import reset_offset
from upstreams.invoicexpress.adapter import InvoiceXpressSettings
from upstreams.prepaid.adapter import PrepaidSettings
from upstreams.saasu.adapter import SaasuSettings

__all__ = [
    "CLIENT_KEYS",
    "FORMATS",
    "GATEWAY_KEYS",
    "SECTION_KEYS",
    "UPSTREAM_KEYS",
    "ConfigError",
    "Key",
    "env_name",
]


@dataclass(frozen=True, slots=True)
class Key:
    """One key: ``kind`` is str, int, float, bool, or a tuple of allowed strings.

    ``check`` looks at a converted value's form (a URL's scheme and host, say)
    and raises ``ConfigError`` naming ``where``.
    """

    kind: type | tuple[str, ...]
    default: Any = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    check: Callable[[Any, str], None] | None = None

    def parse(self, raw: Any, where: str, *, from_text: bool = False) -> Any:
        """Check and convert ``raw``; the message never repeats the value (it may be secret)."""
        value = self._convert(raw, where, from_text)
        if self.minimum is not None and value < self.minimum:
            raise ConfigError(where, f"must be at least {self.minimum:g}")
        if self.maximum is not None and value > self.maximum:
            raise ConfigError(where, f"must be at most {self.maximum:g}")
        if self.check is not None:
            self.check(value, where)
        return value

    def _convert(self, raw: Any, where: str, from_text: bool) -> Any:
        if isinstance(self.kind, tuple):
            if raw not in self.kind:
                raise ConfigError(where, f"must be one of {', '.join(self.kind)}")
            return raw
        if self.kind is bool:
            if isinstance(raw, bool):
                return raw
            if from_text and str(raw).lower() in ("true", "false", "1", "0"):
                return str(raw).lower() in ("true", "1")
            raise ConfigError(where, "must be true or false")
        if self.kind is int:
            if isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            if from_text and str(raw).strip().lstrip("-").isdigit():
                return int(raw)
            raise ConfigError(where, "must be a whole number")
        if self.kind is float:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                return float(raw)
            if from_text:
                try:
                    return float(raw)
                except ValueError:
                    pass
            raise ConfigError(where, "must be a number")
        if not isinstance(raw, str) or not raw:
            raise ConfigError(where, "must be a non-empty string")
        return raw


def declared(settings: type[Any], name: str) -> Any:
    """The default the dataclass ``settings`` declares for its field ``name``."""
    for each in dataclasses.fields(settings):
        if each.name != name:
            continue
        if each.default is not MISSING:
            return each.default
        if each.default_factory is not MISSING:
            return each.default_factory()
        raise TypeError(f"{settings.__name__}.{name} declares no default")
    raise TypeError(f"{settings.__name__} has no field {name}")


def defaults_from(settings: type[Any], keys: Mapping[str, Key]) -> dict[str, Key]:
    """``keys``, each one that is not required given the default of its field in ``settings``."""
    return {
        name: key if key.required else dataclasses.replace(key, default=declared(settings, name))
        for name, key in keys.items()
    }


def time_of_day(value: str, where: str) -> None:
    """``HH:MM`` (UTC), as ``upstreams.daily_cap`` reads the day's turn."""
    try:
        reset_offset(value)
    except ValueError as exc:
        raise ConfigError(where, str(exc)) from None


def env_name(upstream: str | None, name: str) -> str:
    """``GATEWAY_PORT`` for a gateway key, ``GATEWAY_SAASU_FILE_ID`` for an upstream's.

    ``upstream`` may also name a section: ``GATEWAY_REDIS_URL``.
    """
    prefix = f"GATEWAY_{upstream.upper()}_" if upstream else "GATEWAY_"
    return prefix + name.upper()


GATEWAY_KEYS: dict[str, Key] = {
    **defaults_from(
        ListenSettings,
        {
            "host": Key(str, check=config_urls.listen_host),
            "port": Key(int, minimum=0, maximum=65535),
        },
    ),
    # Unset: development on the sandboxes, production on real upstreams.
    "mode": Key(("development", "production")),
}

# Sections other than [gateway] and [upstreams.*]: ``[redis]`` is read as
# ``GATEWAY_REDIS_<KEY>`` from the environment. The module that uses a section
# turns its values into its own typed settings.
SECTION_KEYS: dict[str, dict[str, Key]] = {
    "redis": {
        "url": Key(str, check=config_urls.redis_url),
    },
    # Bounds on what one document may ask for; see gateway/limits and docs/security.md.
    "limits": defaults_from(
        LimitSettings,
        {
            "max_depth": Key(int, minimum=1),
            "max_aliases": Key(int, minimum=0),
            "max_tokens": Key(int, minimum=10),
            "max_root_fields": Key(int, minimum=1),
            "max_cost": Key(int, minimum=1),
            "default_page_size": Key(int, minimum=1),
            "max_batch": Key(int, minimum=1),
            "request_timeout": Key(float, minimum=0.01),
            "max_expanded_selections": Key(int, minimum=1),
            "max_node_ids": Key(int, minimum=1),
            "max_entity_representations": Key(int, minimum=1),
            "document_cache_max_bytes": Key(int, minimum=0),
        },
    ),
    # Persisted operations; see gateway/persisted.py. The Redis store uses [redis] url.
    "persisted": defaults_from(
        PersistedSettings,
        {
            "mode": Key(("off", "apq", "trusted")),
            "store": Key(("memory", "redis")),
            "manifest": Key(str),
            "ttl_seconds": Key(int, minimum=1),
            "max_document_bytes": Key(int, minimum=1),
            "memory_max_bytes": Key(int, minimum=0),
        },
    ),
    # Callers; see gateway/auth.py. Secrets (jwt_secret, api_keys) belong in the environment.
    "auth": {
        # Unset: open on the sandboxes; with real upstreams it must be written out.
        "mode": Key(("open", "required")),
        "api_keys": Key(str),
        "api_keys_file": Key(str),
        "jwt_algorithm": Key(("HS256", "RS256")),
        "jwt_secret": Key(str),
        "jwt_public_key": Key(str),
        "jwt_public_key_file": Key(str),
        "jwt_issuer": Key(str),
        "jwt_audience": Key(str),
        "jwt_leeway_seconds": Key(
            float, default=declared(JwtSettings, "leeway_seconds"), minimum=0
        ),
        "roles_claim": Key(str, default=declared(JwtSettings, "roles_claim")),
    },
    # Browser origins allowed to read answers: comma-separated, exact (scheme://host:port).
    "cors": {
        "origins": Key(str, check=config_urls.origins),
    },
    # Keys of money-moving mutations; see resolvers/idempotency.py and docs/security.md.
    "idempotency": {
        **defaults_from(
            IdempotencySettings,
            {
                "store": Key(("memory", "redis")),
                "ttl_seconds": Key(float, minimum=1),
                "store_timeout_seconds": Key(float, minimum=0.01),
                "allow_volatile": Key(bool),
            },
        ),
        **defaults_from(
            Idempotency,
            {
                "wait_seconds": Key(float, minimum=0),
                "poll_seconds": Key(float, minimum=0.001),
                "lease_seconds": Key(float, minimum=0.1),
                "fence_wait_seconds": Key(float, minimum=0),
            },
        ),
        "durability_check_seconds": Key(
            float, default=declared(Durability, "every_seconds"), minimum=0
        ),
    },
    "server": {
        "workers": Key(int, default=1, minimum=1),
        "shutdown_timeout": Key(float, default=10.0, minimum=0),
        "gc_young_threshold": Key(int, default=50_000, minimum=700),
        # Memory given back after bursts (gateway/reclaim.py); an interval of 0 turns it off.
        "reclaim_interval": Key(float, default=10.0, minimum=0, maximum=3600),
        "reclaim_growth": Key(int, default=16_777_216, minimum=1_048_576),
        # The HTTP door's bounds per connection and per worker; see gateway/server_limits.py.
        **defaults_from(
            ServerLimits,
            {
                "max_header_bytes": Key(int, minimum=1024, maximum=16_777_216),
                "header_timeout": Key(float, minimum=0.1, maximum=3600),
                "body_timeout": Key(float, minimum=0.1, maximum=3600),
                "idle_timeout": Key(float, minimum=0.1, maximum=3600),
            },
        ),
        # Unset: what the open-file limit leaves room for, at most 1024.
        "max_connections": Key(int, default=None, minimum=1, maximum=1_000_000),
        **defaults_from(ServerLimits, {"max_in_flight": Key(int, minimum=1, maximum=1_000_000)}),
    },
    "logging": {
        "level": Key(("debug", "info", "warning", "error"), default="info"),
        # Unset: text when stderr is a terminal, JSON otherwise (gateway/logging_json.py).
        "format": Key(("json", "text")),
    },
    "health": {
        "probe_timeout": Key(float, default=1.0, minimum=0.01),
        "probe_interval": Key(float, default=10.0, minimum=0),
    },
    "metrics": {
        "enabled": Key(bool, default=True),
        "max_operation_names": Key(int, default=100, minimum=1),
    },
    "tracing": {
        "enabled": Key(bool, default=False),
        "service_name": Key(str, default="graph-gateway"),
        "exporter": Key(("otlp", "console"), default="otlp"),
    },
    # How many processes share the upstreams' rates and daily caps; see upstreams/allowances.py.
    "budgets": defaults_from(
        AllowanceSettings,
        {
            "replicas": Key(int, minimum=1, maximum=10000),
            "store_timeout_seconds": Key(float, minimum=0.01, maximum=10),
        },
    ),
    "cache": defaults_from(
        CacheSettings,
        {
            "store": Key(("off", "memory", "redis")),
            "max_entries": Key(int, minimum=1),
            "max_bytes": Key(int, minimum=0),
            "ttl_account_read": Key(float, minimum=0),
            "ttl_account_invoice_read": Key(float, minimum=0),
            "ttl_billing_account_read": Key(float, minimum=0),
            "ttl_billing_account_detail_read": Key(float, minimum=0),
            "ttl_saasu_account_read": Key(float, minimum=0),
            "ttl_invoicexpress_account_read": Key(float, minimum=0),
        },
    ),
}

CLIENT_KEYS: dict[str, Key] = {
    "base_url": Key(str, required=True, check=config_urls.http_url),
    **defaults_from(
        ClientSettings,
        {
            "connect_timeout": Key(float, minimum=0.001),
            "read_timeout": Key(float, minimum=0.001),
            "write_timeout": Key(float, minimum=0.001),
            "pool_timeout": Key(float, minimum=0.001),
            "max_connections": Key(int, minimum=1),
            "max_keepalive_connections": Key(int, minimum=0),
            "keepalive_expiry": Key(float, minimum=0),
            "rate_per_second": Key(float, minimum=0.001),
            "burst": Key(int, minimum=1),
            # Resilience: a call's whole budget (attempts, backoff, queueing), retries of
            # reads only, the circuit breaker, and a cap on calls in flight.
            "total_timeout": Key(float, minimum=0.01, maximum=600),
            "read_retries": Key(int, minimum=0, maximum=10),
            "retry_backoff_seconds": Key(float, minimum=0, maximum=60),
            "retry_backoff_max_seconds": Key(float, minimum=0, maximum=600),
            "breaker_failures": Key(int, minimum=1, maximum=10000),
            "breaker_reset_seconds": Key(float, minimum=0.01, maximum=3600),
            "max_concurrency": Key(int, minimum=1, maximum=100000),
            # Calls a day (unset: no cap; Saasu defaults to its plans' smallest), the day
            # turning at daily_reset UTC; see upstreams/daily_cap.py.
            "daily_cap": Key(int, minimum=1),
            "daily_reset": Key(str, check=time_of_day),
            "max_answer_bytes": Key(int, minimum=1),
        },
    ),
}

FORMATS = ("json", "xml")

UPSTREAM_KEYS: dict[str, dict[str, Key]] = {
    "prepaid": {
        "username": Key(str, required=True),
        "password": Key(str, required=True),
        "session_idle_seconds": Key(
            float, default=declared(PrepaidSettings, "session_idle_seconds"), minimum=1
        ),
    },
    "billing": {
        "username": Key(str, required=True),
        "password": Key(str, required=True),
        "client_id": Key(str, required=True),
    },
    "saasu": {
        "file_id": Key(int, required=True, minimum=1),
        "format": Key(FORMATS, default=declared(SaasuSettings, "format")),
        "ws_access_key": Key(str),
        "username": Key(str),
        "password": Key(str),
    },
    "invoicexpress": {
        "api_key": Key(str, required=True),
        "format": Key(FORMATS, default=declared(InvoiceXpressSettings, "format")),
        "account_id": Key(int, required=True, minimum=1),
    },
}
