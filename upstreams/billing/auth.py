"""The billing API's bearer token: log in once, refresh before expiry, renew on 401.

The authorization server's ``Access/Login`` takes a form-encoded OAuth2
password grant and answers ``access_token``, ``refresh_token`` and
``expires_in``; the same URL takes ``grant_type=refresh_token``. All token
work happens under one lock (``upstreams.keeper``), so fifty first calls at
once cause one login, not fifty. Tokens never appear in a message or a ``repr``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from upstreams.answer import Answer
from upstreams.billing.decode import UPSTREAM, Block, bad, parse
from upstreams.errors import BadUpstreamResponse, Unauthenticated
from upstreams.http import UpstreamHTTP
from upstreams.keeper import Keeper

LOGIN_PATH = "/AuthorizationServer/api/v8/Access/Login"
LOGIN_ENDPOINT = "POST /Access/Login"


@dataclass(frozen=True, slots=True)
class Token:
    """An access token and when to stop using it, on the keeper's clock."""

    access: str = field(repr=False)
    refresh: str | None = field(repr=False)
    expires_at: float


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the password grant sends; the password never shows in a ``repr``."""

    username: str
    password: str = field(repr=False)
    client_id: str


class TokenKeeper:
    """Hands out a valid access token, logging in or refreshing as needed.

    A token is refreshed once fewer than ``refresh_margin`` seconds of its life
    are left (measured from when its login was sent, so never late). A refresh
    the server refuses (``invalid_grant``: the refresh token expired or was
    revoked) falls back to a password login: that is a different request, not
    the same one sent again.
    """

    def __init__(
        self,
        http: UpstreamHTTP,
        credentials: Credentials,
        refresh_margin: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.http = http
        self.credentials = credentials
        self.refresh_margin = refresh_margin
        self.clock = clock
        self._token = Keeper[Token](lambda token: not self._due(token))

    async def access_token(self) -> str:
        """A token to send now; logs in on first use and refreshes near expiry."""
        token = await self._token.current(self._renewed)
        return token.access

    async def renew(self, rejected: str) -> str:
        """A token to replace ``rejected``, which the API answered 401 to.

        Logs in again with the password unless another caller already replaced
        that token, so a burst of 401s costs one login.
        """
        token = await self._token.replace(
            lambda held: held.access == rejected, lambda _: self._login()
        )
        return token.access

    def _due(self, token: Token) -> bool:
        return self.clock() >= token.expires_at - self.refresh_margin

    async def _renewed(self, token: Token | None) -> Token:
        return await self._login() if token is None else await self._refresh(token)

    async def _login(self) -> Token:
        response, sent_at = await self._grant(
            {
                "grant_type": "password",
                "username": self.credentials.username,
                "password": self.credentials.password,
                "client_id": self.credentials.client_id,
            }
        )
        if response.is_success:
            return _token_from(response, sent_at, previous_refresh=None)
        raise self._refused(response)

    async def _refresh(self, token: Token) -> Token:
        if token.refresh is None:
            return await self._login()
        response, sent_at = await self._grant(
            {
                "grant_type": "refresh_token",
                "refresh_token": token.refresh,
                "client_id": self.credentials.client_id,
            }
        )
        if response.is_success:
            return _token_from(response, sent_at, previous_refresh=token.refresh)
        if response.status_code == 400 and _oauth_error(response) == "invalid_grant":
            return await self._login()
        raise self._refused(response)

    async def _grant(self, form: dict[str, str]) -> tuple[Answer, float]:
        """The grant's answer and when it was sent (a token's life starts no earlier)."""
        sent_at = self.clock()
        # A grant changes nothing a customer can see, so it may be retried like a read.
        response = await self.http.send(
            "POST", LOGIN_PATH, endpoint=LOGIN_ENDPOINT, read=True, data=form
        )
        return response, sent_at

    def _refused(self, response: Answer) -> Exception:
        if response.status_code in (400, 401):
            error = _oauth_error(response)
            return Unauthenticated(UPSTREAM, f"{UPSTREAM} refused our login ({error})")
        return BadUpstreamResponse(
            UPSTREAM, f"{UPSTREAM} login answered with unexpected HTTP {response.status_code}"
        )


def _token_from(response: Answer, sent_at: float, previous_refresh: str | None) -> Token:
    body = Block(parse(response.content), "login answer")
    lifetime = body.integer("expires_in")
    if lifetime < 0:
        raise bad("login answer.expires_in is negative")
    return Token(
        access=body.text("access_token"),
        refresh=body.text_or_none("refresh_token") or previous_refresh,
        expires_at=sent_at + lifetime,
    )


def _oauth_error(response: Answer) -> str:
    """The OAuth2 ``error`` code of a refused grant (``invalid_grant``, ``invalid_client``)."""
    return Block(parse(response.content), "login error").text("error")
