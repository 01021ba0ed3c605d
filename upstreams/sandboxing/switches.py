"""The fault and latency switches of one sandbox."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

MALFORMED_KINDS = ("truncate", "schema")
HANG_PHASES = ("before", "after")


@dataclass
class Switches:
    """How a sandbox misbehaves. Shares are probabilities from 0 to 1.

    - ``latency_ms`` + up to ``jitter_ms``: added before every answer.
    - ``error_rate``: share of calls answered 500/502/503 without reaching the API.
    - ``hang_rate``: share of calls held ``hang_seconds`` (past a client's timeout).
      ``hang_phase="before"`` holds the call before the API sees it;
      ``"after"`` lets the API act (a charge happens) and holds the answer,
      which is how an outcome becomes unknown to the caller.
    - ``throttle_rate``: share answered 429 with ``Retry-After: retry_after_seconds``.
    - ``malformed_rate``: share whose body is damaged: ``truncate`` cuts it in
      half, ``schema`` keeps it well-formed but breaks the documented shape.
    - ``rate_limit``: enforce the vendor's published rate limit (429 past it).
    - ``only_endpoints``: when set, faults apply to these endpoint keys only.
    """

    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    error_rate: float = 0.0
    hang_rate: float = 0.0
    hang_seconds: float = 30.0
    hang_phase: str = "before"
    throttle_rate: float = 0.0
    retry_after_seconds: int = 1
    malformed_rate: float = 0.0
    malformed_kind: str = "truncate"
    rate_limit: bool = False
    only_endpoints: list[str] | None = field(default=None)

    def update(self, changes: Mapping[str, Any]) -> None:
        """Apply ``changes`` all or nothing; raise ``ValueError`` naming the bad key."""
        candidate = Switches(**{**asdict(self), **dict(changes)}) if _known(changes) else None
        if candidate is None:
            unknown = sorted(set(changes) - {f.name for f in fields(Switches)})
            raise ValueError(f"unknown switch: {', '.join(unknown)}")
        candidate.validate()
        for key, value in asdict(candidate).items():
            setattr(self, key, value)

    def validate(self) -> None:
        for name in ("error_rate", "hang_rate", "throttle_rate", "malformed_rate"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"{name} must be a number from 0 to 1")
        for name in ("latency_ms", "jitter_ms", "hang_seconds"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or float(value) < 0:
                raise ValueError(f"{name} must be a number of at least 0")
        if not isinstance(self.retry_after_seconds, int) or self.retry_after_seconds < 0:
            raise ValueError("retry_after_seconds must be a whole number of at least 0")
        if self.malformed_kind not in MALFORMED_KINDS:
            raise ValueError(f"malformed_kind must be one of {', '.join(MALFORMED_KINDS)}")
        if self.hang_phase not in HANG_PHASES:
            raise ValueError(f"hang_phase must be one of {', '.join(HANG_PHASES)}")
        if not isinstance(self.rate_limit, bool):
            raise ValueError("rate_limit must be true or false")
        if self.only_endpoints is not None and not (
            isinstance(self.only_endpoints, list)
            and all(isinstance(e, str) for e in self.only_endpoints)
        ):
            raise ValueError("only_endpoints must be a list of endpoint keys or null")

    def applies_to(self, endpoint: str) -> bool:
        return self.only_endpoints is None or endpoint in self.only_endpoints

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _known(changes: Mapping[str, Any]) -> bool:
    names = {f.name for f in fields(Switches)}
    return all(key in names for key in changes)
