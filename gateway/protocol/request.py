"""The request the endpoint reads: Starlette's, with headers looked up by index.

Answering one GraphQL POST asks for five headers (accept, content-type,
content-length, authorization, x-api-key). Starlette's ``Headers`` scans its
list for each, and a missing one costs a raised ``KeyError``; here one pass
builds a dictionary and each look-up is a single probe.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import Scope


class IndexedHeaders(Headers):
    """``Headers`` whose ``get``, ``[]`` and ``in`` use a dictionary (first value wins)."""

    def __init__(self, scope: Scope) -> None:
        super().__init__(scope=scope)
        index: dict[bytes, bytes] = {}
        # ASGI header names are lowercase bytes; the first value of a name wins.
        for key, value in scope["headers"]:
            index.setdefault(key, value)
        self._index = index

    def get(self, key: str, default: Any = None) -> Any:
        value = self._index.get(key.lower().encode("latin-1"))
        return default if value is None else value.decode("latin-1")

    def __getitem__(self, key: str) -> str:
        value = self._index.get(key.lower().encode("latin-1"))
        if value is None:
            raise KeyError(key)
        return value.decode("latin-1")

    def __contains__(self, key: Any) -> bool:
        return isinstance(key, str) and key.lower().encode("latin-1") in self._index


class GraphQLRequest(Request):
    """A Starlette request whose ``headers`` are ``IndexedHeaders``."""

    @property
    def headers(self) -> Headers:
        if not hasattr(self, "_indexed_headers"):
            self._indexed_headers = IndexedHeaders(self.scope)
        return self._indexed_headers
