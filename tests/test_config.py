"""Configuration: sandboxes by default, production when configured, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.config import ConfigError, load_config

FULL = """
[gateway]
host = "0.0.0.0"
port = 9000

[auth]
mode = "required"

[upstreams.prepaid]
base_url = "https://prepaid.example"
username = "ops@example.com"
password = "prepaid-secret-1"

[upstreams.billing]
base_url = "https://billing.example"
username = "api"
password = "billing-secret-2"
client_id = "client-7"
read_timeout = 4.5

[upstreams.saasu]
base_url = "https://saasu.example"
file_id = 123
format = "xml"
ws_access_key = "saasu-secret-3"

[upstreams.invoicexpress]
base_url = "https://org.app.invoicexpress.example"
api_key = "ix-secret-4"
account_id = 42
"""
SECRETS = ("prepaid-secret-1", "billing-secret-2", "saasu-secret-3", "ix-secret-4")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gateway.toml"
    path.write_text(text)
    return path


def test_nothing_configured_means_the_sandboxes() -> None:
    config = load_config(None, {})
    assert config.upstreams is None
    assert (config.host, config.port) == ("127.0.0.1", 8000)


def test_a_full_file_configures_every_adapter(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL), {})
    assert (config.host, config.port) == ("0.0.0.0", 9000)
    upstreams = config.upstreams
    assert upstreams is not None
    assert upstreams.prepaid.client.base_url == "https://prepaid.example"
    assert upstreams.billing.client.read_timeout == 4.5
    assert upstreams.billing.client_id == "client-7"
    assert upstreams.saasu.format == "xml"
    assert upstreams.saasu.client.rate_per_second == 1.0  # Saasu's published limit by default
    assert upstreams.invoicing_account_id == 42
    assert all(secret not in repr(config) for secret in SECRETS)


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, FULL),
        {
            "GATEWAY_PORT": "9100",
            "GATEWAY_BILLING_PASSWORD": "rotated",
            "GATEWAY_SAASU_FORMAT": "json",
        },
    )
    assert config.port == 9100
    assert config.upstreams is not None
    assert config.upstreams.billing.password == "rotated"
    assert config.upstreams.saasu.format == "json"


def test_environment_alone_can_configure_production() -> None:
    environ = {
        "GATEWAY_PREPAID_BASE_URL": "https://p",
        "GATEWAY_PREPAID_USERNAME": "u",
        "GATEWAY_PREPAID_PASSWORD": "p",
        "GATEWAY_BILLING_BASE_URL": "https://b",
        "GATEWAY_BILLING_USERNAME": "u",
        "GATEWAY_BILLING_PASSWORD": "p",
        "GATEWAY_BILLING_CLIENT_ID": "c",
        "GATEWAY_SAASU_BASE_URL": "https://s",
        "GATEWAY_SAASU_FILE_ID": "7",
        "GATEWAY_SAASU_USERNAME": "u",
        "GATEWAY_SAASU_PASSWORD": "p",
        "GATEWAY_INVOICEXPRESS_BASE_URL": "https://i",
        "GATEWAY_INVOICEXPRESS_API_KEY": "k",
        "GATEWAY_INVOICEXPRESS_ACCOUNT_ID": "3",
        "GATEWAY_AUTH_MODE": "required",
    }
    config = load_config(None, environ)
    assert config.upstreams is not None
    assert config.upstreams.saasu.file_id == 7
    assert config.upstreams.saasu.username == "u"


@pytest.mark.parametrize(
    ("change", "key", "hint"),
    [
        (
            ("[upstreams.billing]", "[upstreams.billing]\npasword = 'x'"),
            "upstreams.billing.pasword",
            "client_id",
        ),
        (
            ("read_timeout = 4.5", "read_timeout = 'soon'"),
            "upstreams.billing.read_timeout",
            "must be a number",
        ),
        (('format = "xml"', 'format = "yaml"'), "upstreams.saasu.format", "json, xml"),
        (
            ('client_id = "client-7"\n', ""),
            "upstreams.billing.client_id",
            "GATEWAY_BILLING_CLIENT_ID",
        ),
        (("[gateway]", "[gatway]"), "gatway", "known section"),
        (('ws_access_key = "saasu-secret-3"', ""), "upstreams.saasu", "one way to authenticate"),
    ],
)
def test_errors_name_the_key_and_what_would_be_right(
    tmp_path: Path, change: tuple[str, str], key: str, hint: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, FULL.replace(*change)), {})
    assert caught.value.key == key
    assert hint in str(caught.value)


def test_one_upstream_alone_is_refused_rather_than_half_production() -> None:
    with pytest.raises(ConfigError, match="missing: billing, invoicexpress, prepaid"):
        load_config(None, {"GATEWAY_SAASU_BASE_URL": "https://s"})


def test_unknown_environment_settings_are_named() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(None, {"GATEWAY_PREPAID_PASSWROD": "x"})
    assert caught.value.key == "GATEWAY_PREPAID_PASSWROD"


def test_a_bad_value_is_never_repeated_back(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, FULL), {"GATEWAY_SAASU_FILE_ID": "saasu-secret-3"})
    assert "saasu-secret-3" not in str(caught.value)
    assert caught.value.key == "GATEWAY_SAASU_FILE_ID"


def test_resilience_keys_have_safe_defaults_and_can_be_set(tmp_path: Path) -> None:
    text = FULL.replace(
        "read_timeout = 4.5",
        "read_timeout = 4.5\ntotal_timeout = 6.0\nread_retries = 0\nbreaker_failures = 3",
    )
    config = load_config(
        write(tmp_path, text),
        {"GATEWAY_SAASU_MAX_CONCURRENCY": "4", "GATEWAY_SAASU_RETRY_BACKOFF_SECONDS": "0.5"},
    )
    assert config.upstreams is not None
    billing, saasu = config.upstreams.billing.client, config.upstreams.saasu.client
    assert (billing.total_timeout, billing.read_retries, billing.breaker_failures) == (6.0, 0, 3)
    assert (saasu.max_concurrency, saasu.retry_backoff_seconds) == (4, 0.5)
    assert (saasu.total_timeout, saasu.read_retries, saasu.breaker_failures) == (15.0, 2, 5)
    assert (saasu.retry_backoff_max_seconds, saasu.breaker_reset_seconds) == (2.0, 30.0)


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("total_timeout = 0", "at least 0.01"),
        ("total_timeout = 601", "at most 600"),
        ("read_retries = -1", "at least 0"),
        ("read_retries = 11", "at most 10"),
        ("retry_backoff_max_seconds = 'long'", "must be a number"),
        ("breaker_failures = 0", "at least 1"),
        ("breaker_reset_seconds = 0", "at least 0.01"),
        ("max_concurrency = 0", "at least 1"),
    ],
)
def test_resilience_keys_outside_their_range_are_named(
    tmp_path: Path, line: str, hint: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, FULL.replace("read_timeout = 4.5", line)), {})
    assert caught.value.key == f"upstreams.billing.{line.split(' ')[0]}"
    assert hint in str(caught.value)


def test_the_answer_size_limit_defaults_to_32_mib_and_can_be_set(tmp_path: Path) -> None:
    text = FULL.replace("read_timeout = 4.5", "read_timeout = 4.5\nmax_answer_bytes = 1048576")
    config = load_config(write(tmp_path, text), {"GATEWAY_SAASU_MAX_ANSWER_BYTES": "2048"})
    assert config.upstreams is not None
    upstreams = config.upstreams
    assert upstreams.billing.client.max_answer_bytes == 1024 * 1024
    assert upstreams.saasu.client.max_answer_bytes == 2048
    assert upstreams.prepaid.client.max_answer_bytes == 32 * 1024 * 1024
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, FULL.replace("read_timeout = 4.5", "max_answer_bytes = 0")), {})
    assert caught.value.key == "upstreams.billing.max_answer_bytes"
    assert "at least 1" in str(caught.value)


def test_real_upstreams_need_the_auth_mode_written_out(tmp_path: Path) -> None:
    unset = FULL.replace('[auth]\nmode = "required"\n', "")
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, unset), {})
    assert caught.value.key == "auth.mode"
    assert "GATEWAY_AUTH_MODE" in str(caught.value)
    written = load_config(write(tmp_path, unset), {"GATEWAY_AUTH_MODE": "open"})
    assert written.section("auth")["mode"] == "open"
    assert load_config(None, {}).section("auth")["mode"] is None  # the sandboxes: open


REDIS = 'url = "redis://redis.example:6379/0"'


@pytest.mark.parametrize(
    ("change", "key", "hint"),
    [
        ((REDIS, 'url = "localhost:6379"'), "redis.url", "redis:// or rediss://"),
        ((REDIS, 'url = "redis://:6379/0"'), "redis.url", "must name a host"),
        (
            ("[redis]", '[cors]\norigins = "https://app.example, https://b.example/"\n[redis]'),
            "cors.origins (entry 2)",
            "with no path",
        ),
        (("[redis]", '[cors]\norigins = "app.example"\n[redis]'), "cors.origins (entry 1)", ""),
        (('host = "0.0.0.0"', 'host = "http://0.0.0.0"'), "gateway.host", "without scheme"),
        (('host = "0.0.0.0"', 'host = "0.0.0.0:8000"'), "gateway.host", "without scheme or port"),
        (("port = 9000", "port = 70000"), "gateway.port", "at most 65535"),
    ],
)
def test_addresses_the_gateway_could_not_use_are_named(
    tmp_path: Path, change: tuple[str, str], key: str, hint: str
) -> None:
    text = FULL + f"\n[redis]\n{REDIS}\n"
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text.replace(*change)), {})
    assert caught.value.key == key
    assert hint in str(caught.value)


def test_well_formed_addresses_pass(tmp_path: Path) -> None:
    text = FULL.replace('host = "0.0.0.0"', 'host = "::"') + (
        '\n[redis]\nurl = "unix:///run/redis.sock"\n\n'
        '[cors]\norigins = "https://app.example, http://localhost:3000"\n'
    )
    config = load_config(
        write(tmp_path, text), {"GATEWAY_PREPAID_BASE_URL": "http://10.0.0.7:81/x"}
    )
    assert config.upstreams is not None
    assert config.upstreams.prepaid.client.base_url == "http://10.0.0.7:81/x"
