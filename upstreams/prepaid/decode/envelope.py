"""Read the ``Response`` envelope every answer of the prepaid Web API comes in.

The body is parsed once (``Reading``), without entities or network access,
and checked against the action's Relax NG schema; only then is the
``Context`` read. A body that is not XML or breaks the schema raises
``BadUpstreamResponse`` whose message never quotes the body (it may hold the
session id the API echoes back). The API's ``Exception`` document is its own
report of an internal fault, the action-style twin of a 5xx, so it raises
``Unavailable``; the adapter hands a reading's ``fault`` to the transport, so
that it also counts as a 5xx there (retried on reads, fed to the circuit
breakers), and reads the envelope from the same parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from upstreams import xml_bodies
from upstreams.errors import BadUpstreamResponse, Unavailable, UpstreamError
from upstreams.prepaid.decode.values import (
    Fields,
    boolean,
    child,
    children,
    integer,
    optional,
    tag,
    text,
    timestamp,
)
from upstreams.prepaid.schemas import conforms

UPSTREAM = "prepaid"

PARSER = xml_bodies.parser()
"""The one parser of every answer (and of cached results)."""

_EXCEPTION = tag("Exception")
ROOT_CHUNK = 4096
_ERROR = tag("Error")
_ROLE = tag("Role")


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


@dataclass(slots=True)  # not frozen: made per call (bench/report.py, MEASURED_APART)
class SessionContext:
    """``Context/Session``; ``session_id`` is a credential, so it stays out of ``repr``."""

    established: bool
    session_id: str | None = field(default=None, repr=False)
    user_id: int | None = None
    roles: tuple[str, ...] = ()


@dataclass(slots=True)  # not frozen: made per call (bench/report.py, MEASURED_APART)
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


class Reading:
    """One answer to ``action``, parsed once: the fault it reports, then its envelope.

    The transport asks every answer for its ``fault`` and the adapter then
    reads its ``envelope()``: both come from this one parse.
    Only a body that does not parse is sniffed for its root tag (a truncated
    ``Exception`` document is still a fault): that parser's target leaves
    objects in reference cycles, so well-formed answers never pay for it.
    """

    __slots__ = ("_broken", "_root", "action", "fault")

    def __init__(self, action: str, body: bytes) -> None:
        self.action = action
        self._root: etree._Element | None = None
        self._broken: etree.XMLSyntaxError | None = None
        try:
            self._root = etree.fromstring(body, PARSER)
        except etree.XMLSyntaxError as exc:
            # No traceback kept: its frames would hold this reading in a cycle.
            self._broken = exc.with_traceback(None)
        self.fault: UpstreamError | None = self._fault(body)

    def _fault(self, body: bytes) -> UpstreamError | None:
        """The error of an ``Exception`` document, for the transport to count like a 5xx."""
        root = self._root
        if root is None:
            return self._unparsed() if _root_tag(body) == _EXCEPTION else None
        if root.tag != _EXCEPTION:
            return None
        if conforms("Exception", root):
            return Unavailable(UPSTREAM, f"{UPSTREAM} reported an internal fault")
        return BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} answered a malformed fault document")

    def _unparsed(self) -> BadUpstreamResponse:
        error = BadUpstreamResponse(UPSTREAM, f"{UPSTREAM} answered with broken XML")
        error.__cause__ = self._broken
        return error

    def envelope(self) -> Envelope:
        """The validated envelope; raises the fault, or ``BadUpstreamResponse`` if off-shape.

        Validated and read on each call: call it once.
        """
        if self.fault is not None:
            raise self.fault
        root = self._root
        if root is None:
            raise self._unparsed()
        action = self.action
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


class _RootFound(Exception):
    """Stops a parse at its first element, carrying that element's tag."""


class _RootTarget:
    """A parser target that builds nothing: no element objects, no event queue.

    A pull parser keeps every start event of a fed chunk (hundreds of elements
    for a prepaid answer) in a queue that lives in a reference cycle with the
    parser, so each answer left work for the cyclic garbage collector.
    """

    def start(self, tag: str | bytes, attrib: dict[str | bytes, str | bytes]) -> None:
        raise _RootFound(tag)

    def end(self, tag: str | bytes) -> None:
        return None

    def data(self, data: str | bytes) -> None:
        return None

    def comment(self, text: str | bytes) -> None:
        return None

    def close(self) -> None:
        return None


def _root_tag(body: bytes) -> str | None:
    """The root element's tag, from as little of ``body`` as it takes to reach it."""
    parser = etree.XMLParser(target=_RootTarget(), **xml_bodies.UNTRUSTED)
    try:
        for offset in range(0, len(body), ROOT_CHUNK):
            parser.feed(body[offset : offset + ROOT_CHUNK])
    except _RootFound as found:
        tag = found.args[0]
        return tag.decode() if isinstance(tag, bytes) else str(tag)
    except etree.XMLSyntaxError:
        return None
    return None


def _envelope(action: str, root: etree._Element) -> Envelope:
    top = children(root)
    context = children(child(top, "Context"))
    action_block = children(child(context, "Action"))
    request = children(child(context, "Request"))
    result = optional(top, "Result")
    return Envelope(
        completed=boolean(action_block, "IsCompleted"),
        action_errors=tuple(
            ActionError(code=text(error, "Code"), message=text(error, "Message"))
            for error in _errors(action_block)
        ),
        valid=boolean(request, "IsValid"),
        request_errors=tuple(
            ParameterError(
                parameter=text(error, "Parameter"),
                code=text(error, "Code"),
                message=text(error, "Message"),
            )
            for error in _errors(request)
        ),
        time=timestamp(request, "DateTime"),
        session=_session(children(child(context, "Session"))),
        result=None if result is None else result.find(tag(action)),
    )


def _errors(block: Fields) -> list[Fields]:
    """The fields of each ``Error`` in the block's ``Errors``, if it has any."""
    errors = optional(block, "Errors")
    return [] if errors is None else [children(error) for error in errors.iterchildren(_ERROR)]


def _session(block: Fields) -> SessionContext:
    established = boolean(block, "IsEstablished")
    if not established or optional(block, "SessionId") is None:
        return SessionContext(established=established)
    roles = optional(block, "Roles")
    return SessionContext(
        established=True,
        session_id=text(block, "SessionId"),
        user_id=integer(block, "UserId"),
        roles=()
        if roles is None
        else tuple(text(children(role), "Name") for role in roles.iterchildren(_ROLE)),
    )
