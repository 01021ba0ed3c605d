"""Hypermedia ``_links``, with absolute hrefs built from the base URL the client called."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from upstreams.saasu.sandbox.account import Account


@dataclass(frozen=True, slots=True)
class Link:
    rel: str
    href: str
    method: str
    title: str | None = None


def account_href(base: str, file_id: int, account_id: int) -> str:
    return f"{base}Account/{account_id}?FileId={file_id}"


def accounts_href(base: str, params: Sequence[tuple[str, str | int]]) -> str:
    return f"{base}Accounts?{urlencode(params)}"


def account_links(base: str, file_id: int, account: Account) -> list[Link]:
    """What a read offers: self, list, update, delete and the header account if any."""
    href = account_href(base, file_id, account.id)
    links = [
        Link("self", href, "GET"),
        Link("list", accounts_href(base, [("FileId", file_id)]), "GET"),
        Link("update", href, "PUT"),
        Link("delete", href, "DELETE"),
    ]
    if account.header_account_id is not None:
        header = account_href(base, file_id, account.header_account_id)
        links.append(Link("related", header, "GET", "HeaderAccount"))
    return links


def update_links(base: str, file_id: int, account_id: int) -> list[Link]:
    """What an update answer offers, as in the docs' sample: self (PUT), delete, list."""
    href = account_href(base, file_id, account_id)
    return [
        Link("self", href, "PUT"),
        Link("delete", href, "DELETE"),
        Link("list", accounts_href(base, [("FileId", file_id)]), "GET"),
    ]


def list_links(
    base: str, params: Sequence[tuple[str, str | int]], page: int, page_size: int, more: bool
) -> list[Link]:
    """self, then ``previous`` past the first page and ``next`` while more accounts follow."""

    def at(number: int) -> str:
        return accounts_href(base, [*params, ("Page", number), ("PageSize", page_size)])

    links = [Link("self", at(page), "GET")]
    if page > 1:
        links.append(Link("previous", at(page - 1), "GET"))
    if more:
        links.append(Link("next", at(page + 1), "GET"))
    return links
