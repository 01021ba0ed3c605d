"""How an adapter parses an XML body that came from outside: no DTD, no entities, no network.

A body from an upstream (or from the read cache, which kept one) is not
trusted: a DTD could define entities that expand to gigabytes or read local
files, and a reference could make the parser fetch a URL. Every adapter's
parser takes these options, and adds only what its format needs.
"""

from __future__ import annotations

from typing import TypedDict

from lxml import etree


class Options(TypedDict):
    resolve_entities: bool
    no_network: bool
    load_dtd: bool


UNTRUSTED: Options = {"resolve_entities": False, "no_network": True, "load_dtd": False}
"""The parser options that keep an outside body from reaching beyond itself."""


def parser(*, remove_comments: bool = False, remove_pis: bool = False) -> etree.XMLParser:
    """A parser for outside bodies; lxml locks it while it parses, so one may be shared."""
    return etree.XMLParser(**UNTRUSTED, remove_comments=remove_comments, remove_pis=remove_pis)
