"""Shared by the billing sandbox tests (no tests here): starting one, logging in, doc shapes.

The key sets are transcribed from the docs' sample responses
(``shared/upstream-docs/001_3a27f633777c2c13.txt``); they are the spec the
sandbox's answers are compared with, not results of the code under test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from tests.conftest import Serve
from upstreams.billing.sandbox import SandboxConfig, create_app
from upstreams.sandboxing import World

BASE = "/ResourceServer/api/v8/"
LOGIN = "/AuthorizationServer/api/v8/Access/Login"
SMALL = World(billing_accounts=60)

ACCOUNT_KEYS = {
    "identity", "currencyId", "currencyName", "ownerId", "ownerName", "name", "created",
    "accountStatusTypeId", "accountStatusTypeName", "billGroupId", "billGroupName",
    "actingOwnerId", "actingOwnerName", "updated", "effectiveCancel", "invoiceDeliveryId",
    "invoiceDeliveryName", "accountsReceivableTermsId", "accountsReceivableTermsName",
    "accountTypeId", "accountTypeName", "billDay", "accountTaxCategoryId",
    "accountTaxCategoryName", "taxCodeId", "taxCodeName", "invoicerAccountId",
    "invoicerAccountName", "usageInvoicerAccountId", "usageInvoicerAccountName",
    "taxSettingAccountId", "taxSettingAccountName", "usageBillDay", "isReadOnlyBillDay",
    "isReadOnlyUsageBillDay", "displayName", "createdByUserId", "createdByUserName",
    "pendingBillDay", "pendingUsageBillDay", "lifeline", "externalAccountIdentifier",
    "vATNumber", "eInvoiceEndpointId", "eInvoiceSchemeId", "zeroInclusiveTaxWhenExempt",
    "defaultPaymentGatewayId", "defaultPaymentGatewayName", "id",
}  # fmt: skip
DETAIL_KEYS = {
    "parent", "contacts", "currentRatePlan", "currentPricePlan", "accountSummary",
    "priceBookRegions", "accountTaxExemptions", "taxAddresses",
}  # fmt: skip
PARENT_KEYS = {
    "identity", "accountId", "accountName", "parentAccountId", "parentAccountName",
    "topAccountId", "topAccountName", "updated",
}  # fmt: skip
CONTACT_KEYS = {
    "identity", "contactTypeId", "contactTypeName", "title", "firstName", "lastName",
    "isUsedForTax", "updated",
}  # fmt: skip
CONTACT_DETAIL_KEYS = CONTACT_KEYS | {"name", "details"}
CONTACT_POINT_KEYS = {
    "identity", "contactPointTypeId", "contactPointTypeName", "value", "contactId", "updated",
}  # fmt: skip
ADDRESS_KEYS = {
    "identity", "address1", "address2", "stateId", "stateName", "countryId", "countryName",
    "zipCode", "latitude", "longitude", "cityName", "taxJurisdictionCodeUpdated",
    "isIncorporated", "updated", "stateCode", "countryCode",
}  # fmt: skip
RATE_PLAN_KEYS = {"identity", "name", "displayName", "start"}
PRICE_PLAN_KEYS = {
    "identity", "name", "accountId", "accountName", "description", "start", "end",
    "lastUsedForBilling", "includeChildAccounts",
}  # fmt: skip
SUMMARY_KEYS = {"identity", "accountId", "accountName", "balance", "balanceDue"}
REGION_KEYS = {"identity", "name", "description", "isActive", "created"}
EXEMPTION_KEYS = {
    "identity", "accountId", "accountName", "description", "isFederalTaxLevel",
    "isStateTaxLevel", "isCountyTaxLevel", "isLocalTaxLevel", "taxTypeId", "taxTypeName",
    "updated", "stateId", "stateName", "stateCode", "countryId", "countryName", "countryCode",
    "zipCode", "city",
}  # fmt: skip
TAX_ADDRESS_KEYS = {
    "identity", "name", "isShared", "accountId", "accountName", "addressId", "created",
    "updated", "saveTaxAddressOnInvoicer", "address1", "address2", "stateId", "stateName",
    "stateCode", "countryId", "countryName", "countryCode", "zipCode", "cityName",
    "taxJurisdictionCodeUpdated", "isIncorporated",
}  # fmt: skip
NOTE_KEYS = {
    "identity", "subject", "text", "noteTypeId", "noteTypeName", "created", "createdByUserId",
    "createdByUserName", "updated", "updatedByUserId", "updatedByUserName", "showOnOverview",
    "isImportant",
}  # fmt: skip
PAGINATION_KEYS = {"pageNumber", "pageSize", "excludeTotalCount"}
DELETE_ENTRY_KEYS = {"identity", "action", "dtoTypeKey"}
PATCH_ENTRY_KEYS = {"identity", "action", "dtoTypeKey", "patchClientId", "instance"}

Json = dict[str, Any]


@dataclass
class Sandbox:
    """A served billing sandbox: ``root`` at the server root, ``api`` at the resource base."""

    config: SandboxConfig
    root: httpx.Client
    api: httpx.Client

    def calls(self) -> dict[str, int]:
        endpoints: dict[str, int] = self.root.get("/_sandbox/calls").json()["endpoints"]
        return endpoints


def password_form(config: SandboxConfig) -> dict[str, str]:
    return {
        "username": config.username,
        "password": config.password,
        "grant_type": "password",
        "client_id": config.client_id,
    }


def start(serve: Serve, config: SandboxConfig | None = None) -> tuple[SandboxConfig, httpx.Client]:
    config = config or SandboxConfig(world=SMALL)
    server = serve(create_app(config))
    return config, httpx.Client(base_url=server.base_url, timeout=10)


def open_sandbox(serve: Serve, config: SandboxConfig | None = None) -> Sandbox:
    """Start a sandbox (a small world unless told), log in, and zero the call counts."""
    config, root = start(serve, config)
    granted = root.post(LOGIN, data=password_form(config))
    assert granted.status_code == 200, granted.text
    token = granted.json()["access_token"]
    api = httpx.Client(
        base_url=f"{root.base_url}{BASE}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert root.delete("/_sandbox/calls").status_code == 204
    return Sandbox(config, root, api)


def paging(**fields: object) -> dict[str, str]:
    return {"pagination": json.dumps(fields)}


def ok(response: httpx.Response) -> Json:
    assert response.status_code == 200, response.text
    body: Json = response.json()
    assert isinstance(body.pop("trackingId"), str)
    return body


def errors(response: httpx.Response, status: int = 400) -> list[tuple[str, str]]:
    """(code, message) of an error answer, after checking its envelope."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"trackingId", "type", "errors"}
    assert body["type"] == "error"
    return [(error["code"], error["message"]) for error in body["errors"]]


def fields_of(problems: list[tuple[str, str]]) -> dict[str, str]:
    """Field named first in each message (in single quotes) -> its code."""
    found: dict[str, str] = {}
    for code, message in problems:
        assert message.startswith("'"), message
        found[message.split("'")[1]] = code
    return found


def all_details(sandbox: Sandbox) -> list[Json]:
    """Every account with ``details``, in one paged call."""
    body = ok(sandbox.api.get("Account/Paged/Detail", headers=paging(pageSize=1000)))
    items: list[Json] = body["pagedResults"]["items"]
    return items
