"""``graphql.parse`` whose token chain is linked forward only, so no parse is a cycle.

graphql-core links each token to the one before it and the one after: every
parsed document (and every failed parse, through its error's nodes) is a
reference cycle, left for the garbage collector, which a serving process
runs rarely (``gateway.collector``). Under a flood of distinct documents the
dead token chains then pile up. Cutting the backward links (nothing reads
them once parsing is done) frees a document the moment nothing holds it.

graphql-core's public ``parse`` hands out neither its lexer nor its token
chain, so this builds the ``Parser`` over a lexer of its own and uses the
error ``parse`` raises for nesting too deep, both undocumented. Guarded by
``tests/fastpath/test_unlinked_parse_guard.py``.
"""

from __future__ import annotations

from graphql import DocumentNode, GraphQLError
from graphql.language import Lexer, Source, Token
from graphql.language.parser import Parser, nested_too_deeply_error


def parse_unlinked(text: str, max_tokens: int | None) -> tuple[DocumentNode, int]:
    """``graphql.parse``, its tokens linked forward only; the document and its token count.

    Raises ``GraphQLError`` as ``parse`` does, the partial token chain cut too.
    """
    lexer = Lexer(Source(text))
    parser = Parser(lexer.source, max_tokens=max_tokens, lexer=lexer)
    try:
        document = parser.parse_document()
    except GraphQLError:
        unlink(lexer.token)
        raise
    except RecursionError:
        document = None  # raised below: an error raised here would keep the recursion's frames
    if document is None:
        unlink(lexer.token)
        raise nested_too_deeply_error(parser)
    return document, unlink(lexer.token)


def unlink(token: Token) -> int:
    """Cut every backward link of the chain ``token`` is in; how many tokens it holds."""
    last = token
    while last.next is not None:
        last = last.next
    count = 0
    current: Token | None = last
    while current is not None:
        before = current.prev
        current.prev = None
        current = before
        count += 1
    return count
