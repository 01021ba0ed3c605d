"""GraphQL over HTTP: the specification's request, negotiation and status rules.

One module per step of a request: ``params`` reads it, ``media`` picks the
answer's media type, ``documents`` parses and validates (cached), ``execution``
coerces variables and runs one operation, ``responses`` encodes the answer,
and ``endpoint`` puts the steps in order. An answer in parts (``@defer``,
``@stream``) is translated into the format clients read by ``incremental``
and written by ``multipart``.
"""
