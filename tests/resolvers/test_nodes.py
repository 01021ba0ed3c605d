"""One way to read Relay nodes by id: keys from ids, records through a loader, nulls for missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from aiodataloader import DataLoader
from strawberry import relay

from resolvers.batching import per_key_loader
from resolvers.errors import GraphError
from resolvers.nodes import nodes_by_id, own_key
from upstreams.errors import NotFound, Unavailable

RECORDS = {1: "one", 2: "two"}


async def read(key: int) -> str:
    if key == 9:
        raise Unavailable("test", "down")
    if key not in RECORDS:
        raise NotFound("test", "no such record")
    return RECORDS[key]


def records(_upstreams: Any) -> DataLoader[int, str]:
    return per_key_loader(read)


@dataclass
class Context:
    loaders: dict[Any, Any] = field(default_factory=dict)

    def loader(self, factory: Any) -> Any:
        return self.loaders.setdefault(factory, factory(None))


@dataclass
class Info:
    context: Context = field(default_factory=Context)


class Shown:
    resolve_nodes = nodes_by_id(records, lambda key, record: (key, record))


async def test_each_id_is_read_through_the_loader_and_built_with_its_key() -> None:
    found = await Shown.resolve_nodes(info=Info(), node_ids=["2", "1"])
    assert found == [(2, "two"), (1, "one")]


async def test_a_missing_record_is_null_unless_required() -> None:
    assert await Shown.resolve_nodes(info=Info(), node_ids=["1", "3"]) == [(1, "one"), None]
    with pytest.raises(NotFound):
        await Shown.resolve_nodes(info=Info(), node_ids=["3"], required=True)


async def test_an_upstream_failure_is_not_taken_for_a_missing_record() -> None:
    with pytest.raises(Unavailable):
        await Shown.resolve_nodes(info=Info(), node_ids=["1", "9"])


@pytest.mark.parametrize("node_id", ["x", "0", "-1", "\u00b2", "2147483648", " 1", "+1"])
async def test_an_id_that_cannot_be_a_key_is_bad_input_before_any_read(node_id: str) -> None:
    info = Info()
    with pytest.raises(GraphError):
        await Shown.resolve_nodes(info=info, node_ids=[node_id])
    assert info.context.loaders == {}


def test_own_key_reads_only_numeric_ids_of_the_named_type() -> None:
    assert own_key(relay.GlobalID("LedgerAccount", "17"), "LedgerAccount") == 17
    assert own_key(relay.GlobalID("InvoicingAccount", "17"), "LedgerAccount") is None
    assert own_key(relay.GlobalID("LedgerAccount", "x"), "LedgerAccount") is None
    assert own_key(relay.GlobalID("LedgerAccount", "0"), "LedgerAccount") is None
    assert own_key(relay.GlobalID("LedgerAccount", "\u00b2"), "LedgerAccount") is None
