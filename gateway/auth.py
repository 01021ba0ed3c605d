"""Who is calling: API keys and JWT bearer tokens, mapped to roles.

Mode ``open`` (the sandbox default) lets a caller without credentials in with
every role; mode ``required`` answers it 401. Credentials that are presented
are always checked, in either mode: a wrong key is never silently "anonymous".

Roles: ``read`` may run queries, ``write`` may run queries and mutations;
``admin`` adds the operators' fields (top-ups in doubt), on top of ``read``
to list and ``write`` to settle. Open mode's anonymous caller is never admin.
Credentials travel only in headers (``Authorization: Bearer``, ``X-API-Key``),
never in cookies, so a browser never attaches them to a cross-site request:
that is what makes cross-site request forgery pointless here.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import OperationType
from starlette.requests import Request

from gateway.config_keys import ConfigError
from gateway.jwt import JwtSettings, JwtVerifier, TokenRejected
from gateway.protocol.execution import Admission, Gate, Outcome, request_error
from gateway.protocol.params import RequestError

READ = "read"
WRITE = "write"
ADMIN = "admin"
CHALLENGE = 'Bearer realm="graphql", ApiKey realm="graphql"'


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated (or, in open mode, anonymous) caller and its roles."""

    name: str
    roles: frozenset[str]


ANONYMOUS = Caller("anonymous", frozenset({READ, WRITE}))


@dataclass(frozen=True, slots=True)
class AuthSettings:
    """``api_keys`` maps the sha256 hex digest of a key to its caller."""

    mode: str = "open"
    api_keys: Mapping[str, Caller] = field(default_factory=dict)
    jwt: JwtSettings | None = None

    @property
    def open(self) -> bool:
        return self.mode == "open"

    @classmethod
    def from_section(cls, values: Mapping[str, Any]) -> AuthSettings:
        """From ``[auth]``; key files and PEM files are read here, once."""
        keys: dict[str, Caller] = {}
        if values.get("api_keys_file"):
            keys.update(_keys_file(Path(values["api_keys_file"])))
        if values.get("api_keys"):
            keys.update(_plain_keys(values["api_keys"]))
        return cls(
            mode=values.get("mode") or "open", api_keys=keys, jwt=JwtSettings.from_section(values)
        )


def digest(key: str) -> str:
    """What the key file stores instead of the key."""
    return hashlib.sha256(key.encode()).hexdigest()


class Authenticator:
    """Turns a request's headers into a ``Caller``; refuses with 401 ``UNAUTHENTICATED``."""

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        self.verifier = JwtVerifier(settings.jwt) if settings.jwt is not None else None

    def caller(self, request: Request) -> Caller:
        authorization = request.headers.get("authorization")
        api_key = request.headers.get("x-api-key")
        if authorization is not None:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip() or self.verifier is None:
                raise _unauthenticated("The Authorization header is not an accepted bearer token")
            try:
                subject, roles = self.verifier.verify(token.strip())
            except TokenRejected as rejected:
                raise _unauthenticated(f"The bearer token is not accepted: {rejected}") from None
            return Caller(subject, roles)
        if api_key is not None:
            caller = self.settings.api_keys.get(digest(api_key.strip()))
            if caller is None:
                raise _unauthenticated("The API key is not known")
            return caller
        if self.settings.open:
            return ANONYMOUS
        raise _unauthenticated("This graph needs an API key or a bearer token")

    def gates(self, request: Request) -> list[Gate]:
        """The request's caller, as a gate that checks each operation's type against its roles.

        Raises ``RequestError`` (401) when the request has no acceptable credentials.
        """
        caller = self.caller(request)
        state = request.state
        state.caller = caller.name
        state.identity = None if caller is ANONYMOUS else caller.name
        state.roles = caller.roles
        return [Authorise(caller)]


@dataclass(frozen=True, slots=True)
class Authorise:
    """Mutations need ``write``; queries need ``read`` or ``write``."""

    caller: Caller

    def __call__(self, admission: Admission) -> Outcome | None:
        kind = admission.operation.operation
        needed = {WRITE} if kind is OperationType.MUTATION else {READ, WRITE}
        if needed & self.caller.roles:
            return None
        role = WRITE if kind is OperationType.MUTATION else READ
        return request_error(
            403, "FORBIDDEN", f"This caller may not run a {kind.value}: it needs the role {role}"
        )


def _unauthenticated(message: str) -> RequestError:
    return RequestError(401, "UNAUTHENTICATED", message, {"WWW-Authenticate": CHALLENGE})


def _roles(raw: Any, where: str) -> frozenset[str]:
    if isinstance(raw, str):
        raw = raw.replace("+", " ").split()
    if not isinstance(raw, list) or not all(isinstance(role, str) for role in raw):
        raise ConfigError(where, "must list role names")
    return frozenset(raw)


def _keys_file(path: Path) -> dict[str, Caller]:
    """``[[keys]]`` tables with ``name``, ``roles`` and ``sha256`` (the key's hex digest)."""
    try:
        document = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        raise ConfigError("auth.api_keys_file", "is not a readable TOML file") from None
    keys: dict[str, Caller] = {}
    for index, entry in enumerate(document.get("keys", [])):
        where = f"auth.api_keys_file keys[{index}]"
        hexdigest = entry.get("sha256")
        if not isinstance(hexdigest, str) or len(hexdigest) != 64:
            raise ConfigError(where, "needs sha256, the key's 64-digit hex digest")
        name = str(entry.get("name") or f"key-{hexdigest[:8]}")
        keys[hexdigest.lower()] = Caller(name, _roles(entry.get("roles"), where))
    return keys


def _plain_keys(spec: str) -> dict[str, Caller]:
    """``key:read+write,key2:read`` (for the environment, ``GATEWAY_AUTH_API_KEYS``).

    Each caller is named by its key's digest, not its place in the list:
    idempotency keys are scoped to the caller's name, so reordering the list
    must not hand one caller's keys to another.
    """
    keys: dict[str, Caller] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        key, _, roles = item.partition(":")
        if not key or not roles:
            raise ConfigError("auth.api_keys", "must be key:role+role entries separated by commas")
        hexdigest = digest(key)
        keys[hexdigest] = Caller(f"key-{hexdigest[:12]}", _roles(roles, "auth.api_keys"))
    return keys
