"""The HTTP transport under every adapter: one pooled client per upstream.

It owns what is the same for all four APIs: the engine that moves the bytes
(``upstreams.aiohttp_engine``), the call's total time budget, pacing and the daily cap
(``upstreams.allowances``), a cap on concurrent calls,
the circuit breakers (the upstream's, and one per record that keeps failing), retries
of reads, and turning transport failures and generic statuses (429, 5xx) into the
shared errors. The adapter says, per call, which endpoint it is, which record it is
about and whether it is a read: only reads are retried; a call that changes state is
sent once, whatever happens.

Errors are raised ``from None``: an httpx exception carries the request URL,
which may hold a credential (InvoiceXpress's ``api_key``, Saasu's
``WsAccessKey``), and a chained cause would print it with any traceback.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import replace
from typing import Any

import httpx

from upstreams.aiohttp_engine import AiohttpEngine
from upstreams.allowances import ALONE, Allowances
from upstreams.answer import Answer, AnswerTooLarge
from upstreams.breakers import Pass, Scope, UpstreamBreakers
from upstreams.budget import Budget
from upstreams.client_settings import ClientSettings
from upstreams.daily_cap import DaySpent
from upstreams.errors import (
    BadUpstreamResponse,
    CircuitOpen,
    OverBudget,
    RateLimited,
    Unavailable,
    UpstreamError,
    UpstreamTimeout,
)
from upstreams.observe import CallObserver, CallRecord, CallTracer
from upstreams.outages import call_failed, circuit_changed
from upstreams.outgoing import Call
from upstreams.pacing import NoTurn
from upstreams.retry import RetryPolicy

logger = logging.getLogger(__name__)


ANSWER_SHARE = 0.1
"""Of the time a call has left when it asks for its turn, the share kept for its answer: a
call sent later would likely be answered past its deadline, a turn (and, for Saasu, a call
of the day) spent for nothing."""

HeaderSource = Callable[[], Mapping[str, str]]
"""Headers to add to every outgoing call (a trace context, say), asked for per call."""

FaultCheck = Callable[[Answer], UpstreamError | None]
"""The error an answer under 500 reports in its body, if any: prepaid's ``Exception`` document."""


