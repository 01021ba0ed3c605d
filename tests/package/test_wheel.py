"""The package as a new user gets it: built with ``python -m build``, installed from the
wheel into a new virtualenv outside the checkout, and run from there.

The wheel carries GraphiQL's files (fetched from the npm registry while it was
built), so the installed gateway serves GraphiQL's page and every file it loads
with no node on the path; without those files it still starts and says how to
get them, and production never needs them. Slow (a build, and a virtualenv
whose dependencies come from the package index or pip's cache): marked
``package``, so ``-m "not package"`` leaves it out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.graphiql.fetch import VENDOR
from tests.configured import upstreams_toml
from tests.ops.conftest import READ, start_sandboxes
from tests.ops.door_tools import Served, serve

pytestmark = pytest.mark.package

PROJECT = Path(__file__).resolve().parent.parent.parent
VERSION = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["version"]
PACKAGES = {"fastpath", "gateway", "resolvers", "upstreams"}
HTML = {"accept": "text/html"}
PREPAID_ACCOUNT = 50702
READER_KEY = "wheel-reader-key-0123456789"


@dataclass(frozen=True)
class Installed:
    """The gateway installed from the wheel: its virtualenv and a folder outside the checkout."""

    venv: Path
    home: Path
    wheel: Path

    @property
    def command(self) -> list[str]:
        return [str(self.venv / "bin" / "gateway")]

    def env(self) -> dict[str, str]:
        """No way to the checkout (no PYTHONPATH, no settings) and no node: only the venv."""
        kept = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("GATEWAY_") and name not in ("PYTHONPATH", "VIRTUAL_ENV")
        }
        return {**kept, "PATH": str(self.venv / "bin")}

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*args], capture_output=True, text=True, cwd=self.home, env=self.env(), timeout=timeout
        )

    def serve(self, args: list[str]) -> Served:
        return serve(args, gateway=self.command, cwd=self.home, env=self.env())

    def site_package(self, name: str) -> Path:
        found = self.run(
            str(self.venv / "bin" / "python"), "-c", f"import {name}; print({name}.__file__)"
        )
        assert found.returncode == 0, found.stderr
        return Path(found.stdout.strip()).parent


def source_tree(into: Path) -> Path:
    """The checkout's files as a fresh clone has them (plus uncommitted work), nothing built."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = PROJECT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    return into


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Built once per session: an sdist, the wheel built from it, and a virtualenv with it."""
    work = tmp_path_factory.mktemp("wheel")
    source = source_tree(work / "source")
    dist = work / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    [sdist] = dist.glob("*.tar.gz")
    [wheel] = dist.glob("*.whl")
    assert sdist.name == f"graph_gateway-{VERSION}.tar.gz"
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    home = work / "home"
    home.mkdir()
    return Installed(venv, home, wheel)


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[dict[str, str]]:
    """Upstreams for the production run, started apart from the installed gateway."""
    running = start_sandboxes()
    yield {name: server.base_url for name, server in running.servers.items()}
    for server in running.servers.values():
        server.stop()


def page_assets(html: str) -> list[str]:
    """Every URL the GraphiQL page loads: stylesheets, scripts and the examples."""
    urls = re.findall(r'(?:href|src|data-examples)="([^"]+)"', html)
    return [url.replace("&amp;", "&") for url in urls if not url.startswith("data:")]


def query(served: Served, document: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    response = httpx.post(
        f"{served.url}/graphql",
        json={"query": document, "variables": {"id": PREPAID_ACCOUNT}},
        headers=headers,
        timeout=30,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def test_the_wheel_holds_the_gateway_and_graphiql_and_nothing_else(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == PACKAGES
    for name in VENDOR:
        assert f"gateway/graphiql/vendor/{name}" in names
    assert not [name for name in names if "/web/" in name or "node_modules" in name]
    assert "upstreams/prepaid/sandbox/app.py" in names  # the sandboxes it serves by default


def test_the_installed_gateway_runs_outside_the_checkout(
    installed: Installed, sandboxes: dict[str, str]
) -> None:
    version = installed.run(*installed.command, "--version")
    assert version.stdout == f"gateway {VERSION}\n", version.stderr
    package = installed.site_package("gateway")
    assert installed.venv in package.parents  # not the checkout

    development = installed.serve(["--port", "0", "--sandbox-base-port", "0"])
    try:
        page = httpx.get(f"{development.url}/graphql", headers=HTML, timeout=10)
        assert page.status_code == 200
        assets = page_assets(page.text)
        assert {url.split("?")[0].rsplit("/", 1)[-1] for url in assets} >= set(VENDOR)
        for url in assets:
            loaded = httpx.get(f"{development.url}{url}", timeout=10)
            assert loaded.status_code == 200, url
            assert loaded.content, url
        assert query(development, READ)["prepaidAccount"]["name"]
    finally:
        development.stop()

    # Without GraphiQL's files (an install that skipped them) the gateway still starts.
    shutil.rmtree(package / "graphiql" / "vendor")
    bare = installed.serve(["--port", "0", "--sandbox-base-port", "0"])
    try:
        page = httpx.get(f"{bare.url}/graphql", headers=HTML, timeout=10)
        assert page.status_code == 200
        assert "GraphiQL&#x27;s assets are not installed" in page.text
        assert "python -m build" in page.text and "./dev serve" in page.text
        assert query(bare, READ)["prepaidAccount"]["name"]
    finally:
        bare.stop()

    # Production, over upstreams started apart from it, never needs GraphiQL's files.
    config = installed.home / "gateway.toml"
    config.write_text(
        "[idempotency]\nallow_volatile = true\n\n"
        f'[auth]\nmode = "required"\napi_keys = "{READER_KEY}:read"\n\n' + upstreams_toml(sandboxes)
    )
    production = installed.serve(["--config", str(config), "--port", "0"])
    try:
        assert query(production, READ, {"x-api-key": READER_KEY})["prepaidAccount"]["name"]
        assert httpx.get(f"{production.url}/graphiql/graphiql.js").status_code == 404
    finally:
        log = production.stop()
    assert "Traceback" not in log
