"""Parsing and validating documents once: a cache keyed by the document's text.

Clients send the same few documents over and over, so the work of parsing and
validating (most of a small query's CPU) is done once per text. Failures are
cached too: a client repeating a broken document costs a dictionary look-up.
The token limit bounds what one parse may cost before anything is cached.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    parse,
    specified_rules,
    validate,
)

# Texts longer than this are still served, but not kept: the cache is for the
# few documents clients repeat, and must not become a place to store megabytes.
MAX_CACHED_TEXT = 100_000


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document ready to execute, or why it is not (parse or validation errors)."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...] = ()
    parse_failed: bool = False


class DocumentCache:
    """Parses and validates against one schema with one rule set; LRU of ``size`` texts."""

    def __init__(
        self,
        schema: GraphQLSchema,
        *,
        rules: Sequence[type[ASTValidationRule]] = specified_rules,
        limits: Sequence[type[ASTValidationRule]] = (),
        max_tokens: int | None = None,
        hide_suggestions: bool = False,
        size: int = 1024,
    ) -> None:
        self.schema = schema
        self.rules = tuple(rules)
        self.limits = tuple(limits)
        self.max_tokens = max_tokens
        self.hide_suggestions = hide_suggestions
        self.size = size
        self._entries: OrderedDict[str, Prepared] = OrderedDict()

    def prepare(self, text: str) -> Prepared:
        """The parsed and validated document of ``text``, from the cache when seen before."""
        entry = self._entries.get(text)
        if entry is not None:
            self._entries.move_to_end(text)
            return entry
        entry = self._prepare(text)
        if len(text) <= MAX_CACHED_TEXT:
            self._entries[text] = entry
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry

    def _prepare(self, text: str) -> Prepared:
        try:
            document = parse(text, max_tokens=self.max_tokens)
        except GraphQLError as error:
            if self.max_tokens is not None and "Document contains more than" in error.message:
                error = GraphQLError(
                    f"The document has more than {self.max_tokens} tokens",
                    extensions={"code": "MAX_TOKENS_EXCEEDED"},
                )
            return Prepared(None, (error,), parse_failed=True)
        # The limits run first, alone: a document too deep or too wide is refused
        # before the specification's rules spend time on it.
        if self.limits:
            refused = validate(self.schema, document, self.limits, max_errors=10)
            if refused:
                return Prepared(None, tuple(refused))
        errors = validate(self.schema, document, self.rules, hide_suggestions=self.hide_suggestions)
        if errors:
            return Prepared(None, tuple(errors))
        return Prepared(document)
