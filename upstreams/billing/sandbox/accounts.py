"""The ``Account`` endpoints: list, paged, one, detail, tax addresses, create, update, delete."""

from __future__ import annotations

from functools import partial

from starlette.requests import Request
from starlette.responses import Response

from upstreams.billing.sandbox import render
from upstreams.billing.sandbox.account_input import (
    check_account,
    create_account,
    loop_problems,
    new_invoicers,
    update_account,
)
from upstreams.billing.sandbox.checks import whole_number
from upstreams.billing.sandbox.inputs import find_account, path_id, read_object
from upstreams.billing.sandbox.paging import paged, read_pagination
from upstreams.billing.sandbox.problems import ApiError, about, invalid, not_found
from upstreams.billing.sandbox.records import Account, TaxAddress
from upstreams.billing.sandbox.removal import dependents_problem, remove_account
from upstreams.billing.sandbox.responses import answer, results
from upstreams.billing.sandbox.store import Store


class AccountEndpoints:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def list_all(self, request: Request) -> Response:
        accounts = self.store.accounts.values()
        items = [render.account(self.store, account) for account in accounts]
        return answer({"totalCount": len(items), "items": items})

    async def paged(self, request: Request) -> Response:
        pagination = read_pagination(request)
        accounts = list(self.store.accounts.values())
        return answer(paged(pagination, accounts, partial(render.account, self.store)))

    async def paged_detail(self, request: Request) -> Response:
        pagination = read_pagination(request)
        accounts = list(self.store.accounts.values())
        return answer(paged(pagination, accounts, partial(render.account_detail, self.store)))

    async def one(self, request: Request) -> Response:
        account = find_account(self.store, request)
        return answer({"instance": render.account(self.store, account)})

    async def detail(self, request: Request) -> Response:
        account = find_account(self.store, request)
        return answer({"instance": render.account_detail(self.store, account)})

    async def contact_detail(self, request: Request) -> Response:
        """The account's deep detail with only the one contact, as the docs' sample shows."""
        account = find_account(self.store, request)
        contact_id = path_id(request, "contactId")
        contact = None if contact_id is None else account.contacts.get(contact_id)
        if contact is None:
            raise not_found(
                f"Contact {request.path_params['contactId']} was not found "
                f"on account {account.identity}."
            )
        return answer({"instance": render.account_detail(self.store, account, [contact])})

    async def tax_addresses(self, request: Request) -> Response:
        account = find_account(self.store, request)
        own = [(account, item) for item in account.tax_addresses.values()]
        return answer({"instance": render.account_with_tax_addresses(self.store, account, own)})

    async def tax_addresses_available(self, request: Request) -> Response:
        """Its own tax addresses and the shared ones of the account that invoices it."""
        account = find_account(self.store, request)
        usable: list[tuple[Account, TaxAddress]] = [
            (account, item) for item in account.tax_addresses.values()
        ]
        invoicer = self.store.account(account.invoicer_account_id)
        if invoicer is not None and invoicer is not account:
            usable += [
                (invoicer, item) for item in invoicer.tax_addresses.values() if item.is_shared
            ]
        return answer({"instance": render.account_with_tax_addresses(self.store, account, usable)})

    async def create(self, request: Request) -> Response:
        body = await read_object(request)
        changes, problems = check_account(self.store, body, None)
        if problems:
            raise invalid(problems)
        account = create_account(self.store, changes)
        return results("create", [render.account(self.store, account)])

    async def update(self, request: Request) -> Response:
        """Only the properties the body carries change (the docs: "just like a put")."""
        account = find_account(self.store, request)
        body = await read_object(request)
        changes, problems = check_account(self.store, body, account)
        if "identity" in body and whole_number(body["identity"]) != account.identity:
            text = f"must be {account.identity}, the account in the path, or left out"
            problems.insert(0, about("InvalidValue", "identity", text))
        problems += loop_problems(self.store, new_invoicers(account, changes), {})
        if problems:
            raise invalid(problems)
        update_account(account, changes)
        return results("update", [render.account(self.store, account)])

    async def delete(self, request: Request) -> Response:
        account = find_account(self.store, request)
        problem = dependents_problem(self.store, account)
        if problem is not None:
            raise ApiError(400, [problem])
        removed = remove_account(self.store, account)
        return results("delete", [item.entry() for item in removed])
