"""Every answer of the resource server: JSON with a fresh ``trackingId`` first."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.responses import JSONResponse

from upstreams.billing.sandbox.problems import Problem


def answer(payload: Mapping[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse({"trackingId": str(uuid.uuid4()), **payload}, status_code=status)


def failure(
    status: int, problems: Sequence[Problem], headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = {
        "trackingId": str(uuid.uuid4()),
        "type": "error",
        "errors": [{"code": problem.code, "message": problem.message} for problem in problems],
    }
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def results(kind: str, items: Sequence[Mapping[str, Any]]) -> JSONResponse:
    """A write's answer: ``type`` is ``create``, ``update``, ``delete`` or ``patch``."""
    return answer({"type": kind, "results": {"totalCount": len(items), "items": list(items)}})
