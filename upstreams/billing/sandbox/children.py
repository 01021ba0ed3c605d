"""The endpoints of an account's child records (``Contact``, ``Note``), one kind at a time.

Reads wrap the children in the account: ``instance`` {identity, details}.
Writes answer with ``results``; deletes list every object removed.
"""

from __future__ import annotations

from typing import Generic

from starlette.requests import Request
from starlette.responses import Response

from upstreams.billing.sandbox.checks import whole_number
from upstreams.billing.sandbox.inputs import find_account, path_id, read_object
from upstreams.billing.sandbox.kinds import C, ChildKind
from upstreams.billing.sandbox.paging import paged, read_pagination
from upstreams.billing.sandbox.problems import ApiError, Problem, about, invalid, not_found
from upstreams.billing.sandbox.records import Account
from upstreams.billing.sandbox.responses import answer, results
from upstreams.billing.sandbox.store import Store


class ChildEndpoints(Generic[C]):
    def __init__(self, store: Store, kind: ChildKind[C]) -> None:
        self.store = store
        self.kind = kind
        self.param = f"{kind.noun}Id"

    def _missing(self, account: Account, identity: object) -> ApiError:
        return not_found(
            f"{self.kind.label} {identity} was not found on account {account.identity}."
        )

    def _child(self, account: Account, request: Request) -> C:
        identity = path_id(request, self.param)
        child = None if identity is None else self.kind.collection(account).get(identity)
        if child is None:
            raise self._missing(account, request.path_params[self.param])
        return child

    async def list_all(self, request: Request) -> Response:
        account = find_account(self.store, request)
        items = [self.kind.render(child) for child in self.kind.collection(account).values()]
        details = {"totalCount": len(items), "items": items}
        return answer({"instance": {"identity": account.identity, "details": details}})

    async def paged(self, request: Request) -> Response:
        account = find_account(self.store, request)
        pagination = read_pagination(request)
        children = list(self.kind.collection(account).values())
        details = paged(pagination, children, self.kind.render)
        return answer({"instance": {"identity": account.identity, "details": details}})

    async def one(self, request: Request) -> Response:
        account = find_account(self.store, request)
        child = self._child(account, request)
        details = {"totalCount": 1, "items": [self.kind.render(child)]}
        return answer({"instance": {"identity": account.identity, "details": details}})

    async def create(self, request: Request) -> Response:
        account = find_account(self.store, request)
        body = await read_object(request)
        changes, problems = self.kind.check(body, None, "")
        if problems:
            raise invalid(problems)
        child = self.kind.create(self.store, changes)
        self.kind.collection(account)[child.identity] = child
        return results("create", [self.kind.render(child)])

    async def update(self, request: Request) -> Response:
        """The body names the child by ``identity``; only the properties it carries change."""
        account = find_account(self.store, request)
        body = await read_object(request)
        if body.get("identity") is None:
            raise invalid([about("Required", "identity", "is required")])
        identity = whole_number(body["identity"])
        if identity is None:
            raise invalid([about("InvalidValue", "identity", "must be a whole number")])
        child = self.kind.collection(account).get(identity)
        if child is None:
            raise self._missing(account, identity)
        changes, problems = self.kind.check(body, child, "")
        if problems:
            raise invalid(problems)
        self.kind.update(child, changes)
        return results("update", [self.kind.render(child)])

    async def delete_listed(self, request: Request) -> Response:
        """Delete the children the body lists in ``details.items``: all of them, or none."""
        account = find_account(self.store, request)
        identities = _listed(await read_object(request), self.kind.noun)
        collection = self.kind.collection(account)
        missing = [identity for identity in identities if identity not in collection]
        on = f" on account {account.identity}"
        if missing:
            raise ApiError(
                404,
                [
                    Problem("NotFound", f"{self.kind.label} {identity} was not found{on}.")
                    for identity in missing
                ],
            )
        return self._delete(account, identities)

    async def delete_one(self, request: Request) -> Response:
        """The path names the child; a body, if any, is not read."""
        account = find_account(self.store, request)
        child = self._child(account, request)
        return self._delete(account, [child.identity])

    def _delete(self, account: Account, identities: list[int]) -> Response:
        collection = self.kind.collection(account)
        entries = []
        for identity in identities:
            entries += [item.entry() for item in self.kind.removals(collection.pop(identity))]
        return results("delete", entries)


def _listed(body: dict[str, object], noun: str) -> list[int]:
    """The identities of ``{"details": {"items": [{"identity": N}, ...]}}``, in order, once each."""
    details = body.get("details")
    items = details.get("items") if isinstance(details, dict) else None
    if not isinstance(items, list) or not items:
        raise invalid([about("Required", "details.items", f"must list at least one {noun}")])
    identities: list[int] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        raw = item.get("identity") if isinstance(item, dict) else None
        identity = whole_number(raw)
        if identity is None:
            field = f"details.items[{index}].identity"
            problems.append(about("InvalidValue", field, "must be a whole number"))
        elif identity not in identities:
            identities.append(identity)
    if problems:
        raise invalid(problems)
    return identities
