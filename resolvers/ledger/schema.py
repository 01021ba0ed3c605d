"""Root fields of this part of the graph, mixed into ``Query`` and ``Mutation``.

Placeholder until this part is written: plain mixins without fields.
"""

from __future__ import annotations


class LedgerQuery:
    """Root query fields of this part."""


class LedgerMutation:
    """Root mutation fields of this part."""