class UpstreamHTTP:
    """Sends requests to one upstream and maps transport failures to shared errors."""

    def __init__(
        self,
        upstream: str,
        settings: ClientSettings,
        *,
        observers: Sequence[CallObserver] = (),
        tracer: CallTracer | None = None,
        header_sources: Sequence[HeaderSource] = (),
        allowances: Allowances = ALONE,
        account: str = "",
    ) -> None:
        """``allowances`` makes the pacer and daily cap of the upstream's ``account``
        (what tells it apart from others at the same base URL: Saasu's file id)."""
        self.upstream = upstream
        self.settings = settings
        self.observers = tuple(observers)
        self.header_sources = tuple(header_sources)
        self.tracer = tracer
        self.pacer = allowances.pacer(upstream, account, settings)
        self.daily_cap = allowances.daily_cap(upstream, account, settings)
        self.breaker = UpstreamBreakers(settings.breaker_failures, settings.breaker_reset_seconds)
        self.retry = RetryPolicy(
            settings.read_retries,
            settings.retry_backoff_seconds,
            settings.retry_backoff_max_seconds,
        )
        self.slots = asyncio.Semaphore(settings.max_concurrency)
        self.engine = AiohttpEngine(settings)

    async def send(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        read: bool,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        record: str | None = None,
        fault: FaultCheck | None = None,
    ) -> Answer:
        """Send within the total budget; a read is retried, a write goes once.

        ``endpoint`` names the call for observers (``GET /Account/{id}``);
        ``read`` says the call changes nothing, so sending it again is safe;
        ``record`` names the one record the call is about (``1001``), so its
        failures are its own (``upstreams.breakers``); ``fault`` finds a
        failure an answer reports in its body, which then counts as a 5xx.
        Raises a shared error for transport failures, 429, 5xx and faults.
        """
        budget = Budget(self.settings.total_timeout)
        request = Call(method, url, endpoint, params, data, json, content, headers)
        key = None if record is None else (endpoint, record)
        attempt = 1
        while True:
            try:
                return await self._attempt(request, budget, attempt, key, fault)
            except UpstreamError as error:
                delay = self.retry.delay(error, attempt) if read else None
                if delay is None or not budget.fits(delay):
                    call_failed(self.upstream, endpoint, error)
                    raise
            await asyncio.sleep(delay)
            attempt += 1

    async def _attempt(
        self,
        request: Call,
        budget: Budget,
        attempt: int,
        key: tuple[str, str] | None,
        fault: FaultCheck | None,
    ) -> Answer:
        ticket = self.breaker.admit(key)
        if isinstance(ticket, Scope):
            refused = CircuitOpen(self.upstream, for_record=ticket is Scope.RECORD)
            self._observe(request, None, 0.0, refused.code, attempt)
            raise refused
        started = time.perf_counter()
        response: Answer | None = None
        error: UpstreamError | None = None
        sent = False
        try:
            await self._take_slot(budget)
            try:
                sent = True
                response = await self._exchange(request, budget)
            finally:
                self.slots.release()
            self._raise_for_generic_status(response)
            failure = fault(response) if fault is not None else None
            if failure is not None:
                raise failure
            return response
        except UpstreamError as exc:
            error = exc
            raise
        finally:
            self._settle(ticket, sent, response, error)
            if response is not None or error is not None:
                status = response.status_code if response is not None else None
                code = error.code if error is not None else None
                self._observe(request, status, time.perf_counter() - started, code, attempt)

    async def _take_slot(self, budget: Budget) -> None:
        """Wait for a free slot and the budget's go (a call of the day, a turn), within time.

        The usual case waits for neither, and then arms no timer.
        """
        if self.slots.locked():
            try:
                async with asyncio.timeout_at(budget.deadline):
                    await self.slots.acquire()
            except TimeoutError:
                raise UpstreamTimeout(
                    self.upstream,
                    f"{self.upstream} had no free slot within the call's time budget",
                    request_sent=False,
                ) from None
        else:
            await self.slots.acquire()
        if self.daily_cap is None and not self.pacer.paces:
            return  # nothing to count, no turn to wait for
        try:
            await self._take_allowance(budget)
        except BaseException:
            self.slots.release()
            raise

    async def _take_allowance(self, budget: Budget) -> None:
        """Count the call against the day's cap and wait for its turn; refuse it unsent
        (``OverBudget``) when the day's calls are spent or no turn comes within its time."""
        cap = self.daily_cap
        if cap is not None:
            try:
                await cap.take()
            except DaySpent as spent:
                raise OverBudget(
                    self.upstream,
                    f"{self.upstream}'s daily budget of calls is spent; "
                    f"calls resume when the day turns at {spent.reset} UTC",
                    retry_after=round(spent.retry_after),
                ) from None
        if not self.pacer.paces:
            return
        try:
            await self.pacer.wait(budget.remaining() * (1 - ANSWER_SHARE))
        except NoTurn as late:
            if cap is not None:
                await cap.give_back()
            raise OverBudget(
                self.upstream,
                f"{self.upstream}'s rate left no turn within the request's time budget",
                retry_after=round(late.retry_after, 3),
            ) from None
        except BaseException:
            if cap is not None:
                await cap.give_back()
            raise

    async def _request(self, request: Call, budget: Budget) -> Answer:
        if self.tracer is None and not self.header_sources:
            async with asyncio.timeout_at(budget.deadline):
                return await self.engine.send(request)
        headers = dict(request.headers or {})
        for source in self.header_sources:
            headers.update(source())
        span = (
            self.tracer.span(self.upstream, request.endpoint, request.method)
            if self.tracer is not None
            else nullcontext({})
        )
        with span as propagate:
            headers.update(propagate)
            async with asyncio.timeout_at(budget.deadline):
                return await self.engine.send(replace(request, headers=headers))

    async def _exchange(self, request: Call, budget: Budget) -> Answer:
        """The engine's answer, or the shared error for how the exchange failed."""
        try:
            return await self._request(request, budget)
        except TimeoutError:
            failure: UpstreamError = UpstreamTimeout(
                self.upstream,
                f"{self.upstream} did not answer within the call's time budget",
                request_sent=True,
            )
        except httpx.ConnectTimeout:
            failure = UpstreamTimeout(
                self.upstream, f"{self.upstream} could not be reached in time", request_sent=False
            )
        except httpx.TimeoutException:
            failure = UpstreamTimeout(
                self.upstream, f"{self.upstream} did not answer in time", request_sent=True
            )
        except httpx.ConnectError:
            failure = Unavailable(
                self.upstream, f"{self.upstream} could not be reached", request_sent=False
            )
        except AnswerTooLarge:
            # Not "not sent": the upstream answered, so a write may have acted. Like any
            # bad answer it is neither retried nor frees a write's idempotency key.
            failure = BadUpstreamResponse(
                self.upstream,
                f"{self.upstream} sent an answer larger than "
                f"{self.settings.max_answer_bytes} bytes",
            )
        except httpx.DecodingError:
            failure = BadUpstreamResponse(
                self.upstream, f"{self.upstream} sent a body that could not be decoded"
            )
        except httpx.RequestError:
            failure = Unavailable(
                self.upstream, f"{self.upstream} closed the connection before answering"
            )
        raise failure from None

    def _raise_for_generic_status(self, response: Answer) -> None:
        """Map the statuses that mean the same on every upstream: 429 and 5xx."""
        if response.status_code == 429:
            raise RateLimited(
                self.upstream,
                f"{self.upstream} is rate limiting requests",
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        if response.status_code >= 500:
            raise Unavailable(
                self.upstream,
                f"{self.upstream} failed with HTTP {response.status_code}",
                status=response.status_code,
            )

    def _settle(
        self,
        ticket: Pass,
        sent: bool,
        response: Answer | None,
        error: UpstreamError | None,
    ) -> None:
        """Tell the breakers whether this attempt proved the upstream up, down, or neither.

        A 5xx and a fault reported in the body are failures; any other answer
        (2xx to 4xx, even 429 or a malformed body) proves the upstream up.
        The upstream's circuit opening or closing is logged.
        """
        before = self.breaker.state
        if sent and isinstance(error, UpstreamTimeout | Unavailable):
            self.breaker.failed(ticket)
        elif response is not None or (sent and isinstance(error, BadUpstreamResponse)):
            self.breaker.succeeded(ticket)
        else:
            self.breaker.released(ticket)
        after = self.breaker.state
        if after is not before:
            circuit_changed(self.upstream, before, after, self.settings.breaker_reset_seconds)

    def _observe(
        self,
        request: Call,
        status: int | None,
        seconds: float,
        error_code: str | None,
        attempt: int,
    ) -> None:
        record = CallRecord(
            upstream=self.upstream,
            endpoint=request.endpoint,
            method=request.method,
            status=status,
            seconds=seconds,
            error_code=error_code,
            attempt=attempt,
        )
        for observer in self.observers:
            try:
                observer.on_call(record)
            except Exception as exc:  # an observer must never fail the call it watches
                logger.warning(
                    "call observer %s failed: %s", type(observer).__name__, type(exc).__name__
                )

    async def aclose(self) -> None:
        await self.engine.aclose()


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header given in seconds; ``None`` when absent or a date."""
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None
