"""The only place that reaches into other libraries' private or undocumented parts.

Each module here does one such thing, for speed or for a guarantee the
library's public API cannot give, and says why. Each has a guard test in
``tests/fastpath/`` that fails loudly when the library changes under it, and
``pyproject.toml`` bounds each library to the versions the module was written
for. Nothing here imports ``gateway``, ``resolvers`` or ``upstreams``: all
three build on it.
"""
