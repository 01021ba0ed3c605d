"""Strawberry's federation ``_entities`` resolver, with each representation checked first.

Strawberry builds the ``_entities`` field over ``Schema.entities_resolver``, a
method its documentation does not name; overriding it is the only way to see
the representations before Strawberry resolves them. Guarded by
``tests/fastpath/test_checked_entities_guard.py``.
"""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.federation.schema import FederationAny
from strawberry.types import Info


class CheckedEntities(strawberry.federation.Schema):
    """A subgraph schema whose ``_entities`` answers a malformed representation at its index.

    ``problem`` says what is wrong with one representation (an error to put at
    its index) or None; the sound ones resolve together, as Strawberry would
    (and share the request's loaders).
    """

    def problem(self, representation: FederationAny) -> Any | None:
        return None

    def entities_resolver(
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        problems = [self.problem(one) for one in representations]
        sound = [
            one for one, problem in zip(representations, problems, strict=True) if problem is None
        ]
        answers = iter(super().entities_resolver(info, sound))
        results: list[Any] = [next(answers) if problem is None else problem for problem in problems]
        return cast(list[FederationAny], results)
