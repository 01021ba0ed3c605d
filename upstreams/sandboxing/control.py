"""The ``/_sandbox/`` routes: read and set switches, read and reset call and fault counts
and the call log."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from upstreams.sandboxing.state import SandboxState


def control_routes(state: SandboxState) -> list[Route]:
    async def get_switches(request: Request) -> Response:
        return JSONResponse(state.switches.to_dict())

    async def patch_switches(request: Request) -> Response:
        try:
            changes = await request.json()
            if not isinstance(changes, dict):
                raise ValueError("send a JSON object of switch names to values")
            state.switches.update(changes)
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(state.switches.to_dict())

    async def get_calls(request: Request) -> Response:
        calls = state.calls()
        return JSONResponse({"total": sum(calls.values()), "endpoints": calls})

    async def get_faults(request: Request) -> Response:
        faults = state.faults()
        return JSONResponse({"total": sum(faults.values()), "kinds": faults})

    async def get_log(request: Request) -> Response:
        calls = state.call_log()
        return JSONResponse(
            {"calls": [{"at": at, "endpoint": e, "limited": lim} for at, e, lim in calls]}
        )

    async def reset_calls(request: Request) -> Response:
        state.reset_calls()
        return Response(status_code=204)

    return [
        Route("/_sandbox/switches", get_switches, methods=["GET"]),
        Route("/_sandbox/switches", patch_switches, methods=["PATCH", "PUT"]),
        Route("/_sandbox/calls", get_calls, methods=["GET"]),
        Route("/_sandbox/calls", reset_calls, methods=["DELETE"]),
        Route("/_sandbox/faults", get_faults, methods=["GET"]),
        Route("/_sandbox/log", get_log, methods=["GET"]),
    ]
