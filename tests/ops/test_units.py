"""Pure pieces: redaction, log repeats, Cache-Control, the read cache TTL, breaker gauge."""

from __future__ import annotations

import datetime
import logging
import random
import sys
from types import SimpleNamespace

import pytest
from prometheus_client.exposition import generate_latest
from starlette.applications import Starlette

from gateway.config import ConfigError, load_config
from gateway.log_repeats import HoldRepeats
from gateway.logging_json import JsonFormatter, TextFormatter, UtcStamps, configure_logging
from gateway.metrics import GatewayMetrics
from gateway.redaction import MASK, Redactor, config_secrets
from gateway.server import uvicorn_config
from upstreams.cache import MemoryCacheStore, ReadCache, max_age


def test_redactor_masks_credential_looking_values_and_known_secrets() -> None:
    redact = Redactor(["s3cr3t-value"])
    line = (
        "login password=hunter2 api_key=abc123&x=1 Authorization: Bearer eyJhbGci.x.y "
        "SessionId=9f8e url=redis://user:pw123@host:6379/0 then s3cr3t-value"
    )
    out = redact(line)
    for secret in ("hunter2", "abc123", "eyJhbGci", "9f8e", "pw123", "s3cr3t-value"):
        assert secret not in out
    assert MASK in out
    assert "x=1" in out and "host:6379" in out


def test_config_secrets_are_every_password_and_key_of_the_configuration() -> None:
    config = load_config(
        None,
        {
            "GATEWAY_PREPAID_BASE_URL": "http://p",
            "GATEWAY_PREPAID_USERNAME": "u",
            "GATEWAY_PREPAID_PASSWORD": "prepaid-pw",
            "GATEWAY_BILLING_BASE_URL": "http://b",
            "GATEWAY_BILLING_USERNAME": "u",
            "GATEWAY_BILLING_PASSWORD": "billing-pw",
            "GATEWAY_BILLING_CLIENT_ID": "billing-client",
            "GATEWAY_SAASU_BASE_URL": "http://s",
            "GATEWAY_SAASU_FILE_ID": "1",
            "GATEWAY_SAASU_WS_ACCESS_KEY": "saasu-key",
            "GATEWAY_INVOICEXPRESS_BASE_URL": "http://i",
            "GATEWAY_INVOICEXPRESS_API_KEY": "ix-key",
            "GATEWAY_INVOICEXPRESS_ACCOUNT_ID": "1",
            "GATEWAY_REDIS_URL": "redis://:redis-pw@127.0.0.1:6379/0",
            "GATEWAY_AUTH_MODE": "required",
        },
    )
    assert set(config_secrets(config)) == {
        "prepaid-pw",
        "billing-pw",
        "billing-client",
        "saasu-key",
        "ix-key",
        "redis-pw",
    }


def test_max_age_reads_cache_control() -> None:
    assert max_age(None) is None
    assert max_age("public") is None
    assert max_age("public, max-age=60") == 60
    assert max_age("no-store") == 0
    assert max_age("max-age=60, no-cache") == 0
    assert max_age("max-age=oops") == 0


async def test_the_upstreams_cache_control_wins_over_the_configured_ttl() -> None:
    cache = ReadCache(
        MemoryCacheStore(max_entries=10, max_bytes=2**20), {("prepaid", "AccountRead"): 30.0}
    )
    await cache.put("prepaid", "AccountRead", ("1",), b"a", None)
    await cache.put("prepaid", "AccountRead", ("2",), b"b", "no-store")
    await cache.put("prepaid", "AccountRead", ("5",), b"e", "max-age=5")
    await cache.put("prepaid", "AccountInvoiceRead", ("3",), b"c", None)  # no TTL configured
    await cache.put("prepaid", "AccountInvoiceRead", ("4",), b"d", "max-age=5")
    assert await cache.get("prepaid", "AccountRead", ("1",)) == b"a"
    assert await cache.get("prepaid", "AccountRead", ("2",)) is None
    assert await cache.get("prepaid", "AccountRead", ("5",)) == b"e"
    assert await cache.get("prepaid", "AccountInvoiceRead", ("3",)) is None
    # An endpoint the configuration turned off stays off, whatever the upstream says.
    assert await cache.get("prepaid", "AccountInvoiceRead", ("4",)) is None
    await cache.invalidate("prepaid", ("AccountRead", ("1",)))
    assert await cache.get("prepaid", "AccountRead", ("1",)) is None


