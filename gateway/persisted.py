"""Persisted operations: Apollo's automatic persisted queries, and trusted documents.

APQ (``mode = "apq"``, the default): a client sends
``extensions.persistedQuery = {"version": 1, "sha256Hash": h}`` without the
query; an unknown ``h`` is answered ``PersistedQueryNotFound`` (status 200, as
Apollo Client expects), the client retries with the query, whose sha256 is
checked before it is stored. After that, the hash alone runs the query: small
requests, and GETs that caches can keep. A registration is stored only when
the document is at most ``max_document_bytes`` (else it is refused with
``PERSISTED_QUERY_TOO_LARGE`` before it is even hashed) and parses and
validates (else the answer is its parse or validation errors): a caller can
fill the store only with documents the graph would run.

Trusted documents (``mode = "trusted"``): only operations from a manifest
(Apollo's ``apollo-persisted-query-manifest`` format) run, by id or hash; a
free-form document runs only if its sha256 is registered, else it is refused
with ``OPERATION_NOT_TRUSTED`` before parsing. Clients cannot add documents.

The store is memory (one process; bounded in entries and in bytes) or Redis
(shared by every instance; see ``gateway.persisted_redis``). A store that
cannot answer makes the request a 503 with code
``PERSISTED_QUERY_STORE_UNAVAILABLE``: nothing ran, and the same request may
succeed later.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from gateway.config_keys import ConfigError
from gateway.persisted_settings import PersistedSettings
from gateway.protocol.execution import Outcome, request_error
from gateway.protocol.params import GraphQLParams
from upstreams.redis_client import StoreUnavailable

MODES = ("off", "apq", "trusted")
MANIFEST_FORMAT = "apollo-persisted-query-manifest"


STORE_DOWN = "Persisted documents could not be looked up, so nothing ran; try again later."
# What a memory entry costs beyond its text: the key, the string headers, the LRU's links.
ENTRY_BYTES = 250


class DocumentStore(Protocol):
    """Where document texts are kept by hash (or manifest id).

    ``get`` and ``put`` raise ``StoreUnavailable`` when the store cannot answer.
    """

    async def get(self, key: str) -> str | None: ...

    async def put(self, key: str, text: str) -> None: ...

    async def aclose(self) -> None: ...


class MemoryDocumentStore:
    """One process's store: the most recently used documents.

    At most ``size`` of them, weighing at most ``max_bytes`` together (each its
    text's length plus ``ENTRY_BYTES``); ``None`` lifts a bound, which only a
    trusted manifest (written by the operator, not by callers) should need.
    """

    def __init__(self, *, max_bytes: int | None, size: int | None = 10_000) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    @property
    def weight(self) -> int:
        """What the kept documents weigh together, in estimated bytes."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._texts)

    async def get(self, key: str) -> str | None:
        text = self._texts.get(key)
        if text is not None:
            self._texts.move_to_end(key)
        return text

    async def put(self, key: str, text: str) -> None:
        self._drop(key)
        weight = _entry_weight(key, text)
        if self.max_bytes is not None and weight > self.max_bytes:
            return  # larger than the whole store: never kept
        self._texts[key] = text
        self._bytes += weight
        while (self.size is not None and len(self._texts) > self.size) or (
            self.max_bytes is not None and self._bytes > self.max_bytes
        ):
            self._drop(next(iter(self._texts)))

    def _drop(self, key: str) -> None:
        text = self._texts.pop(key, None)
        if text is not None:
            self._bytes -= _entry_weight(key, text)

    async def aclose(self) -> None:
        """Nothing to close: the documents live and die with the process."""


def _entry_weight(key: str, text: str) -> int:
    return len(key) + len(text) + ENTRY_BYTES


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# Whether a document parses and validates (the app's document cache answers it).
Validator = Callable[[str], Awaitable[bool]]


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
        self,
        store: DocumentStore,
        settings: PersistedSettings | None = None,
        *,
        manifest: Mapping[str, str] | None = None,
    ) -> None:
        settings = settings or PersistedSettings()
        if settings.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.store = store
        self.mode = settings.mode
        self.manifest = dict(manifest or {})
        self.max_document_bytes = settings.max_document_bytes
        self.valid: Validator | None = None
        self._loaded = not self.manifest
        self._loading = asyncio.Lock()

    def register_only(self, valid: Validator) -> None:
        """Store an APQ registration only if ``valid`` (parses and validates) says so.

        Given by the app that owns the document cache, so the check's work is
        the one the request's execution then finds done.
        """
        self.valid = valid

    async def aclose(self) -> None:
        """Close the store's connections (Redis) when the gateway stops."""
        await self.store.aclose()

    async def __call__(self, params: GraphQLParams) -> GraphQLParams | Outcome:
        extension = (params.extensions or {}).get("persistedQuery")
        if extension is None and (self.mode != "trusted" or params.query is None):
            return params  # the document came whole, and any document may run
        try:
            await self._load()
            return await self._resolve(params, extension)
        except StoreUnavailable:
            return request_error(503, "PERSISTED_QUERY_STORE_UNAVAILABLE", STORE_DOWN)

    async def _resolve(self, params: GraphQLParams, extension: Any) -> GraphQLParams | Outcome:
        if extension is None:  # trusted mode: a free-form document runs only if registered
            if params.query is not None and await self.store.get(sha256(params.query)) is None:
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
            return await self._register(params, params.query, wanted.lower())
        text = await self.store.get(wanted if self.mode == "trusted" else wanted.lower())
        if text is None:
            return request_error(200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        return dataclasses.replace(params, query=text)

    async def _register(
        self, params: GraphQLParams, query: str, wanted: str
    ) -> GraphQLParams | Outcome:
        """A document sent with its hash: checked, then stored (APQ) or looked up (trusted)."""
        encoded = query.encode()
        if self.mode == "apq" and len(encoded) > self.max_document_bytes:
            return request_error(
                400,
                "PERSISTED_QUERY_TOO_LARGE",
                "A document registered as a persisted query may be at most"
                f" {self.max_document_bytes} bytes; send it without extensions.persistedQuery",
            )
        if hashlib.sha256(encoded).hexdigest() != wanted:
            return request_error(
                400,
                "PERSISTED_QUERY_HASH_MISMATCH",
                "The query's sha256 is not the sha256Hash sent with it",
                malformed=True,
            )
        if self.mode == "trusted":
            return params if await self.store.get(wanted) else _not_trusted()
        # Not stored when it does not parse or validate: the execution that
        # follows answers with the reasons, from the same cached check.
        if self.valid is None or await self.valid(query):
            await self.store.put(wanted, query)
        return params

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
