"""GraphiQL in a real headless Chromium with no way out: it loads from the gateway
alone, runs an example, shows the schema's descriptions, and trips no CSP rule.

Debian's chromium, driven by Playwright's protocol client; never a downloaded
browser. A screenshot lands in ``artifacts/graphiql.png`` for a human to look at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from graphql import GraphQLObjectType
from playwright.sync_api import (
    ConsoleMessage,
    Page,
    Request,
    Response,
    expect,
    sync_playwright,
)

from gateway.graphiql.examples import EXAMPLES
from tests.graph.conftest import Graph
from tests.published_schema import published_schema

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The result editor's whole text (it draws only the lines in view).
RESULT_TEXT = "document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()"
# Runs before the page's own scripts; CSP does not apply to what the driver injects.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: ./dev test installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.add_init_script(RECORD_CSP_VIOLATIONS)
            yield context.new_page()
        finally:
            browser.close()


def _description(type_name: str, field: str) -> str:
    """The first sentence of a field's description in the exported SDL."""
    schema = published_schema()
    root = schema.get_type(type_name)
    assert isinstance(root, GraphQLObjectType)
    description = root.fields[field].description
    assert description
    return str(description).split(";")[0]


def test_graphiql_runs_an_example_offline(graph: Graph, base_url: str, browser_page: Page) -> None:
    page = browser_page
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda request: _record(requests, request))
    page.on("console", lambda message: _console(console, message))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    tour = EXAMPLES[0]
    expected = graph.execute(tour.query, tour.variables)
    assert "errors" not in expected

    page.goto(graph.url)
    expect(page.locator(".graphiql-container")).to_be_visible()

    tabs = page.locator(".graphiql-tab")
    expect(tabs).to_have_count(len(EXAMPLES))
    expect(tabs.first).to_contain_text("AccountTour")
    expect(tabs.nth(6)).to_contain_text("CreateNote")

    page.locator(".graphiql-execute-button").click()
    result = page.locator(".result-window")
    expect(result).to_contain_text(expected["data"]["customerAccount"]["name"])
    # The editor draws only the lines in view; its whole text is on its CodeMirror.
    shown = page.evaluate(
        "document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()"
    )
    assert json.loads(shown) == expected

    page.get_by_label("Show Documentation Explorer").click()
    docs = page.locator(".graphiql-doc-explorer")
    docs.get_by_role("link", name="Query", exact=True).first.click()
    expect(docs).to_contain_text(_description("Query", "customerAccount"))

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graphiql.png"))

    # Dialogs add a <style> element: the one thing that needs the page's style nonce.
    for dialog in ("Open settings dialog", "Open short keys dialog"):
        page.get_by_label(dialog).click()
        expect(page.get_by_role("dialog")).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)

    assert page.evaluate("window.cspViolations") == []
    assert console == []
    origin = urlsplit(base_url)
    assert origin.hostname == "127.0.0.1"
    outside = [url for url in requests if urlsplit(url).netloc != origin.netloc]
    assert outside == []
    assert any(url.startswith(f"{base_url}/graphiql/graphiql.js?v=") for url in requests)
    assert f"{base_url}/graphql" in requests


def test_graphiql_shows_the_deferred_part_arriving(graph: Graph, browser_page: Page) -> None:
    """The @defer example's answer comes in parts, and GraphiQL merges the later ones in."""
    page = browser_page
    index, example = next(
        (i, e) for i, e in enumerate(EXAMPLES) if e.file == "deferred_balances.graphql"
    )
    expected = graph.execute(example.query, example.variables)
    assert "errors" not in expected
    answered: list[str] = []
    page.on("response", lambda response: _answered(answered, response))

    page.goto(graph.url)
    tab = page.locator(".graphiql-tab").nth(index)
    expect(tab).to_contain_text("DeferredBalances")
    tab.click()
    # The tab's operation becomes GraphiQL's a render after its text shows: wait for the
    # tab to be the active one and take the editor's focus before running it.
    expect(tab).to_have_class(re.compile(r"\bgraphiql-tab-active\b"))
    editor = page.locator(".graphiql-query-editor")
    expect(editor).to_contain_text("query DeferredBalances")
    editor.click()
    page.locator(".graphiql-execute-button").click()
    balances = [
        edge["node"]["prepaidAccount"]["balance"]["amount"]
        for edge in expected["data"]["customerAccounts"]["edges"]
        if edge["node"]["prepaidAccount"]
    ]
    expect(page.locator(".result-window")).to_contain_text(balances[0])
    # The editor draws only the lines in view; the last part's balance is in its text.
    page.wait_for_function(f"{RESULT_TEXT}.includes({json.dumps(balances[-1])})")
    shown = page.evaluate(
        "document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()"
    )
    assert json.loads(shown) == expected
    assert any(kind.startswith("multipart/mixed") for kind in answered), answered


def _answered(answered: list[str], response: Response) -> None:
    if response.request.method == "POST":
        answered.append(response.headers.get("content-type", ""))


def _record(requests: list[str], request: Request) -> None:
    if not request.url.startswith("data:"):
        requests.append(request.url)


def _console(console: list[str], message: ConsoleMessage) -> None:
    """Warnings and errors: a CSP refusal shows here as well as in the violations."""
    if message.type in ("error", "warning") or re.search("Content.Security", message.text):
        console.append(f"{message.type}: {message.text}")
