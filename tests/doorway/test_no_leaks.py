"""The suite-wide credential check can fail, and the paths most likely to leak do not.

``tests/conftest.py`` searches every log line and gateway response of the run
at its end; these tests make sure that search has teeth (configured
credentials and issued session ids and tokens alike) and look closely at
where a secret could slip out: a failed upstream login's error.
"""

from __future__ import annotations

import dataclasses
import logging

from gateway.config import UpstreamSettings
from tests.graph.conftest import running_graph
from tests.leaks import RECORDING, credentials, leaks
from upstreams.sandboxing import World
from upstreams.sandboxing.issued import issued

WRONG_PASSWORD = "a-wrong-but-secret-password-4711"


def test_the_check_finds_a_planted_credential() -> None:
    secret = credentials()["invoicexpress.api_key"]
    assert leaks(["fine", f"GET /x?api_key={secret}"]) == ["text 1: invoicexpress.api_key"]
    assert leaks(["nothing secret here"]) == []


def test_the_run_is_being_recorded() -> None:
    logging.getLogger("tests.doorway").info("recorded line marker-20261121")
    assert any("marker-20261121" in line for line in RECORDING.log_lines)


def wrong_prepaid_password(settings: UpstreamSettings) -> UpstreamSettings:
    prepaid = dataclasses.replace(settings.prepaid, password=WRONG_PASSWORD)
    return dataclasses.replace(settings, prepaid=prepaid)


def test_a_failed_upstream_login_does_not_repeat_the_password() -> None:
    account = World().prepaid_ids()[0]
    before_lines, before_responses = len(RECORDING.log_lines), len(RECORDING.responses)
    with running_graph(wrong_prepaid_password) as graph:
        body = graph.execute(
            "query($id: Int!) { prepaidAccount(accountNumber: $id) { name } }", {"id": account}
        )
        assert body["errors"][0]["extensions"]["code"] != "INTERNAL"
        assert graph.calls("prepaid") != {}
    texts = [
        *RECORDING.log_lines[before_lines:],
        *(body.decode() for body in RECORDING.responses[before_responses:]),
    ]
    assert texts
    assert not any(WRONG_PASSWORD in text for text in texts)


def test_the_check_finds_an_issued_session_id_or_token() -> None:
    """Session ids and tokens are made at run time; the check knows each one issued."""
    graph_calls = "query($id: Int!) { prepaidAccount(accountNumber: $id) { name } }"
    with running_graph() as graph:
        before = len(issued())
        assert "errors" not in graph.execute(graph_calls, {"id": World().prepaid_ids()[0]})
        assert "errors" not in graph.execute("{ ledgerAccounts(first: 1) { edges { cursor } } }")
        assert "errors" not in graph.execute("{ customerAccounts(first: 1) { totalCount } }")
    made = issued()[before:]
    jwt = next(secret for secret in made if secret.count(".") == 2)
    session = next(secret for secret in made if len(secret) == 32)
    assert leaks([f"GET /?Action=AccountRead&SessionId={session}&AccountId=1"]) == [
        "text 0: issued session id or token"
    ]
    assert leaks(["ok", f'{{"authorization": "Bearer {jwt}"}}']) == [
        "text 1: issued session id or token"
    ]
    assert leaks([f"<SessionId>{session[:-1]}</SessionId>", "Bearer [hidden]"]) == []
