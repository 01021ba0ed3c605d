"""A settings dataclass from the values of its configuration section.

A section may hold keys its settings do not (``[server] workers``) and a
dataclass fields no key sets (they keep their defaults), so only the names
both have are copied.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")


def settings_from(settings: type[T], values: Mapping[str, Any], **given: Any) -> T:
    """``settings`` with each of its fields that ``values`` holds, and ``given`` over them."""
    names = [each.name for each in dataclasses.fields(settings)]  # type: ignore[arg-type]
    return settings(**{**{name: values[name] for name in names if name in values}, **given})
