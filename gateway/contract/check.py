"""``gateway schema check``: may the code's contract ship as the project's version?

A breaking change against the last released contract is allowed when the
removed field, argument or enum value was ``@deprecated`` in that release
(clients were told), or when the version's major number moves past the
release's and ``CHANGELOG.md``'s section for the version names the change's
schema coordinate with a migration (``gateway/contract/changelog.py``).
Anything else breaking fails the check, as does a ``schema.graphql`` that is
not what the code prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gateway.contract.changelog import recorded
from gateway.contract.changes import Change, Severity, changes
from gateway.contract.released import Released, Version, latest, project_version
from gateway.contract.sdl import schema_from_sdl

RELEASED = Path("schema/released")
CHANGELOG = Path("CHANGELOG.md")
PYPROJECT = Path("pyproject.toml")
PUBLISHED = Path("schema.graphql")
"""Where a checkout keeps each part of the contract, relative to its root."""


@dataclass(frozen=True)
class Finding:
    change: Change
    allowed_by: str | None
    """Why a breaking change may ship; None when it may not, and for any other change."""


@dataclass(frozen=True)
class Verdict:
    released: Released
    version: Version
    findings: list[Finding]
    published_is_stale: bool

    @property
    def refused(self) -> list[Finding]:
        return [
            finding
            for finding in self.findings
            if finding.change.severity is Severity.BREAKING and finding.allowed_by is None
        ]

    @property
    def passes(self) -> bool:
        return not self.refused and not self.published_is_stale


def allowance(change: Change, released: Version, version: Version, named: set[str]) -> str | None:
    if change.severity is not Severity.BREAKING:
        return None
    if change.deprecated_first:
        return f"deprecated in {released}"
    if version.major > released.major and change.coordinate in named:
        return f"recorded in {CHANGELOG} under {version}"
    return None


def check(root: Path, code_sdl: str) -> Verdict:
    """Compare ``code_sdl`` with the checkout at ``root``: its releases, version and changelog."""
    released = latest(root / RELEASED)
    version = project_version(root / PYPROJECT)
    changelog = root / CHANGELOG
    named = recorded(changelog.read_text(), version.text) if changelog.exists() else set()
    found = changes(schema_from_sdl(released.path.read_text()), schema_from_sdl(code_sdl))
    published = root / PUBLISHED
    return Verdict(
        released,
        version,
        [Finding(change, allowance(change, released.version, version, named)) for change in found],
        published_is_stale=not published.exists() or published.read_text() != code_sdl,
    )


def report(verdict: Verdict) -> list[str]:
    """The check's answer as lines for a terminal, the reason to act last."""
    lines = [
        f"released contract: {verdict.released.version} ({verdict.released.path.name});"
        f" this version: {verdict.version}"
    ]
    if not verdict.findings:
        lines.append("no change since the released contract")
    for finding in verdict.findings:
        change = finding.change
        why = f" ({finding.allowed_by})" if finding.allowed_by else ""
        lines.append(f"{change.severity:<9} {change.description}{why}")
    if verdict.refused:
        lines.append(
            f"refused: {len(verdict.refused)} breaking change(s) neither deprecated first nor"
            f" recorded. Deprecate the field or value and remove it in a later release, or"
            f" raise the major version in {PYPROJECT} past {verdict.released.version.major}"
            f" and name each coordinate in {CHANGELOG}'s section for the version with a"
            " `Migration:` line:"
        )
        lines.extend(f"  `{finding.change.coordinate}`" for finding in verdict.refused)
    if verdict.published_is_stale:
        lines.append(f"{PUBLISHED} differs from the code: run `gateway schema --write {PUBLISHED}`")
    return lines
