"""The published Relax NG schemas in ``rng/``: each compiled once, on first use.

Every answer is checked against its action's schema before any of it is
read, so the parsers can rely on the documented shape instead of guarding
each element. The top-up's schema is named ``AccountEditAddCredit.rng`` in
the docs although its action is ``AccountEditCreditAdd``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

RNG_DIR = Path(__file__).with_name("rng")

SCHEMA_FILES = {
    "SessionCreate": "SessionCreate.rng",
    "SessionDestroy": "SessionDestroy.rng",
    "AccountRead": "AccountRead.rng",
    "AccountEditContact": "AccountEditContact.rng",
    "AccountEditCreditAdd": "AccountEditAddCredit.rng",
    "AccountEditRecharge": "AccountEditRecharge.rng",
    "AccountInvoiceRead": "AccountInvoiceRead.rng",
    "AccountInvoiceBrowse": "AccountInvoiceBrowse.rng",
    "Exception": "Exception.rng",
}


@cache
def schema(name: str) -> etree.RelaxNG:
    """The compiled schema of an action (or ``Exception``); raise ``KeyError`` for others."""
    return etree.RelaxNG(etree.parse(str(RNG_DIR / SCHEMA_FILES[name])))


def conforms(name: str, document: etree._Element) -> bool:
    """Whether ``document`` is valid against the schema of ``name``."""
    return bool(schema(name).validate(document))
