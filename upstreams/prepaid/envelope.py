"""Read the ``Response`` envelope every answer of the prepaid Web API comes in.

The body is parsed without entities or network access and checked against
the action's Relax NG schema first; only then is the ``Context`` read. A body
that is not XML or breaks the schema raises ``BadUpstreamResponse`` whose
message never quotes the body (it may hold the session id the API echoes
back). The API's ``Exception`` document is its own report of an internal
fault, the action-style twin of a 5xx, so it raises ``Unavailable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from upstreams.errors import BadUpstreamResponse, Unavailable
from upstreams.prepaid.schemas import conforms
from upstreams.prepaid.values import boolean, child, integer, tag, text, timestamp

UPSTREAM = "prepaid"


@dataclass(frozen=True, slots=True)
class ActionError:
    """Why a valid request's action was refused (``Authentication``, ``NotFound``, ...)."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ParameterError:
    """Why one parameter of an invalid request was rejected (``TooBig``, ...)."""

    parameter: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class SessionContext:
    """``Context/Session``; ``session_id`` is a credential, so it stays out of ``repr``."""

    established: bool
    session_id: str | None = field(default=None, repr=False)
    user_id: int | None = None
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Envelope:
    """One answer: how the action went, the request's validity, the session, the result.

    ``result`` is the element named after the action inside ``Result``, present
    only when the action completed.
    """

    completed: bool
    action_errors: tuple[ActionError, ...]
    valid: bool
    request_errors: tuple[ParameterError, ...]
    time: datetime
    session: SessionContext
    result: etree._Element | None

    @property
    def session_lapsed(self) -> bool:
        """Refused because the session is unknown or expired: the action did nothing."""
        return (
            not self.completed
            and not self.session.established
            and any(error.code == "Authentication" for error in self.action_errors)
        )


def read_envelope(action: str, body: bytes) -> Envelope:
    """Parse and validate the answer to ``action``; raise ``BadUpstreamResponse`` if off-shape."""
    root = _parse(body)
    if root.tag == tag("Exception"):
        if conforms("Exception", root):
            raise Unavailable(UPSTREAM, f"{UPSTREAM} reported an internal fault")
        raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} answered a malformed fault document")
    if not conforms(action, root):
        raise BadUpstreamResponse(
            UPSTREAM, f"{UPSTREAM} answered {action} in a shape its schema does not allow"
        )
    try:
        return _envelope(action, root)
    except ValueError as exc:
        raise BadUpstreamResponse(
            UPSTREAM, f"{UPSTREAM} answered {action} with a value it cannot have"
        ) from exc


def _parse(body: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} answered with broken XML") from exc


def _envelope(action: str, root: etree._Element) -> Envelope:
    context = child(root, "Context")
    action_block = child(context, "Action")
    request = child(context, "Request")
    return Envelope(
        completed=boolean(action_block, "IsCompleted"),
        action_errors=tuple(
            ActionError(code=text(error, "Code"), message=text(error, "Message"))
            for error in action_block.iterfind(f"{tag('Errors')}/{tag('Error')}")
        ),
        valid=boolean(request, "IsValid"),
        request_errors=tuple(
            ParameterError(
                parameter=text(error, "Parameter"),
                code=text(error, "Code"),
                message=text(error, "Message"),
            )
            for error in request.iterfind(f"{tag('Errors')}/{tag('Error')}")
        ),
        time=timestamp(request, "DateTime"),
        session=_session(child(context, "Session")),
        result=root.find(f"{tag('Result')}/{tag(action)}"),
    )


def _session(block: etree._Element) -> SessionContext:
    established = boolean(block, "IsEstablished")
    if not established or block.find(tag("SessionId")) is None:
        return SessionContext(established=established)
    return SessionContext(
        established=True,
        session_id=text(block, "SessionId"),
        user_id=integer(block, "UserId"),
        roles=tuple(text(role, "Name") for role in block.iterfind(f"{tag('Roles')}/{tag('Role')}")),
    )
