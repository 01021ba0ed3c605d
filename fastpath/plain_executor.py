"""graphql-core's executor, answering plain attribute fields without a resolver call.

Most fields of a big answer read one attribute off a record
(``fastpath.plain_plans``): leaves, but also the objects and lists a record
holds (a contact's address, its contact points, a page's edges). For each,
graphql-core makes a path, builds a resolve info of fourteen parts, looks
the field up, calls the resolver, asks whether the result is awaitable and
dispatches on the field's type, item by item for a list. Here each selection
set is planned once per request (per object type and grouped field set,
which graphql-core itself memoizes), and then:

- a plain leaf is read, coerced by its type and stored, with no path or call;
- ``__typename`` is the parent type's name, as graphql-core's meta field says;
- a plain object field, or a list of objects or of leaves, is read and its
  value completed straight from the subfields' collection, without a resolve
  info unless the object type asks ``is_type_of``, which is then asked first;
- a list of objects any other resolver answered (a loader's, say) has its
  items completed the same way (``complete_iterable_value``);
- an object field's subfields are collected and planned once per request
  (``subfields_of``), not looked up for each object and list item as
  graphql-core's ``collect_and_execute_subfields`` does; where it would
  execute every item's fields alike (``alike_subfields``), a list item's
  path is made only if one of its fields needs it (to go the usual way, or
  to report an error);
- a field whose answer its object may hold (``fastpath.held_first``) is
  read and completed as a plain one where the object holds it, and goes to
  its resolver (``execute_field``) where reading it raises ``AttributeError``.

A value that would not complete cleanly (null where the type forbids it, a
value a scalar refuses, a missing attribute, an awaitable, a list that is
not a list or tuple, an item that is null or awaitable, an ``is_type_of``
that does not answer ``True``) goes graphql-core's usual way: a leaf through
``execute_field``, which reads it again (both steps are pure); an object or a
list through ``complete_value`` with the value already read. Errors inside
the subfields are reported by ``handle_field_error`` exactly where
``execute_field`` and the list's item completion report them. A streamed
list (``@stream``) and every field under middleware go the usual way.

graphql-core 3.3 builds executors through ``Executor.build``, which takes a
subclass and passes extra keyword arguments to it for this purpose; the
methods overridden or mirrored here (``execute_fields``,
``complete_iterable_value``, ``execute_field``'s handling of a result, the
list item completion, ``complete_object_value``,
``collect_and_execute_subfields`` and what each executor's
``execute_collected_subfields`` does per item) are marked private there.

graphql-core's executor also keeps ``async_helpers``, the resolvers' helpers,
made of two of its own bound methods: each request's executor, and all it
holds (the context, the variables, the memoized field sets, the plans) is
a reference cycle that only the cyclic collector frees, in pauses inside
later requests. ``release`` drops the helpers once the request's work is
over, so reference counting frees the lot.
Guarded by ``tests/fastpath/test_plain_executor_guard.py``.
"""

from __future__ import annotations

from asyncio import gather
from collections.abc import Awaitable, MutableMapping, MutableSequence, Sequence
from typing import Any, cast

from graphql import Executor as GraphQLExecutor
from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Undefined,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.executor import to_nodes
from graphql.execution.incremental import IncrementalExecutor
from graphql.pyutils import Path, gather_with_cancel

from fastpath.plain_plans import Branch, Leaf, PlainFields

TYPENAME = "__typename"

# One field of a selection set: response name, its field details, and how to
# answer it: a Leaf, a Branch, TYPENAME, or None for graphql-core's usual way.
Step = tuple[str, FieldDetailsList, Leaf | Branch | str | None]


# An object field's subfields: their field set, the new deferred fragments
# there, and the plan of the field set (None where an object's fields are not
# executed straight from it: ``alike_subfields``, with no delivery groups).
Subfields = tuple[GroupedFieldSet, Sequence[Any], list[Step] | None]


DONE = frozenset({dict, list, str, int, float, bool, type(None)})
"""Classes of completed values that are never awaitable: no need to ask."""


class _Unusual:
    """The mark of a value the plain completion leaves to graphql-core's usual way."""


UNUSUAL = _Unusual()


