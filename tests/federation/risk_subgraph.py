"""A second, small subgraph written for the end-to-end test: another team's risk reviews.

It adds ``riskScore`` to the gateway's ``CustomerAccount`` (the router asks it
for scores in ``_entities`` batches, keyed by the billing identity) and has its
own ``RiskReview`` pointing at a ``Contact`` and an ``Invoice`` by their natural
keys, which only the gateway resolves. It records every ``_entities`` request
it gets, so the test can see the router batch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import strawberry
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet


def risk_score(identity: int) -> int:
    """A made-up but fixed score, so the test knows what to expect."""
    return identity % 97


@strawberry.federation.type(keys=["identity"], description="A billing customer account.")
class CustomerAccount:
    identity: int = strawberry.field(description="The billing account's identity.")

    @strawberry.field(description="How risky the account is, 0..96.")  # type: ignore[untyped-decorator]
    def risk_score(self) -> int:
        return risk_score(self.identity)

    @classmethod
    def resolve_reference(cls, identity: int) -> CustomerAccount:
        return cls(identity=int(identity))


@strawberry.federation.type(
    keys=[Key(fields=FieldSet("customerAccountIdentity identity"), resolvable=False)],
    description="A contact of a billing account, resolved by the gateway.",
)
class Contact:
    customer_account_identity: int = strawberry.field(description="The contact's billing account.")
    identity: int = strawberry.field(description="The contact's identity.")


@strawberry.federation.type(
    keys=[Key(fields=FieldSet("invoiceNumber"), resolvable=False)],
    description="A prepaid invoice, resolved by the gateway.",
)
class Invoice:
    invoice_number: int = strawberry.field(description="The prepaid AccountInvoiceId.")


@strawberry.type(description="A risk review of an account, naming a contact and an invoice.")
class RiskReview:
    reason: str = strawberry.field(description="Why the account was reviewed.")
    account: CustomerAccount = strawberry.field(description="The account reviewed.")
    contact: Contact = strawberry.field(description="Whom the reviewer spoke to.")
    invoice: Invoice = strawberry.field(description="The invoice that raised the review.")


@dataclass(frozen=True)
class Review:
    """One seeded review: billing account, one of its contacts, a prepaid invoice."""

    account: int
    contact: int
    invoice: int


def create_app(reviews: list[Review]) -> RecordingApp:
    @strawberry.type
    class Query:
        @strawberry.field(description="Every review.")  # type: ignore[untyped-decorator]
        def risk_reviews(self) -> list[RiskReview]:
            return [
                RiskReview(
                    reason=f"review {index}",
                    account=CustomerAccount(identity=review.account),
                    contact=Contact(
                        customer_account_identity=review.account, identity=review.contact
                    ),
                    invoice=Invoice(invoice_number=review.invoice),
                )
                for index, review in enumerate(reviews)
            ]

    schema = strawberry.federation.Schema(query=Query, federation_version="2.9")
    return RecordingApp(GraphQL(schema))


@dataclass
class RecordingApp:
    """The subgraph's ASGI app, noting the size of each ``_entities`` batch it gets."""

    app: ASGIApp
    entity_batches: list[int] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        self._note(body)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def _note(self, body: bytes) -> None:
        try:
            request: Any = json.loads(body or b"{}")
        except ValueError:
            return
        if "_entities" in str(request.get("query", "")):
            self.entity_batches.append(len(request["variables"]["representations"]))
