"""The upstream's own round trip: the one-account scenario's call, sent straight to its sandbox.

The critical path counts only the added latency; the sandbox's own answer
time, the loopback and the load generator come on top for the gateway and
for this reference alike. So the gateway's p50 minus this p50 is the latency
the gateway itself adds to a one-call query.
"""

from __future__ import annotations

from typing import Any

import httpx

from bench.gateway_process import _Remote
from bench.scenarios import SCENARIOS
from gateway.sandboxes import sandbox_settings
from upstreams.billing.adapter import RESOURCE_PATH
from upstreams.billing.auth import LOGIN_PATH


def account_read(urls: dict[str, str]) -> dict[str, Any]:
    """A load job's URL and request fields for ``GET Account/{id}`` of the ten-field scenario."""
    billing = sandbox_settings(_Remote(urls), {}).billing
    base = billing.client.base_url
    login = httpx.post(
        f"{base}{LOGIN_PATH}",
        data={
            "grant_type": "password",
            "username": billing.username,
            "password": billing.password,
            "client_id": billing.client_id,
        },
        timeout=30,
    )
    login.raise_for_status()
    token = login.json()["access_token"]
    scenario = next(s for s in SCENARIOS if s.name == "account_ten_fields")
    return {
        "urls": [base],
        "get": f"{RESOURCE_PATH}/Account/{scenario.variables['id']}",
        "headers": {"Authorization": f"Bearer {token}", "Accept": "application/json"},
    }
