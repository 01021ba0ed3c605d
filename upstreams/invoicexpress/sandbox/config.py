"""How to start an InvoiceXpress sandbox: its world, switches and API key."""

from __future__ import annotations

from dataclasses import dataclass, field

from upstreams.sandboxing import Switches, World


@dataclass
class SandboxConfig:
    """``api_key`` is the one key the sandbox accepts.

    ``account_name`` is the ``{account-name}`` of the real API's host. The
    sandbox answers on any host (the contract), so it only names the account
    the sandbox stands in for, for configurations that build the base URL.
    """

    world: World = field(default_factory=World)
    switches: Switches = field(default_factory=Switches)
    api_key: str = field(default="sandbox-invoicexpress-key", repr=False)
    account_name: str = "sandbox-org"
