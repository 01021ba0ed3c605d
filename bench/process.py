"""Run ``gateway serve`` on its sandboxes as a child process, as a user would.

The soak measures the gateway's own memory, so it runs apart from the load
generator; its sandboxes share its process (that is how ``gateway serve``
runs them), so their state counts too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

UPSTREAMS = ("prepaid", "billing", "saasu", "invoicexpress")


@dataclass
class Gateway:
    """A started gateway: its process, ``/graphql`` URL and sandbox base URLs."""

    process: subprocess.Popen[str]
    url: str
    sandboxes: dict[str, str]

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=5)


def start_gateway(switches: Sequence[str]) -> Gateway:
    """Start ``gateway serve`` on free ports with ``--switch`` items; return once it listens."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    command = [sys.executable, "-m", "gateway", "serve", "--port", "0", "--sandbox-base-port", "0"]
    for item in switches:
        command += ["--switch", item]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environ
    )
    assert process.stdout is not None
    sandboxes: dict[str, str] = {}
    while True:
        line = process.stdout.readline()
        if not line:
            process.wait(timeout=5)
            raise RuntimeError(f"gateway serve exited early with {process.returncode}")
        words = line.split()
        if words[:1] == ["sandbox"] and len(words) == 3:
            sandboxes[words[1]] = words[2]
        if words[:2] == ["GraphQL", "at"]:
            return Gateway(process, words[2], sandboxes)
