"""Verifying JWT bearer tokens with PyJWT: signature, issuer, audience, expiry.

PyJWT (with ``cryptography`` for RS256) is used because token verification is
easy to get subtly wrong (algorithm confusion, missing claims, clock leeway);
here only the configured algorithm is accepted, and ``exp``, ``iss`` and
``aud`` are required.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt

from gateway.config_error import ConfigError


class TokenRejected(Exception):
    """Why a token is refused, in words safe to show its bearer."""


@dataclass(frozen=True, slots=True)
class JwtSettings:
    """``key`` is the HS256 secret or the RS256 public key in PEM."""

    algorithm: str
    key: str
    issuer: str
    audience: str
    roles_claim: str = "roles"
    leeway_seconds: float = 0.0

    @classmethod
    def from_section(cls, values: Mapping[str, Any]) -> JwtSettings | None:
        algorithm = values.get("jwt_algorithm")
        if algorithm is None:
            return None
        if algorithm == "HS256":
            key = values.get("jwt_secret")
            if not key:
                raise ConfigError("auth.jwt_secret", "is required with jwt_algorithm HS256")
        else:
            key = values.get("jwt_public_key")
            path = values.get("jwt_public_key_file")
            if path and not key:
                try:
                    key = Path(path).read_text()
                except OSError:
                    raise ConfigError("auth.jwt_public_key_file", "cannot be read") from None
            if not key:
                raise ConfigError(
                    "auth.jwt_public_key", "(or jwt_public_key_file) is required with RS256"
                )
        for name in ("jwt_issuer", "jwt_audience"):
            if not values.get(name):
                raise ConfigError(f"auth.{name}", "is required with jwt_algorithm")
        return cls(
            algorithm=algorithm,
            key=key,
            issuer=values["jwt_issuer"],
            audience=values["jwt_audience"],
            roles_claim=values.get("roles_claim") or "roles",
            leeway_seconds=values.get("jwt_leeway_seconds") or 0.0,
        )


class JwtVerifier:
    def __init__(self, settings: JwtSettings) -> None:
        self.settings = settings

    def verify(self, token: str) -> tuple[str, frozenset[str]]:
        """The token's subject and roles; raises ``TokenRejected``."""
        settings = self.settings
        try:
            claims = jwt.decode(
                token,
                settings.key,
                algorithms=[settings.algorithm],
                issuer=settings.issuer,
                audience=settings.audience,
                leeway=settings.leeway_seconds,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenRejected("it has expired") from None
        except jwt.ImmatureSignatureError:
            raise TokenRejected("it is not valid yet") from None
        except jwt.InvalidIssuerError:
            raise TokenRejected("its issuer is not accepted") from None
        except jwt.InvalidAudienceError:
            raise TokenRejected("its audience is not this graph") from None
        except jwt.InvalidTokenError:
            raise TokenRejected("it is malformed or its signature does not verify") from None
        raw = claims.get(settings.roles_claim, [])
        roles = raw.split() if isinstance(raw, str) else raw
        if not isinstance(roles, list):
            roles = []
        subject = claims.get("sub")
        return (
            subject if isinstance(subject, str) else "token",
            frozenset(role for role in roles if isinstance(role, str)),
        )
