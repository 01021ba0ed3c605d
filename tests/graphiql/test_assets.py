"""GraphiQL's asset routes serve the allow-listed files and nothing else, with
long caching that an ETag revalidates; a missing set-up stops the start."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

from gateway.graphiql.assets import VENDOR, WEB, AssetsMissing, load_assets
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


def test_vendor_files_are_the_installed_package_files(graph: Graph, base_url: str) -> None:
    for name, file in VENDOR.items():
        served = graph.http.get(f"{base_url}/graphiql/{name}").content
        assert served == (WEB / "node_modules" / file.package / file.path).read_bytes()


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


def _copy_web(tmp_path: Path) -> Path:
    """A web folder like set-up leaves it, with only the files the gateway reads."""
    web = tmp_path / "web"
    web.mkdir()
    shutil.copy(WEB / "package-lock.json", web)
    for file in VENDOR.values():
        target = web / "node_modules" / file.package
        (target / file.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(WEB / "node_modules" / file.package / "package.json", target)
        shutil.copy(WEB / "node_modules" / file.package / file.path, target / file.path)
    return web


def test_loading_from_a_set_up_folder_works(tmp_path: Path) -> None:
    assets = load_assets(_copy_web(tmp_path))
    assert set(assets) == set(SERVED)


def test_without_set_up_the_start_fails_saying_what_to_run(tmp_path: Path) -> None:
    web = _copy_web(tmp_path)
    shutil.rmtree(web / "node_modules")
    with pytest.raises(AssetsMissing, match="npm ci"):
        load_assets(web)


def test_an_installed_version_other_than_the_pinned_one_fails(tmp_path: Path) -> None:
    web = _copy_web(tmp_path)
    manifest = web / "node_modules" / "graphiql" / "package.json"
    package = json.loads(manifest.read_text())
    package["version"] = "0.0.1"
    manifest.write_text(json.dumps(package))
    with pytest.raises(AssetsMissing, match=r"graphiql is 0\.0\.1, the lockfile pins 3\.9\.0"):
        load_assets(web)
