"""How to start a prepaid sandbox: its world, switches, users and session lifetime."""

from __future__ import annotations

from dataclasses import dataclass, field

from upstreams.sandboxing import Switches, World


@dataclass
class SandboxConfig:
    """``username`` has the ``Account Admin`` role; ``viewer_username`` does not, so
    every account action is refused to it with ``Authorization``.

    ``faulty_account_ids``: any action on these accounts answers the API's
    ``Exception`` document, as an internal fault of the real API would.
    """

    world: World = field(default_factory=World)
    switches: Switches = field(default_factory=Switches)
    username: str = "admin@sandbox.example"
    password: str = field(default="sandbox-admin-password", repr=False)
    viewer_username: str = "viewer@sandbox.example"
    viewer_password: str = field(default="sandbox-viewer-password", repr=False)
    session_idle_seconds: float = 1800.0
    faulty_account_ids: frozenset[int] = frozenset()
