"""The cross-request read cache's settings (``[cache]``): off unless chosen.

``gateway/cache_setup.py`` builds the cache from them; each TTL is the one of
a cacheable upstream read (``TTL_KEYS`` there names which).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CacheSettings:
    store: str = "off"
    # Bounds of the in-process store ("memory"): entries, and their weight in bytes.
    max_entries: int = 10_000
    max_bytes: int = 64 * 1024 * 1024
    ttl_account_read: float = 30.0
    ttl_account_invoice_read: float = 30.0
    ttl_billing_account_read: float = 30.0
    ttl_billing_account_detail_read: float = 30.0
    ttl_saasu_account_read: float = 30.0
    ttl_invoicexpress_account_read: float = 30.0
