"""Static cost: what an operation may make the gateway fetch, known before it runs.

The formula, over the chosen operation with fragments inlined::

    cost(selections) = sum over fields f of  1 + size(f) * cost(f's selections)
    cost of a fan-out field f  =  1 + n * (1 + cost(f's selections))

``size(f)`` is the page a field asks for: the value of its ``first``, ``last``
or ``limit`` argument when the field has one (the field's default page size,
``default_page_size``, when the caller gives none), and 1 for every other
field. A list field without such arguments (``edges``, ``taxExemptions``) is
bounded by the page of the field above it, so it does not multiply again.
A fan-out field takes a list whose every element is a record to read
(``nodes(ids:)``, ``_entities(representations:)``): ``n`` is the list's
length, and each element costs at least 1 even when only ``__typename`` is
asked of it. Introspection fields (``__schema``, ``__type``, ``__typename``)
cost nothing: they touch no upstream.

So ``customerAccounts(first: 50) { edges { node { id notes(first: 10)
{ edges { node { text } } } } } }`` costs 1 + 50 * (edges 1 + node 1 + id 1
+ notes (1 + 10 * 3)) = 1 + 50 * 34 = 1701, and ``nodes(ids: [3 ids]) {
__typename }`` costs 1 + 3 * (1 + 0) = 4. Inline fragments on different types
all count (an over-estimate, never an under-estimate). Each fragment is
costed once and counted once per spread, so the walk is linear in the
document.

The cost depends on variables only through those arguments, so it is
remembered per operation and what the variables that reach a ``first``,
``last``, ``limit``, ``ids`` or ``representations`` argument say about sizes
(a number, or a list's length; never the list itself): an operation whose
page arguments use no variable is measured once, and ``customerAccount(identity:
$id)`` is not measured again for every ``$id``. The remembered entries hold
their operation weakly, so a document the document cache let go is not kept
alive here, and each entry is a few small numbers.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    get_named_type,
    value_from_ast,
    visit,
)

from gateway.limits import fan_out
from gateway.limits.per_operation import PerOperation
from gateway.limits.walk import Walk
from gateway.protocol.execution import Admission, Outcome, request_error

CODE = "MAX_COST_EXCEEDED"
PAGE_ARGUMENTS = ("first", "last", "limit")
# List arguments whose every element is a record to read.
FAN_OUT_ARGUMENTS = tuple(fan_out.ARGUMENTS.values())
SIZE_ARGUMENTS = frozenset((*PAGE_ARGUMENTS, *FAN_OUT_ARGUMENTS))
# Stands for a variable the request did not give (unlike one given as null).
_ABSENT = object()


class CostLimit:
    """A gate refusing operations whose static cost is above ``limit``."""

    def __init__(
        self, schema: GraphQLSchema, limit: int, *, default_page_size: int, remember: int = 1024
    ) -> None:
        self.schema = schema
        self.limit = limit
        self.default_page_size = default_page_size
        self.remember = remember
        # Per operation and the sizing variables' shapes: its cost.
        self._known: PerOperation[int] = PerOperation(remember)
        # Per operation: the names of the variables that may size a field.
        self._sizing: PerOperation[tuple[str, ...]] = PerOperation(remember)

    def __call__(self, admission: Admission) -> Outcome | None:
        cost = self.measure(admission.document, admission.operation, admission.variables)
        if cost <= self.limit:
            return None
        return request_error(
            400, CODE, f"The operation's cost is {cost}; at most {self.limit} is allowed"
        )

    def measure(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
    ) -> int:
        """The operation's static cost (see the module's docstring)."""
        names = self._sizing_variables(document, operation)
        shapes = tuple([_shape(variables.get(name, _ABSENT)) for name in names]) if names else ()
        known = self._known.get(operation, shapes)
        if known is not None:
            return known
        cost = self._measure(document, operation, variables)
        self._known.put(operation, cost, shapes)
        return cost

    def _measure(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
    ) -> int:
        root = self.schema.get_root_type(operation.operation)
        return _Walk(self.schema, document, variables, self.default_page_size).measure(
            operation.selection_set, root
        )

    def _sizing_variables(
        self, document: DocumentNode, operation: OperationDefinitionNode
    ) -> tuple[str, ...]:
        """The operation's variables that may reach a size argument, found once per operation."""
        if not operation.variable_definitions:
            return ()
        known = self._sizing.get(operation)
        if known is not None:
            return known
        names = _sizing_variables(document)
        self._sizing.put(operation, names)
        return names


def _sizing_variables(document: DocumentNode) -> tuple[str, ...]:
    """Variables used anywhere in the value of an argument named like a size argument.

    Read over the whole document (every fragment, whichever the operation
    spreads) and whatever field the argument is on: naming a variable that
    sizes nothing only makes the cache key longer, never the cost wrong.
    """
    collector = _SizingVariables()
    visit(document, collector)
    return tuple(sorted(collector.found))


class _SizingVariables(Visitor):
    """Collects the variables met inside the value of a size argument."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.found: set[str] = set()

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        if self.inside:
            self.found.add(node.name.value)

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        if node.name.value in SIZE_ARGUMENTS:
            self.inside += 1

    def leave_argument(self, node: ArgumentNode, *_: Any) -> None:
        if node.name.value in SIZE_ARGUMENTS:
            self.inside -= 1


def _shape(value: Any) -> Any:
    """What a sizing variable's value tells the cost, as a small dictionary key.

    A page argument reads a whole number (anything else means the default
    page); a fan-out argument reads a list's length (anything else is one
    element). So numbers stay themselves, a list becomes its length, and any
    other value only its kind: two requests with equal shapes cost the same.
    """
    if value is None or value is _ABSENT or isinstance(value, int):
        return value
    if isinstance(value, list):
        return ("list", len(value))
    return ("other", type(value).__name__)


class _Walk(Walk[int]):
    """One costing of one operation; each fragment is costed once, then reused."""

    nothing = 0

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: dict[str, Any],
        default_page_size: int,
    ) -> None:
        super().__init__(schema, document)
        self.variables = variables
        self.default_page_size = default_page_size

    def combine(self, figure: int, found: int) -> int:
        return figure + found

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        if node.name.value.startswith("__"):
            return 0
        definition = _definition(parent, node.name.value)
        if definition is None:
            return 1
        inner: GraphQLNamedType = get_named_type(definition.type)
        below = self.measure(node.selection_set, inner)
        records = self.fan_out(node, definition)
        if records is not None:
            return 1 + records * (1 + below)
        return 1 + self.size(node, definition) * below

    def size(self, node: FieldNode, definition: GraphQLField) -> int:
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        paged = [name for name in PAGE_ARGUMENTS if name in definition.args]
        if not paged:
            return 1
        sizes = [
            value_from_ast(given[name], definition.args[name].type, self.variables)
            for name in paged
            if name in given
        ]
        numbers = [size for size in sizes if isinstance(size, int) and size > 0]
        return max(numbers) if numbers else self.default_page_size

    def fan_out(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """How many records a fan-out field reads (its list's length); None for other fields."""
        for argument in node.arguments or ():
            name = argument.name.value
            if name in FAN_OUT_ARGUMENTS and name in definition.args:
                value = value_from_ast(argument.value, definition.args[name].type, self.variables)
                return len(value) if isinstance(value, list) else 1
        return None


def _definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        field: GraphQLField | None = parent.fields.get(name)
        return field
    return None
