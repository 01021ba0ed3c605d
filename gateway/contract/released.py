"""The contract as it last shipped, and the version the code will ship as.

Each release keeps its SDL as ``schema/released/<version>.graphql``, a copy of
``schema.graphql`` at the commit that shipped; the newest is what clients may
have built against. The version the code ships as is ``pyproject.toml``'s.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

NUMBERS = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")


@dataclass(frozen=True, order=True)
class Version:
    """A release's version; only its numbers order releases and mark a break."""

    numbers: tuple[int, int, int]
    text: str

    @classmethod
    def parse(cls, text: str) -> Version:
        found = NUMBERS.match(text)
        if found is None:
            raise ValueError(f"{text!r} is not a version (expected MAJOR.MINOR.PATCH)")
        major, minor, patch = (int(part or 0) for part in found.groups())
        return cls((major, minor, patch), text)

    @property
    def major(self) -> int:
        return self.numbers[0]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Released:
    version: Version
    path: Path


def latest(directory: Path) -> Released:
    """The newest ``<version>.graphql`` in ``directory``."""
    found = [Released(Version.parse(path.stem), path) for path in directory.glob("*.graphql")]
    if not found:
        raise FileNotFoundError(f"no released contract (<version>.graphql) in {directory}")
    return max(found, key=lambda released: released.version)


def project_version(pyproject: Path) -> Version:
    try:
        return Version.parse(tomllib.loads(pyproject.read_text())["project"]["version"])
    except KeyError:
        raise ValueError(f"{pyproject} has no [project] version") from None
