"""The adapter's envelope reader on real sandbox answers, some altered by one detail.

Each alteration breaks only the published schema, not the reader's own
parsing, so these show the schema check itself is what refuses them.
"""

from __future__ import annotations

import gc
import re

import pytest

from tests.conftest import Serve
from tests.upstreams.prepaid.adapter_kit import WORLD, Sandbox, start
from upstreams.errors import BadUpstreamResponse, Unavailable
from upstreams.prepaid.decode import records
from upstreams.prepaid.decode.envelope import Envelope, Reading
from upstreams.prepaid.decode.values import tag
from upstreams.prepaid.models import PrepaidAccount

ACCOUNT = WORLD.prepaid_ids()[0]
FAULTY = WORLD.prepaid_ids()[-1]


@pytest.fixture
def sandbox(serve: Serve) -> Sandbox:
    return start(serve, faulty_account_ids=frozenset({FAULTY}))


async def account_body(sandbox: Sandbox, account_id: int = ACCOUNT) -> bytes:
    async with sandbox.adapter() as prepaid:
        session = await prepaid.start_session()
    return await sandbox.raw(
        Action="AccountRead", AccountId=str(account_id), SessionId=session.session_id
    )


def altered(body: bytes, pattern: str, replacement: str) -> bytes:
    changed, count = re.subn(pattern.encode(), replacement.encode(), body, count=1)
    assert count == 1, f"{pattern} not in the answer"
    return changed


async def test_an_unaltered_answer_reads(sandbox: Sandbox) -> None:
    envelope = Reading("AccountRead", await account_body(sandbox)).envelope()
    assert envelope.completed and envelope.valid
    assert envelope.result is not None


def account_of(envelope: Envelope) -> PrepaidAccount:
    assert envelope.result is not None
    element = envelope.result.find(tag("Account"))
    assert element is not None
    return records.account(element)


async def test_comments_and_processing_instructions_between_elements_change_nothing(
    sandbox: Sandbox,
) -> None:
    """Relax NG ignores them, so the schema allows them; the reader must skip them too."""
    body = await account_body(sandbox)
    noisy = body
    for opening in ("<Context>", "<Session>", "<Account>", "<Contact>", "<CreditCard>"):
        noisy = altered(noisy, opening, f"{opening}<!-- note --><?audit x?>")
    noisy = altered(noisy, "</Contact>", "</Contact><!-- note -->")
    plain, annotated = (
        Reading("AccountRead", body).envelope(),
        Reading("AccountRead", noisy).envelope(),
    )
    assert annotated.completed and annotated.valid
    assert annotated.session == plain.session and annotated.time == plain.time
    assert account_of(annotated) == account_of(plain)


ALTERATIONS = [
    (r"<Balance>(-?\d+\.\d)\d</Balance>", r"<Balance>\1</Balance>"),
    (r"<State>[A-Z]{2}</State>", "<State>ky</State>"),
    (r"<Recharge>(true|false)</Recharge>", "<Recharge>1</Recharge>"),
    (r"(\+00:00|Z)</Created>", "</Created>"),
    (r"<RechargeThreshold>\d+</RechargeThreshold>", "<RechargeThreshold>4</RechargeThreshold>"),
    (r"</Account>", "<Extra/></Account>"),
    (
        r"<Result><AccountRead>(.*)</AccountRead></Result>",
        r"<Result><AccountEditRecharge>\1</AccountEditRecharge></Result>",
    ),
]


async def test_an_answer_off_its_schema_is_refused(sandbox: Sandbox) -> None:
    body = await account_body(sandbox)
    for pattern, replacement in ALTERATIONS:
        with pytest.raises(BadUpstreamResponse) as caught:
            Reading("AccountRead", altered(body, pattern, replacement)).envelope()
        assert "schema" in caught.value.message, pattern


async def test_an_answer_checked_against_another_actions_schema_is_refused(
    sandbox: Sandbox,
) -> None:
    with pytest.raises(BadUpstreamResponse):
        Reading("AccountEditContact", await account_body(sandbox)).envelope()


async def test_the_exception_document_is_an_internal_fault(sandbox: Sandbox) -> None:
    reading = Reading("AccountRead", await account_body(sandbox, FAULTY))
    assert isinstance(reading.fault, Unavailable)
    assert "internal fault" in reading.fault.message
    with pytest.raises(Unavailable) as caught:
        reading.envelope()
    assert caught.value is reading.fault


async def test_an_answer_is_no_fault_however_it_is_off_its_schema(sandbox: Sandbox) -> None:
    body = await account_body(sandbox)
    for pattern, replacement in ALTERATIONS:
        assert Reading("AccountRead", altered(body, pattern, replacement)).fault is None, pattern


async def test_a_cut_off_exception_document_is_a_fault_a_cut_off_answer_is_not(
    sandbox: Sandbox,
) -> None:
    """Only a body that does not parse is sniffed for its root: an ``Exception`` cut off
    is still the API failing, a ``Response`` cut off is a broken answer."""
    fault = await account_body(sandbox, FAULTY)
    cut = Reading("AccountRead", fault[: fault.rindex(b"</Message>")])
    assert isinstance(cut.fault, BadUpstreamResponse)
    assert "broken XML" in cut.fault.message
    answer = await account_body(sandbox)
    broken = Reading("AccountRead", answer[: len(answer) // 2])
    assert broken.fault is None
    with pytest.raises(BadUpstreamResponse) as caught:
        broken.envelope()
    assert "broken XML" in caught.value.message


def test_entities_are_never_expanded() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE Response [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        b'<Response xmlns="http://www.jnctn.net/ns/rest/2006-01">&x;</Response>'
    )
    with pytest.raises(BadUpstreamResponse) as caught:
        Reading("AccountRead", body).envelope()
    assert "hostname" not in str(caught.value)


@pytest.mark.parametrize("body", [b"", b"<Response", b"{}", b"\xff\xfe"])
def test_what_is_not_xml_is_refused(body: bytes) -> None:
    with pytest.raises(BadUpstreamResponse):
        Reading("AccountRead", body).envelope()


async def test_telling_an_answer_from_a_refusal_leaves_nothing_for_the_cyclic_collector(
    sandbox: Sandbox,
) -> None:
    """Every prepaid answer is first asked whether it is an Exception document; that check
    must not leave its parse in reference cycles, or the collector's long passes land on
    later requests. A well-formed answer is never sniffed with a target parser, whose
    target and parser stay in a cycle (about 19 objects a check)."""
    body = await account_body(sandbox)
    gc.collect()
    gc.disable()
    try:
        before = len(gc.get_objects())
        for _ in range(50):
            assert Reading("AccountRead", body).fault is None
        left = len(gc.get_objects()) - before
    finally:
        gc.enable()
    assert left < 50, f"{left} objects tracked after 50 checks"
