"""The configurable limits (``[limits]``) and the validation rules they turn into."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import ASTValidationRule

from gateway.limits.aliases import max_aliases_rule
from gateway.limits.depth import max_depth_rule
from gateway.limits.introspection import NoIntrospectionRule
from gateway.limits.root_fields import max_root_fields_rule
from gateway.section_values import settings_from


@dataclass(frozen=True, slots=True)
class LimitSettings:
    """Safe defaults: generous for the graph's real queries, far below what hurts."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_root_fields: int = 20
    max_cost: int = 10_000
    default_page_size: int = 20
    max_batch: int = 10
    # Selections of a document once its fragments are inlined (gateway/limits/expansion.py).
    max_expanded_selections: int = 10_000
    # Elements of the list arguments that fan out to the upstreams (gateway/limits/fan_out.py).
    max_node_ids: int = 100
    max_entity_representations: int = 100
    # Estimated bytes of parsed documents kept for reuse (gateway/protocol/documents.py).
    document_cache_max_bytes: int = 16 * 1024 * 1024
    # Seconds one HTTP request may take; every upstream call made for it ends by then.
    request_timeout: float = 30.0

    @classmethod
    def from_section(cls, values: Mapping[str, Any]) -> LimitSettings:
        return settings_from(cls, values)


def limit_rules(
    settings: LimitSettings, *, introspection: bool
) -> tuple[type[ASTValidationRule], ...]:
    """The rules that run before the specification's own, in a pass of their own."""
    rules: list[type[ASTValidationRule]] = [
        max_depth_rule(settings.max_depth),
        max_aliases_rule(settings.max_aliases),
        max_root_fields_rule(settings.max_root_fields),
    ]
    if not introspection:
        rules.append(NoIntrospectionRule)
    return tuple(rules)
