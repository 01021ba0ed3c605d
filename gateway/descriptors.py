"""Fit the cap on client connections under the process's open-file limit.

A worker out of file descriptors can neither accept a client nor open an
upstream connection: 520 silent connections under a limit of 512 locked every
client out. So at start the cap is checked against ``RLIMIT_NOFILE``, keeping
room for the upstream pools (twice, when the sandboxes serve them in this
same process), Redis, logs and the listening socket. A soft limit below what
the cap needs is raised toward the hard limit, as Go programs do; a cap the
hard limit cannot hold is a configuration error.
"""

from __future__ import annotations

import resource
from typing import TYPE_CHECKING

from gateway.config_error import ConfigError
from upstreams.client_settings import ClientSettings

if TYPE_CHECKING:  # gateway.config reads defaults through gateway.server_limits, which needs this
    from gateway.config import UpstreamSettings

DEFAULT_CAP = 1024
SPARE = 64  # listening socket, Redis clients, log files, the odd file read
MINIMUM_ROOM = 16
KEY = "server.max_connections"


def descriptors_kept(upstreams: UpstreamSettings | None, *, sandboxes_here: bool) -> int:
    """Descriptors the process needs besides its clients' connections."""
    if upstreams is None:
        pools = 4 * ClientSettings(base_url="").max_connections
    else:
        pools = sum(
            settings.client.max_connections
            for settings in (
                upstreams.prepaid,
                upstreams.billing,
                upstreams.saasu,
                upstreams.invoicexpress,
            )
        )
    return pools * (2 if sandboxes_here else 1) + SPARE


def connection_cap(configured: int | None, kept: int) -> int:
    """The cap on client connections per process; raises ``ConfigError`` if none fits.

    ``configured`` unset means as many as the limit leaves room for, at most
    ``DEFAULT_CAP``; a configured cap above that room is refused, not shrunk.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = kept + (configured or DEFAULT_CAP)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if raised > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
    room = wanted if soft == resource.RLIM_INFINITY else soft - kept
    if configured is not None:
        if configured > room:
            raise ConfigError(
                KEY,
                f"must be at most {max(room, 0)}: the open-file limit is {soft} and "
                f"{kept} descriptors are kept for upstream pools and the process "
                "(raise the limit with ulimit -n, or lower the cap or upstreams.*.max_connections)",
            )
        return configured
    if room < MINIMUM_ROOM:
        raise ConfigError(
            KEY,
            f"has no room: the open-file limit is {soft} and {kept} descriptors are kept "
            "for upstream pools and the process (raise the limit with ulimit -n, "
            "or lower upstreams.*.max_connections)",
        )
    return min(DEFAULT_CAP, room)
