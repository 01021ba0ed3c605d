"""Turn results and errors into responses in the negotiated format."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from starlette.responses import Response

from upstreams.saasu.sandbox import json_answers, xml_answers
from upstreams.saasu.sandbox.account import Account
from upstreams.saasu.sandbox.formats import Format
from upstreams.saasu.sandbox.links import Link
from upstreams.saasu.sandbox.problems import ApiError, ModelState


class Writer(Protocol):
    """What ``json_answers`` and ``xml_answers`` each provide."""

    def account(self, item: Account, links: Sequence[Link]) -> bytes: ...

    def account_list(
        self, items: Sequence[tuple[Account, Sequence[Link]]], links: Sequence[Link]
    ) -> bytes: ...

    def update_result(self, item: Account, links: Sequence[Link]) -> bytes: ...

    def error(self, message: str, model_state: ModelState | None) -> bytes: ...


def writer(fmt: Format) -> Writer:
    return json_answers if fmt.kind == "json" else xml_answers


def respond(fmt: Format, body: bytes, status: int = 200) -> Response:
    return Response(body, status_code=status, headers={"Content-Type": fmt.content_type})


def error_response(fmt: Format, error: ApiError) -> Response:
    response = respond(fmt, writer(fmt).error(error.message, error.model_state), error.status)
    response.headers.update(error.headers)
    return response