class PlainExecutor(GraphQLExecutor[Any]):
    """An ``Executor`` answering the ``plain`` fields it is given inline (see the module)."""

    def __init__(self, *args: Any, plain: PlainFields, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Middleware wraps every resolver; with any, each field goes the usual way.
        self.plain = plain if self.middleware_manager is None else {}
        # Shared with sub-executors (shallow copies): (type, id of the field set) -> plan.
        self.plans: dict[tuple[str, int], tuple[GroupedFieldSet, list[Step]]] = {}
        # Shared likewise: (type, id of the field details) -> the details and their Subfields.
        self.subfields: dict[tuple[str, int], tuple[FieldDetailsList, Subfields]] = {}

    def release(self) -> None:
        """Break the executor's reference cycles once no work of its request is left.

        Work settled in the background (a failed field's siblings) may still
        build resolve infos from ``async_helpers``: the cycles go when it is done.
        """
        pending = self.background_futures | self.pending_incremental_futures
        if pending:
            gather(*pending, return_exceptions=True).add_done_callback(lambda _: self.release())
            return
        self.unlink()

    def unlink(self) -> None:
        """Drop what refers back to the executor (its helpers are its own bound methods)."""
        vars(self).pop("async_helpers", None)

    def plan(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> list[Step]:
        """How to answer each field of ``grouped_field_set`` on ``parent_type``."""
        key = (parent_type.name, id(grouped_field_set))
        found = self.plans.get(key)
        if found is not None:
            return found[1]
        inline = self.middleware_manager is None
        steps: list[Step] = []
        for response_name, field_details_list in grouped_field_set.items():
            field_name = field_details_list[0].node.name.value
            how: Leaf | Branch | str | None = None
            if field_name == TYPENAME:
                how = TYPENAME if inline else None
            else:
                how = self.plain.get((parent_type.name, field_name))
                if (
                    isinstance(how, Branch)
                    and how.item_type is not None
                    and _streamed(field_details_list)
                ):
                    how = None
            steps.append((response_name, field_details_list, how))
        # The field set is kept alive with its plan, so its id is not reused meanwhile.
        self.plans[key] = (grouped_field_set, steps)
        return steps

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        return self.answer_fields(
            parent_type,
            self.plan(parent_type, grouped_field_set),
            source_value,
            path,
            None,
            position_context,
        )

    def answer_fields(
        self,
        parent_type: GraphQLObjectType,
        steps: list[Step],
        source_value: Any,
        path: Path | None,
        index: int | None,
        position_context: Any,
    ) -> Any:
        """``execute_fields`` by a plan already made, for the object at ``path``.

        With an ``index``, the object is that item of the list at ``path``:
        its own path is made only when a field needs one, so a list item of
        plain leaves, read cleanly, costs no path.
        """
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list, how in steps:
                if how is TYPENAME:
                    results[response_name] = parent_type.name
                    continue
                if how.__class__ is Leaf:
                    # Read and coerced here, not in a call per leaf: leaves are most fields.
                    try:
                        value = getattr(source_value, how.attribute)
                        if value is None:
                            if not how.non_null:
                                results[response_name] = None
                                continue
                        elif value.__class__ is how.same:
                            results[response_name] = value
                            continue
                        else:
                            value = how.coerce(value)
                            if value is not None and value is not Undefined:
                                results[response_name] = value
                                continue
                    except Exception:  # the usual way below reports it
                        pass
                if index is not None:
                    path = Path(path, index, None)
                    index = None
                field_path = Path(path, response_name, parent_type.name)
                if how.__class__ is Branch:
                    result = self.execute_branch(
                        how,
                        parent_type,
                        source_value,
                        field_details_list,
                        field_path,
                        position_context,
                    )
                else:
                    result = self.execute_field(
                        parent_type, source_value, field_details_list, field_path, position_context
                    )
                if result is not Undefined:
                    results[response_name] = result
                    if result.__class__ not in DONE and is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                # Settle the awaitables of other fields, as they may also fail.
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return _filled(results, awaitable_fields)

    def execute_branch(
        self,
        branch: Branch,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        """``execute_field`` for a plain object or list field: read, then complete.

        A held field whose object does not hold its answer goes to its resolver.
        """
        try:
            value = getattr(source, branch.attribute)
        except Exception as raw_error:
            if branch.held and isinstance(raw_error, AttributeError):
                return self.execute_field(
                    parent_type, source, field_details_list, path, position_context
                )
            self.handle_field_error(raw_error, branch.field.type, field_details_list, path)
            return None
        return self.complete_branch(
            branch, parent_type, field_details_list, path, value, position_context
        )

    def complete_branch(
        self,
        branch: Branch,
        parent_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        path: Path,
        value: Any,
        position_context: Any,
    ) -> Any:
        """A plain object or list field's value completed, plainly or else the usual way."""
        return_type = branch.field.type
        try:
            completed = self.complete_plain(
                branch, parent_type, field_details_list, path, value, position_context
            )
            if completed is UNUSUAL:
                info = self.build_resolve_info(
                    branch.field, to_nodes(field_details_list), parent_type, path
                )
                if self.is_awaitable(value):
                    return self.complete_awaitable_value(
                        return_type, field_details_list, info, path, value, position_context
                    )
                completed = self.complete_value(
                    return_type, field_details_list, info, path, value, position_context
                )
            if completed.__class__ not in DONE and self.is_awaitable(completed):
                return self.settled(completed, return_type, field_details_list, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        return completed

    def complete_plain(
        self,
        branch: Branch,
        parent_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        path: Path,
        value: Any,
        position_context: Any,
    ) -> Any:
        """``value`` completed as ``branch``'s type, or ``UNUSUAL`` before any work is done."""
        if value is None or value is Undefined:
            return UNUSUAL if branch.non_null else None
        object_type = branch.object_type
        item_type = branch.item_type
        if item_type is not None:
            if type(value) is not list and type(value) is not tuple:  # an awaitable, say
                return UNUSUAL
            if object_type is None:
                return _leaves(branch, value)
        elif self.is_awaitable(value):
            return UNUSUAL
        assert object_type is not None
        info = None
        if branch.asks_info:  # Strawberry's own is_type_of is asked without one
            nodes = to_nodes(field_details_list)
            info = self.build_resolve_info(branch.field, nodes, parent_type, path)
        if not self.clean_items(object_type, info, value if item_type is not None else (value,)):
            return UNUSUAL
        if item_type is None:
            grouped_field_set, new_defer_usages, steps = self.subfields_of(
                object_type, field_details_list
            )
            if steps is not None and position_context is None:
                return self.answer_fields(object_type, steps, value, path, None, None)
            return self.execute_collected_subfields(
                object_type, value, path, grouped_field_set, new_defer_usages, position_context
            )
        return self.complete_items(
            object_type, item_type, field_details_list, path, value, position_context
        )

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Any,
        position_context: Any,
    ) -> Any:
        """A list of objects from any resolver (a loader's, say), completed as a plain one."""
        object_type = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if (
            isinstance(object_type, GraphQLObjectType)
            and (type(items) is list or type(items) is tuple)
            and not _streamed(field_details_list)
            and self.clean_items(object_type, info, items)
        ):
            return self.complete_items(
                object_type, item_type, field_details_list, path, items, position_context
            )
        return super().complete_iterable_value(
            item_type, field_details_list, info, path, items, position_context
        )

    def clean_items(
        self,
        object_type: GraphQLObjectType,
        info: GraphQLResolveInfo[Any] | None,
        items: tuple[Any, ...] | list[Any],
    ) -> bool:
        """Whether each item is there, not awaitable, and (if asked) of the object type.

        Anything else (``False``, an awaitable, an error from ``is_type_of``) is
        for the usual way to ask again and report.
        """
        is_awaitable = self.is_awaitable
        for item in items:
            if item is None or is_awaitable(item):
                return False
        is_type_of = object_type.is_type_of
        if is_type_of is None:
            return True
        asked = cast(GraphQLResolveInfo[Any], info)  # None only for Strawberry's, which ignores it
        try:
            return all(is_type_of(item, asked) is True for item in items)
        except Exception:
            return False

    def complete_items(
        self,
        object_type: GraphQLObjectType,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: Path,
        items: tuple[Any, ...] | list[Any],
        position_context: Any,
    ) -> Any:
        """A list of objects, each item completed as the list's item completion does.

        Where every item's fields are executed alike, an item's path is made
        only if it is needed.
        """
        if not items:
            return []
        grouped_field_set, new_defer_usages, steps = self.subfields_of(
            object_type, field_details_list
        )
        context = None
        if position_context is not None:
            alike = self.alike_subfields(grouped_field_set, new_defer_usages, position_context)
            steps, context = (
                (None, None) if alike is None else (self.plan(object_type, alike[0]), alike[1])
            )
        is_awaitable = self.is_awaitable
        completed_items: list[Any] = []
        awaitable_indices: list[int] = []
        try:
            for index, item in enumerate(items):
                try:
                    if steps is not None:
                        completed = self.answer_fields(
                            object_type, steps, item, path, index, context
                        )
                    else:
                        completed = self.execute_collected_subfields(
                            object_type,
                            item,
                            Path(path, index, None),
                            grouped_field_set,
                            new_defer_usages,
                            position_context,
                        )
                    if completed.__class__ is not dict and is_awaitable(completed):
                        completed = self.settled(
                            completed, item_type, field_details_list, Path(path, index, None)
                        )
                        awaitable_indices.append(index)
                except Exception as raw_error:
                    self.handle_field_error(
                        raw_error, item_type, field_details_list, Path(path, index, None)
                    )
                    completed = None
                completed_items.append(completed)
        except Exception:
            if awaitable_indices:
                self.settle_in_background([completed_items[i] for i in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed_items
        return _filled(completed_items, awaitable_indices)

    def subfields_of(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> Subfields:
        """``collect_and_execute_subfields``' collection, and its plan, kept per object field.

        One look-up per object or list, in place of graphql-core's look-up of
        the collection, the plan's, and the three calls they are made in.
        """
        key = (object_type.name, id(field_details_list))
        found = self.subfields.get(key)
        if found is not None:
            return found[1]
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(
            object_type, field_details_list
        )
        alike = self.alike_subfields(grouped_field_set, new_defer_usages, None)
        steps = None if alike is None else self.plan(object_type, alike[0])
        subfields = (grouped_field_set, new_defer_usages, steps)
        # The details are kept alive with their subfields, so their id is not reused meanwhile.
        self.subfields[key] = (field_details_list, subfields)
        return subfields

    def alike_subfields(
        self,
        grouped_field_set: GroupedFieldSet,
        new_defer_usages: Sequence[Any],
        position_context: Any,
    ) -> tuple[GroupedFieldSet, Any] | None:
        """The field set and context ``execute_collected_subfields`` would pass
        ``execute_fields`` for every item of a list alike, or ``None`` where it
        does more per item (a new deferred fragment is an item's own).

        graphql-core's plain executor passes them as they are. Its incremental
        one does too outside any deferred fragment; inside one, it gives each
        item a copy of the delivery group map (or the map itself,
        ``fastpath.shared_group_maps``), which, with no new fragment, is
        only read, and its memoized plan of the fields, which is the same.
        """
        own = type(self).execute_collected_subfields
        if own is GraphQLExecutor.execute_collected_subfields:
            return grouped_field_set, None
        if own is not IncrementalExecutor.execute_collected_subfields or new_defer_usages:
            return None
        if position_context is None:
            return grouped_field_set, None
        incremental = cast(IncrementalExecutor, self)
        planned, new_grouped_field_sets = incremental.build_sub_execution_plan(grouped_field_set)
        if new_grouped_field_sets:  # work deferred at each item's own path
            return None
        _, delivery_group_map = incremental.get_new_delivery_group_map((), position_context, None)
        return planned, delivery_group_map

    async def settled(
        self,
        completed: Awaitable[Any],
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: Path,
    ) -> Any:
        """A completion awaited, its error handled where it happened."""
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None


def _leaves(branch: Branch, values: tuple[Any, ...] | list[Any]) -> Any:
    """A list of leaves coerced, or ``UNUSUAL`` where an item must be reported."""
    coerce = branch.item_coerce
    assert coerce is not None
    coerced: list[Any] = []
    for value in values:
        if value is None:
            if branch.item_non_null:
                return UNUSUAL
            coerced.append(None)
            continue
        try:
            answer = coerce(value)
        except Exception:  # the usual way reports it
            return UNUSUAL
        if answer is None or answer is Undefined:
            return UNUSUAL
        coerced.append(answer)
    return coerced


def _streamed(field_details_list: FieldDetailsList) -> bool:
    return any(
        directive.name.value == "stream"
        for details in field_details_list
        for directive in details.node.directives or ()
    )


async def _filled(
    container: MutableMapping[Any, Any] | MutableSequence[Any], keys: list[Any]
) -> Any:
    """``container`` with the awaitables at ``keys`` awaited in place, side by side."""
    if len(keys) == 1:
        key = keys[0]
        container[key] = await container[key]
    else:
        awaited = await gather_with_cancel(*(container[key] for key in keys))
        for key, value in zip(keys, awaited, strict=True):
            container[key] = value
    return container
