"""Root fields of this part of the graph, mixed into ``Query`` and ``Mutation``.

Placeholder until this part is written: plain mixins without fields.
"""

from __future__ import annotations


class InvoicingQuery:
    """Root query fields of this part."""


class InvoicingMutation:
    """Root mutation fields of this part."""
