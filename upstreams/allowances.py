"""What each upstream account may be sent: its rate and its daily cap, alone or shared.

The gateway builds one ``Allowances`` per process and gives it to every
adapter. Without Redis each process paces and counts alone, at its share
(the configured rate and cap divided by the processes that serve: replicas
times workers). With Redis every process of every replica shares one rate
(``upstreams.shared_pacing``) and one daily count (``upstreams.daily_cap``)
per upstream account, falling back to its share while Redis cannot answer.

An account is named in Redis by a digest of its base URL and the identity
its adapter gives (Saasu's file id), never by a credential.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from upstreams.client_settings import ClientSettings
from upstreams.daily_cap import DailyCap
from upstreams.pacing import Pace, Pacer
from upstreams.redis_client import RedisClient
from upstreams.shared_pacing import SharedPacer

PREFIX = "gw:budget:"


@dataclass(frozen=True, slots=True)
class AllowanceSettings:
    """How many processes share the upstreams' budgets, and how long Redis may take.

    ``replicas`` is the number of gateway replicas; with ``workers`` per
    replica, a process alone keeps to ``1 / (replicas * workers)`` of each
    rate and cap. ``store_timeout_seconds`` bounds every Redis command.
    """

    replicas: int = 1
    store_timeout_seconds: float = 0.25


class Allowances:
    """Makes each upstream account's pacer and daily cap; ``redis_url`` shares them."""

    def __init__(
        self,
        redis_url: str | None = None,
        *,
        settings: AllowanceSettings | None = None,
        workers: int = 1,
    ) -> None:
        settings = settings or AllowanceSettings()
        self.processes = settings.replicas * workers
        self.redis = (
            RedisClient(redis_url, timeout=settings.store_timeout_seconds)
            if redis_url is not None
            else None
        )

    def pacer(self, upstream: str, account: str, client: ClientSettings) -> Pace:
        """Paces the calls to ``account`` of ``upstream`` at ``client``'s rate and burst."""
        rate = client.rate_per_second
        if rate is None:
            return Pacer(None)
        if self.redis is None:
            return Pacer(rate / self.processes, max(1, client.burst // self.processes))
        return SharedPacer(
            upstream,
            self.redis,
            self._key(upstream, account, client, "pace"),
            rate,
            client.burst,
            processes=self.processes,
        )

    def daily_cap(self, upstream: str, account: str, client: ClientSettings) -> DailyCap | None:
        """Counts the calls to ``account`` of ``upstream`` against ``client``'s daily cap."""
        if client.daily_cap is None:
            return None
        return DailyCap(
            upstream,
            client.daily_cap,
            client.daily_reset,
            redis=self.redis,
            key=self._key(upstream, account, client, "calls"),
            processes=self.processes,
        )

    async def aclose(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()

    @staticmethod
    def _key(upstream: str, account: str, client: ClientSettings, what: str) -> str:
        digest = hashlib.sha256(f"{client.base_url}\n{account}".encode()).hexdigest()[:16]
        return f"{PREFIX}{upstream}:{digest}:{what}"


ALONE = Allowances()
"""One process on its own: an adapter built for a test or a script."""
