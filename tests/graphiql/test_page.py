"""The GraphiQL page: served to browsers at the GraphQL endpoint, strict CSP,
no inline script or style, and every asset it names served from our origin."""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html

from tests.graph.conftest import Graph

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def _page(graph: Graph) -> tuple[dict[str, str], lxml.html.HtmlElement]:
    response = graph.http.get(graph.url, headers=BROWSER)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return dict(response.headers), lxml.html.fromstring(response.text)


def test_the_page_is_sent_with_a_strict_csp_and_security_headers(graph: Graph) -> None:
    headers, document = _page(graph)
    nonce = document.get_element_by_id("graphiql").get("data-style-nonce")
    assert nonce and len(nonce) >= 16
    assert headers["content-security-policy"] == (
        "default-src 'none'; script-src 'self'; "
        f"style-src 'self' 'nonce-{nonce}'; connect-src 'self'; "
        "img-src 'self' data:; font-src 'self' data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"


def test_each_page_gets_its_own_style_nonce(graph: Graph) -> None:
    first = _page(graph)[0]["content-security-policy"]
    second = _page(graph)[0]["content-security-policy"]
    assert first != second


def test_the_page_has_no_inline_script_or_style(graph: Graph) -> None:
    _, document = _page(graph)
    scripts = document.xpath("//script")
    assert len(scripts) == 4
    for script in scripts:
        assert script.get("src")
        assert not (script.text or "").strip()
    assert document.xpath("//style") == []
    assert document.xpath("//@style") == []
    assert [a for a in document.xpath("//@*") if a.attrname.startswith("on")] == []


def test_every_asset_the_page_names_is_served(graph: Graph, base_url: str) -> None:
    _, document = _page(graph)
    root = document.get_element_by_id("graphiql")
    assert root.get("data-endpoint") == "/graphql"
    urls = [*document.xpath("//script/@src"), *document.xpath("//link[@rel='stylesheet']/@href")]
    urls.append(root.get("data-examples"))
    assert len(urls) == 7
    for url in urls:
        parts = urlsplit(url)
        assert not parts.netloc
        assert parts.path.startswith("/graphiql/")
        assert parts.query.startswith("v=")
        assert graph.http.get(base_url + url).status_code == 200


def test_a_query_by_get_still_runs_rather_than_the_page(graph: Graph) -> None:
    response = graph.http.get(graph.url, params={"query": "{ __typename }"}, headers=BROWSER)
    assert response.json() == {"data": {"__typename": "Query"}}
