"""What a query's selections read of a page of detail (``resolvers.billing.page_reads``).

The walk is pure: a parsed document in, ``Reads`` out. What those reads do to
the answer is tested over HTTP in ``tests/graph/test_page_projection.py``.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    OperationDefinitionNode,
    parse,
)

from bench.incremental import ACCOUNTS_50_DEFERRED
from fastpath.core_schema import core_schema
from resolvers.billing import page_reads as page_reads_module
from resolvers.billing.page_reads import page_reads, record_reads, shown
from resolvers.schema import schema
from upstreams.billing.projection import DETAILS, Reads, reads


def reads_of(document: str) -> Reads | None:
    parsed = parse(document)
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return page_reads("customerAccounts", operation, fragments)


def test_the_bench_list_reads_its_shown_properties_and_the_deferred_links() -> None:
    assert reads_of(ACCOUNTS_50_DEFERRED.query) == reads(
        [
            "identity",
            "id",
            "name",
            "invoicer_account_id",
            "external_account_identifier",
        ],
        {DETAILS: reads(parts={"contacts": reads(["identity", "first_name", "last_name"])})},
    )


def test_fragments_aliases_and_every_root_field_are_joined() -> None:
    found = reads_of(
        """query { a: customerAccounts(first: 5) { edges { node { ...Shown } } }
        b: customerAccounts(first: 5) { edges { node { createdByUserName
          contacts { address { city } } } } } }
        fragment Shown on CustomerAccount { summary { balance { amount } } }"""
    )
    assert found == reads(
        ["identity", "id", "currency_name", "created_by_user_name"],
        {DETAILS: reads(["account_summary"], {"contacts": reads(["identity", "address"])})},
    )


def test_links_to_accounts_of_the_page_read_what_is_asked_of_them() -> None:
    found = reads_of(
        "{ customerAccounts { edges { node { parentAccount { displayName } "
        "invoicerAccountId } } } }"
    )
    assert found == reads(
        ["identity", "id", "display_name", "invoicer_account_id"],
        {DETAILS: reads(["parent"])},
    )


def test_a_field_that_says_nothing_of_its_record_reads_the_page_whole() -> None:
    assert reads_of("{ customerAccounts { edges { node { noSuchField } } } }") is None


def test_every_field_of_the_shown_types_says_what_it_reads() -> None:
    """A new field that reads neither an attribute of its name nor says what it reads fails here."""
    for type_name in ("CustomerAccount", "Contact"):
        served = core_schema(schema).get_type(type_name)
        assert isinstance(served, GraphQLObjectType)
        assert set(served.fields) <= set(shown(type_name).fields) | {"id"}
        for name in served.fields:
            node = parse(f"{{ {name} }}").definitions[0]
            assert isinstance(node, OperationDefinitionNode)
            (field,) = node.selection_set.selections
            assert isinstance(field, FieldNode)
            assert record_reads(type_name, [field], {}) is not None, (type_name, name)


def test_an_operation_is_walked_once_and_a_new_one_again() -> None:
    document = "{ customerAccounts { edges { node { displayName } } } }"
    first = parse(document).definitions[0]
    again = parse(document).definitions[0]
    assert isinstance(first, OperationDefinitionNode) and isinstance(again, OperationDefinitionNode)
    found = page_reads("customerAccounts", first, {})
    assert page_reads("customerAccounts", first, {}) is found
    fresh = page_reads("customerAccounts", again, {})
    assert fresh == found and fresh is not found


def test_operations_kept_are_bounded_however_many_a_client_sends() -> None:
    """Documents are the clients': past ``KEPT`` operations the memo starts again, never grows."""
    for n in range(page_reads_module.KEPT * 2 + 10):
        operation = parse(f"query Q{n} {{ customerAccounts {{ edges {{ node {{ name }} }} }} }}")
        node = operation.definitions[0]
        assert isinstance(node, OperationDefinitionNode)
        assert page_reads("customerAccounts", node, {}) is not None
        assert len(page_reads_module._KEPT) <= page_reads_module.KEPT
