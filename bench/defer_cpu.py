"""In-process: the executor's CPU for a 50-account page's first part, with and without ``@defer``.

What ``@defer`` itself costs the first payload, apart from the gateway's
request, transport and decode: the page of ``bench.incremental``'s
``accounts_50_deferred`` (fifty accounts with five plain fields and two
contacts each), read after one wait as from an upstream, completed by the
gateway's executor (``fastpath.incremental_executor``, early execution on)
up to its first payload, once with the invoicer and the prepaid balance
deferred and once without them. Each run is timed by ``time.process_time``,
the two alternating, so the machine's drift weighs on both alike; the
figures are the medians. ``python -m bench.defer_cpu [runs]`` prints them.
"""

from __future__ import annotations

import asyncio
import sys
import time
from types import SimpleNamespace
from typing import Any

from graphql import (
    DocumentNode,
    ExperimentalIncrementalExecutionResults,
    GraphQLArgument,
    GraphQLField,
    GraphQLFloat,
    GraphQLInt,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLString,
    parse,
    specified_directives,
)
from graphql.type.directives import GraphQLDeferDirective, GraphQLStreamDirective

from fastpath.incremental_executor import IncrementalPlainExecutor
from fastpath.plain_fields import attribute_resolver
from fastpath.plain_plans import plain_fields


def _plain(of_type: GraphQLOutputType, attribute: str) -> GraphQLField:
    return GraphQLField(of_type, resolve=attribute_resolver(attribute))


# The page's records are namespaces: their attributes are what the plain fields read.
async def _invoicer(_source: Any, _info: Any) -> SimpleNamespace:
    await asyncio.sleep(0)
    return SimpleNamespace(name="invoicer")


async def _prepaid(_source: Any, _info: Any) -> SimpleNamespace:
    await asyncio.sleep(0)
    return SimpleNamespace(balance=SimpleNamespace(amount=1.5))


async def _accounts(_source: Any, _info: Any, first: int) -> SimpleNamespace:
    await asyncio.sleep(0)  # the page's upstream read
    contacts = [SimpleNamespace(firstName="Harper", lastName="Roy")] * 2
    nodes = [
        SimpleNamespace(
            id=f"CustomerAccount:{i}",
            identity=1700 + i,
            name=f"Account {i}",
            invoicerAccountId=1700,
            externalAccountIdentifier=f"X{i}",
            contacts=contacts,
        )
        for i in range(first)
    ]
    return SimpleNamespace(edges=[SimpleNamespace(node=node) for node in nodes])


def _schema() -> GraphQLSchema:
    money = GraphQLObjectType("Money", {"amount": _plain(GraphQLFloat, "amount")})
    prepaid = GraphQLObjectType("Prepaid", {"balance": _plain(money, "balance")})
    invoicer = GraphQLObjectType("Invoicer", {"name": _plain(GraphQLString, "name")})
    contact = GraphQLObjectType(
        "Contact",
        {name: _plain(GraphQLString, name) for name in ("firstName", "lastName")},
    )
    fields = {
        name: _plain(GraphQLString, name) for name in ("id", "name", "externalAccountIdentifier")
    }
    account = GraphQLObjectType(
        "Account",
        {
            **fields,
            "identity": _plain(GraphQLInt, "identity"),
            "invoicerAccountId": _plain(GraphQLInt, "invoicerAccountId"),
            "contacts": _plain(GraphQLList(contact), "contacts"),
            "invoicerAccount": GraphQLField(invoicer, resolve=_invoicer),
            "prepaidAccount": GraphQLField(prepaid, resolve=_prepaid),
        },
    )
    edge = GraphQLObjectType("Edge", {"node": _plain(account, "node")})
    page = GraphQLObjectType("Page", {"edges": _plain(GraphQLList(edge), "edges")})
    query = GraphQLObjectType(
        "Query",
        {
            "customerAccounts": GraphQLField(
                page, {"first": GraphQLArgument(GraphQLInt)}, resolve=_accounts
            )
        },
    )
    return GraphQLSchema(
        query, directives=[*specified_directives, GraphQLDeferDirective, GraphQLStreamDirective]
    )


SCHEMA = _schema()
PLAIN = plain_fields(SCHEMA)
_QUERY = """{ customerAccounts(first: 50) { edges { node {
  id identity name invoicerAccountId externalAccountIdentifier
  contacts { firstName lastName }
  %s
} } } }"""
DEFERRED = parse(
    _QUERY % "... @defer { invoicerAccount { name } prepaidAccount { balance { amount } } }"
)
ALONE = parse(_QUERY % "")


async def first_part(document: DocumentNode) -> tuple[float, Any]:
    """Seconds of CPU to the first payload, and its data; the later payloads are read after."""
    built = IncrementalPlainExecutor.build(
        SCHEMA, document, plain=PLAIN, enable_early_execution=True
    )
    assert isinstance(built, IncrementalPlainExecutor)
    started = time.process_time()
    result = await built.execute_operation()
    spent = time.process_time() - started
    if isinstance(result, ExperimentalIncrementalExecutionResults):
        async for _ in result.subsequent_results:
            pass
        return spent, result.initial_result.data
    return spent, result.data


async def measure(runs: int) -> dict[str, float]:
    """Median microseconds of CPU for the first part, deferred and alone, over ``runs`` each."""
    deferred: list[float] = []
    alone: list[float] = []
    for _ in range(runs):
        deferred.append((await first_part(DEFERRED))[0])
        alone.append((await first_part(ALONE))[0])
    deferred.sort()
    alone.sort()
    with_defer, without = round(deferred[runs // 2] * 1e6), round(alone[runs // 2] * 1e6)
    return {
        "deferred_us": with_defer,
        "alone_us": without,
        "defer_overhead_us": with_defer - without,
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    print(asyncio.run(measure(int(args[0]) if args else 600)))


if __name__ == "__main__":
    main()
