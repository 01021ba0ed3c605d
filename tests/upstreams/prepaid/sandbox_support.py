"""What the prepaid sandbox tests share: a raw HTTP client that checks every answer
against the published Relax NG schemas. (No tests here; imported by the others.)"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from lxml import etree

import upstreams.prepaid
from tests.conftest import Serve
from upstreams.prepaid.sandbox import SandboxConfig, create_app
from upstreams.prepaid.sandbox.store import Store
from upstreams.sandboxing import World

NS = "http://www.jnctn.net/ns/rest/2006-01"
RNG_DIR = Path(upstreams.prepaid.__file__).parent / "rng"
SMALL_WORLD = World(billing_accounts=40, unlinked_prepaid_accounts=6, min_invoices=240)
ADMIN = ("admin@sandbox.example", "sandbox-admin-password")
VIEWER = ("viewer@sandbox.example", "sandbox-viewer-password")
SCHEMA_OF = {
    "SessionCreate": "SessionCreate",
    "SessionDestroy": "SessionDestroy",
    "AccountRead": "AccountRead",
    "AccountEditContact": "AccountEditContact",
    "AccountEditCreditAdd": "AccountEditAddCredit",
    "AccountEditRecharge": "AccountEditRecharge",
    "AccountInvoiceRead": "AccountInvoiceRead",
    "AccountInvoiceBrowse": "AccountInvoiceBrowse",
}


@cache
def schema(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(RNG_DIR / f"{name}.rng")))


def conforms(name: str, document: etree._Element) -> bool:
    return bool(schema(name).validate(document))


def path(steps: str) -> str:
    """``Context/Request/IsValid`` in the API's namespace."""
    return "/".join(
        f"{{{NS}}}{step}" if step not in (".", "..") else step for step in steps.split("/")
    )


def text(element: etree._Element, steps: str) -> str:
    found = element.find(path(steps))
    assert found is not None, f"no {steps}"
    return found.text or ""


def has(element: etree._Element, steps: str) -> bool:
    return element.find(path(steps)) is not None


def request_errors(document: etree._Element) -> list[tuple[str, str]]:
    """``(Parameter, Code)`` of each error of an invalid request."""
    return [
        (text(error, "Parameter"), text(error, "Code"))
        for error in document.iterfind(path("Context/Request/Errors/Error"))
    ]


def refusal(document: etree._Element) -> str | None:
    """The ``Code`` of a refused action, or ``None``."""
    error = document.find(path("Context/Action/Errors/Error"))
    return None if error is None else text(error, "Code")


def completed(document: etree._Element) -> bool:
    return text(document, "Context/Action/IsCompleted") == "true"


def established(document: etree._Element) -> bool:
    return text(document, "Context/Session/IsEstablished") == "true"


def account(document: etree._Element) -> etree._Element:
    """The ``Account`` of an account action's result."""
    result = document.find(path("Result"))
    assert result is not None, "no Result"
    found = result.find(path("*/Account"))
    assert found is not None, "no Account"
    return found


class Prepaid:
    """The served sandbox, spoken to with raw httpx; every answer is schema-checked."""

    def __init__(self, base_url: str, store: Store) -> None:
        self.base_url = base_url
        self.store = store
        # no keep-alive: an idle open connection would hold up the server's shutdown
        self.http = httpx.Client(
            base_url=base_url, timeout=10, limits=httpx.Limits(max_keepalive_connections=0)
        )

    @classmethod
    def start(cls, serve: Serve, config: SandboxConfig | None = None) -> Prepaid:
        app = create_app(config or SandboxConfig(world=SMALL_WORLD))
        return cls(serve(app).base_url, app.state.store)

    def send(
        self, params: Mapping[str, str], *, method: str = "GET", schema_name: str | None = None
    ) -> etree._Element:
        """One call to ``/api``; the answer must be HTTP 200 and valid against its schema."""
        if method == "GET":
            response = self.http.get("/api", params=dict(params))
        else:
            response = self.http.post("/api", data=dict(params))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/xml")
        document = etree.fromstring(response.content)
        name = "Exception" if document.tag == f"{{{NS}}}Exception" else schema_name
        name = name or SCHEMA_OF.get(params.get("Action", ""), "AccountRead")
        assert conforms(name, document), str(schema(name).error_log)
        return document

    def login(self, credentials: tuple[str, str] = ADMIN) -> str:
        username, password = credentials
        document = self.send(
            {"Action": "SessionCreate", "Username": username, "Password": password}, method="POST"
        )
        assert completed(document)
        return text(document, "Context/Session/SessionId")

    def act(
        self, session_id: str, action: str, *, method: str = "GET", **params: str
    ) -> etree._Element:
        return self.send({"Action": action, "SessionId": session_id, **params}, method=method)

    def json(self, params: Mapping[str, str]) -> Any:
        response = self.http.get("/api", params={**params, "Output": "json"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        return response.json()

    def charge_count(self) -> int:
        count = self.http.get("/_sandbox/charges").json()["count"]
        assert isinstance(count, int)
        return count
