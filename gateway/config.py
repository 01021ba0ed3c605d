"""The gateway's configuration: one TOML file plus ``GATEWAY_*`` environment overrides.

With nothing configured, the gateway runs on its embedded sandboxes
(``upstreams`` is ``None``). As soon as any upstream key is given, it serves
production: every upstream must then be configured, and no sandbox starts.

File layout::

    [gateway]
    host = "127.0.0.1"
    port = 8000

    [upstreams.prepaid]
    base_url = "https://api.example.com"
    username = "..."
    password = "..."

Every key has an environment twin, which wins over the file:
``GATEWAY_HOST``, ``GATEWAY_PORT``, ``GATEWAY_<UPSTREAM>_<KEY>`` (for example
``GATEWAY_PREPAID_PASSWORD``, ``GATEWAY_SAASU_FILE_ID``). Errors name the key
and say what would be right; they never repeat a value, which may be secret.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.config_keys import (
    CLIENT_KEYS,
    GATEWAY_KEYS,
    SECTION_KEYS,
    UPSTREAM_KEYS,
    ConfigError,
    Key,
    env_name,
)
from gateway.section_values import settings_from
from upstreams.billing.adapter import BillingSettings
from upstreams.client_settings import ClientSettings
from upstreams.invoicexpress import adapter as invoicexpress_adapter
from upstreams.invoicexpress.adapter import InvoiceXpressSettings
from upstreams.prepaid.adapter import PrepaidSettings
from upstreams.saasu import adapter as saasu_adapter
from upstreams.saasu.adapter import SaasuSettings

__all__ = ["ConfigError", "GatewayConfig", "UpstreamSettings", "load_config"]


@dataclass(frozen=True, slots=True)
class UpstreamSettings:
    """Settings of the four adapters, and which InvoiceXpress account is ours."""

    prepaid: PrepaidSettings
    billing: BillingSettings
    saasu: SaasuSettings
    invoicexpress: InvoiceXpressSettings
    invoicing_account_id: int


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    """Where the gateway listens and which upstreams it talks to (``None``: the sandboxes)."""

    host: str
    port: int
    upstreams: UpstreamSettings | None = None
    mode_setting: str | None = None
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def mode(self) -> str:
        """``development`` (introspection, suggestions, GraphiQL) or ``production``.

        Unset, it follows the upstreams: the sandboxes are development, real
        upstreams are production.
        """
        if self.mode_setting is not None:
            return self.mode_setting
        return "development" if self.upstreams is None else "production"

    @property
    def production(self) -> bool:
        return self.mode == "production"

    def section(self, name: str) -> Mapping[str, Any]:
        """The values of section ``[name]``, defaults filled in (see ``SECTION_KEYS``)."""
        if name in self.sections:
            return self.sections[name]
        return {key_name: key.default for key_name, key in SECTION_KEYS[name].items()}


def load_config(
    path: Path | None = None, environ: Mapping[str, str] | None = None
) -> GatewayConfig:
    """Read ``path`` (if given) and the ``GATEWAY_*`` variables; raise ``ConfigError``."""
    environ = environ if environ is not None else {}
    document = _read_file(path) if path is not None else {}
    _reject_unknown(document, environ)
    gateway_table = document.get("gateway", {})
    gateway = {
        name: _value(f"gateway.{name}", key, gateway_table.get(name), environ)
        for name, key in GATEWAY_KEYS.items()
    }
    tables = document.get("upstreams", {})
    given = {
        upstream
        for upstream in UPSTREAM_KEYS
        if tables.get(upstream)
        or any(
            env_name(upstream, name) in environ
            for name in {**UPSTREAM_KEYS[upstream], **CLIENT_KEYS}
        )
    }
    upstreams = None
    if given:
        _check_written(tables, environ)
        missing = sorted(set(UPSTREAM_KEYS) - given)
        if missing:
            raise ConfigError(
                f"upstreams.{missing[0]}",
                "is not configured; with any upstream configured, all four must be "
                f"(missing: {', '.join(missing)}). Leave every upstream out to run the sandboxes.",
            )
        upstreams = _settings(
            {u: _upstream_values(u, tables.get(u, {}), environ) for u in UPSTREAM_KEYS}
        )
    sections = {
        section: {
            name: _value(
                f"{section}.{name}", key, document.get(section, {}).get(name), environ, section
            )
            for name, key in keys.items()
        }
        for section, keys in SECTION_KEYS.items()
    }
    if upstreams is not None and sections["auth"]["mode"] is None:
        # Real upstreams move real money: who may call is never left to a default.
        raise ConfigError(
            "auth.mode",
            'must be set with real upstreams: "required" (callers need an API key or a token), '
            'or "open" (anyone who can reach the port may query and move money), '
            f"in [auth] or {env_name('auth', 'mode')}",
        )
    if sections["idempotency"]["store"] == "redis" and sections["redis"]["url"] is None:
        raise ConfigError(
            "redis.url", f"is required when idempotency.store is redis ({env_name('redis', 'url')})"
        )
    if sections["cache"]["store"] == "redis" and sections["redis"]["url"] is None:
        raise ConfigError(
            "cache.store",
            "is redis but redis.url is not set: set redis.url (GATEWAY_REDIS_URL) "
            'or use store = "memory"',
        )
    return GatewayConfig(
        host=gateway["host"],
        port=gateway["port"],
        upstreams=upstreams,
        mode_setting=gateway["mode"],
        sections=sections,
    )


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(str(path), "does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"is not valid TOML: {exc}") from None


def _reject_unknown(document: Mapping[str, Any], environ: Mapping[str, str]) -> None:
    for section in document:
        if section not in ("gateway", "upstreams", *SECTION_KEYS):
            raise ConfigError(
                section,
                "is not a known section; expected [gateway], [upstreams.*] or one of "
                + ", ".join(f"[{name}]" for name in SECTION_KEYS),
            )
    for section, keys in {"gateway": GATEWAY_KEYS, **SECTION_KEYS}.items():
        table = document.get(section, {})
        if not isinstance(table, Mapping):
            raise ConfigError(section, "must be a table")
        for name in table:
            if name not in keys:
                raise ConfigError(f"{section}.{name}", _known(section, keys))
    for upstream, table in document.get("upstreams", {}).items():
        if upstream not in UPSTREAM_KEYS:
            raise ConfigError(
                f"upstreams.{upstream}",
                f"is not a known upstream; expected one of {', '.join(UPSTREAM_KEYS)}",
            )
        keys = {**UPSTREAM_KEYS[upstream], **CLIENT_KEYS}
        for name in table:
            if name not in keys:
                raise ConfigError(f"upstreams.{upstream}.{name}", _known(upstream, keys))
    known_env = (
        {env_name(None, name) for name in GATEWAY_KEYS}
        | {env_name(section, name) for section, keys in SECTION_KEYS.items() for name in keys}
        | {
            env_name(upstream, name)
            for upstream, keys in UPSTREAM_KEYS.items()
            for name in {**keys, **CLIENT_KEYS}
        }
    )
    for variable in environ:
        if variable.startswith("GATEWAY_") and variable not in known_env:
            raise ConfigError(variable, "is not a known setting; see the configuration reference")


def _check_written(tables: Mapping[str, Mapping[str, Any]], environ: Mapping[str, str]) -> None:
    """Check every value the file and environment give before asking for what they lack."""
    for upstream, table in sorted(tables.items()):
        for name, raw in table.items():
            if env_name(upstream, name) not in environ:
                {**UPSTREAM_KEYS[upstream], **CLIENT_KEYS}[name].parse(
                    raw, f"upstreams.{upstream}.{name}"
                )
    for upstream, keys in UPSTREAM_KEYS.items():
        for name, key in {**keys, **CLIENT_KEYS}.items():
            variable = env_name(upstream, name)
            if variable in environ:
                key.parse(environ[variable], variable, from_text=True)


def _known(where: str, keys: Mapping[str, Key]) -> str:
    return f"is not a known key of {where}; expected one of {', '.join(sorted(keys))}"


def _upstream_values(
    upstream: str, table: Mapping[str, Any], environ: Mapping[str, str]
) -> dict[str, Any]:
    keys = {**UPSTREAM_KEYS[upstream], **CLIENT_KEYS}
    return {
        name: _value(f"upstreams.{upstream}.{name}", key, table.get(name), environ, upstream)
        for name, key in keys.items()
    }


def _value(
    where: str,
    key: Key,
    from_file: Any,
    environ: Mapping[str, str],
    upstream: str | None = None,
) -> Any:
    variable = env_name(upstream, where.rsplit(".", 1)[-1])
    if variable in environ:
        return key.parse(environ[variable], variable, from_text=True)
    if from_file is not None:
        return key.parse(from_file, where)
    if key.required:
        raise ConfigError(where, f"is required: set it in the file or in {variable}")
    return key.default


def _client(
    values: Mapping[str, Any],
    default_rate: float | None = None,
    default_daily_cap: int | None = None,
) -> ClientSettings:
    rate = values["rate_per_second"]
    daily_cap = values["daily_cap"]
    return settings_from(
        ClientSettings,
        values,
        rate_per_second=rate if rate is not None else default_rate,
        daily_cap=daily_cap if daily_cap is not None else default_daily_cap,
    )


def _settings(values: Mapping[str, Mapping[str, Any]]) -> UpstreamSettings:
    prepaid, billing, saasu, invoicexpress = (
        values["prepaid"],
        values["billing"],
        values["saasu"],
        values["invoicexpress"],
    )
    if (saasu["ws_access_key"] is None) == (saasu["username"] is None):
        raise ConfigError(
            "upstreams.saasu",
            "needs exactly one way to authenticate: ws_access_key, or username and password",
        )
    if saasu["username"] is not None and saasu["password"] is None:
        raise ConfigError("upstreams.saasu.password", "is required with username")
    return UpstreamSettings(
        prepaid=PrepaidSettings(
            client=_client(prepaid),
            username=prepaid["username"],
            password=prepaid["password"],
            session_idle_seconds=prepaid["session_idle_seconds"],
        ),
        billing=BillingSettings(
            client=_client(billing),
            username=billing["username"],
            password=billing["password"],
            client_id=billing["client_id"],
        ),
        saasu=SaasuSettings(
            client=_client(
                saasu,
                default_rate=saasu_adapter.RATE_PER_SECOND,
                default_daily_cap=saasu_adapter.DAILY_CAP,
            ),
            file_id=saasu["file_id"],
            format=saasu["format"],
            ws_access_key=saasu["ws_access_key"],
            username=saasu["username"],
            password=saasu["password"],
        ),
        invoicexpress=InvoiceXpressSettings(
            client=_client(invoicexpress, default_rate=invoicexpress_adapter.RATE_PER_SECOND),
            api_key=invoicexpress["api_key"],
            format=invoicexpress["format"],
        ),
        invoicing_account_id=invoicexpress["account_id"],
    )
