"""The exact files GraphiQL's page loads, read once at start and served from memory.

Only the names listed here are served: a request names an entry of this
allow-list, never a path, so nothing else under ``node_modules`` (or anywhere)
can be reached. The vendor files come from ``web/node_modules``, which set-up
fills with ``npm ci`` (each package checked against the integrity hash the
lockfile pins); if set-up has not run, the gateway refuses to start with a
message that says what to run, rather than serving a blank page.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gateway.graphiql.examples import examples_json

HERE = Path(__file__).parent
WEB = HERE / "web"
STATIC = HERE / "static"

JS = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
JSON = "application/json"


@dataclass(frozen=True, slots=True)
class VendorFile:
    """A file of an npm package pinned in ``web/package-lock.json``."""

    package: str
    path: str
    content_type: str


VENDOR: dict[str, VendorFile] = {
    "react.js": VendorFile("react", "umd/react.production.min.js", JS),
    "react-dom.js": VendorFile("react-dom", "umd/react-dom.production.min.js", JS),
    "graphiql.js": VendorFile("graphiql", "graphiql.min.js", JS),
    "graphiql.css": VendorFile("graphiql", "graphiql.min.css", CSS),
}
"""Served name -> the package file it is."""

OWN: dict[str, tuple[str, str]] = {
    "boot.js": ("boot.js", JS),
    "page.css": ("page.css", CSS),
}
"""Served name -> our committed file under ``static/`` and its content type."""

GENERATED: dict[str, tuple[Callable[[], bytes], str]] = {
    "examples.json": (examples_json, JSON),
}


class AssetsMissing(RuntimeError):
    """GraphiQL's npm packages are not installed, or not the versions the lockfile pins."""


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    content_type: str

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


def load_assets(web: Path = WEB) -> dict[str, Asset]:
    """Every allow-listed file, read now; raises ``AssetsMissing`` when set-up has not run."""
    assets = {name: _vendor(web, file) for name, file in VENDOR.items()}
    for name, (file, content_type) in OWN.items():
        assets[name] = Asset((STATIC / file).read_bytes(), content_type)
    for name, (make, content_type) in GENERATED.items():
        assets[name] = Asset(make(), content_type)
    return assets


def _vendor(web: Path, file: VendorFile) -> Asset:
    hint = f"run `./dev serve` once, or `npm ci` in {web}"
    package_dir = web / "node_modules" / file.package
    try:
        pinned = json.loads((web / "package-lock.json").read_text())["packages"][
            f"node_modules/{file.package}"
        ]["version"]
        installed = json.loads((package_dir / "package.json").read_text())["version"]
        body = (package_dir / file.path).read_bytes()
    except FileNotFoundError as missing:
        raise AssetsMissing(f"GraphiQL's assets are not installed ({missing}): {hint}") from None
    if installed != pinned:
        raise AssetsMissing(
            f"GraphiQL's {file.package} is {installed}, the lockfile pins {pinned}: {hint}"
        )
    return Asset(body, file.content_type)
