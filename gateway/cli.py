"""The ``gateway`` command line.

``gateway serve`` serves the graph at ``/graphql``. With no configuration it
first starts the four upstream sandboxes on loopback (the embedded default,
so a fresh machine needs nothing else) and points the adapters at them; with
a configuration file or ``GATEWAY_*`` variables it talks to the real upstreams.
Sandbox switches can be set at start with ``--switch``, e.g.
``--switch saasu.rate_limit=true`` or ``--switch latency_ms=20`` for all.
``gateway serve --workers N`` runs N worker processes on one port (see
``gateway.workers``). ``gateway check-config`` validates a configuration file and the ``GATEWAY_*``
environment, naming any bad key, and says whether it would serve production.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gateway.config import ConfigError, GatewayConfig, load_config
from gateway.doorway import door
from gateway.logging_json import configure_logging
from gateway.redaction import config_secrets
from gateway.sandboxes import UPSTREAMS
from gateway.server import run, run_on_fast_loop
from gateway.server_limits import ServerLimits, server_limits
from gateway.stores import refuse_volatile
from gateway.tracing import TracingUnavailable
from upstreams.sandboxing import Switches, World


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gateway", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve", help="serve the graph (over the sandboxes unless configured)"
    )
    serve.add_argument("--config", type=Path, default=None, help="a TOML configuration file")
    serve.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="the gateway's port (default 8000)")
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
    export = commands.add_parser("schema", help="print the schema's SDL, or write schema.graphql")
    export.add_argument(
        "--write", type=Path, default=None, metavar="PATH", help="write the SDL to PATH"
    )
    check = commands.add_parser("check-config", help="validate the configuration and exit")
    check.add_argument("--config", type=Path, default=None, help="a TOML configuration file")
    return parser


def check_config(path: Path | None) -> int:
    try:
        config = load_config(path, os.environ)
        door(config)  # reads key files, PEM files and the trusted manifest
    except ConfigError as exc:
        print(f"gateway: configuration error: {exc}", file=sys.stderr)
        return 2
    if config.upstreams is None:
        print("configuration is valid: no upstream configured, the sandboxes will serve")
    else:
        print("configuration is valid: production upstreams")
        for name in UPSTREAMS:
            print(f"  {name:<14} {getattr(config.upstreams, name).client.base_url}")
    return 0


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
        try:
            parse_switches(args.switch)
            config = load_config(args.config, os.environ)
            door(config)  # fail before any sandbox starts on a file that cannot be read
        except ValueError as exc:
            print(f"gateway: {exc}", file=sys.stderr)
            return 2
        if args.workers is not None and args.workers < 1:
            print("gateway: --workers must be at least 1", file=sys.stderr)
            return 2
        workers = args.workers or config.section("server")["workers"]
        if workers > 1 and config.section("idempotency")["store"] != "redis":
            # Keys in one worker's memory are invisible to the others, so two
            # copies of a top-up landing on two workers could both charge.
            print(
                "gateway: idempotency.store must be redis (with redis.url) to serve with "
                "more than one worker: in-memory idempotency keys are per process",
                file=sys.stderr,
            )
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

        if args.write is None:
            print(sdl(), end="")
        else:
            args.write.write_text(sdl())
    return 0
