"""The least upstream calls each scenario's answer allows, worked out from the answer itself.

Each function takes the response's ``data`` and returns calls per upstream
endpoint (as the sandboxes count them): one call per distinct record the
answer needs and no page or record read twice. A linked record that a page
already carried costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Calls = dict[str, dict[str, int]]


def _nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def account_ten_fields(data: dict[str, Any]) -> Calls:
    return {"billing": {"GET /Account/{id}": 1}}


def accounts_50(data: dict[str, Any]) -> Calls:
    nodes = _nodes(data["customerAccounts"])
    on_page = {node["id"] for node in nodes}
    invoicers = {n["invoicerAccountId"] for n in nodes} - on_page - {None}
    prepaid = {
        int(text)
        for n in nodes
        if (text := (n["externalAccountIdentifier"] or "").strip()).isdigit()
    }
    billing = {"GET /Account/Paged/Detail": 1}
    if invoicers:
        billing["GET /Account/{id}"] = len(invoicers)
    calls: Calls = {"billing": billing}
    if prepaid:
        calls["prepaid"] = {"AccountRead": len(prepaid)}
    return calls


def invoices_100(data: dict[str, Any]) -> Calls:
    accounts = {node["prepaidAccountId"] for node in _nodes(data["invoices"])}
    return {"prepaid": {"AccountInvoiceBrowse": 1, "AccountRead": len(accounts)}}


def mutation_set_recharge(data: dict[str, Any]) -> Calls:
    return {"prepaid": {"AccountEditRecharge": 1}}


def entities_100(data: dict[str, Any]) -> Calls:
    return {"billing": {"GET /Account/{id}": len(data["_entities"])}}


def billing_page_50(data: dict[str, Any]) -> Calls:
    return {"billing": {"GET /Account/Paged/Detail": 1}}


MINIMAL: dict[str, Callable[[dict[str, Any]], Calls]] = {
    "account_ten_fields": account_ten_fields,
    "accounts_50": accounts_50,
    "invoices_100": invoices_100,
    "mutation_set_recharge": mutation_set_recharge,
    "entities_100": entities_100,
    "billing_page_50": billing_page_50,
}
