"""A checkout's contract files in a folder of their own, for the check to read."""

from __future__ import annotations

from pathlib import Path


def checkout(
    root: Path,
    *,
    released: dict[str, str],
    version: str,
    published: str,
    changelog: str = "# Changelog\n",
) -> Path:
    """Write ``schema/released/<version>.graphql`` for each of ``released``, a
    ``pyproject.toml`` at ``version``, ``CHANGELOG.md`` and ``schema.graphql``."""
    (root / "schema" / "released").mkdir(parents=True)
    for shipped, sdl in released.items():
        (root / "schema" / "released" / f"{shipped}.graphql").write_text(sdl)
    (root / "pyproject.toml").write_text(f'[project]\nname = "x"\nversion = "{version}"\n')
    (root / "CHANGELOG.md").write_text(changelog)
    (root / "schema.graphql").write_text(published)
    return root


def recording(version: str, coordinate: str) -> str:
    """A changelog whose ``version`` section records ``coordinate`` with a migration."""
    return (
        f"# Changelog\n\n## [{version}] - unreleased\n\n### Removed\n\n"
        f"- `{coordinate}` is gone.\n  Migration: ask `Query.node(id:)` instead.\n"
    )
