"""The sandbox inside the kit: calls counted per endpoint, the vendor's rate limit, switches."""

from __future__ import annotations

from tests.conftest import Serve
from tests.upstreams.invoicexpress.sandbox_support import (
    FIRST_ID,
    encode,
    refused,
    sandbox,
)

GET_JSON = "GET /api/accounts/{account_id}/get.json"
GET_XML = "GET /api/accounts/{account_id}/get.xml"
PUT_JSON = "PUT /api/accounts/{account_id}/update.json"
PUT_XML = "PUT /api/accounts/{account_id}/update.xml"


def test_calls_are_counted_per_endpoint_and_format(serve: Serve) -> None:
    with sandbox(serve) as api:
        api.get(FIRST_ID, "json")
        api.get(FIRST_ID + 1, "json")
        api.get(FIRST_ID, "json", key=None)  # refused calls count too
        api.get(FIRST_ID, "xml")
        api.put(FIRST_ID, "json", encode("json", {"city": "Faro"}))
        api.put(FIRST_ID + 9000, "xml", encode("xml", {"city": "Faro"}))
        api.client.get("/_sandbox/switches")
        calls = api.calls()
        assert calls == {
            "total": 6,
            "endpoints": {GET_JSON: 3, GET_XML: 1, PUT_JSON: 1, PUT_XML: 1},
        }
        assert api.client.delete("/_sandbox/calls").status_code == 204
        assert api.calls() == {"total": 0, "endpoints": {}}


def test_the_rate_limit_switch_holds_the_vendor_limit(serve: Serve) -> None:
    """100 calls a minute with bursts of 10: twenty calls at once cannot all pass."""
    with sandbox(serve, rate_limit=True) as api:
        statuses = [api.get(FIRST_ID, "json").status_code for _ in range(20)]
        assert statuses[:10] == [200] * 10
        assert 429 in statuses
        throttled = next(
            r for r in (api.get(FIRST_ID, "json") for _ in range(5)) if r.status_code == 429
        )
        assert int(throttled.headers["retry-after"]) >= 1
        assert api.calls()["total"] >= 21


def test_the_limit_is_off_without_the_switch(serve: Serve) -> None:
    with sandbox(serve) as api:
        assert {api.get(FIRST_ID, "json").status_code for _ in range(20)} == {200}


def test_switches_set_while_running_apply(serve: Serve) -> None:
    with sandbox(serve) as api:
        changed = api.client.patch("/_sandbox/switches", json={"error_rate": 1.0})
        assert changed.status_code == 200
        assert api.get(FIRST_ID, "json").status_code in (500, 502, 503)
        api.client.patch("/_sandbox/switches", json={"error_rate": 0.0})
        assert api.get(FIRST_ID, "json").status_code == 200


def test_a_schema_fault_keeps_xml_well_formed_but_unrecognisable(serve: Serve) -> None:
    with sandbox(serve, malformed_rate=1.0, malformed_kind="schema") as api:
        response = api.get(FIRST_ID, "xml")
        assert response.status_code == 200
        assert response.content.startswith(b"<?xml")
        assert b"<account>" not in response.content
        update = api.put(FIRST_ID, "json", encode("json", {"postal_code": "1"}))
        assert "errors" not in update.json()


def test_error_answers_keep_their_format_under_no_fault(serve: Serve) -> None:
    with sandbox(serve) as api:
        assert refused("xml", api.get(FIRST_ID, "xml", key="nope"), 401) == ["Access denied"]