def test_breaker_state_is_read_from_clients_that_have_one() -> None:
    metrics = GatewayMetrics(max_operation_names=100)
    metrics.watch_breakers(
        {
            "prepaid": SimpleNamespace(breaker=SimpleNamespace(state="open")),
            "billing": SimpleNamespace(breaker=SimpleNamespace(state="closed")),
            "saasu": SimpleNamespace(),  # before the resilience branch: no breaker
        }
    )
    text = generate_latest(metrics.registry).decode()
    assert 'gateway_circuit_breaker_state{upstream="prepaid"} 2.0' in text
    assert 'gateway_circuit_breaker_state{upstream="billing"} 0.0' in text
    assert 'upstream="saasu"' not in text


def test_a_redis_cache_without_a_redis_url_is_refused_naming_the_key() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(None, {"GATEWAY_CACHE_STORE": "redis"})
    assert caught.value.key == "cache.store"
    assert "redis.url" in str(caught.value)


def test_the_text_format_names_a_failure_without_its_traceback() -> None:
    formatter = TextFormatter(Redactor(["hunter2"]))
    try:
        raise ConnectionError("Error 111 connecting to 10.0.0.7:6379 with hunter2")
    except ConnectionError:
        record = logging.LogRecord(
            "gateway.graphql", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )
    line = formatter.format(record)
    assert line.endswith("failed\nerror=ConnectionError")
    for leak in ("Traceback", "10.0.0.7", "hunter2", ".py"):
        assert leak not in line, leak


def test_uvicorn_writes_through_the_gateways_handler() -> None:
    """uvicorn's own handler would print a whole traceback for a failed request."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("info", "json")
        uvicorn_config(Starlette(), "127.0.0.1", 0)  # builds uvicorn's Config, as serve does
        for name in ("uvicorn", "uvicorn.error"):
            logger = logging.getLogger(name)
            assert logger.handlers == [] and logger.propagate, name
        # uvicorn's access lines are off (the gateway writes its own): no handler either.
        assert logging.getLogger("uvicorn.access").handlers == []
        assert [type(h.formatter) for h in root.handlers] == [JsonFormatter]
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


def test_a_warning_repeated_word_for_word_is_written_once_per_window_with_a_count() -> None:
    now = [100.0]
    hold = HoldRepeats(10.0, clock=lambda: now[0], max_lines=2)

    def passes(message: str, level: int = logging.WARNING, *args: object) -> object:
        record = logging.LogRecord("gateway.x", level, __file__, 1, message, args, None)
        return hold.filter(record) and getattr(record, "fields", {}).get("repeated", 0)

    assert passes("store read failed error=%s", logging.WARNING, "ConnectionError") == 0
    for _ in range(5):  # the same line within the window: held back
        assert passes("store read failed error=%s", logging.WARNING, "ConnectionError") is False
    assert passes("store read failed error=%s", logging.WARNING, "TimeoutError") == 0
    assert passes("POST /graphql 200", logging.INFO) == 0  # below WARNING: always written
    assert passes("POST /graphql 200", logging.INFO) == 0
    now[0] += 10.0
    # The window is over: the line is written again, saying how many waited.
    assert passes("store read failed error=%s", logging.WARNING, "ConnectionError") == 5
    assert passes("store read failed error=%s", logging.WARNING, "ConnectionError") is False
    # Two lines remembered at most: a third forgets the least recently written.
    assert passes("another failure", logging.ERROR) == 0
    assert passes("store read failed error=%s", logging.WARNING, "TimeoutError") == 0


def test_the_text_format_says_how_many_repeats_were_held_back() -> None:
    record = logging.LogRecord("gateway.x", logging.WARNING, __file__, 1, "down", None, None)
    record.fields = {"repeated": 7}
    assert TextFormatter(Redactor()).format(record).endswith("down (and 7 more like it held back)")


def test_a_warning_whose_arguments_do_not_fit_its_message_is_passed_on_not_raised() -> None:
    """A filter runs outside the handler's error handling: it must not fail the caller."""
    record = logging.LogRecord("lib", logging.WARNING, __file__, 1, "%d items", ("x",), None)
    assert HoldRepeats().filter(record)


def test_a_json_line_stamps_its_time_as_datetime_writes_it() -> None:
    """Each second's text is kept, but every stamp reads as ``isoformat`` would write it:
    microseconds rounded half to even (up into the next second too), none when zero."""
    stamp = UtcStamps()
    second = 1_780_000_000
    given = [
        second + 0.0,
        second + 0.5,
        second + 0.9999995,  # rounds up into the next second
        second + 0.0000005,
        second + 0.0000015,
        second - 0.25,
        59.999999,
    ]
    rng = random.Random(23)
    given += [second + rng.uniform(-86_400, 86_400) for _ in range(2000)]
    given += [second + rng.randrange(2_000_000) / 2_000_000 for _ in range(2000)]
    for created in given:
        expected = datetime.datetime.fromtimestamp(created, datetime.UTC).isoformat()
        assert stamp(created) == expected, created
