"""Access tokens (HS256-signed JWTs) and refresh tokens of the authorization server.

Access tokens are stateless: a resource call checks the signature and
``exp`` only. Refresh tokens are opaque and single-use: a refresh answers
with a new pair and retires the token it used, as OWIN-style servers do.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from upstreams.sandboxing.issued import record

ISSUER = "billing-sandbox"
REFRESH_LIFETIME_SECONDS = 14 * 24 * 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class Grant:
    """What a refresh token stands for."""

    username: str
    client_id: str
    expires: float


@dataclass(frozen=True, slots=True)
class Issued:
    access_token: str
    refresh_token: str
    issued: int
    expires: int
    lifetime: int


class Tokens:
    """Issues and checks tokens with a secret made fresh for each sandbox app."""

    def __init__(self, lifetime_seconds: int, clock: Callable[[], float] = time.time) -> None:
        self.lifetime = lifetime_seconds
        self._clock = clock
        self._secret = secrets.token_bytes(32)
        self._refresh: dict[str, Grant] = {}

    def issue(self, username: str, client_id: str) -> Issued:
        now = self._clock()
        issued = int(now)
        expires = issued + self.lifetime
        claims = {
            "iss": ISSUER,
            "sub": username,
            "unique_name": username,
            "client_id": client_id,
            "jti": str(uuid.uuid4()),
            "iat": issued,
            "nbf": issued,
            "exp": expires,
        }
        refresh = record(secrets.token_urlsafe(32))
        self._forget_expired(now)
        self._refresh[refresh] = Grant(username, client_id, now + REFRESH_LIFETIME_SECONDS)
        return Issued(record(self._sign(claims)), refresh, issued, expires, self.lifetime)

    def redeem(self, refresh_token: str, client_id: str) -> Grant | None:
        """Retire ``refresh_token`` and return its grant, or ``None`` if it is not a live one."""
        grant = self._refresh.pop(refresh_token, None)
        if grant is None or grant.client_id != client_id or grant.expires <= self._clock():
            return None
        return grant

    def check(self, token: str) -> str | None:
        """``None`` for a valid access token, else why it is refused (safe to show a client)."""
        parts = token.split(".")
        if len(parts) != 3:
            return "The access token is malformed."
        try:
            header = json.loads(_unb64(parts[0]))
            claims = json.loads(_unb64(parts[1]))
            signature = _unb64(parts[2])
        except ValueError:
            return "The access token is malformed."
        if not isinstance(header, dict) or header.get("alg") != "HS256":
            return "The access token is malformed."
        if not hmac.compare_digest(signature, self._mac(f"{parts[0]}.{parts[1]}")):
            return "The access token's signature is not valid."
        expires = claims.get("exp") if isinstance(claims, dict) else None
        if not isinstance(expires, int) or self._clock() >= expires:
            return "The access token has expired."
        return None

    def _sign(self, claims: dict[str, Any]) -> str:
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        body = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return f"{header}.{body}.{_b64(self._mac(f'{header}.{body}'))}"

    def _mac(self, signing_input: str) -> bytes:
        return hmac.new(self._secret, signing_input.encode(), hashlib.sha256).digest()

    def _forget_expired(self, now: float) -> None:
        stale = [token for token, grant in self._refresh.items() if grant.expires <= now]
        for token in stale:
            del self._refresh[token]
