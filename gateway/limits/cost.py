"""Static cost: what an operation may make the gateway fetch, known before it runs.

The formula, over the chosen operation with fragments inlined::

    cost(selections) = sum over fields f of  1 + size(f) * cost(f's selections)

``size(f)`` is the page a field asks for: the value of its ``first``, ``last``
or ``limit`` argument when the field has one (the field's default page size,
``default_page_size``, when the caller gives none), the length of an ``ids``
list argument (``nodes(ids:)``), and 1 for every other field. A list field
without such arguments (``edges``, ``taxExemptions``) is bounded by the page
of the field above it, so it does not multiply again. Introspection fields
(``__schema``, ``__type``, ``__typename``) cost nothing: they touch no upstream.

So ``customerAccounts(first: 50) { edges { node { id notes(first: 10)
{ edges { node { text } } } } } }`` costs 1 + 50 * (edges 1 + node 1 + id 1
+ notes (1 + 10 * 3)) = 1 + 50 * 34 = 1701. Inline fragments on different
types all count (an over-estimate, never an under-estimate).

The cost depends on variables only through those arguments, so it is
remembered per operation and the values of the variables that reach a
``first``, ``last``, ``limit`` or ``ids`` argument: an operation whose page
arguments use no variable is measured once, and ``customerAccount(identity:
$id)`` is not measured again for every ``$id``.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    Visitor,
    get_named_type,
    value_from_ast,
    visit,
)

from gateway.protocol.execution import Admission, Outcome, request_error

CODE = "MAX_COST_EXCEEDED"
PAGE_ARGUMENTS = ("first", "last", "limit")
SIZE_ARGUMENTS = frozenset((*PAGE_ARGUMENTS, "ids"))
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
        # (id(operation), the sizing variables' values) -> (operation, cost); holding
        # the node keeps its id unique while the entry lives.
        self._known: OrderedDict[tuple[int, tuple[Any, ...]], tuple[OperationDefinitionNode, int]]
        self._known = OrderedDict()
        # id(operation) -> (operation, names of the variables that may size a field).
        self._sizing: OrderedDict[int, tuple[OperationDefinitionNode, tuple[str, ...]]]
        self._sizing = OrderedDict()

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
        values = tuple(_frozen(variables.get(name, _ABSENT)) for name in names)
        key = (id(operation), values)
        try:
            known = self._known.get(key)
        except TypeError:  # a value that cannot be a key: measure without remembering
            return self._measure(document, operation, variables)
        if known is not None and known[0] is operation:
            self._known.move_to_end(key)
            return known[1]
        cost = self._measure(document, operation, variables)
        self._known[key] = (operation, cost)
        if len(self._known) > self.remember:
            self._known.popitem(last=False)
        return cost

    def _measure(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
    ) -> int:
        root = self.schema.get_root_type(operation.operation)
        fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        return _Walk(self.schema, fragments, variables, self.default_page_size).cost(
            operation.selection_set, root, frozenset()
        )

    def _sizing_variables(
        self, document: DocumentNode, operation: OperationDefinitionNode
    ) -> tuple[str, ...]:
        """The operation's variables that may reach a size argument, found once per operation."""
        if not operation.variable_definitions:
            return ()
        known = self._sizing.get(id(operation))
        if known is not None and known[0] is operation:
            return known[1]
        names = _sizing_variables(document)
        self._sizing[id(operation)] = (operation, names)
        if len(self._sizing) > self.remember:
            self._sizing.popitem(last=False)
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


def _frozen(value: Any) -> Any:
    """A variable's value as a dictionary key (lists become tuples)."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        default_page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.default_page_size = default_page_size

    def cost(self, selections: SelectionSetNode | None, parent: Any, seen: frozenset[str]) -> int:
        if selections is None:
            return 0
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, inner, seen)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None or fragment.name.value in seen:
                    continue
                inner = self.schema.get_type(fragment.type_condition.name.value)
                total += self.cost(fragment.selection_set, inner, seen | {fragment.name.value})
        return total

    def field(self, node: FieldNode, parent: Any, seen: frozenset[str]) -> int:
        if node.name.value.startswith("__"):
            return 0
        definition = _definition(parent, node.name.value)
        if definition is None:
            return 1
        inner: GraphQLNamedType = get_named_type(definition.type)
        return 1 + self.size(node, definition) * self.cost(node.selection_set, inner, seen)

    def size(self, node: FieldNode, definition: GraphQLField) -> int:
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        paged = [name for name in PAGE_ARGUMENTS if name in definition.args]
        if paged:
            sizes = [
                value_from_ast(given[name], definition.args[name].type, self.variables)
                for name in paged
                if name in given
            ]
            numbers = [size for size in sizes if isinstance(size, int) and size > 0]
            return max(numbers) if numbers else self.default_page_size
        if "ids" in definition.args and "ids" in given:
            ids = value_from_ast(given["ids"], definition.args["ids"].type, self.variables)
            return max(len(ids), 1) if isinstance(ids, list) else 1
        return 1


def _definition(parent: Any, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        field: GraphQLField | None = parent.fields.get(name)
        return field
    return None
