"""How failures reach a client: GraphQL errors with ``extensions.code``, and user errors.

Two kinds, as a frontend wants them:

- A field that could not be resolved (an upstream down, a record missing)
  raises; the view turns the exception into a GraphQL error whose
  ``extensions.code`` is the shared error's code, and only that field is null.
- A mutation whose input the upstream (or our range check) refused returns
  ``userErrors`` in its payload: the path in the input, a message in the
  input's terms and a ``UserErrorCode``, so a form can show each next to its
  input. An upstream's refusal is translated: its property names become the
  input's field names, in the path and in the message alike.

Messages come from ``upstreams.errors``, which never carry URLs, credentials
or stack traces; anything else becomes ``INTERNAL`` with a generic message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import strawberry
from graphql import GraphQLError
from strawberry import relay

from resolvers.user_error_codes import UserErrorCode, upstream_code
from upstreams.errors import InvalidInput, UpstreamError

INTERNAL_MESSAGE = "Internal error"


class GraphError(Exception):
    """An error the gateway itself raises for a field, with its GraphQL code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def bad_input(message: str) -> GraphError:
    return GraphError("BAD_USER_INPUT", message)


def format_error(error: GraphQLError) -> GraphQLError:
    """Give ``error`` its ``extensions.code`` and a message safe to show."""
    original = error.original_error
    extensions = dict(error.extensions or {})
    if isinstance(original, UpstreamError):
        code, message = original.code, original.message
        extensions["upstream"] = original.upstream
        retry_after = getattr(original, "retry_after", None)
        if retry_after is not None:
            extensions["retryAfter"] = retry_after
    elif isinstance(original, GraphError):
        code, message = original.code, original.message
    elif isinstance(original, relay.GlobalIDValueError | relay.InvalidGlobalIDError):
        code, message = "BAD_USER_INPUT", "Not a global id of this graph"
    elif original is None:
        code = extensions.get("code") or "GRAPHQL_VALIDATION_FAILED"
        message = error.message
    else:
        code, message = "INTERNAL", INTERNAL_MESSAGE
    extensions["code"] = code
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


@strawberry.type(
    description="A problem with a mutation's input, shown next to the input it concerns."
)
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "amount"]; '
        "null when the problem concerns the input as a whole."
    )
    message: str = strawberry.field(
        description="What is wrong, in the input's terms: fields by their names in the input."
    )
    code: UserErrorCode = strawberry.field(
        description="What kind of problem it is, the same for every mutation and upstream."
    )


def input_error(field: str | None, message: str, code: UserErrorCode) -> UserError:
    """A problem with the input's ``field`` (the whole input when ``None``)."""
    return UserError(field=["input", field] if field else None, message=message, code=code)


def user_errors(
    error: InvalidInput, fields: Mapping[str, str], *, at: Sequence[str] = ("input",)
) -> list[UserError]:
    """Turn an upstream's refusal into user errors; ``fields`` maps upstream names to ours.

    Each problem is placed under ``at`` (the input, or the part of it that was
    sent), at the field it names; a name of ours with dots
    (``credentials.username``) is a nested field. The same mapping renames the
    upstream's property names in each message, so a client reads the names it sent.
    """
    result = []
    for problem in error.problems:
        ours = fields.get(problem.field) if problem.field else None
        result.append(
            UserError(
                field=[*at, *ours.split(".")] if ours else ([*at] if problem.field else None),
                message=in_input_terms(problem.message, fields),
                code=upstream_code(error.upstream, problem.code),
            )
        )
    message = in_input_terms(error.message, fields)
    return result or [UserError(field=None, message=message, code=UserErrorCode.REJECTED)]


def in_input_terms(message: str, fields: Mapping[str, str]) -> str:
    """``message`` with each upstream property name of ``fields`` (a whole word) as ours."""
    renamed = {wire: ours for wire, ours in fields.items() if wire != ours}
    if not renamed:
        return message
    names = "|".join(re.escape(wire) for wire in sorted(renamed, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.])({names})(?![\w])")
    return pattern.sub(lambda found: renamed[found.group(1)], message)
