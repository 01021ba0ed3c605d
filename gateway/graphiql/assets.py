"""The exact files GraphiQL's page loads, read once and served from memory.

Only the names listed here are served: a request names an entry of this
allow-list, never a path, so nothing else on disk can be reached. The vendor
files come from ``vendor/``, which the wheel's build (or ``./dev`` in a
checkout) fills from the npm registry (``gateway.graphiql.fetch``). Without
them the gateway still starts: GraphiQL's page then says how to install them,
and production, which serves no GraphiQL, never reads them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gateway.graphiql.examples import examples_json
from gateway.graphiql.fetch import HOW_TO_INSTALL, JS, VENDOR, VENDOR_DIR, WEB, problem

HERE = Path(__file__).parent
STATIC = HERE / "static"

CSS = "text/css; charset=utf-8"
JSON = "application/json"

OWN: dict[str, tuple[str, str]] = {
    "boot.js": ("boot.js", JS),
    "page.css": ("page.css", CSS),
}
"""Served name -> our committed file under ``static/`` and its content type."""

GENERATED: dict[str, tuple[Callable[[], bytes], str]] = {
    "examples.json": (examples_json, JSON),
}


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    content_type: str

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


@dataclass(frozen=True, slots=True)
class Assets:
    """The servable files; ``missing`` says why GraphiQL cannot run and how to fix it."""

    files: dict[str, Asset] = field(default_factory=dict)
    missing: str | None = None


def load_assets(vendor: Path = VENDOR_DIR, web: Path = WEB) -> Assets:
    """Every allow-listed file there is, read now; the vendor files only when all are right."""
    files = {name: Asset((STATIC / file).read_bytes(), kind) for name, (file, kind) in OWN.items()}
    for name, (make, content_type) in GENERATED.items():
        files[name] = Asset(make(), content_type)
    found = problem(vendor, web)
    if found is not None:
        return Assets(files, f"{found}: {HOW_TO_INSTALL}.")
    for name, file in VENDOR.items():
        files[name] = Asset((vendor / name).read_bytes(), file.content_type)
    return Assets(files)
