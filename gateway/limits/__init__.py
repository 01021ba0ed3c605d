"""Limits a document must pass before it may run: size, shape, and static cost.

Every check here is cheap and runs before anything reaches an upstream, so a
hostile document costs the gateway a parse (bounded by ``max_tokens``) and a
walk of its tree, never a resolver or an upstream call.
"""

from gateway.limits.settings import LimitSettings, limit_rules

__all__ = ["LimitSettings", "limit_rules"]
