"""GraphiQL's asset routes serve the allow-listed files and nothing else, with
long caching that an ETag revalidates; missing files say how to install them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

from gateway.graphiql.assets import load_assets
from gateway.graphiql.fetch import VENDOR, VENDOR_DIR
from tests.graph.conftest import Graph

SERVED = {
    "react.js": "text/javascript; charset=utf-8",
    "react-dom.js": "text/javascript; charset=utf-8",
    "graphiql.js": "text/javascript; charset=utf-8",
    "graphiql.css": "text/css; charset=utf-8",
    "boot.js": "text/javascript; charset=utf-8",
    "page.css": "text/css; charset=utf-8",
    "examples.json": "application/json",
}


@pytest.mark.parametrize(("name", "content_type"), SERVED.items())
def test_each_allowed_file_is_served_cached_with_an_etag(
    graph: Graph, base_url: str, name: str, content_type: str
) -> None:
    response = graph.http.get(f"{base_url}/graphiql/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content

    again = graph.http.get(
        f"{base_url}/graphiql/{name}", headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == response.headers["etag"]


def test_vendor_files_are_the_fetched_package_files(graph: Graph, base_url: str) -> None:
    for name in VENDOR:
        served = graph.http.get(f"{base_url}/graphiql/{name}").content
        assert served == (VENDOR_DIR / name).read_bytes()


def test_a_stale_etag_gets_the_whole_file(graph: Graph, base_url: str) -> None:
    response = graph.http.get(f"{base_url}/graphiql/boot.js", headers={"If-None-Match": '"old"'})
    assert response.status_code == 200
    assert b"GraphiQL" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/graphiql/package.json",
        "/graphiql/package-lock.json",
        "/graphiql/graphiql.min.js",
        "/graphiql/graphiql.min.js.map",
        "/graphiql/node_modules/graphiql/graphiql.min.js",
        "/graphiql/web/package.json",
        "/graphiql/assets.py",
        "/graphiql/%2e%2e%2fassets.py",
        "/graphiql/..%2f..%2fpyproject.toml",
        "/graphiql/static%2fboot.js",
        "/graphiql/boot.js%00.py",
        "/graphiql/",
    ],
)
def test_nothing_outside_the_allow_list_is_served(graph: Graph, base_url: str, path: str) -> None:
    # Sent as written: httpx must not resolve the dot segments before the server sees them.
    url = httpx.URL(base_url).copy_with(raw_path=path.encode())
    response = graph.http.get(url)
    assert response.status_code == 404
    assert b"setuptools" not in response.content
    assert b"graph-gateway" not in response.content


def test_dot_segments_do_not_escape_the_asset_folder(graph: Graph, base_url: str) -> None:
    url = httpx.URL(base_url).copy_with(raw_path=b"/graphiql/../pyproject.toml")
    response = graph.http.get(url)
    assert response.status_code == 404
    assert b"graph-gateway" not in response.content


def _copy_vendor(tmp_path: Path) -> Path:
    """A vendor folder as the build (or set-up) leaves it."""
    vendor = tmp_path / "vendor"
    shutil.copytree(VENDOR_DIR, vendor)
    return vendor


def test_loading_from_a_fetched_folder_serves_every_file(tmp_path: Path) -> None:
    assets = load_assets(_copy_vendor(tmp_path))
    assert assets.missing is None
    assert set(assets.files) == set(SERVED)


def test_without_the_files_graphiql_says_how_to_install_them(tmp_path: Path) -> None:
    vendor = _copy_vendor(tmp_path)
    (vendor / "graphiql.js").unlink()
    assets = load_assets(vendor)
    assert assets.missing is not None
    assert "graphiql.js missing" in assets.missing
    assert "./dev serve" in assets.missing
    assert "python -m build" in assets.missing
    assert set(assets.files) == set(SERVED) - set(VENDOR)  # our own files still serve


def test_files_of_another_version_than_the_lockfile_pins_are_not_served(tmp_path: Path) -> None:
    vendor = _copy_vendor(tmp_path)
    versions = json.loads((vendor / "versions.json").read_text())
    versions["graphiql"] = "0.0.1"
    (vendor / "versions.json").write_text(json.dumps(versions))
    assets = load_assets(vendor)
    assert assets.missing is not None
    assert "graphiql is 0.0.1, the lockfile pins 3.9.0" in assets.missing
    assert not set(VENDOR) & set(assets.files)


def test_an_installed_wheel_needs_no_lockfile(tmp_path: Path) -> None:
    assets = load_assets(_copy_vendor(tmp_path), web=tmp_path / "no-web")
    assert assets.missing is None
