"""The prepaid sandbox's wire: GET and POST, UTF-8, JSON output, schemas, counts,
faults, and the seeded data behind it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from lxml import etree

from tests.conftest import Serve
from tests.upstreams.prepaid.sandbox_support import (
    ADMIN,
    NS,
    RNG_DIR,
    SCHEMA_OF,
    SMALL_WORLD,
    Prepaid,
    account,
    completed,
    conforms,
    path,
    request_errors,
    text,
)
from upstreams.prepaid.sandbox import SandboxConfig
from upstreams.prepaid.sandbox.store import Store
from upstreams.sandboxing import Switches, World


@pytest.mark.parametrize("rng", sorted(RNG_DIR.glob("*.rng")), ids=lambda p: p.name)
def test_every_schema_compiles(rng: Path) -> None:
    etree.RelaxNG(etree.parse(str(rng)))


def test_the_schemas_are_served_under_rng(serve: Serve) -> None:
    api = Prepaid.start(serve)
    for name in ("AccountRead.rng", "Account.rng", "AccountEditAddCredit.rng"):
        response = api.http.get(f"/rng/{name}")
        assert response.status_code == 200
        assert response.content == (RNG_DIR / name).read_bytes()
    assert api.http.get("/rng/Nothing.rng").status_code == 404
    assert api.http.get("/rng/__init__.py").status_code == 404


def test_get_and_post_read_the_same(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    account_id = str(next(iter(api.store.accounts)))
    params = {"Action": "AccountRead", "SessionId": session_id, "AccountId": account_id}
    by_get = account(api.send(params))
    by_post = account(api.send(params, method="POST"))
    assert etree.tostring(by_get) == etree.tostring(by_post)


def test_post_fields_override_the_query_string(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    first, second = list(api.store.accounts)[:2]
    response = api.http.post(
        "/api",
        params={"Action": "AccountRead", "AccountId": str(first)},
        data={"SessionId": session_id, "AccountId": str(second)},
    )
    document = etree.fromstring(response.content)
    assert text(account(document), "AccountId") == str(second)


def test_utf8_text_survives_a_write_and_a_read(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    account_id = str(next(iter(api.store.accounts)))
    contact = {
        "Name": "Zoë Ångström",
        "Organization": "Café Noël Inc.",
        "Address": "1 Rue Saint-Honoré",
        "City": "Montréal",
        "State": "QC",
        "Zipcode": "H2Y 1C6",
        "CountryId": "2",
        "Phone": "",
        "Email": "zoe@example.com",
    }
    api.act(session_id, "AccountEditContact", method="POST", AccountId=account_id, **contact)
    read = account(api.act(session_id, "AccountRead", AccountId=account_id))
    assert text(read, "Contact/Name") == "Zoë Ångström"
    assert text(read, "Contact/City") == "Montréal"
    as_json = api.json({"Action": "AccountRead", "SessionId": session_id, "AccountId": account_id})
    assert as_json["Response"]["Result"]["AccountRead"]["Account"]["Contact"]["Name"] == (
        "Zoë Ångström"
    )


LISTS = {"Parameters", "Errors", "Roles", "Items", "AccountInvoices"}


def _same(element: etree._Element, value: Any) -> None:
    """``value`` is ``element`` under the documented JSON mapping, checked node by node."""
    name = etree.QName(element).localname
    children = list(element)
    if name in LISTS:
        assert isinstance(value, dict)
        items = [v for k, v in value.items() if not k.startswith("@")]
        assert len(items) == 1 and isinstance(items[0], list)
        assert len(items[0]) == len(children)
        for child, item in zip(children, items[0], strict=True):
            _same(child, item)
    elif not children and not element.attrib:
        assert value == (element.text or ""), name
        return
    else:
        assert isinstance(value, dict)
        names = [etree.QName(c).localname for c in children]
        assert [k for k in value if not k.startswith("@")] == names, name
        for child in children:
            _same(child, value[etree.QName(child).localname])
    attributes = {k[1:]: v for k, v in value.items() if k.startswith("@")}
    assert attributes == {str(k): str(v) for k, v in element.attrib.items()}


JSON_CASES = [
    {"Action": "AccountRead"},
    {"Action": "AccountInvoiceBrowse", "Limit": "3"},
    {"Action": "AccountInvoiceBrowse", "Limit": "1", "CalcFound": "false"},
    {"Action": "AccountInvoiceRead", "AccountInvoiceId": "100001"},
    {"Action": "AccountInvoiceRead"},
    {"Action": "AccountEditCreditAdd", "Amount": "10001"},
    {"Action": "AccountRead", "AccountId": "1"},
]


def test_output_json_is_the_same_document(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    for params in JSON_CASES:
        full = {"AccountId": str(next(iter(api.store.accounts))), **params}
        full["SessionId"] = session_id
        xml = api.send({**full, "Output": "xml"})
        as_json = api.json(full)
        # what differs between the two calls by design: their time, duration and Output
        request = as_json["Response"]["Context"]["Request"]
        for name in ("DateTime", "Duration"):
            found = xml.find(path(f"Context/Request/{name}"))
            assert found is not None
            found.text = request[name]
        assert request["Parameters"]["Parameter"][-1] == {"Name": "Output", "Value": "json"}
        request["Parameters"]["Parameter"][-1]["Value"] = "xml"
        _same(xml, as_json["Response"])


def test_output_json_of_the_session_actions(serve: Serve) -> None:
    api = Prepaid.start(serve)
    created = api.json({"Action": "SessionCreate", "Username": ADMIN[0], "Password": ADMIN[1]})
    assert created["Response"]["Result"] == {"SessionCreate": ""}
    session = created["Response"]["Context"]["Session"]
    assert session["IsEstablished"] == "true"
    assert session["Roles"] == {"Role": [{"Name": "Account Admin"}]}
    destroyed = api.json({"Action": "SessionDestroy", "SessionId": session["SessionId"]})
    assert destroyed["Response"]["Result"] == {"SessionDestroy": ""}
    assert destroyed["Response"]["Context"]["Session"] == {"IsEstablished": "false"}


def test_calls_are_counted_by_action(serve: Serve) -> None:
    api = Prepaid.start(serve)
    session_id = api.login()
    assert api.http.delete("/_sandbox/calls").status_code == 204
    account_id = str(next(iter(api.store.accounts)))
    api.act(session_id, "AccountRead", AccountId=account_id)
    api.act(session_id, "AccountRead", method="POST", AccountId=account_id)
    api.act(session_id, "AccountInvoiceBrowse")
    api.act(session_id, "AccountEditCreditAdd", method="POST", AccountId=account_id, Amount="1")
    api.send({"SessionId": session_id})
    api.send({"Action": "AccountDelete", "SessionId": session_id})
    counts = api.http.get("/_sandbox/calls").json()
    assert counts == {
        "total": 6,
        "endpoints": {
            "AccountRead": 2,
            "AccountInvoiceBrowse": 1,
            "AccountEditCreditAdd": 1,
            "unknown": 2,
        },
    }


def test_a_missing_or_unknown_action_is_invalid(serve: Serve) -> None:
    api = Prepaid.start(serve)
    assert request_errors(api.send({})) == [("Action", "Required")]
    assert request_errors(api.send({"Action": "AccountDelete"})) == [("Action", "Invalid")]


def _breaking(only: list[str], **more: Any) -> SandboxConfig:
    switches = Switches(malformed_rate=1.0, malformed_kind="schema", only_endpoints=only, **more)
    return SandboxConfig(world=SMALL_WORLD, switches=switches)


def test_the_schema_breaker_keeps_xml_well_formed_but_off_schema(serve: Serve) -> None:
    cases = [  # action, its parameters, what the breaker changes
        ("AccountRead", {"AccountId": ""}, "Balance"),
        ("AccountInvoiceBrowse", {"Limit": "2"}, "AccountInvoiceId"),
        ("AccountInvoiceRead", {"AccountId": ""}, "AccountId"),
        ("SessionDestroy", {}, "IsCompleted"),
    ]
    api = Prepaid.start(serve, _breaking([action for action, _, _ in cases]))
    session_id = api.login()
    account_id = str(next(iter(api.store.accounts)))
    for action, params, changed in cases:
        query = {"Action": action, "SessionId": session_id, **params}
        query.update({name: account_id for name, value in params.items() if not value})
        response = api.http.get("/api", params=query)
        assert response.status_code == 200
        document = etree.fromstring(response.content)  # well-formed
        assert document.tag == f"{{{NS}}}Response"
        assert not conforms(SCHEMA_OF[action], document), action
        element = document.find(f".//{{{NS}}}{changed}")
        if changed == "Balance":
            assert element is None and document.find(f".//{{{NS}}}AccountId") is not None
        else:
            assert element is not None and element.text is not None
            assert element.text[0].isalpha() and element.text not in ("true", "false")


def test_the_schema_breaker_drops_the_balance_from_json(serve: Serve) -> None:
    api = Prepaid.start(serve, _breaking(["AccountRead"]))
    session_id = api.login()
    account_id = str(next(iter(api.store.accounts)))
    as_json = api.json({"Action": "AccountRead", "SessionId": session_id, "AccountId": account_id})
    found = as_json["Response"]["Result"]["AccountRead"]["Account"]
    assert "Balance" not in found and found["AccountId"] == account_id


def test_an_internal_fault_answers_the_exception_document_and_changes_nothing(
    serve: Serve,
) -> None:
    world = SMALL_WORLD
    faulty = next(iter(Store.seeded(world).accounts))
    api = Prepaid.start(serve, SandboxConfig(world=world, faulty_account_ids=frozenset({faulty})))
    session_id = api.login()
    balance = api.store.accounts[faulty].balance_cents
    document = api.act(
        session_id, "AccountEditCreditAdd", method="POST", AccountId=str(faulty), Amount="20"
    )
    assert document.tag == f"{{{NS}}}Exception"  # and it passed Exception.rng in send()
    assert text(document, "Code") and "\n" not in text(document, "Message")
    assert api.charge_count() == 0
    assert api.store.accounts[faulty].balance_cents == balance
    other = list(api.store.accounts)[1]
    assert completed(api.act(session_id, "AccountRead", AccountId=str(other)))


def test_the_rate_limit_switch_applies_the_vendor_limit(serve: Serve) -> None:
    api = Prepaid.start(serve, SandboxConfig(world=SMALL_WORLD, switches=Switches(rate_limit=True)))
    statuses = [api.http.get("/api", params={"Action": "AccountRead"}) for _ in range(30)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited and all(r.headers["retry-after"].isdigit() for r in limited)
    assert sum(r.status_code == 200 for r in statuses) >= 20


def test_default_world_seeds_every_prepaid_account_and_enough_invoices() -> None:
    world = World()
    store = Store.seeded(world)
    assert list(store.accounts) == world.prepaid_ids()
    assert store.invoice_count() >= world.min_invoices
    rows, found = store.browse("AccountInvoiceId", 100000, 0)
    ids = [invoice.invoice_id for invoice in rows]
    assert found == len(ids) == len(set(ids))
    countries = {a.contact.country_id for a in store.accounts.values()}
    assert countries == {1, 2}
    assert any(a.card is None for a in store.accounts.values())


def test_the_same_seed_seeds_the_same_data_and_another_seed_other_data() -> None:
    first, again = Store.seeded(SMALL_WORLD), Store.seeded(SMALL_WORLD)
    assert first.accounts == again.accounts
    assert first.browse("AccountId", 10000, 0) == again.browse("AccountId", 10000, 0)
    other = Store.seeded(World(seed=7, billing_accounts=40, unlinked_prepaid_accounts=6))
    assert [a.contact for a in other.accounts.values()] != [
        a.contact for a in first.accounts.values()
    ]


def test_the_charge_ledger_is_not_counted_or_faulted(serve: Serve) -> None:
    api = Prepaid.start(serve, SandboxConfig(world=SMALL_WORLD, switches=Switches(error_rate=1.0)))
    assert api.http.get("/api").status_code in (500, 502, 503)
    response = api.http.get("/_sandbox/charges")
    assert response.status_code == 200 and response.json() == {"count": 0, "charges": []}
    assert api.http.get("/_sandbox/calls").json()["endpoints"] == {"unknown": 1}
    with pytest.raises(httpx.HTTPStatusError):
        api.http.get("/rng/Account.rng").raise_for_status()
