"""``PATCH Account/{id}`` (and ``POST Account/{id}/Patch``): many changes, all or none.

The body holds collections ``accounts``, ``contacts`` and ``notes``, each
``{"items": [...]}``; every item has ``patchType`` (create, update, delete),
an optional ``patchClientId`` echoed back, and the record's properties.
Contacts and notes belong to ``{id}``; an ``accounts`` update without
``identity`` targets ``{id}``. ``{id}`` need not exist when no item relies
on it (a PATCH that only creates accounts). Every item is checked against
the data as it stands before anything is applied; one bad item refuses the
whole PATCH with every problem listed. Items are applied accounts first,
then contacts, then notes, each in the order given; no two items may target
the same record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

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
from upstreams.billing.sandbox.contact_input import CONTACTS
from upstreams.billing.sandbox.inputs import path_id, read_object
from upstreams.billing.sandbox.kinds import C, ChildKind
from upstreams.billing.sandbox.note_input import NOTES
from upstreams.billing.sandbox.problems import Problem, about, invalid, not_found
from upstreams.billing.sandbox.records import Account
from upstreams.billing.sandbox.removal import Removed, dependents_problem, remove_account
from upstreams.billing.sandbox.responses import results
from upstreams.billing.sandbox.store import Store

COLLECTIONS = ("accounts", "contacts", "notes")
PATCH_TYPES = ("create", "update", "delete")
ACTIONS = {"create": "created", "update": "updated", "delete": "deleted"}


@dataclass(slots=True)
class Step:
    """One checked item, ready to apply."""

    collection: str
    patch_type: str
    client_id: object
    target: int | None = None
    changes: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Item:
    where: str
    body: dict[str, object]
    patch_type: str
    client_id: object


class PatchEndpoint:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def patch(self, request: Request) -> Response:
        body = await read_object(request)
        plan = _Planner(self.store, path_id(request, "id"), request.path_params.get("id"))
        steps = plan.check(body)
        return results("patch", _Applier(self.store, plan.anchor).apply(steps))


class _Planner:
    """Checks every item against the data as it stands; raises with all problems."""

    def __init__(self, store: Store, anchor_id: int | None, anchor_text: object) -> None:
        self.store = store
        self.anchor_id = anchor_id
        self.anchor_text = anchor_text
        self.anchor: Account | None = None
        self.problems: list[Problem] = []

    def check(self, body: Mapping[str, object]) -> list[Step]:
        items = {name: self._items(body, name) for name in COLLECTIONS}
        if not self.problems and not any(items.values()):
            raise invalid([Problem("InvalidPatch", "The patch holds no items.")])
        self._find_anchor(items)
        steps = self._accounts(items["accounts"])
        gone = {step.target for step in steps if step.patch_type == "delete"}
        if self.anchor is not None and self.anchor.identity in gone:
            if items["contacts"] or items["notes"]:
                text = (
                    f"The patch deletes account {self.anchor.identity}, so it cannot also "
                    "change that account's contacts or notes."
                )
                self.problems.append(Problem("InvalidPatch", text))
        elif self.anchor is not None:
            steps += self._children(items["contacts"], "contacts", CONTACTS, self.anchor)
            steps += self._children(items["notes"], "notes", NOTES, self.anchor)
        if self.problems:
            raise invalid(self.problems)
        return steps

    def _items(self, body: Mapping[str, object], name: str) -> list[Item]:
        collection = body.get(name)
        if collection is None:
            return []
        raw_items = collection.get("items") if isinstance(collection, dict) else None
        if not isinstance(raw_items, list):
            text = "must be an object with an 'items' list"
            self.problems.append(about("InvalidPatch", name, text))
            return []
        items: list[Item] = []
        for index, raw in enumerate(raw_items):
            where = f"{name}.items[{index}]"
            if not isinstance(raw, dict):
                self.problems.append(about("InvalidPatch", where, "must be an object"))
                continue
            patch_type = raw.get("patchType")
            if patch_type not in PATCH_TYPES:
                text = "must be create, update or delete"
                self.problems.append(about("InvalidPatch", "patchType", text, where))
                continue
            items.append(Item(where, raw, str(patch_type), raw.get("patchClientId")))
        return items

    def _find_anchor(self, items: Mapping[str, list[Item]]) -> None:
        """Find ``{id}``; a 404 when an item relies on it and it is not there."""
        self.anchor = None if self.anchor_id is None else self.store.account(self.anchor_id)
        relies = bool(items["contacts"] or items["notes"]) or any(
            item.patch_type == "update" and item.body.get("identity") is None
            for item in items["accounts"]
        )
        if relies and self.anchor is None:
            raise not_found(f"Account {self.anchor_text} was not found.")

    def _target(self, item: Item, default: int | None = None) -> int | None:
        raw = item.body.get("identity")
        if raw is None:
            if default is None:
                self.problems.append(about("Required", "identity", "is required", item.where))
            return default
        identity = whole_number(raw)
        if identity is None:
            text = "must be a whole number"
            self.problems.append(about("InvalidValue", "identity", text, item.where))
        return identity

    def _accounts(self, items: list[Item]) -> list[Step]:
        store = self.store
        targets: dict[int, str] = {}
        resolved: list[tuple[Item, Account | None]] = []
        for item in items:
            if item.patch_type == "create":
                resolved.append((item, None))
                continue
            default = self.anchor.identity if item.patch_type == "update" and self.anchor else None
            identity = self._target(item, default)
            if identity is None or not self._claim(targets, identity, item, "account"):
                continue
            account = store.account(identity)
            if account is None:
                text = f"names no account: {identity} was not found"
                self.problems.append(about("NotFound", "identity", text, item.where))
                continue
            resolved.append((item, account))
        gone = {
            account.identity
            for item, account in resolved
            if item.patch_type == "delete" and account
        }
        steps: list[Step] = []
        invoicers: dict[int, int] = {}
        wheres: dict[int, str] = {}
        changed: dict[int, dict[str, object]] = {}
        for item, account in resolved:
            target = None if account is None else account.identity
            if item.patch_type == "delete":
                steps.append(Step("accounts", "delete", item.client_id, target))
                continue
            changes, problems = check_account(store, item.body, account, item.where, gone)
            self.problems += problems
            steps.append(Step("accounts", item.patch_type, item.client_id, target, changes))
            if account is not None:
                invoicers.update(new_invoicers(account, changes))
                wheres[account.identity] = item.where
                changed[account.identity] = changes
        self.problems += loop_problems(store, invoicers, wheres)
        for item, account in resolved:
            if item.patch_type != "delete" or account is None:
                continue
            spared = gone | {
                identity
                for identity, changes in changed.items()
                if _unlinked(account.identity, store.accounts[identity], changes)
            }
            problem = dependents_problem(store, account, spared)
            if problem is not None:
                message = f"{problem.message.removesuffix('.')} ({item.where})."
                self.problems.append(Problem(problem.code, message))
        return steps

    def _claim(self, targets: dict[int, str], identity: int, item: Item, noun: str) -> bool:
        if identity in targets:
            text = f"{noun} {identity} is already the target of {targets[identity]}"
            self.problems.append(about("InvalidPatch", "identity", text, item.where))
            return False
        targets[identity] = item.where
        return True

    def _children(
        self, items: list[Item], name: str, kind: ChildKind[C], account: Account
    ) -> list[Step]:
        steps: list[Step] = []
        targets: dict[int, str] = {}
        collection = kind.collection(account)
        for item in items:
            target: C | None = None
            identity: int | None = None
            if item.patch_type != "create":
                identity = self._target(item)
                if identity is None or not self._claim(targets, identity, item, kind.noun):
                    continue
                target = collection.get(identity)
                if target is None:
                    text = f"names no {kind.noun} of account {account.identity}: {identity}"
                    self.problems.append(about("NotFound", "identity", text, item.where))
                    continue
            changes: dict[str, object] = {}
            if item.patch_type != "delete":
                changes, problems = kind.check(item.body, target, item.where)
                self.problems += problems
            steps.append(Step(name, item.patch_type, item.client_id, identity, changes))
        return steps


def _unlinked(deleted: int, account: Account, changes: Mapping[str, object]) -> bool:
    """Whether ``account``, once ``changes`` apply, has no link left to account ``deleted``."""
    for attr in ("invoicer_account_id", "usage_invoicer_account_id", "tax_setting_account_id"):
        linked = changes[attr] if attr in changes else getattr(account, attr)
        if linked == deleted:
            return False
    return True


@dataclass(slots=True)
class Done:
    """An applied step; ``show`` writes the record out once every step is applied."""

    step: Step
    dto_type_key: str
    show: Callable[[], dict[str, Any]] | None = None
    removed: list[Removed] = field(default_factory=list)

    def entries(self) -> list[dict[str, Any]]:
        if self.show is not None:
            instance = self.show()
            return [
                {
                    "identity": instance["identity"],
                    "action": ACTIONS[self.step.patch_type],
                    "dtoTypeKey": self.dto_type_key,
                    "patchClientId": self.step.client_id,
                    "instance": instance,
                }
            ]
        return [
            {
                "identity": item.identity,
                "action": "deleted",
                "dtoTypeKey": item.dto_type_key,
                "patchClientId": self.step.client_id if index == 0 else None,
                "instance": item.instance,
            }
            for index, item in enumerate(self.removed)
        ]


class _Applier:
    """Applies checked steps in order; nothing here can fail."""

    def __init__(self, store: Store, anchor: Account | None) -> None:
        self.store = store
        self.anchor = anchor

    def apply(self, steps: list[Step]) -> list[dict[str, Any]]:
        done = [self._apply(step) for step in steps]
        return [entry for item in done for entry in item.entries()]

    def _apply(self, step: Step) -> Done:
        store = self.store
        if step.collection == "accounts":
            if step.patch_type == "create":
                created = create_account(store, step.changes)
                return Done(step, "account", partial(render.account, store, created))
            account = store.accounts[step.target or 0]
            if step.patch_type == "update":
                update_account(account, step.changes)
                return Done(step, "account", partial(render.account, store, account))
            return Done(step, "account", removed=remove_account(store, account))
        assert self.anchor is not None
        if step.collection == "contacts":
            return _apply_child(store, CONTACTS, self.anchor, step)
        return _apply_child(store, NOTES, self.anchor, step)


def _apply_child(store: Store, kind: ChildKind[C], account: Account, step: Step) -> Done:
    collection = kind.collection(account)
    if step.patch_type == "create":
        child = kind.create(store, step.changes)
        collection[child.identity] = child
        return Done(step, kind.noun, partial(kind.render, child))
    existing = collection[step.target or 0]
    if step.patch_type == "update":
        kind.update(existing, step.changes)
        return Done(step, kind.noun, partial(kind.render, existing))
    return Done(step, kind.noun, removed=kind.removals(collection.pop(existing.identity)))
