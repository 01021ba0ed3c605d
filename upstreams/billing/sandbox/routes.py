"""Every documented endpoint, its path, and the key its calls are counted under.

Keys are ``METHOD /template`` with the template as the docs write it, relative
to the server's ``api/v8`` base: ``GET /Account/{id}``, ``POST /Account/``,
``POST /Access/Login``. ``Account`` and ``Account/`` are one endpoint.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import Match, Route
from starlette.types import Scope

from upstreams.billing.sandbox.accounts import AccountEndpoints
from upstreams.billing.sandbox.children import ChildEndpoints
from upstreams.billing.sandbox.config import SandboxConfig
from upstreams.billing.sandbox.contact_input import CONTACTS
from upstreams.billing.sandbox.guard import Endpoint, protect
from upstreams.billing.sandbox.login import login_endpoint
from upstreams.billing.sandbox.note_input import NOTES
from upstreams.billing.sandbox.patch import PatchEndpoint
from upstreams.billing.sandbox.store import Store
from upstreams.billing.sandbox.tokens import Tokens
from upstreams.sandboxing.faults import EndpointKey

RESOURCE_BASE = "/ResourceServer/api/v8"
AUTHORIZATION_BASE = "/AuthorizationServer/api/v8"

Keyed = tuple[Route, str]


def _resource_table(store: Store) -> list[tuple[str, str, Endpoint]]:
    """(method, template, endpoint); literal paths before the ``{id}`` ones they resemble."""
    accounts = AccountEndpoints(store)
    contacts = ChildEndpoints(store, CONTACTS)
    notes = ChildEndpoints(store, NOTES)
    patch = PatchEndpoint(store)
    return [
        ("GET", "/Account/", accounts.list_all),
        ("GET", "/Account/Paged", accounts.paged),
        ("GET", "/Account/Paged/Detail", accounts.paged_detail),
        ("POST", "/Account/", accounts.create),
        ("GET", "/Account/{id}", accounts.one),
        ("PUT", "/Account/{id}", accounts.update),
        ("PATCH", "/Account/{id}", patch.patch),
        ("DELETE", "/Account/{id}", accounts.delete),
        ("GET", "/Account/{id}/Detail", accounts.detail),
        ("POST", "/Account/{id}/Patch", patch.patch),
        ("GET", "/Account/{id}/TaxAddress", accounts.tax_addresses),
        ("GET", "/Account/{id}/TaxAddress/AvailableFor", accounts.tax_addresses_available),
        ("GET", "/Account/{id}/Contact", contacts.list_all),
        ("POST", "/Account/{id}/Contact", contacts.create),
        ("PUT", "/Account/{id}/Contact", contacts.update),
        ("DELETE", "/Account/{id}/Contact", contacts.delete_listed),
        ("GET", "/Account/{id}/Contact/Paged", contacts.paged),
        ("GET", "/Account/{id}/Contact/{contactId}", contacts.one),
        ("DELETE", "/Account/{id}/Contact/{contactId}", contacts.delete_one),
        ("GET", "/Account/{id}/Contact/{contactId}/Detail", accounts.contact_detail),
        ("GET", "/Account/{id}/Note", notes.list_all),
        ("POST", "/Account/{id}/Note", notes.create),
        ("PUT", "/Account/{id}/Note", notes.update),
        ("DELETE", "/Account/{id}/Note", notes.delete_listed),
        ("GET", "/Account/{id}/Note/Paged", notes.paged),
        ("GET", "/Account/{id}/Note/{noteId}", notes.one),
        ("DELETE", "/Account/{id}/Note/{noteId}", notes.delete_one),
    ]


def keyed_routes(config: SandboxConfig, store: Store, tokens: Tokens) -> list[Keyed]:
    """The app's routes, each with its call-count key."""
    keyed: list[Keyed] = [
        (
            Route(
                f"{AUTHORIZATION_BASE}/Access/Login",
                login_endpoint(config, tokens),
                methods=["POST"],
            ),
            "POST /Access/Login",
        )
    ]
    for method, template, endpoint in _resource_table(store):
        guarded = protect(tokens, endpoint)
        key = f"{method} {template}"
        keyed.append((Route(RESOURCE_BASE + template, guarded, methods=[method]), key))
        if template.endswith("/"):
            alias = RESOURCE_BASE + template.rstrip("/")
            keyed.append((Route(alias, guarded, methods=[method]), key))
    return keyed


def endpoint_key(keyed: Sequence[Keyed]) -> EndpointKey:
    """Count a call under its endpoint's key; a path with the wrong method under that path."""

    async def key(scope: Scope, body: bytes) -> str:
        path_only: str | None = None
        for route, name in keyed:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return name
            if match is Match.PARTIAL and path_only is None:
                path_only = f"{scope['method']} {name.partition(' ')[2]}"
        return path_only or f"{scope['method']} {scope['path']}"

    return key
