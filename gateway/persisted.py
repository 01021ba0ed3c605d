"""Persisted operations: Apollo's automatic persisted queries, and trusted documents.

APQ (``mode = "apq"``, the default): a client sends
``extensions.persistedQuery = {"version": 1, "sha256Hash": h}`` without the
query; an unknown ``h`` is answered ``PersistedQueryNotFound`` (status 200, as
Apollo Client expects), the client retries with the query, whose sha256 is
checked before it is stored. After that, the hash alone runs the query: small
requests, and GETs that caches can keep.

Trusted documents (``mode = "trusted"``): only operations from a manifest
(Apollo's ``apollo-persisted-query-manifest`` format) run, by id or hash; a
free-form document runs only if its sha256 is registered, else it is refused
with ``OPERATION_NOT_TRUSTED`` before parsing. Clients cannot add documents.

The store is memory (one process) or Redis (shared by every instance); see
``gateway.persisted_redis``. A store that cannot answer makes the request a
503 with code ``PERSISTED_QUERY_STORE_UNAVAILABLE``: nothing ran, and the same
request may succeed later.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from gateway.config_keys import ConfigError
from gateway.protocol.execution import Outcome, request_error
from gateway.protocol.params import GraphQLParams

MODES = ("off", "apq", "trusted")
MANIFEST_FORMAT = "apollo-persisted-query-manifest"


STORE_DOWN = "Persisted documents could not be looked up, so nothing ran; try again later."


class StoreUnavailable(Exception):
    """The document store could not be reached; the message is safe to show (no URL)."""


class DocumentStore(Protocol):
    """Where document texts are kept by hash (or manifest id).

    ``get`` and ``put`` raise ``StoreUnavailable`` when the store cannot answer.
    """

    async def get(self, key: str) -> str | None: ...

    async def put(self, key: str, text: str) -> None: ...

    async def aclose(self) -> None: ...


class MemoryDocumentStore:
    """One process's store: the most recently used ``size`` documents."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._texts: OrderedDict[str, str] = OrderedDict()

    async def get(self, key: str) -> str | None:
        text = self._texts.get(key)
        if text is not None:
            self._texts.move_to_end(key)
        return text

    async def put(self, key: str, text: str) -> None:
        self._texts[key] = text
        self._texts.move_to_end(key)
        if len(self._texts) > self.size:
            self._texts.popitem(last=False)

    async def aclose(self) -> None:
        """Nothing to close: the documents live and die with the process."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def read_manifest(path: Path) -> dict[str, str]:
    """Id -> document of an Apollo persisted query manifest; each body also under its sha256."""
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError):
        raise ConfigError("persisted.manifest", "is not a readable JSON file") from None
    if (
        not isinstance(document, dict)
        or document.get("format") != "apollo-persisted-query-manifest"
    ):
        raise ConfigError("persisted.manifest", "is not an apollo-persisted-query-manifest")
    operations: dict[str, str] = {}
    for index, operation in enumerate(document.get("operations", [])):
        body, key = operation.get("body"), operation.get("id")
        if not isinstance(body, str) or not isinstance(key, str):
            raise ConfigError(f"persisted.manifest operations[{index}]", "needs id and body")
        operations[key] = body
        operations[sha256(body)] = body
    return operations


class PersistedQueries:
    """The endpoint's resolve stage: a hash or id becomes its document, or an answer."""

    def __init__(
        self, store: DocumentStore, *, mode: str = "apq", manifest: Mapping[str, str] | None = None
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.store = store
        self.mode = mode
        self.manifest = dict(manifest or {})
        self._loaded = not self.manifest
        self._loading = asyncio.Lock()

    async def aclose(self) -> None:
        """Close the store's connections (Redis) when the gateway stops."""
        await self.store.aclose()

    async def __call__(self, params: GraphQLParams) -> GraphQLParams | Outcome:
        try:
            await self._load()
            return await self._resolve(params)
        except StoreUnavailable:
            return request_error(503, "PERSISTED_QUERY_STORE_UNAVAILABLE", STORE_DOWN)

    async def _resolve(self, params: GraphQLParams) -> GraphQLParams | Outcome:
        extension = (params.extensions or {}).get("persistedQuery")
        if extension is None:
            if self.mode != "trusted" or params.query is None:
                return params
            if await self.store.get(sha256(params.query)) is None:
                return _not_trusted()
            return params
        if self.mode == "off":
            return request_error(400, "PERSISTED_QUERY_NOT_SUPPORTED", "PersistedQueryNotSupported")
        wanted = extension.get("sha256Hash") if isinstance(extension, dict) else None
        if (
            not isinstance(extension, dict)
            or extension.get("version") != 1
            or not isinstance(wanted, str)
            or not wanted
        ):
            return request_error(
                400,
                "BAD_REQUEST",
                "extensions.persistedQuery needs version 1 and a sha256Hash",
                malformed=True,
            )
        if params.query is not None:
            if sha256(params.query) != wanted.lower():
                return request_error(
                    400,
                    "PERSISTED_QUERY_HASH_MISMATCH",
                    "The query's sha256 is not the sha256Hash sent with it",
                    malformed=True,
                )
            if self.mode == "trusted":
                return params if await self.store.get(wanted.lower()) else _not_trusted()
            await self.store.put(wanted.lower(), params.query)
            return params
        text = await self.store.get(wanted if self.mode == "trusted" else wanted.lower())
        if text is None:
            return request_error(200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        return dataclasses.replace(params, query=text)

    async def _load(self) -> None:
        """Put the manifest into the store once, from the loop that serves (Redis needs it)."""
        if self._loaded:
            return
        async with self._loading:
            if not self._loaded:
                for key, text in self.manifest.items():
                    await self.store.put(key, text)
                self._loaded = True


def _not_trusted() -> Outcome:
    return request_error(
        400, "OPERATION_NOT_TRUSTED", "Only the graph's registered operations may run here"
    )
