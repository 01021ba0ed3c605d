"""The ``schema`` kind of malformed answer: well-formed, but off the published schema.

Breaks it the way a real upstream change would, subtly: drops the account's
``Balance``, else puts letters into an id, else makes ``IsCompleted`` a word
no boolean spells. A client that validates must notice; one that does not
reads on. Anything else (an RNG file, a body that is not the API's) falls
back to the kit's default breaker.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from upstreams.prepaid.sandbox.records_xml import qname
from upstreams.sandboxing.faults import break_schema

IDS = ("AccountInvoiceId", "AccountId")


def break_prepaid_schema(body: bytes, content_type: str) -> bytes:
    if "json" in content_type:
        return _break_json(body, content_type)
    try:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return body
    if root.tag != qname("Response"):
        return break_schema(body, content_type)
    balance = root.find(f".//{qname('Balance')}")
    ids = [found for name in IDS if (found := root.find(f".//{qname(name)}")) is not None]
    completed = root.find(f".//{qname('IsCompleted')}")
    parent = balance.getparent() if balance is not None else None
    if balance is not None and parent is not None:
        parent.remove(balance)
    elif ids:
        ids[0].text = f"A{ids[0].text}"
    elif completed is not None:
        completed.text = "yes"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _break_json(body: bytes, content_type: str) -> bytes:
    try:
        document = json.loads(body)
    except ValueError:
        return body
    if not _drop_balance(document):
        return break_schema(body, content_type)
    return json.dumps(document).encode()


def _drop_balance(node: Any) -> bool:
    if isinstance(node, dict):
        if "Balance" in node:
            del node["Balance"]
            return True
        return any(_drop_balance(value) for value in node.values())
    if isinstance(node, list):
        return any(_drop_balance(value) for value in node)
    return False
