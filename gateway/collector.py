"""The cyclic garbage collector, tuned for a serving process.

One GraphQL answer allocates a great many short-lived containers
(coroutines, futures, dicts of fields). With Python's default threshold the
young generation is collected every 700 allocations, and under the
benchmark's 32 clients the collections take a large share of the gateway's
CPU (bench/results.md). So the young generation is collected every
``young`` allocations and the older ones more rarely, and what startup built (modules, the schema,
the document cache's first entries) is frozen out of every later
collection: it lives as long as the process does.

A request's own objects are not left to the collector: its executor
(``fastpath.plain_executor``, released once the answer is done) and its
loaders (released with its context) are freed by reference counting, so a
small read leaves no garbage and under steady load young collections, each
a pause of some 10 to 20 ms inside whatever request is running, come rarely.
"""

from __future__ import annotations

import gc

OLDER = (50, 100)
"""Young collections per middle-generation one, middle per full one."""


def tune_collector(young: int) -> None:
    """Freeze what exists now and collect the young generation every ``young`` allocations."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(young, *OLDER)
