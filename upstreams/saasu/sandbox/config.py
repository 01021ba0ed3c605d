"""What a Saasu sandbox is started with."""

from __future__ import annotations

from dataclasses import dataclass, field

from upstreams.sandboxing import Switches, World


@dataclass(frozen=True)
class SandboxConfig:
    """The world it seeds from, its switches, and the credentials of its one user and file."""

    world: World = field(default_factory=World)
    switches: Switches = field(default_factory=Switches)
    file_id: int = 62831
    ws_access_key: str = "sandbox-saasu-access-key"
    username: str = "ledger@sandbox.example"
    password: str = "sandbox-saasu-password"
    token_lifetime_seconds: int = 10800
    daily_cap: int = 5000
