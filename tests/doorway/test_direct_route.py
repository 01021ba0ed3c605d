"""``DirectPost`` matches a path as Starlette's router does, mounted or not."""

from __future__ import annotations

import pytest
from starlette._utils import get_route_path

from gateway.direct_route import route_path


@pytest.mark.parametrize(
    ("path", "root_path"),
    [
        ("/graphql", ""),
        ("/graphql", None),
        ("/api/graphql", "/api"),
        ("/api", "/api"),
        ("/apigraphql", "/api"),
        ("/other/graphql", "/api"),
    ],
)
def test_the_route_path_is_the_routers(path: str, root_path: str | None) -> None:
    scope = {"type": "http", "path": path}
    if root_path is not None:
        scope["root_path"] = root_path
    assert route_path(scope) == get_route_path(scope)
