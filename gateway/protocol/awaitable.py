"""Whether a resolver's result must be awaited, decided once per type.

graphql-core asks this of nearly every value it completes (how often:
``bench/results.md``). Its own test looks for ``__await__`` on the
value itself, which for a plain record is a failed attribute look-up each
time. ``await`` only ever uses the type's ``__await__``, so the answer is a
property of the type and is remembered per type. Generators stay with
graphql-core's test: whether one is awaitable depends on its code's flags.
"""

from __future__ import annotations

from collections.abc import Awaitable
from types import CoroutineType, GeneratorType
from typing import Any, TypeGuard

from graphql.pyutils import is_awaitable as per_value

# Types seen so far; past this many, further types are asked afresh each time.
MAX_TYPES = 4096

_answers: dict[type, bool] = {CoroutineType: True}


def is_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    """``True`` when ``await value`` works (graphql-core's ``is_awaitable``, per type)."""
    kind = type(value)
    known = _answers.get(kind)
    if known is not None:
        return known
    if kind is GeneratorType:
        return bool(per_value(value))
    answer = hasattr(kind, "__await__")
    if len(_answers) < MAX_TYPES:
        _answers[kind] = answer
    return answer
