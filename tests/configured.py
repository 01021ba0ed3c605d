"""The ``[upstreams.*]`` tables of a gateway configured to talk to running sandboxes.

Tests that start ``gateway serve --config`` as a process (production mode,
replicas, idempotency across processes) point it at sandboxes they serve
themselves, with the sandboxes' own credentials.
"""

from __future__ import annotations

from collections.abc import Mapping

from gateway.sandboxes import INVOICING_ACCOUNT_ID
from upstreams.billing import sandbox as billing
from upstreams.invoicexpress import sandbox as invoicexpress
from upstreams.prepaid import sandbox as prepaid
from upstreams.saasu import sandbox as saasu

OPEN_DOOR = '[auth]\nmode = "open"\n\n'
"""Real upstreams need ``[auth] mode`` written out: these test gateways answer any caller."""


def upstreams_toml(
    urls: Mapping[str, str], *, saasu_access_key: bool = False, saasu_format: str = "json"
) -> str:
    """Tables for the four upstreams at ``urls``; Saasu by password unless ``saasu_access_key``."""
    p, b, s, i = (
        prepaid.SandboxConfig(),
        billing.SandboxConfig(),
        saasu.SandboxConfig(),
        invoicexpress.SandboxConfig(),
    )
    saasu_auth = (
        f'ws_access_key = "{s.ws_access_key}"'
        if saasu_access_key
        else f'username = "{s.username}"\npassword = "{s.password}"'
    )
    return f"""
[upstreams.prepaid]
base_url = "{urls["prepaid"]}"
username = "{p.username}"
password = "{p.password}"

[upstreams.billing]
base_url = "{urls["billing"]}"
username = "{b.username}"
password = "{b.password}"
client_id = "{b.client_id}"

[upstreams.saasu]
base_url = "{urls["saasu"]}"
file_id = {s.file_id}
format = "{saasu_format}"
{saasu_auth}

[upstreams.invoicexpress]
base_url = "{urls["invoicexpress"]}"
api_key = "{i.api_key}"
account_id = {INVOICING_ACCOUNT_ID}
"""
