"""What a billing sandbox is started with."""

from __future__ import annotations

from dataclasses import dataclass, field

from upstreams.sandboxing import Switches, World


@dataclass
class SandboxConfig:
    """The seeded world, the fault switches, and the one API user the sandbox accepts.

    ``token_lifetime_seconds`` is the access token's life (the vendor's is
    about 30 minutes); 0 issues tokens that are already expired, for tests.
    """

    world: World = field(default_factory=World)
    switches: Switches = field(default_factory=Switches)
    username: str = "api-user"
    password: str = "sandbox-billing-password"
    client_id: str = "sandbox-client"
    token_lifetime_seconds: int = 1800

    def __post_init__(self) -> None:
        if self.token_lifetime_seconds < 0:
            raise ValueError("token_lifetime_seconds must be at least 0")
