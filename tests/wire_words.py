"""Upstream wire vocabulary in a userError's message, which must speak the input's terms.

A client reads a message next to the input it sent, so an upstream's paths
(``(accounts.items[0])``), property names (``HeaderAccountId``,
``vATNumber``, ``postal_code``) and XML elements have no place in it. What
looks like one is a word in PascalCase of two parts or more that is not a type
of the graph, a lower-case word with capitals run inside it, a snake_case word,
a tag or an indexed path. ``tests/conftest.py`` searches every userError of
the run's gateway responses with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from graphql import TypeDefinitionNode, parse

WIRE = re.compile(
    r"\(accounts\.|\w\[\d+\]"  # a path into a request body
    r"|\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\b"  # HeaderAccountId, CountryId
    r"|\b[a-z]+[A-Z]{2,}\w*"  # vATNumber
    r"|\b[a-z]+_[a-z_]+\b"  # postal_code
    r"|</?[A-Za-z]+>"  # an XML element
)


@cache
def graph_type_names() -> frozenset[str]:
    """The graph's own type names, which a message may name (``a LedgerAccount``)."""
    from resolvers.schema import sdl

    return frozenset(
        definition.name.value
        for definition in parse(sdl()).definitions
        if isinstance(definition, TypeDefinitionNode)
    )


def wire_words(message: str) -> list[str]:
    """The upstream words ``message`` holds; empty when it speaks the input's terms."""
    return [word for word in WIRE.findall(message) if word not in graph_type_names()]


def user_error_messages(value: Any) -> Iterator[str]:
    """Every userError message inside a decoded GraphQL answer (a batch included)."""
    if isinstance(value, dict):
        errors = value.get("userErrors")
        if isinstance(errors, list):
            for error in errors:
                if isinstance(error, dict) and isinstance(error.get("message"), str):
                    yield error["message"]
        for inner in value.values():
            yield from user_error_messages(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from user_error_messages(inner)


def answers(recorded: Iterable[str]) -> Iterator[Any]:
    """The JSON bodies of recorded responses (headers first, then the body)."""
    for text in recorded:
        starts = [at for at in (text.find("\n{"), text.find("\n[")) if at >= 0]
        if not starts:
            continue
        try:
            yield json.loads(text[min(starts) + 1 :])
        except ValueError:
            continue


def in_user_errors(recorded: Iterable[str]) -> list[str]:
    """``message: words`` for every userError message of ``recorded`` that holds wire words."""
    found = []
    for body in answers(recorded):
        for message in user_error_messages(body):
            words = wire_words(message)
            if words:
                found.append(f"{message!r}: {', '.join(words)}")
    return found
