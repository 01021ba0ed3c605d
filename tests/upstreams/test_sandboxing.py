"""The sandbox kit's switches, counts and limits, seen over real HTTP."""

from __future__ import annotations

import time

import httpx
import pytest
from lxml import etree
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.conftest import Serve
from upstreams.sandboxing import SandboxState, Switches, VendorLimit, build_sandbox

XML = b"<?xml version='1.0' encoding='UTF-8'?><Things><Thing><Id>1</Id></Thing></Things>"
writes: list[int] = []


async def read_thing(request: Request) -> Response:
    return Response(XML, media_type="application/xml")


async def write_thing(request: Request) -> Response:
    writes.append(int(request.path_params["id"]))
    return JSONResponse({"id": int(request.path_params["id"]), "ok": True})


def make_client(
    serve: Serve, switches: Switches | None = None, limit: VendorLimit | None = None
) -> httpx.Client:
    state = SandboxState("test", switches, limit, seed=7)
    app = build_sandbox(
        state,
        [
            Route("/things/{id:int}", read_thing, methods=["GET"]),
            Route("/things/{id:int}", write_thing, methods=["POST"]),
        ],
    )
    return httpx.Client(base_url=serve(app).base_url, timeout=5)


def test_calls_are_counted_per_route_template(serve: Serve) -> None:
    client = make_client(serve)
    for thing in (1, 2, 3):
        client.get(f"/things/{thing}")
    client.post("/things/4")
    client.get("/_sandbox/switches")
    assert client.get("/_sandbox/calls").json() == {
        "total": 4,
        "endpoints": {"GET /things/{id:int}": 3, "POST /things/{id:int}": 1},
    }
    assert client.delete("/_sandbox/calls").status_code == 204
    assert client.get("/_sandbox/calls").json() == {"total": 0, "endpoints": {}}


def test_faults_served_are_counted_by_kind_and_reset_with_the_calls(serve: Serve) -> None:
    client = make_client(serve)
    client.patch("/_sandbox/switches", json={"error_rate": 1.0})
    client.get("/things/1")
    client.patch("/_sandbox/switches", json={"error_rate": 0.0, "throttle_rate": 1.0})
    client.get("/things/1")
    client.patch("/_sandbox/switches", json={"throttle_rate": 0.0, "malformed_rate": 1.0})
    client.get("/things/1")
    client.get("/things/2")
    assert client.get("/_sandbox/faults").json() == {
        "total": 4,
        "kinds": {"error": 1, "throttle": 1, "malformed": 2},
    }
    client.delete("/_sandbox/calls")
    assert client.get("/_sandbox/faults").json() == {"total": 0, "kinds": {}}


def test_switches_are_set_while_running_all_or_nothing(serve: Serve) -> None:
    client = make_client(serve)
    assert client.patch("/_sandbox/switches", json={"latency_ms": 5}).json()["latency_ms"] == 5
    bad = client.patch("/_sandbox/switches", json={"latency_ms": 9, "error_rate": 1.5})
    assert bad.status_code == 400
    assert "error_rate" in bad.json()["error"]
    assert client.get("/_sandbox/switches").json()["latency_ms"] == 5
    unknown = client.patch("/_sandbox/switches", json={"explode": True})
    assert unknown.status_code == 400
    assert "explode" in unknown.json()["error"]


def test_switches_set_at_start_apply_from_the_first_call(serve: Serve) -> None:
    client = make_client(serve, Switches(error_rate=1.0))
    assert client.get("/things/1").status_code in (500, 502, 503)


def test_latency_delays_every_answer(serve: Serve) -> None:
    client = make_client(serve, Switches(latency_ms=150, jitter_ms=0))
    started = time.perf_counter()
    assert client.get("/things/1").status_code == 200
    assert time.perf_counter() - started >= 0.15


def test_error_rate_answers_5xx_without_reaching_the_api(serve: Serve) -> None:
    client = make_client(serve, Switches(error_rate=1.0))
    writes.clear()
    response = client.post("/things/9")
    assert response.status_code in (500, 502, 503)
    assert writes == []


