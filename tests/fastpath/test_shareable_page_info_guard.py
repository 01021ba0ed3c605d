"""Guard: ``fastpath/shareable_page_info.py`` edits the definition of Strawberry's ``PageInfo``.

It fails loudly when Strawberry no longer prints directives set on a type's
definition after the class was decorated, before a composed supergraph
silently refuses the gateway. When it fails: see whether the new Strawberry
lets ``relay.PageInfo`` carry directives some other way, change
``fastpath/shareable_page_info.py``, and move the bound in ``pyproject.toml``.
"""

from __future__ import annotations

import strawberry
from strawberry import relay

from fastpath.shareable_page_info import share_page_info


@strawberry.type
class Probe(relay.Node):
    code: relay.NodeID[str]


@strawberry.type
class ProbeQuery:
    @relay.connection(relay.ListConnection[Probe])  # type: ignore[untyped-decorator]
    def probes(self) -> list[Probe]:
        return []


def test_page_info_prints_shareable_once_however_often_marked() -> None:
    share_page_info()
    share_page_info()
    schema = strawberry.federation.Schema(query=ProbeQuery)
    printed = str(schema)
    assert "type PageInfo @shareable {" in printed
    assert "@shareable @shareable" not in printed
