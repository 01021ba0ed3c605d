"""The ``gateway`` command line.

``gateway serve`` serves the graph at ``/graphql``. With no configuration it
first starts the four upstream sandboxes on loopback (the embedded default,
so a fresh machine needs nothing else) and points the adapters at them; with
a configuration file or ``GATEWAY_*`` variables it talks to the real upstreams.
Sandbox switches can be set at start with ``--switch``, e.g.
``--switch saasu.rate_limit=true`` or ``--switch latency_ms=20`` for all.
``gateway serve --workers N`` runs N worker processes on one port (see
``gateway.workers``). ``gateway schema check`` says what changed in the contract
since its last release and fails on a breaking change not allowed
(``gateway.contract``). ``gateway check-config`` validates a configuration file
and the ``GATEWAY_*`` environment, naming any bad key, refuses what ``serve`` would refuse, and says
whether it would serve production and how many connections each worker takes.
The help the command prints is plain text: a terminal shows no markup.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import os
import resource
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from gateway.config import ConfigError, GatewayConfig, load_config
from gateway.config_keys import env_name
from gateway.doorway import door
from gateway.listen import ListenSettings
from gateway.logging_json import configure_logging
from gateway.redaction import config_secrets
from gateway.sandboxes import UPSTREAMS
from gateway.server import run, run_on_fast_loop
from gateway.server_limits import ServerLimits, server_limits
from gateway.stores import refuse_volatile
from gateway.tracing import TracingUnavailable, build_provider
from upstreams.sandboxing import Switches, World

log = logging.getLogger("gateway.start")

DISTRIBUTION = "graph-gateway"
"""The name the project is installed under (pyproject.toml), which knows its version."""

DESCRIPTION = (
    "Serve one GraphQL graph over four HTTP APIs: over local sandboxes with no"
    " configuration, over the real upstreams with --config or GATEWAY_* variables."
)

OPEN_WITH_REAL_UPSTREAMS = (
    "auth.mode is open with real upstreams: anyone who can reach this port may query "
    "the graph and move money"
)


def parse_switches(items: Sequence[str]) -> dict[str, Switches]:
    """Turn ``[upstream.]name=value`` items into switches per upstream; raise ValueError."""
    changes: dict[str, dict[str, Any]] = {name: {} for name in UPSTREAMS}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep:
            raise ValueError(f"--switch {item!r}: expected [upstream.]name=value")
        target, _, name = key.rpartition(".")
        if target and target not in UPSTREAMS:
            raise ValueError(f"--switch {item!r}: unknown upstream {target!r}")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        for upstream in [target] if target else UPSTREAMS:
            changes[upstream][name] = value
    result: dict[str, Switches] = {}
    for upstream, values in changes.items():
        switches = Switches()
        try:
            switches.update(values)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"--switch for {upstream}: {exc}") from exc
        result[upstream] = switches
    return result


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gateway", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve", help="serve the graph (over the sandboxes unless configured)"
    )
    serve.add_argument("--config", type=Path, default=None, help="a TOML configuration file")
    listen = ListenSettings()
    serve.add_argument("--host", default=None, help=f"address to listen on (default {listen.host})")
    serve.add_argument(
        "--port", type=int, default=None, help=f"the gateway's port (default {listen.port})"
    )
    serve.add_argument(
        "--sandbox-base-port",
        type=int,
        default=8100,
        help="sandboxes listen on this port + 1..4 (prepaid, billing, saasu, invoicexpress);"
        " 0 picks free ports",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes sharing the port (default: server.workers, 1)",
    )
    serve.add_argument("--seed", type=int, default=World().seed, help="seed of the sandboxes' data")
    serve.add_argument(
        "--switch",
        action="append",
        default=[],
        metavar="[UPSTREAM.]NAME=VALUE",
        help="a sandbox switch at start, e.g. billing.latency_ms=20; repeatable",
    )
    serve.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=None,
        help="log lines as plain text or JSON (default: logging.format; unset, text on a"
        " terminal and JSON otherwise)",
    )
    export = commands.add_parser(
        "schema",
        help="print the schema's SDL, write schema.graphql, or check it against the release",
    )
    export.add_argument(
        "action",
        nargs="?",
        choices=("check",),
        help="check: classify each change since the last released contract"
        " (schema/released/) as breaking, dangerous or safe, and fail on a breaking change"
        " that was neither deprecated first nor recorded in CHANGELOG.md under a new major"
        " version",
    )
    export.add_argument(
        "--write", type=Path, default=None, metavar="PATH", help="write the SDL to PATH"
    )
    export.add_argument(
        "--root",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="with check: the checkout holding schema/released/, CHANGELOG.md, pyproject.toml"
        " and schema.graphql (default: this directory)",
    )
    check = commands.add_parser("check-config", help="validate the configuration and exit")
    check.add_argument("--config", type=Path, default=None, help="a TOML configuration file")
    return parser


def workers_refusal(config: GatewayConfig, workers: int) -> str | None:
    """Why ``workers`` processes cannot serve ``config``, or None."""
    if workers < 1:
        return "--workers must be at least 1"
    if workers > 1 and config.section("idempotency")["store"] != "redis":
        # Keys in one worker's memory are invisible to the others, so two
        # copies of a top-up landing on two workers could both charge.
        return (
            "idempotency.store must be redis (with redis.url) to serve with "
            "more than one worker: in-memory idempotency keys are per process"
        )
    return None


def tracing_refusal(config: GatewayConfig) -> str | None:
    """Why the configured tracing cannot be built here (a package missing), or None."""
    section = config.section("tracing")
    if not section["enabled"]:
        return None
    try:
        build_provider(section["service_name"], section["exporter"]).shutdown()
    except TracingUnavailable as exc:
        return str(exc)
    return None


def check_config(path: Path | None) -> int:
    """Everything ``serve`` checks before it starts, without starting anything."""
    try:
        config = load_config(path, os.environ)
        door(config)  # reads key files, PEM files and the trusted manifest
        workers = config.section("server")["workers"]
        limits = server_limits(config, sandboxes_here=workers == 1 and config.upstreams is None)
    except ConfigError as exc:
        print(f"gateway: configuration error: {exc}", file=sys.stderr)
        return 2
    refusal = (
        workers_refusal(config, workers)
        or tracing_refusal(config)
        or asyncio.run(refuse_volatile(config))
    )
    if refusal is not None:
        print(f"gateway: {refusal}", file=sys.stderr)
        return 2
    if config.upstreams is None:
        print("configuration is valid: no upstream configured, the sandboxes will serve")
    else:
        print("configuration is valid: production upstreams")
        for name in UPSTREAMS:
            print(f"  {name:<14} {getattr(config.upstreams, name).client.base_url}")
    print(f"mode: {config.mode}; auth: {config.section('auth')['mode'] or 'open'}")
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    print(
        f"connections per worker: {limits.max_connections}"
        f" (server.max_connections, fitted under the open-file limit of {soft})"
    )
    return 0


def schema_check(root: Path, code_sdl: str) -> int:
    """Exit 1 when the contract may not ship as it is, 2 when the checkout lacks a part."""
    from gateway.contract.check import check, report

    try:
        verdict = check(root, code_sdl)
    except (OSError, KeyError, ValueError) as exc:
        print(f"gateway: schema check: {exc}", file=sys.stderr)
        return 2
    print("\n".join(report(verdict)))
    return 0 if verdict.passes else 1


def serve(args: argparse.Namespace, config: GatewayConfig, limits: ServerLimits) -> None:
    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    config = dataclasses.replace(config, **overrides)
    workers = args.workers or config.section("server")["workers"]
    if workers > 1:
        from gateway.workers import run_workers

        run_workers(
            config,
            args.config,
            workers,
            world=World(seed=args.seed),
            switches=parse_switches(args.switch),
            sandbox_base_port=args.sandbox_base_port,
            announce=lambda line: print(line, flush=True),
            limits=limits,
        )
        return
    run_on_fast_loop(
        run(
            config,
            world=World(seed=args.seed),
            switches=parse_switches(args.switch),
            sandbox_base_port=args.sandbox_base_port,
            announce=lambda line: print(line, flush=True),
            limits=limits,
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        if args.log_format is not None:
            # The flag is the setting's twin, so worker processes inherit it.
            os.environ[env_name("logging", "format")] = args.log_format
        try:
            parse_switches(args.switch)
            config = load_config(args.config, os.environ)
            door(config)  # fail before any sandbox starts on a file that cannot be read
        except ValueError as exc:
            print(f"gateway: {exc}", file=sys.stderr)
            return 2
        workers = config.section("server")["workers"] if args.workers is None else args.workers
        refusal = workers_refusal(config, workers)
        if refusal is not None:
            print(f"gateway: {refusal}", file=sys.stderr)
            return 2
        try:
            # The sandboxes serve from this process unless workers serve.
            sandboxes_here = workers == 1 and config.upstreams is None
            limits = server_limits(config, sandboxes_here=sandboxes_here)
        except ConfigError as exc:
            print(f"gateway: configuration error: {exc}", file=sys.stderr)
            return 2
        logging_section = config.section("logging")
        configure_logging(
            logging_section["level"], logging_section["format"], config_secrets(config)
        )
        if config.upstreams is not None and config.section("auth")["mode"] == "open":
            log.warning(OPEN_WITH_REAL_UPSTREAMS)
        refusal = asyncio.run(refuse_volatile(config))
        if refusal is not None:
            print(f"gateway: {refusal}", file=sys.stderr)
            return 2
        try:
            serve(args, config, limits)
        except TracingUnavailable as exc:
            print(f"gateway: {exc}", file=sys.stderr)
            return 2
    if args.command == "check-config":
        return check_config(args.config)
    if args.command == "schema":
        from resolvers.schema import sdl

        if args.action == "check":
            return schema_check(args.root, sdl())
        if args.write is None:
            print(sdl(), end="")
        else:
            args.write.write_text(sdl())
    return 0