def test_error_rate_share_hits_some_calls_not_all(serve: Serve) -> None:
    client = make_client(serve, Switches(error_rate=0.5))
    statuses = [client.get("/things/1").status_code for _ in range(40)]
    assert 0 < statuses.count(200) < 40


def test_hang_before_holds_the_call_past_a_client_timeout(serve: Serve) -> None:
    client = make_client(serve, Switches(hang_rate=1.0, hang_seconds=2.0))
    writes.clear()
    with pytest.raises(httpx.ReadTimeout):
        client.post("/things/5", timeout=0.3)
    assert writes == []


def test_hang_after_lets_the_api_act_and_loses_the_answer(serve: Serve) -> None:
    client = make_client(serve, Switches(hang_rate=1.0, hang_seconds=2.0, hang_phase="after"))
    writes.clear()
    with pytest.raises(httpx.ReadTimeout):
        client.post("/things/6", timeout=0.3)
    assert writes == [6]


def test_throttle_answers_429_with_retry_after(serve: Serve) -> None:
    client = make_client(serve, Switches(throttle_rate=1.0, retry_after_seconds=7))
    response = client.get("/things/1")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"


def test_malformed_truncate_cuts_the_body(serve: Serve) -> None:
    client = make_client(serve, Switches(malformed_rate=1.0, malformed_kind="truncate"))
    response = client.get("/things/1")
    assert response.status_code == 200
    assert response.content == XML[: len(XML) // 2]
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(response.content)


def test_malformed_schema_keeps_xml_well_formed_but_changes_its_shape(serve: Serve) -> None:
    client = make_client(serve, Switches(malformed_rate=1.0, malformed_kind="schema"))
    root = etree.fromstring(client.get("/things/1").content)
    assert root.tag == "Unexpected"


def test_malformed_schema_on_json_changes_its_shape(serve: Serve) -> None:
    client = make_client(serve, Switches(malformed_rate=1.0, malformed_kind="schema"))
    assert client.post("/things/2").json() == {"unexpected": {"id": 2, "ok": True}}


def test_only_endpoints_limits_faults_to_the_named_endpoints(serve: Serve) -> None:
    client = make_client(serve, Switches(error_rate=1.0, only_endpoints=["POST /things/{id:int}"]))
    assert client.get("/things/1").status_code == 200
    assert client.post("/things/1").status_code >= 500


def test_vendor_limit_applies_only_when_switched_on(serve: Serve) -> None:
    client = make_client(serve, limit=VendorLimit(per_second=1, burst=2))
    assert [client.get("/things/1").status_code for _ in range(4)] == [200] * 4
    client.patch("/_sandbox/switches", json={"rate_limit": True})
    statuses = [client.get("/things/1") for _ in range(4)]
    assert [r.status_code for r in statuses][:2] == [200, 200]
    assert statuses[-1].status_code == 429
    assert int(statuses[-1].headers["retry-after"]) >= 1


def test_vendor_daily_cap_blocks_until_the_day_is_over(serve: Serve) -> None:
    client = make_client(serve, Switches(rate_limit=True), VendorLimit(1000, 1000, daily_cap=3))
    statuses = [client.get("/things/1") for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert int(statuses[-1].headers["retry-after"]) > 3600


def test_the_call_log_says_when_each_call_came_and_which_the_limit_refused(serve: Serve) -> None:
    client = make_client(serve, Switches(rate_limit=True), VendorLimit(per_second=1, burst=2))
    before = time.time()
    statuses = [client.get(f"/things/{thing}").status_code for thing in (1, 2, 3)]
    client.post("/things/4")
    log = client.get("/_sandbox/log").json()["calls"]
    assert statuses == [200, 200, 429]
    assert [(call["endpoint"], call["limited"]) for call in log] == [
        ("GET /things/{id:int}", False),
        ("GET /things/{id:int}", False),
        ("GET /things/{id:int}", True),
        ("POST /things/{id:int}", True),
    ]
    times = [call["at"] for call in log]
    assert before <= times[0] and times == sorted(times) and times[-1] <= time.time()
    client.delete("/_sandbox/calls")
    assert client.get("/_sandbox/log").json() == {"calls": []}
