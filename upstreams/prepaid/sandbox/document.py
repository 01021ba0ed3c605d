"""Write a served request as the API's ``Response`` document, or its ``Exception`` one."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from upstreams.prepaid.sandbox.actions import InvoicePage
from upstreams.prepaid.sandbox.dispatch import Outcome
from upstreams.prepaid.sandbox.params import Params
from upstreams.prepaid.sandbox.records import Account, Invoice
from upstreams.prepaid.sandbox.records_xml import (
    add,
    add_account,
    add_invoice,
    boolean,
    root,
    timestamp,
)

MASKED = ("Password",)


def response(
    outcome: Outcome, params: Params, received: datetime, duration_ms: int
) -> etree._Element:
    document = root("Response")
    context = add(document, "Context")
    action = add(context, "Action")
    add(action, "IsCompleted", boolean(outcome.completed))
    if outcome.refusal is not None:
        error = add(add(action, "Errors"), "Error")
        add(error, "Code", outcome.refusal.code)
        add(error, "Message", outcome.refusal.message)
    request = add(context, "Request")
    add(request, "IsValid", boolean(not outcome.request_errors))
    add(request, "DateTime", timestamp(received))
    add(request, "Duration", str(duration_ms))
    parameters = add(request, "Parameters")
    for name, value in params.pairs:
        parameter = add(parameters, "Parameter")
        add(parameter, "Name", name)
        add(parameter, "Value", "******" if name in MASKED else value)
    if outcome.request_errors:
        errors = add(request, "Errors")
        for problem in outcome.request_errors:
            error = add(errors, "Error")
            add(error, "Parameter", problem.parameter)
            add(error, "Code", problem.code)
            add(error, "Message", problem.message)
    session = add(context, "Session")
    add(session, "IsEstablished", boolean(outcome.session is not None))
    if outcome.session is not None:
        add(session, "SessionId", outcome.session.session_id)
        add(session, "UserId", str(outcome.session.user.user_id))
        roles = add(session, "Roles")
        for role in outcome.session.user.roles:
            add(add(roles, "Role"), "Name", role)
    if outcome.completed and outcome.action is not None:
        _add_result(add(add(document, "Result"), outcome.action), outcome)
    return document


def _add_result(element: etree._Element, outcome: Outcome) -> None:
    result = outcome.result
    if isinstance(result, Account):
        add_account(element, result)
    elif isinstance(result, Invoice):
        add_invoice(element, result)
    elif isinstance(result, InvoicePage):
        page = add(element, "AccountInvoices")
        page.set("Limit", str(result.limit))
        page.set("Offset", str(result.offset))
        if result.found is not None:
            page.set("Found", str(result.found))
        for invoice in result.invoices:
            add_invoice(page, invoice)


def exception() -> etree._Element:
    """The document of an internal fault; it says nothing of what went wrong inside."""
    document = root("Exception")
    add(document, "Code", "InternalError")
    add(document, "Message", "An internal error occurred.")
    return document
