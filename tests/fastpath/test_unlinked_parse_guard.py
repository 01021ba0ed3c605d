"""Guard: ``fastpath/unlinked_parse.py`` drives graphql-core's parser through undocumented parts.

It fails loudly when ``Parser`` no longer lexes with the lexer it is given,
when tokens stop being a chain the lexer's last token ends, or when the parse
errors differ from ``graphql.parse``'s, before cached documents silently stay
alive until a rare collection or answer a client differently. When it fails:
read graphql-core's ``language/parser.py`` and ``language/lexer.py`` of the
new version against ``fastpath/unlinked_parse.py``, run
``tests/ops/test_document_memory.py``, and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest
from graphql import DocumentNode, GraphQLError, parse, print_ast
from graphql.language import Token

from fastpath.unlinked_parse import parse_unlinked

DOCUMENT = "query Q($id: Int!) { a(id: $id) { b ...F } } fragment F on T { c }"


def chain(document: DocumentNode) -> Iterator[Token]:
    assert document.loc is not None
    token: Token | None = document.loc.start_token
    while token is not None:
        yield token
        token = token.next


def test_the_document_is_graphqls_own_with_no_backward_link() -> None:
    document, count = parse_unlinked(DOCUMENT, None)
    assert print_ast(document) == print_ast(parse(DOCUMENT))
    tokens = list(chain(document))
    assert len(tokens) == count
    assert tokens[0].kind.value == "<SOF>" and tokens[-1].kind.value == "<EOF>"
    assert all(token.prev is None for token in tokens)
    # graphql-core itself links backwards: what this cuts is there to cut.
    assert all(token.prev is not None for token in list(chain(parse(DOCUMENT)))[1:])


def test_an_unlinked_document_leaves_the_collector_nothing() -> None:
    gc.collect()
    gc.disable()
    try:
        document, _ = parse_unlinked(DOCUMENT, None)
        del document
        assert gc.collect() == 0
        # graphql-core's own parse leaves its token chain to the collector.
        document = parse(DOCUMENT)
        del document
        assert gc.collect() > 0
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("text", "max_tokens"),
    [
        ("{ a b c d }", 3),  # over the token limit
        ("{ a(", None),  # a syntax error
        ("{ a " * (sys.getrecursionlimit() + 10), None),  # nested past the recursion limit
    ],
)
def test_errors_are_graphqls_own(text: str, max_tokens: int | None) -> None:
    with pytest.raises(GraphQLError) as theirs:
        parse(text, max_tokens=max_tokens)
    with pytest.raises(GraphQLError) as ours:
        parse_unlinked(text, max_tokens)
    assert ours.value.message == theirs.value.message
    assert ours.value.locations == theirs.value.locations
