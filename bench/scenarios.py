"""The benchmark's scenarios: one GraphQL operation each, its minimal upstream calls, its waves.

``calls`` is the least the documented endpoints allow for the operation, per
upstream endpoint key as the sandboxes count them (``/_sandbox/calls``); a
run asserts the gateway makes exactly these. ``waves`` is the number of
dependent upstream round trips (each wave needs an answer of the one
before), so the critical path is ``waves x added latency``; ``why`` says
where the waves come from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.relay import to_base64

from upstreams.sandboxing import World

WORLD = World()


@dataclass(frozen=True)
class Scenario:
    """One measured operation."""

    name: str
    title: str
    query: str
    waves: int
    why: str
    variables: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {"query": self.query, "variables": self.variables}


def _account_id() -> int:
    return WORLD.billing_ids()[7]


ACCOUNT_TEN_FIELDS = Scenario(
    name="account_ten_fields",
    title="One account, ten fields",
    query="""query Account($id: Int!) {
  customerAccount(identity: $id) {
    identity name displayName currencyName ownerName created
    accountStatusTypeName billGroupName billDay externalAccountIdentifier
  }
}""",
    variables={"id": _account_id()},
    waves=1,
    why="GET Account/{id}: plain account fields need no detail read",
)

ACCOUNTS_50 = Scenario(
    name="accounts_50",
    title="50 billing accounts with contacts, invoicer name and prepaid balance",
    query="""query Accounts {
  customerAccounts(first: 50) {
    edges { node {
      id identity name invoicerAccountId externalAccountIdentifier
      contacts { firstName lastName }
      invoicerAccount { name }
      prepaidAccount { balance { amount } }
    } }
  }
}""",
    waves=2,
    why="Account/Paged/Detail page (contacts included) -> then, in parallel, "
    "AccountRead per linked prepaid account and Account/{id} per invoicer outside the page",
)

INVOICES_100 = Scenario(
    name="invoices_100",
    title="100 invoices with account names",
    query="""query Invoices {
  invoices(first: 100) {
    edges { node { invoiceNumber prepaidAccountId total { amount } prepaidAccount { name } } }
  }
}""",
    waves=2,
    why="AccountInvoiceBrowse page -> AccountRead per distinct account, in parallel",
)


def _recharge_account() -> int:
    return WORLD.prepaid_ids()[3]


MUTATION = Scenario(
    name="mutation_set_recharge",
    title="Mutation: setRecharge",
    query="""mutation Recharge($input: SetRechargeInput!) {
  setRecharge(input: $input) {
    account { accountNumber autoRecharge { enabled threshold { amount } level { amount } } }
    userErrors { field message code }
  }
}""",
    variables={
        "input": {
            "prepaidAccountId": to_base64("PrepaidAccount", _recharge_account()),
            "enabled": True,
            "threshold": 5,
            "level": 50,
        }
    },
    waves=1,
    why="AccountEditRecharge answers the changed account, so the payload needs no read",
)

ENTITIES_100 = Scenario(
    name="entities_100",
    title="_entities batch of 100",
    query="""query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on CustomerAccount { identity name }
  }
}""",
    variables={
        "representations": [
            {"__typename": "CustomerAccount", "identity": i}
            for i in list(WORLD.billing_ids())[:100]
        ]
    },
    waves=1,
    why="GET Account/{id} per representation, all in parallel",
)

BILLING_PAGE_50 = Scenario(
    name="billing_page_50",
    title="One big page: 50 billing accounts with their details and contacts, no links",
    query="""query BillingPage {
  customerAccounts(first: 50) {
    edges { node {
      id identity name displayName currencyName ownerName created updated
      accountStatusTypeName billGroupName actingOwnerName invoiceDeliveryName
      accountsReceivableTermsName accountTypeName billDay usageBillDay
      accountTaxCategoryName taxCodeName invoicerAccountName usageInvoicerAccountName
      taxSettingAccountName createdByUserName lifeline externalAccountIdentifier
      vatNumber defaultPaymentGatewayName invoicerAccountId
      contacts {
        identity contactTypeName title firstName lastName name isUsedForTax updated
        contactPoints { identity contactPointTypeName value updated }
        address { identity stateName stateCode countryName countryCode zipCode cityName }
      }
    } }
  }
}""",
    waves=1,
    why="Account/Paged/Detail: one page carries every account's details and contacts",
)

SCENARIOS = (
    ACCOUNT_TEN_FIELDS,
    ACCOUNTS_50,
    INVOICES_100,
    MUTATION,
    ENTITIES_100,
    BILLING_PAGE_50,
)
