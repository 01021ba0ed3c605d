"""Fetch GraphiQL's browser files from the npm registry into ``vendor/``.

The wheel carries them (``setup.py`` runs this while it builds one), so a
machine that installs the gateway needs no node; a checkout gets them from
``./dev``. ``npm ci`` installs exactly what ``web/package-lock.json`` pins and
checks each package against the integrity hash it records; only the files the
page loads are copied out, under the names the gateway serves them by, with
the versions they came from. Nothing of theirs is committed.

This module imports nothing outside the standard library: the build runs it
before any of the gateway's dependencies are installed.

    python gateway/graphiql/fetch.py           # fill vendor/ (needs npm)
    python gateway/graphiql/fetch.py --check   # exit 1 unless vendor/ matches the lockfile
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
WEB = HERE / "web"
"""``package.json`` and the lockfile: what to fetch."""
VENDOR_DIR = HERE / "vendor"
"""Where the fetched files live, in a checkout and in an installed wheel."""
LOCKFILE = "package-lock.json"
VERSIONS = "versions.json"
"""In ``vendor/``: the version of each package its files came from."""

JS = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"

NPM_CI = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
"""No package's install scripts run: only files are wanted, never code run at build time."""


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
"""Served name (and name in ``vendor/``) -> the package file it is."""

HOW_TO_INSTALL = (
    "in a checkout, run `./dev serve` once, or `python gateway/graphiql/fetch.py` (needs npm); "
    "a wheel built with `python -m build` carries them"
)


def pinned(web: Path = WEB) -> dict[str, str]:
    """The version the lockfile pins for each package a vendor file comes from."""
    packages = json.loads((web / LOCKFILE).read_text())["packages"]
    names = sorted({file.package for file in VENDOR.values()})
    return {name: packages[f"node_modules/{name}"]["version"] for name in names}


def problem(vendor: Path = VENDOR_DIR, web: Path = WEB) -> str | None:
    """Why the files in ``vendor`` cannot be served, or None when they can.

    Next to a lockfile (a checkout) they must be the versions it pins; an
    installed wheel has no lockfile, and its files are what its build fetched.
    """
    missing = [name for name in VENDOR if not (vendor / name).is_file()]
    if missing:
        return f"GraphiQL's assets are not installed ({', '.join(missing)} missing)"
    if not (web / LOCKFILE).is_file():
        return None
    try:
        versions = json.loads((vendor / VERSIONS).read_text())
    except (OSError, ValueError):
        versions = {}
    for package, version in pinned(web).items():
        if versions.get(package) != version:
            have = versions.get(package, "of an unknown version")
            return f"GraphiQL's {package} is {have}, the lockfile pins {version}"
    return None


def fetch(into: Path = VENDOR_DIR, web: Path = WEB) -> None:
    """Install the lockfile's packages in a scratch folder; copy the page's files into ``into``.

    Raises ``subprocess.CalledProcessError`` when npm fails (an integrity
    mismatch included) and ``RuntimeError`` when what it installed is not what
    the lockfile pins.
    """
    pins = pinned(web)
    with tempfile.TemporaryDirectory(prefix="graphiql-npm-") as scratch:
        for name in ("package.json", LOCKFILE):
            shutil.copyfile(web / name, Path(scratch) / name)
        subprocess.run(NPM_CI, cwd=scratch, check=True)
        modules = Path(scratch) / "node_modules"
        for package, version in pins.items():
            installed = json.loads((modules / package / "package.json").read_text())["version"]
            if installed != version:
                raise RuntimeError(
                    f"npm installed {package} {installed}, the lockfile pins {version}"
                )
        into.mkdir(parents=True, exist_ok=True)
        for name, file in VENDOR.items():
            shutil.copyfile(modules / file.package / file.path, into / name)
    (into / VERSIONS).write_text(json.dumps(pins, indent=2, sort_keys=True) + "\n")


def main(argv: Sequence[str]) -> int:
    if list(argv) == ["--check"]:
        found = problem()
        if found is not None:
            print(f"graphiql: {found}", file=sys.stderr)
        return 0 if found is None else 1
    if argv:
        print("usage: python gateway/graphiql/fetch.py [--check]", file=sys.stderr)
        return 2
    fetch()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
