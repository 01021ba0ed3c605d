"""How each Saasu call proves who it is: the legacy access key or an OAuth bearer token.

Tokens come from the password grant at ``authorisation/token`` and are renewed
with the refresh grant at ``authorisation/refresh``, falling back to the
password grant when the refresh token is refused. One lock guards the token
(``upstreams.keeper``), so any number of concurrent calls cost one token request; a token is renewed
``refresh_margin`` seconds before it expires, and again when Saasu answers 401
to it (a 401 means the call was not carried out, so it may be sent once more).
Every token request spends the same rate budget as any other call.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from upstreams.answer import Answer
from upstreams.errors import BadUpstreamResponse, Unauthenticated
from upstreams.http import UpstreamHTTP
from upstreams.keeper import Keeper
from upstreams.saasu.errors import UPSTREAM

TOKEN_PATH = "/authorisation/token"
REFRESH_PATH = "/authorisation/refresh"


@dataclass(frozen=True, slots=True)
class Credentials:
    """What one call adds to prove itself: query parameters and headers."""

    params: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)


class Auth(Protocol):
    async def credentials(self) -> Credentials:
        """Credentials for the next call, fetching a token first if needed."""
        ...

    async def renew(self, refused: Credentials) -> Credentials | None:
        """Credentials to replace ``refused`` after a 401; ``None`` when there can be none."""
        ...

    def secrets(self) -> list[str]:
        """Every secret text this auth holds, to be scrubbed from messages."""
        ...


class AccessKeyAuth:
    """The legacy ``WsAccessKey`` query parameter; a refused key cannot be renewed."""

    def __init__(self, key: str) -> None:
        self._credentials = Credentials(params={"WsAccessKey": key})
        self._key = key

    async def credentials(self) -> Credentials:
        return self._credentials

    async def renew(self, refused: Credentials) -> Credentials | None:
        return None

    def secrets(self) -> list[str]:
        return [self._key]


@dataclass(slots=True)
class _Token:
    access: str
    refresh: str | None
    renew_at: float  # monotonic clock time from which the token counts as stale


class TokenAuth:
    """An OAuth bearer token from the password grant, kept fresh behind one lock."""

    def __init__(
        self,
        http: UpstreamHTTP,
        username: str,
        password: str,
        refresh_margin: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._username = username
        self._password = password
        self._margin = refresh_margin
        self._clock = clock
        self._token = Keeper[_Token](lambda token: self._clock() < token.renew_at)

    async def credentials(self) -> Credentials:
        return _bearer(await self._token.current(self._obtain))

    async def renew(self, refused: Credentials) -> Credentials | None:
        token = await self._token.replace(
            lambda held: _bearer(held) == refused or self._clock() >= held.renew_at,
            self._obtain,
        )
        return _bearer(token)

    def secrets(self) -> list[str]:
        held = [self._password]
        token = self._token.held
        if token is not None:
            held.append(token.access)
            if token.refresh:
                held.append(token.refresh)
        return held

    async def _obtain(self, old: _Token | None) -> _Token:
        """Refresh when a refresh token is held and still accepted, else log in again.

        The old token is kept until a new one arrives, so a failed request
        (a timeout, a 503) loses no refresh token.
        """
        token: _Token | None = None
        if old is not None and old.refresh:
            try:
                token = await self._grant(
                    REFRESH_PATH, {"grant_type": "refresh_token", "refresh_token": old.refresh}
                )
            except Unauthenticated:
                old.refresh = None  # refused for good: never offer it again
        if token is None:
            token = await self._grant(
                TOKEN_PATH,
                {
                    "grant_type": "password",
                    "username": self._username,
                    "password": self._password,
                    "scope": "full",
                },
            )
        return token

    async def _grant(self, path: str, body: dict[str, str]) -> _Token:
        started = self._clock()
        # A grant changes nothing a customer can see, so it may be retried like a read.
        response = await self._http.send(
            "POST",
            path,
            endpoint=f"POST {path}",
            read=True,
            json=body,
            headers={"Accept": "application/json"},
        )
        if response.status_code in (400, 401, 403):
            raise Unauthenticated(UPSTREAM, _refusal(response))
        if not response.is_success:
            raise BadUpstreamResponse(
                UPSTREAM,
                f"saasu answered a token request with an undocumented HTTP {response.status_code}",
            )
        return _parse_token(response, started, self._margin)


def _bearer(token: _Token) -> Credentials:
    return Credentials(headers={"Authorization": f"Bearer {token.access}"})


def _refusal(response: Answer) -> str:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    if error == "invalid_grant":
        return "saasu refused the gateway's username and password"
    return "saasu refused the gateway's token request"


def _parse_token(response: Answer, started: float, margin: float) -> _Token:
    try:
        document: Any = response.json()
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise BadUpstreamResponse(UPSTREAM, "saasu's token answer is not a JSON object")
    access = document.get("access_token")
    refresh = document.get("refresh_token")
    expires_in = document.get("expires_in")
    token_type = document.get("token_type", "Bearer")
    if (
        not isinstance(access, str)
        or not access
        or not (refresh is None or isinstance(refresh, str))
        or isinstance(expires_in, bool)
        or not isinstance(expires_in, int | float)
        or expires_in <= 0
        or not isinstance(token_type, str)
        or token_type.lower() != "bearer"
    ):
        raise BadUpstreamResponse(UPSTREAM, "saasu's token answer is not the documented shape")
    # Counted from before the request: the token's clock started somewhere during it.
    return _Token(access, refresh or None, started + float(expires_in) - margin)
