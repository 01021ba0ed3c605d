"""Who may call: the file's WsAccessKey, or bearer tokens from the OAuth password grant.

Access tokens expire after the configured lifetime. Refresh tokens do not
expire but work once: a refresh hands out a new pair and retires the old
refresh token (the old access token lives on until it expires).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from upstreams.saasu.sandbox.problems import ApiError
from upstreams.sandboxing.issued import record

DENIED = "Authorization has been denied for this request."


@dataclass(frozen=True, slots=True)
class Grant:
    access_token: str
    refresh_token: str
    expires_in: int


class Authority:
    """Issues and checks the credentials of the sandbox's one user and file."""

    def __init__(
        self,
        *,
        username: str,
        password: str,
        ws_access_key: str,
        file_id: int,
        token_lifetime_seconds: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.file_id = file_id
        self._username = username
        self._password = password
        self._ws_access_key = ws_access_key
        self._lifetime = token_lifetime_seconds
        self._clock = clock
        self._access: dict[str, float] = {}
        self._refresh: set[str] = set()
        self._lock = threading.Lock()

    def password_grant(self, username: str, password: str) -> Grant | None:
        """A new grant for the right user name (any case) and password, else ``None``."""
        if username.lower() != self._username.lower() or not secrets.compare_digest(
            password.encode(), self._password.encode()
        ):
            return None
        return self._issue()

    def refresh_grant(self, refresh_token: str) -> Grant | None:
        with self._lock:
            if refresh_token not in self._refresh:
                return None
            self._refresh.discard(refresh_token)
        return self._issue()

    def authenticate(self, authorization: str | None, ws_access_key: str | None) -> None:
        """Raise a 401 unless the bearer token (if sent) or else the WsAccessKey is good."""
        if authorization is not None:
            scheme, _, token = authorization.strip().partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise _denied('Bearer error="invalid_request"')
            expires = self._access.get(token.strip())
            if expires is None or self._clock() >= expires:
                raise _denied('Bearer error="invalid_token"')
            return
        if ws_access_key is None or not secrets.compare_digest(
            ws_access_key.encode(), self._ws_access_key.encode()
        ):
            raise _denied("Bearer")

    def check_file(self, file_id: int) -> None:
        """Raise a 403 for a file these credentials do not open."""
        if file_id != self.file_id:
            raise ApiError(403, f"You do not have access to file {file_id}.")

    def _issue(self) -> Grant:
        grant = Grant(
            record(secrets.token_urlsafe(32)), record(secrets.token_urlsafe(32)), self._lifetime
        )
        now = self._clock()
        with self._lock:
            self._access = {t: end for t, end in self._access.items() if end > now}
            self._access[grant.access_token] = now + self._lifetime
            self._refresh.add(grant.refresh_token)
        return grant


def _denied(challenge: str) -> ApiError:
    return ApiError(401, DENIED, headers={"WWW-Authenticate": challenge})
