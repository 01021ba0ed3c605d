"""Parsing and validating documents once: a cache keyed by the document's text.

Clients send the same few documents over and over, so the work of parsing and
validating (most of a small query's CPU) is done once per text. Failures are
cached too: a client repeating a broken document costs a dictionary look-up.
The token limit bounds what one parse may cost before anything is cached, and
the expanded-size budget (``gateway.limits.expansion``) what the validation
rules may cost before any of them runs.

The cache is bounded in entries and in bytes: a parsed document keeps its text
and every token alive (each node's location points into the token chain), so
an entry weighs its text plus ``TOKEN_BYTES`` per token, and a document too
large for a fair share of the budget is answered but not kept.

Documents are parsed by ``fastpath.unlinked_parse``, so a document (or a
failed parse) is freed the moment nothing holds it, not at the next rare
collection.

A long document is parsed and validated on a thread of its own: the work is
the interpreter's either way, but on the event loop lexing a long document
holds every other request (``/health`` too) until it ends, while a thread
hands the interpreter back to the loop every switch interval (5 ms).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    specified_rules,
    validate,
)
from graphql.validation.rules import overlapping_fields_can_be_merged
from graphql.validation.validate import ValidationAbortedError

from fastpath.unlinked_parse import parse_unlinked
from gateway.limits.expansion import CODE as TOO_COMPLEX
from gateway.limits.expansion import too_complex

# Texts longer than this are still served, but not kept: the cache is for the
# few documents clients repeat, and must not become a place to store megabytes.
MAX_CACHED_TEXT = 100_000
# What one parsed token costs in memory (token, node, location): an estimate
# from the measurement in bench/results.md, which weighs cached documents.
TOKEN_BYTES = 600
# Longer texts are prepared off the event loop. Under it even the costliest
# document (bench/results.md) holds the loop only briefly, so the common short
# one skips the hand-over to the thread.
OFF_LOOP_CHARS = 1_000
# One thread for the process: the interpreter runs one of them at a time anyway,
# and long documents then wait for each other rather than for the loop.
_OFF_LOOP = ThreadPoolExecutor(max_workers=1, thread_name_prefix="documents")
# graphql-core meters the comparisons of OverlappingFieldsCanBeMergedRule, which
# grow with the square of same-named fields, and aborts the validation once a
# budget is spent; its default (500,000) is about half a second of this
# event loop. Real documents spend next to nothing (the examples and the
# introspection query: 0), so a tenth of it still leaves them a wide margin.
# The module attribute is graphql-core's documented knob, read as each
# validation starts.
overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = 50_000


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document ready to execute, or why it is not (parse or validation errors)."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...] = ()
    parse_failed: bool = False
    # Tokens the entry keeps alive (through its document, or its errors' nodes).
    tokens: int = 0


class DocumentCache:
    """Parses and validates against one schema with one rule set.

    An LRU of at most ``size`` texts weighing at most ``max_bytes`` together.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        *,
        rules: Sequence[type[ASTValidationRule]] = specified_rules,
        limits: Sequence[type[ASTValidationRule]] = (),
        max_tokens: int | None = None,
        max_expanded_selections: int | None = None,
        hide_suggestions: bool = False,
        size: int = 1024,
        max_bytes: int,
    ) -> None:
        self.schema = schema
        self.rules = tuple(rules)
        self.limits = tuple(limits)
        self.max_tokens = max_tokens
        self.max_expanded_selections = max_expanded_selections
        self.hide_suggestions = hide_suggestions
        self.size = size
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[Prepared, int]] = OrderedDict()
        self._bytes = 0

    @property
    def weight(self) -> int:
        """What the kept entries weigh together, in estimated bytes."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    async def prepare(self, text: str) -> Prepared:
        """The parsed and validated document of ``text``, from the cache when seen before."""
        known = self._entries.get(text)
        if known is not None:
            self._entries.move_to_end(text)
            return known[0]
        if len(text) > OFF_LOOP_CHARS:
            entry = await asyncio.get_running_loop().run_in_executor(_OFF_LOOP, self._prepare, text)
        else:
            entry = self._prepare(text)
        if len(text) <= MAX_CACHED_TEXT:
            self._keep(text, entry)
        return entry

    def _keep(self, text: str, entry: Prepared) -> None:
        weight = _weight(text, entry)
        if weight > self.max_bytes // 4:
            return  # one document may not push out most of the others
        self._entries[text] = (entry, weight)
        self._bytes += weight
        while len(self._entries) > self.size or self._bytes > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._bytes -= dropped

    def _prepare(self, text: str) -> Prepared:
        try:
            document, tokens = parse_unlinked(text, self.max_tokens)
        except GraphQLError as error:
            if self.max_tokens is not None and "Document contains more than" in error.message:
                error = GraphQLError(
                    f"The document has more than {self.max_tokens} tokens",
                    extensions={"code": "MAX_TOKENS_EXCEEDED"},
                )
            # Without its traceback, whose frames hold the parser and its tokens.
            return Prepared(None, (error.with_traceback(None),), parse_failed=True)
        # Before any rule walks it: a document whose fragments expand past the
        # budget would cost every rule that follows spreads.
        if self.max_expanded_selections is not None:
            refusal = too_complex(document, self.max_expanded_selections)
            if refusal is not None:
                return Prepared(None, (refusal,))
        # The limits run next, alone: a document too deep or too wide is refused
        # before the specification's rules spend time on it.
        if self.limits:
            refused = validate(self.schema, document, self.limits, max_errors=10)
            if refused:
                return Prepared(None, _coded(refused), tokens=tokens)
        errors = validate(self.schema, document, self.rules, hide_suggestions=self.hide_suggestions)
        if errors:
            return Prepared(None, _coded(errors), tokens=tokens)
        return Prepared(document, tokens=tokens)


# graphql-core's words when a validation stopped before its end: fragments
# nested past its recursion bound, or the comparison budget above spent.
_ABORTED = "Validation aborted."


def _coded(errors: list[GraphQLError]) -> tuple[GraphQLError, ...]:
    """The errors, an aborted validation's own named ``DOCUMENT_TOO_COMPLEX``."""
    return tuple(
        GraphQLError(
            "The document is too complex to validate: fragments nested too deep, or too"
            " many fields of the same name to compare",
            extensions={"code": TOO_COMPLEX},
        )
        if isinstance(error, ValidationAbortedError) and error.message == _ABORTED
        else error
        for error in errors
    )


def _weight(text: str, entry: Prepared) -> int:
    """An entry's estimated bytes: the text, and the tokens it keeps alive.

    The text counts twice: once as the key (and the parse's source), once in
    the values of its tokens (strings, comments).
    """
    return 2 * len(text) + TOKEN_BYTES * entry.tokens
