"""Run one request: find its action, look up its session, and say how it went."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from upstreams.prepaid.sandbox.actions import ACTIONS, Call, Fault, Invalid, Refused, Result
from upstreams.prepaid.sandbox.params import Checker, ParameterError, Params
from upstreams.prepaid.sandbox.sessions import Session, Sessions
from upstreams.prepaid.sandbox.store import Store


@dataclass(slots=True)
class Outcome:
    """``action`` is ``None`` when the ``Action`` parameter named no action."""

    action: str | None
    session: Session | None
    result: Result = None
    completed: bool = False
    fault: bool = False
    request_errors: list[ParameterError] = field(default_factory=list)
    refusal: Refused | None = None


def dispatch(
    params: Params,
    store: Store,
    sessions: Sessions,
    now: datetime,
    faulty_accounts: frozenset[int] = frozenset(),
) -> Outcome:
    check = Checker(params)
    session_id = (params.get("SessionId") or "").strip()
    session = sessions.touch(session_id) if session_id else None
    name = check.text("Action")
    action = ACTIONS.get(name)
    if action is None:
        if name:
            check.fail("Action", "Invalid", "Action is not a known action.")
        return Outcome(None, session, request_errors=check.errors)
    if name != "SessionCreate":
        check.text("SessionId")
    call = Call(check, store, sessions, session, now, faulty_accounts)
    try:
        result = action(call)
    except Invalid as invalid:
        return Outcome(name, call.session, request_errors=invalid.errors)
    except Refused as refused:
        return Outcome(name, call.session, refusal=refused)
    except Fault:
        return Outcome(name, call.session, fault=True)
    return Outcome(name, call.session, result=result, completed=True)
