"""What a query reads of each account on a page of detail (``projection.Reads``).

Reading a whole ``Account/Paged/Detail`` page costs more gateway time than
all else a list of fifty customers does, while the list shows a few
properties. So the page is read for what the operation's selections read of
it: every ``customerAccounts`` of the operation, deferred parts included, so
that they still share one read as they share one call. A field says what it
reads of its record with ``reading(...)`` in its metadata; a field that is
its record's attribute of the same name says nothing; a field that is
neither makes the page read whole, which is slower, never wrong, since a
property not read now is read on first use.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import OperationDefinitionNode, SelectionNode
from strawberry.types.base import get_object_definition
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from resolvers.billing.selections import Fragments, fields, node_selections, selected
from upstreams.billing.projection import Reads, reads

READS = "reads_record"
"""The field metadata key under which ``reading`` says what a field reads of its record."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What a field reads of its record: attributes, ``details.<part>`` for a part of the details.

    ``each`` names the type whose selection is made on each record of the
    last path's part (a contact of ``details.contacts``); ``same``: the
    field's own selection is made on accounts of the same page (an invoicer
    the page primed), so it is read with it.
    """

    paths: tuple[str, ...]
    each: str | None = None
    same: bool = False


def reading(*paths: str, each: str | None = None, same: bool = False) -> dict[str, Reading]:
    """A field's metadata: it reads ``paths`` of its record (none: only what the view is given)."""
    return {READS: Reading(paths, each, same)}


@dataclass(frozen=True, slots=True)
class Shown:
    """A graph type shown from records: what each field reads, and what every view reads.

    ``fields`` maps each GraphQL field name to its Python name and what its
    ``reading`` says (``None``: it says nothing); ``attributes`` are the
    record model's.
    """

    fields: Mapping[str, tuple[str, Reading | None]]
    attributes: frozenset[str]
    always: Reads


@functools.cache
def shown(type_name: str) -> Shown:
    """The graph type ``type_name`` as this module reads it, built on first use."""
    # Imported here: the types import ``reading`` from this module.
    from resolvers.billing.types import Contact, CustomerAccount
    from upstreams.billing.models import BillingAccount, BillingContact

    # ``from_model`` reads identity (and an account's upstream id) of every
    # record, and gives the view what the interface asks (an account's source).
    cls, model, always, given = {
        "CustomerAccount": (CustomerAccount, BillingAccount, ("identity", "id"), {"source"}),
        "Contact": (Contact, BillingContact, ("identity",), set()),
    }[type_name]
    definition = get_object_definition(cls, strict=True)
    return Shown(
        fields={
            field.graphql_name or to_camel_case(field.python_name): (
                field.python_name,
                Reading(()) if field.python_name in given else _said(field),
            )
            for field in definition.fields
        },
        attributes=frozenset(field.name for field in dataclasses.fields(model)),
        always=reads(always),
    )


def _said(field: StrawberryField) -> Reading | None:
    """What ``field``'s metadata says it reads; ``None`` when it says nothing."""
    metadata: Mapping[str, Any] = field.metadata or {}
    said: Reading | None = metadata.get(READS)
    return said


KEPT = 256
"""Operations whose reads are kept; documents are the clients', so there is a bound."""

_KEPT: dict[tuple[int, str], tuple[OperationDefinitionNode, Reads | None]] = {}


def page_reads(
    root_field: str, operation: OperationDefinitionNode, fragments: Fragments
) -> Reads | None:
    """What the operation's ``root_field`` fields read of their page's records; ``None``: all.

    Worked out once per parsed operation: the document cache hands every
    request of one document the same nodes, so the walk is not paid per request.
    """
    key = (id(operation), root_field)
    kept = _KEPT.get(key)
    if kept is not None and kept[0] is operation:
        return kept[1]
    found = _page_reads(root_field, operation.selection_set.selections, fragments)
    if len(_KEPT) >= KEPT:
        _KEPT.clear()
    _KEPT[key] = (operation, found)
    return found


def _page_reads(
    root_field: str, operation: Iterable[SelectionNode], fragments: Fragments
) -> Reads | None:
    found = Reads()
    for node in fields(operation, fragments):
        if node.name.value != root_field:
            continue
        under = record_reads(
            "CustomerAccount", node_selections(selected(node, fragments), fragments), fragments
        )
        if under is None:
            return None
        found = found.join(under)
    return found


def record_reads(
    type_name: str, selections: Iterable[SelectionNode], fragments: Fragments
) -> Reads | None:
    """What a selection on ``type_name`` reads of its record; ``None`` when a field does not say."""
    shape = shown(type_name)
    found = shape.always
    for node in fields(selections, fragments):
        name = node.name.value
        if name in ("__typename", "id"):  # the node id is given, from identity
            continue
        found_field = shape.fields.get(name)
        if found_field is None:
            return None
        python_name, said = found_field
        if said is None:
            if python_name not in shape.attributes:
                return None
            found = found.join(reads([python_name]))
            continue
        for path in said.paths:
            leaf: Reads | None = None
            if said.each is not None and path == said.paths[-1]:
                leaf = record_reads(said.each, selected(node, fragments), fragments)
                if leaf is None:
                    return None
            found = found.join(_at(path, leaf))
        if said.same:
            also = record_reads(type_name, selected(node, fragments), fragments)
            if also is None:
                return None
            found = found.join(also)
    return found


def _at(path: str, leaf: Reads | None) -> Reads:
    """``Reads`` of the attribute at ``path`` (dotted through parts); ``leaf``: of its records."""
    *heads, last = path.split(".")
    found = reads([last]) if leaf is None else reads(parts={last: leaf})
    for head in reversed(heads):
        found = reads(parts={head: found})
    return found
