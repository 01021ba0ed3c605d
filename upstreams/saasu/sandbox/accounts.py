"""``GET Account/{id}``, ``PUT Account/{id}`` and ``GET Accounts``.

Each call is checked in the same order: credentials (401), then the query
(400, every bad parameter at once), then access to the file (403), then the
account (404); an update then checks its body (415, 400) and finally its
``LastUpdatedId`` (409).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from upstreams.saasu.sandbox.account import Account, changes_from
from upstreams.saasu.sandbox.answers import respond, writer
from upstreams.saasu.sandbox.auth import Authority
from upstreams.saasu.sandbox.body import read_account
from upstreams.saasu.sandbox.formats import answer_format, body_kind
from upstreams.saasu.sandbox.ledger import Ledger, StaleVersion
from upstreams.saasu.sandbox.links import account_links, list_links, update_links
from upstreams.saasu.sandbox.problems import ApiError, ModelState, invalid
from upstreams.saasu.sandbox.query import (
    Query,
    read_account_id,
    read_file_id,
    read_list_request,
)
from upstreams.saasu.sandbox.validation import validate

CONFLICT = (
    "The account was changed after it was read: LastUpdatedId is not the latest. "
    "Read the account again and resend the update."
)
UNSUPPORTED = "The request's media type is not supported: send application/json or application/xml."


class AccountEndpoints:
    def __init__(self, ledger: Ledger, authority: Authority) -> None:
        self.ledger = ledger
        self.authority = authority

    async def get_account(self, request: Request) -> Response:
        fmt = answer_format(request.headers.get("accept"))
        file_id, account = self._open_account(request)
        links = account_links(str(request.base_url), file_id, account)
        return respond(fmt, writer(fmt).account(account, links))

    async def put_account(self, request: Request) -> Response:
        fmt = answer_format(request.headers.get("accept"))
        file_id, account = self._open_account(request)
        kind = body_kind(request.headers.get("content-type"))
        if kind is None:
            raise ApiError(415, UNSUPPORTED)
        body = await request.body()
        if not body.strip():
            raise ApiError(400, "The request body is empty: send the whole account.")
        submitted = read_account(body, kind)
        problems = validate(account.id, submitted, account, self.ledger)
        if problems:
            raise invalid(problems)
        try:
            updated = self.ledger.update(
                account.id, changes_from(submitted.values), str(submitted.values["LastUpdatedId"])
            )
        except StaleVersion:
            raise ApiError(409, CONFLICT) from None
        links = update_links(str(request.base_url), file_id, updated.id)
        return respond(fmt, writer(fmt).update_result(updated, links))

    async def list_accounts(self, request: Request) -> Response:
        fmt = answer_format(request.headers.get("accept"))
        query = self._authenticated(request)
        problems: ModelState = {}
        file_id = read_file_id(query, problems)
        listing = read_list_request(query, problems)
        if problems or file_id is None or listing is None:
            raise invalid(problems)
        self.authority.check_file(file_id)
        matches = self.ledger.select(listing.account_filter)
        start = (listing.page - 1) * listing.page_size
        page = matches[start : start + listing.page_size]
        base = str(request.base_url)
        items = [(account, account_links(base, file_id, account)) for account in page]
        links = list_links(
            base,
            [("FileId", file_id), *listing.filter_params],
            listing.page,
            listing.page_size,
            more=len(matches) > start + listing.page_size,
        )
        return respond(fmt, writer(fmt).account_list(items, links))

    def _authenticated(self, request: Request) -> Query:
        query = Query(request.query_params)
        self.authority.authenticate(request.headers.get("authorization"), query.get("WsAccessKey"))
        return query

    def _open_account(self, request: Request) -> tuple[int, Account]:
        query = self._authenticated(request)
        problems: ModelState = {}
        file_id = read_file_id(query, problems)
        account_id = read_account_id(request.path_params["id"], problems)
        if problems or file_id is None or account_id is None:
            raise invalid(problems)
        self.authority.check_file(file_id)
        account = self.ledger.get(account_id)
        if account is None:
            raise ApiError(404, f"Account {account_id} was not found.")
        return file_id, account
